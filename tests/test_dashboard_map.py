"""The neighbourhood map in the dashboard without a browser: adding the boundaries (a dropped
GeoJSON file), the map instead of the tiles, the status and the lists of what it leaves
out, the boundaries kept across settings and scenarios (and shown when they match), removing
them, a refused file, and the report taking the map along. The map itself, the loading and
the matching are tested in tests/test_boundaries.py."""

from __future__ import annotations

from collections.abc import Iterator

import ipyvuetify as v
import pytest
import yaml

from dashboards import upload
from dashboards.i18n import t
from dashboards.session import Session
from tests.dashboard_page import Page, descendants, fake_file_drop, wait_until, widget_texts
from tests.test_boundaries import FIXTURE, zandhoven_data
from tests.test_dashboard import ipython_display  # noqa: F401  (the page's display hook)

SCENARIO = yaml.safe_dump(zandhoven_data()).encode()
DROP = t("boundaries.drop", "nl")


def fake_drops(monkeypatch, boundaries: bytes, file: str = "zandhoven_wijken.geojson",
               size: int | None = None) -> None:
    """The scenario's drop zone drops the Zandhoven scenario (class fake-drop), the map's
    drop zone the boundaries (class fake-boundaries)."""
    monkeypatch.setattr(upload, "FileDrop", fake_file_drop("zandhoven.yaml", SCENARIO))
    monkeypatch.setattr(upload, "FileDrop", fake_file_drop(
        file, boundaries, only=DROP, cls="fake-boundaries", size=size))


@pytest.fixture
def page(monkeypatch) -> Iterator[Page]:
    fake_drops(monkeypatch, FIXTURE.read_bytes())
    shown = Page()
    shown.click("fake-drop")  # the Zandhoven scenario
    shown.click("zs-step")
    yield shown
    shown.close()


def add_boundaries(page: Page) -> None:
    page.click("zs-boundaries-add")
    page.click("fake-boundaries")


def items(page: Page, cls: str) -> list[str]:
    return [text for widget in page.all(cls) for text in widget_texts(
        [w for w in descendants(widget) if "zs-map-item" in (getattr(w, "class_", "") or "")])]


def pick_scenario(page: Page, label: str) -> None:
    picker = next(w for w in descendants(page.one("zs-scenario")) if isinstance(w, v.Select))
    picker.v_model = label


def test_without_boundaries_the_tiles_stay_and_a_button_offers_the_map(page):
    assert len(page.all("zs-tile")) == 6
    assert not page.all("zs-chart-map")
    assert not page.all("fake-boundaries")  # the drop zone only after the button
    assert page.button_label("zs-boundaries-add") == "Kaart met wijkgrenzen"
    page.click("zs-boundaries-add")
    assert "CBS Wijk- en Buurtkaart van PDOK" in page.text("zs-boundaries")
    assert page.all("fake-boundaries")


def test_dropped_boundaries_become_a_map_with_what_it_leaves_out_listed(page):
    add_boundaries(page)
    assert page.all("zs-chart-map")
    assert not page.all("zs-tile")
    assert "zandhoven_wijken.geojson: 5 vlakken" in page.text("zs-boundaries-loaded")
    assert page.text("zs-map-status") == (
        "4 van 6 wijken op de kaart (vlakken gekoppeld op code: 2, op naam: 2).")
    assert items(page, "zs-map-missing") == ["Buitengebied (Zandhoven)", "Molenwijk (Elders)"]
    assert items(page, "zs-map-unmatched") == [
        "Bedrijventerrein Zuid (WK990104): geen wijk met deze code of naam"]
    assert not page.all("zs-boundaries-error")
    page.click("zs-language")
    assert page.text("zs-map-status").startswith("4 of 6 neighbourhoods on the map")
    assert "Neighbourhoods without an area on the map (2):" in page.text("zs-map-missing")
    assert page.button_label("zs-boundaries-remove") == "Remove the map"


def test_the_boundaries_stay_across_settings_and_scenarios(page):
    add_boundaries(page)
    boundaries = page.ui.boundaries.value
    page.slider("zs-lever-trust").v_model = 0.8
    page.slider("zs-budget-cut").v_model = 20
    page.click("zs-reset")
    page.click("zs-step")
    assert page.ui.boundaries.value is boundaries and page.all("zs-chart-map")
    pick_scenario(page, "baseline_2015")  # none of its neighbourhoods is on this map
    assert len(page.all("zs-tile")) == 6 and not page.all("zs-chart-map")
    assert "passen bij geen enkele wijk van dit scenario" in page.text("zs-boundaries-none")
    pick_scenario(page, "zandhoven (eigen scenario)")
    assert page.all("zs-chart-map") and not page.all("zs-boundaries-none")


def test_removing_the_boundaries_brings_the_tiles_back(page):
    add_boundaries(page)
    page.click("zs-boundaries-remove")
    assert page.ui.boundaries.value is None
    assert len(page.all("zs-tile")) == 6 and not page.all("zs-chart-map")
    assert page.all("zs-boundaries-add")


@pytest.mark.parametrize(("data", "size", "says"), [
    (b'{"type": "Topology"}', None, "geen GeoJSON-FeatureCollection (het type is Topology)"),
    (b"not read", 25 * 1024 * 1024, "is 25,0 MB; hoogstens 20 MB is toegestaan"),
])
def test_a_refused_file_says_why_and_the_page_goes_on(monkeypatch, data, size, says):
    # too big: refused on the size the browser gives, unread (read, these 8 bytes would be
    # refused as not JSON)
    fake_drops(monkeypatch, data, file="kaart.json", size=size)
    shown = Page()
    try:
        add_boundaries(shown)
        message = shown.text("zs-boundaries-error")
        assert message.startswith("kaart.json") and says in message, message
        assert "Traceback" not in message
        assert shown.ui.boundaries.value is None and len(shown.all("zs-tile")) == 6
        shown.click("zs-step")
        assert shown.week == 1
    finally:
        shown.close()


def test_the_report_takes_the_map_along(page, monkeypatch):
    add_boundaries(page)
    page.ui.map_metric.value = "participation"
    asked = []
    report = Session.report

    def recorded(self, kind, lang, boundaries=None, metric="unmet_share"):
        asked.append((kind, boundaries, metric))
        return report(self, kind, lang, boundaries, metric)

    monkeypatch.setattr(Session, "report", recorded)
    from solara.components.file_download import FileDownloadWidget

    [png] = [w for w in page.rc.find(FileDownloadWidget).widgets
             if w.filename.endswith("-report.png")]
    png.request_download = True  # as the browser asks on a click
    wait_until(lambda: png.bytes is not None)
    assert png.bytes.startswith(b"\x89PNG")
    assert asked == [("png", page.ui.boundaries.value, "participation")]
