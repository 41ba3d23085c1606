"""What each role sees, read from the database in one snapshot: the pages draw these and
nothing else, so what a participant may not see never reaches their page.

The facilitator sees everything of a session once their token checks out (a wrong token
sees nothing, not even whether the session exists). A participant sees their own group's
decisions and results, and of the other groups what the session's visibility allows:
nothing, their group's rank on each key figure, or everything.
"""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass, field, replace

from model import load_scenario
from workshop import events, knobs, preview, rounds, rules
from workshop.events import InjectedEvent
from workshop.store import Store
from workshop.texts import KEY_FIGURES

CONNECTED_SECONDS = 15.0  # a participant's page polls every few seconds
HIGHER_IS_BETTER = {"participation", "mean_trust", "budget_balance"}
RECENT_EVENTS = 30


@dataclass(frozen=True)
class SessionInfo:
    id: int
    code: str
    title: str
    scenario_name: str
    groups: int
    rounds: int
    years_per_round: int
    visibility: str
    status: str
    created_at: float
    scoring: bool = True


@dataclass(frozen=True)
class RoundState:
    number: int
    status: str
    deadline: float | None
    remaining: float | None
    error: str | None

    def first_year(self, years_per_round: int) -> int:
        return (self.number - 1) * years_per_round


@dataclass(frozen=True)
class Member:
    id: int
    number: int
    name: str
    group: int
    connected: bool


@dataclass(frozen=True)
class Decision:
    round: int
    group: int
    levers: dict[str, float]  # every knob value (workshop/knobs.py FIELDS), filled in
    reasoning: str
    by: str
    submitted_at: float


@dataclass(frozen=True)
class GroupState:
    number: int
    members: tuple[Member, ...]
    submitted: bool  # for the current round


@dataclass(frozen=True)
class FacilitatorView:
    session: SessionInfo
    rounds: tuple[RoundState, ...]
    current: RoundState | None
    groups: tuple[GroupState, ...]
    decisions: tuple[Decision, ...]
    results: tuple[dict, ...]  # group, round, year and the key figures
    events: tuple[dict, ...]  # the latest first
    injected: tuple[InjectedEvent, ...] = ()  # the facilitator's events, by round
    standings: tuple[Standing, ...] = ()  # when the session keeps scores


@dataclass(frozen=True)
class ParticipantView:
    session: SessionInfo
    name: str
    group: int
    current: RoundState | None
    last_round: int  # the last round with results (0: none yet)
    submitted: bool
    levers: dict  # the knob values in force before the round being played (knobs.FIELDS)
    decisions: tuple[Decision, ...]  # own group
    results: tuple[dict, ...]  # own group
    ranks: dict[str, tuple[int, int]] = field(default_factory=dict)  # figure: (rank, of)
    others: tuple[dict, ...] = ()  # all groups' results, when visibility is everything
    others_decisions: tuple[Decision, ...] = ()
    events: tuple[InjectedEvent, ...] = ()  # own group's, of rounds opened
    standing: Standing | None = None  # own scores and elections, when the session keeps them


def session_info(row: sqlite3.Row) -> SessionInfo:
    return SessionInfo(row["id"], row["code"], row["title"], row["scenario_name"],
                       row["groups"], row["rounds"], row["years_per_round"],
                       row["visibility"], row["status"], row["created_at"],
                       bool(row["scoring"]))


def _round_state(row: sqlite3.Row | None) -> RoundState | None:
    if row is None:
        return None
    return RoundState(row["number"], row["status"], row["deadline"], row["remaining"],
                      row["error"])


def _decisions(conn: sqlite3.Connection, session_id: int, group_id: int | None = None
               ) -> tuple[Decision, ...]:
    query = ("SELECT d.*, g.number AS group_number, p.display_name FROM decisions d "
             "JOIN groups g ON g.id = d.group_id LEFT JOIN participants p ON "
             "p.id = d.participant_id WHERE d.session_id = ?")
    values: tuple = (session_id,)
    if group_id is not None:
        query += " AND d.group_id = ?"
        values += (group_id,)
    rows = conn.execute(query + " ORDER BY d.round_number, g.number", values).fetchall()
    session = conn.execute("SELECT scenario_json FROM sessions WHERE id = ?",
                           (session_id,)).fetchone()
    start = knobs.start(load_scenario(json.loads(session["scenario_json"])))
    previous: dict[int, dict] = {}  # group: its knob values so far (old decisions: levers)
    out = []
    for r in rows:
        full = knobs.fill(json.loads(r["levers"]), previous.get(r["group_number"], start))
        previous[r["group_number"]] = full
        out.append(Decision(r["round_number"], r["group_number"], full, r["reasoning"],
                            r["display_name"] or "", r["submitted_at"]))
    return tuple(out)


