"""Granovetter's threshold cascade, reproduced exactly by the full ParticipationModel."""

from __future__ import annotations

import numpy as np
import pytest

from model import ParticipationModel
from validation.cascade import cascade_scenario, threshold_cascade


def uniform_thresholds() -> np.ndarray:
    return np.arange(100) / 100


def test_uniform_thresholds_give_everyone() -> None:
    assert threshold_cascade(uniform_thresholds()) == 100


def test_threshold_one_raised_to_two_gives_only_the_instigator() -> None:
    thresholds = uniform_thresholds()
    thresholds[1] = 0.02
    assert threshold_cascade(thresholds) == 1


def test_result_does_not_depend_on_the_seed() -> None:
    thresholds = uniform_thresholds()
    assert {threshold_cascade(thresholds, rng=seed) for seed in range(3)} == {100}


def test_nobody_without_an_instigator() -> None:
    assert threshold_cascade(np.full(50, 0.01)) == 0


def test_thresholds_are_shares_of_the_whole_group() -> None:
    # Ten residents: nine at 0 and one who needs 9 of the 10 (all the others) to take part.
    assert threshold_cascade([0.0] * 9 + [0.9]) == 10
    # A threshold of 1 needs the whole group, the resident included: never reached.
    assert threshold_cascade([0.0] * 9 + [1.0]) == 9
    # Eight at 0 and two who each need 9 of 10: the two wait for each other.
    assert threshold_cascade([0.0] * 8 + [0.9, 0.9]) == 8


@pytest.mark.parametrize("bad", [[], [[0.1, 0.2]], [0.1, -0.1], [0.5, 1.5], [0.1, np.nan]])
def test_bad_thresholds_are_refused(bad: list) -> None:
    with pytest.raises(ValueError, match="thresholds"):
        threshold_cascade(bad)


def test_cascade_scenario_switches_everything_but_the_threshold_rule_off() -> None:
    model = ParticipationModel(cascade_scenario(30))
    switches = model.config.mechanisms.model_dump()
    assert switches.pop("social_influence") is True
    assert not any(switches.values())
    assert model.network.degree.tolist() == [29] * 30
    assert len(model.residents) == 30
