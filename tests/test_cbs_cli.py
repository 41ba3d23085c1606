"""`run.py scenario from-cbs`: a one-line summary, every missing value on stderr, a file that
validates, and one clear line with exit code 2 for each bad input, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import run
from model import load_scenario
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "cbs"
KWB = FIXTURES / "kwb_voorbeeld.csv"


def from_cbs(*args: str) -> int:
    return run.main(["scenario", "from-cbs", *args])


def test_writes_a_valid_scenario_and_reports_on_stderr(tmp_path, capsys):
    out = tmp_path / "sub" / "voorbeeldstad.yaml"
    assert from_cbs(str(KWB), "--municipality", "voorbeeldstad", "--out", str(out)) == 0
    captured = capsys.readouterr()
    assert captured.out == (
        "Voorbeeldstad (GM9901), level wijk: 4 neighbourhoods, 24,000 inhabitants; 3 missing "
        f"or secret values reported, 1 left out; written to {out}\n")
    errors = captured.err.splitlines()
    assert len(errors) == 4 and all(line.startswith(f"{KWB}: ") for line in errors)
    assert f'{KWB}: Wijk 02 Oude Haven (WK990102): a_00_14 is "."; share_15_plus 0.83 used ' \
        "(schema default)" in errors
    scenario = load_scenario(out)
    assert scenario.inhabitants == 24_000
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Made by `python run.py scenario from-cbs`")
    assert "#   Wijk 03 Nieuw-Oost (WK990103): a_65_oo is -99999999;" in text
    assert run.main(["validate", str(out)]) == 0


def test_buurt_level_from_statline(tmp_path, capsys):
    out = tmp_path / "b.yaml"
    assert from_cbs(str(FIXTURES / "statline_voorbeeld.csv"), "--municipality", "GM9901",
                    "--level", "buurt", "--out", str(out)) == 0
    assert "level buurt: 8 neighbourhoods" in capsys.readouterr().out
    assert len(load_scenario(out).region.municipalities[0].neighbourhoods) == 8


def test_refuses_to_overwrite_without_force(tmp_path, capsys):
    out = tmp_path / "x.yaml"
    out.write_text("keep me", encoding="utf-8")
    assert from_cbs(str(KWB), "--municipality", "Voorbeeldstad", "--out", str(out)) == 2
    assert capsys.readouterr().err == f"{out}: exists; add --force to overwrite it\n"
    assert out.read_text(encoding="utf-8") == "keep me"
    assert from_cbs(str(KWB), "--municipality", "Voorbeeldstad", "--out", str(out),
                    "--force") == 0
    assert load_scenario(out).name == "voorbeeldstad_wijken"


BAD = {
    "missing file": (["nope.csv", "--municipality", "X"], "nope.csv: file not found"),
    "unknown municipality": ([str(KWB), "--municipality", "Voorbeeldstd"],
                             f'{KWB}: unknown municipality "Voorbeeldstd"; did you mean: '
                             "Voorbeeldstad?"),
    "no rows at the level": ([str(KWB), "--municipality", "Sûdwaard", "--level", "buurt"],
                             f"{KWB}: Sûdwaard has no buurt rows in the file (1 wijk row); "
                             "use --level wijk, or a table with buurten"),
    "unknown layout": ([str(ROOT / "pyproject.toml"), "--municipality", "X"],
                       "not a CBS Kerncijfers wijken en buurten table"),
    "folder": ([str(FIXTURES), "--municipality", "X"], "is a folder"),
    "bad level": ([str(KWB), "--municipality", "X", "--level", "gemeente"],
                  "--level: invalid choice: 'gemeente'"),
    "no municipality": ([str(KWB)], "the following arguments are required: --municipality"),
    "bad national income": ([str(KWB), "--municipality", "X", "--national-income", "0"],
                            "--national-income: got 0; must be a number above 0"),
}


def exit_code(*args: str) -> int:
    """The exit code, whether the command returns it or argparse exits with it."""
    try:
        return from_cbs(*args)
    except SystemExit as exc:
        return int(exc.code)


@pytest.mark.parametrize("case", list(BAD))
def test_bad_input_is_one_line_and_exit_code_2(case, tmp_path, capsys):
    args, message = BAD[case]
    out = tmp_path / "out.yaml"
    assert exit_code(*args, "--out", str(out)) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.splitlines()) == 1, err
    assert not out.exists()


def test_no_traceback_from_the_command_line(tmp_path):
    """The installed command the same way: exit code 2 and one line, from a subprocess."""
    broken = tmp_path / "kwb.xlsx"
    broken.write_bytes(b"PK\x03\x04 truncated")
    result = subprocess.run(
        [sys.executable, "run.py", "scenario", "from-cbs", str(broken), "--municipality",
         "Voorbeeldstad", "--out", str(tmp_path / "x.yaml")],
        cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert result.stderr == f"{broken}: not a readable .xlsx file (BadZipFile)\n"
    assert result.stdout == ""
    assert not Path(tmp_path / "x.yaml").exists()
