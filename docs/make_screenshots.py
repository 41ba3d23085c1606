"""Screenshots of the dashboard for docs/dashboard.md, taken in Debian's Chromium.

    .venv/bin/python docs/make_screenshots.py

Starts `run.py dashboard` on a free port (as tests/test_dashboard_browser.py does), plays
the 2015 baseline for about two years, and writes to docs/figures/:

- dashboard_explore.png     the Explore tab, in Dutch (the default)
- dashboard_explore_en.png  the same in English
- dashboard_compare.png     the Compare tab after comparing the three variants, with the
                            steering pressure at 0.6 (3 seeds, 4 years, to keep it short)
- dashboard_report.png      the one-page report, downloaded from the page as PNG
- dashboard_map.png         the neighbourhood section as a map: the fictional Zandhoven of
                            tests/test_boundaries.py dropped as a scenario, and its wijken
                            (tests/fixtures/zandhoven_wijken.geojson) as boundaries
- dashboard_report_map.png  the report of that run, with the map

- dashboard_mine.png        My municipality filled from the fictional CBS fixture
                            (tests/fixtures/cbs/kwb_voorbeeld.csv), with what it lacked
- dashboard_compare_own.png the Compare tab with two own variants, named, compared with the
                            current settings (2 seeds, 3 years)
- dashboard_compare_report.png  that comparison's one-page report, downloaded as PNG

`python docs/make_screenshots.py map` takes the map's two only, `... own` the last three.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from model import WEEKS_PER_YEAR  # noqa: E402  (the project's folder first)
from tests.browser import (  # noqa: E402
    CHROMIUM_MISSING,
    chromium_path,
    dashboard_server,
    launch_chromium,
    open_dashboard,
    set_slider,
    settled_week,
    week,
)

FIGURES = ROOT / "docs" / "figures"
VIEWPORT = {"width": 1440, "height": 1000}
PLAY_WEEKS = WEEKS_PER_YEAR  # pause after a year (it runs on a little): the charts have content


def settled_charts(page, quiet: float = 1.0, timeout: float = 20.0) -> None:
    """Wait until no chart image has changed for `quiet` seconds (charts are redrawn on the
    server and sent as PNG; the last frame of a play or a language switch comes late)."""
    end = time.monotonic() + timeout
    images = page.locator(".zs-chart img")

    def sources() -> list[str]:
        return [image.get_attribute("src") or "" for image in images.all()]

    shown, since = sources(), time.monotonic()
    while time.monotonic() - since < quiet and time.monotonic() < end:
        page.wait_for_timeout(100)
        now = sources()
        if now != shown:
            shown, since = now, time.monotonic()


# The sidebar and the main area scroll on their own, so a full-page screenshot is one
# window high: the window is made as tall as the longest of them for the screenshot.
CONTENT_HEIGHT = """() => Math.max(...[...document.querySelectorAll("*")]
    .filter(e => ["auto", "scroll"].includes(getComputedStyle(e).overflowY))
    .map(e => e.getBoundingClientRect().top + e.scrollHeight))"""
MAX_HEIGHT = 4000


def shot(page, name: str) -> None:
    """A screenshot of everything on the page, the scrolled-away parts included."""
    path = FIGURES / name
    height = min(MAX_HEIGHT, max(VIEWPORT["height"], round(page.evaluate(CONTENT_HEIGHT))))
    page.set_viewport_size({"width": VIEWPORT["width"], "height": height})
    page.mouse.move(VIEWPORT["width"] // 2, 30)  # over the title: no hover, no tooltip
    page.locator(".v-tooltip .v-overlay__content").wait_for(state="hidden")
    try:
        page.wait_for_timeout(300)  # the layout follows the window
        page.screenshot(path=str(path))
    finally:
        page.set_viewport_size(VIEWPORT)
    print(f"wrote {path.relative_to(ROOT)} ({VIEWPORT['width']}x{height})")


def play(page, weeks: int) -> int:
    """Play until the page shows `weeks` weeks or more, then pause; the week it stopped at."""
    page.locator(".zs-play").click()
    end = time.monotonic() + 120
    while week(page) < weeks:
        if time.monotonic() > end:
            raise RuntimeError(f"played to week {week(page)} in 120 s, not to {weeks}")
        page.wait_for_timeout(50)
    page.locator(".zs-pause").click()
    page.locator(".zs-playing").wait_for(state="detached")
    return settled_week(page)


def map_shots(browser, url: str) -> None:
    """The map of a scenario with boundaries, in the page and in the report (a visitor of
    its own, so the other shots keep the tiles)."""
    import tempfile

    import yaml
    from playwright.sync_api import expect

    from tests.browser import drop_file
    from tests.test_boundaries import FIXTURE, zandhoven_data

    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
    page = open_dashboard(context, url)
    with tempfile.TemporaryDirectory() as folder:
        scenario = Path(folder) / "zandhoven.yaml"
        scenario.write_text(yaml.safe_dump(zandhoven_data()))
        drop_file(page, ".zs-upload .solara-file-drop", scenario)
        expect(page.locator(".zs-upload-ok")).to_contain_text("zandhoven")
    page.locator(".zs-boundaries-add").click()
    drop_file(page, ".zs-boundaries-drop .solara-file-drop", FIXTURE)
    expect(page.locator(".zs-chart-map img")).to_be_visible()
    print(f"played to week {play(page, PLAY_WEEKS)}")
    settled_charts(page)
    # the main area scrolls on its own: a window as tall as it, so the section is whole
    height = min(MAX_HEIGHT, round(page.evaluate(CONTENT_HEIGHT)))
    page.set_viewport_size({"width": VIEWPORT["width"], "height": height})
    page.mouse.move(VIEWPORT["width"] // 2, 30)  # no hover, no tooltip
    page.wait_for_timeout(300)
    page.locator(".zs-neighbourhoods").screenshot(path=str(FIGURES / "dashboard_map.png"))
    page.set_viewport_size(VIEWPORT)
    print(f"wrote {(FIGURES / 'dashboard_map.png').relative_to(ROOT)}")
    page.locator(".zs-tab-export").click()
    with page.expect_download() as download:
        page.locator(".zs-download-png").click()
    download.value.save_as(FIGURES / "dashboard_report_map.png")
    print(f"wrote {(FIGURES / 'dashboard_report_map.png').relative_to(ROOT)}")
    context.close()


def own_shots(browser, url: str) -> None:
    """My municipality from a CBS file, and a comparison of own named variants (a visitor
    of its own)."""
    from playwright.sync_api import expect

    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
    page = open_dashboard(context, url)
    page.locator(".zs-tab-mine").click()
    page.locator(".zs-mine-cbs-drop input[type=file]").set_input_files(
        str(ROOT / "tests" / "fixtures" / "cbs" / "kwb_voorbeeld.csv"))
    expect(page.locator(".zs-mine-cbs-loaded")).to_be_visible()
    page.locator(".zs-mine-cbs-fill").click()
    expect(page.locator(".zs-mine-cbs-ok")).to_be_visible()
    page.locator(".zs-mine-mean_ties input").nth(1).fill("6,5")
    expect(page.locator(".zs-mine-time")).to_be_visible(timeout=60_000)
    shot(page, "dashboard_mine.png")
    page.locator(".zs-mine-load").click()
    expect(page.locator(".zs-upload-ok")).to_contain_text("voorbeeldstad_wijken")
    page.locator(".zs-tab-compare").click()
    for name in ("own", "letting_go"):
        page.locator(f".zs-variant-{name} input[type=checkbox]").uncheck()
    set_slider(page, ".zs-lever-connect", 0.8, step=0.05)
    page.locator(".zs-variants-name input").fill("Optie A: wijkteams")
    page.locator(".zs-variants-save").click()
    expect(page.locator(".zs-own-variant")).to_have_count(1)
    set_slider(page, ".zs-lever-connect", 0.5, step=0.05)
    set_slider(page, ".zs-lever-trust", 0.85, step=0.05)
    page.locator(".zs-variants-name input").fill("Optie B: vertrouwen geven")
    page.locator(".zs-variants-save").click()
    expect(page.locator(".zs-own-variant")).to_have_count(2)
    set_slider(page, ".zs-lever-trust", 0.5, step=0.05)
    set_slider(page, ".zs-compare-seeds", 2, step=1)
    set_slider(page, ".zs-compare-years", 3, step=1)
    page.locator(".zs-compare-run").click()
    expect(page.locator(".zs-compare-table")).to_be_visible(timeout=180_000)
    settled_charts(page)
    shot(page, "dashboard_compare_own.png")
    page.locator(".zs-tab-export").click()
    with page.expect_download() as download:
        page.locator(".zs-download-compare-png").click()
    download.value.save_as(FIGURES / "dashboard_compare_report.png")
    print(f"wrote {(FIGURES / 'dashboard_compare_report.png').relative_to(ROOT)}")
    context.close()


def main() -> int:
    if chromium_path() is None:
        print(CHROMIUM_MISSING, file=sys.stderr)
        return 1
    from playwright.sync_api import expect, sync_playwright

    FIGURES.mkdir(parents=True, exist_ok=True)
    with dashboard_server() as url, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            if sys.argv[1:] != ["own"]:
                map_shots(browser, url)
            if sys.argv[1:] != ["map"]:
                own_shots(browser, url)
            if sys.argv[1:] in (["map"], ["own"]):
                return 0
            context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
            page = open_dashboard(context, url)
            stopped = play(page, PLAY_WEEKS)
            print(f"played to week {stopped}")
            settled_charts(page)
            shot(page, "dashboard_explore.png")

            page.locator(".zs-language").click()
            expect(page.locator(".zs-tab-explore")).to_have_text("Explore")
            settled_charts(page)
            shot(page, "dashboard_explore_en.png")
            page.locator(".zs-language").click()
            expect(page.locator(".zs-tab-explore")).to_have_text("Verkennen")

            page.locator(".zs-tab-export").click()  # the report of the run shown above
            with page.expect_download() as download:
                page.locator(".zs-download-png").click()
            download.value.save_as(FIGURES / "dashboard_report.png")
            print(f"wrote {(FIGURES / 'dashboard_report.png').relative_to(ROOT)}")

            # 'het moet': steering pressure up, so the current settings differ from the
            # scenario's own (otherwise their lines coincide)
            set_slider(page, ".zs-lever-steering_pressure", 0.6, step=0.05)
            page.locator(".zs-tab-compare").click()
            for name in ("current", "own", "letting_go"):
                page.locator(f".zs-variant-{name} input[type=checkbox]").check()
            set_slider(page, ".zs-compare-seeds", 3, step=1)
            set_slider(page, ".zs-compare-years", 4, step=1)
            page.locator(".zs-compare-run").click()
            expect(page.locator(".zs-chart-compare img")).to_be_visible(timeout=120_000)
            print(page.locator(".zs-compare-progress").text_content())
            shot(page, "dashboard_compare.png")
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
