"""The stylized facts of docs/model.md#targets on the full ParticipationModel.

Each slow test runs one experiment of `validation/stylized_facts.py` with its default seeds
(the same call `python -m validation.make_validation` makes for the figures) and asserts
every comparison of the claim: a paired mean difference on the claimed side of zero by more
than `MARGIN_SE` standard errors, and by a minimum effect where the claim says "clearly".
The fast tests check the machinery those verdicts rest on.

Each experiment runs in two processes (STYLIZED_FACTS_WORKERS, default 2); results are the
same with any number.
"""

from __future__ import annotations

import os

import numpy as np
import pandas as pd
import pytest

from model import (
    BOUNDARIES,
    ROOM_TO_ACT,
    STEERING_PRESSURE,
    WEEKS_PER_YEAR,
    ParticipationModel,
    load_scenario,
    simulate,
)
from validation import budget_facts, cascade, facts, lever_facts

WORKERS = int(os.environ.get("STYLIZED_FACTS_WORKERS", "2"))


def assert_holds(verdict: facts.Verdict) -> None:
    """Every comparison of the fact holds; the message gives all measured numbers."""
    failing = [item.label for item in (*verdict.comparisons, *verdict.checks)
               if not item.holds]
    if failing:
        pytest.fail(f"{'; '.join(failing)}: does not hold.\n{verdict.describe()}",
                    pytrace=False)


def one_per_seed_and_setting(frame: pd.DataFrame, seeds: tuple[int, ...],
                             settings: int) -> None:
    assert len(frame) == len(seeds) * settings
    assert frame.groupby("seed").size().eq(settings).all()


# --------------------------------------------------------------------------------------------
# The facts


@pytest.mark.slow
def test_crowding_out_with_little_room_to_act() -> None:
    frame = lever_facts.crowding_out(workers=WORKERS)
    one_per_seed_and_setting(frame, lever_facts.CROWDING_OUT_SEEDS,
                             len(lever_facts.PRESSURES) * len(lever_facts.ROOMS))
    assert_holds(lever_facts.check_crowding_out(frame))


@pytest.mark.slow
def test_hysteresis_motivation_stays_low_a_year_after_pressure() -> None:
    frame = lever_facts.hysteresis(workers=WORKERS)
    one_per_seed_and_setting(frame, lever_facts.HYSTERESIS_SEEDS, 2)
    # Control and treated runs share their history until the pressure starts.
    control = frame[frame[STEERING_PRESSURE] == 0].set_index("seed")
    treated = frame[frame[STEERING_PRESSURE] > 0].set_index("seed")
    assert np.allclose(control["motivation_before"], treated["motivation_before"])
    assert_holds(lever_facts.check_hysteresis(frame))


@pytest.mark.slow
def test_cuts_shift_burden_and_save_less_than_the_cut() -> None:
    frame = budget_facts.cuts(workers=WORKERS)
    one_per_seed_and_setting(frame, budget_facts.CUTS_SEEDS, len(budget_facts.CUTS))
    # The cut in money is exactly the cut in the budget.
    budget = frame.groupby("cut")["budget"].first()
    for cut in budget_facts.CUTS:
        assert budget[cut] == pytest.approx((1 - cut) * budget[0.0])
    assert_holds(budget_facts.check_cuts(frame))


@pytest.mark.slow
def test_boundaries_protect_helpers_and_cost_professional_time() -> None:
    frame = lever_facts.boundaries(workers=WORKERS)
    one_per_seed_and_setting(frame, lever_facts.BOUNDARIES_SEEDS, len(lever_facts.BOUNDARY_LEVELS))
    assert_holds(lever_facts.check_boundaries(frame))


@pytest.mark.slow
def test_inequality_widens_under_cuts_unless_policy_aims_at_weak_neighbourhoods() -> None:
    frame = budget_facts.inequality(workers=WORKERS)
    one_per_seed_and_setting(frame, budget_facts.INEQUALITY_SEEDS,
                             len(budget_facts.INEQUALITY_SETTINGS))
    # The bottom and top third of the town's six neighbourhoods by SES.
    assert set(frame["low_ses_neighbourhoods"]) == {
        "Validatiedorp/Kanaalbuurt, Validatiedorp/Spoorzijde"}
    assert set(frame["high_ses_neighbourhoods"]) == {
        "Validatiedorp/Parkzicht, Validatiedorp/Villawijk"}
    assert_holds(budget_facts.check_inequality(frame))


@pytest.mark.slow
def test_regional_scale_lowers_overhead_and_referrals() -> None:
    frame = budget_facts.scale(workers=WORKERS)
    one_per_seed_and_setting(frame, budget_facts.SCALE_SEEDS, len(budget_facts.SCALES))
    assert_holds(budget_facts.check_scale(frame))


@pytest.mark.slow
def test_normal_thresholds_flip_from_a_handful_to_nearly_everyone() -> None:
    frame = cascade.threshold_cascade_sweep()
    assert len(frame) == len(cascade.SPREADS) * cascade.CASCADE_DRAWS
    assert frame["participants"].between(0, 100).all()
    assert_holds(cascade.check_threshold_cascade(frame))


# --------------------------------------------------------------------------------------------
# The machinery


@pytest.mark.parametrize("path", [facts.TOWN, facts.REGION], ids=lambda p: p.stem)
def test_validation_scenarios_are_valid_small_and_described(path) -> None:
    scenario = load_scenario(path)
    assert scenario.name == path.stem
    assert len(scenario.description.nl) > 40 and len(scenario.description.en) > 40
    assert 3000 <= scenario.inhabitants <= 10_000
    assert scenario.horizon_years == facts.YEARS
    assert scenario.levers.steering_pressure == 0.0
    assert scenario.budget.shrinkage == 0.0


