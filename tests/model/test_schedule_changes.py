"""Schedule entries beyond the levers: policy choices, a budget change, an incident that
costs trust and a change in how often needs arise, each from its year (the workshop's
knobs and events are made of these; docs/scenarios.md#schedule)."""

from __future__ import annotations

import copy

import numpy as np
import pytest

from model import ParticipationModel
from model.budget import budget_per_inhabitant
from model.scenario import ScenarioError, load_scenario
from tests.conftest import SMALL

WEEKS = 52


def scenario(*entries: dict) -> dict:
    data = copy.deepcopy(SMALL)
    data["schedule"] = list(entries)
    return data


def run(data: dict, weeks: int = WEEKS + 4) -> ParticipationModel:
    model = ParticipationModel(data, rng=5)
    model.run(weeks)
    return model


def weekly(model: ParticipationModel, column: str) -> np.ndarray:
    return model.datacollector.get_model_vars_dataframe()[column].to_numpy()


@pytest.fixture(scope="module")
def plain() -> ParticipationModel:
    return run(scenario())


def test_a_change_from_year_1_leaves_year_0_exactly_as_it_was(plain):
    changed = run(scenario({"year": 1, "policy": {"network_work_share": 0.5},
                            "budget_change": -0.2, "trust_shock": 0.2, "need_change": 0.5}))
    for column in ("participation", "unmet_share", "mean_trust", "waiting_list"):
        np.testing.assert_array_equal(weekly(changed, column)[:WEEKS + 1],
                                      weekly(plain, column)[:WEEKS + 1])
        assert not np.array_equal(weekly(changed, column), weekly(plain, column)), column


def test_policy_changes_take_effect_and_keep_the_other_choices():
    model = run(scenario({"year": 1, "policy": {"adaptive_learning": True,
                                                "network_work_share": 0.4}}))
    assert model.config.policy.adaptive_learning is True
    assert model.config.policy.network_work_share == 0.4
    assert model.config.policy.integrated_teams is False  # not in the change: kept
    assert model.teams.network_hours.sum() > 0.0


def test_integrated_teams_from_year_1_end_the_second_intake(plain):
    model = run(scenario({"year": 1, "policy": {"integrated_teams": True}}), WEEKS * 2)
    extra = weekly(model, "intake_extra_hours")
    assert extra[1:WEEKS + 1].sum() > 0.0  # two intakes in year 0
    assert np.abs(extra[WEEKS + 1:]).max() < 1e-9  # one team from year 1


def test_a_budget_change_stacks_on_the_shrinkage_from_its_year():
    data = scenario({"year": 1, "budget_change": -0.1}, {"year": 2, "budget_change": 0.05})
    data["horizon_years"] = 3
    data["budget"] = {"per_inhabitant": 500, "shrinkage": 0.02}
    config = load_scenario(data)
    per_year = [float(budget_per_inhabitant(config, year)[0]) for year in range(3)]
    assert per_year == pytest.approx([500 * 0.98, 500 * 0.98**2 * 0.9,
                                      500 * 0.98**3 * 0.9 * 1.05])


def test_a_budget_cut_means_fewer_professionals(plain):
    cut = run(scenario({"year": 1, "budget_change": -0.3}))
    assert cut.teams.fte.sum() < 0.8 * plain.teams.fte.sum()


def test_an_incident_lowers_trust_at_once_and_it_then_drifts_back(plain):
    shocked = run(scenario({"year": 1, "trust_shock": 0.2}), WEEKS * 2)
    before = weekly(plain, "mean_trust")[WEEKS]
    first_week = weekly(shocked, "mean_trust")[WEEKS + 1]
    assert first_week < before - 0.15
    assert weekly(shocked, "mean_trust")[-1] > first_week + 0.02  # recovering


def test_a_rise_in_need_gives_more_people_in_need():
    more = run(scenario({"year": 1, "need_change": 0.5}), WEEKS * 2)
    base = run(scenario(), WEEKS * 2)
    column = "people_in_need_share"
    assert weekly(more, column)[-10:].mean() > weekly(base, column)[-10:].mean()


@pytest.mark.parametrize(("entry", "message"), [
    ({"year": 1}, "a schedule entry must change at least one lever, domain, policy choice"),
    ({"year": 1, "budget_change": -1.2}, "schedule[0].budget_change: got -1.2; must be between "
     "-0.9 and 1.0"),
    ({"year": 1, "trust_shock": 1.5}, "schedule[0].trust_shock"),
    ({"year": 1, "policy": {"network_work_share": 0.95}}, "schedule[0].policy.network_work_share"),
    ({"year": 1, "policy": {"teams": True}}, "schedule[0].policy.teams"),
])
def test_bad_entries_are_refused_in_one_line_naming_the_field(entry, message):
    with pytest.raises(ScenarioError) as caught:
        load_scenario(scenario(entry))
    assert message in str(caught.value).splitlines()[0]


def test_integrated_teams_cannot_be_scheduled_with_teams_per_domain():
    data = scenario({"year": 1, "policy": {"integrated_teams": True}})
    data["domains"] = {"youth_family": {"scale": "regional"}}
    with pytest.raises(ScenarioError) as caught:
        load_scenario(data)
    assert "schedule[0].policy.integrated_teams: one team across the domains" in str(
        caught.value).splitlines()[0]


def test_with_changes_adds_entries_validated_like_a_file():
    from model import with_changes

    base = load_scenario(SMALL)
    changed = with_changes(base, [{"year": 1, "trust_shock": 0.1},
                                  {"year": 1, "policy": {"aim": "weak_neighbourhoods"}}])
    assert [e.changes() for e in changed.schedule] == [["trust_shock"], ["policy"]]
    assert with_changes(base, []) is base
    with pytest.raises(ScenarioError) as caught:
        with_changes(base, [{"year": 1, "need_change": 3}], source="<group 2>")
    assert "<group 2>" in str(caught.value) and "schedule[0].need_change" in str(caught.value)
