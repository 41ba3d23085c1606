"""The debrief's data: per group a timeline of rounds (decision, reasoning, log events, key
figures), the no-change baseline with its seed spread, and the what-if forks
(workshop/fork.py), read from the database in one snapshot.

**The baseline** is the session's municipality as the scenario has it, with no decision,
no injected event and no other schedule entry added, run for the session's whole horizon
(rounds × years per round) with `BASELINE_SEEDS` seeds: the session's seed (the scenario's)
and the next four (seed + 1 to seed + 4). A group's own path is one run with the session's
seed, so a group that never submits a decision (and that no event hits) follows the
baseline's first run exactly. The baseline is computed once per session, in worker
processes started from a background thread (like a round's run), and stored (`baselines`,
`baseline_results`); a computation cut off by a stopped server starts again the next time
the debrief is opened.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from dataclasses import dataclass, field
from functools import partial

import numpy as np

from model import (
    DEFAULT_LEVERS,
    WEEKS_PER_YEAR,
    RunSpec,
    available_cores,
    load_scenario,
    run_many,
    spawn_pool,
)
from workshop import events, rounds, rules
from workshop.events import InjectedEvent
from workshop.export import pseudonym
from workshop.runs import key_figures
from workshop.store import Store, log_event
from workshop.texts import KEY_FIGURES
from workshop.views import SessionInfo, session_info

BASELINE_SEEDS = 5  # the session's seed and the next four
MAX_SEED = 2**63 - 1
INTERRUPTED = "interrupted: the server stopped during the run"
INJECTION_LOG = ("event_injected", "event_withdrawn")


@dataclass(frozen=True)
class Step:
    """One round of one group."""

    round: int
    first_year: int  # the model's years (from 0)
    last_year: int
    levers: dict[str, float]  # in force during the round
    submitted: bool  # False: the levers of the round before (or the scenario's) stood
    reasoning: str
    by: str  # display name (the page) ...
    by_pseudonym: str  # ... and P01, P02, ... (the pages written to files)
    events: tuple[dict, ...]  # the log lines of the round for this group or for all
    figures: dict | None  # the round's last year
    injected: tuple[InjectedEvent, ...] = ()  # the facilitator's events hitting the group


@dataclass(frozen=True)
class GroupTimeline:
    id: int
    number: int
    steps: tuple[Step, ...]
    results: tuple[dict, ...]  # year and the key figures, every year played


@dataclass(frozen=True)
class Baseline:
    status: str  # none, running, done, failed
    seeds: tuple[int, ...]
    rows: tuple[dict, ...] = ()  # seed, year and the key figures
    error: str | None = None

    def band(self) -> dict[str, dict[str, np.ndarray]]:
        """Per key figure: years, mean, lowest and highest over the seeds."""
        if self.status != "done" or not self.rows:
            return {}
        years = np.array(sorted({r["year"] for r in self.rows}))
        found = {}
        for name in KEY_FIGURES:
            grid = np.full((len(self.seeds), len(years)), np.nan)
            for r in self.rows:
                value = r[name]
                grid[self.seeds.index(r["seed"]), int(np.searchsorted(years, r["year"]))] = \
                    np.nan if value is None else value
            found[name] = {"years": years, "mean": np.nanmean(grid, axis=0),
                           "low": np.nanmin(grid, axis=0), "high": np.nanmax(grid, axis=0)}
        return found

    def run_of(self, seed: int) -> tuple[dict, ...]:
        return tuple(r for r in self.rows if r["seed"] == seed)


@dataclass(frozen=True)
class Fork:
    id: int
    group: int  # the group's number
    from_round: int
    through_round: int
    later: str  # keep | clear (workshop/fork.py)
    note: str
    status: str  # running, done, failed
    error: str | None
    decisions: dict[int, dict[str, float]]  # round: levers, the whole path used
    results: tuple[dict, ...] = ()


@dataclass(frozen=True)
class DebriefView:
    session: SessionInfo
    seed: int
    played: int  # the last round with results (0: none yet)
    start_levers: dict[str, float]
    groups: tuple[GroupTimeline, ...]
    baseline: Baseline
    forks: tuple[Fork, ...] = field(default_factory=tuple)

    def group(self, number: int) -> GroupTimeline:
        return next(g for g in self.groups if g.number == number)

    def forks_of(self, number: int) -> tuple[Fork, ...]:
        return tuple(f for f in self.forks if f.group == number)


def baseline_seeds(seed: int) -> tuple[int, ...]:
    """The session's seed and the next ones (wrapping at the schema's largest seed)."""
    return tuple((seed + i) % (MAX_SEED + 1) for i in range(BASELINE_SEEDS))


def _figures(row: sqlite3.Row) -> dict:
    return {k: row[k] for k in KEY_FIGURES}


def start_levers(session: sqlite3.Row) -> dict[str, float]:
    levers = dict(DEFAULT_LEVERS)
    levers.update(json.loads(session["scenario_json"]).get("levers") or {})
    return levers


def read(conn: sqlite3.Connection, session: sqlite3.Row) -> DebriefView:
    """The debrief of a session (no permission check: the callers do that)."""
    sid, years = session["id"], int(session["years_per_round"])
    played = int(conn.execute("SELECT COALESCE(MAX(number), 0) FROM rounds WHERE "
                              "session_id = ? AND status = 'results'", (sid,)).fetchone()[0])
    seed = int(json.loads(session["scenario_json"]).get("seed") or 0)
    names = {p["id"]: (p["display_name"], pseudonym(p["number"])) for p in conn.execute(
        "SELECT id, number, display_name FROM participants WHERE session_id = ?", (sid,))}
    log = [dict(e) for e in conn.execute(
        "SELECT at, kind, round_number, group_id, participant_id, detail FROM events WHERE "
        "session_id = ? AND round_number IS NOT NULL ORDER BY id", (sid,))
        if e["kind"] not in INJECTION_LOG]  # shown as the events that hit the group
    hits = events.injected(conn, sid)
    first = start_levers(session)
    groups = []
    for g in conn.execute("SELECT * FROM groups WHERE session_id = ? ORDER BY number", (sid,)):
        decisions = {d["round_number"]: d for d in conn.execute(
            "SELECT * FROM decisions WHERE group_id = ?", (g["id"],))}
        results = tuple({"year": r["year"], **_figures(r)} for r in conn.execute(
            "SELECT * FROM results WHERE group_id = ? ORDER BY year", (g["id"],)))
        by_year = {r["year"]: r for r in results}
        levers, steps = dict(first), []
        for number in range(1, played + 1):
            decision = decisions.get(number)
            if decision is not None:
                levers = {**levers, **json.loads(decision["levers"])}
            name, alias = names.get(decision["participant_id"] if decision else None, ("", ""))
            last = number * years - 1
            steps.append(Step(
                number, (number - 1) * years, last, dict(levers), decision is not None,
                decision["reasoning"] if decision else "", name, alias,
                tuple(e for e in log if e["round_number"] == number
                      and e["group_id"] in (None, g["id"])),
                by_year.get(last),
                tuple(e for e in hits if e.round == number
                      and (e.groups is None or g["number"] in e.groups))))
        groups.append(GroupTimeline(g["id"], g["number"], tuple(steps), results))
    return DebriefView(session_info(session), seed, played, first, tuple(groups),
                       _baseline(conn, sid, seed), _forks(conn, sid))


def _baseline(conn: sqlite3.Connection, sid: int, seed: int) -> Baseline:
    row = conn.execute("SELECT * FROM baselines WHERE session_id = ?", (sid,)).fetchone()
    if row is None:
        return Baseline("none", baseline_seeds(seed))
    seeds = tuple(json.loads(row["seeds"]))
    if row["status"] == "running" and row["runner"] != rounds.PROCESS:
        return Baseline("none", seeds, error=INTERRUPTED)
    rows = ()
    if row["status"] == "done":
        rows = tuple({"seed": r["seed"], "year": r["year"], **_figures(r)} for r in conn.execute(
            "SELECT * FROM baseline_results WHERE session_id = ? ORDER BY seed, year", (sid,)))
    return Baseline(row["status"], seeds, rows, row["error"])


def _forks(conn: sqlite3.Connection, sid: int) -> tuple[Fork, ...]:
    found = []
    for f in conn.execute("SELECT f.*, g.number AS group_number FROM forks f JOIN groups g ON "
                          "g.id = f.group_id WHERE f.session_id = ? ORDER BY f.id", (sid,)):
        status, error = f["status"], f["error"]
        if status == "running" and f["runner"] != rounds.PROCESS:
            status, error = "failed", INTERRUPTED
        decisions = {d["round_number"]: json.loads(d["levers"]) for d in conn.execute(
            "SELECT * FROM fork_decisions WHERE fork_id = ? ORDER BY round_number",
            (f["id"],))}
        results = tuple({"year": r["year"], **_figures(r)} for r in conn.execute(
            "SELECT * FROM fork_results WHERE fork_id = ? ORDER BY year", (f["id"],))) \
            if status == "done" else ()
        found.append(Fork(f["id"], f["group_number"], f["from_round"], f["through_round"],
                          f["later"], f["note"], status, error, decisions, results))
    return tuple(found)


def debrief_view(store: Store, token: str | None, session_id: object,
                 now: float | None = None) -> DebriefView:
    """The debrief, for the facilitator only (a wrong token sees nothing)."""
    with store.read() as conn:
        session = rules.facilitator_session(conn, token, session_id)
    rounds.refresh(store, session["id"], now)
    with store.read() as conn:
        return read(conn, rules.facilitator_session(conn, token, session_id))


def session_debrief(store: Store, session_id: int) -> DebriefView:
    """The debrief for the command line's export (the data folder is the permission)."""
    with store.read() as conn:
        session = conn.execute("SELECT * FROM sessions WHERE id = ?", (session_id,)).fetchone()
        return read(conn, session)


