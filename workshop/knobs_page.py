# ruff: noqa: N802  (Solara components are named like classes)
"""The group's decision on the participant's page: the five knobs with their explanations,
the budget that must balance (it follows the knobs as they move), the consequence preview,
the reasoning and submit; and the group's scores and elections. The facilitator's page
shows the same decision table and scores.
"""

from __future__ import annotations

import solara

from model import LEVER_SPECS, LEVERS
from workshop import knobs, preview, sessions, views
from workshop.codes import seat_hash
from workshop.rules import RefusedError
from workshop.texts import t
from workshop.widgets import MUTED, Heading, Message, Table, attempt, shown_year

SPECS = {spec.name: spec for spec in LEVER_SPECS}


def _money(amount: float) -> str:
    return f"{amount:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")


@solara.component
def DecisionForm(store, seat: str, view: views.ParticipantView, lang: str) -> None:
    """The five knobs and the reasoning; submitting is refused unless the round is open and
    the budget balances. What the group does not touch keeps its value."""
    current = next((d for d in view.decisions if view.current
                    and d.round == view.current.number), None)
    start = dict(current.levers if current else view.levers)
    values = solara.use_reactive(start)
    reasoning = solara.use_reactive(current.reasoning if current else "")
    shown = solara.use_reactive(None)
    is_open = view.current is not None and view.current.status == "open"
    plan = solara.use_memo(lambda: _plan(store, seat),
                           dependencies=[view.current.number if view.current else 0,
                                         view.last_round])

    def submit() -> None:
        attempt(lambda: sessions.submit(store, seat, values.value, reasoning.value), lang,
                shown, ok=t("seat.thanks", lang))

    def set_field(name: str, value) -> None:
        values.set({**values.value, name: value})

    Heading(t('seat.levers', lang))
    if current:
        solara.Text(t("seat.current_by", lang).format(name=current.by), style=MUTED)
    solara.Text(t("knobs.untouched", lang), style=MUTED)
    for knob in knobs.KNOBS:
        with solara.Column(classes=["zs-knob", f"zs-knob-{knob}"],
                           style="border-left: 3px solid #90caf9; padding: 4px 0 4px 12px; "
                                 "margin: 10px 0; gap: 0;"):
            solara.Text(t(f"knob.{knob}", lang), style="font-size: 1.15rem; font-weight: 600;")
            solara.Text(t(f"knob.{knob}.help", lang), style=MUTED)
            for name in knobs.KNOB_FIELDS[knob]:
                Field(name, values.value[name], lambda v, name=name: set_field(name, v),
                      lang, is_open, plan is None or plan.integrated_ok)
            if knob == "vision" and plan is not None:
                solara.Text(t("knobs.churn", lang).format(
                    churn=knobs.churn(values.value, plan.previous)),
                    classes=["zs-churn"], style="padding-top: 6px;")
    if plan is not None:
        BudgetTable(plan, values.value, lang)
        PreviewPanel(plan, seat, values.value, lang, is_open)
    with solara.Div(classes=["zs-reasoning"]):
        solara.InputTextArea(t("seat.reasoning", lang), value=reasoning,
                             continuous_update=True, disabled=not is_open)
    solara.Button(t("seat.submit", lang), on_click=submit, color="primary",
                  classes=["zs-submit"])
    if shown.value:
        Message(shown.value[1], shown.value[0], classes=["zs-submit-message"])


def _plan(store, seat: str) -> preview.GroupPlan | None:
    try:
        return views.decision_plan(store, seat)
    except RefusedError:
        return None


@solara.component
def Field(name: str, value, on_value, lang: str, is_open: bool, integrated_ok: bool) -> None:
    """One knob field: a lever's or a policy's slider, or a switch."""
    if name in knobs.FLAGS:
        allowed = name != "integrated_teams" or integrated_ok
        with solara.Div(classes=["zs-switch", f"zs-field-{name}"]):
            solara.Checkbox(label=t(f"field.{name}", lang), value=bool(value),
                            on_value=on_value, disabled=not is_open or not allowed)
            if not allowed:
                solara.Text(t("field.integrated_disabled", lang), style=MUTED)
        return
    least, most = knobs.RANGES[name]
    lever = name in LEVERS
    label = t(f"lever.{name}", lang) if lever else t(f"field.{name}", lang)
    with solara.Column(classes=["zs-lever" if lever else "zs-policy", f"zs-lever-{name}"
                                if lever else f"zs-field-{name}"],
                       style="padding-top: 18px; gap: 0;"):
        solara.SliderFloat(label, value=float(value), on_value=on_value, min=least, max=most,
                           step=knobs.STEPS[name], thumb_label="always", disabled=not is_open)
        if lever:
            solara.Text(t(f"lever.{name}.help", lang), style=MUTED)


