"""A workshop under load, in Chromium: one facilitator and 40 participants (8 groups x 5)
playing 4 rounds of the 2015 municipality, with think time and an injected event.

    .venv/bin/python benchmarks/workshop_load.py     # writes its section of RESULTS.md

`run.py workshop` is started as a facilitator starts it; every participant has a browser
context of their own (Playwright's async API, so that all 40 pages are watched at once).
Each round the facilitator opens it, one member of each group (another one each round)
submits after a think time of 2-8 s drawn from a seeded generator, the facilitator locks
and runs it, and each participant's page is watched until it shows the round's year.
Before round 3 the facilitator injects the library's default event (an extra cut, every
group), and every page is watched until it shows the headline.

Measured per round and participant: the seconds from the facilitator's click on "run" to
that participant's page showing the round's results (the propagation time), split into the
computation (click to the results stored in the database, read from the database itself)
and the rest (stored to shown; the participant's page reads the database every 3 s). The
server's memory is its resident set (and its worker processes') sampled every 0.5 s.
Errors: any page error in a browser, any traceback in the server's output, any decision
missing from the database. Target (issue 18): the 95th percentile of the propagation time
at most 5 s for 8 groups of the 2015 municipality.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import os
import platform
import re
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
TARGET_P95 = 5.0  # seconds from "run" to every participant seeing the results
TIMEOUT = 60_000  # ms for a page to show something
RUN_TIMEOUT = 600_000  # ms for a round's results on a loaded machine


@dataclass
class Load:
    """What one load run saw."""

    groups: int
    per_group: int
    rounds: int
    scenario: str
    propagation: list[list[float]] = field(default_factory=list)  # per round, per participant
    computation: list[float] = field(default_factory=list)  # per round
    decisions: int = 0  # in the database at the end
    expected_decisions: int = 0
    errors: list[str] = field(default_factory=list)
    event_round: int | None = None  # the round an injected event hit, seen by everyone
    peak_server_mb: float = 0.0
    peak_total_mb: float = 0.0
    seconds: float = 0.0

    @property
    def all_propagation(self) -> list[float]:
        return [t for round_times in self.propagation for t in round_times]

    def percentile(self, q: float) -> float:
        return float(np.percentile(self.all_propagation, q))


# --- the server ----------------------------------------------------------------------------
class Server:
    """`run.py workshop` in its own process group, its output in a file."""

    def __init__(self, data: Path, port: int, *extra: str) -> None:
        self.log = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 (closed by stop)
        self.process = subprocess.Popen(
            [sys.executable, "run.py", "workshop", "--data", str(data), "--port", str(port),
             *extra], cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT,
            start_new_session=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
        self.url = f"http://127.0.0.1:{port}/"
        self.data = data
        end = time.monotonic() + 180
        while not self._serving():
            if self.process.poll() is not None or time.monotonic() > end:
                self.stop()
                raise RuntimeError(f"the workshop did not start:\n{self.output()}")
            time.sleep(0.3)

    def _serving(self) -> bool:
        try:
            with urllib.request.urlopen(self.url, timeout=5) as reply:
                return reply.status == 200
        except OSError:
            return False

    def output(self) -> str:
        self.log.flush()
        self.log.seek(0)
        return self.log.read()

    def printed(self, label: str) -> str:
        found = re.search(rf"^{re.escape(label)}: (\S+)$", self.output(), re.MULTILINE)
        if not found:
            raise RuntimeError(f"the workshop printed no {label}:\n{self.output()}")
        return found.group(1)

    def memory_mb(self) -> tuple[float, float]:
        """Resident set of the server, and of the server with its worker processes."""
        own = _rss_mb(self.process.pid)
        children = sum(_rss_mb(pid) for pid in _descendants(self.process.pid))
        return own, own + children

    def stop(self) -> None:
        with suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGINT)
        with suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=15)
        with suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=15)


def _rss_mb(pid: int) -> float:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    found = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
    return int(found.group(1)) / 1024 if found else 0.0


def _descendants(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        parent = todo.pop()
        with suppress(OSError):
            for child in Path(f"/proc/{parent}/task/{parent}/children").read_text().split():
                out.append(int(child))
                todo.append(int(child))
    return out


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def results_stored(data: Path, number: int) -> bool:
    """Whether round `number` of the session has its results, read from the database."""
    with sqlite3.connect(data / "workshop.sqlite", timeout=10) as conn:
        row = conn.execute("SELECT status FROM rounds WHERE number = ?", (number,)).fetchone()
    return row is not None and row[0] == "results"


def members(data: Path) -> dict[int, list[str]]:
    """Group number -> its members' display names, in the order they joined."""
    with sqlite3.connect(data / "workshop.sqlite", timeout=10) as conn:
        rows = conn.execute("SELECT g.number, p.display_name FROM participants p JOIN groups g "
                            "ON g.id = p.group_id ORDER BY p.number").fetchall()
    out: dict[int, list[str]] = {}
    for group, name in rows:
        out.setdefault(int(group), []).append(name)
    return out


