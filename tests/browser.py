"""Driving the dashboard in a real browser: start `run.py dashboard` on a free port, launch
Debian's Chromium through Playwright, and a few helpers for the page's controls. Used by
tests/test_dashboard_browser.py and docs/make_screenshots.py.

Playwright's own browser downloads are not used (no `playwright install`): Chromium is the
system's, found on PATH.
"""

from __future__ import annotations

import math
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_MISSING = "Debian's chromium is not installed; apt-get install chromium"
REQUIRE_BROWSER = "ZS_REQUIRE_BROWSER"  # set to 1 (CI): a missing chromium fails, not skips
SERVER_START_TIMEOUT = 90.0
WEEK_TEXT = re.compile(r"(?:Week|week) (\d+) (?:van|of) (\d+)")


def chromium_path() -> str | None:
    """Debian's chromium, or None when it is not installed."""
    return shutil.which("chromium")


def browser_required() -> bool:
    return os.environ.get(REQUIRE_BROWSER, "") == "1"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def dashboard_server(port: int | None = None, timeout: float = SERVER_START_TIMEOUT,
                     options: tuple[str, ...] = (),
                     env: dict[str, str] | None = None) -> Iterator[str]:
    """`run.py dashboard --port PORT` from the project's folder; yields its URL once it
    serves the page, and stops it afterwards, whatever happened (Ctrl-C first, then kill;
    the server runs in its own process group, so its compare workers go with it). The
    interpreter is this one: the venv's python under `make test` and `.venv/bin/...`.
    `options` go to the command as well (e.g. --max-sessions 3), `env` to its environment."""
    port = port or free_port()
    url = f"http://127.0.0.1:{port}/"
    with tempfile.TemporaryFile(mode="w+", prefix="zs-dashboard-") as log:
        server = subprocess.Popen(
            [sys.executable, "run.py", "dashboard", "--port", str(port), *options], cwd=ROOT,
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})})
        try:
            _wait_until_serving(server, url, log, timeout)
            problem = missing_assets(url)
            if problem:
                raise RuntimeError(problem)
            yield url
        finally:
            _stop(server)


def _wait_until_serving(server: subprocess.Popen, url: str, log, timeout: float) -> None:
    end = time.monotonic() + timeout
    while True:
        if server.poll() is not None:
            raise RuntimeError(f"the dashboard exited with {server.returncode}:\n{_tail(log)}")
        try:
            with urllib.request.urlopen(url, timeout=5) as reply:
                if reply.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > end:
            raise RuntimeError(f"the dashboard did not serve {url} within {timeout:.0f} s:\n"
                               f"{_tail(log)}")
        time.sleep(0.2)


def missing_assets(url: str) -> str | None:
    """Why the page cannot start in a browser, or None: Solara's page loads its front end
    (the Vue app, require.js, fonts) from `/_solara/cdn/`, which the server proxies to a
    public CDN and caches; without internet and without a cached copy, the page stays
    blank."""
    with urllib.request.urlopen(url, timeout=30) as reply:
        html = reply.read().decode("utf-8", "replace")
    for path in dict.fromkeys(re.findall(r'(?:src|href)="(/_solara/cdn/[^"]+)"', html)):
        try:
            with urllib.request.urlopen(url.rstrip("/") + path, timeout=60):
                pass
        except OSError as exc:
            return (f"the dashboard cannot serve its front end: {path} -> {exc}. Solara "
                    "fetches it from a public CDN into its cache (settings.assets."
                    "proxy_cache_dir, SOLARA_ASSETS_PROXY_CACHE_DIR); this machine has no "
                    "internet and no cached copy, so the page would stay blank")
    return None


def _tail(log, chars: int = 3000) -> str:
    log.flush()
    log.seek(0)
    return log.read()[-chars:]


