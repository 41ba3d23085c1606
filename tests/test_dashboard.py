"""The dashboard without a browser: the page rendered into widgets (solara.render), clicked
and slid from Python: its controls, the levers, play and pause, uploads, sessions, the
compare tab and the downloads. (The compare runs, the texts and the server have files of
their own: tests/test_dashboard_compare.py, _texts.py and _server.py.)"""

from __future__ import annotations

import copy
import time
from collections.abc import Iterator

import ipyvuetify as v
import pytest
import yaml

from dashboards import app, upload
from dashboards.explorer import DOMAIN_FIGURES, KEY_FIGURES
from dashboards.i18n import t
from dashboards.session import read_upload
from model import DOMAINS, ROOM_TO_ACT, TRUST, WEEKS_PER_YEAR, Lever
from tests.conftest import SMALL
from tests.dashboard_page import (
    Page,
    descendants,
    fake_file_drop,
    kernel_context,
    wait_until,
    widget_texts,
)

BAD_SCENARIO = yaml.safe_dump({"name": "bad", "levers": {"trsut": 0.7}}).encode()


# --- rendering the page without a browser ---------------------------------------------------
@pytest.fixture(scope="module", autouse=True)
def ipython_display() -> None:
    """The app bar's children reach the page through IPython's display, which the Solara
    server patches; outside the server it needs a shell with reacton's display hook."""
    import reacton.patch_display
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    if not InteractiveShell.initialized():
        config = Config()
        config.HistoryManager.enabled = False
        InteractiveShell.instance(config=config)
    reacton.patch_display.patch()


@pytest.fixture
def page() -> Iterator[Page]:
    shown = Page()
    yield shown
    shown.close()


# --- the page -------------------------------------------------------------------------------
def test_page_renders_in_dutch():
    shown = Page(component=app.Page)
    try:
        titles = shown.rc.find(v.ToolbarTitle).widgets
        assert titles[0].children == [t("app.title", "nl")]
        assert shown.button_label("zs-play") == "Afspelen"
        assert shown.button_label("zs-language") == "English"
        assert shown.slider(f"zs-lever-{ROOM_TO_ACT}").label == "Handelingsruimte"
        assert t(f"lever.{ROOM_TO_ACT}.help", "nl") in shown.text(f"zs-lever-{ROOM_TO_ACT}")
        assert "Onvervulde hulpvraag" in shown.text("zs-card-unmet_share")
        assert len(shown.all("zs-card")) == len(KEY_FIGURES)
        assert len(shown.all("zs-tile")) == 6  # the baseline's six neighbourhoods
        for chart in ("timeseries", "gap", "network"):
            assert shown.all(f"zs-chart-{chart}")
    finally:
        shown.close()


def test_language_toggle_switches_every_label(page):
    page.click("zs-language")
    assert page.ui.lang.value == "en"
    assert page.rc.find(v.ToolbarTitle).widgets[0].children == [t("app.title", "en")]
    assert page.button_label("zs-play") == "Play"
    assert page.button_label("zs-language") == "Nederlands"
    assert page.slider(f"zs-lever-{TRUST}").label == "Trust"
    assert t(f"lever.{TRUST}.help", "en") in page.text(f"zs-lever-{TRUST}")
    assert "Unmet need" in page.text("zs-card-unmet_share")
    assert "Week 0 of 520" in page.text("zs-week")
    page.click("zs-language")
    assert page.button_label("zs-play") == "Afspelen"


def test_lever_slider_moves_the_running_model_at_once(page):
    page.click("zs-step")
    page.slider(f"zs-lever-{TRUST}").v_model = 0.8
    model = page.ui.session.explorer.model
    assert model.levers[:, Lever.TRUST].tolist() == [0.8]
    assert page.ui.session.settings.levers[TRUST] == 0.8
    assert page.week == 1  # the same run, not a new one
    assert not page.all("zs-pending")  # levers need no reset


def test_step_advances_one_week(page):
    assert page.week == 0
    page.click("zs-step")
    assert page.week == 1
    assert "Week 1 van 520" in page.text("zs-week")
    assert page.text("zs-card-value") != "- " * len(KEY_FIGURES)


def test_reset_starts_over_with_the_budget_cut(page):
    base = page.ui.session.explorer.model.config.budget.per_inhabitant
    page.click("zs-step")
    page.click("zs-step")
    page.slider("zs-budget-cut").v_model = 20
    assert page.ui.session.settings.budget_cut == 0.0  # not before the reset
    assert page.all("zs-pending")
    page.click("zs-reset")
    explorer = page.ui.session.explorer
    assert page.week == 0
    assert explorer.settings.budget_cut == pytest.approx(0.2)
    # The cut is a change at week 0: the spin-up ran on the uncut budget.
    assert explorer.model.config.budget.per_inhabitant == pytest.approx(base)
    assert explorer.model.config.budget.factor(0) == pytest.approx(0.8)
    assert not page.all("zs-pending")
    assert "Week 0 van 520" in page.text("zs-week")


