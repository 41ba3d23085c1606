# ruff: noqa: N802  (Solara components are named like classes)
"""The events on the pages: the facilitator's *Gebeurtenis* panel (choose a kind from the
library, its size within its range, the headline, the groups and the round it hits; the
events injected so far, per round, each withdrawable until its round is run) and the
group's news (its own events of rounds opened so far: the headline and what it means).
What a group is shown comes from `views.participant_view`, which holds its own events
only."""

from __future__ import annotations

import solara

from workshop import events, views
from workshop.texts import t
from workshop.widgets import MUTED, Heading, Message, attempt


def _size_text(kind: str, size: float | None, lang: str) -> str:
    if size is None:
        return ""
    value = f"{size:+.2f}" if kind == "extra_cut" else f"{size:.2f}"
    return value.replace(".", ",") if lang == "nl" else value


@solara.component
def InjectEvent(store, token: str, view: views.FacilitatorView, lang: str) -> None:
    """Inject an event from the library into all or some groups, for a round to come."""
    info = view.session
    kind = solara.use_reactive(events.KINDS[0])
    size = solara.use_reactive(events.LIBRARY[events.KINDS[0]].default)
    text = solara.use_reactive(events.headline(kind.value, size.value, lang))
    everyone = solara.use_reactive(True)
    chosen = solara.use_reactive(())
    aimed = solara.use_reactive(None)  # a round number; None: the next to be played
    shown = solara.use_reactive(None)
    played = {r.number for r in view.rounds if r.status in events.PLAYED}
    to_come = [r.number for r in view.rounds if r.number not in played]
    titles = [t(f"event.{k}.title", lang) for k in events.KINDS]

    def set_kind(title: str) -> None:
        new = events.KINDS[titles.index(title)]
        kind.set(new)
        size.set(events.LIBRARY[new].default)
        text.set(events.headline(new, events.LIBRARY[new].default, lang))

    def set_size(value: float) -> None:
        if text.value == events.headline(kind.value, size.value, lang):  # not edited
            text.set(events.headline(kind.value, value, lang))
        size.set(value)

    def toggle(number: int, on: bool) -> None:
        rest = tuple(n for n in chosen.value if n != number)
        chosen.set(tuple(sorted(rest + (number,))) if on else rest)

    target = aimed.value if aimed.value in to_come else (to_come[0] if to_come else None)

    def inject() -> None:
        groups = events.ALL if everyone.value else list(chosen.value)
        attempt(lambda: events.inject(store, token, info.id, kind.value, size.value,
                                      text.value, groups, target), lang, shown,
                ok=t("events.injected", lang).format(round=target))

    Heading(t("events.panel", lang))
    spec = events.LIBRARY[kind.value]
    with solara.Column(classes=["zs-inject"], style="gap: 4px; max-width: 900px;"):
        solara.Select(t("events.kind", lang), value=titles[events.KINDS.index(kind.value)],
                      values=titles, on_value=set_kind, classes=["zs-event-kind"])
        if spec.effect is not None:
            with solara.Div(classes=["zs-event-size"], style="padding-top: 22px;"):
                solara.SliderFloat(t(f"events.size.{spec.name}", lang), value=size.value,
                                   on_value=set_size, min=spec.least, max=spec.most,
                                   step=spec.step, thumb_label="always")
            solara.Text(t("events.default", lang).format(
                value=_size_text(spec.name, spec.default, lang)), style=MUTED)
        solara.InputText(t("events.text", lang), value=text, continuous_update=True,
                         classes=["zs-event-text"])
        with solara.Row(style="flex-wrap: wrap; align-items: center; gap: 8px;"):
            with solara.Div(classes=["zs-event-all"]):
                solara.Checkbox(label=t("events.all_groups", lang), value=everyone)
            if not everyone.value:
                for group in view.groups:
                    with solara.Div(classes=[f"zs-event-group-{group.number}"]):
                        solara.Checkbox(label=t("group_n", lang).format(n=group.number),
                                        value=group.number in chosen.value,
                                        on_value=lambda on, n=group.number: toggle(n, on))
        if to_come:
            solara.Select(t("events.round", lang), value=str(target),
                          values=[str(n) for n in to_come],
                          on_value=lambda v: aimed.set(int(v)), classes=["zs-event-round"])
        solara.Text(t("events.seen_when_open", lang), style=MUTED)
        solara.Button(t("events.inject", lang), on_click=inject, color="primary",
                      classes=["zs-inject-button"])
        if shown.value:
            Message(shown.value[1], shown.value[0], classes=["zs-inject-message"])
    InjectedList(store, token, view, lang, shown, played)


@solara.component
def InjectedList(store, token: str, view: views.FacilitatorView, lang: str, shown,
                 played: set[int]) -> None:
    """The events injected so far, per round."""
    Heading(t("events.list", lang), size="1.1rem")
    if not view.injected:
        solara.Text(t("events.none", lang), style=MUTED)
        return
    for event in view.injected:
        groups = (t("events.all_groups", lang) if event.groups is None else
                  t("group_n", lang).format(n=", ".join(map(str, event.groups))))
        size = _size_text(event.kind, event.size, lang)
        line = " · ".join(part for part in (
            t("events.round_n", lang).format(round=event.round),
            t(f"event.{event.kind}.title", lang), size, groups,
            events.shown_text(event, lang)) if part)
        with solara.Row(style="align-items: center; gap: 6px;",
                        classes=["zs-injected", f"zs-injected-{event.round}"]):
            solara.Text(line)
            if event.round not in played and view.session.status != "ended":
                solara.Button(t("events.withdraw", lang), text=True, small=True,
                              classes=["zs-withdraw"],
                              on_click=lambda e=event: attempt(
                                  lambda: events.withdraw(store, token, view.session.id,
                                                          e.id), lang, shown,
                                  ok=t("events.withdrawn", lang)))


@solara.component
def News(view: views.ParticipantView, lang: str) -> None:
    """The group's own events, the latest round first: the headline and what it means."""
    if not view.events:
        return
    Heading(t("seat.news", lang))
    years = view.session.years_per_round
    for event in sorted(view.events, key=lambda e: (-e.round, e.id)):
        with solara.Column(classes=["zs-news", f"zs-news-{event.kind}"],
                           style="border-left: 4px solid #b5472d; padding: 4px 12px; "
                                 "margin: 4px 0; gap: 2px;"):
            solara.Text(t("events.round_n", lang).format(round=event.round), style=MUTED)
            solara.Text(events.shown_text(event, lang), classes=["zs-news-headline"],
                        style="font-weight: 600; font-size: 1.1rem; display: block;")
            solara.Text(events.meaning(event, years, lang), classes=["zs-news-meaning"],
                        style="display: block;")
