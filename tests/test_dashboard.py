"""The dashboard without a browser: the page rendered into widgets (solara.render), clicked
and slid from Python; the compare runs, the report, the texts in both languages, and the
`run.py dashboard` server as a subprocess."""

from __future__ import annotations

import copy
import io
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import ipyvuetify as v
import ipywidgets
import pytest
import solara
import yaml

from dashboards import app
from dashboards.compare import compare
from dashboards.i18n import LANGUAGES, TEXTS, t
from dashboards.session import KEY_FIGURES, MAP_OUTCOMES, Settings
from dashboards.state import VARIANTS, Ui, read_upload
from model.parameters import SCALES
from model.population import ROLE_NAMES
from model.scenario import LEVERS, load_scenario
from tests.conftest import ROOT, SMALL

DASHBOARD_FILES = [ROOT / "dashboards" / name
                   for name in ("app.py", "components.py", "charts.py", "state.py", "report.py")]
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


def kernel_context(name: str):
    """A fresh kernel context: what the Solara server makes for each browser page. (Its
    close() assumes the server's patched widget registry, so the pages are closed instead.)"""
    from solara.server import kernel, kernel_context

    return kernel_context.VirtualKernelContext(id=name, kernel=kernel.Kernel(),
                                               session_id=f"session-{name}")


class Page:
    """One rendered page: its widgets, its render context and its session's state."""

    def __init__(self, parallel: bool = False, component=None) -> None:
        uis: list[Ui] = []
        element = component() if component else app.Dashboard(on_ui=uis.append,
                                                             parallel=parallel)
        # the server puts the module's Layout around the page; so does this
        self.box, self.rc = solara.render(app.Layout(children=[element]), handle_error=False)
        self.ui = uis[0] if uis else None

    def all(self, cls: str) -> list[ipywidgets.Widget]:
        """Every widget with the CSS class `cls`."""
        found, seen, queue = [], set(), [self.box]
        while queue:
            item = queue.pop()
            if id(item) in seen:
                continue
            seen.add(id(item))
            if isinstance(item, ipywidgets.Widget):
                if cls in (getattr(item, "class_", None) or "").split():
                    found.append(item)
                queue.extend(getattr(item, key) for key in item.keys)
            elif isinstance(item, list | tuple):
                queue.extend(item)
            elif isinstance(item, dict):
                queue.extend(item.values())
        return found

    def one(self, cls: str) -> ipywidgets.Widget:
        widgets = self.all(cls)
        assert len(widgets) == 1, f"{len(widgets)} widgets with class {cls}"
        return widgets[0]

    def text(self, cls: str) -> str:
        """The text inside the widgets with class `cls`."""
        return " ".join(_texts(self.all(cls)))

    def button_label(self, cls: str) -> str:
        return [c for c in self.one(cls).children if isinstance(c, str)][0]

    def slider(self, cls: str) -> v.Slider:
        """The slider inside the element with class `cls`."""
        return next(w for w in _descendants(self.one(cls)) if isinstance(w, v.Slider))

    def click(self, cls: str) -> None:
        self.one(cls).click()

    @property
    def week(self) -> int:
        return self.ui.session.explorer.week

    def close(self) -> None:
        if self.ui is not None:
            self.ui.playing.value = False
        self.rc.close()


def _descendants(widget: ipywidgets.Widget) -> Iterator[ipywidgets.Widget]:
    for child in getattr(widget, "children", []) or []:
        if isinstance(child, ipywidgets.Widget):
            yield child
            yield from _descendants(child)


def _texts(widgets) -> Iterator[str]:
    for widget in widgets:
        for child in getattr(widget, "children", []) or []:
            if isinstance(child, str):
                yield child
            elif isinstance(child, ipywidgets.Widget):
                yield from _texts([child])


@pytest.fixture
def page() -> Iterator[Page]:
    shown = Page()
    yield shown
    shown.close()


def wait_until(condition, timeout: float = 20.0) -> None:
    end = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.05)


# --- the page -------------------------------------------------------------------------------
def test_page_renders_in_dutch():
    shown = Page(component=app.Page)
    try:
        titles = shown.rc.find(v.ToolbarTitle).widgets
        assert titles[0].children == [t("app.title", "nl")]
        assert shown.button_label("zs-play") == "Afspelen"
        assert shown.button_label("zs-language") == "English"
        assert shown.slider("zs-lever-room_to_act").label == "Handelingsruimte"
        assert t("lever.room_to_act.help", "nl") in shown.text("zs-lever-room_to_act")
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
    assert page.slider("zs-lever-trust").label == "Trust"
    assert t("lever.trust.help", "en") in page.text("zs-lever-trust")
    assert "Unmet need" in page.text("zs-card-unmet_share")
    assert "Week 0 of 520" in page.text("zs-week")
    page.click("zs-language")
    assert page.button_label("zs-play") == "Afspelen"


