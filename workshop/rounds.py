"""The round cycle, as a state machine kept in the database.

    draft --open--> open --lock (or the deadline)--> locked --run--> running --> results
                    open <--resume-- paused <--pause-- open
                                     running --(failed, or the server stopped)--> locked

Rounds are played in order: round n opens once round n - 1 has its results. A round's
deadline is an absolute time in the database, so it survives a restart; whoever reads the
session next after the deadline (a page's poll, an action) locks the round: `refresh` on
every request. Pausing keeps what was left of the timer and gives it back on resume.
A run is done by this server process (`PROCESS`); a round found running by another process
(the server was killed mid-run) goes back to locked, to be run again. A group that did not
submit keeps its previous decisions: running never waits for anyone.
"""

from __future__ import annotations

import secrets
import sqlite3
import time

from workshop import rules
from workshop.rules import RefusedError
from workshop.store import Store, log_event

STATUSES = ("draft", "open", "paused", "locked", "running", "results")
PROCESS = secrets.token_hex(8)  # this server process, as the runner of a round
INTERRUPTED = "interrupted: the server stopped during the run; run the round again"


# --- the clock ------------------------------------------------------------------------------
def due(conn: sqlite3.Connection, session_id: int, now: float) -> bool:
    """Whether the session has a round past its deadline or a run of a gone process."""
    row = conn.execute(
        "SELECT 1 FROM rounds WHERE session_id = ? AND ((status = 'open' AND deadline IS NOT "
        "NULL AND deadline <= ?) OR (status = 'running' AND runner IS NOT ?)) LIMIT 1",
        (session_id, now, PROCESS)).fetchone()
    return row is not None


def tick(conn: sqlite3.Connection, session_id: int, now: float) -> None:
    """Lock the rounds whose deadline has passed; put runs of a gone process back to
    locked. Idempotent, inside the caller's write transaction."""
    expired = conn.execute("SELECT number, deadline FROM rounds WHERE session_id = ? AND "
                           "status = 'open' AND deadline IS NOT NULL AND deadline <= ?",
                           (session_id, now)).fetchall()
    for row in expired:
        conn.execute("UPDATE rounds SET status = 'locked', locked_at = deadline WHERE "
                     "session_id = ? AND number = ?", (session_id, row["number"]))
        log_event(conn, session_id, row["deadline"], "auto_locked",
                  round_number=row["number"])
    stale = conn.execute("SELECT number FROM rounds WHERE session_id = ? AND status = "
                         "'running' AND runner IS NOT ?", (session_id, PROCESS)).fetchall()
    for row in stale:
        conn.execute("UPDATE rounds SET status = 'locked', runner = NULL, error = ? WHERE "
                     "session_id = ? AND number = ?", (INTERRUPTED, session_id, row["number"]))
        log_event(conn, session_id, now, "run_interrupted", round_number=row["number"])


def refresh(store: Store, session_id: int, now: float | None = None) -> None:
    """What every request does first: a read, and a write only when something is due."""
    now = time.time() if now is None else now
    with store.read() as conn:
        if not due(conn, session_id, now):
            return
    with store.write() as conn:
        tick(conn, session_id, now)


# --- reading --------------------------------------------------------------------------------
def current(conn: sqlite3.Connection, session_id: int) -> sqlite3.Row | None:
    """The round being played: the first without results (None when all are played)."""
    return conn.execute("SELECT * FROM rounds WHERE session_id = ? AND status != 'results' "
                        "ORDER BY number LIMIT 1", (session_id,)).fetchone()


def _round(conn: sqlite3.Connection, session: sqlite3.Row, number: object) -> sqlite3.Row:
    n = rules.whole(number, "round", 1, rules.MAX_ROUNDS)
    row = conn.execute("SELECT * FROM rounds WHERE session_id = ? AND number = ?",
                       (session["id"], n)).fetchone()
    if row is None:
        raise RefusedError("round_unknown", round=n, most=session["rounds"])
    return row


def _require(row: sqlite3.Row, action: str, *allowed: str) -> None:
    if row["status"] not in allowed:
        raise RefusedError("round_state", round=row["number"], status=row["status"], action=action,
                      need=" / ".join(allowed))


def _facilitated(conn: sqlite3.Connection, token: str | None, session_id: object,
                 number: object, now: float) -> tuple[sqlite3.Row, sqlite3.Row]:
    session = rules.facilitator_session(conn, token, session_id)
    rules.check_active(session)
    tick(conn, session["id"], now)
    return session, _round(conn, session, number)


