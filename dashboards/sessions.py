"""The sessions of one dashboard server together: how many may be open at once, what is
freed when one is released, and how several playing sessions share the machine.

- **Admission.** `Sessions.admit` makes a `Session` for a new browser tab, or returns None
  when `limit` sessions are open already (the page then says so politely: admission.Full). The
  limit comes from ZELFSTURING_MAX_SESSIONS (`run.py dashboard --max-sessions`), default 20.
- **Release.** `Sessions.release` stops the session's play and drops its model; the page
  calls it when Solara closes the tab's kernel. A tab that went away without a word is
  closed after SOLARA_KERNEL_CULL_TIMEOUT (`run.py dashboard --release-after`, default 2
  minutes) and dropped then; a tab the browser says it closed (also on a reload) is closed
  at once and its session parked for that time, so that a reload takes it up again. Memory
  goes back to the operating system (`free_memory`); on Linux the server runs on the C
  library's allocator for that (`use_system_allocator`).
- **Fair play.** All plays take turns (`turn`): one batch of weeks, or one frame, at a time,
  first come first served, so no play starves; and with n sessions playing, each redraws n
  times less often (`pace`), so together they spend on drawing what one alone does, and
  the rest on weeks. The model and its outputs are the same as when playing alone.

docs/dashboard.md#many-visitors-at-once says how to set these.
"""

from __future__ import annotations

import argparse
import ctypes
import gc
import os
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import Any

Session = Any  # a dashboards.session.Session (which imports this module)

MAX_SESSIONS_SETTING = "ZELFSTURING_MAX_SESSIONS"
DEFAULT_MAX_SESSIONS = 20
# Solara's own setting: how long a tab's kernel is kept after its page went away without
# saying so (the browser sends a close beacon when a tab closes; that closes it at once).
RELEASE_SETTING = "SOLARA_KERNEL_CULL_TIMEOUT"
DEFAULT_RELEASE_AFTER = "2m"
FROM_ENVIRONMENT = "environment"
# Python's own setting for its allocator, read once when the interpreter starts.
ALLOCATOR_SETTING = "PYTHONMALLOC"


def max_sessions_from_environment() -> int | None:
    """The cap on open sessions: ZELFSTURING_MAX_SESSIONS (0: no cap), default 20."""
    raw = os.environ.get(MAX_SESSIONS_SETTING, "").strip()
    if not raw:
        return DEFAULT_MAX_SESSIONS
    limit = int(raw)
    return None if limit <= 0 else limit


def session_environment(max_sessions: int | None, release_after: str | None) -> None:
    """Set the cap and the release time for the server about to start, before solara is
    imported (its settings read the environment once): the options when given, else what
    the environment says, else the defaults (Solara's own release time is 24 hours)."""
    if max_sessions is not None:
        os.environ[MAX_SESSIONS_SETTING] = str(max_sessions)
    os.environ.setdefault(MAX_SESSIONS_SETTING, str(DEFAULT_MAX_SESSIONS))
    if release_after is not None:
        os.environ[RELEASE_SETTING] = release_after
    os.environ.setdefault(RELEASE_SETTING, DEFAULT_RELEASE_AFTER)


def add_session_options(parser: argparse.ArgumentParser) -> None:
    """`run.py dashboard`'s --max-sessions and --release-after."""
    parser.add_argument("--max-sessions", type=_sessions, default=None,
                        help="browser tabs served at once; the next gets a polite page "
                        f"(default: {MAX_SESSIONS_SETTING} or {DEFAULT_MAX_SESSIONS}; "
                        "0: no cap)")
    parser.add_argument("--release-after", type=_duration, default=None,
                        help="how long a closed tab's session is kept for a reload, and a "
                        "tab that went away without closing for a reconnect; e.g. 90s, 2m, "
                        f"1h (default: {RELEASE_SETTING} or {DEFAULT_RELEASE_AFTER})")


