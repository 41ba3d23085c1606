"""The dashboard's per-domain settings and figures without a page: a domain's scale or budget
chosen in the sidebar is a change at week 0 from the base scenario's steady state, classic
scenarios stay one team for all domains, and the figures, the report's settings lines and
the downloads carry the domains. (The page itself: tests/test_dashboard.py.)"""

from __future__ import annotations

import copy
from dataclasses import replace

import pytest

from dashboards.compare import compare
from dashboards.explorer import DOMAIN_FIGURES, Explorer, domain_metric
from dashboards.report import domain_lines, history_csv, settings_lines
from dashboards.settings import Settings, load_shipped, shipped_scenarios
from model import DOMAINS, load_scenario
from tests.conftest import SMALL


def small(**changes: object) -> Settings:
    data = copy.deepcopy(SMALL)
    data.update(changes)
    return Settings.of(load_scenario(data))


def domain_entries(scenario) -> list:
    return [e for e in scenario.schedule if e.domains]


# --- the settings' round trip ------------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(shipped_scenarios()))
def test_own_settings_give_the_scenario_its_own_teams(name):
    """Untouched, the settings change nothing about the domains: a scenario without
    `domains:` stays one team for all three (no domains, no domain entries), one with them
    keeps them as they are."""
    scenario = load_shipped(name)
    settings = Settings.of(scenario)
    again = settings.scenario()
    assert again.domains == scenario.domains
    assert again.by_domain == scenario.by_domain == settings.per_domain
    later = [e for e in scenario.schedule if 0 < e.year < scenario.horizon_years]
    assert domain_entries(again) == [e for e in later if e.domains]
    if not scenario.by_domain:
        assert settings.domain_scales == dict.fromkeys(DOMAINS, scenario.scale)
        assert settings.domain_budgets == dict.fromkeys(DOMAINS, 0.0)


def test_baseline_stays_one_team():
    scenario = Settings.of(load_shipped("baseline_2015")).scenario()
    assert scenario.domains is None and not domain_entries(scenario)
    assert not scenario.by_domain


def test_a_domain_at_another_scale_moves_there_at_week_0():
    settings = Settings.of(load_shipped("baseline_2015")).with_domain("youth_family",
                                                                       scale="regional")
    assert settings.per_domain
    scenario = settings.scenario()
    assert scenario.domains is None  # the spin-up runs as the base does, per domain
    [entry] = scenario.schedule
    assert entry.year == 0 and not entry.levers.values()
    assert list(entry.domains.values()) == ["youth_family"]
    assert entry.domains.youth_family.scale == "regional"
    assert entry.domains.youth_family.budget_change is None
    assert scenario.domain_scale("youth_family", -1) == "local"  # the spin-up
    assert scenario.domain_scale("youth_family", 0) == "regional"
    assert scenario.domain_scale("care", 0) == "local"


def test_a_domain_budget_change_is_a_year_0_budget_change():
    settings = Settings.of(load_shipped("baseline_2015")).with_domain("care",
                                                                       budget_change=-0.2)
    [entry] = settings.scenario().schedule
    assert entry.year == 0 and list(entry.domains.values()) == ["care"]
    assert entry.domains.care.budget_change == -0.2 and entry.domains.care.scale is None
    assert settings.per_domain  # a budget of its own needs teams of its own
    back = settings.with_domain("care", budget_change=0.0)
    assert not back.per_domain and not back.scenario().schedule


def test_levers_and_domains_share_the_year_0_entry():
    settings = small().with_levers({"trust": 0.9}).with_domain("work_income",
                                                               scale="regional")
    [entry] = settings.scenario().schedule
    assert entry.levers.trust == 0.9 and entry.domains.work_income.scale == "regional"


def test_the_main_scale_sets_every_domain():
    """A main scale puts every domain there from the spin-up on, without a reorganisation;
    a domain chosen elsewhere afterwards moves at week 0."""
    base = Settings.of(load_shipped("baseline_2015"))
    regional = base.with_scale("regional")
    assert regional.domain_scales == dict.fromkeys(DOMAINS, "regional")
    scenario = regional.scenario()
    assert scenario.scale == "regional" and not scenario.by_domain
    moved = regional.with_domain("care", scale="local").scenario()
    assert moved.domain_scale("care", -1) == "regional"
    assert moved.schedule[0].domains.care.scale == "local"


