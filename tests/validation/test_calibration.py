"""The 2015 baseline reproduces the published Dutch figures (docs/model.md#targets), over
10 seeds."""

from __future__ import annotations

import json

import pytest

from model.parameters import FIT, FIT_FILE, Parameters
from validation.calibration import (
    BURN_IN_YEARS,
    CALIBRATION_SEEDS,
    MEASURED_YEARS,
    TARGETS,
    compare,
    compare_every_year,
    measure,
    measure_every_year,
)


@pytest.fixture(scope="module")
def calibration_table():
    runs = measure(CALIBRATION_SEEDS, workers=2)
    assert len(runs) == len(CALIBRATION_SEEDS) >= 10
    return compare(runs)


@pytest.mark.slow
@pytest.mark.parametrize("target", TARGETS, ids=lambda t: t.column)
def test_baseline_within_target_band(calibration_table, target) -> None:
    row = calibration_table.set_index("column").loc[target.column]
    assert target.low <= row.model_mean <= target.high, (
        f"{target.label}: model {row.model_mean:.3f} (sd {row.model_sd:.3f}) outside "
        f"{target.low}-{target.high} ({target.source}); refit with python -m validation.calibrate")


@pytest.mark.slow
def test_age_gradient_is_clear(calibration_table) -> None:
    means = calibration_table.set_index("column")["model_mean"]
    assert means["volunteer_year_share_age_35-44"] - means["volunteer_year_share_age_75+"] > 0.1


def test_burn_in_and_window_are_documented() -> None:
    assert BURN_IN_YEARS >= 0 and MEASURED_YEARS >= 1


@pytest.mark.slow
def test_baseline_within_every_band_in_every_year_of_ten() -> None:
    """The stationary baseline holds its calibration in each of ten years (10 seeds)."""
    table = compare_every_year(measure_every_year(CALIBRATION_SEEDS, 10, workers=2))
    missed = table[~table["every_year"]]
    assert missed.empty, missed[["column", "low", "high", "lowest_year",
                                 "highest_year"]].to_string()


def test_defaults_are_the_fitted_values() -> None:
    """The fitted numbers come from validation/calibrate.py's output file, not from typing."""
    record = json.loads(FIT_FILE.read_text(encoding="utf-8"))
    assert record["fitted_by"] == "validation/calibrate.py"
    defaults = Parameters()
    for name, value in FIT.items():
        assert getattr(defaults, name) == value, name
        source = Parameters.model_fields[name].json_schema_extra["source"]
        assert "calibrated by validation/calibrate.py" in source, name


def test_targets_have_sources_and_bands() -> None:
    for target in TARGETS:
        assert target.source and target.published
        assert 0.0 <= target.low < target.high