# --- the baseline ---------------------------------------------------------------------------
def baseline_specs(session: sqlite3.Row, seeds: tuple[int, ...]) -> list[RunSpec]:
    """The scenario as it is, for the session's whole horizon, once per seed."""
    years = int(session["rounds"]) * int(session["years_per_round"])
    scenario = load_scenario(json.loads(session["scenario_json"]))
    data = scenario.model_copy(update={"horizon_years": years}).model_dump(mode="json")
    return [RunSpec(data, seed=seed, weeks=years * WEEKS_PER_YEAR) for seed in seeds]


def _claim(conn: sqlite3.Connection, session: sqlite3.Row, now: float) -> tuple | None:
    """Mark the baseline as computed by this process; None when it is done or under way
    here already (or failed here: the facilitator asks again with `again`)."""
    sid = session["id"]
    row = conn.execute("SELECT * FROM baselines WHERE session_id = ?", (sid,)).fetchone()
    if row is not None and (row["status"] == "done" or row["runner"] == rounds.PROCESS
                            and row["status"] == "running"):
        return None
    seeds = baseline_seeds(int(json.loads(session["scenario_json"]).get("seed") or 0))
    conn.execute("DELETE FROM baseline_results WHERE session_id = ?", (sid,))
    conn.execute("INSERT INTO baselines (session_id, seeds, years, status, runner, started_at) "
                 "VALUES (?, ?, ?, 'running', ?, ?) ON CONFLICT (session_id) DO UPDATE SET "
                 "seeds = excluded.seeds, years = excluded.years, status = 'running', "
                 "runner = excluded.runner, started_at = excluded.started_at, "
                 "finished_at = NULL, error = NULL",
                 (sid, json.dumps(seeds), int(session["rounds"]) *
                  int(session["years_per_round"]), rounds.PROCESS, now))
    log_event(conn, sid, now, "baseline_started", detail=f"seeds {list(seeds)}")
    return seeds