@solara.component
def BudgetTable(plan: preview.GroupPlan, values: dict, lang: str) -> None:
    """The year's money under the knobs as they stand now, and whether it balances."""
    key = tuple(sorted(values.items()))
    money = solara.use_memo(lambda: _budget(plan, values), dependencies=[key, plan])
    if isinstance(money, RefusedError):
        Message(money.message(lang), "error", classes=["zs-budget-error"])
        return
    Heading(t("budget.title", lang).format(year=shown_year(plan.year)), size="1.15rem")
    rows = [("budget.available", money.available, {}),
            ("budget.top_up", money.top_up, {}),
            ("budget.levers", -money.levers, {}),
            ("budget.subsidies", -money.subsidies, {"n": money.initiatives}),
            ("budget.crisis", -money.crisis_reserve, {})]
    if money.reorganisation:
        rows.append(("budget.reorganisation", -money.reorganisation, {}))
    rows += [("budget.professionals", money.professionals, {"fte": money.fte}),
             ("budget.floor", money.floor_professionals, {"fte": money.floor_fte})]
    Table([t("budget.item", lang), t("budget.per_inhabitant", lang), t("budget.total", lang)],
          [[t(k, lang).format(**extra), _money(v), knobs.euro(v * money.inhabitants)]
           for k, v, extra in rows], classes=["zs-budget"])
    if money.shortfall > 0.5:
        Message(t("budget.short", lang).format(euro=knobs.euro(money.shortfall)), "error",
                classes=["zs-budget-short"])
    else:
        Message(t("budget.ok", lang).format(euro=knobs.euro(money.room * money.inhabitants)),
                "ok", classes=["zs-budget-ok"])
    if values.get("adaptive_learning"):
        solara.Text(t("budget.learning", lang), style=MUTED)


def _budget(plan: preview.GroupPlan, values: dict):
    try:
        return plan.budget(knobs.validate(values, plan.previous, plan.integrated_ok))
    except RefusedError as exc:
        return exc


@solara.component
def PreviewPanel(plan: preview.GroupPlan, seat: str, values: dict, lang: str,
                 is_open: bool) -> None:
    """'Estimate the consequences': a small run in a worker process, waited for in a
    thread of this page (`solara.use_thread`), so the page's event loop never waits."""
    asked = solara.use_reactive((0, None))  # (how many asked, the values estimated)

    def work():
        number, draft = asked.value
        if draft is None:
            return None
        future = preview.PREVIEWS.start(seat_hash(seat), lambda: preview.estimate(
            plan, draft, int(plan.scenario.seed or 0)))
        return draft, future.result()

    result = solara.use_thread(work, dependencies=[asked.value[0]], intrusive_cancel=False)
    running = result.state in (solara.ResultState.STARTING, solara.ResultState.WAITING,
                               solara.ResultState.RUNNING) and asked.value[1] is not None
    solara.Button(t("preview.running" if running else "preview.button", lang),
                  on_click=lambda: asked.set((asked.value[0] + 1, dict(values))),
                  disabled=running, outlined=True, classes=["zs-preview-button"])
    if running or asked.value[1] is None:
        return
    if result.state == solara.ResultState.ERROR:
        error = result.error
        if isinstance(error, preview.BusyError):
            Message(t(error.key, lang), "info", classes=["zs-preview-busy"])
        else:
            Message(t("preview.failed", lang).format(error=str(error)[:200]), "error",
                    classes=["zs-preview-error"])
        return
    if result.state != solara.ResultState.FINISHED or result.value is None:
        return
    draft, found = result.value
    with solara.Div(classes=["zs-preview"]):
        Heading(t("preview.title", lang).format(year=shown_year(found.year)), size="1.1rem")
        rows = []
        for name in preview.OUTCOMES:
            label = t("preview.waiting_list", lang) if name == "waiting_list" else t(name, lang)
            share = name != "waiting_list"
            show = (lambda v: f"{100 * v:.0f}%") if share else (lambda v: f"{v:.1f}")
            rows.append([label, f"{show(found.mean[name])} ({show(found.low[name])} - "
                                f"{show(found.high[name])})"])
        Table([t("figure", lang), ""], rows, classes=["zs-preview-table"])
        solara.Text(t("preview.caveat", lang).format(residents=f"{found.residents:,}"
                                                      .replace(",", "."), seeds=found.seeds),
                    style=MUTED)
        if draft != values:
            solara.Text(t("preview.stale", lang), style=MUTED, classes=["zs-preview-stale"])


