"""Running a round: every group's municipality, from the start to the round's last year.

A group's decision is a set of knob values (workshop/knobs.py); the decision of round k
becomes changes of policy from the first year of round k (`knobs.schedule_entries` through
`model.with_changes`), so a group that did not submit keeps its previous values. Each
round reruns each group from year 0 with the same seed and all its decisions so far: the
years already played come out as they were (the model is deterministic for a seed, and a
later change leaves earlier years alone), and nothing but the database has to be kept
between rounds. The round's own years are stored as its results.

The runs go to worker processes (`model.spawn_pool`, `model.run_many`), started from a
background thread, so a run never freezes the pages.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Mapping, Sequence
from functools import partial

import numpy as np

from model import (
    WEEKS_PER_YEAR,
    RunSpec,
    available_cores,
    load_scenario,
    run_many,
    spawn_pool,
    tables,
    with_changes,
)
from workshop import events, knobs, rounds
from workshop.store import Store
from workshop.texts import KEY_FIGURES

YEARLY = ("participation", "unmet_share", "mean_trust", "cost_per_inhabitant",
          "budget_balance", "budget")  # from the model's table of years
EXTRA = ("budget", "initiatives", "professionals_fte", "unmet_spread")  # for the scores
START = ("mean_trust", "unmet_share", "initiatives")  # at week 0, before any decision


def plan(conn: sqlite3.Connection, session: sqlite3.Row, number: int,
         instead: Mapping[int, Sequence[Mapping]] | None = None,
         group_id: int | None = None, this_round: bool = True) -> list[tuple[int, RunSpec]]:
    """(group id, its run) for every group of the session (or only `group_id`), up to the
    end of round `number`; without round `number`'s own decisions when not `this_round`
    (what a group decides on: workshop/knobs.py `group_plan`). With `instead` (group id ->
    decisions, each a mapping like a row of `decisions`: round_number, levers as JSON text),
    only those groups, with those decisions in place of the stored ones: a what-if fork
    (workshop/fork.py)."""
    years = int(session["years_per_round"])
    end = number * years
    base = load_scenario(json.loads(session["scenario_json"]))
    base = base.model_copy(update={"horizon_years": end})
    groups = conn.execute("SELECT id FROM groups WHERE session_id = ? ORDER BY number",
                          (session["id"],)).fetchall()
    groups = [g for g in groups if group_id in (None, g["id"])]
    last = number if this_round else number - 1
    runs = []
    for group in groups:
        if instead is not None and group["id"] not in instead:
            continue
        decisions = conn.execute(
            "SELECT * FROM decisions WHERE group_id = ? AND round_number <= ? ORDER BY "
            "round_number", (group["id"], last)) if instead is None else [
            d for d in instead[group["id"]] if d["round_number"] <= last]
        scenario, previous = base, knobs.start(base)
        for decision in decisions:
            values = json.loads(decision["levers"])
            scenario = with_changes(scenario, knobs.schedule_entries(
                values, (decision["round_number"] - 1) * years, previous))
            previous = knobs.fill(values, previous)
        scenario = events.with_events(conn, session, group["id"], number, scenario)
        runs.append((int(group["id"]),
                     RunSpec(scenario.model_dump(mode="json"), weeks=end * WEEKS_PER_YEAR)))
    return runs


def key_figures(first_year: int, model) -> list[dict[str, float]]:  # a ParticipationModel
    """The key figures of each year from `first_year` on: the model's yearly figures, and
    the mean waiting list over the year's weeks. Module-level: it runs in the workers."""
    data = tables(model)
    years, weeks = data["years"], data["model"]
    start = weeks[weeks["week"] == 0].iloc[0]  # row 0 is the end of the spin-up
    weeks = weeks[weeks["week"] > 0]
    by_year = weeks.groupby("year")
    waiting = by_year["waiting_list"].mean()
    staff = by_year["professionals_fte"].mean()
    initiatives = by_year["initiatives"].last()
    hoods = data["neighbourhoods"]
    hoods = hoods[hoods["week"] > 0]
    hood_unmet = hoods.groupby([(hoods["week"] - 1) // WEEKS_PER_YEAR,
                                "neighbourhood"])["unmet_share"].mean()
    rows = []
    for _, year in years[years["year"] >= first_year].iterrows():
        y = int(year["year"])
        row = {"year": y}
        row.update({name: float(year[name]) for name in YEARLY})
        row["waiting_list"] = float(waiting.get(y, np.nan))
        row["professionals_fte"] = float(staff.get(y, np.nan))
        row["initiatives"] = float(initiatives.get(y, np.nan))
        spread = hood_unmet.xs(y, level=0) if y in hood_unmet.index.levels[0] else None
        row["unmet_spread"] = float(spread.max() - spread.min()) if spread is not None \
            else np.nan
        row.update({f"start_{name}": float(start[name]) for name in START})
        rows.append(row)
    return rows


