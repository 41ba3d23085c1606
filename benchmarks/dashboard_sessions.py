"""Many dashboard sessions at once, without a browser: one session playing alone, then 8
playing at the same time, with their weeks and the process's memory.

    .venv/bin/python benchmarks/dashboard_sessions.py     # writes its section of RESULTS.md
    .venv/bin/python benchmarks/dashboard_sessions.py --seconds 10 --sessions 8 --no-write
    .venv/bin/python benchmarks/dashboard_sessions.py --browser   # also in Chromium

Like benchmarks/dashboard_speed.py this drives `Session.play` directly (the 2015 baseline with
the longest horizon the page allows, so that no play ends while measured), each play in a
thread of its own as the page's `use_thread` runs it, with a frame callback that draws what
the page redraws on each frame: the key figures, and on a chart frame the time-series chart
as PNG (matplotlib). The sessions are admitted and released through one
`dashboards.sessions.Sessions`, as the server's page does, so they take turns and pace
their redraws among each other (docs/dashboard.md#many-visitors-at-once).

Measured, each for `--seconds`: (1) one session alone; (2) `--sessions` at once; (3) the
same number at once, each with a `Sessions` of its own (no turns, no pacing: how the plays
ran before, for comparison). Weeks are what each play simulated (`PlayStats`). Memory is
the process's resident set (VmRSS): at the start (after a first session has drawn a chart
and been released, so that what loads once is in), after the session alone is released,
the peak while the sessions play (sampled every 0.2 s), and 3 s after all are released.
Target (issue 17): the weeks of the sessions together at least half of the weeks of one
alone, and the memory back near its start after the release. It runs on the allocator
`run.py dashboard` runs on (`dashboards.sessions.use_system_allocator`); with
PYTHONMALLOC=pymalloc set, on Python's own.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

os.environ.setdefault("SOLARA_TELEMETRY_MIXPANEL_ENABLE", "False")

from bench_report import SESSIONS_END, SESSIONS_START, write_section  # noqa: E402
from dashboard_speed import frame_for  # noqa: E402

from dashboards.session import Session  # noqa: E402
from dashboards.sessions import Sessions, free_memory, use_system_allocator  # noqa: E402
from dashboards.settings import MAX_HORIZON  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
TARGET_RATIO = 0.5
RELEASE_WAIT = 3.0  # seconds after the release before the memory is read


def rss_mb() -> float:
    """This process's resident set in MB (Linux; 0 elsewhere)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class Peak:
    """The largest resident set while it runs, sampled every 0.2 s."""

    def __init__(self) -> None:
        self.mb = rss_mb()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.wait(0.2):
            self.mb = max(self.mb, rss_mb())

    def __enter__(self) -> Peak:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()
        self.mb = max(self.mb, rss_mb())


@dataclass
class Round:
    """Several sessions playing at once for some seconds."""

    sessions: int
    seconds: float
    weeks: list[int] = field(default_factory=list)
    frames: list[int] = field(default_factory=list)
    peak_mb: float = 0.0

    @property
    def total(self) -> int:
        return sum(self.weeks)


def long_session() -> Session:
    """A session of the baseline with the longest horizon the page allows, so that no play
    reaches its end within the measurement."""
    session = Session()
    session.reset(replace(session.settings, horizon_years=MAX_HORIZON))
    return session


def play_together(count: int, seconds: float, shared: bool = True) -> Round:
    """`count` sessions play at once for `seconds`, then are released. `shared`: all admitted
    by one `Sessions` (turns and pacing); else each by its own (as before)."""
    pools = [Sessions(limit=None)] * count if shared else [Sessions(None) for _ in range(count)]
    sessions = [pool.admit(long_session) for pool in pools]
    assert all(s is not None for s in sessions)
    cancel = threading.Event()
    threads = [threading.Thread(target=s.play, args=(cancel, frame_for(s)), daemon=True)
               for s in sessions]
    result = Round(count, seconds)
    with Peak() as peak:
        for thread in threads:
            thread.start()
        time.sleep(seconds)
        cancel.set()
        for thread in threads:
            thread.join()
    result.peak_mb = peak.mb
    result.weeks = [s.play_stats.weeks for s in sessions]
    result.frames = [s.play_stats.frames for s in sessions]
    for pool, session in zip(pools, sessions, strict=True):
        pool.release(session, free=False)
    del sessions, threads
    free_memory()
    return result


@dataclass
class Measurement:
    alone: Round
    together: Round
    unpaced: Round | None
    start_mb: float
    after_alone_mb: float
    after_mb: float
    load: tuple[float, float, float]

    @property
    def ratio(self) -> float:
        return self.together.total / self.alone.total if self.alone.total else 0.0


def settle() -> float:
    time.sleep(RELEASE_WAIT)
    free_memory()
    return rss_mb()


