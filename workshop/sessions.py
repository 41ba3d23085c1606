"""Making sessions and seats, and what a participant does: join, come back, decide.

Each function is one action: it checks who asks and what they typed (workshop/rules.py),
then writes in one transaction, with a line in the session's event log.
"""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

from model import (
    ScenarioError,
    load_scenario,
    memory_problem,
    parse_yaml,
    validate_data,
)
from workshop import knobs, preview, rules
from workshop.codes import new_code, new_facilitator_token, new_seat_token, seat_hash
from workshop.rounds import due, tick
from workshop.rules import RefusedError
from workshop.store import Store, get_setting, log_event, set_setting

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
MAX_UPLOAD = 2**20  # bytes: a scenario file is a few kB
CODE_TRIES = 50


# --- the facilitator's key ------------------------------------------------------------------
def facilitator_token(store: Store) -> str:
    """This data folder's facilitator token, made on first use and kept in the database
    (readable by this user only), so the facilitator's link survives a restart."""
    with store.write() as conn:
        token = get_setting(conn, rules.FACILITATOR_TOKEN)
        if token is None:
            token = new_facilitator_token()
            set_setting(conn, rules.FACILITATOR_TOKEN, token)
        return token


# --- scenarios ------------------------------------------------------------------------------
def shipped_scenarios() -> dict[str, Path]:
    """The scenarios in scenarios/*.yaml, by their file's stem."""
    return {path.stem: path for path in sorted(SCENARIOS.glob("*.yaml"))}


def scenario_from_file(path: Path) -> dict:
    """A scenario file, validated (`model.load_scenario`), as the JSON the session keeps."""
    try:
        scenario = load_scenario(Path(path))
    except ScenarioError as exc:
        raise RefusedError("scenario", problem="; ".join(map(str, exc.problems))[:600]) from None
    return scenario.model_dump(mode="json")


def scenario_from_shipped(name: str) -> dict:
    shipped = shipped_scenarios()
    if name not in shipped:
        raise RefusedError("scenario_unknown", name=str(name)[:40], allowed=", ".join(shipped))
    return scenario_from_file(shipped[name])


def scenario_from_upload(name: str, content: bytes) -> dict:
    """An uploaded scenario file, checked as a scenario file is checked."""
    if len(content) > MAX_UPLOAD:
        raise RefusedError("scenario", problem=f"{name[:60]}: larger than {MAX_UPLOAD // 1024} kB")
    try:
        text = content.decode("utf-8")
        scenario = validate_data(parse_yaml(text, name[:60]), name[:60])
    except UnicodeDecodeError:
        raise RefusedError("scenario", problem=f"{name[:60]}: not a text (YAML) file") from None
    except ScenarioError as exc:
        raise RefusedError("scenario", problem="; ".join(map(str, exc.problems))[:600]) from None
    return scenario.model_dump(mode="json")


# --- sessions -------------------------------------------------------------------------------
def create_session(store: Store, token: str | None, scenario: dict, title: str,
                   groups: object, rounds: object, years_per_round: object = 1,
                   visibility: object = "everything", now: float | None = None
                   ) -> tuple[int, str]:
    """A new session with its groups and its rounds (all draft); (its id, its join code)."""
    now = time.time() if now is None else now
    title = rules.text(title, "title", rules.MAX_TITLE)
    groups, rounds, years, visibility = rules.session_shape(groups, rounds, years_per_round,
                                                            visibility)
    try:
        checked = load_scenario(scenario)
    except ScenarioError as exc:
        raise RefusedError("scenario", problem="; ".join(map(str, exc.problems))[:600]) from None
    longest = checked.model_copy(update={"horizon_years": rounds * years})
    if problem := memory_problem(longest):
        raise RefusedError("scenario", problem=problem)
    initiatives = preview.start_initiatives(checked)  # for the first round's budget
    with store.write() as conn:
        rules.check_facilitator(conn, token)
        code = _free_code(conn)
        cursor = conn.execute(
            "INSERT INTO sessions (code, title, scenario_name, scenario_json, groups, rounds, "
            "years_per_round, visibility, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (code, title, checked.name, json.dumps(scenario), groups, rounds, years,
             visibility, now))
        session_id = int(cursor.lastrowid)
        conn.executemany("INSERT INTO groups (session_id, number, name) VALUES (?, ?, '')",
                         [(session_id, n) for n in range(1, groups + 1)])
        conn.executemany("INSERT INTO rounds (session_id, number) VALUES (?, ?)",
                         [(session_id, n) for n in range(1, rounds + 1)])
        set_setting(conn, preview.start_key(session_id), repr(initiatives))
        log_event(conn, session_id, now, "session_created",
                  detail=f"{checked.name}; {groups} groups, {rounds} rounds of {years} year(s)")
    return session_id, code


