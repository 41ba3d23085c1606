"""Who may do what, and what input is accepted: the one place the workshop says no.

Every action of the pages and the command line goes through these checks before it writes.
A refusal is a `RefusedError` carrying a text key and its values, so the page shows it in the
reader's language and the command line in English; never a traceback.

- Only the facilitator token opens, locks, runs, pauses and ends rounds, makes sessions,
  hands out new seat links and exports.
- A participant acts through their seat token only: for their own group, and only while a
  round is open (before its deadline).
- A join code admits only while its session runs.
- A decision's knob values are checked in workshop/knobs.py (`validate`, `check_balance`),
  refused with the same `RefusedError`.
"""

from __future__ import annotations

import sqlite3
import unicodedata
from typing import Any

from workshop.codes import is_code, looks_like_token, normal_code, same_secret, seat_hash
from workshop.store import get_setting
from workshop.texts import t

FACILITATOR_TOKEN = "facilitator_token"  # the settings key
MAX_NAME = 40
MAX_TITLE = 80
MAX_REASONING = 2000
MAX_GROUPS = 12
MAX_ROUNDS = 30
MAX_PER_GROUP = 12
ROUND_YEARS = (1, 4)  # a round is one year or a council term
VISIBILITY = ("nothing", "ranks", "everything")
MIN_TIMER, MAX_TIMER = 10, 4 * 3600  # seconds
MAX_HORIZON = 100  # years, the scenario schema's limit


class RefusedError(Exception):
    """An action refused: `key` names the text (workshop/texts.py), `values` fill it in."""

    def __init__(self, key: str, **values: Any) -> None:
        self.key = key
        self.values = values
        super().__init__(self.message("en"))

    def message(self, lang: str) -> str:
        return t(f"refused.{self.key}", lang).format(**self.values)


# --- who is asking --------------------------------------------------------------------------
def check_facilitator(conn: sqlite3.Connection, token: str | None) -> None:
    """The token is this data folder's facilitator token; otherwise nothing is shown."""
    kept = get_setting(conn, FACILITATOR_TOKEN)
    if not token or kept is None or not looks_like_token(token) \
            or not same_secret(token, kept):
        raise RefusedError("facilitator")


def facilitator_session(conn: sqlite3.Connection, token: str | None,
                        session_id: object) -> sqlite3.Row:
    """The session a facilitator asks for: their token first, then the session's id."""
    check_facilitator(conn, token)
    number = whole(session_id, "session", 1, 2**62)
    row = conn.execute("SELECT * FROM sessions WHERE id = ?", (number,)).fetchone()
    if row is None:
        raise RefusedError("no_session", session=number)
    return row


def seat(conn: sqlite3.Connection, token: str | None) -> sqlite3.Row:
    """The participant holding this seat token (with their session's and group's ids)."""
    if not token or not looks_like_token(token):
        raise RefusedError("seat")
    row = conn.execute(
        "SELECT p.*, g.number AS group_number, g.name AS group_name FROM participants p "
        "JOIN groups g ON g.id = p.group_id WHERE p.seat_hash = ?",
        (seat_hash(token),)).fetchone()
    if row is None:
        raise RefusedError("seat")
    return row


def session_by_code(conn: sqlite3.Connection, text: str | None) -> sqlite3.Row:
    """The running session a join code admits to."""
    code = normal_code(text or "")
    if not code:
        raise RefusedError("code_empty")
    if not is_code(code):
        raise RefusedError("code_form", code=code[:12])
    row = conn.execute("SELECT * FROM sessions WHERE code = ?", (code,)).fetchone()
    if row is None:
        raise RefusedError("code_unknown", code=code)
    if row["status"] == "ended":
        raise RefusedError("code_ended", code=code)
    return row


def check_active(session: sqlite3.Row) -> None:
    if session["status"] == "ended":
        raise RefusedError("ended")


# --- what they typed ------------------------------------------------------------------------
def text(value: object, field: str, most: int, least: int = 1) -> str:
    """A line of text: trimmed, without control characters, of `least` to `most` characters."""
    if not isinstance(value, str):
        raise RefusedError("not_text", field=field)
    cleaned = " ".join(value.split())
    if any(unicodedata.category(c).startswith("C") for c in cleaned):
        raise RefusedError("control", field=field)
    if len(cleaned) < least:
        raise RefusedError("empty", field=field)
    if len(cleaned) > most:
        raise RefusedError("too_long", field=field, most=most, got=len(cleaned))
    return cleaned


def reasoning(value: object) -> str:
    """The group's reasoning: free text of up to MAX_REASONING characters (may be empty);
    line breaks are kept, other control characters refused."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise RefusedError("not_text", field="reasoning")
    cleaned = value.replace("\r\n", "\n").strip()
    if any(unicodedata.category(c).startswith("C") and c not in "\n\t" for c in cleaned):
        raise RefusedError("control", field="reasoning")
    if len(cleaned) > MAX_REASONING:
        raise RefusedError("too_long", field="reasoning", most=MAX_REASONING, got=len(cleaned))
    return cleaned


def whole(value: object, field: str, least: int, most: int) -> int:
    """A whole number from `least` to `most` (a text of digits is accepted)."""
    if isinstance(value, bool):
        raise RefusedError("not_whole", field=field, least=least, most=most)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit() and len(value) < 20:
        value = int(value.strip())
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int):
        raise RefusedError("not_whole", field=field, least=least, most=most)
    if not least <= value <= most:
        raise RefusedError("range", field=field, least=least, most=most, got=value)
    return value


def choice(value: object, field: str, allowed: tuple) -> Any:
    if value not in allowed:
        shown = str(value)[:30]
        raise RefusedError("choice", field=field, got=shown,
                      allowed=", ".join(str(a) for a in allowed))
    return value


def timer(value: object) -> int | None:
    """A round's timer in seconds, or None for no deadline."""
    if value in (None, "", 0):
        return None
    return whole(value, "timer", MIN_TIMER, MAX_TIMER)


def session_shape(groups: object, rounds: object, years_per_round: object,
                  visibility: object) -> tuple[int, int, int, str]:
    """The numbers a session is made of, checked together (the whole workshop must fit in
    the scenario's horizon limit of MAX_HORIZON years)."""
    groups = whole(groups, "groups", 1, MAX_GROUPS)
    rounds = whole(rounds, "rounds", 1, MAX_ROUNDS)
    years = whole(years_per_round, "years_per_round", min(ROUND_YEARS), max(ROUND_YEARS))
    choice(years, "years_per_round", ROUND_YEARS)
    if rounds * years > MAX_HORIZON:
        raise RefusedError("horizon", rounds=rounds, years=years, most=MAX_HORIZON)
    return groups, rounds, years, choice(visibility, "visibility", VISIBILITY)
