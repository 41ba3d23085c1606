"""Granovetter's threshold cascade, reproduced exactly by the full ParticipationModel."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import norm

from model import ParticipationModel
from validation.cascade import cascade_scenario, exact_cascade, threshold_cascade

MEANS = (0.20, 0.25, 0.30)
SPREADS = (0.02, 0.05, 0.1, 0.125, 0.15, 0.2, 0.3, 0.45)
DRAWS = 4


def at_quantiles(mean: float, spread: float, residents: int = 100) -> np.ndarray:
    """Thresholds at the normal quantiles (i + 1/2)/N, clipped to 0..1: the normal
    distribution of Granovetter's example without sampling noise."""
    quantiles = (np.arange(residents) + 0.5) / residents
    return np.clip(norm.ppf(quantiles, loc=mean, scale=spread), 0.0, 1.0)


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


def test_exact_cascade_on_granovetters_uniform_examples() -> None:
    thresholds = uniform_thresholds()
    assert exact_cascade(thresholds) == 100
    thresholds[1] = 0.02
    assert exact_cascade(thresholds) == 1
    assert exact_cascade(np.full(50, 0.01)) == 0


def test_a_threshold_of_exactly_k_over_n_is_reached_despite_rounding() -> None:
    # 0.01 * i is an ulp above i/100 for some i (0.01 * 29 > 29 / 100, say); each resident
    # must still join once i have joined.
    thresholds = np.arange(100) * 0.01
    assert np.any(thresholds > np.arange(100) / 100)
    assert exact_cascade(thresholds) == threshold_cascade(thresholds) == 100
    thresholds = np.array([0.0] + [0.1 * 3] * 9) / 3  # 0.1 each, computed as 0.3 / 3
    assert exact_cascade(thresholds) == threshold_cascade(thresholds) == 10


def test_granovetters_normal_thresholds_at_the_quantiles() -> None:
    # Mean 25, spread 12.5 of 100: a handful; the cascade to nearly everyone starts just
    # above (12.55); spread 30: all but the resident whose threshold is clipped to 1.
    assert threshold_cascade(at_quantiles(0.25, 0.125)) == 5
    assert threshold_cascade(at_quantiles(0.25, 0.13)) == 100
    assert threshold_cascade(at_quantiles(0.25, 0.30)) == 99


def model_and_exact(thresholds: np.ndarray, rng: np.random.Generator) -> list[tuple[int, int]]:
    """(model, exact) for the thresholds in their order and shuffled."""
    shuffled = rng.permutation(thresholds)
    return [(threshold_cascade(t, rng=0), exact_cascade(t)) for t in (thresholds, shuffled)]


@pytest.mark.parametrize("spread", SPREADS)
@pytest.mark.parametrize("mean", MEANS)
def test_model_equals_the_exact_cascade_for_normal_thresholds(mean: float,
                                                              spread: float) -> None:
    rng = np.random.default_rng(round(1000 * mean + 10 * spread))
    cases = [at_quantiles(mean, spread)] + [
        np.clip(rng.normal(mean, spread, 100), 0.0, 1.0) for _ in range(DRAWS)]
    results = [pair for thresholds in cases for pair in model_and_exact(thresholds, rng)]
    assert [model for model, _ in results] == [exact for _, exact in results]
    # The order of the residents does not matter.
    assert results[0::2] == results[1::2]


@pytest.mark.parametrize("moved", [False, True])
def test_model_equals_the_exact_cascade_for_uniform_thresholds(moved: bool) -> None:
    thresholds = uniform_thresholds()
    if moved:
        thresholds[1] = 0.02
    expected = 1 if moved else 100
    assert model_and_exact(thresholds, np.random.default_rng(7)) == [(expected, expected)] * 2


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