def decision_count(data: Path) -> int:
    with sqlite3.connect(data / "workshop.sqlite", timeout=10) as conn:
        return int(conn.execute("SELECT COUNT(*) FROM decisions").fetchone()[0])


# --- the browsers --------------------------------------------------------------------------
async def _join(browser, url: str, code: str, name: str, errors: list[str]):
    from playwright.async_api import expect

    context = await browser.new_context(viewport={"width": 420, "height": 900})
    page = await context.new_page()
    page.on("pageerror", lambda exc: errors.append(f"{name}: {exc}"))
    await page.goto(f"{url}?code={code}")
    await page.locator(".zs-join-name input").fill(name)
    await page.wait_for_timeout(300)  # the typed name reaches the server
    await page.locator(".zs-join-button").click()
    await expect(page.locator(".zs-seat-title")).to_contain_text(name, timeout=TIMEOUT)
    return page


async def _submit(page, delay: float, reasoning: str) -> None:
    from playwright.async_api import expect

    await asyncio.sleep(delay)  # the group talks it over
    await expect(page.locator(".zs-round-open")).to_be_visible(timeout=TIMEOUT)
    for attempt in range(4):  # as a person would, again when nothing seems to happen
        await page.locator(".zs-reasoning textarea:not([readonly])").fill(reasoning)
        await page.wait_for_timeout(300)
        await page.locator(".zs-submit").click()
        try:
            await expect(page.locator(".zs-submit-message")).to_contain_text(
                "Ingeleverd", timeout=TIMEOUT // 4)
            return
        except AssertionError:
            if attempt == 3:
                raise


async def _seen(page, year: int, clicked: float) -> float:
    from playwright.async_api import expect

    await expect(page.get_by_text(f"Jullie gemeente in jaar {year}")).to_be_visible(
        timeout=RUN_TIMEOUT)
    return time.monotonic() - clicked


async def _play(server: Server, load: Load, think: tuple[float, float], seed: int) -> None:
    from playwright.async_api import async_playwright, expect

    rng = np.random.default_rng(seed)
    link, code = server.printed("facilitator"), server.printed("join code")
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=shutil.which("chromium"), headless=True,
            args=["--no-sandbox", "--disable-dev-shm-usage"])
        try:
            facilitator = await (await browser.new_context(
                viewport={"width": 1400, "height": 1000})).new_page()
            facilitator.on("pageerror", lambda exc: load.errors.append(f"facilitator: {exc}"))
            await facilitator.goto(link)
            for _ in range(4):  # a first click on a page still connecting can be lost
                await facilitator.locator(f".zs-session-{code}").click()
                with suppress(AssertionError):
                    await expect(facilitator).to_have_url(re.compile("session="),
                                                          timeout=10_000)
                    break
            await expect(facilitator.locator(".zs-join-code-shown")).to_have_text(
                code, timeout=TIMEOUT)
            arriving = asyncio.Semaphore(8)  # a room arrives a few at a time

            async def arrive(name: str):
                async with arriving:  # each put in the smallest group by the page
                    return name, await _join(browser, server.url, code, name, load.errors)

            people = dict(await asyncio.gather(*(
                arrive(f"P{n + 1:02d}") for n in range(load.groups * load.per_group))))
            try:
                await expect(facilitator.locator(".zs-connected")).to_have_count(
                    len(people), timeout=TIMEOUT)
            except AssertionError:  # say who, and what their page shows
                away = [text.strip("○● ") for text in
                        await facilitator.locator(".zs-away").all_inner_texts()]
                shown = {name: (await people[name].locator("body").inner_text())[:300]
                         for name in away if name in people}
                raise AssertionError(f"not connected: {away}; their pages: {shown}") from None
            groups = members(server.data)
            event_round = min(3, load.rounds) if load.rounds > 1 else None
            for number in range(1, load.rounds + 1):
                if number == event_round:  # the library's default: an extra cut, all groups
                    await facilitator.locator(".zs-inject-button").click()
                    await expect(facilitator.locator(".zs-inject-message")).to_contain_text(
                        f"ronde {number}", timeout=TIMEOUT)
                await facilitator.locator(".zs-open").click()
                if number == event_round:
                    await asyncio.gather(*(
                        expect(page.locator(".zs-news-headline")).to_be_visible(
                            timeout=TIMEOUT) for page in people.values()))
                    load.event_round = number
                # Another member of each group submits each round.
                deciders = [people[names[(number - 1) % len(names)]]
                            for names in groups.values()]
                await asyncio.gather(*(
                    _submit(page, float(rng.uniform(*think)), f"ronde {number}")
                    for page in deciders))
                await expect(facilitator.locator(".zs-group-submitted")).to_have_count(
                    load.groups, timeout=TIMEOUT)
                await facilitator.locator(".zs-lock").click()
                await expect(facilitator.locator(".zs-round-locked")).to_be_visible(
                    timeout=TIMEOUT)
                clicked = time.monotonic()
                await facilitator.locator(".zs-run").click()
                stored = asyncio.create_task(_stored(server.data, number, clicked))
                load.propagation.append(list(await asyncio.gather(
                    *(_seen(page, number, clicked) for page in people.values()))))
                load.computation.append(await stored)
        finally:
            await browser.close()