def test_town_ranges_from_weak_to_strong_neighbourhoods() -> None:
    neighbourhoods = load_scenario(facts.TOWN).region.municipalities[0].neighbourhoods
    assert 4 <= len(neighbourhoods) <= 6
    ses = [n.ses for n in neighbourhoods]
    assert max(ses) - min(ses) >= 0.5
    weakest, strongest = min(neighbourhoods, key=lambda n: n.ses), \
        max(neighbourhoods, key=lambda n: n.ses)
    assert weakest.mean_ties < strongest.mean_ties


def test_region_has_several_municipalities_in_cooperations() -> None:
    municipalities = load_scenario(facts.REGION).region.municipalities
    assert 3 <= len(municipalities) <= 4
    assert len({m.cooperation for m in municipalities}) == 2


def test_a_seed_draws_the_same_start_in_every_setting() -> None:
    """Common random numbers: levers, cuts, aims and scales do not change the population,
    network or starting needs a seed draws, so settings are compared pairwise."""
    settings = [
        (facts.scenario_data(facts.TOWN), {}),
        (facts.scenario_data(facts.TOWN), {STEERING_PRESSURE: 1.0, ROOM_TO_ACT: 0.2}),
        (facts.scenario_data(facts.TOWN, budget={"shrinkage": [0.25]},
                          policy={"aim": "weak_neighbourhoods"}), {BOUNDARIES: 1.0}),
    ]
    models = [ParticipationModel(data, rng=7, **levers) for data, levers in settings]
    first = models[0]
    for other in models[1:]:
        for column in ("ses", "threshold", "motivation_baseline", "hours_available",
                       "self_reliance"):
            assert np.array_equal(getattr(first.residents, column),
                                  getattr(other.residents, column)), column
        assert np.array_equal(first.network.degree, other.network.degree)
    # Levers given as keywords are changes at week 0: the spin-up, and so the needs at
    # week 0, are the same; an aim or a scale shapes the spin-up itself.
    assert np.array_equal(first.residents.need, models[1].residents.need)
    local, regional = (ParticipationModel(facts.scenario_data(facts.REGION, scale=s), rng=7)
                       for s in ("local", "regional"))
    assert np.array_equal(local.residents.threshold, regional.residents.threshold)


def test_scenario_data_updates_sections_and_replaces_values() -> None:
    data = facts.scenario_data(facts.TOWN, budget={"shrinkage": [0.1]}, scale="regional")
    assert data["budget"] == {"per_inhabitant": 528.0, "shrinkage": [0.1]}
    assert data["scale"] == "regional"
    assert load_scenario(data).budget.factor(3) == pytest.approx(0.9)


def test_a_run_lasts_the_years_asked_for() -> None:
    """The model stops at the scenario's horizon, so a run sets the horizon to its years."""
    for years in (1, facts.YEARS + 1):
        run = facts.spec(facts.scenario_data(facts.REGION), 0, years)
        assert simulate(run).steps == years * WEEKS_PER_YEAR


def test_processes_give_the_same_rows_as_one_process() -> None:
    args = {"seeds": (3,), "scales": ("local", "regional"), "years": 1}
    serial = budget_facts.scale(**args, workers=1)
    parallel = budget_facts.scale(**args, workers=2)
    pd.testing.assert_frame_equal(serial, parallel)


def test_comparison_needs_the_claimed_side_by_the_margin() -> None:
    clear = facts.Comparison("up", (1.0, 1.2, 0.8, 1.1), +1)
    assert clear.holds and clear.z > facts.MARGIN_SE
    assert not facts.Comparison("down", (1.0, 1.2, 0.8, 1.1), -1).holds
    noisy = facts.Comparison("noisy", (1.0, -0.9, 0.8, -0.7), +1)
    assert noisy.mean > 0 and not noisy.holds
    assert not facts.Comparison("zero", (0.0, 0.0, 0.0), +1).holds
    assert facts.Comparison("exact", (0.5, 0.5), +1).holds  # no spread, right side
    small = facts.Comparison("small", (0.03, 0.031, 0.029), -1)
    assert not small.holds
    assert facts.Comparison("clearly", (-0.03, -0.031, -0.029), -1, min_effect=0.02).holds
    assert not facts.Comparison("not clearly", (-0.03, -0.031, -0.029), -1, min_effect=0.05).holds


def test_checks_pair_settings_by_seed() -> None:
    rows = []
    for seed in range(4):
        for scale, overhead, referral in (("local", 50.0, 10.0), ("regional", 30.0, 6.0)):
            rows.append({"seed": seed, "scale": scale, "overhead_per_case": overhead + seed,
                         "referral_hours": referral + seed * 3})
    verdict = budget_facts.check_scale(pd.DataFrame(rows))
    assert verdict.holds
    overhead, referral = verdict.comparisons
    # Big differences between seeds cancel in the paired difference.
    assert overhead.differences == (-20.0,) * 4 and referral.differences == (-4.0,) * 4
    reversed_rows = pd.DataFrame(rows).assign(
        scale=lambda f: f["scale"].map({"local": "regional", "regional": "local"}))
    assert not budget_facts.check_scale(reversed_rows).holds


def test_window_picks_whole_years() -> None:
    year = WEEKS_PER_YEAR
    weeks = pd.DataFrame({"week": np.arange(0, 5 * year + 1)})
    assert facts.window(weeks, 1)["week"].tolist() == list(range(year + 1, 5 * year + 1))
    assert facts.window(weeks, 4)["week"].tolist() == list(range(4 * year + 1, 5 * year + 1))
    assert facts.window(weeks, 0, 0)["week"].tolist() == list(range(1, year + 1))