def _sessions(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"got {text[:20]}; must be a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"got {value}; must be 0 (no cap) or more")
    return value


def _duration(text: str) -> str:
    """A duration as Solara reads it: a number of seconds, or with s, m, h or d."""
    number = text[:-1] if text[-1:] in ("s", "m", "h", "d") else text
    try:
        ok = float(number) > 0
    except ValueError:
        ok = False
    if not ok:
        raise argparse.ArgumentTypeError(f"got {text[:20]}; must be a time above 0 such "
                                         "as 90s, 2m or 1h")
    return text


class Turns:
    """A first-come-first-served lock: whoever asked first gets the next turn (a plain lock
    lets the thread that just released it take it again, starving the others)."""

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._next_ticket = 0
        self._serving = 0

    @property
    def waiting(self) -> int:
        """How many have asked for a turn and not finished it (the one playing included)."""
        with self._condition:
            return self._next_ticket - self._serving

    @contextmanager
    def __call__(self) -> Iterator[None]:
        with self._condition:
            ticket = self._next_ticket
            self._next_ticket += 1
            while ticket != self._serving:
                self._condition.wait()
        try:
            yield
        finally:
            with self._condition:
                self._serving += 1
                self._condition.notify_all()


class Sessions:
    """The open sessions of this server and the plays among them."""

    def __init__(self, limit: int | None | str = DEFAULT_MAX_SESSIONS) -> None:
        self._limit = limit  # FROM_ENVIRONMENT: read when first needed
        self._lock = threading.Lock()
        self._open: dict[int, Session] = {}
        # sessions of closed tabs kept for a reload, by the browser's key, oldest first
        self._parked: dict[str, tuple[Session, threading.Timer]] = {}
        self._playing = 0
        self.turn = Turns()

    @property
    def limit(self) -> int | None:
        """The most sessions open at once (None: no cap)."""
        if self._limit == FROM_ENVIRONMENT:
            self._limit = max_sessions_from_environment()
        return self._limit  # type: ignore[return-value]

    def describe(self, release_after: str) -> str:
        """The line `run.py dashboard` prints at start."""
        cap = self.limit
        return (f"Sessions: {cap if cap else 'no cap'} at once; a closed tab is released "
                f"after {release_after}")

    # --- admission and release ------------------------------------------------------------
    def admit(self, make: Callable[[], Session], key: str | None = None) -> Session | None:
        """A session for a new tab: the one parked under `key` (the browser's, see
        `release`), else a new one from `make`; None when `limit` are open. Parked sessions give way
        to new ones when the limit is reached, the longest parked first."""
        dropped: list[Session] = []
        try:
            with self._lock:
                if key is not None and key in self._parked:
                    session, timer = self._parked.pop(key)
                    timer.cancel()
                    self._open[id(session)] = session
                    return session
                limit = self.limit
                while limit is not None and self._parked \
                        and len(self._open) + len(self._parked) >= limit:
                    oldest = next(iter(self._parked))
                    session, timer = self._parked.pop(oldest)
                    timer.cancel()
                    dropped.append(session)
                if limit is not None and len(self._open) >= limit:
                    return None
                session = make()
                session.pacer = self
                self._open[id(session)] = session
                return session
        finally:
            for session in dropped:
                self._drop(session, free=True)

    def release(self, session: Session, free: bool = True, keep: float = 0.0,
                key: str | None = None) -> None:
        """The tab is gone. With `keep` seconds and the browser's `key`, park the session
        that long (a reload of the tab, which comes back with the same key, takes it up
        again, see `admit`); else, or after that, drop it: stop its play, drop its model,
        and give the memory back (in the background, the closing kernel still holds its
        widgets for a moment)."""
        replaced = None
        with self._lock:
            self._open.pop(id(session), None)
            if keep > 0 and key is not None:
                replaced = self._parked.pop(key, (None, None))
                timer = threading.Timer(keep, self._expire, (key, session))
                timer.daemon = True
                self._parked[key] = (session, timer)
                timer.start()
        if replaced is not None:
            if replaced[1] is not None:
                replaced[1].cancel()
            if replaced[0] is not None:
                self._drop(replaced[0], free)
            return
        self._drop(session, free)

    def _expire(self, key: str, session: Session) -> None:
        with self._lock:
            if self._parked.get(key, (None, None))[0] is not session:
                return  # taken up again, or replaced
            del self._parked[key]
        self._drop(session, free=True)

    @staticmethod
    def _drop(session: Session, free: bool) -> None:
        session.release()
        if free:
            timer = threading.Timer(1.0, free_memory)
            timer.daemon = True
            timer.start()

    @property
    def parked(self) -> int:
        with self._lock:
            return len(self._parked)

    @property
    def open(self) -> int:
        with self._lock:
            return len(self._open)

    # --- playing together -----------------------------------------------------------------
    @contextmanager
    def playing(self) -> Iterator[None]:
        with self._lock:
            self._playing += 1
        try:
            yield
        finally:
            with self._lock:
                self._playing -= 1

    @property
    def players(self) -> int:
        """How many sessions are playing now (at least 1 for the one asking)."""
        return max(1, self._playing)

    def pace(self, interval: float) -> float:
        """A play's redraw interval with the others playing: n times `interval` for n."""
        return interval * self.players


def use_system_allocator() -> None:
    """On Linux, restart this process (same pid, same arguments) on the C library's
    allocator, unless PYTHONMALLOC says otherwise already.

    Why: Python's own small-object allocator takes memory in 1 MiB arenas and gives an arena
    back only once every object in it is gone. The many small objects of several sessions
    (agents, widgets, chart artists) end up side by side with a few that live on, so after
    8 tabs had closed 221 arenas held 97 MB of live objects, as many as before the tabs
    opened in 120 (counted with sys._debugmallocstats). glibc's malloc_trim
    (`free_memory`) gives back any free 4 KiB page instead; plays are not slower on it
    (docs/dashboard.md gives the figures). Elsewhere the process goes on as it is."""
    if not sys.platform.startswith("linux") or ALLOCATOR_SETTING in os.environ:
        return
    os.environ[ALLOCATOR_SETTING] = "malloc"
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(sys.executable, sys.orig_argv)


def free_memory() -> None:
    """Collect what a released session left in reference cycles and hand the freed heap
    back to the operating system (glibc's malloc_trim; elsewhere the collection only)."""
    gc.collect()
    with suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


SESSIONS = Sessions(FROM_ENVIRONMENT)  # this server's sessions