def test_lever_slider_moves_the_running_model_at_once(page):
    page.click("zs-step")
    page.slider("zs-lever-trust").v_model = 0.8
    model = page.ui.session.explorer.model
    assert model.levers[:, LEVERS.index("trust")].tolist() == [0.8]
    assert page.ui.session.settings.levers["trust"] == 0.8
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
    assert explorer.model.config.budget.per_inhabitant == pytest.approx(0.8 * base)
    assert not page.all("zs-pending")
    assert "Week 0 van 520" in page.text("zs-week")


def test_horizon_applies_at_reset_and_play_stops_there(page):
    page.slider("zs-horizon").v_model = 1
    page.click("zs-reset")
    page.click("zs-play")
    wait_until(lambda: page.all("zs-finished"))  # the page shows it once play has stopped
    assert not page.ui.playing.value
    assert page.week == 52
    assert page.ui.session.explorer.finished
    assert page.one("zs-play").disabled and page.one("zs-step").disabled


def test_play_is_fast_and_pause_stops_it(page):
    """The baseline (16,600 residents) plays at 10 weeks a second or more, charts
    included; pause stops it promptly."""
    page.click("zs-play")
    time.sleep(2.0)
    started = time.monotonic()
    page.click("zs-pause")
    wait_until(lambda: page.ui.session.play_stats.weeks > 0, timeout=5)
    stopped = time.monotonic() - started
    stats = page.ui.session.play_stats
    week = page.week
    time.sleep(0.3)
    assert page.week == week
    assert stopped < 2.0
    assert stats.weeks_per_second >= 10, stats
    assert stats.frames >= 3  # the page was refreshed while playing
    assert page.ui.chart_tick.value >= 2  # and the charts redrawn
    wait_until(lambda: f"Week {week} van 520" in page.text("zs-week"))  # the last frame


def fake_file_drop(name: str, data: bytes):
    """Stands in for solara.FileDrop: a button that 'drops' this file."""

    @solara.component
    def FileDrop(label: str = "", on_file=None, lazy: bool = True):  # noqa: N802
        info = {"name": name, "size": len(data), "file_obj": io.BytesIO(data),
                "data": None if lazy else data}
        return solara.Button(label, on_click=lambda: on_file(info), classes=["fake-drop"])

    return FileDrop


def test_invalid_upload_shows_each_problem_and_the_app_keeps_working(monkeypatch):
    monkeypatch.setattr(solara, "FileDrop", fake_file_drop("bad.yaml", BAD_SCENARIO))
    shown = Page()
    try:
        shown.click("fake-drop")
        problems = _texts(shown.all("zs-problem"))
        problems = list(problems)
        assert any("levers.trsut" in p and "did you mean 'trust'" in p for p in problems)
        assert any(p.startswith("bad.yaml: region") for p in problems)
        assert "Traceback" not in shown.text("zs-upload-error")
        assert shown.ui.session.settings.base.name == "baseline_2015"
        shown.click("zs-step")
        assert shown.week == 1
    finally:
        shown.close()


