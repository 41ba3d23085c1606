"""A workshop under load in Chromium: a facilitator and 40 participants (8 groups x 5)
play 4 rounds with think time and an injected event. The small scenario keeps the runs
short: what is checked here is that every page keeps working and every decision is
recorded; the propagation time for the 2015 municipality is measured by
benchmarks/workshop_load.py and written to benchmarks/RESULTS.md."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
import yaml

from tests.browser import CHROMIUM_MISSING, REQUIRE_BROWSER, browser_required, chromium_path
from tests.conftest import SMALL

MISSING = CHROMIUM_MISSING if chromium_path() is None else (
    "the Python package playwright is not installed; pip install -e '.[dev]'"
    if importlib.util.find_spec("playwright") is None else None)
if MISSING and not browser_required():
    pytest.skip(MISSING, allow_module_level=True)


@pytest.mark.slow
def test_forty_participants_play_four_rounds_without_error(tmp_path: Path):
    if MISSING:
        pytest.fail(f"{MISSING} ({REQUIRE_BROWSER}=1)", pytrace=False)
    from benchmarks.workshop_load import measure

    scenario = tmp_path / "small.yaml"
    scenario.write_text(yaml.safe_dump({**SMALL, "horizon_years": 4}), encoding="utf-8")
    load = measure(groups=8, per_group=5, rounds=4, scenario=str(scenario), think=(0.5, 2.0))
    assert load.errors == []
    assert load.decisions == load.expected_decisions == 32
    assert [len(seen) for seen in load.propagation] == [40] * 4  # everyone saw every round
    assert len(load.computation) == 4
    assert load.event_round == 3  # the injected event's headline reached all 40 pages
    assert all(c <= min(seen) for c, seen in zip(load.computation, load.propagation,
                                                 strict=True))  # stored before shown
    assert load.peak_server_mb > 50.0  # the sampler read the server's memory