def measure(count: int, seconds: float, unpaced: bool = True) -> Measurement:
    load = os.getloadavg()
    warm = Session()  # what the first session and its first chart load once, then freed
    warm.step(4)
    frame_for(warm)(True)
    warm.release()
    del warm
    free_memory()
    start = rss_mb()
    alone = play_together(1, seconds)
    after_alone = settle()
    together = play_together(count, seconds)
    after = settle()
    before = play_together(count, seconds, shared=False) if unpaced else None
    if before is not None:
        settle()
    return Measurement(alone, together, before, start, after_alone, after, load)


def allocator_note() -> str:
    """Which allocator this process runs on, and whether that is the dashboard's."""
    allocator = os.environ.get("PYTHONMALLOC", "pymalloc")
    served = allocator == "malloc" and platform.system() == "Linux"
    return f"PYTHONMALLOC={allocator}" + (
        ", as `run.py dashboard` runs on Linux" if served else ", set for this run")


def section(m: Measurement) -> str:
    alone, together = m.alone, m.together
    per = ", ".join(str(w) for w in together.weeks)
    rows = [
        f"| 1 alone | {alone.total} | {alone.total / alone.seconds:.1f} | {alone.total} | "
        f"{alone.frames[0]} | {alone.peak_mb:.0f} |",
        f"| {together.sessions} at once, taking turns | {together.total} | "
        f"{together.total / together.seconds:.1f} | {min(together.weeks)}-"
        f"{max(together.weeks)} | {sum(together.frames)} | {together.peak_mb:.0f} |",
    ]
    if m.unpaced is not None:
        u = m.unpaced
        rows.append(f"| {u.sessions} at once, each on its own (as before) | {u.total} | "
                    f"{u.total / u.seconds:.1f} | {min(u.weeks)}-{max(u.weeks)} | "
                    f"{sum(u.frames)} | {u.peak_mb:.0f} |")
    table = "\n".join(rows)
    met = "met" if m.ratio >= TARGET_RATIO else "NOT MET"
    load = " ".join(f"{x:.2f}" for x in m.load)
    return f"""{SESSIONS_START}
## Dashboard sessions at once

Made by `.venv/bin/python benchmarks/dashboard_sessions.py` on
{datetime.datetime.now(datetime.UTC).isoformat(timespec="minutes")}
({platform.processor() or platform.machine()}, {os.cpu_count()} logical cores, load average
{load} at the start; Python {platform.python_version()}, allocator
{allocator_note()}). Without a browser: `Session.play`
of the 2015 baseline (16,600 residents; horizon {MAX_HORIZON} years, so that no play ends
within the row) in a thread per session, each frame drawing the key
figures and, on a chart frame, the time-series chart as PNG; {alone.seconds:.0f} s per row.

| sessions | weeks in total | weeks/s in total | weeks per session | frames | peak memory MB |
|---|---|---|---|---|---|
{table}

- **{together.sessions} at once against one alone: {together.total} / {alone.total} weeks =
  {m.ratio:.2f}** (target >= {TARGET_RATIO}: {met}); weeks per session: {per}.
- Memory (resident set of the process): {m.start_mb:.0f} MB at the start,
  {m.after_alone_mb:.0f} MB after the session alone was released, peak {together.peak_mb:.0f}
  MB with {together.sessions} playing, **{m.after_mb:.0f} MB {RELEASE_WAIT:.0f} s after they
  were released**.
{SESSIONS_END}"""


def main() -> None:
    use_system_allocator()  # as `run.py dashboard` runs (PYTHONMALLOC=pymalloc: as before)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--sessions", type=int, default=8)
    parser.add_argument("--no-unpaced", action="store_true",
                        help="skip the comparison row without turns and pacing")
    parser.add_argument("--browser", action="store_true",
                        help="also in Chromium against run.py dashboard (its own section "
                        "below the first; dashboard_sessions_browser.py)")
    parser.add_argument("--browser-seconds", type=float, default=4.0,
                        help="seconds per row in Chromium (the page's horizon, 520 weeks, "
                        "is within 10 s of one session alone)")
    parser.add_argument("--no-write", action="store_true", help="print, do not write")
    args = parser.parse_args()
    m = measure(args.sessions, args.seconds, unpaced=not args.no_unpaced)
    text = section(m)
    if args.browser:
        from dashboard_sessions_browser import browser_section, measure_browser

        served = measure_browser(args.sessions, args.browser_seconds)
        before = measure_browser(args.sessions, args.browser_seconds,
                                 env={"PYTHONMALLOC": "pymalloc"})
        extra = browser_section(served, before)
        text = text.replace(SESSIONS_END, extra + "\n" + SESSIONS_END)
    print(text)
    if not args.no_write:
        write_section(RESULTS, text, SESSIONS_START, SESSIONS_END)
        print(f"written to {RESULTS}")


if __name__ == "__main__":
    main()