@solara.component
def StandingPanel(standing: views.Standing | None, lang: str, last_year: int | None) -> None:
    """A group's scores per round and its elections (game rules)."""
    if standing is None:
        return
    with solara.Div(classes=["zs-scores"]):
        Heading(t("scores.title", lang))
        if standing.scores:
            Table([t("round", lang), t("scores.finance", lang), t("scores.social", lang),
                   t("scores.trust", lang), t("scores.top_up", lang)],
                  [[str(s.round), f"{s.finance:.0f}", f"{s.social:.0f}", f"{s.trust:.0f}",
                    f"{100 * s.top_up:.0f}%"] for s in standing.scores])
        solara.Text(t("scores.help", lang), style=MUTED)
    with solara.Div(classes=["zs-election"]):
        Heading(t("election.title", lang), size="1.15rem")
        for vote in standing.elections:
            key = "election.result.yes" if vote.reelected else "election.result.no"
            Message(t(key, lang).format(year=shown_year(vote.year), before=vote.before,
                                        after=vote.after),
                    "ok" if vote.reelected else "error",
                    classes=["zs-reelected" if vote.reelected else "zs-not-reelected"])
        upcoming = knobs.next_election(0 if last_year is None else last_year + 1)
        solara.Text(t("election.next", lang).format(year=shown_year(upcoming)), style=MUTED)
        solara.Text(t("election.help", lang), style=MUTED)


def decision_header(lang: str) -> list[str]:
    return [t("round", lang), t("group", lang), *(t(f"lever.{n}", lang) for n in LEVERS),
            t("field.network_work_share", lang), t("field.top_up", lang),
            t("field.integrated_teams", lang), t("field.adaptive_learning", lang),
            t("reasoning", lang)]


def decision_row(d: views.Decision) -> list[str]:
    v = d.levers
    return [str(d.round), str(d.group), *(f"{float(v.get(n, 0)):.2f}" for n in LEVERS),
            f"{float(v.get('network_work_share', 0)):.2f}", f"{float(v.get('top_up', 0)):.2f}",
            "x" if v.get("integrated_teams") else "-", "x" if v.get("adaptive_learning")
            else "-", d.reasoning]


@solara.component
def DecisionTable(decisions: tuple[views.Decision, ...], lang: str) -> None:
    """Decisions per round and group: every knob's value and the reasoning."""
    Table(decision_header(lang), [decision_row(d) for d in decisions],
          classes=["zs-decisions"])


@solara.component
def Standings(standings: tuple[views.Standing, ...], lang: str) -> None:
    """Every group's latest scores and its elections, for the facilitator."""
    if not standings:
        return
    Heading(t("scores.title", lang))
    rows = []
    for standing in standings:
        latest = standing.scores[-1] if standing.scores else None
        votes = "; ".join(t("election.after_year", lang).format(
            year=shown_year(v.year), result=t("election.yes" if v.reelected else "election.no",
                                               lang)) for v in standing.elections)
        rows.append([str(standing.group), *(f"{getattr(latest, k):.0f}" if latest else "-"
                                            for k in knobs.SCORED_ASPECTS),
                     votes or "-"])
    Table([t("group", lang), t("scores.finance", lang), t("scores.social", lang),
           t("scores.trust", lang), t("election.title", lang)], rows,
          classes=["zs-standings"])
    solara.Text(t("election.help", lang), style=MUTED)