def test_the_main_scale_replaces_a_scenarios_own_domain_scales_and_gives_them_back():
    own = Settings.of(load_shipped("domains_mixed"))
    regional = own.with_scale("regional")
    scenario = regional.scenario()
    assert [scenario.domain_scale(d, -1) for d in DOMAINS] == ["regional"] * 3
    assert not scenario.schedule
    back = regional.with_scale(own.scale)
    assert back.domain_scales == own.domain_scales
    assert back.scenario().domains == own.base.domains


def test_a_move_made_idle_by_the_sidebar_is_dropped():
    """youth_back_local moves youth care back to local in year 3; with youth care local
    from week 0 that move would go nowhere, which a scenario refuses: it is dropped."""
    settings = Settings.of(load_shipped("youth_back_local")).with_domain("youth_family",
                                                                          scale="local")
    scenario = settings.scenario()
    assert [(e.year, e.domains.youth_family.scale) for e in domain_entries(scenario)] == \
        [(0, "local")]
    kept = Settings.of(load_shipped("youth_back_local")).scenario()
    assert [e.year for e in domain_entries(kept)] == [3]


def test_the_scenarios_year_0_domain_changes_are_the_settings():
    base = small(schedule=[{"year": 0, "domains": {
        "youth_family": {"scale": "regional", "budget_change": 0.1}}}])
    assert base.domain_scales["youth_family"] == "regional"
    assert base.domain_budgets == {"care": 0.0, "youth_family": 0.1, "work_income": 0.0}
    assert base.start_scale("youth_family") == "local"
    assert base.scenario().schedule == base.base.schedule


def test_the_budget_cut_reaches_a_domains_own_shrinkage():
    settings = small(domains={"work_income": {"shrinkage": 0.05}})
    scenario = replace(settings, budget_cut=0.2).scenario()
    rates = scenario.domains.work_income.shrinkage
    assert rates[0] == pytest.approx(0.2 + 0.05 - 0.2 * 0.05)
    assert scenario.budget.shrinkage[0] == pytest.approx(0.2)


def test_integrated_teams_refuse_domains_at_different_scales():
    """five_knobs has one team across the domains: the page disables the per-domain
    controls, since the scenario refuses them."""
    settings = Settings.of(load_shipped("five_knobs"))
    assert settings.base.policy.integrated_teams
    with pytest.raises(ValueError, match="integrated"):
        settings.with_domain("youth_family", scale="regional").scenario()
    with pytest.raises(ValueError, match="domain"):
        settings.with_domain("youth", scale="regional")


# --- figures, report lines and downloads ---------------------------------------------------------
@pytest.fixture(scope="module")
def moved() -> Explorer:
    """The small region with youth care regional from week 0, three weeks on."""
    explorer = Explorer(small().with_domain("youth_family", scale="regional",
                                            budget_change=-0.1))
    explorer.step(3)
    return explorer


def test_domain_figures_are_4_week_means_like_the_cards(moved):
    weeks = moved.history()
    figures = moved.domain_figures()
    assert list(figures) == list(DOMAINS)
    for domain, row in figures.items():
        assert [f.metric for f in row] == [domain_metric(f, domain) for f, _ in DOMAIN_FIGURES]
        for figure in row:
            assert figure.value == pytest.approx(weeks[figure.metric].tail(4).mean())
            assert figure.start == pytest.approx(weeks[figure.metric].head(4).mean())
    assert weeks["spending_reorganisation"].iloc[0] > 0  # the move is a reorganisation


def test_settings_lines_carry_the_domains(moved):
    lines = domain_lines(moved.settings, "nl")
    assert lines == ["Wmo-ondersteuning: Gemeente",
                     "Jeugd en gezin: Gemeente → Regio (week 0), budget -10%",
                     "Werk en inkomen: Gemeente"]
    assert settings_lines(moved, "en")[-2] == \
        "Youth and family: Municipality → Region (week 0), budget -10%"
    classic = Explorer(small())
    assert domain_lines(classic.settings, "nl") == []
    assert len(settings_lines(classic, "nl")) == 9  # six levers, budget cut, scale, horizon


def test_the_downloads_have_the_domain_columns(moved):
    header = history_csv(moved).decode().splitlines()[0].split(",")
    for domain in DOMAINS:
        for figure in ("unmet_share", "waiting_list", "spending", "cost_per_inhabitant",
                       "overhead_per_case", "referral_hours"):
            assert domain_metric(figure, domain) in header
    assert "spending_reorganisation" in header
    table = compare({"current": moved.settings}, seeds=1, years=1, parallel=False)
    for domain in DOMAINS:
        for figure, _ in DOMAIN_FIGURES:
            assert domain_metric(figure, domain) in table.columns
