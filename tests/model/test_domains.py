"""Per-domain teams: the schema's refusals, the outputs per domain and a move between
scales (docs/scenarios.md#domains)."""

from __future__ import annotations

import numpy as np
import pytest
import yaml

from model import ParticipationModel
from model.agents import Professional
from model.scenario import ScenarioError, load_scenario, with_residents

MIXED = "scenarios/domains_mixed.yaml"


def mixed(**changes) -> dict:
    with open(MIXED, encoding="utf-8") as f:
        data = yaml.safe_load(f)
    return {**data, **changes}


@pytest.mark.parametrize(("change", "message"), [
    ({"domains": {"care": {"budget_share": 0.5}}},
     "domains: budget_share is given for care but not for youth_family, work_income"),
    ({"domains": {"care": {"budget_share": 0.5}, "youth_family": {"budget_share": 0.3},
                  "work_income": {"budget_share": 0.3}}},
     "domains: the budget shares must add up to 1 (they add up to 1.100)"),
    ({"policy": {"integrated_teams": True}},
     "policy.integrated_teams: one team across the domains cannot be combined with teams "
     "per domain"),
    ({"schedule": [{"year": 0, "domains": {"youth_family": {"scale": "regional"}}}]},
     "schedule[0].domains.youth_family.scale: youth_family is already at the regional scale "
     "before year 0"),
    ({"domains": {"youth_family": {"scale": "national"}}}, "domains.youth_family.scale:"),
    ({"schedule": [{"year": 2, "domains": {"care": {"scale": "local"}}}]},
     "schedule[0].domains.care.scale: care is already at the local scale before year 2"),
    ({"schedule": [{"year": 2}]},
     "a schedule entry must change at least one lever, domain, policy choice"),
    ({"schedule": [{"year": 2, "domains": {"care": {"budget_change": -1.5}}}]},
     "schedule[0].domains.care.budget_change: got -1.5; must be between -0.9 and 1.0"),
])
def test_invalid_combinations_are_refused_in_one_line_naming_the_field(change, message):
    with pytest.raises(ScenarioError) as caught:
        load_scenario(mixed(**change))
    first = str(caught.value).splitlines()[0]
    assert message in first


def test_a_scenario_without_domains_has_one_team_per_area_for_all_domains():
    scenario = load_scenario("scenarios/regional_100k.yaml")
    assert not scenario.by_domain
    model = ParticipationModel(with_residents(scenario, 2000), rng=1)
    assert model.layout.plan.n_groups == 1 and model.n_teams == 1


def per_domain_run(path: str, weeks: int) -> ParticipationModel:
    model = ParticipationModel(with_residents(load_scenario(path), 3000), rng=3)
    model.run(weeks)
    return model


@pytest.mark.parametrize("path", [MIXED, "scenarios/baseline_2015.yaml"])
def test_the_domains_add_up_to_the_totals(path):
    model = per_domain_run(path, 30)
    weekly = model.datacollector.get_model_vars_dataframe()
    domains = ("care", "youth_family", "work_income")
    spending = weekly[[f"spending_{d}" for d in domains]].sum(axis=1)
    np.testing.assert_allclose(spending, weekly["spending_total"], rtol=1e-9)
    waiting = weekly[[f"waiting_list_{d}" for d in domains]].sum(axis=1)
    np.testing.assert_array_equal(waiting, weekly["waiting_list"])
    nb = model.datacollector.get_table_dataframe("neighbourhoods")
    last = nb[nb["week"] == model.week]
    assert last[[f"waiting_list_{d}" for d in domains]].sum(axis=1).equals(
        last["waiting_list"])
    assert weekly[[f"unmet_share_{d}" for d in domains]].iloc[-1].between(0, 1).all()


def test_mixed_scales_give_each_domain_its_own_teams():
    model = per_domain_run(MIXED, 1)
    plan = model.layout.plan
    # 5 municipalities: care local (5 teams), youth regional (1), work intermunicipal (2).
    assert [len(plan.teams_of(g)) for g in range(3)] == [5, 1, 2]
    assert plan.team_names[5] == "youth_family: Veenland"
    proximity = model.teams.proximity
    assert proximity[plan.teams_of(1)][0] < proximity[plan.teams_of(0)][0]


def test_a_move_between_scales_rebuilds_the_teams_and_their_professionals():
    model = per_domain_run("scenarios/youth_back_local.yaml", 3 * 52 + 1)
    plan = model.layout.plan
    assert [len(plan.teams_of(g)) for g in range(3)] == [5, 5, 2]
    assert plan.group_scale == ("local", "local", "intermunicipal")
    youth = plan.teams_of(1)
    assert (model.teams.reorganising[youth] > 0.9).all()
    assert model.teams.proximity[youth][0] < model.params.scale_proximity["local"]
    teams = {agent.team for agent in model.agents_by_type[Professional]}
    assert teams <= set(range(model.n_teams))
    fte = np.rint(model.teams.fte).astype(int)
    counts = np.bincount([a.team for a in model.agents_by_type[Professional]],
                         minlength=model.n_teams)
    np.testing.assert_array_equal(counts, fte)