async def _stored(data: Path, number: int, clicked: float) -> float:
    while not await asyncio.to_thread(results_stored, data, number):
        await asyncio.sleep(0.1)
    return time.monotonic() - clicked


def measure(groups: int = 8, per_group: int = 5, rounds: int = 4,
            scenario: str = "baseline_2015", think: tuple[float, float] = (2.0, 8.0),
            seed: int = 1) -> Load:
    """Play a workshop under load and return what was seen."""
    load = Load(groups, per_group, rounds, scenario)
    began = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="zs-load-") as folder:
        data = Path(folder) / "data"
        server = Server(data, free_port(), "--scenario", scenario, "--groups", str(groups),
                        "--rounds", str(rounds))
        sampling = threading.Event()

        def sample() -> None:
            while not sampling.wait(0.5):
                own, total = server.memory_mb()
                load.peak_server_mb = max(load.peak_server_mb, own)
                load.peak_total_mb = max(load.peak_total_mb, total)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        try:
            asyncio.run(_play(server, load, think, seed))
            load.decisions = decision_count(data)
        finally:
            sampling.set()
            sampler.join()
            server.stop()
            if "Traceback" in server.output():
                load.errors.append("the server printed a traceback:\n" + server.output()[-3000:])
            server.log.close()
    load.expected_decisions = groups * rounds
    load.seconds = time.monotonic() - began
    return load


# --- the report ----------------------------------------------------------------------------
def section(load: Load) -> str:
    """This script's section of RESULTS.md, its markers (bench_report's) included. Run as
    a script: bench_report is imported from the benchmarks folder, as bench.py does."""
    from bench_report import WORKSHOP_END as END
    from bench_report import WORKSHOP_START as START

    p95 = load.percentile(95)
    stored_to_seen = [t - load.computation[i] for i, times in enumerate(load.propagation)
                      for t in times]
    rows = "\n".join(
        f"| {i + 1} | {load.computation[i]:.1f} | {statistics.median(times):.1f} | "
        f"{float(np.percentile(times, 95)):.1f} | {max(times):.1f} |"
        for i, times in enumerate(load.propagation))
    load_avg = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return f"""{START}
## Workshop under load

Made by `.venv/bin/python benchmarks/workshop_load.py` on {datetime.date.today()}
({platform.processor() or platform.machine()}, {os.cpu_count()} logical cores, load average
{load_avg} at the end; Chromium headless, one browser with a context per person).

{load.groups} groups x {load.per_group} participants and a facilitator played {load.rounds}
rounds of one year of `{load.scenario}` (16,600 residents per group), with a think time of
2-8 s before each group's decision, and an extra cut injected by the facilitator for every
group in round {load.event_round} (its headline seen on all {load.groups * load.per_group}
pages); {load.seconds:.0f} s in all. Decisions recorded: {load.decisions} of
{load.expected_decisions}; errors: {len(load.errors)}.

Seconds from the facilitator's click on "run" to each participant's page showing the round
(the computation: click to results stored in the database):

| round | computation | median | p95 | max |
|---|---|---|---|---|
{rows}

- **p95 over all rounds and participants: {p95:.1f} s** (target <= {TARGET_P95:.0f} s:
  {"met" if p95 <= TARGET_P95 else "NOT MET"}). Of that, stored to shown has a p95 of
  {float(np.percentile(stored_to_seen, 95)):.1f} s (the participant's page reads the database
  every 3 s); the rest is the computation: every round reruns each group from year 0
  in worker processes (docs/workshop.md#how), so it grows with the round.
- Server memory: peak {load.peak_server_mb:.0f} MB for the server process,
  {load.peak_total_mb:.0f} MB with its worker processes.
{END}"""


def write(text: str, path: Path = RESULTS) -> None:
    """Replace this script's section of RESULTS.md (or append it), keeping the rest."""
    from bench_report import WORKSHOP_END, WORKSHOP_START, write_section

    write_section(path, text, WORKSHOP_START, WORKSHOP_END)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", type=int, default=8)
    parser.add_argument("--per-group", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--scenario", default="baseline_2015")
    parser.add_argument("--no-write", action="store_true", help="print, do not write")
    args = parser.parse_args()
    load = measure(args.groups, args.per_group, args.rounds, args.scenario)
    text = section(load)
    print(text)
    for error in load.errors:
        print("ERROR", error, file=sys.stderr)
    if not args.no_write:
        write(text)
    sys.exit(1 if load.errors or load.decisions != load.expected_decisions else 0)


if __name__ == "__main__":
    main()
