"""The same as benchmarks/dashboard_sessions.py, in Chromium against `run.py dashboard`:
one browser context playing alone for N seconds, then 8 contexts playing at once, each
context a visitor of its own, and then 8 again; the server's memory (resident set, its
worker processes left out) at the start, once the first visitor has gone (warm), at its
peak while they play, and after every context is closed and `--release-after` has passed,
for both rounds of 8. Run through `dashboard_sessions.py --browser`: once with the server as
`run.py dashboard` starts it (on Linux, the C library's allocator), once on Python's own
allocator (PYTHONMALLOC=pymalloc, how the server ran before), to show what the choice does.

Weeks are read from each page after its pause (the week it shows once settled), so they
include what a page played while the others were being paused (a fraction of a second).
"""

from __future__ import annotations

import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.browser import (  # noqa: E402
    dashboard_server,
    free_port,
    launch_chromium,
    open_dashboard,
    settled_week,
)

RELEASE_AFTER = 10  # seconds: the server's --release-after here (2 minutes by default)
AFTER = (5.0, 15.0, 30.0, 60.0)  # seconds after the contexts closed: memory read


def server_pid(port: int) -> int | None:
    """The process of `run.py dashboard --port PORT` (from /proc)."""
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"run.py" in cmdline and b"dashboard" in cmdline and str(port).encode() in cmdline:
            return int(proc.name)
    return None