def compute(store: Store, session_id: int, number: int, processes: bool = True
            ) -> dict[int, list[dict[str, float]]]:
    """Simulate every group for round `number`: group id -> the round's yearly figures."""
    with store.read() as conn:
        session = conn.execute("SELECT * FROM sessions WHERE id = ?", (session_id,)).fetchone()
        runs = plan(conn, session, number)
    first = (number - 1) * int(session["years_per_round"])
    read = partial(key_figures, first)
    specs = [spec for _, spec in runs]
    if not processes:
        figures = run_many(specs, read)
    else:
        with spawn_pool(max(1, min(len(specs), available_cores()))) as pool:
            figures = run_many(specs, read, pool=pool)
    return {group: rows for (group, _), rows in zip(runs, figures, strict=True)}


def save(store: Store, session_id: int, number: int,
         results: dict[int, list[dict[str, float]]], now: float | None = None) -> bool:
    """Write a round's results and mark it done, in one transaction."""
    now = time.time() if now is None else now
    stored = (*KEY_FIGURES, *(k for k in EXTRA if k not in KEY_FIGURES))
    columns = ", ".join(stored)
    marks = ", ".join("?" for _ in stored)
    with store.write() as conn:
        for group, rows in results.items():
            conn.execute("DELETE FROM results WHERE group_id = ? AND round_number = ?",
                         (group, number))
            conn.executemany(
                f"INSERT INTO results (session_id, group_id, round_number, year, {columns}) "
                f"VALUES (?, ?, ?, ?, {marks})",
                [(session_id, group, number, row["year"], *(row[k] for k in stored))
                 for row in rows])
            if rows:
                conn.execute("INSERT OR REPLACE INTO starts (session_id, group_id, "
                             "mean_trust, unmet_share, initiatives) VALUES (?, ?, ?, ?, ?)",
                             (session_id, group,
                              *(rows[0][f"start_{name}"] for name in START)))
        if not rounds.finish_run(conn, session_id, number, now):
            raise RuntimeError("the round is no longer running here")  # rolls back
    return True


def run_round(store: Store, token: str | None, session_id: object, number: object,
              processes: bool = True, background: bool = True) -> threading.Thread | None:
    """Run a locked round: marked running at once (refused like any action), computed in a
    background thread (or here, with background=False), its results stored when done. A
    failure puts the round back to locked with the reason."""
    rounds.start_run(store, token, session_id, number)
    sid, n = int(session_id), int(number)

    def work() -> None:
        try:
            save(store, sid, n, compute(store, sid, n, processes))
        except Exception as exc:  # the reason goes to the facilitator's screen, in words
            rounds.fail_run(store, sid, n, f"{type(exc).__name__}: {exc}")

    if not background:
        work()
        return None
    thread = threading.Thread(target=work, name=f"workshop-run-{sid}-{n}", daemon=True)
    thread.start()
    return thread