def test_valid_upload_becomes_the_running_scenario(monkeypatch):
    data = yaml.safe_dump(copy.deepcopy(SMALL)).encode()
    monkeypatch.setattr(solara, "FileDrop", fake_file_drop("small.yaml", data))
    shown = Page()
    try:
        shown.click("zs-step")
        shown.click("fake-drop")
        assert "small" in shown.text("zs-upload-ok")
        assert shown.ui.session.settings.base.name == "small"
        assert shown.week == 0
        assert len(shown.all("zs-tile")) == 3
        picker = next(w for w in _descendants(shown.one("zs-scenario"))
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
        first.slider("zs-lever-trust").v_model = 0.9
    assert first.week == 2
    assert second.week == 0
    assert second.ui.session.settings.levers["trust"] != 0.9
    with second_context:
        assert "Week 0 van 520" in second.text("zs-week")
        second.close()
    with first_context:
        first.close()


# --- compare ----------------------------------------------------------------------------------
def small_settings() -> Settings:
    return Settings.of(load_scenario(copy.deepcopy(SMALL)))


def test_compare_runs_every_variant_and_reports_progress():
    settings = small_settings()
    calls = []
    table = compare({"current": settings, "letting_go": settings.with_levers(trust=0.9)},
                    seeds=2, years=1, progress=lambda done, total: calls.append((done, total)),
                    parallel=False)
    assert set(table["variant"]) == {"current", "letting_go"}
    assert set(table["seed"]) == {0, 1}
    assert table["week"].max() == 52
    assert calls[0] == (0, 4) and calls[-1] == (4, 4)


def test_compare_runs_the_years_asked_not_the_scenarios_horizon():
    from dataclasses import replace

    settings = replace(small_settings(), horizon_years=1)
    table = compare({"short": settings}, seeds=1, years=2, parallel=False)
    assert table["week"].max() == 104


def test_compare_tab_runs_in_the_background_with_progress(page):
    page.click("zs-language")
    next(w for w in _descendants(page.one("zs-variant-own"))
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


# --- texts ------------------------------------------------------------------------------------
def test_every_text_has_both_languages():
    for key, texts in TEXTS.items():
        assert set(texts) == set(LANGUAGES), key
        for lang in LANGUAGES:
            assert texts[lang].strip(), (key, lang)


def test_every_text_the_dashboard_uses_exists():
    used = set()
    for path in DASHBOARD_FILES:
        used |= set(re.findall(r"""\bt\(\s*["']([^"'{}]+)["']\s*[,)]""", path.read_text()))
    # keys the code builds from names
    used |= {f"lever.{name}" for name in LEVERS} | {f"lever.{name}.help" for name in LEVERS}
    used |= {f"scale.{name}" for name in SCALES} | {f"role.{name}" for name in ROLE_NAMES}
    used |= {f"compare.{name}" for name in VARIANTS}
    used |= {f"compare.{name}.help" for name in VARIANTS}
    used |= {metric for metric, _ in KEY_FIGURES} | set(MAP_OUTCOMES)
    used |= {f"{metric}.help" for metric, _ in KEY_FIGURES}
    assert len(used) > 60
    missing = sorted(key for key in used if key not in TEXTS)
    assert not missing


# --- as the server loads it -------------------------------------------------------------------
SERVER_LIKE = """
import json, sys, time
import ipywidgets
import solara.server.app as server_app  # patches threads and widgets as the server does
from solara.server import kernel, kernel_context
from tests.test_dashboard import Page

app = server_app.AppScript("dashboards.app")
server_app.apps["__default__"] = app
app.init()
pages = []
for name in ("a", "b"):
    context = kernel_context.VirtualKernelContext(id=name, kernel=kernel.Kernel(),
                                                  session_id="session-" + name)
    with context:
        context.container = ipywidgets.VBox()
        server_app.load_app_widget(None, app, "/")
        page = Page.__new__(Page)
        page.box = context.container
        pages.append((context, page))
(first_context, first), (second_context, second) = pages
with first_context:
    first.click("zs-step")
    first.click("zs-play")
time.sleep(1.5)
with first_context:
    first.click("zs-pause")
time.sleep(1.0)
result = {"first": first.text("zs-week"), "second": second.text("zs-week"),
          "language": second.button_label("zs-language")}
for context, _ in pages:
    context.close()
app.close()
print(json.dumps(result))
"""


@pytest.mark.slow
def test_the_page_as_the_solara_server_loads_it():
    """Through Solara's own app loading (the module's Layout around Page, patched threads):
    the page renders, plays in its thread, and a second session's model stays put."""
    import json

    result = subprocess.run([sys.executable, "-c", SERVER_LIKE], cwd=ROOT, capture_output=True,
                            text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr[-3000:]
    shown = json.loads(result.stdout.strip().splitlines()[-1])
    week = int(re.match(r"Week (\d+) van 520", shown["first"]).group(1))
    assert week > 20  # played well over 10 weeks a second
    assert shown["second"].startswith("Week 0 van 520")
    assert shown["language"] == "English"


# --- the server -------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def listening_addresses(port: int) -> set[str]:
    """The local addresses a TCP socket listens on at `port` (Linux's /proc/net)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not os.path.exists(table):
            continue
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:
                found.add(address)
    return found


def test_telemetry_setting_is_the_one_solara_reads():
    code = ("import run; run.dashboard_environment(); "
            "from solara.server import settings; print(settings.telemetry.mixpanel_enable)")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, timeout=60, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.stdout.strip() == "False", result.stderr


def test_dashboard_command_serves_the_page_on_localhost_only():
    port = free_port()
    server = subprocess.Popen([sys.executable, "run.py", "dashboard", "--port", str(port)],
                              cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True)
    try:
        status = None
        end = time.monotonic() + 60
        while status is None and time.monotonic() < end and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as reply:
                    status = reply.status
            except OSError:
                time.sleep(0.3)
        assert status == 200
        if os.path.exists("/proc/net/tcp"):
            assert listening_addresses(port) == {"0100007F"}  # 127.0.0.1, nothing else
    finally:
        server.send_signal(signal.SIGINT)
        out, err = server.communicate(timeout=30)
    assert server.returncode in (0, 130), err
    assert f"http://127.0.0.1:{port}" in out
    assert "telemetry: off" in out
    assert "Traceback" not in err
