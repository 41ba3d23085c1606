"""Events the facilitator injects into a session from a small library: an extra cut, an
incident that costs trust, a rise in need, a message in the local paper. Each goes to all
groups or some, and hits one round: from that round's first year (`(round - 1) ×
years_per_round`, 0-based) it is a schedule entry of every targeted group's municipality
(docs/scenarios.md#schedule), and the groups see its headline and what it means on their
page once that round is open.

The sizes are the facilitator's input, not model estimates: the model takes them as given,
as it takes any schedule entry. The defaults and ranges below are illustrative, chosen so
that an event is felt without swamping the groups' own decisions; the one with a published
order of magnitude is the cut (see `LIBRARY`).

Injecting is one transaction (the event and a line in the session's log); only the
facilitator's token may inject or withdraw, and only for a round not run yet.
"""

from __future__ import annotations

import contextlib
import json
import math
import sqlite3
import time
from dataclasses import dataclass

from model import Scenario, with_changes
from workshop import rules
from workshop.rules import RefusedError
from workshop.store import Store, log_event
from workshop.texts import t

MAX_TEXT = 280  # characters: a headline, a short message
ALL = "all"
PLAYED = ("running", "results")  # a round in these has been (or is being) run


@dataclass(frozen=True)
class EventKind:
    """A kind of event: which schedule-entry field it sets (None: no model effect), its
    default size and the range the facilitator may choose from, and where its size comes
    from."""

    name: str
    effect: str | None
    default: float | None = None
    least: float | None = None
    most: float | None = None
    step: float = 0.01
    note: str = "illustrative"


LIBRARY: dict[str, EventKind] = {kind.name: kind for kind in (
    EventKind("extra_cut", "budget_change", -0.05, -0.2, 0.0, note=(
        "illustrative; for scale, the 2015 transfer itself came with cuts of about 15% "
        "(youth care) to a quarter (guidance, day care) and nearly a third (household help), "
        "docs/model.md; an extra cut in a later year is smaller")),
    EventKind("trust_incident", "trust_shock", 0.1, 0.0, 0.3, note=(
        "illustrative; on trust's 0-1 scale, 0.1 is a tenth of the scale, next to a mean "
        "trust of about 0.5")),
    EventKind("need_rise", "need_change", 0.1, 0.0, 0.5),
    EventKind("newspaper", None),
)}
KINDS = tuple(LIBRARY)


@dataclass(frozen=True)
class InjectedEvent:
    id: int
    round: int
    kind: str
    size: float | None
    text: str  # as the facilitator typed it; empty: the library's headline
    groups: tuple[int, ...] | None  # group numbers; None: all groups
    created_at: float
    by: str

    def hits(self, group: int) -> bool:
        return self.groups is None or group in self.groups

    def first_year(self, years_per_round: int) -> int:
        return (self.round - 1) * years_per_round

    def entry(self, years_per_round: int) -> dict | None:
        """The schedule entry of its effect (None: no model effect, or size 0)."""
        effect = LIBRARY[self.kind].effect
        if effect is None or not self.size:
            return None
        return {"year": self.first_year(years_per_round), effect: self.size}


# --- the words --------------------------------------------------------------------------------
def _pct(value: float, lang: str) -> str:
    shown = f"{round(100 * abs(value), 1):g}%"
    return shown.replace(".", ",") if lang == "nl" else shown


def _values(kind: str, size: float | None, lang: str) -> dict[str, str]:
    size = LIBRARY[kind].default if size is None else size
    size = 0.0 if size is None else size
    return {"pct": _pct(size, lang), "points": f"{round(100 * abs(size), 1):g}"
            .replace(".", "," if lang == "nl" else ".")}


def headline(kind: str, size: float | None, lang: str) -> str:
    """The library's headline of a kind of event at a size: the prefilled text."""
    return t(f"event.{kind}.headline", lang).format(**_values(kind, size, lang))


def shown_text(event: InjectedEvent, lang: str) -> str:
    return event.text or headline(event.kind, event.size, lang)


def meaning(event: InjectedEvent, years_per_round: int, lang: str) -> str:
    """What the event does to the group's municipality, in plain words."""
    if LIBRARY[event.kind].effect is not None and not event.size:
        return t("event.no_effect", lang)
    year = t("year_single", lang).format(year=event.first_year(years_per_round) + 1)
    return t(f"event.{event.kind}.meaning", lang).format(
        year=year, **_values(event.kind, event.size, lang))