# --- the facilitator's actions ---------------------------------------------------------------
def open_round(store: Store, token: str | None, session_id: object, number: object,
               timer: object = None, now: float | None = None) -> float | None:
    """Open a round for decisions, with an optional timer in seconds; returns the deadline
    (seconds since the epoch) or None."""
    now = time.time() if now is None else now
    seconds = rules.timer(timer)
    with store.write() as conn:
        session, row = _facilitated(conn, token, session_id, number, now)
        _require(row, "open", "draft")
        if row["number"] > 1:
            before = _round(conn, session, row["number"] - 1)
            if before["status"] != "results":
                raise RefusedError("round_order", round=row["number"], before=before["number"])
        deadline = None if seconds is None else now + seconds
        conn.execute("UPDATE rounds SET status = 'open', opened_at = ?, deadline = ?, "
                     "error = NULL WHERE id = ?", (now, deadline, row["id"]))
        log_event(conn, session["id"], now, "opened", round_number=row["number"],
                  detail="" if seconds is None else f"timer {seconds} s")
        return deadline


def lock_round(store: Store, token: str | None, session_id: object, number: object,
               now: float | None = None) -> None:
    """Close a round for decisions (before its deadline, or one without a deadline)."""
    now = time.time() if now is None else now
    with store.write() as conn:
        session, row = _facilitated(conn, token, session_id, number, now)
        if row["status"] == "locked":
            return  # the deadline got there first: what was asked for is done
        _require(row, "lock", "open", "paused")
        conn.execute("UPDATE rounds SET status = 'locked', locked_at = ?, remaining = NULL "
                     "WHERE id = ?", (now, row["id"]))
        log_event(conn, session["id"], now, "locked", round_number=row["number"])


def pause_round(store: Store, token: str | None, session_id: object, number: object,
                now: float | None = None) -> None:
    """Stop the clock: no decisions while paused; the time left is kept."""
    now = time.time() if now is None else now
    with store.write() as conn:
        session, row = _facilitated(conn, token, session_id, number, now)
        _require(row, "pause", "open")
        remaining = None if row["deadline"] is None else max(0.0, row["deadline"] - now)
        conn.execute("UPDATE rounds SET status = 'paused', deadline = NULL, remaining = ? "
                     "WHERE id = ?", (remaining, row["id"]))
        log_event(conn, session["id"], now, "paused", round_number=row["number"])


def resume_round(store: Store, token: str | None, session_id: object, number: object,
                 now: float | None = None) -> float | None:
    """Open a paused round again with the time it had left; returns the new deadline."""
    now = time.time() if now is None else now
    with store.write() as conn:
        session, row = _facilitated(conn, token, session_id, number, now)
        _require(row, "resume", "paused")
        deadline = None if row["remaining"] is None else now + row["remaining"]
        conn.execute("UPDATE rounds SET status = 'open', deadline = ?, remaining = NULL "
                     "WHERE id = ?", (deadline, row["id"]))
        log_event(conn, session["id"], now, "resumed", round_number=row["number"])
        return deadline


def start_run(store: Store, token: str | None, session_id: object, number: object,
              now: float | None = None) -> None:
    """Mark a locked round as running in this process (workshop/runs.py does the run)."""
    now = time.time() if now is None else now
    with store.write() as conn:
        session, row = _facilitated(conn, token, session_id, number, now)
        _require(row, "run", "locked")
        conn.execute("UPDATE rounds SET status = 'running', runner = ?, run_started_at = ?, "
                     "error = NULL WHERE id = ?", (PROCESS, now, row["id"]))
        log_event(conn, session["id"], now, "run_started", round_number=row["number"])


def finish_run(conn: sqlite3.Connection, session_id: int, number: int, now: float) -> bool:
    """The run's results are written (by the caller, in this transaction): the round has
    its results. False when the round is no longer this process's run."""
    done = conn.execute("UPDATE rounds SET status = 'results', finished_at = ?, runner = NULL "
                        "WHERE session_id = ? AND number = ? AND status = 'running' AND "
                        "runner = ?", (now, session_id, number, PROCESS)).rowcount
    if done:
        log_event(conn, session_id, now, "results", round_number=number)
    return bool(done)


def fail_run(store: Store, session_id: int, number: int, error: str,
             now: float | None = None) -> None:
    """The run failed: back to locked, with the reason, to be run again."""
    now = time.time() if now is None else now
    with store.write() as conn:
        conn.execute("UPDATE rounds SET status = 'locked', runner = NULL, error = ? WHERE "
                     "session_id = ? AND number = ? AND status = 'running' AND runner = ?",
                     (error[:500], session_id, number, PROCESS))
        log_event(conn, session_id, now, "run_failed", round_number=number,
                  detail=error[:500])


def end_session(store: Store, token: str | None, session_id: object,
                now: float | None = None) -> None:
    """End the session: its join code stops working, an open round is locked; the seats
    still show what was played."""
    now = time.time() if now is None else now
    with store.write() as conn:
        session = rules.facilitator_session(conn, token, session_id)
        if session["status"] == "ended":
            return
        conn.execute("UPDATE rounds SET status = 'locked', locked_at = ?, remaining = NULL "
                     "WHERE session_id = ? AND status IN ('open', 'paused')",
                     (now, session["id"]))
        conn.execute("UPDATE sessions SET status = 'ended', ended_at = ? WHERE id = ?",
                     (now, session["id"]))
        log_event(conn, session["id"], now, "ended")