def _results(conn: sqlite3.Connection, session_id: int, group_id: int | None = None
             ) -> tuple[dict, ...]:
    query = ("SELECT r.*, g.number AS group_number FROM results r JOIN groups g ON "
             "g.id = r.group_id WHERE r.session_id = ?")
    values: tuple = (session_id,)
    if group_id is not None:
        query += " AND r.group_id = ?"
        values += (group_id,)
    rows = conn.execute(query + " ORDER BY g.number, r.year", values)
    return tuple({"group": r["group_number"], "round": r["round_number"], "year": r["year"],
                  **{k: r[k] for k in (*KEY_FIGURES, *SCORED)}} for r in rows)


SCORED = ("budget", "unmet_spread", "initiatives", "professionals_fte")


@dataclass(frozen=True)
class Standing:
    """A group's scores per round and its elections (game rules, workshop/knobs.py)."""

    group: int
    scores: tuple[knobs.Score, ...]
    elections: tuple[knobs.Election, ...]


def standing(conn: sqlite3.Connection, session_id: int, group: int,
             results: tuple[dict, ...], decisions: tuple[Decision, ...]) -> Standing:
    """The scores and elections of one group (by number) from its results and decisions."""
    own = [r for r in results if r["group"] == group]
    tops, top = {}, 0.0
    mine = {d.round: d for d in decisions if d.group == group}
    for number in sorted({r["round"] for r in own}):
        if number in mine:
            top = float(mine[number].levers["top_up"])
        tops[number] = top
    start = conn.execute("SELECT s.mean_trust, s.unmet_share FROM starts s JOIN groups g ON "
                         "g.id = s.group_id WHERE s.session_id = ? AND g.number = ?",
                         (session_id, group)).fetchone()
    before = None if start is None or start["mean_trust"] is None else knobs.satisfaction(
        start["mean_trust"], start["unmet_share"])
    return Standing(group, tuple(knobs.scores(own, tops)),
                    tuple(knobs.elections(own, before)))


def sessions_list(store: Store, token: str | None) -> tuple[SessionInfo, ...]:
    """Every session in the data folder, the newest first (facilitator only)."""
    with store.read() as conn:
        rules.check_facilitator(conn, token)
        rows = conn.execute("SELECT * FROM sessions ORDER BY id DESC").fetchall()
        return tuple(session_info(row) for row in rows)


def facilitator_view(store: Store, token: str | None, session_id: object,
                     now: float | None = None) -> FacilitatorView:
    """The whole session, for the facilitator's screen."""
    now = time.time() if now is None else now
    with store.read() as conn:
        session = rules.facilitator_session(conn, token, session_id)
    rounds.refresh(store, session["id"], now)
    with store.read() as conn:
        session = rules.facilitator_session(conn, token, session_id)
        sid = session["id"]
        all_rounds = tuple(_round_state(r) for r in conn.execute(
            "SELECT * FROM rounds WHERE session_id = ? ORDER BY number", (sid,)))
        current = _round_state(rounds.current(conn, sid))
        submitted = set()
        if current is not None:
            submitted = {r["group_id"] for r in conn.execute(
                "SELECT group_id FROM decisions WHERE session_id = ? AND round_number = ?",
                (sid, current.number))}
        members: dict[int, list[Member]] = {}
        for p in conn.execute("SELECT p.*, g.number AS group_number FROM participants p JOIN "
                              "groups g ON g.id = p.group_id WHERE p.session_id = ? ORDER BY "
                              "p.number", (sid,)):
            connected = p["last_seen"] is not None and now - p["last_seen"] <= CONNECTED_SECONDS
            members.setdefault(p["group_id"], []).append(
                Member(p["id"], p["number"], p["display_name"], p["group_number"], connected))
        groups = tuple(GroupState(g["number"], tuple(members.get(g["id"], ())),
                                  g["id"] in submitted)
                       for g in conn.execute("SELECT * FROM groups WHERE session_id = ? "
                                             "ORDER BY number", (sid,)))
        log = tuple(dict(e) for e in conn.execute(
            "SELECT at, kind, round_number, group_id, participant_id, detail FROM events "
            "WHERE session_id = ? ORDER BY id DESC LIMIT ?", (sid, RECENT_EVENTS)))
        decisions, results = _decisions(conn, sid), _results(conn, sid)
        standings = tuple(standing(conn, sid, g.number, results, decisions) for g in groups) \
            if session["scoring"] else ()
        return FacilitatorView(session_info(session), all_rounds, current, groups, decisions,
                               results, log, events.injected(conn, sid), standings)


