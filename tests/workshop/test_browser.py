"""The workshop end to end in Debian's Chromium (Playwright): `run.py workshop` started as a
person starts it, a facilitator and three participants in their own browser contexts,
three rounds played (groups not submitting), a reload back into the same seat, an event
injected for round 2 and read by a group, a decision refused after the lock, the export
downloaded from the facilitator's page, and the debrief opened, stepped back round by
round, a what-if run and its pages downloaded.

Without chromium the module is skipped, saying so; with ZS_REQUIRE_BROWSER=1 (CI) it fails
instead.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import os
import re
import zipfile
from pathlib import Path

import pytest
import yaml

from tests.browser import (
    CHROMIUM_MISSING,
    REQUIRE_BROWSER,
    browser_required,
    chromium_path,
    click_until,
    free_port,
    launch_chromium,
)
from tests.conftest import SMALL
from tests.workshop.server import start

PLAYWRIGHT_MISSING = "the Python package playwright is not installed; pip install -e '.[dev]'"
MISSING = CHROMIUM_MISSING if chromium_path() is None else (
    PLAYWRIGHT_MISSING if importlib.util.find_spec("playwright") is None else None)
if MISSING and not browser_required():
    pytest.skip(MISSING, allow_module_level=True)
if not MISSING:
    from playwright.sync_api import expect, sync_playwright

RUN_TIMEOUT = 180_000  # ms: a round's runs on a busy 2-core machine, workers included
TIMEOUT = 30_000


def shoot(page, name: str) -> None:
    """A screenshot for docs/workshop.md, when ZS_SCREENSHOTS names a folder (make them
    with `ZS_SCREENSHOTS=docs/images .venv/bin/python -m pytest tests/workshop/test_browser.py`)."""
    folder = os.environ.get("ZS_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def join(browser, url: str, code: str, name: str):
    context = browser.new_context(viewport={"width": 420, "height": 900})
    page = context.new_page()
    page.goto(f"{url}?code={code}")
    page.locator(".zs-join-name input").fill(name)
    page.wait_for_timeout(300)  # the typed name reaches the server
    page.locator(".zs-join-button").click()
    expect(page.locator(".zs-seat-title")).to_contain_text(name, timeout=TIMEOUT)
    expect(page).to_have_url(re.compile("seat="), timeout=TIMEOUT)  # the seat in the address
    return page


def submit(page, reasoning: str, nudge: bool = False) -> None:
    expect(page.locator(".zs-round-open")).to_be_visible(timeout=TIMEOUT)
    if nudge:
        thumb = page.locator(".zs-lever [role=slider]").first
        thumb.focus()
        thumb.press("ArrowRight")
        page.wait_for_timeout(300)
    page.locator(".zs-reasoning textarea:not([readonly])").fill(reasoning)
    page.wait_for_timeout(300)
    page.locator(".zs-submit").click()
    expect(page.locator(".zs-submit-message")).to_contain_text("Ingeleverd", timeout=TIMEOUT)


def run_round(facilitator, number: int) -> None:
    facilitator.locator(".zs-lock").click()
    expect(facilitator.locator(".zs-round-locked")).to_be_visible(timeout=TIMEOUT)
    facilitator.locator(".zs-run").click()
    expect(facilitator.locator(".zs-action-message")).to_contain_text(
        f"Ronde {number} wordt doorgerekend", timeout=TIMEOUT)


def test_a_facilitator_and_three_participants_play_three_rounds(tmp_path: Path):
    if MISSING:
        pytest.fail(f"{MISSING} ({REQUIRE_BROWSER}=1)", pytrace=False)
    scenario = tmp_path / "small.yaml"
    scenario.write_text(yaml.safe_dump(SMALL), encoding="utf-8")
    server = start(tmp_path / "data", free_port(), "--scenario", str(scenario), "--groups",
                   "3", "--rounds", "3")
    try:
        link, code = server.printed("facilitator"), server.printed("join code")
        with sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            try:
                wrong = browser.new_page()
                wrong.goto(link.replace("token=", "token=x"))
                expect(wrong.locator(".zs-no-access")).to_be_visible(timeout=TIMEOUT)
                expect(wrong.locator(".zs-session-link")).to_have_count(0)

                facilitator = browser.new_context(
                    viewport={"width": 1400, "height": 1000}, accept_downloads=True).new_page()
                facilitator.goto(link)
                click_until(facilitator.locator(f".zs-session-{code}"), lambda ms: expect(
                    facilitator).to_have_url(re.compile("session="), timeout=ms))
                expect(facilitator.locator(".zs-join-code-shown")).to_have_text(
                    code, timeout=TIMEOUT)
                people = [join(browser, server.url, code, name) for name in ("Ada", "Bo", "Cas")]
                expect(facilitator.locator(".zs-connected")).to_have_count(3, timeout=TIMEOUT)

                facilitator.locator(".zs-open").click()
                # the knobs' budget balances as it stands, and the preview answers
                expect(people[0].locator(".zs-round-open")).to_be_visible(timeout=TIMEOUT)
                expect(people[0].locator(".zs-knob")).to_have_count(5)
                expect(people[0].locator(".zs-budget-ok")).to_be_visible(timeout=TIMEOUT)
                people[0].locator(".zs-preview-button").click()
                expect(people[0].locator(".zs-preview")).to_contain_text(
                    "Ruwe schatting", timeout=RUN_TIMEOUT)
                submit(people[0], "meer ruimte voor bewoners", nudge=True)
                submit(people[1], "zo laten")
                expect(facilitator.locator(".zs-group-submitted")).to_have_count(
                    2, timeout=TIMEOUT)
                expect(facilitator.locator(".zs-previous-stand")).to_contain_text("3")
                run_round(facilitator, 1)
                for page in people:
                    expect(page.locator(".zs-card-participation")).to_be_visible(
                        timeout=RUN_TIMEOUT)
                expect(people[0].locator(".zs-scores")).to_contain_text("Financi")
                expect(facilitator.locator(".zs-standings")).to_contain_text("Financi",
                                                                             timeout=TIMEOUT)
                expect(facilitator.locator(".zs-decisions")).to_contain_text("Netwerkwerk")

                people[0].reload()  # back in the same seat
                expect(people[0].locator(".zs-seat-title")).to_contain_text("Ada",
                                                                           timeout=TIMEOUT)
                facilitator.locator(".zs-inject-button").click()  # the library's default
                expect(facilitator.locator(".zs-inject-message")).to_contain_text(
                    "ronde 2", timeout=TIMEOUT)
                facilitator.locator(".zs-open").click()
                expect(people[0].locator(".zs-news-headline")).to_contain_text(
                    "extra bezuinigen", timeout=TIMEOUT)
                submit(people[2], "nu wel")
                facilitator.locator(".zs-lock").click()
                expect(people[1].locator(".zs-round-locked")).to_be_visible(timeout=TIMEOUT)
                people[1].locator(".zs-submit").click()
                expect(people[1].locator(".zs-submit-message")).to_contain_text(
                    "niet open", timeout=TIMEOUT)
                facilitator.locator(".zs-run").click()
                for page in people:
                    expect(page.locator(".zs-figures")).to_be_visible(timeout=RUN_TIMEOUT)
                    expect(page.get_by_text("Jullie gemeente in jaar 2")).to_be_visible(
                        timeout=RUN_TIMEOUT)

                shoot(people[0], "workshop-group")
                shoot(facilitator, "workshop-facilitator")
                facilitator.locator(".zs-open").click()  # round 3: only group 1 decides
                submit(people[0], "derde ronde")
                run_round(facilitator, 3)
                for page in people:
                    expect(page.get_by_text("Jullie gemeente in jaar 3")).to_be_visible(
                        timeout=RUN_TIMEOUT)

                with facilitator.expect_download() as download:
                    facilitator.locator(".zs-export button").click()
                with zipfile.ZipFile(download.value.path()) as archive:
                    decisions = list(csv.DictReader(io.StringIO(
                        archive.read("decisions.csv").decode())))
                    results = list(csv.DictReader(io.StringIO(
                        archive.read("results.csv").decode())))
                assert [(d["round"], d["group"]) for d in decisions] == [
                    ("1", "1"), ("1", "2"), ("2", "3"), ("3", "1")]
                assert decisions[0]["reasoning"] == "meer ruimte voor bewoners"
                assert sorted((r["group"], r["year"]) for r in results) == [
                    (g, y) for g in "123" for y in "012"]

                # the debrief: round 3 of 3 first, then back round by round
                facilitator.locator(".zs-debrief-open").click()
                expect(facilitator.locator(".zs-debrief-round")).to_contain_text(
                    "Ronde 3 van 3", timeout=TIMEOUT)
                expect(facilitator.locator(".zs-debrief-chart")).to_be_visible(
                    timeout=TIMEOUT)
                expect(facilitator.locator(".zs-debrief-reasoning")).to_contain_text(
                    "derde ronde", timeout=TIMEOUT)
                facilitator.locator(".zs-debrief-previous").click()
                expect(facilitator.locator(".zs-debrief-round")).to_contain_text(
                    "Ronde 2 van 3", timeout=TIMEOUT)
                expect(facilitator.locator(".zs-debrief-reasoning")).to_have_count(0)
                facilitator.locator(".zs-debrief-previous").click()
                expect(facilitator.locator(".zs-debrief-round")).to_contain_text(
                    "Ronde 1 van 3", timeout=TIMEOUT)
                expect(facilitator.locator(".zs-debrief-reasoning")).to_contain_text(
                    "meer ruimte voor bewoners", timeout=TIMEOUT)
                expect(facilitator.locator(".zs-baseline-running")).to_have_count(
                    0, timeout=RUN_TIMEOUT)
                # what if: the group's own levers are refused in words; one lever nudged runs
                facilitator.locator(".zs-fork-run").click()
                expect(facilitator.locator(".zs-debrief-message")).to_contain_text(
                    "dezelfde knoppen", timeout=TIMEOUT)
                thumb = facilitator.locator(".zs-fork [role=slider]").first
                thumb.focus()
                thumb.press("ArrowRight")
                facilitator.wait_for_timeout(300)
                facilitator.locator(".zs-fork-run").click()
                expect(facilitator.locator(".zs-debrief-message")).to_contain_text(
                    "wordt doorgerekend", timeout=TIMEOUT)
                expect(facilitator.locator(".zs-forks")).to_contain_text(
                    "klaar", timeout=RUN_TIMEOUT)
                shoot(facilitator, "workshop-debrief")
                with facilitator.expect_download(timeout=RUN_TIMEOUT) as download:
                    facilitator.locator(".zs-debrief-pages button").click()
                with zipfile.ZipFile(download.value.path()) as archive:
                    pages = archive.namelist()
                    overview = archive.read(f"debrief-{code}-overview.png")
                assert f"debrief-{code}.pdf" in pages
                assert {f"debrief-{code}-group-{g}.png" for g in "123"} <= set(pages)
                assert overview.startswith(b"\x89PNG") and len(overview) > 20_000
            finally:
                browser.close()
    finally:
        server.stop()
