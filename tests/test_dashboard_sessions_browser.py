"""Many visitors at once, in Chromium: `run.py dashboard --max-sessions 4 --release-after
8s`, a browser context per visitor (its own cookies, so its own session). Three play at
once and each makes progress; a reload keeps its run; a fifth visitor gets the polite page,
and gets in once a tab is closed and its session released. Progress and release, no
timings (those are in benchmarks/dashboard_sessions.py).

Skipped without chromium or playwright, as tests/test_dashboard_browser.py is.
"""

from __future__ import annotations

import importlib.util
import time
from contextlib import suppress

import pytest

from tests.browser import (
    CHROMIUM_MISSING,
    REQUIRE_BROWSER,
    browser_required,
    chromium_path,
    dashboard_server,
    launch_chromium,
    open_dashboard,
    settled_week,
    week,
)

MISSING = CHROMIUM_MISSING if chromium_path() is None else (
    "the Python package playwright is not installed"
    if importlib.util.find_spec("playwright") is None else None)
if MISSING and not browser_required():
    pytest.skip(MISSING, allow_module_level=True)

OPTIONS = ("--max-sessions", "4", "--release-after", "8s")
WAIT = 120_000  # ms: a generous cap for a busy machine, not a requirement


def wait_for(condition, timeout: float = WAIT / 1000, every: float = 0.5) -> None:
    end = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < end, "timed out"
        time.sleep(every)


def test_visitors_play_at_once_a_full_server_says_so_and_a_closed_tab_frees_its_place():
    if MISSING:
        pytest.fail(f"{MISSING} ({REQUIRE_BROWSER}=1)", pytrace=False)
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import expect, sync_playwright

    with dashboard_server(options=OPTIONS) as url, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            pages = [open_dashboard(browser.new_context(), url) for _ in range(3)]
            for page in pages:
                page.locator(".zs-play").click()
            for page in pages:  # all three make progress while the others play
                wait_for(lambda page=page: week(page) >= 4)
            for page in pages:
                page.locator(".zs-pause").click()
            for page in pages:
                expect(page.locator(".zs-play")).to_be_enabled(timeout=WAIT)

            # a reload within the release time takes the same run up again
            reloaded = pages[1]
            before = settled_week(reloaded, quiet=3.0, timeout=WAIT / 1000)  # the last frame
            reloaded.reload()
            expect(reloaded.locator(".zs-week")).to_contain_text(f"Week {before} ",
                                                                  timeout=WAIT)

            fourth = open_dashboard(browser.new_context(), url)  # room for a fourth
            fifth = browser.new_context().new_page()
            fifth.goto(url)
            full = fifth.locator(".zs-full")
            expect(full).to_contain_text("Het dashboard is even vol", timeout=WAIT)
            fifth.locator(".zs-language").click()
            expect(full).to_contain_text("The dashboard is full for now")

            pages[0].context.close()  # a tab closes: its session goes, its place frees
            deadline = time.monotonic() + WAIT / 1000
            while not fifth.locator(".zs-week").count():
                assert time.monotonic() < deadline, "the fifth visitor never got in"
                retry = fifth.locator(".zs-full-retry")
                if retry.count():
                    with suppress(PlaywrightError):  # it may go as the dashboard comes
                        retry.click(timeout=2000)
                fifth.wait_for_timeout(2000)
            expect(fifth.locator(".zs-week")).to_contain_text("Week 0", timeout=WAIT)
            assert week(fourth) == 0 and week(pages[2]) >= 4
        finally:
            browser.close()