def _free_code(conn) -> str:
    """A join code no session has had (codes of ended sessions are not handed out again)."""
    for _ in range(CODE_TRIES):
        code = new_code()
        if conn.execute("SELECT 1 FROM sessions WHERE code = ?", (code,)).fetchone() is None:
            return code
    raise RefusedError("codes_exhausted")


def set_visibility(store: Store, token: str | None, session_id: object, visibility: object,
                   now: float | None = None) -> None:
    """What groups see of each other after a round: nothing, ranks or everything."""
    now = time.time() if now is None else now
    visibility = rules.choice(visibility, "visibility", rules.VISIBILITY)
    with store.write() as conn:
        session = rules.facilitator_session(conn, token, session_id)
        conn.execute("UPDATE sessions SET visibility = ? WHERE id = ?",
                     (visibility, session["id"]))
        log_event(conn, session["id"], now, "visibility", detail=visibility)


def set_scoring(store: Store, token: str | None, session_id: object, on: object,
                now: float | None = None) -> None:
    """Whether the groups see scores and elections (a game rule, on by default)."""
    now = time.time() if now is None else now
    if not isinstance(on, bool):
        raise RefusedError("knob_flag", knob="scoring", got=str(on)[:20])
    with store.write() as conn:
        session = rules.facilitator_session(conn, token, session_id)
        conn.execute("UPDATE sessions SET scoring = ? WHERE id = ?", (int(on), session["id"]))
        log_event(conn, session["id"], now, "scoring", detail="on" if on else "off")


# --- seats ----------------------------------------------------------------------------------
def group_count(store: Store, code: str) -> int:
    """How many groups the session of a join code has (to offer a choice when joining)."""
    with store.read() as conn:
        return int(rules.session_by_code(conn, code)["groups"])


