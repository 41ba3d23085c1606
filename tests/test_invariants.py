"""Properties that hold in every week of every scenario, checked on random small scenarios.

Hypothesis draws regions of 1-3 municipalities with 1-3 neighbourhoods of 50-600
inhabitants, any scale, budget, levers and policy, and steps each model 30-60 weeks
(past the first quarters and, from week 53, into the second year). One property also
stresses the parameters and switches mechanisms off, so that burnout, recovery and
folding initiatives happen within the run.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model import ParticipationModel, Volunteer
from model.parameters import SCALES
from model.population import BURNED_OUT, HELPER, NONE, VOLUNTEER
from model.scenario import LEVERS

HOUR_COLUMNS = ("need_hours", "own_hours", "informal_received", "volunteer_received",
                "professional_received", "unmet_hours", "given_hours")
HOUR_METRICS = ("need_hours", "own_hours", "requested_hours", "hours_informal",
                "hours_volunteer", "hours_professional", "unmet_hours", "help_given_hours",
                "tie_hours", "matched_hours", "referral_hours", "intake_extra_hours")
UNIT_COLUMNS = ("need", "trust", "belonging", "motivation")

SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

unit = st.floats(0.0, 1.0, allow_nan=False)


@st.composite
def neighbourhood(draw: st.DrawFn, name: str) -> dict[str, Any]:
    return {
        "name": name,
        "inhabitants": draw(st.integers(50, 600)),
        "ses": draw(unit),
        "mean_ties": draw(st.floats(0.0, 15.0)),
        "belonging": draw(unit),
        "trust": draw(unit),
    }


@st.composite
def municipality(draw: st.DrawFn, index: int) -> dict[str, Any]:
    count = draw(st.integers(1, 3))
    data: dict[str, Any] = {
        "name": f"M{index}",
        "neighbourhoods": [draw(neighbourhood(f"n{j}")) for j in range(count)],
    }
    if draw(st.booleans()):
        data["budget_per_inhabitant"] = draw(st.floats(0.0, 1500.0))
    if draw(st.booleans()):  # some levers of its own
        data["levers"] = draw(st.dictionaries(st.sampled_from(LEVERS), unit, max_size=3))
    return data


# Parameters that push residents through every role change within a few weeks: needs come
# often, helpers burn out and recover, small initiatives fold and new ones form.
stressed_parameters = st.fixed_dictionaries(
    {"burnout_weeks": st.integers(1, 8)},
    optional={
        "strain_gain": st.floats(0.5, 5.0), "strain_recovery": st.floats(0.0, 1.0),
        "burnout_strain": st.floats(0.0, 2.0), "drive_noise": st.floats(0.0, 1.0),
        "initiative_dissolve_rate": st.floats(0.0, 1.0),
        "initiative_min_members": st.integers(1, 100),
        "initiative_formation_rate": st.floats(0.0, 1.0),
        "initiatives_per_1000": st.floats(0.0, 50.0),
        "need_hazard_by_age": st.tuples(*[unit] * 7),
        "spontaneous_resolution": unit, "escalation_rate": unit, "recovery_rate": unit,
        "carer_pull": unit, "volunteer_propensity": unit, "threshold_mean": unit,
        "helper_overstretch": st.floats(1.0, 5.0), "multi_domain_share": unit,
        "access_threshold_step": st.floats(0.0, 0.5), "outside_tie_share": unit,
        "self_reliance_mean": unit, "learning_step": unit, "crowd_out_depth": st.floats(0.0, 0.6),
    })
mechanism_switches = st.fixed_dictionaries(
    {}, optional={name: st.booleans() for name in (
        "needs", "help", "social_influence", "motivation", "strain", "trust_belonging",
        "initiatives", "municipality", "drive_noise")})


@st.composite
def scenarios(draw: st.DrawFn, adaptive_learning: bool | None = None,
              stressed: bool = False) -> dict[str, Any]:
    count = draw(st.integers(1, 3))
    shrinkage = draw(st.one_of(st.floats(0.0, 0.5),
                               st.lists(st.floats(0.0, 0.5), min_size=1, max_size=2)))
    learning = draw(st.booleans()) if adaptive_learning is None else adaptive_learning
    data: dict[str, Any] = {
        "name": "hypothesis",
        "seed": draw(st.integers(0, 2**32 - 1)),
        "horizon_years": 2,
        "scale": draw(st.sampled_from(SCALES)),
        "region": {"name": "R", "municipalities": [draw(municipality(i))
                                                   for i in range(count)]},
        "budget": {"per_inhabitant": draw(st.floats(0.0, 1500.0)), "shrinkage": shrinkage},
        "levers": {lever: draw(unit) for lever in LEVERS},
        "policy": {
            "network_work_share": draw(st.floats(0.0, 0.9)),
            "integrated_teams": draw(st.booleans()),
            "adaptive_learning": learning,
            "aim": draw(st.sampled_from(["even", "weak_neighbourhoods"])),
        },
    }
    if draw(st.booleans()):  # a policy change at the start of year 2 (week 53)
        data["schedule"] = [{"year": 1, "levers": draw(
            st.dictionaries(st.sampled_from(LEVERS), unit, min_size=1, max_size=3))}]
    if stressed:
        data["parameters"] = draw(stressed_parameters)
        data["mechanisms"] = draw(mechanism_switches)
    return data


# ----------------------------------------------------------------------------- checks


def check_week(model: ParticipationModel) -> None:
    """Everything that must hold after every step."""
    r, latest = model.residents, model.latest
    week = model.week

    for name, value in latest.items():
        if "share" in name or name in ("participation", "gini_unmet"):
            assert 0.0 <= value <= 1.0, f"week {week}: {name} = {value}"
    assert -1.0 <= latest["unmet_gap_ses"] <= 1.0, f"week {week}: {latest['unmet_gap_ses']}"
    for name in HOUR_METRICS:
        assert latest[name] >= -1e-6, f"week {week}: {name} = {latest[name]}"
    for name in HOUR_COLUMNS:
        column = getattr(r, name)
        assert column.min(initial=0.0) >= -1e-9, f"week {week}: {name} min {column.min()}"
        assert np.isfinite(column).all(), f"week {week}: {name} not finite"

    # help given equals help received (informal ties and matching, initiatives)
    given = r.given_hours.sum()
    received = (r.informal_received + r.volunteer_received).sum()
    assert np.isclose(given, received, rtol=1e-9, atol=1e-6), \
        f"week {week}: given {given} != received {received}"

    # one role each; a volunteer and only a volunteer belongs to an initiative
    assert set(np.unique(r.role).tolist()) <= {NONE, HELPER, VOLUNTEER, BURNED_OUT}, \
        f"week {week}: roles {np.unique(r.role)}"
    volunteer = r.role == VOLUNTEER
    member = r.initiative >= 0
    odd = np.flatnonzero(member != volunteer)[:10]
    assert len(odd) == 0, \
        f"week {week}: rows {odd} have role {r.role[odd]} and initiative {r.initiative[odd]}"
    inits = model.initiatives
    assert np.all(r.initiative < len(inits)), f"week {week}: initiative index out of range"
    assert inits.alive[r.initiative[member]].all(), \
        f"week {week}: volunteers in a dissolved initiative"
    assert np.all((inits.neighbourhood >= 0) & (inits.neighbourhood < model.n_neighbourhoods))
    assert np.array_equal(inits.neighbourhood[r.initiative[member]], r.neighbourhood[member]), \
        f"week {week}: volunteer in another neighbourhood's initiative"

    for name in UNIT_COLUMNS:
        column = getattr(r, name)
        assert np.all((column >= 0.0) & (column <= 1.0)), \
            f"week {week}: {name} outside 0..1: {column.min()}..{column.max()}"
    assert np.all(r.strain >= 0.0), f"week {week}: negative strain {r.strain.min()}"


def check_views(model: ParticipationModel) -> None:
    """The Volunteer agents are exactly the residents whose role is VOLUNTEER."""
    views = model.agents_by_type.get(Volunteer, [])
    rows = [agent.row for agent in views]
    assert len(rows) == len(set(rows))
    assert set(rows) == set(np.flatnonzero(model.residents.role == VOLUNTEER).tolist())
    for agent in views:
        assert agent.role == "volunteer"
        assert agent.initiative == model.residents.initiative[agent.row] >= 0


def run_checked(data: dict[str, Any], weeks: int) -> ParticipationModel:
    model = ParticipationModel(data)
    check_week(model)
    for _ in range(weeks):
        model.step()
        check_week(model)
    check_views(model)
    return model


# ----------------------------------------------------------------------------- properties


@SETTINGS
@given(data=scenarios(), weeks=st.integers(30, 60))
def test_invariants_hold_every_week(data: dict[str, Any], weeks: int) -> None:
    run_checked(data, weeks)


@SETTINGS
@given(data=scenarios(stressed=True), weeks=st.integers(30, 60))
def test_invariants_hold_under_stress(data: dict[str, Any], weeks: int) -> None:
    run_checked(data, weeks)


@SETTINGS
@given(data=scenarios(adaptive_learning=True), weeks=st.integers(30, 60))
def test_invariants_hold_with_adaptive_learning(data: dict[str, Any], weeks: int) -> None:
    # the quarterly learning rule runs at weeks 14, 27, 40 and 53
    model = run_checked(data, weeks)
    levers = model.levers
    assert np.all((levers >= 0.0) & (levers <= 1.0))


@settings(max_examples=10, deadline=None)
@given(data=scenarios(stressed=True), seed=st.integers(0, 2**32 - 1), weeks=st.integers(30, 45))
def test_same_scenario_and_rng_same_outputs(data: dict[str, Any], seed: int,
                                            weeks: int) -> None:
    first = ParticipationModel(data, rng=np.random.default_rng(seed))
    second = ParticipationModel(data, rng=np.random.default_rng(seed))
    for _ in range(weeks):
        first.step()
        second.step()
    pd.testing.assert_frame_equal(first.datacollector.get_model_vars_dataframe(),
                                  second.datacollector.get_model_vars_dataframe())
    pd.testing.assert_frame_equal(first.datacollector.get_table_dataframe("neighbourhoods"),
                                  second.datacollector.get_table_dataframe("neighbourhoods"))
    for column in first.residents.columns():
        np.testing.assert_array_equal(getattr(first.residents, column),
                                      getattr(second.residents, column), err_msg=column)
