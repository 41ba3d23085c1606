"""The model as a Mesa model: agents, stepping, determinism, overrides, outputs."""

from __future__ import annotations

import mesa
import numpy as np
import pandas as pd
import pytest

from model import (
    Municipality,
    ParticipationModel,
    Professional,
    Resident,
    ScenarioError,
    Volunteer,
    load_scenario,
)
from model.clock import WEEKS_PER_YEAR
from model.metrics import MODEL_METRICS, NEIGHBOURHOOD_METRICS, YEAR_METRICS
from model.population import VOLUNTEER


def test_is_a_mesa_model_with_four_agent_types(small):
    model = ParticipationModel(small)
    assert isinstance(model, mesa.Model)
    by_type = model.agents_by_type
    assert {Resident, Volunteer, Professional, Municipality} <= set(by_type)
    assert len(by_type[Resident]) == load_scenario(small).residents
    assert len(by_type[Municipality]) == 2
    assert len(by_type[Professional]) == round(model.teams.fte.sum())
    assert len(by_type[Volunteer]) == int((model.residents.role == VOLUNTEER).sum())


def test_every_agent_type_is_reachable_even_when_empty(small):
    small["mechanisms"] = {"initiatives": False}
    model = ParticipationModel(small)
    assert len(model.agents_by_type[Volunteer]) == 0


def test_step_advances_one_week_and_collects(small):
    model = ParticipationModel(small)
    model.step()
    model.step()
    assert model.week == 2
    weekly = model.datacollector.get_model_vars_dataframe()
    assert len(weekly) == 3  # the start, then one row per week
    assert list(weekly.columns) == list(MODEL_METRICS)
    table = model.datacollector.get_table_dataframe("neighbourhoods")
    assert len(table) == 3 * model.n_neighbourhoods
    assert list(table.columns) == list(NEIGHBOURHOOD_METRICS)


def test_runs_to_the_horizon_and_stops(small):
    model = ParticipationModel(small)
    model.run()
    assert model.week == 2 * WEEKS_PER_YEAR
    assert not model.running
    years = model.datacollector.get_table_dataframe("years")
    assert list(years["year"]) == [0, 1]
    assert list(years.columns) == list(YEAR_METRICS)
    weekly = model.datacollector.get_model_vars_dataframe()
    assert weekly.loc[weekly["week"] == 52, "year"].item() == 0
    assert weekly.loc[weekly["week"] == 53, "year"].item() == 1
    assert (weekly["year"].value_counts().sort_index().tolist()) == [53, 52]  # incl. week 0


def test_resident_is_a_view_on_its_row(small):
    model = ParticipationModel(small)
    resident = model.agents_by_type[Resident][10]
    row = resident.row
    resident.trust = 0.123
    assert model.residents.trust[row] == pytest.approx(0.123)
    model.residents.motivation[row] = 0.77
    assert resident.motivation == pytest.approx(0.77)
    assert resident.neighbourhood.startswith("A/")
    assert resident.role in {"none", "informal_helper", "volunteer", "burned_out"}
    assert all(0 <= tie < len(model.residents) for tie in resident.ties)


def test_every_resident_attribute_reads_its_column(small):
    from model.agents import Column

    model = ParticipationModel(small)
    resident = model.agents_by_type[Resident][3]
    for name, attribute in vars(Resident).items():
        if isinstance(attribute, Column):
            column = getattr(model.residents, attribute.name)
            assert getattr(resident, name) == column[resident.row].item(), name
    assert resident.age_group in ("15-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75+")
    assert resident.municipality == "A"
    assert resident.need_domain in (None, "care", "youth_family", "work_income")


def test_volunteer_views_follow_the_roles(small):
    small["parameters"] = {"initiatives_per_1000": 5.0}
    model = ParticipationModel(small)
    for _ in range(20):
        model.step()
    rows = {agent.row for agent in model.agents_by_type[Volunteer]}
    assert rows and rows == set(np.flatnonzero(model.residents.role == VOLUNTEER).tolist())
    assert all(agent.initiative >= 0 for agent in model.agents_by_type[Volunteer])


