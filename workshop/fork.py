"""What if: rerun one group's municipality from round k with other decisions, next to the
path it played.

A fork takes the group's stored decisions of the rounds before k as they are, puts the
facilitator's lever values in place of round k's decision (also when the group did not
submit in round k), and then, by the facilitator's choice (`later`):

- `keep`: the rounds after k keep the group's own decisions: "what if we had done this in
  round k only";
- `clear`: the rounds after k have no decisions, so round k's levers stay to the end:
  "what if we had set this course from round k".

It runs to the end of the last round played (at the time of forking), with the session's
seed, through `runs.plan` (so whatever else a round's plan holds applies to the fork as to
the group), in a worker process started from a background thread. Round k's decision is
given in the shape of a row of `decisions` (its levers as JSON text), so other kinds of
decisions go the same way. Only the facilitator forks; at most `MAX_RUNNING` run at once and
`MAX_FORKS` are kept per session.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from functools import partial

from model import LEVERS, run_many, spawn_pool
from workshop import knobs, rounds, rules
from workshop.rules import RefusedError
from workshop.runs import key_figures, plan
from workshop.store import Store, log_event

LATER = ("keep", "clear")
MAX_FORKS = 60
MAX_RUNNING = 2
MAX_NOTE = 200


def path_decisions(conn: sqlite3.Connection, group_id: int, session_id: int, k: int,
                   levers: dict[str, float], later: str, note: str) -> list[dict]:
    """The fork's decisions, as rows of `decisions` (every column; the ones a fork does not
    set are None)."""
    columns = [c["name"] for c in conn.execute("PRAGMA table_info(decisions)")]
    stored = [dict(r) for r in conn.execute(
        "SELECT * FROM decisions WHERE group_id = ? ORDER BY round_number", (group_id,))]
    # Round k's other knobs stay as the group set them; only its levers change.
    kept = next((json.loads(d["levers"]) for d in stored if d["round_number"] == k), {})
    own = {**dict.fromkeys(columns), "session_id": session_id, "group_id": group_id,
           "round_number": k, "levers": json.dumps({**kept, **levers}), "reasoning": note}
    before = [d for d in stored if d["round_number"] < k]
    after = [d for d in stored if d["round_number"] > k] if later == "keep" else []
    return [*before, own, *after]


def fork_levers(values: object) -> dict[str, float]:
    """A fork's new levers for round k, checked like a decision's: all six, each 0 to 1. A
    fork changes the levers only: the other knobs, when given (the page sends the knobs as
    they stood), are checked and left as the group set them."""
    if not isinstance(values, dict) or any(name not in values for name in LEVERS):
        raise RefusedError("levers_form", allowed=", ".join(LEVERS))
    start = dict.fromkeys(knobs.FIELDS, 0.0)
    start.update(dict.fromkeys(knobs.FLAGS, False))
    checked = knobs.validate(values, start)
    return {name: checked[name] for name in LEVERS}


def _in_force(start: dict[str, float], decisions: list[dict], through: int
              ) -> list[dict[str, float]]:
    """The levers in force in each round 1..through."""
    by_round = {d["round_number"]: json.loads(d["levers"]) for d in decisions}
    levers, found = dict(start), []
    for number in range(1, through + 1):
        levers = {**levers, **by_round.get(number, {})}
        found.append(dict(levers))
    return found


def start_fork(store: Store, token: str | None, session_id: object, group: object,
               from_round: object, levers: object, later: object = "keep", note: object = "",
               processes: bool = True, background: bool = True,
               now: float | None = None) -> int:
    """Check and store a fork, then run it (in the background, or here); its id."""
    from workshop.debrief import start_levers

    now = time.time() if now is None else now
    values = fork_levers(levers)
    later = rules.choice(later, "later", LATER)
    note = rules.text(note if note is not None else "", "note", MAX_NOTE, least=0)
    with store.write() as conn:
        session = rules.facilitator_session(conn, token, session_id)
        sid = session["id"]
        number = rules.whole(group, "group", 1, session["groups"])
        played = int(conn.execute("SELECT COALESCE(MAX(number), 0) FROM rounds WHERE "
                                  "session_id = ? AND status = 'results'", (sid,)).fetchone()[0])
        if played == 0:
            raise RefusedError("fork_nothing_played")
        k = rules.whole(from_round, "round", 1, played)
        running = conn.execute("SELECT COUNT(*) FROM forks WHERE session_id = ? AND status = "
                               "'running' AND runner = ?", (sid, rounds.PROCESS)).fetchone()[0]
        if running >= MAX_RUNNING:
            raise RefusedError("fork_busy", running=running)
        if conn.execute("SELECT COUNT(*) FROM forks WHERE session_id = ?",
                        (sid,)).fetchone()[0] >= MAX_FORKS:
            raise RefusedError("fork_many", most=MAX_FORKS)
        gid = conn.execute("SELECT id FROM groups WHERE session_id = ? AND number = ?",
                           (sid, number)).fetchone()["id"]
        decisions = path_decisions(conn, gid, sid, k, values, later, note)
        own = [dict(r) for r in conn.execute("SELECT * FROM decisions WHERE group_id = ?",
                                             (gid,))]
        first = start_levers(session)
        if _in_force(first, decisions, played) == _in_force(first, own, played):
            raise RefusedError("fork_unchanged", group=number)
        cursor = conn.execute(
            "INSERT INTO forks (session_id, group_id, from_round, through_round, later, note, "
            "status, runner, created_at) VALUES (?, ?, ?, ?, ?, ?, 'running', ?, ?)",
            (sid, gid, k, played, later, note, rounds.PROCESS, now))
        fork = int(cursor.lastrowid)
        conn.executemany("INSERT INTO fork_decisions (fork_id, round_number, levers) VALUES "
                         "(?, ?, ?)", [(fork, d["round_number"], d["levers"])
                                       for d in decisions if d["round_number"] <= played])
        log_event(conn, sid, now, "fork_started", group_id=gid,  # not a round's event
                  detail=f"fork {fork} from round {k}, later rounds: {later}")
        _, spec = plan(conn, session, played, instead={gid: decisions})[0]

    def work() -> None:
        try:
            read = partial(key_figures, 0)
            if processes:
                with spawn_pool(1) as pool:
                    rows, = run_many([spec], read, pool=pool)
            else:
                rows, = run_many([spec], read)
            _save(store, sid, fork, rows)
        except Exception as exc:  # the reason goes to the debrief's screen, in words
            _fail(store, fork, f"{type(exc).__name__}: {exc}")

    if not background:
        work()
    else:
        threading.Thread(target=work, name=f"workshop-fork-{fork}", daemon=True).start()
    return fork


def _save(store: Store, sid: int, fork: int, rows: list[dict]) -> None:
    from workshop.debrief import insert_figures

    now = time.time()
    with store.write() as conn:
        done = conn.execute("UPDATE forks SET status = 'done', finished_at = ?, runner = NULL "
                            "WHERE id = ? AND status = 'running' AND runner = ?",
                            (now, fork, rounds.PROCESS)).rowcount
        if not done:
            raise RuntimeError("the fork is no longer run here")  # rolls back
        insert_figures(conn, "fork_results", ("fork_id",), [((fork,), r) for r in rows])
        log_event(conn, sid, now, "fork_done", detail=f"fork {fork}")


def _fail(store: Store, fork: int, error: str) -> None:
    with store.write() as conn:
        conn.execute("UPDATE forks SET status = 'failed', runner = NULL, error = ? WHERE "
                     "id = ? AND runner = ?", (error[:500], fork, rounds.PROCESS))
