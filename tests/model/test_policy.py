"""`model.policy`: levers per municipality, per neighbourhood and the lever-only terms."""

from __future__ import annotations

import numpy as np
from numpy.testing import assert_allclose

from model import CONNECT, ROOM_TO_ACT, STEERING_PRESSURE, Lever, ParticipationModel, load_scenario
from model.policy import neighbourhood_levers, starting_levers
from model.population import build_layout
from model.scenario import override
from tests.worked import params

TOWN = "scenarios/validation/town.yaml"


def test_a_municipality_keeps_its_own_levers_and_year_0_is_a_change() -> None:
    data = load_scenario(TOWN).model_dump()
    data["region"]["municipalities"][0]["levers"] = {ROOM_TO_ACT: 0.1}
    data["schedule"] = [{"year": 0, "levers": {STEERING_PRESSURE: 0.4}}]
    data["horizon_years"] = 1
    levers = starting_levers(load_scenario(data))
    assert levers[0, Lever.ROOM_TO_ACT] == 0.1
    # The spin-up runs under the policy in place; the year-0 entry is made at week 0.
    assert levers[0, Lever.STEERING_PRESSURE] == data["levers"][STEERING_PRESSURE]
    assert levers[0, Lever.CONNECT] == data["levers"][CONNECT]
    model = ParticipationModel(data, rng=1)
    assert model.municipal_levers(0)[STEERING_PRESSURE] == 0.4
    assert model.volatility[0] > 0.0  # a change of policy, remembered as churn


def test_lever_keywords_are_a_change_at_week_0() -> None:
    plain = ParticipationModel(TOWN, rng=3)
    changed = ParticipationModel(TOWN, rng=3, **{ROOM_TO_ACT: 0.9})
    # The same spin-up (the scenario's own levers), then the change at week 0.
    assert_allclose(plain.residents.motivation, changed.residents.motivation)
    assert changed.municipal_levers(0)[ROOM_TO_ACT] == 0.9
    assert changed.config.schedule[-1].year == 0


def test_aiming_at_weak_neighbourhoods_moves_connect_there() -> None:
    p = params(aim_weak_factor=1.5, aim_strong_factor=0.5)
    config = load_scenario(TOWN)
    layout = build_layout(config)
    levers = starting_levers(config)
    even = neighbourhood_levers(levers, layout, "even", p)
    aimed = neighbourhood_levers(levers, layout, "weak_neighbourhoods", p)
    weak = layout.neighbourhood_ses < np.median(layout.neighbourhood_ses)
    assert weak.any() and (~weak).any()
    assert_allclose(aimed[weak, Lever.CONNECT],
                    np.minimum(1.0, 1.5 * even[weak, Lever.CONNECT]))
    assert_allclose(aimed[~weak, Lever.CONNECT], 0.5 * even[~weak, Lever.CONNECT])
    assert_allclose(aimed[:, Lever.ROOM_TO_ACT], even[:, Lever.ROOM_TO_ACT])


def test_override_sets_a_lever_for_every_municipality() -> None:
    data = load_scenario(TOWN).model_dump()
    data["region"]["municipalities"][0]["levers"] = {ROOM_TO_ACT: 0.1, CONNECT: 0.2}
    changed = override(data, {f"levers.{ROOM_TO_ACT}": 0.9, "budget.shrinkage": 0.1})
    assert changed["levers"][ROOM_TO_ACT] == 0.9
    assert changed["budget"]["shrinkage"] == 0.1
    own = changed["region"]["municipalities"][0]["levers"]
    assert own[ROOM_TO_ACT] is None and own[CONNECT] == 0.2
    assert data["levers"][ROOM_TO_ACT] != 0.9  # the input is left as it was