def test_same_seed_same_result_different_seed_different(small):
    def run(seed):
        model = ParticipationModel(small, rng=seed)
        model.run(30)
        return model.datacollector.get_model_vars_dataframe()

    pd.testing.assert_frame_equal(run(11), run(11))
    assert not run(11).equals(run(12))


def test_seed_defaults_to_the_scenario(small):
    a = ParticipationModel(small)
    b = ParticipationModel(small, rng=small["seed"])
    a.run(10)
    b.run(10)
    pd.testing.assert_frame_equal(a.datacollector.get_model_vars_dataframe(),
                                  b.datacollector.get_model_vars_dataframe())


def test_lever_overrides_apply_and_are_checked(small):
    model = ParticipationModel(small, steering_pressure=0.9, room_to_act=0.1)
    assert model.municipal_levers(0)["steering_pressure"] == 0.9
    assert model.agents_by_type[Municipality][0].levers["room_to_act"] == 0.1
    with pytest.raises(TypeError, match="levers are"):
        ParticipationModel(small, trsut=0.5)
    with pytest.raises(ScenarioError, match="levers.trust"):
        ParticipationModel(small, trust=1.5)


def test_schedule_changes_levers_in_its_year(small):
    small["schedule"] = [{"year": 1, "levers": {"steering_pressure": 0.7}}]
    model = ParticipationModel(small)
    model.run(52)
    assert model.municipal_levers(0)["steering_pressure"] == 0.0
    model.step()
    assert model.municipal_levers(0)["steering_pressure"] == 0.7
    assert model.volatility[0] > 0


@pytest.mark.parametrize("scale", ["hyperlocal", "local", "intermunicipal", "regional"])
def test_every_scale_runs_and_pools_teams(small, scale):
    small["scale"] = scale
    model = ParticipationModel(small)
    expected_teams = {"hyperlocal": 3, "local": 2, "intermunicipal": 1, "regional": 1}[scale]
    assert model.n_teams == expected_teams
    model.run(20)
    assert (model.teams.proximity == model.params.scale_proximity[scale]).all()
    assert model.agents_by_type[Municipality][0].access_threshold > 0


def test_budget_follows_the_shrinkage(small):
    small["budget"] = {"per_inhabitant": 500, "shrinkage": [0.1, 0.2]}
    model = ParticipationModel(small)
    inhabitants = 1800
    assert model.budget_state.municipal_budget.sum() == pytest.approx(500 * 0.9 * inhabitants)
    model.run(53)
    assert model.budget_state.municipal_budget.sum() == pytest.approx(
        500 * 0.9 * 0.8 * inhabitants)
    spending = model.datacollector.get_model_vars_dataframe()["spending_total"]
    assert spending.iloc[1:].gt(0).all()


@pytest.mark.parametrize("scale", ["hyperlocal", "regional"])
def test_professional_and_municipality_views(small, scale):
    small["scale"] = scale
    model = ParticipationModel(small)
    model.run(10)
    professional = model.agents_by_type[Professional][0]
    assert professional.team_name in model.layout.team_names
    assert professional.hours == model.params.fte_hours
    assert 0 < professional.admin_share < 1
    assert professional.network_share == model.config.policy.network_work_share
    assert professional.caseload >= 0
    municipality = model.agents_by_type[Municipality][0]
    assert municipality.name == "A"
    assert set(municipality.levers) == {"room_to_act", "connect", "belonging", "boundaries",
                                        "trust", "steering_pressure"}
    assert municipality.budget > 0
    assert municipality.spending > 0
    assert municipality.budget_balance == pytest.approx(
        municipality.budget * 10 / 52 - municipality.spending)
    assert 0 < municipality.access_threshold < 1
    spending = sum(m.spending for m in model.agents_by_type[Municipality])
    assert spending == pytest.approx(model.budget_state.team_spent().sum())