def participant_view(store: Store, seat: str | None, now: float | None = None
                     ) -> ParticipantView:
    """One participant's screen: their group, and of the others what the facilitator
    allows."""
    now = time.time() if now is None else now
    with store.read() as conn:
        member = rules.seat(conn, seat)
    rounds.refresh(store, member["session_id"], now)
    with store.read() as conn:
        member = rules.seat(conn, seat)
        session = conn.execute("SELECT * FROM sessions WHERE id = ?",
                               (member["session_id"],)).fetchone()
        sid, gid = session["id"], member["group_id"]
        current = _round_state(rounds.current(conn, sid))
        last = conn.execute("SELECT COALESCE(MAX(number), 0) FROM rounds WHERE session_id = ? "
                            "AND status = 'results'", (sid,)).fetchone()[0]
        own = _decisions(conn, sid, gid)
        submitted = current is not None and any(d.round == current.number for d in own)
        finished = [d for d in own if current is None or d.round < current.number]
        levers = finished[-1].levers if finished else knobs.start(
            load_scenario(json.loads(session["scenario_json"])))
        everyone = _results(conn, sid)
        mine = tuple(r for r in everyone if r["group"] == member["group_number"])
        kept = standing(conn, sid, member["group_number"], mine, own) if session["scoring"] \
            else None
        view = ParticipantView(session_info(session), member["display_name"],
                               member["group_number"],
                               current, int(last), submitted, levers, own, mine,
                               events=events.seen_by(conn, sid, member["group_number"]),
                               standing=kept)
        if session["visibility"] == "ranks":
            return _with_ranks(view, everyone)
        if session["visibility"] == "everything":
            others = tuple(d for d in _decisions(conn, sid) if d.group != view.group
                           and d.round <= view.last_round)
            return replace(view, others=everyone, others_decisions=others)
        return view


def ranks(results: tuple[dict, ...], group: int) -> dict[str, tuple[int, int]]:
    """`group`'s rank (1 is best) among all groups on each key figure, in the latest year
    every group has; ties share a rank."""
    if not results:
        return {}
    year = max(r["year"] for r in results)
    latest = [r for r in results if r["year"] == year]
    mine = next((r for r in latest if r["group"] == group), None)
    if mine is None:
        return {}
    found = {}
    for figure in KEY_FIGURES:
        values = [r[figure] for r in latest if r[figure] is not None]
        if mine[figure] is None:
            continue
        better = sum(1 for v in values if (v > mine[figure] if figure in HIGHER_IS_BETTER
                                           else v < mine[figure]))
        found[figure] = (better + 1, len(values))
    return found


def _with_ranks(view: ParticipantView, everyone: tuple[dict, ...]) -> ParticipantView:
    return replace(view, ranks=ranks(everyone, view.group))


def decision_plan(store: Store, seat: str | None) -> preview.GroupPlan | None:
    """What the seat's group decides on in the round being played (None: no round left).
    The page asks once per round, not at every poll: it holds a small scenario check."""
    with store.read() as conn:
        member = rules.seat(conn, seat)
        session = conn.execute("SELECT * FROM sessions WHERE id = ?",
                               (member["session_id"],)).fetchone()
        row = rounds.current(conn, session["id"])
        if row is None:
            return None
        return preview.group_plan(conn, session, member["group_id"], int(row["number"]))
