# ruff: noqa: N802  (Solara components are named like classes)
"""The facilitator's debrief view (`/facilitator?token=...&session=N&view=debrief`): pick a
group (or all), step through the rounds (the charts show the years up to that round, against
the no-change baseline's mean and band), read each round's decision, reasoning, events and
key figures; run a what-if fork of a group from a round, and download the debrief pages.

The baseline is started when the view opens (once per session: it is stored) and computed
in worker processes; forks too. The view polls the database, so the page never waits for a
run.
"""

from __future__ import annotations

import contextlib

import solara

from model import LEVER_SPECS
from workshop import debrief, debrief_report, fork
from workshop.debrief import DebriefView
from workshop.events import meaning, shown_text
from workshop.rules import RefusedError
from workshop.texts import KEY_FIGURES, t
from workshop.widgets import (
    MUTED,
    Heading,
    Message,
    Table,
    attempt,
    figure_value,
    shown_year,
    use_poll,
    use_store,
)

POLL_SECONDS = 3.0
LEVER_STEP = 0.05


@solara.component
def DebriefScreen(token: str, session_id: str, lang: str, on_back) -> None:
    store = use_store()
    use_poll(POLL_SECONDS)
    shown = solara.use_reactive(None)
    chosen = solara.use_reactive(1)  # a group's number; 0: all groups
    step = solara.use_reactive(0)  # the round shown (0: the last played)

    def begin() -> None:
        with contextlib.suppress(RefusedError):  # the view below says why
            debrief.start_baseline(store, token, session_id)

    solara.use_effect(begin, [session_id])
    try:
        view = debrief.debrief_view(store, token, session_id)
    except RefusedError as exc:
        Message(exc.message(lang), "error", classes=["zs-no-access"])
        return
    with solara.Row(style="justify-content: space-between; align-items: center;"):
        solara.Text(f"{t('debrief.title', lang)} · {view.session.title} ({view.session.code})",
                    style="font-size: 1.3rem; font-weight: 500;", classes=["zs-debrief-title"])
        solara.Button(t("debrief.back", lang), text=True, on_click=on_back,
                      classes=["zs-debrief-back"])
    if view.played == 0:
        Message(t("debrief.nothing", lang), "info", classes=["zs-debrief-nothing"])
        return
    if view.baseline.status in ("none", "running"):
        Message(t("debrief.baseline_running", lang), "info", classes=["zs-baseline-running"])
    elif view.baseline.status == "failed":
        Message(t("debrief.baseline_failed", lang).format(error=view.baseline.error), "error")
        solara.Button(t("debrief.baseline_again", lang), on_click=lambda: attempt(
            lambda: debrief.start_baseline(store, token, session_id, again=True), lang, shown))
    names = [t("debrief.all_groups", lang)] + [t("group_n", lang).format(n=g.number)
                                               for g in view.groups]
    group = chosen.value if 0 <= chosen.value <= len(view.groups) else 1
    solara.ToggleButtonsSingle(value=names[group], values=names,
                               on_value=lambda name: chosen.set(names.index(name)),
                               classes=["zs-debrief-groups"])
    k = step.value if 1 <= step.value <= view.played else view.played
    years = view.session.years_per_round
    first, last = shown_year((k - 1) * years), shown_year(k * years - 1)
    span = str(first) if first == last else f"{first}-{last}"
    with solara.Row(style="align-items: center; gap: 12px; flex-wrap: wrap;"):
        solara.Button(t("debrief.previous", lang), disabled=k <= 1,
                      on_click=lambda: step.set(k - 1), classes=["zs-debrief-previous"])
        solara.Text(t("debrief.round_of", lang).format(
            round=k, played=view.played, years=f"{t('year', lang).lower()} {span}"),
            classes=["zs-debrief-round"], style="font-size: 1.15rem; font-weight: 500;")
        solara.Button(t("debrief.next", lang), disabled=k >= view.played,
                      on_click=lambda: step.set(k + 1), classes=["zs-debrief-next"])
        if view.played > 1:
            with solara.Div(style="min-width: 240px; padding-top: 18px;"):
                solara.SliderInt("", value=k, min=1, max=view.played, on_value=step.set,
                                 thumb_label="always")
    numbers = [g.number for g in view.groups] if group == 0 else [group]
    forks = view.forks if group == 0 else view.forks_of(group)
    DebriefChart(view, numbers, k, lang, forks)
    solara.Text(t("debrief.one_seed", lang).format(
        seed=view.seed, seeds=", ".join(map(str, view.baseline.seeds))), style=MUTED)
    if group:
        RoundStep(view, group, k, lang)
        ForkForm(store, token, view, group, lang, shown)
    if shown.value:
        Message(shown.value[1], shown.value[0], classes=["zs-debrief-message"])
    Forks(forks, lang)
    with solara.Div(classes=["zs-debrief-pages"], style="margin-top: 12px;"):
        solara.FileDownload(lambda: debrief_report.pages_zip(store, token, view.session.id,
                                                             lang),
                            filename=f"debrief-{view.session.code}.zip",
                            label=t("debrief.pages", lang))


@solara.component
def DebriefChart(view: DebriefView, groups: list[int], through: int, lang: str,
                 forks: tuple) -> None:
    key = [view.session.id, tuple(groups), through, lang, view.played, view.baseline.status,
           len(view.baseline.rows), tuple((f.id, f.status) for f in forks),
           sum(len(g.results) for g in view.groups)]
    figure = solara.use_memo(lambda: debrief_report.chart(view, groups, through, lang, forks),
                             key)
    with solara.Div(classes=["zs-chart", "zs-debrief-chart"]):
        solara.FigureMatplotlib(figure, dependencies=key, format="png")


