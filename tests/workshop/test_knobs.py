"""The five knobs without a browser: their mapping onto schedule entries, the budget
against the model's own staffing in a real run, the balancing rule's refusal, old
lever-only decisions, the consequence preview, and the scores and election rule."""

from __future__ import annotations

import copy
import json
import threading

import pytest

from model import LEVERS, ParticipationModel, load_scenario, with_residents
from model.budget import scheduled_change
from tests.conftest import SMALL
from tests.workshop.conftest import T0, Room, levers
from tests.workshop.test_rounds import play
from tests.workshop.test_rules import refused
from workshop import knobs, preview, rounds, runs, sessions, views

DOMAINS = {"care": {"scale": "local"}, "youth_family": {"scale": "regional"},
           "work_income": {"scale": "intermunicipal"}}


def small(**changes) -> object:
    data = copy.deepcopy(SMALL)
    data.update({"horizon_years": 6, **changes})
    return load_scenario(data)


def test_a_decision_becomes_one_entry_with_what_changed():
    scenario = small()
    before = knobs.start(scenario)
    assert before["top_up"] == 0.0 and before["network_work_share"] == 0.15
    decision = {**before, "connect": 0.8, "network_work_share": 0.3, "top_up": 0.05,
                "adaptive_learning": True}
    (entry,) = knobs.schedule_entries(decision, 2, before)
    assert entry == {"year": 2, "levers": {n: decision[n] for n in LEVERS},
                     "policy": {"network_work_share": 0.3, "adaptive_learning": True},
                     "budget_change": 0.05}
    # a top-up is the share in force: from 0.05 to 0.1 is a change of 0.1/1.05... of the budget
    later = {**decision, "top_up": 0.1}
    (entry,) = knobs.schedule_entries(later, 3, decision)
    assert entry["budget_change"] == pytest.approx(1.1 / 1.05 - 1)
    assert "policy" not in entry
    played = knobs.with_decisions(scenario, [(2, decision), (3, later), (4, {**later,
                                                                            "top_up": 0.0})])
    assert scheduled_change(played, 3) == pytest.approx(1.1)
    assert scheduled_change(played, 4) == pytest.approx(1.0)


def test_an_old_lever_only_decision_keeps_the_other_knobs():
    scenario = small(policy={"network_work_share": 0.4})
    before = knobs.start(scenario)
    old = levers(connect=0.9)  # what decisions.levers held before the knobs
    (entry,) = knobs.schedule_entries(old, 0, before)
    assert entry == {"year": 0, "levers": old}  # exactly what with_lever_change made
    full = knobs.fill(old, before)
    assert full["network_work_share"] == 0.4 and full["top_up"] == 0.0
    assert knobs.validate({"connect": 0.2}, full)["room_to_act"] == full["room_to_act"]


def test_churn_is_the_mean_change_of_the_six_levers():
    before = knobs.start(small())
    assert knobs.churn(before, before) == 0.0
    assert knobs.churn({**before, "connect": 1.0, "trust": 0.2}, before) == pytest.approx(
        (0.5 + 0.3) / 6)


@pytest.mark.parametrize("domains", [None, DOMAINS], ids=["one team", "per domain"])
def test_the_budget_staffs_as_the_model_does(domains):
    """The FTE the budget table promises is the FTE the model staffs in that year."""
    scenario = small(**({"domains": domains} if domains else {}),
                     budget={"per_inhabitant": 528, "shrinkage": 0.03})
    before = knobs.start(scenario)
    decision = {**before, "connect": 1.0, "belonging": 0.9, "top_up": 0.04}
    played = knobs.with_decisions(scenario, [(1, decision)])
    model = ParticipationModel(played)
    model.run(52)  # into year 1: its plan is made at the turn of the year
    model.step()
    alive = float(model.initiatives.alive_per_neighbourhood(model.n_neighbourhoods).sum())
    money = knobs.budget(scenario, decision, 1, before, initiatives=alive)
    assert money.fte == pytest.approx(float(model.teams.fte.sum()), rel=1e-9)
    assert money.available * money.inhabitants == pytest.approx(
        float(model.budget_state.municipal_budget.sum()), rel=1e-9)
    inhabitants = money.inhabitants
    shrunk = 528 * scenario.budget.factor(1)  # the model's shrinkage up to year 1
    assert shrunk < 528
    assert money.available == pytest.approx(shrunk * 1.04)
    assert money.top_up == pytest.approx(shrunk * 0.04)
    assert money.levers == pytest.approx(4 * 0.5 + 12 * 1.0 + 8 * 0.9 + 6 * 0.5 + 3 * 0.5)
    assert money.subsidies * inhabitants == pytest.approx(alive * 5000)
    assert money.crisis_reserve == pytest.approx(0.05 * money.available)


