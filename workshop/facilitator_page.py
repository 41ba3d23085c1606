# ruff: noqa: N802  (Solara components are named like classes)
"""The facilitator's page (`/facilitator?token=...`), made to be read on a projector: make
a session, show its join code and QR code, watch who is connected and who has submitted,
open / lock / pause / run the rounds, end the session, and see every group's trajectory and
decisions side by side. Without the right token the page shows one refusal and nothing of
any session.
"""

from __future__ import annotations

import os
import sqlite3

import solara

from workshop import export, rounds, runs, sessions, views
from workshop.cli import URL_ENV
from workshop.debrief_page import DebriefScreen
from workshop.event_panels import InjectEvent
from workshop.knobs_page import DecisionTable, Standings
from workshop.rules import MAX_GROUPS, MAX_ROUNDS, ROUND_YEARS, VISIBILITY, RefusedError
from workshop.texts import t
from workshop.widgets import (
    MUTED,
    Heading,
    LanguageSwitch,
    Message,
    QrCode,
    Trajectories,
    attempt,
    query,
    remaining_text,
    use_poll,
    use_store,
    years_text,
)

POLL_SECONDS = 2.0


@solara.component
def FacilitatorPage() -> None:
    router = solara.use_router()
    asked = query(router.search)
    token = asked.get("token", "")
    lang = solara.use_reactive(asked.get("lang", "nl"))
    store = use_store()
    base = f"/facilitator?token={token}&lang={lang.value}"
    try:
        listed = views.sessions_list(store, token)
        problem = None
    except RefusedError as exc:
        listed, problem = (), exc.message(lang.value)
    with solara.Column(style="padding: 12px 20px;", classes=["zs-facilitator"]):
        with solara.Row(style="justify-content: space-between; align-items: center;"):
            solara.Text(t("facilitator.title", lang.value),
                        style="font-size: 1.5rem; font-weight: 600;")
            with solara.Row(style="align-items: center;"):
                if asked.get("session") and problem is None:
                    # up here, away from where the list's links were: a click on a session
                    # must not land on this button as the page changes under the pointer
                    solara.Button(t("facilitator.all_sessions", lang.value), text=True,
                                  on_click=lambda: router.push(base),
                                  classes=["zs-all-sessions"])
                LanguageSwitch(lang)
        if problem is not None:
            Message(problem, "error", classes=["zs-no-access"])
            return
        if asked.get("session") and asked.get("view") == "debrief":
            DebriefScreen(token, asked["session"], lang.value, lambda: router.push(
                f"{base}&session={asked['session']}"))
            return
        if asked.get("session"):
            SessionScreen(store, token, asked["session"], lang.value)
            return
        SessionList(listed, lang.value, lambda sid: router.push(f"{base}&session={sid}"))
        NewSession(store, token, lang.value, lambda sid: router.push(f"{base}&session={sid}"))


@solara.component
def SessionList(listed: tuple[views.SessionInfo, ...], lang: str, on_open) -> None:
    Heading(t('facilitator.sessions', lang))
    if not listed:
        solara.Text(t("facilitator.no_sessions", lang), style=MUTED)
    for info in listed:
        label = f"{info.code} · {info.title} · {t('status.' + info.status, lang)}"
        solara.Button(label, text=True, on_click=lambda sid=info.id: on_open(sid),
                      classes=["zs-session-link", f"zs-session-{info.code}"])


@solara.component
def NewSession(store, token: str, lang: str, on_created) -> None:
    shipped = list(sessions.shipped_scenarios())
    scenario = solara.use_reactive("baseline_2015" if "baseline_2015" in shipped
                                   else shipped[0])
    uploaded = solara.use_reactive(None)  # (name, scenario dict)
    title = solara.use_reactive("")
    groups = solara.use_reactive(3)
    rounds_count = solara.use_reactive(3)
    years = solara.use_reactive(t("round.year", lang))
    visibility = solara.use_reactive(t("visibility.everything", lang))
    shown = solara.use_reactive(None)
    year_names = [t("round.year", lang), t("round.term", lang)]
    seen = [t(f"visibility.{v}", lang) for v in VISIBILITY]

    def on_file(file) -> None:
        found = attempt(lambda: sessions.scenario_from_upload(file["name"], file["data"]),
                        lang, shown, ok=t("new.uploaded", lang).format(name=file["name"]))
        if found:
            uploaded.set((file["name"], found))

    def create() -> None:
        def make():
            chosen = uploaded.value[1] if uploaded.value and scenario.value == UPLOAD \
                else sessions.scenario_from_shipped(scenario.value)
            return sessions.create_session(
                store, token, chosen, title.value or chosen["name"], groups.value,
                rounds_count.value, ROUND_YEARS[year_names.index(years.value)],
                VISIBILITY[seen.index(visibility.value)])

        made = attempt(make, lang, shown)
        if made:
            on_created(made[0])

    Heading(t('new.title', lang))
    options = shipped + ([UPLOAD] if uploaded.value else [])
    solara.Select(t("new.scenario", lang), value=scenario, values=options,
                  classes=["zs-new-scenario"])
    solara.FileDrop(label=t("new.upload", lang), on_file=on_file, lazy=False)
    if uploaded.value and scenario.value != UPLOAD:
        solara.Text(t("new.pick_upload", lang), style=MUTED)
    solara.InputText(t("new.session_title", lang), value=title, classes=["zs-new-title"])
    with solara.Div(classes=["zs-new-groups"], style="padding-top: 22px;"):
        solara.SliderInt(t("new.groups", lang), value=groups, min=1, max=MAX_GROUPS,
                         thumb_label="always")
    with solara.Div(classes=["zs-new-rounds"], style="padding-top: 22px;"):
        solara.SliderInt(t("new.rounds", lang), value=rounds_count, min=1, max=MAX_ROUNDS,
                         thumb_label="always")
    solara.ToggleButtonsSingle(value=years, values=year_names, classes=["zs-new-years"])
    solara.Select(t("new.visibility", lang), value=visibility, values=seen,
                  classes=["zs-new-visibility"])
    solara.Button(t("new.create", lang), on_click=create, color="primary",
                  classes=["zs-create"])
    if shown.value:
        Message(shown.value[1], shown.value[0])


