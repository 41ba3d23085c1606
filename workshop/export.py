"""A session as CSV files: sessions, groups, participants, decisions, events (the log of
actions), results, and injected_events (the facilitator's events with their effects).

Participants are pseudonymised: each is `P01`, `P02`, ... in the order they joined their
session; display names and seat tokens are never written. Times are UTC in ISO 8601.
From the command line (`python run.py workshop export`) the data folder itself is the
permission; from the page, the facilitator's token.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import zipfile
from datetime import UTC, datetime
from pathlib import Path

from workshop import events, knobs, rules
from workshop.codes import normal_code
from workshop.store import Store, StoreError
from workshop.texts import KEY_FIGURES
from workshop.views import SCORED

FILES = ("sessions", "groups", "participants", "decisions", "events", "results",
         "injected_events")


def _time(value: float | None) -> str:
    if value is None:
        return ""
    return datetime.fromtimestamp(value, UTC).isoformat(timespec="seconds")


def pseudonym(number: int) -> str:
    return f"P{number:02d}"


def tables(conn: sqlite3.Connection, session_ids: list[int]) -> dict[str, list[dict]]:
    """The export's rows, file by file, for the given sessions."""
    out: dict[str, list[dict]] = {name: [] for name in FILES}
    for sid in session_ids:
        s = conn.execute("SELECT * FROM sessions WHERE id = ?", (sid,)).fetchone()
        code = s["code"]
        out["sessions"].append({
            "session": code, "title": s["title"], "scenario": s["scenario_name"],
            "groups": s["groups"], "rounds": s["rounds"],
            "years_per_round": s["years_per_round"], "visibility": s["visibility"],
            "status": s["status"], "created_at": _time(s["created_at"]),
            "ended_at": _time(s["ended_at"])})
        groups = {g["id"]: g["number"] for g in conn.execute(
            "SELECT id, number FROM groups WHERE session_id = ?", (sid,))}
        people = {p["id"]: p for p in conn.execute(
            "SELECT * FROM participants WHERE session_id = ? ORDER BY number", (sid,))}
        names = {pid: pseudonym(p["number"]) for pid, p in people.items()}
        for gid, number in sorted(groups.items(), key=lambda item: item[1]):
            out["groups"].append({
                "session": code, "group": number,
                "participants": sum(1 for p in people.values() if p["group_id"] == gid)})
        for pid, p in people.items():
            out["participants"].append({"session": code, "participant": names[pid],
                                        "group": groups[p["group_id"]],
                                        "joined_at": _time(p["joined_at"])})
        for d in conn.execute("SELECT * FROM decisions WHERE session_id = ? ORDER BY "
                              "round_number, group_id", (sid,)):
            values = json.loads(d["levers"])
            out["decisions"].append({
                "session": code, "round": d["round_number"], "group": groups[d["group_id"]],
                "participant": names.get(d["participant_id"], ""),
                "from_year": (d["round_number"] - 1) * s["years_per_round"],
                **{name: values.get(name) for name in knobs.FIELDS},
                "reasoning": d["reasoning"], "submitted_at": _time(d["submitted_at"])})
        for e in conn.execute("SELECT * FROM events WHERE session_id = ? ORDER BY id", (sid,)):
            out["events"].append({
                "session": code, "at": _time(e["at"]), "kind": e["kind"],
                "round": e["round_number"] if e["round_number"] is not None else "",
                "group": groups.get(e["group_id"], ""),
                "participant": names.get(e["participant_id"], ""), "detail": e["detail"]})
        for r in conn.execute("SELECT * FROM results WHERE session_id = ? ORDER BY group_id, "
                              "year", (sid,)):
            out["results"].append({"session": code, "group": groups[r["group_id"]],
                                   "round": r["round_number"], "year": r["year"],
                                   **{k: r[k] for k in (*KEY_FIGURES, *SCORED)}})
        out["injected_events"].extend({**row, "created_at": _time(row["created_at"])}
                                      for row in events.export_rows(conn, s))
    return out


HEADERS = {
    "sessions": ["session", "title", "scenario", "groups", "rounds", "years_per_round",
                 "visibility", "status", "created_at", "ended_at"],
    "groups": ["session", "group", "participants"],
    "participants": ["session", "participant", "group", "joined_at"],
    "decisions": ["session", "round", "group", "participant", "from_year", *knobs.FIELDS,
                  "reasoning", "submitted_at"],
    "events": ["session", "at", "kind", "round", "group", "participant", "detail"],
    "results": ["session", "group", "round", "year", *KEY_FIGURES, *SCORED],
    "injected_events": events.EXPORT_HEADER,
}


def csv_text(rows: list[dict], header: list[str]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def _session_ids(conn: sqlite3.Connection, code: str | None) -> list[int]:
    if code is None:
        return [r["id"] for r in conn.execute("SELECT id FROM sessions ORDER BY id")]
    wanted = normal_code(code)
    row = conn.execute("SELECT id FROM sessions WHERE code = ?", (wanted,)).fetchone()
    if row is None:
        known = [r["code"] for r in conn.execute("SELECT code FROM sessions ORDER BY id")]
        raise StoreError(f"--session: no session with code {wanted[:12]!r}; the sessions "
                         f"here are: {', '.join(known) or 'none'}")
    return [row["id"]]


def session_ids(store: Store, code: str | None = None) -> list[int]:
    """The ids of the session with join code `code`, or of every session."""
    with store.read() as conn:
        return _session_ids(conn, code)


def write_csvs(store: Store, out: Path, code: str | None = None) -> list[Path]:
    """Write the CSV files of one session (by join code) or of all sessions to `out`."""
    with store.read() as conn:
        data = tables(conn, _session_ids(conn, code))
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"--out: cannot make {out} ({exc.strerror})") from None
    if not out.is_dir():
        raise StoreError(f"--out: {out} is not a folder")
    written = []
    for name in FILES:
        path = out / f"{name}.csv"
        path.write_text(csv_text(data[name], HEADERS[name]), encoding="utf-8")
        written.append(path)
    return written


def session_zip(store: Store, token: str | None, session_id: object) -> bytes:
    """The session's CSV files in one zip, for the facilitator's download button."""
    with store.read() as conn:
        session = rules.facilitator_session(conn, token, session_id)
        data = tables(conn, [session["id"]])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in FILES:
            archive.writestr(f"{name}.csv", csv_text(data[name], HEADERS[name]))
    return buffer.getvalue()
