"""The workshop's database: one SQLite file in the data folder, the only source of truth.

Every page, every poll and every action opens its own connection, does its work in one
transaction and closes it again: nothing about a session lives in the web process between
two requests, so two visitors never share state by accident (Solara issue #867), and a
server killed at any moment (even `kill -9`) leaves the database as the last committed
action left it. WAL mode lets the pages read while an action writes; the busy timeout makes
a writer wait its turn instead of failing.

The schema carries a version; `MIGRATIONS[i]` brings a database from version i to i + 1,
each in its own transaction, so an older database is upgraded when the server starts and a
newer one is refused with a message instead of being damaged.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

DATABASE = "workshop.sqlite"
BUSY_TIMEOUT_MS = 30_000

MIGRATIONS: tuple[str, ...] = (
    # 0 -> 1: the first schema
    """
    CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        code TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        scenario_name TEXT NOT NULL,
        scenario_json TEXT NOT NULL,
        groups INTEGER NOT NULL,
        rounds INTEGER NOT NULL,
        years_per_round INTEGER NOT NULL,
        visibility TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'active',
        created_at REAL NOT NULL,
        ended_at REAL
    );
    CREATE TABLE groups (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions(id),
        number INTEGER NOT NULL,
        name TEXT NOT NULL,
        UNIQUE (session_id, number)
    );
    CREATE TABLE participants (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions(id),
        group_id INTEGER NOT NULL REFERENCES groups(id),
        number INTEGER NOT NULL,
        display_name TEXT NOT NULL,
        seat_hash TEXT NOT NULL UNIQUE,
        joined_at REAL NOT NULL,
        last_seen REAL,
        UNIQUE (session_id, number)
    );
    CREATE TABLE rounds (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions(id),
        number INTEGER NOT NULL,
        status TEXT NOT NULL DEFAULT 'draft',
        deadline REAL,
        remaining REAL,
        opened_at REAL,
        locked_at REAL,
        run_started_at REAL,
        runner TEXT,
        finished_at REAL,
        error TEXT,
        UNIQUE (session_id, number)
    );
    CREATE TABLE decisions (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions(id),
        round_number INTEGER NOT NULL,
        group_id INTEGER NOT NULL REFERENCES groups(id),
        participant_id INTEGER REFERENCES participants(id),
        levers TEXT NOT NULL,
        reasoning TEXT NOT NULL,
        submitted_at REAL NOT NULL,
        UNIQUE (session_id, round_number, group_id)
    );
    CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions(id),
        at REAL NOT NULL,
        kind TEXT NOT NULL,
        round_number INTEGER,
        group_id INTEGER,
        participant_id INTEGER,
        detail TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE results (
        session_id INTEGER NOT NULL REFERENCES sessions(id),
        group_id INTEGER NOT NULL REFERENCES groups(id),
        round_number INTEGER NOT NULL,
        year INTEGER NOT NULL,
        participation REAL,
        unmet_share REAL,
        waiting_list REAL,
        mean_trust REAL,
        cost_per_inhabitant REAL,
        budget_balance REAL,
        PRIMARY KEY (session_id, group_id, year)
    );
    CREATE INDEX participants_by_group ON participants (group_id);
    CREATE INDEX events_by_session ON events (session_id, at);
    """,
    # 1 -> 2: events the facilitator injects (workshop/events.py); target_groups is 'all'
    # or a JSON list of group numbers
    """
    CREATE TABLE injected_events (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions(id),
        round_number INTEGER NOT NULL,
        kind TEXT NOT NULL,
        size REAL,
        text TEXT NOT NULL DEFAULT '',
        target_groups TEXT NOT NULL DEFAULT 'all',
        created_at REAL NOT NULL,
        created_by TEXT NOT NULL DEFAULT 'facilitator'
    );
    CREATE INDEX injected_events_by_session ON injected_events (session_id, round_number);
    """,
    # 2 -> 3: the debrief's no-change baseline and its what-if forks (workshop/debrief.py,
    # workshop/fork.py)
    """
    CREATE TABLE baselines (
        session_id INTEGER PRIMARY KEY REFERENCES sessions(id),
        seeds TEXT NOT NULL,
        years INTEGER NOT NULL,
        status TEXT NOT NULL,
        runner TEXT,
        started_at REAL NOT NULL,
        finished_at REAL,
        error TEXT
    );
    CREATE TABLE baseline_results (
        session_id INTEGER NOT NULL REFERENCES sessions(id),
        seed INTEGER NOT NULL,
        year INTEGER NOT NULL,
        participation REAL,
        unmet_share REAL,
        waiting_list REAL,
        mean_trust REAL,
        cost_per_inhabitant REAL,
        budget_balance REAL,
        PRIMARY KEY (session_id, seed, year)
    );
    CREATE TABLE forks (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions(id),
        group_id INTEGER NOT NULL REFERENCES groups(id),
        from_round INTEGER NOT NULL,
        through_round INTEGER NOT NULL,
        later TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL,
        runner TEXT,
        created_at REAL NOT NULL,
        finished_at REAL,
        error TEXT
    );
    CREATE TABLE fork_decisions (
        fork_id INTEGER NOT NULL REFERENCES forks(id),
        round_number INTEGER NOT NULL,
        levers TEXT NOT NULL,
        PRIMARY KEY (fork_id, round_number)
    );
    CREATE TABLE fork_results (
        fork_id INTEGER NOT NULL REFERENCES forks(id),
        year INTEGER NOT NULL,
        participation REAL,
        unmet_share REAL,
        waiting_list REAL,
        mean_trust REAL,
        cost_per_inhabitant REAL,
        budget_balance REAL,
        PRIMARY KEY (fork_id, year)
    );
    CREATE INDEX forks_by_session ON forks (session_id, group_id);
    """,
    # 3 -> 4: the knobs' budget and the scores (workshop/knobs.py): per year the budget,
    # the initiatives, the professionals and the spread of unmet need between
    # neighbourhoods; per group its state at the start (for the first election); whether a
    # session keeps scores. Decisions keep their column `levers`, now holding every knob.
    """
    ALTER TABLE results ADD COLUMN budget REAL;
    ALTER TABLE results ADD COLUMN initiatives REAL;
    ALTER TABLE results ADD COLUMN professionals_fte REAL;
    ALTER TABLE results ADD COLUMN unmet_spread REAL;
    ALTER TABLE sessions ADD COLUMN scoring INTEGER NOT NULL DEFAULT 1;
    CREATE TABLE starts (
        session_id INTEGER NOT NULL REFERENCES sessions(id),
        group_id INTEGER NOT NULL REFERENCES groups(id),
        mean_trust REAL,
        unmet_share REAL,
        initiatives REAL,
        PRIMARY KEY (session_id, group_id)
    );
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)