def compute_baseline(session: sqlite3.Row, seeds: tuple[int, ...], processes: bool = True
                     ) -> dict[int, list[dict]]:
    """seed -> the key figures of every year of the no-change run."""
    specs = baseline_specs(session, seeds)
    read_all = partial(key_figures, 0)
    if not processes:
        figures = run_many(specs, read_all)
    else:
        with spawn_pool(max(1, min(len(specs), available_cores()))) as pool:
            figures = run_many(specs, read_all, pool=pool)
    return dict(zip(seeds, figures, strict=True))


def insert_figures(conn: sqlite3.Connection, table: str, keys: tuple[str, ...],
                   rows: list[tuple[tuple, dict]]) -> None:
    """Rows of key figures into `table`: each the values of the `keys` columns and a dict
    of the year and the figures."""
    columns = ", ".join([*keys, "year", *KEY_FIGURES])
    marks = ", ".join("?" for _ in range(len(keys) + 1 + len(KEY_FIGURES)))
    conn.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})",
                     [(*values, r["year"], *(r[k] for k in KEY_FIGURES)) for values, r in rows])


def _save_baseline(store: Store, sid: int, found: dict[int, list[dict]], now: float) -> None:
    with store.write() as conn:
        done = conn.execute("UPDATE baselines SET status = 'done', finished_at = ?, runner = "
                            "NULL WHERE session_id = ? AND status = 'running' AND runner = ?",
                            (now, sid, rounds.PROCESS)).rowcount
        if not done:
            raise RuntimeError("the baseline is no longer computed here")  # rolls back
        insert_figures(conn, "baseline_results", ("session_id", "seed"),
                       [((sid, seed), row) for seed, rows in found.items() for row in rows])
        log_event(conn, sid, now, "baseline_done")