UPLOAD = "(upload)"


@solara.component
def SessionScreen(store, token: str, session_id: str, lang: str) -> None:
    use_poll(POLL_SECONDS)
    shown = solara.use_reactive(None)
    seat_link = solara.use_reactive(None)  # (participant name, link)
    try:
        view = views.facilitator_view(store, token, session_id)
    except RefusedError as exc:
        Message(exc.message(lang), "error", classes=["zs-no-access"])
        return
    except sqlite3.OperationalError:  # the database busy for longer than its timeout
        Message(t("busy", lang), "info", classes=["zs-busy"])
        return  # the next poll reads it again
    info = view.session
    address = os.environ.get(URL_ENV, "/")
    with solara.Row(style="gap: 32px; align-items: flex-start; flex-wrap: wrap;"):
        with solara.Column(style="gap: 4px;"):
            solara.Text(info.title, style="font-size: 1.3rem; font-weight: 500;")
            solara.Text(t("facilitator.join_at", lang).format(address=address),
                        style="font-size: 1.2rem;")
            solara.Text(info.code, classes=["zs-join-code-shown"],
                        style="font-size: 3.5rem; font-weight: 700; letter-spacing: 0.2em;")
            solara.Text(t("facilitator.scenario", lang).format(
                scenario=info.scenario_name, years=info.years_per_round), style=MUTED)
        if info.status != "ended":
            QrCode(f"{address}?code={info.code}")
    Controls(store, token, view, lang, shown)
    router = solara.use_router()
    solara.Button(t("debrief.open", lang), outlined=True, classes=["zs-debrief-open"],
                  on_click=lambda: router.push(f"/facilitator?token={token}&lang={lang}"
                                               f"&session={info.id}&view=debrief"),
                  style="max-width: 220px;")
    if shown.value:
        Message(shown.value[1], shown.value[0], classes=["zs-action-message"])
    Monitor(store, token, view, lang, shown, seat_link)
    if seat_link.value:
        name, link = seat_link.value
        Message(t("facilitator.new_link", lang).format(name=name, link=link), "ok",
                classes=["zs-new-seat-link"])
        QrCode(link, size=180)
    InjectEvent(store, token, view, lang)
    Heading(t('facilitator.trajectories', lang))
    Trajectories(view.results, lang)
    Heading(t('facilitator.decisions', lang))
    DecisionTable(view.decisions, lang)
    Standings(view.standings, lang)
    Events(view, lang)