# --- what the facilitator typed -----------------------------------------------------------------
def check_kind(value: object) -> EventKind:
    if not isinstance(value, str) or value not in LIBRARY:
        raise RefusedError("event_kind", got=str(value)[:30], allowed=", ".join(KINDS))
    return LIBRARY[value]


def check_size(kind: EventKind, value: object) -> float | None:
    """The size within the kind's range (its default when none is given); None for a
    kind without a model effect."""
    if kind.effect is None:
        return None
    if value is None or value == "":
        return kind.default
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            value = float(value.strip().replace(",", "."))
    if isinstance(value, bool) or not isinstance(value, int | float) \
            or not math.isfinite(value) or not kind.least <= round(value, 4) <= kind.most:
        raise RefusedError("event_size", kind=kind.name, got=str(value)[:20],
                           least=kind.least, most=kind.most)
    return round(float(value), 4) + 0.0  # a slider's -0.19999999999999998 is -0.2; no -0.0


def check_text(kind: EventKind, value: object) -> str:
    """The headline: free text for a message in the paper; for the other kinds it may be
    left empty (the library's headline, in each reader's language)."""
    if value is None:
        value = ""
    return rules.text(value, "text", MAX_TEXT, least=1 if kind.effect is None else 0)


def check_groups(value: object, groups: int) -> tuple[int, ...] | None:
    """'all' (None) or group numbers of the session, each once, in order."""
    if value in (None, ALL):
        return None
    if isinstance(value, int | str):
        value = [value]
    if not isinstance(value, list | tuple) or not value:
        raise RefusedError("event_groups", most=groups)
    numbers = set()
    for item in value:
        if isinstance(item, bool) or not isinstance(item, int | str):
            raise RefusedError("event_groups", most=groups)
        number = rules.whole(item, "group", 1, 2**31)
        if number > groups:
            raise RefusedError("group_unknown", group=number, most=groups)
        numbers.add(number)
    return None if len(numbers) == groups else tuple(sorted(numbers))


def _target_round(conn: sqlite3.Connection, session: sqlite3.Row, value: object
                  ) -> sqlite3.Row:
    """The round an event hits: the one given, or the next to be played (the first
    without results); never one already run."""
    if value in (None, ""):
        row = conn.execute("SELECT * FROM rounds WHERE session_id = ? AND status NOT IN "
                           "('running', 'results') ORDER BY number LIMIT 1",
                           (session["id"],)).fetchone()
        if row is None:
            raise RefusedError("event_no_round")
        return row
    number = rules.whole(value, "round", 1, session["rounds"])
    row = conn.execute("SELECT * FROM rounds WHERE session_id = ? AND number = ?",
                       (session["id"], number)).fetchone()
    if row["status"] in PLAYED:
        raise RefusedError("event_played", round=number, status=row["status"])
    return row


# --- the facilitator's actions -------------------------------------------------------------------
def inject(store: Store, token: str | None, session_id: object, kind: object,
           size: object = None, text: object = "", groups: object = ALL,
           round_number: object = None, now: float | None = None) -> int:
    """Inject an event for a round (by default the next to be played) into all groups or
    the given group numbers; returns its id. One transaction, with a line in the log."""
    now = time.time() if now is None else now
    found = check_kind(kind)
    amount = check_size(found, size)
    words = check_text(found, text)
    with store.write() as conn:
        session = rules.facilitator_session(conn, token, session_id)
        rules.check_active(session)
        targets = check_groups(groups, int(session["groups"]))
        row = _target_round(conn, session, round_number)
        cursor = conn.execute(
            "INSERT INTO injected_events (session_id, round_number, kind, size, text, "
            "target_groups, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (session["id"], row["number"], found.name, amount, words,
             ALL if targets is None else json.dumps(list(targets)), now, "facilitator"))
        log_event(conn, session["id"], now, "event_injected", round_number=row["number"],
                  detail=_detail(found.name, amount, targets, words))
        return int(cursor.lastrowid)