def _fail_baseline(store: Store, sid: int, error: str) -> None:
    with store.write() as conn:
        conn.execute("UPDATE baselines SET status = 'failed', runner = NULL, error = ? WHERE "
                     "session_id = ? AND runner = ?", (error[:500], sid, rounds.PROCESS))


def _baseline_work(store: Store, session: sqlite3.Row, seeds: tuple[int, ...],
                   processes: bool) -> None:
    try:
        found = compute_baseline(session, seeds, processes)
        _save_baseline(store, session["id"], found, time.time())
    except Exception as exc:  # the reason goes to the debrief's screen, in words
        _fail_baseline(store, session["id"], f"{type(exc).__name__}: {exc}")


def start_baseline(store: Store, token: str | None, session_id: object, again: bool = False,
                   processes: bool = True, background: bool = True,
                   now: float | None = None) -> threading.Thread | None:
    """Compute the session's baseline unless it is stored or under way (facilitator only):
    in a background thread with worker processes, or here with background=False. `again`
    also retries one that failed."""
    now = time.time() if now is None else now
    with store.write() as conn:
        session = rules.facilitator_session(conn, token, session_id)
        row = conn.execute("SELECT status, runner FROM baselines WHERE session_id = ?",
                           (session["id"],)).fetchone()
        if row is not None and row["status"] == "failed" and not again:
            return None
        seeds = _claim(conn, session, now)
    if seeds is None:
        return None
    if not background:
        _baseline_work(store, session, seeds, processes)
        return None
    thread = threading.Thread(target=_baseline_work, args=(store, session, seeds, processes),
                              name=f"workshop-baseline-{session['id']}", daemon=True)
    thread.start()
    return thread


def ensure_baseline(store: Store, session_id: int, processes: bool = True) -> None:
    """The command line's export: compute the baseline here when it is not stored yet (the
    data folder is the permission)."""
    with store.write() as conn:
        session = conn.execute("SELECT * FROM sessions WHERE id = ?", (session_id,)).fetchone()
        row = conn.execute("SELECT status, runner FROM baselines WHERE session_id = ?",
                           (session_id,)).fetchone()
        if row is not None and row["status"] == "running" and row["runner"] == rounds.PROCESS:
            return
        seeds = _claim(conn, session, time.time())
    if seeds is not None:
        _baseline_work(store, session, seeds, processes)