@solara.component
def RoundStep(view: DebriefView, group: int, k: int, lang: str) -> None:
    """Round k of a group: the levers in force, the reasoning, the events, the figures."""
    step = view.group(group).steps[k - 1]
    with solara.Column(classes=["zs-debrief-step"], style="gap: 4px;"):
        Heading(f"{t('group_n', lang).format(n=group)} · {t('round', lang)} {k}", "1.15rem")
        Table([t(f"lever.{s.name}", lang) for s in LEVER_SPECS],
              [[f"{step.levers[s.name]:.2f}" for s in LEVER_SPECS]],
              classes=["zs-debrief-levers"])
        if step.submitted:
            by = t("debrief.by", lang).format(name=step.by) if step.by else ""
            solara.Text(f"{t('reasoning', lang)} ({by}): "
                        f"{step.reasoning or t('debrief.no_reasoning', lang)}",
                        classes=["zs-debrief-reasoning"], style="white-space: pre-wrap;")
        else:
            solara.Text(t("debrief.kept" if k > 1 else "debrief.start_levers", lang),
                        classes=["zs-debrief-kept"], style=MUTED)
        for event in step.injected:
            solara.Text(f"{t('debrief.injected', lang)}: {shown_text(event, lang)} "
                        f"({meaning(event, view.session.years_per_round, lang)})",
                        classes=["zs-debrief-injected"], style="font-weight: 500;")
        events = " / ".join(debrief_report.event_text(e, lang) for e in step.events)
        solara.Text(f"{t('debrief.events', lang)}: {events or '-'}", style=MUTED,
                    classes=["zs-debrief-events"])
        if step.figures:
            band = view.baseline.band()
            rows = [[t(name, lang), figure_value(name, step.figures[name], lang),
                     figure_value(name, debrief_report.mean_at(band, name, step.last_year)
                                  if band else None, lang)] for name in KEY_FIGURES]
            solara.Text(t("debrief.figures", lang).format(
                round=k, year=shown_year(step.last_year)), style="font-weight: 500;")
            Table([t("figure", lang), t("group_n", lang).format(n=group),
                   t("debrief.baseline", lang).format(n=len(view.baseline.seeds))], rows,
                  classes=["zs-debrief-figures"])


@solara.component
def ForkForm(store, token: str, view: DebriefView, group: int, lang: str, shown) -> None:
    """What if: the group's levers of a round, to change; later rounds kept or cleared."""
    from_round = solara.use_reactive(view.played)
    k = from_round.value if 1 <= from_round.value <= view.played else view.played
    start = view.group(group).steps[k - 1].levers
    values = solara.use_reactive(dict(start))
    solara.use_effect(lambda: values.set(dict(start)), [group, k])
    later_names = [t(f"debrief.later.{v}", lang) for v in fork.LATER]
    later = solara.use_reactive(later_names[0])
    note = solara.use_reactive("")

    def run() -> None:
        index = later_names.index(later.value) if later.value in later_names else 0
        made = attempt(lambda: fork.start_fork(store, token, view.session.id, group, k,
                                               values.value, fork.LATER[index], note.value),
                       lang, shown)
        if made:
            shown.set(("ok", t("debrief.fork_started", lang).format(fork=made)))

    Heading(t("debrief.fork", lang), "1.15rem")
    solara.Text(t("debrief.fork_intro", lang).format(group=group), style=MUTED)
    with solara.Column(classes=["zs-fork"], style="gap: 0;"):
        rounds_shown = [str(n) for n in range(1, view.played + 1)]
        solara.Select(t("debrief.fork_round", lang), value=str(k), values=rounds_shown,
                      on_value=lambda v: from_round.set(int(v)), classes=["zs-fork-round"])
        for spec in LEVER_SPECS:
            with solara.Div(classes=[f"zs-fork-lever-{spec.name}"], style="padding-top: 16px;"):
                solara.SliderFloat(t(f"lever.{spec.name}", lang),
                                   value=values.value.get(spec.name, spec.default),
                                   on_value=lambda v, name=spec.name: values.set(
                                       {**values.value, name: v}),
                                   min=0.0, max=1.0, step=LEVER_STEP, thumb_label="always")
        solara.ToggleButtonsSingle(value=later, values=later_names, classes=["zs-fork-later"])
        solara.InputText(t("debrief.note", lang), value=note, classes=["zs-fork-note"])
        solara.Button(t("debrief.fork_run", lang), on_click=run, color="primary",
                      classes=["zs-fork-run"], style="max-width: 260px;")


@solara.component
def Forks(forks: tuple, lang: str) -> None:
    Heading(t("debrief.forks", lang), "1.15rem")
    if not forks:
        solara.Text(t("debrief.no_forks", lang), style=MUTED)
        return
    rows = []
    for f in forks:
        status = t(f"debrief.fork.{f.status}", lang).format(error=f.error or "")
        rows.append([str(f.id), t("group_n", lang).format(n=f.group), str(f.from_round),
                     t(f"debrief.later.{f.later}", lang), f.note, status])
    Table(["#", t("group", lang), t("debrief.fork_round", lang), "", t("debrief.note", lang),
           ""], rows, classes=["zs-forks"])
