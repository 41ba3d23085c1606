"""Every shipped scenario validates, describes itself in Dutch and English, and runs."""

from __future__ import annotations

import pytest

from model import ParticipationModel, load_scenario
from tests.conftest import SCENARIOS


def test_at_least_seven_scenarios_ship():
    assert len(SCENARIOS) >= 7


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_scenario_validates_and_describes_itself(path):
    scenario = load_scenario(path)
    assert scenario.name == path.stem
    assert len(scenario.description.nl) > 40
    assert len(scenario.description.en) > 40


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_scenario_runs_two_years(path):
    scenario = load_scenario(path).model_copy(update={"horizon_years": 2})
    model = ParticipationModel(scenario)
    model.run()
    assert model.week == 104
    years = model.datacollector.get_table_dataframe("years")
    assert len(years) == 2
    assert 0.0 < model.latest["participation"] < 1.0
    assert model.latest["cost_per_inhabitant"] > 0
