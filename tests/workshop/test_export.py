"""The workshop's CSV export, from the page's function and from the command line."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest

import run
from model import LEVERS
from tests.workshop.conftest import T0, Room, levers
from tests.workshop.test_rounds import play
from workshop import export
from workshop.texts import KEY_FIGURES


def rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def played(room: Room) -> Room:
    play(room, 1, {0: levers(**{LEVERS[0]: 0.8}), 2: levers()}, T0)
    return room


def test_the_csv_files_hold_the_session(played: Room, tmp_path: Path):
    written = export.write_csvs(played.store, tmp_path / "out", played.code)
    assert [p.name for p in written] == [f"{name}.csv" for name in export.FILES]
    out = tmp_path / "out"
    session, = rows(out / "sessions.csv")
    assert session["session"] == played.code and session["groups"] == "3"
    assert [r["participant"] for r in rows(out / "participants.csv")] == ["P01", "P02", "P03"]
    assert [r["participants"] for r in rows(out / "groups.csv")] == ["1", "1", "1"]
    decisions = rows(out / "decisions.csv")
    assert [(d["round"], d["group"], d["participant"]) for d in decisions] == [
        ("1", "1", "P01"), ("1", "3", "P03")]
    assert float(decisions[0][LEVERS[0]]) == 0.8 and decisions[0]["reasoning"] == "ronde 1"
    results = rows(out / "results.csv")
    assert [(r["group"], r["year"]) for r in results] == [("1", "0"), ("2", "0"), ("3", "0")]
    assert all(float(r[k]) == float(r[k]) for r in results for k in KEY_FIGURES)
    kinds = [e["kind"] for e in rows(out / "events.csv")]
    assert kinds[0] == "session_created" and kinds.count("joined") == 3
    assert kinds[-3:] == ["locked", "run_started", "results"]
    every = "".join(p.read_text(encoding="utf-8") for p in written)
    assert "Deelnemer" not in every  # pseudonymised: no display names
    assert played.seats[0] not in every  # and no seat tokens


def test_the_page_download_is_the_same_files_in_a_zip(played: Room, tmp_path: Path):
    data = export.session_zip(played.store, played.token, played.session)
    export.write_csvs(played.store, tmp_path, played.code)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert sorted(archive.namelist()) == sorted(f"{n}.csv" for n in export.FILES)
        for name in export.FILES:
            assert archive.read(f"{name}.csv").decode() == \
                (tmp_path / f"{name}.csv").read_text(encoding="utf-8")


def test_run_py_workshop_export(played: Room, tmp_path: Path, capsys):
    data = played.store.path.parent
    assert run.main(["workshop", "export", "--data", str(data), "--out",
                     str(tmp_path / "csv"), "--session", played.code.lower()]) == 0
    assert "Written: " in capsys.readouterr().out
    assert len(rows(tmp_path / "csv" / "results.csv")) == 3
    assert run.main(["workshop", "export", "--data", str(data), "--out",
                     str(tmp_path / "all")]) == 0


@pytest.mark.parametrize(("args", "words"), [
    (["--session", "QQQQQQ"], "--session: no session with code 'QQQQQQ'; the sessions here"),
    (["--data", "{tmp}/nothing"], "no workshop database here"),
])
def test_run_py_workshop_export_refuses_in_one_line(played: Room, tmp_path: Path, capsys,
                                                    args, words):
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    base = ["workshop", "export", "--data", str(played.store.path.parent), "--out",
            str(tmp_path / "x")]
    assert run.main(base + args) == run.EXIT_INVALID
    err = capsys.readouterr().err
    assert words in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err
