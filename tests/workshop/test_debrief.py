"""The debrief without a browser: the timeline per round, the no-change baseline and its
band, the what-if fork, the pages, and the export that writes them."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from PIL import Image

import run
from model import LEVERS
from tests.workshop.conftest import T0, Room, levers
from tests.workshop.test_rounds import play
from workshop import debrief, debrief_report, fork
from workshop.rules import RefusedError
from workshop.texts import KEY_FIGURES


@pytest.fixture
def played(room: Room) -> Room:
    """Two rounds: group 1 decides in both, group 2 in round 1 only, group 3 never."""
    play(room, 1, {0: levers(**{LEVERS[0]: 0.9}), 1: levers(**{LEVERS[1]: 0.2})}, T0)
    play(room, 2, {0: levers(**{LEVERS[0]: 0.1})}, T0 + 100)
    return room


@pytest.fixture
def with_baseline(played: Room) -> Room:
    debrief.start_baseline(played.store, played.token, played.session, processes=False,
                           background=False)
    return played


def test_the_timeline_holds_each_rounds_decision_reasoning_events_and_figures(played: Room):
    view = debrief.debrief_view(played.store, played.token, played.session)
    assert view.played == 2 and [g.number for g in view.groups] == [1, 2, 3]
    one, two, three = view.groups
    assert [s.round for s in one.steps] == [1, 2]
    assert one.steps[0].submitted and one.steps[0].levers[LEVERS[0]] == 0.9
    assert one.steps[1].levers[LEVERS[0]] == 0.1 and one.steps[1].reasoning == "ronde 2"
    assert one.steps[0].by == "Deelnemer 1" and one.steps[0].by_pseudonym == "P01"
    # group 2 did not submit in round 2: its round-1 levers stood
    assert not two.steps[1].submitted and two.steps[1].levers == two.steps[0].levers
    assert not three.steps[0].submitted and three.steps[0].levers == view.start_levers
    kinds = [e["kind"] for e in one.steps[0].events]
    assert "submitted" in kinds and kinds[-3:] == ["locked", "run_started", "results"]
    assert "submitted" not in [e["kind"] for e in three.steps[0].events]  # not another's
    assert [s.figures["year"] for s in one.steps] == [0, 1]
    assert [r["year"] for r in one.results] == [0, 1]


def test_the_baseline_is_five_seeds_and_a_group_that_never_decides_is_its_first_run(
        with_baseline: Room):
    view = debrief.debrief_view(with_baseline.store, with_baseline.token,
                                with_baseline.session)
    base = view.baseline
    assert base.status == "done" and base.seeds == (3, 4, 5, 6, 7)  # SMALL's seed is 3
    assert {r["seed"] for r in base.rows} == set(base.seeds)
    assert {r["year"] for r in base.rows} == {0, 1, 2}  # the session's 3 rounds of 1 year
    never = view.group(3).results
    own = {r["year"]: r for r in base.run_of(view.seed)}
    band = base.band()
    for row in never:
        for name in KEY_FIGURES:
            assert row[name] == own[row["year"]][name]  # exactly
            i = list(band[name]["years"]).index(row["year"])
            assert band[name]["low"][i] <= row[name] <= band[name]["high"][i]
    spread = [band[k]["high"][-1] - band[k]["low"][-1] for k in KEY_FIGURES]
    assert any(s > 0 for s in spread)  # the seeds differ
    # computed once: asking again does nothing
    assert debrief.start_baseline(with_baseline.store, with_baseline.token,
                                  with_baseline.session, processes=False) is None


def test_a_fork_from_round_2_leaves_round_1_and_changes_the_later_years(room: Room):
    for number in (1, 2, 3):
        play(room, number, {0: levers(**{LEVERS[0]: 0.5})} if number == 1 else {},
             T0 + 100 * number)
    other = levers(**{LEVERS[0]: 1.0, LEVERS[2]: 0.0})
    made = fork.start_fork(room.store, room.token, room.session, 1, 2, other, "clear",
                           "meer ruimte", processes=False, background=False)
    view = debrief.debrief_view(room.store, room.token, room.session)
    found, = view.forks
    assert (found.id, found.group, found.from_round, found.through_round, found.status) == \
        (made, 1, 2, 3, "done")
    assert found.decisions[2] == other and 3 not in found.decisions
    own = {r["year"]: r for r in view.group(1).results}
    what_if = {r["year"]: r for r in found.results}
    assert sorted(what_if) == [0, 1, 2]
    assert all(what_if[0][k] == own[0][k] for k in KEY_FIGURES)  # round 1: identical
    assert any(what_if[y][k] != own[y][k] for y in (1, 2) for k in KEY_FIGURES)


def test_a_fork_that_keeps_later_rounds_takes_the_groups_own_decisions(played: Room):
    made = fork.start_fork(played.store, played.token, played.session, 1, 1,
                           levers(**{LEVERS[0]: 0.3}), "keep", processes=False,
                           background=False)
    found, = debrief.debrief_view(played.store, played.token, played.session).forks
    assert found.id == made and found.decisions[1][LEVERS[0]] == 0.3
    assert found.decisions[2][LEVERS[0]] == 0.1  # the group's own round 2


def test_only_the_facilitator_forks_and_bad_forks_are_refused_in_words(played: Room):
    good = levers(**{LEVERS[0]: 0.4})
    start = played.store, played.token, played.session

    def refused(*args, token=played.token, **kwargs) -> str:
        with pytest.raises(RefusedError) as caught:
            fork.start_fork(played.store, token, played.session, *args, processes=False,
                            background=False, **kwargs)
        return caught.value.key

    assert refused(1, 1, good, token=None) == "facilitator"
    assert refused(1, 1, good, token=played.seats[0]) == "facilitator"
    assert refused(4, 1, good) == "range"  # three groups
    assert refused(1, 3, good) == "range"  # round 3 is not played
    assert refused(1, 1, {LEVERS[0]: 0.4}) == "levers_form"  # a fork gives all six levers
    assert refused(1, 1, levers(**{LEVERS[0]: 1.5})) == "lever_range"
    assert refused(1, 1, good, later="sometimes") == "choice"
    assert refused(1, 1, good, note="x" * 300) == "too_long"
    # group 1's own round-2 levers again, later rounds kept: the same path
    assert refused(1, 2, levers(**{LEVERS[0]: 0.1})) == "fork_unchanged"
    assert refused(3, 1, levers()) == "fork_unchanged"  # group 3 never decided
    with pytest.raises(RefusedError) as caught:
        debrief.debrief_view(played.store, played.seats[0], played.session)
    assert caught.value.key == "facilitator"
    assert "wat als" in RefusedError("fork_unchanged", group=1).message("nl")
    with pytest.raises(RefusedError):
        debrief.start_baseline(*start[:1], "wrong", played.session, background=False)


def test_a_fork_before_any_round_is_refused(room: Room):
    with pytest.raises(RefusedError) as caught:
        fork.start_fork(room.store, room.token, room.session, 1, 1, levers(), background=False)
    assert caught.value.key == "fork_nothing_played"


def test_the_plan_of_a_fork_is_the_rounds_plan_with_other_decisions(played: Room):
    """`runs.plan` with `instead` gives only that group, with those decisions."""
    from workshop import runs

    with played.store.read() as conn:
        session = conn.execute("SELECT * FROM sessions").fetchone()
        group = conn.execute("SELECT id FROM groups WHERE number = 1").fetchone()["id"]
        rows = fork.path_decisions(conn, group, session["id"], 2, levers(**{LEVERS[3]: 0.0}),
                                   "keep", "")
        planned = runs.plan(conn, session, 2, instead={group: rows})
    (gid, spec), = planned
    changes = [e for e in spec.scenario["schedule"] if e["levers"]]
    assert gid == group and [(e["year"], e["levers"][LEVERS[3]]) for e in changes] == \
        [(0, levers(**{LEVERS[0]: 0.9})[LEVERS[3]]), (1, 0.0)]
    assert json.loads(rows[-1]["levers"])[LEVERS[3]] == 0.0


def _image(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def test_the_pages_are_real_images_and_a_pdf(with_baseline: Room):
    fork.start_fork(with_baseline.store, with_baseline.token, with_baseline.session, 2, 2,
                    levers(**{LEVERS[1]: 0.9}), processes=False, background=False)
    view = debrief.session_debrief(with_baseline.store, with_baseline.session)
    for lang in ("nl", "en"):
        files = debrief_report.page_files(view, lang)
        code = with_baseline.code
        assert sorted(files) == sorted([f"debrief-{code}-overview.png", f"debrief-{code}.pdf",
                                        *(f"debrief-{code}-group-{n}.png" for n in (1, 2, 3))])
        for name, data in files.items():
            if name.endswith(".pdf"):
                assert data.startswith(b"%PDF") and len(data) > 20_000
                continue
            image = _image(data)
            assert image.size == (1169, 827)
            colours = image.convert("RGB").getcolors(maxcolors=1_000_000)
            assert len(colours) > 50  # lines, bands, text: not a blank page
    chart = debrief_report.chart(view, [1], 1, "en", view.forks_of(1))
    assert chart.axes and chart.axes[0].get_legend_handles_labels()[1][0].startswith(
        "band: lowest to highest of those 5 seeds")


def test_the_page_download_is_refused_without_the_token(with_baseline: Room):
    data = debrief_report.pages_zip(with_baseline.store, with_baseline.token,
                                    with_baseline.session, "nl")
    assert data.startswith(b"PK")
    with pytest.raises(RefusedError):
        debrief_report.pages_zip(with_baseline.store, "nope", with_baseline.session, "nl")


def test_run_py_workshop_export_writes_the_pages(played: Room, tmp_path: Path, capsys,
                                                  monkeypatch):
    real = debrief.ensure_baseline
    monkeypatch.setattr(debrief_report, "ensure_baseline",
                        lambda store, sid, processes=True: real(store, sid, processes=False))
    data = played.store.path.parent
    out = tmp_path / "out"
    assert run.main(["workshop", "export", "--data", str(data), "--out", str(out),
                     "--lang", "en"]) == 0
    names = sorted(p.name for p in out.iterdir())
    code = played.code
    assert f"debrief-{code}-overview.png" in names and f"debrief-{code}.pdf" in names
    assert f"debrief-{code}-group-3.png" in names and "results.csv" in names
    assert _image((out / f"debrief-{code}-group-1.png").read_bytes()).size == (1169, 827)
    assert "debrief-" in capsys.readouterr().out
    # the baseline is now stored: the export computed it once
    assert debrief.session_debrief(played.store, played.session).baseline.status == "done"
    bare = tmp_path / "bare"
    assert run.main(["workshop", "export", "--data", str(data), "--out", str(bare),
                     "--no-pages"]) == 0
    assert not any(p.suffix in (".png", ".pdf") for p in bare.iterdir())


def test_runs_of_a_gone_server_start_again_or_say_so(played: Room):
    """A baseline or a fork cut off by a stopped server: the baseline is computed again on
    the next start; the fork is shown as interrupted."""
    made = fork.start_fork(played.store, played.token, played.session, 1, 1,
                           levers(**{LEVERS[0]: 0.3}), processes=False, background=False)
    debrief.start_baseline(played.store, played.token, played.session, processes=False,
                           background=False)
    with played.store.write() as conn:  # as if another (killed) process were running them
        conn.execute("UPDATE baselines SET status = 'running', runner = 'gone'")
        conn.execute("UPDATE forks SET status = 'running', runner = 'gone'")
    view = debrief.debrief_view(played.store, played.token, played.session)
    assert view.baseline.status == "none" and view.baseline.error == debrief.INTERRUPTED
    found, = view.forks
    assert (found.id, found.status, found.error) == (made, "failed", debrief.INTERRUPTED)
    debrief.start_baseline(played.store, played.token, played.session, processes=False,
                           background=False)
    view = debrief.debrief_view(played.store, played.token, played.session)
    assert view.baseline.status == "done" and len(view.baseline.rows) == 5 * 3


def test_an_injected_event_is_in_its_groups_timeline_and_in_its_forks(room: Room):
    from workshop import events, runs

    play(room, 1, {}, T0)
    events.inject(room.store, room.token, room.session, "trust_incident", size=0.2, groups=[2],
                  round_number=2, now=T0 + 50)
    play(room, 2, {}, T0 + 100)
    view = debrief.debrief_view(room.store, room.token, room.session)
    hit, = view.group(2).steps[1].injected
    assert hit.kind == "trust_incident" and view.group(1).steps[1].injected == ()
    assert "event_injected" not in [e["kind"] for e in view.group(1).steps[1].events]
    page = debrief_report.group_page(view, 2, "nl")
    assert any("Gebeurtenis: " in text.get_text() for text in page.texts + [
        t for ax in page.axes for t in ax.texts])
    with room.store.read() as conn:
        session = conn.execute("SELECT * FROM sessions").fetchone()
        gid = conn.execute("SELECT id FROM groups WHERE number = 2").fetchone()["id"]
        rows = fork.path_decisions(conn, gid, session["id"], 1, levers(**{LEVERS[0]: 0.9}),
                                   "keep", "")
        (_, spec), = runs.plan(conn, session, 2, instead={gid: rows})
    assert [e["trust_shock"] for e in spec.scenario["schedule"]
            if e.get("trust_shock")] == [0.2]