def test_a_decision_that_does_not_balance_is_refused_with_the_shortfall(room: Room):
    rounds.open_round(room.store, room.token, room.session, 1, now=T0)
    everything = {name: 1.0 for name in LEVERS}
    with room.store.read() as conn:
        session = conn.execute("SELECT * FROM sessions").fetchone()
        plan = preview.group_plan(conn, session, 1, 1)
    money = plan.budget(knobs.validate(everything, plan.previous))
    if money.shortfall == 0:  # the floor must bind for every lever at full strength
        pytest.fail(f"expected a shortfall, got room {money.room}")
    error = refused("budget_short", lambda: sessions.submit(
        room.store, room.seats[0], everything, now=T0 + 1))
    assert knobs.euro(money.shortfall) in error.message("en")
    assert "does not balance" in error.message("en")
    assert "sluit niet" in error.message("nl")
    # a top-up from the general means makes the same levers balance
    sessions.submit(room.store, room.seats[0], {**everything, "top_up": 0.05}, now=T0 + 2)
    # and submitting what stands (nothing touched) always works
    sessions.submit(room.store, room.seats[1], plan.previous, now=T0 + 3)
    view = views.participant_view(room.store, room.seats[0], now=T0 + 4)
    assert view.decisions[0].levers["top_up"] == 0.05


def test_one_team_across_domains_is_refused_with_teams_per_domain():
    scenario = small(domains=DOMAINS)
    assert not knobs.integrated_allowed(scenario)
    before = knobs.start(scenario)
    error = refused("integrated_domains", lambda: knobs.validate(
        {**before, "integrated_teams": True}, before, knobs.integrated_allowed(scenario)))
    assert "per domain" in error.message("en")
    assert knobs.validate(before, before, False) == before


def test_runs_replay_old_and_new_decisions(room: Room):
    """An old-style decision row and a knobs decision give the plan's entries."""
    play(room, 1, {0: levers(connect=0.9)}, T0)
    with room.store.write() as conn:  # a decision stored before the knobs: levers only
        assert json.loads(conn.execute("SELECT levers FROM decisions").fetchone()[0])[
            "top_up"] == 0.0
        conn.execute("UPDATE decisions SET levers = ?", (json.dumps(levers(connect=0.9)),))
    play(room, 2, {0: {"adaptive_learning": True, "top_up": 0.02}}, T0 + 100)
    with room.store.read() as conn:
        session = conn.execute("SELECT * FROM sessions").fetchone()
        schedule = dict(runs.plan(conn, session, 2))[1].scenario["schedule"]
    assert [(e["year"], e["levers"]["connect"], e["budget_change"]) for e in schedule] == [
        (0, 0.9, None), (1, 0.9, 0.02)]
    assert schedule[1]["policy"]["adaptive_learning"] is True
    with room.store.read() as conn:
        budgets = [r[0] for r in conn.execute(
            "SELECT budget FROM results WHERE group_id = 1 ORDER BY year")]
    assert budgets[1] == pytest.approx(budgets[0] * 1.02)


def test_the_preview_estimates_the_round_off_the_page(room: Room):
    rounds.open_round(room.store, room.token, room.session, 1, now=T0)
    plan = views.decision_plan(room.store, room.seats[0])
    found = preview.estimate(plan, {**plan.previous, "connect": 0.9}, 3, processes=False)
    assert found.seeds == preview.SEEDS and found.year == 0
    for name in preview.OUTCOMES:
        assert found.low[name] <= found.mean[name] <= found.high[name]
    assert 0 < found.mean["participation"] < 1 and 0 <= found.mean["unmet_share"] < 1
    # a second preview for the same seat waits its turn, politely
    gate = threading.Event()
    previews = preview.Previews()
    first = previews.start("seat", gate.wait)
    with pytest.raises(preview.BusyError) as caught:
        previews.start("seat", lambda: None)
    assert caught.value.key == "preview.busy_seat"
    gate.set()
    first.result(timeout=5)