def rss_of(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


@dataclass
class BrowserMeasurement:
    seconds: float
    sessions: int
    alone: int = 0
    weeks: list[int] = field(default_factory=list)
    start_mb: float = 0.0
    warm_mb: float = 0.0  # after the lone session was closed and released
    peak_mb: float = 0.0
    after_mb: float = 0.0
    after_seconds: float = 0.0
    after: list[tuple[float, float]] = field(default_factory=list)  # (seconds, MB)
    second_weeks: list[int] = field(default_factory=list)  # the same 8 again
    second_after_mb: float = 0.0
    allocator: str = ""  # the server's PYTHONMALLOC, as read from its process

    @property
    def ratio(self) -> float:
        return sum(self.weeks) / self.alone if self.alone else 0.0


def server_allocator(pid: int) -> str:
    """The server's PYTHONMALLOC (from its environment; Python's own allocator without)."""
    try:
        for entry in Path(f"/proc/{pid}/environ").read_bytes().split(b"\0"):
            if entry.startswith(b"PYTHONMALLOC="):
                return entry.split(b"=", 1)[1].decode()
    except OSError:
        pass
    return "pymalloc"


def play(pages: list, seconds: float) -> list[int]:
    for page in pages:
        page.locator(".zs-play").click()
    time.sleep(seconds)
    for page in pages:
        pause = page.locator(".zs-pause")
        if pause.is_enabled():  # not when the play reached the horizon already
            pause.click()
    return [settled_week(page, quiet=2.0, timeout=60) for page in pages]


def measure_browser(count: int, seconds: float,
                    env: dict[str, str] | None = None) -> BrowserMeasurement:
    from playwright.sync_api import sync_playwright

    port = free_port()
    result = BrowserMeasurement(seconds, count)
    options = ("--release-after", f"{RELEASE_AFTER}s", "--max-sessions", str(count + 2))
    with dashboard_server(port, options=options, env=env), sync_playwright() as playwright:
        pid = server_pid(port)
        assert pid is not None, "the server's process was not found"
        result.allocator = server_allocator(pid)
        browser = launch_chromium(playwright)
        stop = threading.Event()

        def sample() -> None:
            while not stop.wait(0.5):
                result.peak_mb = max(result.peak_mb, rss_of(pid))

        try:
            first = open_dashboard(browser.new_context(), f"http://127.0.0.1:{port}/")
            result.start_mb = rss_of(pid)  # the server with one page open, nothing played
            sampler = threading.Thread(target=sample, daemon=True)
            sampler.start()
            result.alone = play([first], seconds)[0]
            first.context.close()
            time.sleep(RELEASE_AFTER + AFTER[-1])
            result.warm_mb = rss_of(pid)  # what the first visitor's play left: warm-up
            for round_ in range(2):  # the second round tells a leak from a warm-up
                contexts = [browser.new_context() for _ in range(count)]
                pages = [open_dashboard(c, f"http://127.0.0.1:{port}/", timeout=180_000)
                         for c in contexts]
                weeks = play(pages, seconds)
                closed = time.monotonic()
                for context in contexts:
                    context.close()
                if round_ == 0:
                    result.weeks = weeks
                    for wait in AFTER:
                        time.sleep(max(0.0, closed + wait - time.monotonic()))
                        result.after.append((wait, rss_of(pid)))
                    result.after_seconds, result.after_mb = result.after[-1]
                else:
                    result.second_weeks = weeks
                    time.sleep(max(0.0, closed + AFTER[-1] - time.monotonic()))
                    result.second_after_mb = rss_of(pid)
            stop.set()
            sampler.join()
        finally:
            stop.set()
            browser.close()
    return result


def browser_section(m: BrowserMeasurement, before: BrowserMeasurement | None = None) -> str:
    """The Chromium section: `m` the server as run.py starts it, `before` (if measured) the
    same on Python's own allocator."""
    per = ", ".join(str(w) for w in m.weeks)
    grew = m.second_after_mb - m.after_mb
    piles = ("what a round of visitors leaves does not pile up (within 5% of the first)"
             if abs(grew) <= 0.05 * m.after_mb else
             "memory grows round after round: something of a closed session is kept")
    return f"""### In Chromium, against `run.py dashboard`

A browser context per visitor (`benchmarks/dashboard_sessions_browser.py`), the server
started with `--release-after {RELEASE_AFTER}s` (allocator: PYTHONMALLOC={m.allocator});
{m.seconds:.0f} s of play per row, weeks as each page shows them once paused.

| sessions | weeks in total | weeks per session |
|---|---|---|
| 1 alone | {m.alone} | {m.alone} |
| {m.sessions} at once | {sum(m.weeks)} | {min(m.weeks)}-{max(m.weeks)} |

- **{m.sessions} at once against one alone: {sum(m.weeks)} / {m.alone} = {m.ratio:.2f}**;
  weeks per session: {per}.
- Server memory: {m.start_mb:.0f} MB with the first page open (nothing played yet),
  {m.warm_mb:.0f} MB once that first visitor had played, closed the tab and been released
  (the start of the server at work: modules, fonts and caches its first play loaded stay),
  peak {m.peak_mb:.0f} MB with {m.sessions} playing, **{m.after_mb:.0f} MB
  {m.after_seconds:.0f} s after every context was closed: {m.after_mb - m.warm_mb:+.0f} MB
  against the warm start** (after {", ".join(f"{w:.0f} s: {mb:.0f} MB" for w, mb in m.after)}).
- The same {m.sessions} visitors again ({sum(m.second_weeks)} weeks in total):
  **{m.second_after_mb:.0f} MB {AFTER[-1]:.0f} s after they closed,
  {m.second_after_mb - m.after_mb:+.0f} MB against the first round**: {piles}.{_before(before)}"""


def _before(b: BrowserMeasurement | None) -> str:
    if b is None:
        return ""
    return f"""
- The same run with the server on PYTHONMALLOC={b.allocator} (Python's own allocator, how
  it ran before): {b.sessions} at once against one alone {sum(b.weeks)} / {b.alone} =
  {b.ratio:.2f}; memory {b.warm_mb:.0f} MB warm, peak {b.peak_mb:.0f} MB, **{b.after_mb:.0f} MB
  {b.after_seconds:.0f} s after the contexts closed ({b.after_mb - b.warm_mb:+.0f} MB against
  the warm start)**, {b.second_after_mb:.0f} MB after the second round."""
