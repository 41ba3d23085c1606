"""The workshop end to end in Debian's Chromium (Playwright): `run.py workshop` started as a
person starts it, a facilitator and three participants in their own browser contexts,
two rounds played (one group not submitting), a reload back into the same seat, a
decision refused after the lock, and the export downloaded from the facilitator's page.

Without chromium the module is skipped, saying so; with ZS_REQUIRE_BROWSER=1 (CI) it fails
instead.
"""

from __future__ import annotations

import csv
import importlib.util
import io
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


def join(browser, url: str, code: str, name: str):
    context = browser.new_context(viewport={"width": 420, "height": 900})
    page = context.new_page()
    page.goto(f"{url}?code={code}")
    page.locator(".zs-join-name input").fill(name)
    page.wait_for_timeout(300)  # the typed name reaches the server
    page.locator(".zs-join-button").click()
    expect(page.locator(".zs-seat-title")).to_contain_text(name, timeout=TIMEOUT)
    assert "seat=" in page.url
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


def test_a_facilitator_and_three_participants_play_two_rounds(tmp_path: Path):
    if MISSING:
        pytest.fail(f"{MISSING} ({REQUIRE_BROWSER}=1)", pytrace=False)
    scenario = tmp_path / "small.yaml"
    scenario.write_text(yaml.safe_dump(SMALL), encoding="utf-8")
    server = start(tmp_path / "data", free_port(), "--scenario", str(scenario), "--groups",
                   "3", "--rounds", "2")
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
                facilitator.locator(".zs-open").click()
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

                with facilitator.expect_download() as download:
                    facilitator.locator(".zs-export button").click()
                with zipfile.ZipFile(download.value.path()) as archive:
                    decisions = list(csv.DictReader(io.StringIO(
                        archive.read("decisions.csv").decode())))
                    results = list(csv.DictReader(io.StringIO(
                        archive.read("results.csv").decode())))
                assert [(d["round"], d["group"]) for d in decisions] == [
                    ("1", "1"), ("1", "2"), ("2", "3")]
                assert decisions[0]["reasoning"] == "meer ruimte voor bewoners"
                assert sorted((r["group"], r["year"]) for r in results) == [
                    (g, y) for g in "123" for y in "01"]
            finally:
                browser.close()
    finally:
        server.stop()