def test_horizon_applies_at_reset_and_play_stops_there(page):
    page.slider("zs-horizon").v_model = 1
    page.click("zs-reset")
    page.click("zs-play")
    wait_until(lambda: page.all("zs-finished"))  # the page shows it once play has stopped
    assert not page.ui.playing.value
    assert page.week == WEEKS_PER_YEAR
    assert page.ui.session.explorer.finished
    assert page.one("zs-play").disabled and page.one("zs-step").disabled


def test_play_advances_and_redraws_and_pause_stops_it(page):
    """The baseline plays, refreshing the page and its charts, and pause stops it (how fast:
    benchmarks/dashboard_speed.py)."""
    page.click("zs-play")
    time.sleep(3.0)
    page.click("zs-pause")
    wait_until(lambda: page.ui.session.play_stats.weeks > 0, timeout=30)
    stats = page.ui.session.play_stats
    week = page.week
    time.sleep(0.3)
    assert page.week == week > 0
    assert stats.frames >= 2  # the page was refreshed while playing (and once at the end)
    assert page.ui.chart_tick.value >= 2  # and the charts redrawn
    wait_until(lambda: f"Week {week} van 520" in page.text("zs-week"))  # the last frame


def test_invalid_upload_shows_each_problem_and_the_app_keeps_working(monkeypatch):
    monkeypatch.setattr(upload, "FileDrop", fake_file_drop("bad.yaml", BAD_SCENARIO))
    shown = Page()
    try:
        shown.click("fake-drop")
        problems = widget_texts(shown.all("zs-problem"))
        problems = list(problems)
        assert any("levers.trsut" in p and "did you mean 'trust'" in p for p in problems)
        assert any(p.startswith("bad.yaml: region") for p in problems)
        assert "Traceback" not in shown.text("zs-upload-error")
        assert shown.ui.session.settings.base.name == "baseline_2015"
        shown.click("zs-step")
        assert shown.week == 1
    finally:
        shown.close()


def test_an_upload_too_large_to_run_is_refused_with_the_estimate(monkeypatch):
    big = copy.deepcopy(SMALL)
    neighbourhood = big["region"]["municipalities"][0]["neighbourhoods"][0]
    big["region"]["municipalities"][0]["neighbourhoods"] = [
        {**neighbourhood, "name": f"n{i}", "inhabitants": 10} for i in range(3000)]
    monkeypatch.setattr(upload, "FileDrop",
                        fake_file_drop("big.yaml", yaml.safe_dump(big).encode()))
    shown = Page()
    try:
        shown.click("fake-drop")
        problems = list(widget_texts(shown.all("zs-problem")))
        assert any("neighbourhoods x 20 years" in p and "at most" in p for p in problems)
        assert shown.ui.session.settings.base.name == "baseline_2015"
    finally:
        shown.close()


def test_valid_upload_becomes_the_running_scenario(monkeypatch):
    data = yaml.safe_dump(copy.deepcopy(SMALL)).encode()
    monkeypatch.setattr(upload, "FileDrop", fake_file_drop("small.yaml", data))
    shown = Page()
    try:
        shown.click("zs-step")
        shown.click("fake-drop")
        assert "small" in shown.text("zs-upload-ok")
        assert shown.ui.session.settings.base.name == "small"
        assert shown.week == 0
        assert len(shown.all("zs-tile")) == 3
        picker = next(w for w in descendants(shown.one("zs-scenario"))
                      if isinstance(w, v.Select))
        assert picker.v_model == "small (eigen scenario)"
        picker.v_model = "baseline_2015"  # back to a shipped one, the upload stays listed
        assert shown.ui.session.settings.base.name == "baseline_2015"
        assert "small (eigen scenario)" in picker.items
    finally:
        shown.close()


def test_read_upload_never_raises():
    message, scenario = read_upload("x.yaml", b"\xff\xfe not text")
    assert scenario is None and message.problems and "not a text" in message.problems[0]
    message, scenario = read_upload("x.yaml", b"region: [unclosed\n")
    assert scenario is None and "not valid YAML" in message.problems[0]


@pytest.mark.filterwarnings("ignore:There is no current event loop:DeprecationWarning")
def test_two_sessions_have_their_own_model():
    """Two browser pages (two kernel contexts) each get their own model."""
    first_context, second_context = kernel_context("first"), kernel_context("second")
    with first_context:
        first = Page()
    with second_context:
        second = Page()
    assert first.ui.session.explorer is not second.ui.session.explorer
    with first_context:
        first.click("zs-step")
        first.click("zs-step")
        first.slider(f"zs-lever-{TRUST}").v_model = 0.9
    assert first.week == 2
    assert second.week == 0
    assert second.ui.session.settings.levers[TRUST] != 0.9
    with second_context:
        assert "Week 0 van 520" in second.text("zs-week")
        second.close()
    with first_context:
        first.close()


