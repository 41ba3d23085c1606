"""The facilitator's events (workshop/events.py) without a browser: the library, who may
inject what, what each group sees, their effect in real runs of the small scenario, the
years already played left alone, the export and a store reopened."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from model.scenario import ScheduleEntry
from tests.workshop.conftest import T0, Room
from tests.workshop.test_rounds import play
from tests.workshop.test_rules import refused
from workshop import events, export, rounds, runs, sessions, views
from workshop.store import Store
from workshop.texts import TEXTS, t


def inject(room: Room, kind: str, **options) -> int:
    return events.inject(room.store, room.token, room.session, kind, now=T0, **options)


def figures(room: Room, year: int) -> dict[int, dict]:
    """Group number -> its stored key figures of `year`."""
    view = views.facilitator_view(room.store, room.token, room.session)
    return {r["group"]: r for r in view.results if r["year"] == year}


# --- the library ------------------------------------------------------------------------
def test_the_library_has_the_four_kinds_with_defaults_in_their_ranges():
    assert events.KINDS == ("extra_cut", "trust_incident", "need_rise", "newspaper")
    effects = {k.name: (k.effect, k.default, k.least, k.most) for k in events.LIBRARY.values()}
    assert effects == {"extra_cut": ("budget_change", -0.05, -0.2, 0.0),
                       "trust_incident": ("trust_shock", 0.1, 0.0, 0.3),
                       "need_rise": ("need_change", 0.1, 0.0, 0.5),
                       "newspaper": (None, None, None, None)}
    for kind in events.LIBRARY.values():
        for part in ("title", "headline", "meaning"):
            assert set(TEXTS[f"event.{kind.name}.{part}"]) == {"nl", "en"}
        if kind.effect:  # the whole range is one the model accepts
            assert kind.least <= kind.default <= kind.most and kind.note
            for size in (kind.least, kind.default, kind.most):
                if size:
                    ScheduleEntry.model_validate({"year": 3, kind.effect: size})
        headline = events.headline(kind.name, kind.default, "nl")
        assert headline and len(headline) <= events.MAX_TEXT and "{" not in headline
    assert "5%" in events.headline("extra_cut", -0.05, "nl")
    assert "12,5%" in events.headline("need_rise", 0.125, "nl")
    assert "12.5%" in events.headline("need_rise", 0.125, "en")


@pytest.mark.parametrize(("kind", "size"), [
    ("extra_cut", -0.25), ("extra_cut", 0.05), ("trust_incident", 0.31),
    ("trust_incident", -0.1), ("need_rise", 0.6), ("need_rise", float("nan")),
    ("need_rise", "veel"), ("need_rise", True), ("extra_cut", -0.20006)])
def test_sizes_outside_the_range_are_refused(room: Room, kind: str, size):
    error = refused("event_size", lambda: inject(room, kind, size=size))
    assert kind in str(error) and "allowed" in str(error) and error.message("nl")


def test_bad_kind_text_groups_and_round_are_refused(room: Room):
    assert "extra_cut" in str(refused("event_kind", lambda: inject(room, "earthquake")))
    refused("empty", lambda: inject(room, "newspaper", text="   "))
    error = refused("too_long", lambda: inject(room, "newspaper", text="x" * 281))
    assert "at most 280" in str(error)
    refused("control", lambda: inject(room, "newspaper", text="a\x00b"))
    refused("group_unknown", lambda: inject(room, "extra_cut", groups=[1, 4]))
    refused("range", lambda: inject(room, "extra_cut", groups=[0]))
    refused("event_groups", lambda: inject(room, "extra_cut", groups=[]))
    refused("event_groups", lambda: inject(room, "extra_cut", groups={"a": 1}))
    refused("range", lambda: inject(room, "extra_cut", round_number=4))
    play(room, 1, {}, T0)
    error = refused("event_played", lambda: inject(room, "extra_cut", round_number=1))
    assert "round 1" in str(error).lower()
    rounds.end_session(room.store, room.token, room.session)
    refused("ended", lambda: inject(room, "extra_cut"))


def test_only_the_facilitator_injects_or_withdraws(room: Room):
    made = inject(room, "extra_cut")
    for key in (room.seats[0], "", None, room.code, room.token + "x"):
        refused("facilitator", lambda k=key: events.inject(room.store, k, room.session,
                                                           "extra_cut"))
        refused("facilitator", lambda k=key: events.withdraw(room.store, k, room.session,
                                                             made))
    with room.store.read() as conn:
        assert len(events.injected(conn, room.session)) == 1


def test_an_event_defaults_to_the_next_round_and_is_logged(room: Room):
    first = inject(room, "trust_incident")
    play(room, 1, {}, T0)
    second = inject(room, "newspaper", text="De wijk doet het zelf", groups=[2])
    view = views.facilitator_view(room.store, room.token, room.session)
    assert [(e.id, e.round, e.size, e.groups) for e in view.injected] == [
        (first, 1, 0.1, None), (second, 2, None, (2,))]
    logged = [e for e in view.events if e["kind"] == "event_injected"]
    assert [e["round_number"] for e in logged] == [2, 1]  # the latest first
    assert "newspaper; groups 2; De wijk doet het zelf" in logged[0]["detail"]
    events.withdraw(room.store, room.token, room.session, second)
    refused("event_unknown", lambda: events.withdraw(room.store, room.token, room.session,
                                                     second))
    refused("event_played", lambda: events.withdraw(room.store, room.token, room.session,
                                                    first))
    with room.store.read() as conn:
        assert [e.id for e in events.injected(conn, room.session)] == [first]


def test_ticking_every_group_is_all_groups(room: Room):
    inject(room, "need_rise", groups=["3", 1, 2, 2])
    with room.store.read() as conn:
        assert events.injected(conn, room.session)[0].groups is None


# --- what the groups see ------------------------------------------------------------------
def test_a_group_sees_only_its_own_events_once_their_round_is_open(room: Room):
    inject(room, "extra_cut", size=-0.1, groups=[1])
    inject(room, "newspaper", text="Alleen voor groep 2", groups=[2])
    inject(room, "need_rise", round_number=2)  # all groups, the next round
    seen = [views.participant_view(room.store, seat).events for seat in room.seats]
    assert seen == [(), (), ()]  # round 1 is still a draft
    rounds.open_round(room.store, room.token, room.session, 1, now=T0)
    seen = [views.participant_view(room.store, seat).events for seat in room.seats]
    assert [[e.kind for e in s] for s in seen] == [["extra_cut"], ["newspaper"], []]
    assert all("groep 2" not in events.shown_text(e, "nl") for e in seen[0] + seen[2])
    cut = seen[0][0]
    assert "10%" in events.shown_text(cut, "nl")  # the library's headline
    assert events.meaning(cut, 1, "nl") == t("event.extra_cut.meaning", "nl").format(
        year="jaar 1", pct="10%")
    assert events.meaning(seen[1][0], 1, "en").startswith("A message in the local paper")
    rounds.lock_round(room.store, room.token, room.session, 1, now=T0)
    runs.run_round(room.store, room.token, room.session, 1, processes=False, background=False)
    rounds.open_round(room.store, room.token, room.session, 2, now=T0 + 10)
    seen = [views.participant_view(room.store, seat).events for seat in room.seats]
    assert [[(e.round, e.kind) for e in s] for s in seen] == [
        [(1, "extra_cut"), (2, "need_rise")], [(1, "newspaper"), (2, "need_rise")],
        [(2, "need_rise")]]
    assert "jaar 2" in events.meaning(seen[2][0], 1, "nl")
    sessions.set_visibility(room.store, room.token, room.session, "everything")
    assert views.participant_view(room.store, room.seats[2]).events == seen[2]


# --- the effects, in real runs --------------------------------------------------------------
def test_a_trust_incident_lowers_that_groups_trust(room: Room):
    play(room, 1, {}, T0)
    inject(room, "trust_incident", size=0.3, groups=[1])
    play(room, 2, {}, T0 + 100)
    before, after = figures(room, 0), figures(room, 1)
    assert before[1]["mean_trust"] == pytest.approx(before[2]["mean_trust"])
    assert after[2]["mean_trust"] == pytest.approx(after[3]["mean_trust"])  # untouched
    assert after[1]["mean_trust"] < after[2]["mean_trust"] - 0.05


def test_an_extra_cut_lowers_that_groups_budget(room: Room):
    inject(room, "extra_cut", size=-0.2, groups=[2])
    play(room, 1, {}, T0)
    year = figures(room, 0)
    assert year[1]["budget_balance"] == pytest.approx(year[3]["budget_balance"])
    assert year[2]["budget_balance"] < year[1]["budget_balance"]
    assert year[2]["cost_per_inhabitant"] <= year[1]["cost_per_inhabitant"]


def test_a_rise_in_need_and_a_message_reach_the_plan_as_they_should(room: Room):
    inject(room, "need_rise", size=0.25, groups=[3], round_number=2)
    inject(room, "newspaper", text="Niets aan de hand", round_number=2)
    inject(room, "extra_cut", size=0.0, round_number=2)  # size 0: no effect
    with room.store.read() as conn:
        session = conn.execute("SELECT * FROM sessions").fetchone()
        first, second = dict(runs.plan(conn, session, 1)), dict(runs.plan(conn, session, 2))
    ids = sorted(second)
    assert all(first[g].scenario["schedule"] == [] for g in ids)  # round 2's: not yet
    entries = [e for e in second[ids[2]].scenario["schedule"] if e["need_change"]]
    assert [(e["year"], e["need_change"]) for e in entries] == [(1, 0.25)]
    assert all(second[g].scenario["schedule"] == [] for g in ids[:2])


def test_an_event_in_round_two_leaves_round_ones_years_alone(room: Room):
    play(room, 1, {}, T0)
    with room.store.read() as conn:
        stored = {r["group_id"]: dict(r) for r in conn.execute(
            "SELECT * FROM results WHERE round_number = 1")}
    inject(room, "trust_incident", size=0.3)
    inject(room, "extra_cut", size=-0.2)
    inject(room, "need_rise", size=0.5)
    play(room, 2, {}, T0 + 100)
    again = runs.compute(room.store, room.session, 2, processes=False)
    with room.store.read() as conn:
        session = conn.execute("SELECT * FROM sessions").fetchone()
        assert all(len(spec.scenario["schedule"]) == 3
                   for _, spec in runs.plan(conn, session, 2))
        kept = {r["group_id"]: dict(r) for r in conn.execute(
            "SELECT * FROM results WHERE round_number = 1")}
    assert kept == stored
    rerun_first = runs.compute(room.store, room.session, 1, processes=False)
    for group, row in stored.items():
        assert rerun_first[group][0]["mean_trust"] == pytest.approx(row["mean_trust"])
        assert rerun_first[group][0]["budget_balance"] == pytest.approx(row["budget_balance"])
        assert again[group][0]["year"] == 1


# --- export and persistence -----------------------------------------------------------------
def test_the_export_holds_each_event_with_its_effect(room: Room, tmp_path: Path):
    inject(room, "extra_cut", groups=[1, 3])
    inject(room, "newspaper", text="Buurt start eigen zorgcoöperatie", round_number=2)
    play(room, 1, {}, T0)
    export.write_csvs(room.store, tmp_path, room.code)
    with (tmp_path / "injected_events.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["round"], r["from_year"], r["kind"], r["effect"], r["budget_change"],
             r["groups"]) for r in rows] == [
        ("1", "0", "extra_cut", "budget_change", "-0.05", "1;3"),
        ("2", "1", "newspaper", "", "", "all")]
    assert rows[0]["text"] == events.headline("extra_cut", -0.05, "nl")
    assert rows[1]["text"] == "Buurt start eigen zorgcoöperatie"
    assert rows[0]["by"] == "facilitator" and rows[0]["created_at"].startswith("1970-01-12")
    with (tmp_path / "events.csv").open(encoding="utf-8", newline="") as handle:
        logged = [r for r in csv.DictReader(handle) if r["kind"] == "event_injected"]
    assert len(logged) == 2


def test_events_survive_a_store_reopened(room: Room):
    made = inject(room, "trust_incident", size=0.2, text="Datalek bij de gemeente",
                  groups=[2, 3])
    reopened = Store.open(room.store.path.parent)
    with reopened.read() as conn:
        kept, = events.injected(conn, room.session)
    assert (kept.id, kept.round, kept.kind, kept.size, kept.text, kept.groups) == (
        made, 1, "trust_incident", 0.2, "Datalek bij de gemeente", (2, 3))


# --- the panels, rendered without a browser ---------------------------------------------------
def widget_text(widget) -> str:
    """Every string in a widget and its children."""
    found, queue = [], [widget]
    while queue:
        item = queue.pop()
        if isinstance(item, str):
            found.append(item)
        for key in ("children", "v_model", "label", "value"):
            value = getattr(item, key, None) if not isinstance(item, str) else None
            if isinstance(value, str):
                found.append(value)
            elif isinstance(value, list | tuple) and key == "children":
                queue.extend(value)
    return " ".join(found)


def with_class(box, cls: str) -> list:
    """The rendered widgets under `box` carrying the CSS class `cls`."""
    found, queue = [], [box]
    while queue:
        widget = queue.pop()
        if cls in (getattr(widget, "class_", "") or "").split():
            found.append(widget)
        queue.extend(c for c in getattr(widget, "children", None) or [] if not isinstance(c, str))
    return found


def test_the_panel_injects_for_some_groups_and_the_group_reads_its_news(room: Room):
    import ipyvuetify as v
    import solara

    from workshop.event_panels import InjectEvent, News

    view = views.facilitator_view(room.store, room.token, room.session)
    box, rc = solara.render(InjectEvent(room.store, room.token, view, "nl"),
                            handle_error=False)
    try:
        slider = rc.find(v.Slider).widget
        assert (slider.min, slider.max, slider.v_model) == (-0.2, 0.0, -0.05)
        slider.v_model = -0.1  # the headline follows the size while it is not edited
        text = rc.find(v.TextField).widget
        assert text.v_model == events.headline("extra_cut", -0.1, "nl")
        rc.find(v.Checkbox, label="Alle groepen").widget.v_model = False
        rc.find(v.Checkbox, label="Groep 3").widget.v_model = True
        with_class(box, "zs-inject-button")[0].click()
        assert "ronde 1" in widget_text(with_class(box, "zs-inject-message")[0])
    finally:
        rc.close()
    with room.store.read() as conn:
        made, = events.injected(conn, room.session)
    assert (made.kind, made.size, made.round, made.groups) == ("extra_cut", -0.1, 1, (3,))
    rounds.open_round(room.store, room.token, room.session, 1, now=T0)
    for seat, sees in ((room.seats[2], True), (room.seats[0], False)):
        box, rc = solara.render(News(views.participant_view(room.store, seat), "nl"),
                                handle_error=False)
        try:
            assert bool(with_class(box, "zs-news-headline")) == sees
            if sees:
                shown = widget_text(box)
                assert made.text in shown and "10% lager" in shown
        finally:
            rc.close()


def test_a_database_of_schema_one_gets_the_events_table(tmp_path: Path):
    import sqlite3

    from workshop.store import MIGRATIONS, SCHEMA_VERSION, statements

    folder = tmp_path / "old"
    folder.mkdir()
    with sqlite3.connect(folder / "workshop.sqlite") as conn:
        for statement in statements(MIGRATIONS[0]):
            conn.execute(statement)
        conn.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
        conn.execute("INSERT INTO schema_version VALUES (1)")
    store = Store.open(folder)
    assert store.version() == SCHEMA_VERSION >= 2
    with store.read() as conn:
        assert conn.execute("SELECT COUNT(*) FROM injected_events").fetchone()[0] == 0


def test_a_sliders_near_limit_is_the_limit(room: Room):
    inject(room, "extra_cut", size=-0.19999999999999998)
    inject(room, "trust_incident", size="0,15")
    with room.store.read() as conn:
        assert [e.size for e in events.injected(conn, room.session)] == [-0.2, 0.15]


def test_in_rounds_of_a_council_term_an_event_hits_the_terms_first_year(store, token):
    from tests.workshop.conftest import small_scenario
    from workshop import sessions as made

    sid, _ = made.create_session(store, token, small_scenario(), "Termijn", 2, 3, 4,
                                 "nothing", now=T0)
    events.inject(store, token, sid, "need_rise", round_number=3, groups=[2], now=T0)
    with store.read() as conn:
        session = conn.execute("SELECT * FROM sessions WHERE id = ?", (sid,)).fetchone()
        plan = [spec.scenario["schedule"] for _, spec in runs.plan(conn, session, 3)]
        event, = events.injected(conn, sid)
    assert plan[0] == [] and [(e["year"], e["need_change"]) for e in plan[1]] == [(8, 0.1)]
    assert "jaar 9" in events.meaning(event, 4, "nl")
