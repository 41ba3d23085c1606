"""A participant's heartbeat is best effort: it writes at most every few seconds and gives
way to a busy database, so 40 pages beating never hold up a decision or break a page
(the load test met 'database is locked' in a page before this)."""

from __future__ import annotations

import time

import pytest

from tests.workshop.conftest import T0
from workshop import sessions
from workshop.rules import RefusedError


def last_seen(room, seat_index: int = 0) -> float:
    with room.store.read() as conn:
        return conn.execute("SELECT last_seen FROM participants ORDER BY number").fetchall()[
            seat_index][0]


def test_a_beat_is_written_at_most_every_few_seconds(room):
    seat = room.seats[0]
    sessions.heartbeat(room.store, seat, now=T0 + 1)  # joined at T0: too soon
    assert last_seen(room) == T0
    sessions.heartbeat(room.store, seat, now=T0 + sessions.HEARTBEAT_SECONDS)
    assert last_seen(room) == T0 + sessions.HEARTBEAT_SECONDS


def test_a_beat_gives_way_to_another_writer_and_the_next_one_lands(room):
    seat = room.seats[0]
    blocker = room.store.connect()
    blocker.execute("BEGIN IMMEDIATE")  # another action holds the write lock
    try:
        began = time.monotonic()
        sessions.heartbeat(room.store, seat, now=T0 + 60)  # no error, and no long wait
        assert time.monotonic() - began < 5.0
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert last_seen(room) == T0
    sessions.heartbeat(room.store, seat, now=T0 + 61)
    assert last_seen(room) == T0 + 61


def test_an_unknown_seat_is_still_refused(room):
    with pytest.raises(RefusedError):
        sessions.heartbeat(room.store, "x" * 32, now=T0 + 60)