def join(store: Store, code: object, display_name: object, group: object = None,
         now: float | None = None) -> str:
    """Take a seat in the session of `code`: in `group` (its number) or, without one, in
    the group with the fewest members. Returns the seat token (it goes in the link)."""
    now = time.time() if now is None else now
    name = rules.text(display_name, "name", rules.MAX_NAME)
    token = new_seat_token()
    with store.write() as conn:
        session = rules.session_by_code(conn, code if isinstance(code, str) else "")
        sizes = conn.execute(
            "SELECT g.id, g.number, COUNT(p.id) AS members FROM groups g LEFT JOIN "
            "participants p ON p.group_id = g.id WHERE g.session_id = ? GROUP BY g.id "
            "ORDER BY g.number", (session["id"],)).fetchall()
        if group in (None, "", 0):
            chosen = min(sizes, key=lambda row: (row["members"], row["number"]))
        else:
            number = rules.whole(group, "group", 1, len(sizes))
            chosen = sizes[number - 1]
        if chosen["members"] >= rules.MAX_PER_GROUP:
            raise RefusedError("group_full", group=chosen["number"], most=rules.MAX_PER_GROUP)
        number = conn.execute("SELECT COALESCE(MAX(number), 0) + 1 FROM participants "
                              "WHERE session_id = ?", (session["id"],)).fetchone()[0]
        cursor = conn.execute(
            "INSERT INTO participants (session_id, group_id, number, display_name, seat_hash, "
            "joined_at, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (session["id"], chosen["id"], number, name, seat_hash(token), now, now))
        log_event(conn, session["id"], now, "joined", group_id=chosen["id"],
                  participant_id=int(cursor.lastrowid))
    return token


def new_seat_link(store: Store, token: str | None, session_id: object, participant: object,
                  now: float | None = None) -> str:
    """A new seat token for a participant (a lost phone): the old link stops working."""
    now = time.time() if now is None else now
    seat = new_seat_token()
    with store.write() as conn:
        session = rules.facilitator_session(conn, token, session_id)
        number = rules.whole(participant, "participant", 1, 2**62)
        row = conn.execute("SELECT id FROM participants WHERE id = ? AND session_id = ?",
                           (number, session["id"])).fetchone()
        if row is None:
            raise RefusedError("participant_unknown", participant=number)
        conn.execute("UPDATE participants SET seat_hash = ? WHERE id = ?",
                     (seat_hash(seat), row["id"]))
        log_event(conn, session["id"], now, "new_seat_link", participant_id=row["id"])
    return seat


HEARTBEAT_SECONDS = 5.0  # last_seen is written at most this often per seat


def heartbeat(store: Store, seat: str | None, now: float | None = None) -> None:
    """The participant's page is open: the facilitator's monitor shows them connected.
    Best effort: read first and write only when `last_seen` is older than
    HEARTBEAT_SECONDS, and skip this beat when the database is busy with another writer
    (40 pages beating every few seconds must never hold up a decision or a round's results,
    nor break a page; a seat counts as connected for 15 s)."""
    now = time.time() if now is None else now
    with store.read() as conn:
        row = rules.seat(conn, seat)  # an unknown seat is refused here, as before
    if row["last_seen"] is not None and now - row["last_seen"] < HEARTBEAT_SECONDS:
        return
    try:
        with store.write(busy_ms=1_000) as conn:
            conn.execute("UPDATE participants SET last_seen = ? WHERE id = ?",
                         (now, row["id"]))
    except sqlite3.OperationalError:
        return  # busy: the next beat writes it


# --- decisions ------------------------------------------------------------------------------
def submit(store: Store, seat: str | None, levers: object, reasoning: object = "",
           now: float | None = None) -> int:
    """The group's decision for the open round (the last one submitted before the lock
    counts; any member may submit it): its knob values (workshop/knobs.py; a field left
    out keeps its value of the round before, so the six levers alone still do). Refused
    when the budget does not balance (`knobs.check_balance`). Returns the round's number."""
    now = time.time() if now is None else now
    if not isinstance(levers, dict):
        raise RefusedError("levers_form", allowed=", ".join(knobs.FIELDS))
    text = rules.reasoning(reasoning)
    with store.write() as conn:
        member = rules.seat(conn, seat)
        session = conn.execute("SELECT * FROM sessions WHERE id = ?",
                               (member["session_id"],)).fetchone()
        rules.check_active(session)
        if due(conn, session["id"], now):
            tick(conn, session["id"], now)
        row = conn.execute("SELECT number, status FROM rounds WHERE session_id = ? AND status "
                           "IN ('open', 'paused', 'locked', 'running') ORDER BY number "
                           "LIMIT 1", (session["id"],)).fetchone()
        if row is None:
            raise RefusedError("no_round")
        if row["status"] != "open":
            raise RefusedError("not_open", round=row["number"], status=row["status"])
        plan = preview.group_plan(conn, session, member["group_id"], int(row["number"]))
        values = knobs.validate(levers, plan.previous, plan.integrated_ok)
        knobs.check_balance(plan.budget(values))
        conn.execute(
            "INSERT INTO decisions (session_id, round_number, group_id, participant_id, "
            "levers, reasoning, submitted_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (session_id, round_number, group_id) DO UPDATE SET "
            "participant_id = excluded.participant_id, levers = excluded.levers, "
            "reasoning = excluded.reasoning, submitted_at = excluded.submitted_at",
            (session["id"], row["number"], member["group_id"], member["id"],
             json.dumps(values), text, now))
        log_event(conn, session["id"], now, "submitted", round_number=row["number"],
                  group_id=member["group_id"], participant_id=member["id"],
                  detail=json.dumps(values))
        return int(row["number"])