def _stop(server: subprocess.Popen) -> None:
    """Ctrl-C the server, then kill what is left of its process group."""
    if server.poll() is None:
        with suppress(ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(server.pid, signal.SIGINT)
            server.wait(timeout=15)
    with suppress(ProcessLookupError):
        os.killpg(server.pid, signal.SIGKILL)  # stragglers: compare worker processes
    if server.poll() is None:
        server.wait(timeout=10)


def launch_chromium(playwright, executable: str | None = None):
    """Debian's Chromium, headless, through Playwright (`--no-sandbox`: CI runs as root)."""
    executable = executable or chromium_path()
    if executable is None:
        raise RuntimeError(CHROMIUM_MISSING)
    return playwright.chromium.launch(executable_path=executable, headless=True,
                                      args=["--no-sandbox", "--disable-dev-shm-usage"])


# --- the page ------------------------------------------------------------------------------
def open_dashboard(context, url: str, timeout: float = 60_000):
    """A new page on the dashboard, waited until the model's first view is shown."""
    from playwright.sync_api import expect

    page = context.new_page()
    page.goto(url)
    expect(page.locator(".zs-week")).to_contain_text("Week 0", timeout=timeout)
    return page


def week(page) -> int:
    """The week the page shows."""
    found = WEEK_TEXT.search(page.locator(".zs-week").inner_text())
    assert found, page.locator(".zs-week").inner_text()
    return int(found.group(1))


def set_slider(page, container: str, value: float, step: float, pause: float = 150) -> None:
    """Move the slider inside `container` to `value` with the arrow keys, one step at a time
    at a person's pace: each press is shown before the next, and the next waits `pause` ms.
    (Presses a few ms apart get lost: the server's echo of an earlier value overrides the
    newer one in the page, e.g. Home then two right arrows on a slider at 5 end at 7.)"""
    from playwright.sync_api import expect

    thumb = page.locator(f"{container} [role=slider]")
    thumb.focus()
    for _ in range(200):
        current = float(thumb.get_attribute("aria-valuenow"))
        if abs(current - value) < step / 2:
            page.wait_for_timeout(pause)  # and it stays there
            if abs(float(thumb.get_attribute("aria-valuenow")) - value) < step / 2:
                return
            continue
        up = current < value
        thumb.press("ArrowRight" if up else "ArrowLeft")
        # it moves (on a busy page a press may land as two steps; the loop walks back)
        expect(thumb).not_to_have_attribute("aria-valuenow", _number_pattern(current, step))
        page.wait_for_timeout(pause)
    raise AssertionError(f"the slider in {container} did not reach {value}")


def _number_pattern(value: float, step: float) -> re.Pattern:
    """aria-valuenow as the slider writes it: 0.1, 5 (not 0.1000000001, 5.0)."""
    decimals = max(0, -int(math.floor(math.log10(step)))) if step < 1 else 0
    text = f"{value:.{decimals}f}".rstrip("0").rstrip(".") if decimals else f"{value:.0f}"
    return re.compile(rf"^{re.escape(text)}0*$")


def drop_file(page, target: str, path: Path) -> None:
    """Drop a file from disk on the element `target`, as from a file manager. Solara's
    FileDrop is a drop zone without a file <input> (so no set_input_files), and reads the
    drop through webkitGetAsEntry, which a DataTransfer made in the page cannot fake:
    Chromium's DevTools protocol drags the real file instead."""
    box = page.locator(target).bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    data = {"items": [], "files": [str(path)], "dragOperationsMask": 1}
    cdp = page.context.new_cdp_session(page)
    try:
        for kind in ("dragEnter", "dragOver", "drop"):
            cdp.send("Input.dispatchDragEvent", {"type": kind, "x": x, "y": y, "data": data})
    finally:
        cdp.detach()


def click_until(target, shown, attempts: int = 4, each: float = 10_000) -> None:
    """Click `target` until `shown(timeout_ms)` holds, for a page's first click: on a loaded
    machine a click sent while the page is still connecting to the server can be lost (the
    page looks ready but nothing happens), and a person would simply click again. Only for
    clicks that may be repeated harmlessly (navigation, opening a view)."""
    for attempt in range(attempts):
        target.click()
        try:
            shown(each)
            return
        except AssertionError:
            if attempt == attempts - 1:
                raise


def settled_week(page, quiet: float = 0.6, timeout: float = 10.0) -> int:
    """The week shown once it has not changed for `quiet` seconds (after a pause, the page
    still renders the last frame of the play)."""
    end = time.monotonic() + timeout
    shown, since = week(page), time.monotonic()
    while time.monotonic() - since < quiet:
        assert time.monotonic() < end, f"the week kept changing for {timeout:.0f} s"
        page.wait_for_timeout(50)
        now = week(page)
        if now != shown:
            shown, since = now, time.monotonic()
    return shown


CLIPPED = """element => {
    const box = element.getBoundingClientRect();
    const clips = value => value === "hidden" || value === "clip";
    for (let parent = element.parentElement; parent; parent = parent.parentElement) {
        const style = getComputedStyle(parent), frame = parent.getBoundingClientRect();
        const name = parent.tagName.toLowerCase() + "." + [...parent.classList].join(".");
        if (clips(style.overflowY) && (box.top < frame.top - 1 || box.bottom > frame.bottom + 1))
            return `${name} (${Math.round(frame.height)} px high) cuts it off vertically`;
        if (clips(style.overflowX) && (box.left < frame.left - 1 || box.right > frame.right + 1))
            return `${name} (${Math.round(frame.width)} px wide) cuts it off sideways`;
    }
    return null;
}"""


def assert_shown(page, selector: str, settle: float = 10.0) -> None:
    """The first element matching `selector` is visible and no ancestor that hides its
    overflow cuts it off: a person can see it (scrolling the page if need be). Playwright's
    visibility checks do not look at clipping. A panel still opening clips what it holds
    while it grows, so the check is repeated for up to `settle` seconds (a busy machine
    runs the animation slowly); what stays clipped after that fails."""
    from playwright.sync_api import expect

    element = page.locator(selector).first
    expect(element).to_be_visible()
    end = time.monotonic() + settle
    while (clipped := element.evaluate(CLIPPED)) is not None and time.monotonic() < end:
        page.wait_for_timeout(200)
    assert clipped is None, f"{selector} is hidden: {clipped}"
