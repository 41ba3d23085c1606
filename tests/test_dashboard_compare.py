"""The compare tab's runs without a page: every variant over the same seeds, through the
model's one way to run many, and the variants it offers."""

from __future__ import annotations

import copy
from dataclasses import replace

import pytest

from dashboards.compare import compare
from dashboards.explorer import Explorer
from dashboards.session import VARIANTS, compare_variants
from dashboards.settings import Settings, letting_go, load_shipped
from model import TRUST, WEEKS_PER_YEAR, load_scenario
from tests.conftest import SMALL


def small_settings() -> Settings:
    return Settings.of(load_scenario(copy.deepcopy(SMALL)))


def test_compare_runs_every_variant_and_reports_progress():
    settings = small_settings()
    calls = []
    table = compare({"current": settings, "letting_go": settings.with_levers({TRUST: 0.9})},
                    seeds=2, years=1, progress=lambda done, total: calls.append((done, total)),
                    parallel=False)
    assert set(table["variant"]) == {"current", "letting_go"}
    assert set(table["seed"]) == {0, 1}
    assert table["week"].max() == WEEKS_PER_YEAR
    assert calls[0] == (0, 4) and calls[-1] == (4, 4)


def test_compare_runs_the_years_asked_not_the_scenarios_horizon():
    settings = replace(small_settings(), horizon_years=1)
    table = compare({"short": settings}, seeds=1, years=2, parallel=False)
    assert table["week"].max() == 2 * WEEKS_PER_YEAR


def test_letting_go_is_the_niets_doen_scenario():
    """The 'letting go' variant takes its levers from scenarios/niets_doen.yaml and keeps the
    current budget cut, scale, horizon and seed."""
    pending = replace(small_settings(), budget_cut=0.2, scale="regional")
    variants = compare_variants(list(VARIANTS), pending)
    assert list(variants) == list(VARIANTS)
    letting = variants["letting_go"]
    assert letting == letting_go(pending)
    assert letting.levers == load_shipped("niets_doen").levers.model_dump()
    assert replace(letting, levers=pending.levers) == pending


@pytest.mark.slow
def test_since_start_the_unchanged_baseline_barely_moves() -> None:
    """The key figures' change since the start reads from the stationary start: for the
    baseline left alone for five years it is about zero (docs/model.md#start)."""
    explorer = Explorer(Settings.of(load_shipped("baseline_2015")))
    explorer.step(5 * WEEKS_PER_YEAR)
    figures = {f.metric: f for f in explorer.key_figures()}
    assert abs(figures["participation"].change) < 0.02
    assert abs(figures["unmet_share"].change) < 0.03
    assert abs(figures["mean_trust"].change) < 0.02
    waiting = figures["waiting_list"]
    assert abs(waiting.change) < 0.35 * waiting.start