def test_the_preview_at_reduced_size_is_the_group_municipality_smaller():
    big = load_scenario("scenarios/baseline_2015.yaml")
    reduced = preview.reduced(big)
    assert sum(nb.residents for m in reduced.region.municipalities
               for nb in m.neighbourhoods) == preview.RESIDENTS
    assert reduced.seed == big.seed
    assert with_residents(big, preview.RESIDENTS) == reduced


def test_scores_follow_their_documented_formulas():
    row = {"year": 3, "budget": 1_000_000.0, "budget_balance": -20_000.0,
           "unmet_share": 0.3, "unmet_spread": 0.1, "mean_trust": 0.55}
    score = knobs.score(row, top_up=0.04, number=4)
    assert score.finance == pytest.approx(100 * (1 - 5 * 0.02 - 2.5 * 0.04))
    assert score.social == pytest.approx(100 * (1 - 0.3 - 0.1))
    assert score.trust == pytest.approx(55)
    assert knobs.score({**row, "budget_balance": 5.0}, 0.0, 4).finance == 100


def test_an_election_after_every_council_term():
    def year(y, trust, unmet):
        return {"year": y, "round": y + 1, "mean_trust": trust, "unmet_share": unmet}
    start = knobs.satisfaction(0.5, 0.3)  # 0.6
    results = [year(0, 0.5, 0.3), year(1, 0.5, 0.3), year(2, 0.5, 0.3), year(3, 0.52, 0.3),
               year(4, 0.5, 0.3), year(5, 0.5, 0.3), year(6, 0.5, 0.3), year(7, 0.45, 0.32)]
    first, second = knobs.elections(results, start)
    assert (first.term, first.year, first.reelected) == (1, 3, True)
    assert first.after == pytest.approx(0.61) and first.before == pytest.approx(0.6)
    assert (second.year, second.reelected) == (7, False)
    assert second.before == pytest.approx(0.61)
    assert knobs.elections(results[:3], start) == []  # no term has ended yet
    assert knobs.next_election(0) == 3 and knobs.next_election(4) == 7


def test_scores_and_elections_reach_both_pages(room: Room):
    # a session of four 1-year rounds: one council term
    sid, code = sessions.create_session(room.store, room.token,
                                        json.loads(json.dumps(room_scenario(room))),
                                        "Termijn", 1, 4, 1, "nothing", now=T0)
    seat = sessions.join(room.store, code, "Ada", now=T0)
    for number in range(1, 5):
        rounds.open_round(room.store, room.token, sid, number, now=T0 + number * 100)
        rounds.lock_round(room.store, room.token, sid, number, now=T0 + number * 100 + 1)
        runs.run_round(room.store, room.token, sid, number, processes=False, background=False)
    view = views.participant_view(room.store, seat, now=T0 + 1000)
    assert [s.round for s in view.standing.scores] == [1, 2, 3, 4]
    assert all(0 <= s.trust <= 100 for s in view.standing.scores)
    (vote,) = view.standing.elections
    assert vote.year == 3 and vote.reelected == (vote.after >= vote.before)
    facilitator = views.facilitator_view(room.store, room.token, sid, now=T0 + 1000)
    assert facilitator.standings[0].elections == view.standing.elections
    sessions.set_scoring(room.store, room.token, sid, False)
    assert views.participant_view(room.store, seat, now=T0 + 1001).standing is None
    assert views.facilitator_view(room.store, room.token, sid).standings == ()


def room_scenario(room: Room) -> dict:
    with room.store.read() as conn:
        return json.loads(conn.execute("SELECT scenario_json FROM sessions WHERE id = ?",
                                       (room.session,)).fetchone()[0])


def test_every_text_of_the_knobs_exists_in_both_languages():
    import re
    from pathlib import Path

    from workshop.texts import TEXTS
    used = set(re.findall(r'\bt\("([a-z_.]+)"', Path("workshop/knobs_page.py").read_text()))
    used |= {f"knob.{k}" for k in knobs.KNOBS} | {f"knob.{k}.help" for k in knobs.KNOBS}
    used |= {f"field.{n}" for n in knobs.FIELDS if n not in LEVERS}
    used |= {"refused.budget_short", "refused.knob_range", "refused.knob_flag",
             "refused.integrated_domains", "preview.busy_seat", "preview.busy_server"}
    assert len(used) > 40
    for key in used:
        assert set(TEXTS[key]) == {"nl", "en"} and all(TEXTS[key].values()), key