def withdraw(store: Store, token: str | None, session_id: object, event_id: object,
             now: float | None = None) -> None:
    """Take back an event whose round has not been run yet."""
    now = time.time() if now is None else now
    with store.write() as conn:
        session = rules.facilitator_session(conn, token, session_id)
        rules.check_active(session)
        number = rules.whole(event_id, "event", 1, 2**62)
        row = conn.execute("SELECT e.*, r.status FROM injected_events e JOIN rounds r ON "
                           "r.session_id = e.session_id AND r.number = e.round_number "
                           "WHERE e.id = ? AND e.session_id = ?",
                           (number, session["id"])).fetchone()
        if row is None:
            raise RefusedError("event_unknown", event=number)
        if row["status"] in PLAYED:
            raise RefusedError("event_played", round=row["round_number"], status=row["status"])
        conn.execute("DELETE FROM injected_events WHERE id = ?", (number,))
        log_event(conn, session["id"], now, "event_withdrawn", round_number=row["round_number"],
                  detail=f"event {number}: {row['kind']}")


def _detail(kind: str, size: float | None, targets: tuple[int, ...] | None, text: str) -> str:
    groups = ALL if targets is None else "groups " + ",".join(map(str, targets))
    amount = "" if size is None else f" {size:g}"
    return f"{kind}{amount}; {groups}; {text}"[:500]


# --- reading -------------------------------------------------------------------------------------
def _event(row: sqlite3.Row) -> InjectedEvent:
    target = row["target_groups"]
    return InjectedEvent(row["id"], row["round_number"], row["kind"], row["size"], row["text"],
                         None if target == ALL else tuple(json.loads(target)),
                         row["created_at"], row["created_by"])


def injected(conn: sqlite3.Connection, session_id: int) -> tuple[InjectedEvent, ...]:
    """Every event of the session, by round and in the order injected (the facilitator's
    list)."""
    return tuple(_event(r) for r in conn.execute(
        "SELECT * FROM injected_events WHERE session_id = ? ORDER BY round_number, id",
        (session_id,)))


def seen_by(conn: sqlite3.Connection, session_id: int, group: int
            ) -> tuple[InjectedEvent, ...]:
    """The events a group sees: its own (aimed at all groups or at it), of rounds that are
    open or further; never another group's, nor one of a round not opened yet."""
    opened = {r["number"] for r in conn.execute(
        "SELECT number FROM rounds WHERE session_id = ? AND status != 'draft'", (session_id,))}
    return tuple(e for e in injected(conn, session_id) if e.hits(group) and e.round in opened)


def schedule_entries(conn: sqlite3.Connection, session: sqlite3.Row, group: int,
                     up_to_round: int) -> list[dict]:
    """The schedule entries of the events that hit `group` in rounds up to `up_to_round`."""
    years = int(session["years_per_round"])
    entries = (e.entry(years) for e in injected(conn, session["id"])
               if e.round <= up_to_round and e.hits(group))
    return [entry for entry in entries if entry is not None]


def with_events(conn: sqlite3.Connection, session: sqlite3.Row, group_id: int,
                number: int, scenario: Scenario) -> Scenario:
    """A group's scenario for round `number` with the events that hit it (runs.plan)."""
    group = conn.execute("SELECT number FROM groups WHERE id = ?", (group_id,)).fetchone()
    entries = schedule_entries(conn, session, int(group["number"]), number)
    return with_changes(scenario, entries, source="<workshop events>")


def export_rows(conn: sqlite3.Connection, session: sqlite3.Row) -> list[dict]:
    """injected_events.csv's rows of a session: each event with its effect."""
    years = int(session["years_per_round"])
    rows = []
    for e in injected(conn, session["id"]):
        effect = LIBRARY[e.kind].effect
        entry = e.entry(years) or {}
        rows.append({
            "session": session["code"], "round": e.round, "from_year": e.first_year(years),
            "kind": e.kind, "size": "" if e.size is None else e.size,
            "effect": effect or "",
            **{name: entry.get(name, "") for name in EFFECTS},
            "groups": ALL if e.groups is None else ";".join(map(str, e.groups)),
            "text": shown_text(e, "nl"), "created_at": e.created_at, "by": e.by})
    return rows


EFFECTS = tuple(k.effect for k in LIBRARY.values() if k.effect)
EXPORT_HEADER = ["session", "round", "from_year", "kind", "size", "effect", *EFFECTS,
                 "groups", "text", "created_at", "by"]