DATA_ENV = "ZS_WORKSHOP_DATA"  # the data folder, handed to the app in the server process


def default_data() -> Path:
    """$XDG_DATA_HOME/zelfsturing/workshop, or ~/.local/share/zelfsturing/workshop."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "zelfsturing" / "workshop"


class StoreError(Exception):
    """The database cannot be used: the message says why and what to do."""


@dataclass(frozen=True)
class Store:
    """Where the database is. Holds no connection and no state: each `read()` or `write()`
    opens one for the length of one action."""

    path: Path

    @classmethod
    def open(cls, folder: Path, create: bool = True) -> Store:
        """The store in `folder`, created (folder, file, schema) or upgraded when needed."""
        folder = Path(folder).expanduser()
        path = folder / DATABASE
        if not path.exists():
            if not create:
                raise StoreError(f"{folder}: no workshop database here ({DATABASE} is "
                                 "missing); give the --data folder the server used")
            try:
                folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"{folder}: cannot make the data folder ({exc.strerror})") \
                    from None
        elif path.is_dir():
            raise StoreError(f"{path}: is a folder, not a database")
        store = cls(path)
        store.migrate()
        return store

    def connect(self) -> sqlite3.Connection:
        """A fresh connection in autocommit mode (transactions are begun explicitly)."""
        new = not self.path.exists()
        try:
            conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000,
                                   isolation_level=None, check_same_thread=False)
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot open the database ({exc})") from None
        if new:
            os.chmod(self.path, 0o600)  # it holds the facilitator's token
        conn.row_factory = sqlite3.Row
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA synchronous = NORMAL")  # WAL: durable up to the last sync
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise StoreError(f"{self.path}: not a workshop database ({exc})") from None
        return conn

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """A connection for reading: one consistent snapshot for the whole block."""
        conn = self.connect()
        try:
            conn.execute("BEGIN")
            yield conn
        finally:
            conn.rollback()
            conn.close()

    @contextmanager
    def write(self, busy_ms: int | None = None) -> Iterator[sqlite3.Connection]:
        """One action's transaction: all of it is committed, or none of it (an exception
        rolls back). BEGIN IMMEDIATE takes the write lock at once, so two actions never
        interleave their reads and writes. `busy_ms`: wait at most this long for the lock
        (sqlite3.OperationalError after it), instead of BUSY_TIMEOUT_MS."""
        conn = self.connect()
        if busy_ms is not None:
            conn.execute(f"PRAGMA busy_timeout = {int(busy_ms)}")
        try:
            conn.execute("BEGIN IMMEDIATE")
            yield conn
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        finally:
            conn.close()

    def version(self) -> int:
        conn = self.connect()
        try:
            return _version(conn)
        finally:
            conn.close()

    def migrate(self) -> None:
        """Apply the migrations this database has not had, each in its own transaction."""
        conn = self.connect()
        try:
            version = _version(conn)
            if version > SCHEMA_VERSION:
                raise StoreError(f"{self.path}: made by a newer zelfsturing (schema version "
                                 f"{version}; this one knows up to {SCHEMA_VERSION}); "
                                 "upgrade zelfsturing to open it")
            for target in range(version + 1, SCHEMA_VERSION + 1):
                conn.execute("BEGIN IMMEDIATE")
                try:
                    if _version(conn) >= target:  # another process got there first
                        conn.execute("ROLLBACK")
                        continue
                    for statement in statements(MIGRATIONS[target - 1]):
                        conn.execute(statement)
                    conn.execute("DELETE FROM schema_version")
                    conn.execute("INSERT INTO schema_version (version) VALUES (?)", (target,))
                    conn.execute("COMMIT")
                except BaseException:
                    conn.execute("ROLLBACK")
                    raise
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a workshop database ({exc})") from None
        finally:
            conn.close()


def _version(conn: sqlite3.Connection) -> int:
    conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
    row = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def statements(script: str) -> list[str]:
    """A migration's statements, one by one (executescript would commit on its own)."""
    return [part.strip() for part in script.split(";") if part.strip()]


def get_setting(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row["value"])


def set_setting(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute("INSERT INTO settings (key, value) VALUES (?, ?) "
                 "ON CONFLICT (key) DO UPDATE SET value = excluded.value", (key, value))


def log_event(conn: sqlite3.Connection, session_id: int, at: float, kind: str,
              round_number: int | None = None, group_id: int | None = None,
              participant_id: int | None = None, detail: str = "") -> None:
    """One line of the session's log (exported as events.csv)."""
    conn.execute("INSERT INTO events (session_id, at, kind, round_number, group_id, "
                 "participant_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?)",
                 (session_id, at, kind, round_number, group_id, participant_id, detail))
