"""What a group decides on, and the consequence preview before it submits.

`group_plan` reads, in one snapshot, the group's municipality as it stands before this
round's decision: the scenario with its earlier decisions (and whatever else the round's
plan puts in its schedule, `runs.plan`), the knob values in force, the year the decision
takes effect, and the number of initiatives the subsidies are estimated from.

`estimate` is the quick estimate of the main outcomes: the group's municipality at
`RESIDENTS` residents (`model.with_residents`), its history plus the draft, run to the end
of the round for `SEEDS` seeds (the session's seed and the next ones), in a fresh worker
process (`model.spawn_pool`), so the page's event loop never waits for it. `Previews`
keeps at most one preview per seat and `MAX_RUNNING` in all: a second request is refused
politely. That small set of running seats is the only state held in the web process; it
guards the machine's cores, it holds nothing of any session.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any

import numpy as np

from model import (
    WEEKS_PER_YEAR,
    ParticipationModel,
    RunSpec,
    Scenario,
    load_scenario,
    run_many,
    spawn_pool,
    with_changes,
    with_residents,
)
from workshop import knobs, runs
from workshop.store import get_setting

RESIDENTS = 2000  # the preview's size: a rough estimate in a second or two
SEEDS = 3  # the session's seed and the next two: the spread says how rough
MAX_RUNNING = 2  # previews at once on this server (the machine's cores are for the rounds)
OUTCOMES = ("participation", "unmet_share", "mean_trust", "waiting_list")


@dataclass(frozen=True)
class GroupPlan:
    scenario: Scenario  # the group's municipality before this round's decision
    previous: dict[str, Any]  # the knob values in force
    year: int  # 0-based first year of the round being decided
    end_year: int  # its last year
    initiatives: float  # the subsidies' estimate: the latest known count
    integrated_ok: bool  # one team across the domains can be chosen

    def budget(self, decision: dict[str, Any]) -> knobs.Budget:
        return knobs.budget(self.scenario, decision, self.year, self.previous,
                            self.initiatives)


def group_plan(conn: sqlite3.Connection, session: sqlite3.Row, group_id: int, number: int
               ) -> GroupPlan:
    """The plan a group decides on in round `number` (in the caller's snapshot)."""
    years = int(session["years_per_round"])
    (_, spec), = runs.plan(conn, session, number, group_id=group_id, this_round=False)
    scenario = load_scenario(spec.scenario)
    base = load_scenario(json.loads(session["scenario_json"]))
    stored = [json.loads(r["levers"]) for r in conn.execute(
        "SELECT levers FROM decisions WHERE group_id = ? AND round_number < ? "
        "ORDER BY round_number", (group_id, number))]
    done = knobs.history(base, stored)
    previous = done[-1] if done else knobs.start(base)
    return GroupPlan(scenario, previous, (number - 1) * years, number * years - 1,
                     initiatives(conn, session, group_id, number), knobs.integrated_allowed(base))


def initiatives(conn: sqlite3.Connection, session: sqlite3.Row, group_id: int, number: int
                ) -> float:
    """The initiatives the subsidies of round `number` are estimated from: at the end of the
    group's last year played; before any, the municipality's start (a small run at
    RESIDENTS residents, scaled up by inhabitants)."""
    first = (number - 1) * int(session["years_per_round"])
    row = conn.execute("SELECT initiatives FROM results WHERE group_id = ? AND year < ? AND "
                       "initiatives IS NOT NULL ORDER BY year DESC LIMIT 1",
                       (group_id, first)).fetchone()
    if row is not None:
        return float(row["initiatives"])
    row = conn.execute("SELECT initiatives FROM starts WHERE group_id = ? AND initiatives IS "
                       "NOT NULL", (group_id,)).fetchone()
    if row is not None:
        return float(row["initiatives"])
    kept = get_setting(conn, start_key(int(session["id"])))
    if kept is not None:
        return float(kept)
    return start_initiatives(load_scenario(json.loads(session["scenario_json"])))


def start_key(session_id: int) -> str:
    """The settings key of a session's initiatives at the start (made with the session)."""
    return f"start_initiatives:{session_id}"


def start_initiatives(scenario: Scenario) -> float:
    """Initiatives at week 0, from a small model (a few tenths of a second), scaled to the
    scenario's inhabitants."""
    small = reduced(scenario.model_copy(update={"horizon_years": 1}))
    model = ParticipationModel(small)
    return float(model.initiatives.alive_per_neighbourhood(model.n_neighbourhoods).sum()
                 * _inhabitants(scenario) / _inhabitants(small))


def _inhabitants(scenario: Scenario) -> float:
    return float(sum(nb.inhabitants for m in scenario.region.municipalities
                     for nb in m.neighbourhoods))


def reduced(scenario: Scenario) -> Scenario:
    residents = sum(nb.residents for m in scenario.region.municipalities
                    for nb in m.neighbourhoods)
    hoods = sum(len(m.neighbourhoods) for m in scenario.region.municipalities)
    size = max(RESIDENTS, hoods)  # at least one resident per neighbourhood
    return scenario if residents <= size else with_residents(scenario, size)


# --- the quick estimate ---------------------------------------------------------------------
@dataclass(frozen=True)
class Estimate:
    """The main outcomes at the end of the round (its last year), over the seeds."""

    year: int
    residents: int
    seeds: int
    mean: dict[str, float]
    low: dict[str, float]  # the lowest over the seeds
    high: dict[str, float]
    waiting_per_1000: bool = True  # the waiting list scaled to 1,000 residents


def specs(plan: GroupPlan, decision: dict[str, Any], seed: int) -> list[RunSpec]:
    """The preview's runs: the group's municipality at RESIDENTS residents with the draft,
    to the end of the round, for SEEDS seeds."""
    entries = knobs.schedule_entries(knobs.fill(decision, plan.previous), plan.year,
                                     plan.previous)
    scenario = with_changes(plan.scenario, entries, source="<preview>")
    scenario = reduced(scenario.model_copy(update={"horizon_years": plan.end_year + 1}))
    data = scenario.model_dump(mode="json")
    return [RunSpec(data, seed=seed + i, weeks=(plan.end_year + 1) * WEEKS_PER_YEAR)
            for i in range(SEEDS)]


def last_year(year: int, model) -> dict[str, float]:  # a ParticipationModel; in the workers
    """The outcomes of the preview's last year (module-level: it runs in a worker)."""
    row = runs.key_figures(year, model)[0]
    residents = float(len(model.residents))
    out = {name: float(row[name]) for name in OUTCOMES}
    out["waiting_list"] = out["waiting_list"] * 1000.0 / max(residents, 1.0)
    return out


def estimate(plan: GroupPlan, decision: dict[str, Any], seed: int,
             processes: bool = True) -> Estimate:
    """Run the preview (in a fresh worker process, or here) and sum it up."""
    from functools import partial
    todo = specs(plan, decision, seed)
    read = partial(last_year, plan.end_year)
    if processes:
        with spawn_pool(1) as pool:
            found = run_many(todo, read, pool=pool)
    else:
        found = run_many(todo, read)
    residents = sum(nb.residents for m in load_scenario(todo[0].scenario).region.municipalities
                    for nb in m.neighbourhoods)
    values = {name: np.array([f[name] for f in found]) for name in OUTCOMES}
    return Estimate(plan.end_year, int(residents), len(todo),
                    {k: float(v.mean()) for k, v in values.items()},
                    {k: float(v.min()) for k, v in values.items()},
                    {k: float(v.max()) for k, v in values.items()})


class BusyError(Exception):
    """A preview is already running for this seat, or the server runs its most."""

    def __init__(self, key: str) -> None:
        self.key = key
        super().__init__(key)


class Previews:
    """At most one preview per seat and MAX_RUNNING in all, each in its own thread (which
    waits on a worker process)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running: set[str] = set()

    def start(self, seat_key: str, work) -> Future:
        """Run `work()` in a thread; `BusyError` when this seat or the server is busy."""
        with self._lock:
            if seat_key in self._running:
                raise BusyError("preview.busy_seat")
            if len(self._running) >= MAX_RUNNING:
                raise BusyError("preview.busy_server")
            self._running.add(seat_key)
        future: Future = Future()

        def run() -> None:
            try:
                future.set_result(work())
            except Exception as exc:  # shown in words on the page
                future.set_exception(exc)
            finally:
                with self._lock:
                    self._running.discard(seat_key)

        threading.Thread(target=run, name="workshop-preview", daemon=True).start()
        return future

    def running(self, seat_key: str) -> bool:
        with self._lock:
            return seat_key in self._running


PREVIEWS = Previews()
