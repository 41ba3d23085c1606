# ruff: noqa: N802  (Solara components are named like classes)
"""The participant's page: join with the code, then the seat: the group's municipality, its
figures and trajectory, the five knobs with their budget and preview (workshop/knobs_page.py),
the scores and elections, the reasoning, submit before the lock, and the
group's own history. What it shows of other groups comes from `views.participant_view`,
which leaves out what the session's visibility hides.

The seat token sits in the page's address (`/?seat=...`): a reload or a reconnect from the
same address puts the participant back in their seat.
"""

from __future__ import annotations

import sqlite3

import solara

from workshop import sessions, views
from workshop.event_panels import News
from workshop.knobs_page import DecisionForm, DecisionTable, StandingPanel
from workshop.rules import RefusedError
from workshop.texts import KEY_FIGURES, t
from workshop.widgets import (
    MUTED,
    Heading,
    LanguageSwitch,
    Message,
    Table,
    Trajectories,
    attempt,
    figure_value,
    query,
    remaining_text,
    shown_year,
    use_poll,
    use_store,
    years_text,
)

POLL_SECONDS = 3.0


@solara.component
def ParticipantPage() -> None:
    router = solara.use_router()
    asked = query(router.search)
    lang = solara.use_reactive(asked.get("lang", "nl"))
    # The seat taken on this page, kept here as well as in the address: on a loaded server
    # the browser's first report of its address can arrive after the join and set the
    # address back to the join form's; the page then puts the seat back in it.
    joined = solara.use_reactive(None)
    seat = asked.get("seat") or joined.value

    def seat_in_address() -> None:
        if joined.value and not asked.get("seat"):
            router.push(f"/?seat={joined.value}&lang={lang.value}")

    solara.use_effect(seat_in_address, [joined.value, router.search])

    def on_joined(token: str) -> None:
        joined.set(token)
        router.push(f"/?seat={token}&lang={lang.value}")

    with solara.Column(style="max-width: 900px; margin: 0 auto; padding: 12px;",
                       classes=["zs-participant"]):
        with solara.Row(style="justify-content: space-between; align-items: center;"):
            solara.Text(t("app_title", lang.value), style="font-size: 1.4rem; font-weight: 600;")
            LanguageSwitch(lang)
        if seat:
            Seat(seat, lang.value)
        else:
            JoinForm(asked.get("code", ""), lang.value, on_joined)


@solara.component
def JoinForm(code: str, lang: str, on_joined) -> None:
    store = use_store()
    code_text = solara.use_reactive(code)
    name = solara.use_reactive("")
    group = solara.use_reactive(t("join.any_group", lang))
    shown = solara.use_reactive(None)
    groups = 0
    try:
        groups = sessions.group_count(store, code_text.value) if code_text.value else 0
    except RefusedError:
        groups = 0
    choices = [t("join.any_group", lang)] + [t("group_n", lang).format(n=n)
                                             for n in range(1, groups + 1)]

    def join() -> None:
        number = choices.index(group.value) if group.value in choices else 0
        seat = attempt(lambda: sessions.join(store, code_text.value, name.value,
                                             number or None), lang, shown)
        if seat:
            on_joined(seat)

    solara.Text(t("join.intro", lang))
    solara.InputText(t("join.code", lang), value=code_text, continuous_update=True,
                     classes=["zs-join-code"])
    solara.InputText(t("join.name", lang), value=name, continuous_update=True,
                     classes=["zs-join-name"])
    if groups:
        solara.Select(t("join.group", lang), value=group, values=choices,
                      classes=["zs-join-group"])
    solara.Button(t("join.button", lang), on_click=join, color="primary",
                  classes=["zs-join-button"])
    if shown.value:
        Message(shown.value[1], shown.value[0])


@solara.component
def Seat(seat: str, lang: str) -> None:
    store = use_store()
    tick = use_poll(POLL_SECONDS)
    try:
        sessions.heartbeat(store, seat)
        view = views.participant_view(store, seat)
    except RefusedError as exc:
        Message(exc.message(lang), "error", classes=["zs-seat-refused"])
        solara.Button(t("join.again", lang), href="/", classes=["zs-join-again"])
        return
    except sqlite3.OperationalError:  # the database busy for longer than its timeout
        Message(t("busy", lang), "info", classes=["zs-busy"])
        return  # the next poll reads it again
    del tick
    solara.Text(f"{view.session.title} · {t('group_n', lang).format(n=view.group)} · "
                f"{view.name}", classes=["zs-seat-title"],
                style="font-size: 1.15rem; font-weight: 500;")
    RoundBanner(view, lang)
    News(view, lang)
    if view.session.status != "ended":
        key = (view.current.number if view.current else 0,
               next((d.submitted_at for d in view.decisions
                     if view.current and d.round == view.current.number), 0))
        DecisionForm(store, seat, view, lang).key(f"decision-{key}")
    KeyFigures(view, lang)
    if view.standing is not None:
        StandingPanel(view.standing, lang, view.results[-1]["year"] if view.results else None)
    Trajectories(view.results, lang, highlight=view.group)
    Others(view, lang)
    History(view, lang)


@solara.component
def RoundBanner(view: views.ParticipantView, lang: str) -> None:
    current, session = view.current, view.session
    if session.status == "ended":
        text = t("seat.ended", lang)
    elif current is None:
        text = t("seat.all_done", lang)
    else:
        years = years_text(current, session.years_per_round, lang)
        text = t(f"seat.round.{current.status}", lang).format(
            round=current.number, rounds=session.rounds, years=years)
        if current.status == "open" and current.deadline is not None:
            text += " " + remaining_text(current.deadline, lang)
        if current.status == "open":
            text += " " + t("seat.submitted" if view.submitted else "seat.not_submitted", lang)
    Message(text, "info", classes=["zs-round-banner", f"zs-round-{current.status}"
                                   if current else "zs-round-none"])


@solara.component
def KeyFigures(view: views.ParticipantView, lang: str) -> None:
    if not view.results:
        solara.Text(t("no_results", lang), style=MUTED)
        return
    latest = view.results[-1]
    Heading(t('seat.figures', lang).format(year=shown_year(latest['year'])))
    with solara.Row(style="flex-wrap: wrap; gap: 8px;", classes=["zs-figures"]):
        for name in KEY_FIGURES:
            with solara.Div(classes=["zs-card", f"zs-card-{name}"],
                            style="border: 1px solid #ddd; border-radius: 8px; "
                                  "padding: 8px 12px; min-width: 150px;"):
                solara.Text(t(name, lang), style=MUTED)
                solara.Text(figure_value(name, latest[name], lang),
                            style="font-size: 1.3rem; font-weight: 600; display: block;")


@solara.component
def Others(view: views.ParticipantView, lang: str) -> None:
    """The other groups, as far as the facilitator shows them."""
    if view.ranks:
        Heading(t('seat.ranks', lang))
        Table([t("figure", lang), t("rank", lang)],
              [[t(name, lang), f"{rank} / {of}"] for name, (rank, of) in view.ranks.items()],
              classes=["zs-ranks"])
    elif view.others:
        Heading(t('seat.all_groups', lang))
        Trajectories(view.others, lang, highlight=view.group)
        if view.others_decisions:
            DecisionTable(view.others_decisions, lang)


@solara.component
def History(view: views.ParticipantView, lang: str) -> None:
    Heading(t('seat.history', lang))
    if not view.decisions:
        solara.Text(t("seat.no_decisions", lang), style=MUTED)
        return
    DecisionTable(view.decisions, lang)
