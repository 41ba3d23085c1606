"""The round cycle with real runs of the small scenario (in this process), the database's
schema versions, and what each role sees after a round."""

from __future__ import annotations

import sqlite3

import pytest

from model import LEVERS
from tests.workshop.conftest import T0, Room, levers
from workshop import rounds, runs, sessions, views
from workshop.store import SCHEMA_VERSION, Store, StoreError
from workshop.texts import KEY_FIGURES


def play(room: Room, number: int, decisions: dict[int, dict], now: float) -> None:
    """Open round `number`, submit for the given participants (index: levers), lock, run."""
    rounds.open_round(room.store, room.token, room.session, number, now=now)
    for who, values in decisions.items():
        sessions.submit(room.store, room.seats[who], values, f"ronde {number}", now=now + 1)
    rounds.lock_round(room.store, room.token, room.session, number, now=now + 2)
    runs.run_round(room.store, room.token, room.session, number, processes=False,
                   background=False)


def test_two_rounds_with_results_for_every_group(room: Room):
    play(room, 1, {0: levers(**{LEVERS[0]: 0.9})}, T0)
    play(room, 2, {1: levers(**{LEVERS[1]: 0.1})}, T0 + 100)  # group 1 does not submit
    view = views.facilitator_view(room.store, room.token, room.session, now=T0 + 200)
    assert [r.status for r in view.rounds] == ["results", "results", "draft"]
    assert {(r["group"], r["year"], r["round"]) for r in view.results} == {
        (g, y, y + 1) for g in (1, 2, 3) for y in (0, 1)}
    assert all(r[k] is not None for r in view.results for k in KEY_FIGURES)
    assert [(d.round, d.group) for d in view.decisions] == [(1, 1), (2, 2)]
    # group 1 kept its round-1 decision in round 2: its plan still holds the change
    with room.store.read() as conn:
        session = conn.execute("SELECT * FROM sessions").fetchone()
        plan = dict(runs.plan(conn, session, 2))
    first = [e for e in plan[1].scenario["schedule"] if e["levers"]]
    assert [(e["year"], e["levers"][LEVERS[0]]) for e in first] == [(0, 0.9)]
    second = [e for e in plan[2].scenario["schedule"] if e["levers"]]
    assert [(e["year"], e["levers"][LEVERS[1]]) for e in second] == [(1, 0.1)]


def test_a_later_round_leaves_the_years_played_alone(room: Room):
    """Each round reruns from year 0: the years already played must come out the same."""
    play(room, 1, {0: levers(**{LEVERS[0]: 0.9})}, T0)
    play(room, 2, {0: levers(**{LEVERS[0]: 0.1})}, T0 + 100)
    again = runs.compute(room.store, room.session, 1, processes=False)
    with room.store.read() as conn:
        stored = conn.execute("SELECT * FROM results WHERE round_number = 1 ORDER BY "
                              "group_id").fetchall()
    for row in stored:
        rerun = again[row["group_id"]][0]
        assert all(rerun[k] == pytest.approx(row[k]) for k in KEY_FIGURES)


def test_a_run_of_a_gone_server_goes_back_to_locked(room: Room):
    rounds.open_round(room.store, room.token, room.session, 1, now=T0)
    rounds.lock_round(room.store, room.token, room.session, 1, now=T0)
    rounds.start_run(room.store, room.token, room.session, 1, now=T0)
    with room.store.write() as conn:  # as if another (killed) process had started it
        conn.execute("UPDATE rounds SET runner = 'gone' WHERE number = 1")
    view = views.facilitator_view(room.store, room.token, room.session, now=T0 + 5)
    assert view.current.status == "locked" and "interrupted" in view.current.error
    runs.run_round(room.store, room.token, room.session, 1, processes=False, background=False)
    assert views.facilitator_view(room.store, room.token, room.session).rounds[0].status \
        == "results"


def test_a_failed_run_says_why_and_can_be_run_again(room: Room, monkeypatch):
    rounds.open_round(room.store, room.token, room.session, 1, now=T0)
    rounds.lock_round(room.store, room.token, room.session, 1, now=T0)

    def broken(*args, **kwargs):
        raise MemoryError("no room")

    monkeypatch.setattr(runs, "compute", broken)
    runs.run_round(room.store, room.token, room.session, 1, processes=False, background=False)
    current = views.facilitator_view(room.store, room.token, room.session).current
    assert current.status == "locked" and current.error == "MemoryError: no room"


def test_what_groups_see_of_each_other(room: Room):
    play(room, 1, {0: levers(**{LEVERS[0]: 0.9}), 1: levers()}, T0)
    nothing = views.participant_view(room.store, room.seats[0])
    assert nothing.others == () and nothing.ranks == {} and len(nothing.results) == 1
    sessions.set_visibility(room.store, room.token, room.session, "ranks")
    ranked = views.participant_view(room.store, room.seats[0])
    assert set(ranked.ranks) == set(KEY_FIGURES) and ranked.others == ()
    assert all(1 <= rank <= of == 3 for rank, of in ranked.ranks.values())
    sessions.set_visibility(room.store, room.token, room.session, "everything")
    everything = views.participant_view(room.store, room.seats[0])
    assert {r["group"] for r in everything.others} == {1, 2, 3}
    assert [d.group for d in everything.others_decisions] == [2]


def test_ranks_count_better_values_and_share_ties():
    results = ({"group": 1, "year": 0, **dict.fromkeys(KEY_FIGURES, 1.0)},
               {"group": 2, "year": 0, **dict.fromkeys(KEY_FIGURES, 2.0)},
               {"group": 3, "year": 0, **dict.fromkeys(KEY_FIGURES, 2.0)})
    found = views.ranks(results, 2)
    assert found["participation"] == (1, 3)  # higher is better: tied first
    assert found["unmet_share"] == (2, 3)  # lower is better: group 1 is ahead


def test_a_new_database_gets_the_schema_and_a_newer_one_is_refused(tmp_path):
    store = Store.open(tmp_path / "a")
    assert store.version() == SCHEMA_VERSION
    with sqlite3.connect(store.path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        conn.execute("UPDATE schema_version SET version = 99")
    with pytest.raises(StoreError, match="newer zelfsturing"):
        Store.open(tmp_path / "a")
    with pytest.raises(StoreError, match="no workshop database"):
        Store.open(tmp_path / "empty", create=False)
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / "workshop.sqlite").write_bytes(b"not a database at all" * 100)
    with pytest.raises(StoreError, match="not a workshop database"):
        Store.open(tmp_path / "junk")


def test_an_action_is_one_transaction(room: Room):
    """A failure halfway through an action leaves nothing of it behind."""
    with pytest.raises(RuntimeError), room.store.write() as conn:
        conn.execute("UPDATE sessions SET title = 'half'")
        raise RuntimeError("stopped halfway")
    assert views.facilitator_view(room.store, room.token, room.session).session.title \
        == "Test"