# --- per domain -------------------------------------------------------------------------------
def test_per_domain_section_sets_the_domains_at_reset(page):
    """The sidebar's per-domain section starts at the scenario's own (one team, all at the
    main scale), follows the main scale, and a domain's own scale or budget makes the run
    per domain at the next reset; the figures per domain fill in as the run goes."""
    settings = page.all("zs-domain-setting")
    assert len(settings) == len(DOMAINS)
    assert "Die verhuizing gebeurt in week 0" in page.text("zs-domains-settings")
    assert [page.select(f"zs-domain-setting-{d}").v_model for d in DOMAINS] == ["Gemeente"] * 3
    assert page.text("zs-domains-status").startswith("Nu: één team per gebied")
    assert len(page.all("zs-domain-row")) == len(DOMAINS)
    assert len(page.all("zs-domain-cell")) == len(DOMAINS) * len(DOMAIN_FIGURES)
    assert "Eén team per gebied voor alle domeinen" in page.text("zs-domains")

    page.select("zs-scale").v_model = "Regio"  # the main scale sets every domain
    assert [page.select(f"zs-domain-setting-{d}").v_model for d in DOMAINS] == ["Regio"] * 3
    page.select("zs-scale").v_model = "Gemeente"
    page.select("zs-domain-setting-youth_family").v_model = "Regio"
    page.slider("zs-domain-setting-care").v_model = -20
    pending = page.ui.pending.value
    assert pending.domain_scale("youth_family") == "regional"
    assert pending.domain_budget("care") == pytest.approx(-0.2)
    assert page.all("zs-pending")
    assert page.text("zs-domains-status").startswith("Nu: elk domein eigen teams")
    assert "Jeugd en gezin: Gemeente → Regio (week 0)" in page.text("zs-variant-current")
    assert not page.ui.session.settings.per_domain  # not before the reset

    page.click("zs-reset")
    [entry] = page.ui.session.explorer.model.config.schedule
    assert entry.year == 0 and entry.domains.youth_family.scale == "regional"
    assert entry.domains.care.budget_change == pytest.approx(-0.2)
    assert not page.all("zs-pending")
    page.click("zs-step")
    values = list(widget_texts(page.all("zs-domain-value")))
    assert len(values) == 12 and "-" not in values
    assert "Regio" in page.text("zs-domain-row-youth_family")
    assert "Elk domein heeft eigen teams" in page.text("zs-domains")

    page.select("zs-map-metric").v_model = "Onvervulde hulpvraag (Jeugd en gezin)"
    assert page.ui.map_metric.value == "unmet_share_youth_family"
    assert page.all("zs-tile")
    page.click("zs-language")
    assert "Per domain" in page.text("zs-domains")
    assert "Youth and family" in page.text("zs-domain-row-youth_family")
    assert page.select("zs-domain-setting-youth_family").v_model == "Region"


def test_integrated_teams_disable_the_per_domain_controls(page):
    page.select("zs-scenario").v_model = "five_knobs"
    assert page.ui.session.settings.base.name == "five_knobs"
    assert page.all("zs-domains-integrated")
    assert all(page.select(f"zs-domain-setting-{d}").disabled for d in DOMAINS)
    assert all(page.slider(f"zs-domain-setting-{d}").disabled for d in DOMAINS)


# --- compare ------------------------------------------------------------------------------------
def test_compare_tab_runs_in_the_background_with_progress(page):
    page.click("zs-language")
    next(w for w in descendants(page.one("zs-variant-own"))
         if isinstance(w, v.Checkbox)).v_model = False
    page.slider("zs-compare-seeds").v_model = 2
    page.slider("zs-compare-years").v_model = 1
    page.click("zs-compare-run")
    wait_until(lambda: page.text("zs-compare-progress").startswith("4 runs done in"),
               timeout=30)
    wait_until(lambda: page.all("zs-chart-compare"))
    table = page.ui.session.compare_table
    assert set(table["variant"]) == {"current", "letting_go"}
    wait_until(lambda: page.all("zs-download-compare-csv"))


# --- take it away -----------------------------------------------------------------------------
def test_report_and_data_downloads(page):
    page.click("zs-step")
    session = page.ui.session
    assert session.report("pdf", "nl").startswith(b"%PDF")
    assert session.report("png", "en").startswith(b"\x89PNG")
    assert session.history_csv().decode().splitlines()[0].startswith("week,")
    for name in ("pdf", "png", "csv"):
        assert page.all(f"zs-download-{name}")
    assert page.all("zs-no-compare")
