"""`run.py workshop`'s refusals: one line, exit code 2, before any server starts."""

from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path

import pytest

import run
from workshop.cli import default_data, public_address


@pytest.mark.parametrize(("args", "words"), [
    (["--groups", "3"], "--groups: needs --scenario"),
    (["--scenario", "nope.yaml"], "nope.yaml: file not found"),
    (["--scenario", "baseline_2015", "--groups", "13"], "--groups: got 13; allowed: 1 to 12"),
    (["--scenario", "baseline_2015", "--round-years", "2"],
     "--round-years: got '2'; choose from 1, 4"),
    (["--port", "70000"], "--port: got '70000'; allowed: 0 to 65535"),
    (["--groups", "many"], "--groups: got 'many'; not a whole number"),
])
def test_bad_options_are_refused_in_one_line(tmp_path: Path, capsys, args, words):
    parse_error = args[0] == "--port" or "many" in args  # argparse's types: SystemExit(2)
    with pytest.raises(SystemExit) if parse_error else nullcontext():
        code = run.main(["workshop", "--data", str(tmp_path), *args])
        assert code == run.EXIT_INVALID
    err = capsys.readouterr().err
    assert words in err and len(err.strip().splitlines()) == 1


def test_the_default_data_folder_follows_xdg(monkeypatch, tmp_path: Path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_data() == tmp_path / "zelfsturing" / "workshop"
    monkeypatch.delenv("XDG_DATA_HOME")
    assert default_data() == Path.home() / ".local" / "share" / "zelfsturing" / "workshop"


def test_the_participants_address():
    assert public_address("127.0.0.1", 8765) == "http://127.0.0.1:8765/"
    assert public_address("0.0.0.0", 80).startswith("http://")