@solara.component
def Controls(store, token: str, view: views.FacilitatorView, lang: str, shown) -> None:
    """The round's buttons; each is refused in words when it does not apply."""
    timer = solara.use_reactive("")
    info, current = view.session, view.current
    sid = info.id
    if current is None:
        Message(t("facilitator.all_played", lang), "ok", classes=["zs-round-banner"])
    else:
        years = years_text(current, info.years_per_round, lang)
        text = t(f"facilitator.round.{current.status}", lang).format(
            round=current.number, rounds=info.rounds, years=years)
        if current.status == "open":
            text += " " + remaining_text(current.deadline, lang)
        if current.error:
            text += " " + t("facilitator.run_error", lang).format(error=current.error)
        Message(text, "info", classes=["zs-round-banner", f"zs-round-{current.status}"])
    if info.status == "ended":
        Message(t("facilitator.ended", lang), "info", classes=["zs-ended"])
    number = current.number if current else info.rounds

    def minutes() -> int | None:
        text = timer.value.strip().replace(",", ".")
        if not text:
            return None
        try:
            return max(1, round(float(text) * 60))
        except ValueError:
            raise RefusedError("timer_minutes", got=text[:20]) from None

    def act(action, ok_key: str) -> None:
        attempt(action, lang, shown, ok=t(ok_key, lang).format(round=number))

    with solara.Row(style="flex-wrap: wrap; align-items: center; gap: 8px;"):
        solara.InputText(t("facilitator.timer", lang), value=timer,
                         classes=["zs-timer"], style="max-width: 200px;")
        solara.Button(t("action.open", lang), classes=["zs-open"], color="primary",
                      on_click=lambda: act(lambda: rounds.open_round(
                          store, token, sid, number, minutes()), "done.open"))
        solara.Button(t("action.lock", lang), classes=["zs-lock"],
                      on_click=lambda: act(lambda: rounds.lock_round(store, token, sid, number),
                                           "done.lock"))
        if current is not None and current.status == "paused":
            solara.Button(t("action.resume", lang), classes=["zs-resume"],
                          on_click=lambda: act(lambda: rounds.resume_round(
                              store, token, sid, number), "done.resume"))
        else:
            solara.Button(t("action.pause", lang), classes=["zs-pause"],
                          on_click=lambda: act(lambda: rounds.pause_round(
                              store, token, sid, number), "done.pause"))
        solara.Button(t("action.run", lang), classes=["zs-run"], color="primary",
                      on_click=lambda: act(lambda: runs.run_round(store, token, sid, number),
                                           "done.run"))
        solara.Button(t("action.end", lang), classes=["zs-end"], color="error", outlined=True,
                      on_click=lambda: act(lambda: rounds.end_session(store, token, sid),
                                           "done.end"))
        with solara.Div(classes=["zs-export"]):
            solara.FileDownload(lambda: export.session_zip(store, token, sid),
                                filename=f"workshop-{info.code}.zip",
                                label=t("action.export", lang))
    seen = [t(f"visibility.{v}", lang) for v in VISIBILITY]

    def set_seen(label: str) -> None:
        attempt(lambda: sessions.set_visibility(store, token, sid,
                                                VISIBILITY[seen.index(label)]), lang, shown,
                ok=t("done.visibility", lang))

    solara.Select(t("new.visibility", lang), value=t(f"visibility.{info.visibility}", lang),
                  values=seen, on_value=set_seen, classes=["zs-visibility"])
    with solara.Div(classes=["zs-scoring"]):
        solara.Checkbox(label=t("facilitator.scoring", lang), value=info.scoring,
                        on_value=lambda on: attempt(lambda: sessions.set_scoring(
                            store, token, sid, on), lang, shown, ok=t("done.visibility", lang)))


@solara.component
def Monitor(store, token: str, view: views.FacilitatorView, lang: str, shown,
            seat_link) -> None:
    """Who is connected and who has submitted, per group."""
    address = os.environ.get(URL_ENV, "/")
    Heading(t('facilitator.monitor', lang))
    with solara.Row(style="flex-wrap: wrap; gap: 12px;", classes=["zs-monitor"]):
        for group in view.groups:
            with solara.Column(classes=["zs-group", f"zs-group-{group.number}"],
                               style="border: 1px solid #ccc; border-radius: 8px; "
                                     "padding: 8px 12px; min-width: 200px; gap: 2px;"):
                solara.Text(t("group_n", lang).format(n=group.number),
                            style="font-weight: 600; font-size: 1.1rem;")
                state = "submitted" if group.submitted else "waiting"
                solara.Text(t(f"monitor.{state}", lang),
                            classes=[f"zs-group-{state}"],
                            style="color: #2e7d32;" if group.submitted else MUTED)
                for member in group.members:
                    dot = "●" if member.connected else "○"

                    def new_link(member=member) -> None:
                        seat = attempt(lambda: sessions.new_seat_link(store, token,
                                                                      view.session.id,
                                                                      member.id), lang, shown)
                        if seat:
                            seat_link.set((member.name, f"{address}?seat={seat}"))

                    with solara.Row(style="align-items: center; gap: 4px;"):
                        solara.Text(f"{dot} {member.name}",
                                    classes=["zs-member",
                                             "zs-connected" if member.connected else
                                             "zs-away"])
                        solara.Button(t("monitor.new_link", lang), text=True, small=True,
                                      on_click=new_link, classes=["zs-new-link"])
    current = view.current
    if current is not None and current.status in ("open", "paused", "locked"):
        missing = [g.number for g in view.groups if not g.submitted]
        if missing:
            solara.Text(t("monitor.previous_stand", lang).format(
                groups=", ".join(map(str, missing))), classes=["zs-previous-stand"],
                style=MUTED)


@solara.component
def Events(view: views.FacilitatorView, lang: str) -> None:
    from datetime import datetime

    Heading(t('facilitator.events', lang))
    lines = [f"{datetime.fromtimestamp(e['at']).strftime('%H:%M:%S')} · {e['kind']}"
             + (f" · {t('round', lang)} {e['round_number']}" if e["round_number"] else "")
             for e in view.events[:12]]
    solara.Text(" / ".join(lines) or "-", style=MUTED)
