"""The workshop's rules without a browser: codes and tokens, who may do what, and every
input checked with a message that says what is wrong and what is allowed."""

from __future__ import annotations

import pytest

from model import LEVERS
from tests.workshop.conftest import T0, Room, levers, small_scenario
from workshop import codes, export, rounds, sessions, views
from workshop.rules import RefusedError
from workshop.texts import TEXTS


def refused(key: str, action) -> RefusedError:
    with pytest.raises(RefusedError) as caught:
        action()
    assert caught.value.key == key, caught.value
    return caught.value


def test_join_codes_are_short_and_unambiguous():
    for _ in range(200):
        code = codes.new_code()
        assert 4 <= len(code) <= 8 and codes.is_code(code)
        assert not set(code) & set("0O1IL5S8BZ") and code == code.upper()
    assert codes.normal_code(" k7p-2qx ") == "K7P2QX"


def test_tokens_hold_at_least_128_bits():
    assert len(codes.new_facilitator_token()) * 6 >= 128
    assert len(codes.new_seat_token()) * 6 >= 128
    assert codes.new_seat_token() != codes.new_seat_token()


def test_every_refusal_has_both_languages():
    for key, texts in TEXTS.items():
        assert set(texts) == {"nl", "en"} and all(texts.values()), key


def test_joining_balances_the_groups(room: Room):
    more = [sessions.join(room.store, room.code, f"Extra {i}", now=T0) for i in range(4)]
    view = views.facilitator_view(room.store, room.token, room.session, now=T0)
    assert [len(g.members) for g in view.groups] == [3, 2, 2]
    chosen = sessions.join(room.store, room.code, "Kiest", group=3, now=T0)
    assert views.participant_view(room.store, chosen, now=T0).group == 3
    assert len(more) == 4


def test_a_participant_cannot_act_as_facilitator(room: Room):
    rounds.open_round(room.store, room.token, room.session, 1, now=T0)
    for seat in (room.seats[0], "", None, room.code):
        refused("facilitator", lambda s=seat: rounds.lock_round(room.store, s, room.session, 1,
                                                                 now=T0))
        refused("facilitator", lambda s=seat: rounds.end_session(room.store, s, room.session))
        refused("facilitator", lambda s=seat: export.session_zip(room.store, s, room.session))
        refused("facilitator", lambda s=seat: sessions.new_seat_link(room.store, s,
                                                                     room.session, 1))


def test_a_wrong_facilitator_token_shows_nothing(room: Room):
    wrong = codes.new_facilitator_token()
    refused("facilitator", lambda: views.sessions_list(room.store, wrong))
    refused("facilitator", lambda: views.facilitator_view(room.store, wrong, room.session))
    # the same refusal for a session that does not exist: nothing is given away
    refused("facilitator", lambda: views.facilitator_view(room.store, wrong, 999))
    refused("no_session", lambda: views.facilitator_view(room.store, room.token, 999))


def test_a_participant_acts_only_for_their_own_group(room: Room):
    rounds.open_round(room.store, room.token, room.session, 1, now=T0)
    sessions.submit(room.store, room.seats[0], levers(**{LEVERS[0]: 0.9}), "ons plan", now=T0)
    view = views.facilitator_view(room.store, room.token, room.session, now=T0)
    assert [g.submitted for g in view.groups] == [True, False, False]
    other = views.participant_view(room.store, room.seats[1], now=T0)
    assert not other.submitted and other.decisions == ()
    assert other.others == () and other.ranks == {}  # visibility "nothing"


def test_decisions_only_while_a_round_is_open(room: Room):
    refused("no_round", lambda: sessions.submit(room.store, room.seats[0], levers(), now=T0))
    rounds.open_round(room.store, room.token, room.session, 1, now=T0)
    rounds.lock_round(room.store, room.token, room.session, 1, now=T0 + 5)
    error = refused("not_open", lambda: sessions.submit(room.store, room.seats[0], levers(),
                                                        now=T0 + 6))
    assert "Round 1 is not open (locked)" in str(error)


def test_the_deadline_locks_the_round(room: Room):
    deadline = rounds.open_round(room.store, room.token, room.session, 1, timer=60, now=T0)
    assert deadline == T0 + 60
    sessions.submit(room.store, room.seats[0], levers(), now=T0 + 59)
    refused("not_open", lambda: sessions.submit(room.store, room.seats[1], levers(),
                                                now=T0 + 61))
    view = views.participant_view(room.store, room.seats[2], now=T0 + 61)
    assert view.current.status == "locked"


def test_pausing_keeps_the_time_left(room: Room):
    rounds.open_round(room.store, room.token, room.session, 1, timer=120, now=T0)
    rounds.pause_round(room.store, room.token, room.session, 1, now=T0 + 20)
    refused("not_open", lambda: sessions.submit(room.store, room.seats[0], levers(),
                                                now=T0 + 30))
    later = T0 + 1000  # long past the old deadline: paused rounds do not lock
    assert views.participant_view(room.store, room.seats[0], now=later).current.status \
        == "paused"
    assert rounds.resume_round(room.store, room.token, room.session, 1, now=later) \
        == later + 100


def test_rounds_go_in_order(room: Room):
    refused("round_order", lambda: rounds.open_round(room.store, room.token, room.session, 2,
                                                     now=T0))
    refused("round_state", lambda: rounds.lock_round(room.store, room.token, room.session, 1,
                                                     now=T0))
    refused("round_unknown", lambda: rounds.open_round(room.store, room.token, room.session,
                                                       4, now=T0))


