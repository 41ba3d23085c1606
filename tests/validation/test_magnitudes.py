"""Each lever and budget cuts move their main outcomes by amounts inside the bands their
sources support (validation/magnitudes.py; docs/validation.md#effect-sizes)."""

from __future__ import annotations

import pytest

from validation.magnitudes import BANDS, SETTINGS, check_magnitudes, effect_table


@pytest.fixture(scope="module")
def effects():
    return effect_table(workers=2)


@pytest.mark.slow
@pytest.mark.parametrize("band", BANDS, ids=lambda b: f"{b.setting}-{b.outcome}")
def test_effect_within_its_band(effects, band) -> None:
    row = effects.set_index(["setting", "outcome"]).loc[(band.setting, band.outcome)]
    value = float(row["relative"] if band.relative else row["difference"])
    assert band.low <= value <= band.high, (
        f"{band.setting} {band.outcome}: {band.describe(value)} outside {band.range_text} "
        f"({band.source})")


@pytest.mark.slow
def test_the_verdict_agrees_with_the_bands(effects) -> None:
    verdict = check_magnitudes(effects)
    assert verdict.holds == all(check.holds for check in verdict.checks)


def test_every_band_names_a_setting_and_a_source() -> None:
    keys = {s.key for s in SETTINGS}
    for band in BANDS:
        assert band.setting in keys and band.source and band.low < band.high
    # every lever is bounded on at least one outcome at 0 and at 1 (none left unchecked)
    for lever in ("room", "connect", "belonging", "boundaries", "trust", "pressure"):
        assert any(b.setting.startswith(lever) for b in BANDS), lever
