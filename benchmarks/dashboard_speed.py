"""The dashboard's speed targets, measured without a browser: play, pause and compare.

    .venv/bin/python benchmarks/dashboard_speed.py            # writes benchmarks/DASHBOARD.md

- **Play** runs `Session.play` on the 2015 baseline (16,600 residents) for `--seconds`, with
  a frame callback that draws what the page redraws on each frame: the key figures and, on
  a chart frame, the time-series chart as PNG (matplotlib, as `components.Chart` does).
  Target: 10 weeks a second or more.
- **Pause**: the time from setting the play's cancel event to `play` returning (the page's
  pause button sets that event). Target: under 2 s.
- **Compare**: 3 variants x 5 seeds x 8 years with `dashboards.compare.compare` on the
  worker pool the dashboard uses. Target: 30 s.

The tests check what these features do (play advances and redraws, pause stops it, compare
finishes with its progress); the speed is measured here, where the machine it ran on is
written down with the figures.
"""

from __future__ import annotations

import argparse
import datetime
import io
import os
import platform
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("SOLARA_TELEMETRY_MIXPANEL_ENABLE", "False")

from dashboards import charts  # noqa: E402
from dashboards.compare import compare  # noqa: E402
from dashboards.session import Session  # noqa: E402
from dashboards.settings import Settings, letting_go  # noqa: E402
from model import ROOM_TO_ACT  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "DASHBOARD.md"
PLAY_TARGET = 10.0  # weeks a second
PAUSE_TARGET = 2.0  # seconds
COMPARE_TARGET = 30.0  # seconds for 3 variants x 5 seeds x 8 years


def frame_for(session: Session) -> Callable[[bool], None]:
    """What the page redraws on a frame of a play: the key figures, and on a chart frame the
    time-series chart as PNG; then the frame counts as rendered."""
    def frame(draw_charts: bool) -> None:
        session.key_figures()
        if draw_charts:
            figure = charts.timeseries_figure(session.history(), "nl",
                                              session.settings.horizon_years)
            figure.savefig(io.BytesIO(), format="png")
        session.rendered.set()
    return frame


def measure_play(seconds: float) -> tuple[float, int, int, float]:
    """Weeks a second, weeks, frames, and the pause latency in seconds."""
    session = Session()
    cancel = threading.Event()
    player = threading.Thread(target=session.play, args=(cancel, frame_for(session)))
    player.start()
    time.sleep(seconds)
    paused = time.monotonic()
    cancel.set()
    player.join()
    latency = time.monotonic() - paused
    stats = session.play_stats
    return stats.weeks_per_second, stats.weeks, stats.frames, latency


def measure_compare(seeds: int = 5, years: int = 8) -> float:
    """Seconds for the three fixed variants of the compare tab on the baseline."""
    own = Settings.of(Session().settings.base)
    variants = {"current": replace(own, levers={**own.levers, ROOM_TO_ACT: 0.7}),
                "own": own, "letting_go": letting_go(own)}
    started = time.monotonic()
    compare(variants, seeds, years)
    return time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="how long to play")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    load = os.getloadavg()
    rate, weeks, frames, latency = measure_play(args.seconds)
    compare_s = measure_compare()
    rows = [
        ("play, baseline (16,600 residents), charts redrawn", f"{rate:.1f} weeks/s "
         f"({weeks} weeks, {frames} frames in {args.seconds:.0f} s)", f">= {PLAY_TARGET:.0f}",
         rate >= PLAY_TARGET),
        ("pause: cancel to play stopped", f"{latency:.2f} s", f"< {PAUSE_TARGET:.0f} s",
         latency < PAUSE_TARGET),
        ("compare 3 variants x 5 seeds x 8 years", f"{compare_s:.1f} s",
         f"<= {COMPARE_TARGET:.0f} s", compare_s <= COMPARE_TARGET),
    ]
    lines = [
        "# Dashboard speed", "",
        "Made by `.venv/bin/python benchmarks/dashboard_speed.py` (see its docstring for what "
        "is measured).", "",
        f"- Date: {datetime.datetime.now(datetime.UTC).isoformat(timespec='seconds')}",
        f"- Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} logical "
        f"cores; Python {platform.python_version()}; {platform.platform()}",
        f"- Load average (1, 5, 15 min) at start: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}",
        "", "| what | measured | target | met |", "|---|---|---|---|",
        *[f"| {what} | {value} | {target} | {'met' if ok else '**NOT MET**'} |"
          for what, value, target, ok in rows], "",
    ]
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    print(f"written to {args.out}")


if __name__ == "__main__":
    main()