def test_an_ended_session_stops_its_join_code(room: Room):
    rounds.open_round(room.store, room.token, room.session, 1, now=T0)
    rounds.end_session(room.store, room.token, room.session, now=T0 + 1)
    error = refused("code_ended", lambda: sessions.join(room.store, room.code, "Laat"))
    assert room.code in str(error)
    refused("ended", lambda: sessions.submit(room.store, room.seats[0], levers()))
    refused("ended", lambda: rounds.open_round(room.store, room.token, room.session, 2))
    view = views.participant_view(room.store, room.seats[0])  # still readable
    assert view.session.status == "ended" and view.current.status == "locked"


def test_unknown_and_malformed_codes(room: Room):
    refused("code_empty", lambda: sessions.join(room.store, "", "A"))
    refused("code_form", lambda: sessions.join(room.store, "ab", "A"))
    other = "".join(reversed(room.code))
    if other != room.code:
        refused("code_unknown", lambda: sessions.join(room.store, other, "A"))
    assert sessions.join(room.store, room.code.lower(), "Klein") is not None


def test_a_new_seat_link_replaces_the_old_one(room: Room):
    old = room.seats[0]
    person = views.facilitator_view(room.store, room.token, room.session).groups[0].members[0]
    new = sessions.new_seat_link(room.store, room.token, room.session, person.id)
    assert views.participant_view(room.store, new).name == "Deelnemer 1"
    refused("seat", lambda: views.participant_view(room.store, old))
    refused("participant_unknown", lambda: sessions.new_seat_link(room.store, room.token,
                                                                  room.session, 999))


BAD_INPUT = {
    "long name": ("too_long", lambda r: sessions.join(r.store, r.code, "x" * 41),
                  "name: 41 characters; at most 40"),
    "empty name": ("empty", lambda r: sessions.join(r.store, r.code, "   "), "name"),
    "control characters": ("control", lambda r: sessions.join(r.store, r.code, "a\x00b"),
                           "name"),
    "group out of range": ("range", lambda r: sessions.join(r.store, r.code, "A", group=4),
                           "group: got 4; allowed: 1 to 3"),
    "lever above 1": ("lever_range",
                      lambda r: sessions.submit(r.store, r.seats[0], levers(**{LEVERS[1]: 1.5})),
                      "allowed: 0 to 1"),
    "lever not a number": ("lever_range", lambda r: sessions.submit(
        r.store, r.seats[0], levers(**{LEVERS[1]: "veel"})), LEVERS[1]),
    "unknown lever": ("lever_unknown", lambda r: sessions.submit(
        r.store, r.seats[0], {**levers(), "budget": 0.5}), "budget"),
    "switch not true or false": ("knob_flag", lambda r: sessions.submit(
        r.store, r.seats[0], {**levers(), "adaptive_learning": "ja"}), "adaptive_learning"),
    "network work above 0.9": ("knob_range", lambda r: sessions.submit(
        r.store, r.seats[0], {**levers(), "network_work_share": 0.95}), "allowed: 0 to 0.9"),
    "long reasoning": ("too_long", lambda r: sessions.submit(r.store, r.seats[0], levers(),
                                                            "x" * 2001), "at most 2000"),
    "bad seat": ("seat", lambda r: sessions.submit(r.store, "nonsense!", levers()), "seat"),
    "timer too short": ("range", lambda r: rounds.open_round(r.store, r.token, r.session, 1,
                                                             timer=3), "allowed: 10 to"),
    "round not a number": ("not_whole", lambda r: rounds.open_round(r.store, r.token,
                                                                    r.session, "een"), "round"),
    "session not a number": ("not_whole", lambda r: views.facilitator_view(
        r.store, r.token, "1; DROP TABLE sessions"), "session"),
    "too many groups": ("range", lambda r: sessions.create_session(
        r.store, r.token, small_scenario(), "T", 13, 2), "groups: got 13; allowed: 1 to 12"),
    "too long a workshop": ("horizon", lambda r: sessions.create_session(
        r.store, r.token, small_scenario(), "T", 2, 26, 4, "nothing"), "at most 100 years"),
    "round of 2 years": ("choice", lambda r: sessions.create_session(
        r.store, r.token, small_scenario(), "T", 2, 2, 2), "choose from 1, 4"),
    "bad visibility": ("choice", lambda r: sessions.create_session(
        r.store, r.token, small_scenario(), "T", 2, 2, 1, "all"), "nothing, ranks, everything"),
    "broken upload": ("scenario", lambda r: sessions.scenario_from_upload(
        "x.yaml", b"name: x\nlevers: {trsut: 0.7}\n"), "did you mean"),
    "binary upload": ("scenario", lambda r: sessions.scenario_from_upload("x.yaml", b"\xff\xfe"),
                      "not a text"),
    "unknown shipped": ("scenario_unknown", lambda r: sessions.scenario_from_shipped("nope"),
                        "baseline_2015"),
}


@pytest.mark.parametrize("case", BAD_INPUT, ids=list(BAD_INPUT))
def test_bad_input_is_refused_in_words(room: Room, case: str):
    key, action, words = BAD_INPUT[case]
    if any(word in case for word in ("lever", "reasoning", "switch", "network")):
        rounds.open_round(room.store, room.token, room.session, 1)
    error = refused(key, lambda: action(room))
    assert words in str(error)
    assert error.message("nl") and error.message("nl") != str(error)
