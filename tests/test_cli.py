"""The command line: validate and run, and a clear one-line error for every bad input."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml

import run
from tests.conftest import ROOT, SCENARIOS, SMALL, sigint_as_usual


def write(tmp_path: Path, text: str, name: str = "bad.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def with_change(tmp_path: Path, change) -> Path:
    data = yaml.safe_load(yaml.safe_dump(SMALL))
    change(data)
    return write(tmp_path, yaml.safe_dump(data, sort_keys=False))


def test_validate_all_shipped_scenarios(capsys):
    assert run.main(["validate", *map(str, SCENARIOS)]) == 0
    out = capsys.readouterr().out
    assert out.count(": ok (") == len(SCENARIOS)


BAD_INPUTS = {
    "missing file": (lambda tmp: tmp / "nope.yaml", "", "file not found"),
    "broken yaml": (lambda tmp: write(tmp, "name: x\nregion: [unclosed\n"),
                    "line 3", "not valid YAML"),
    "empty file": (lambda tmp: write(tmp, ""), "", "the file is empty"),
    "not a mapping": (lambda tmp: write(tmp, "- a\n- b\n"), "", "must be a mapping"),
    "wrong type": (lambda tmp: with_change(tmp, lambda d: d.update(horizon_years="ten")),
                   "horizon_years", "got 'ten'"),
    "lever out of range": (
        lambda tmp: with_change(tmp, lambda d: d.update(levers={"trust": 1.5})),
        "levers.trust", "must be between 0.0 and 1.0"),
    "unknown field": (
        lambda tmp: with_change(tmp, lambda d: d.update(levers={"trsut": 0.7})),
        "levers.trsut", "did you mean 'trust'"),
    "empty region": (
        lambda tmp: with_change(tmp, lambda d: d["region"].update(municipalities=[])),
        "region.municipalities", "at least 1 item"),
    "municipality without neighbourhoods": (
        lambda tmp: with_change(
            tmp, lambda d: d["region"]["municipalities"][0].update(neighbourhoods=[])),
        "region.municipalities[0].neighbourhoods", "at least 1 item"),
    "bad scale": (lambda tmp: with_change(tmp, lambda d: d.update(scale="national")),
                  "scale", "'hyperlocal', 'local', 'intermunicipal' or 'regional'"),
    "bad shrinkage": (
        lambda tmp: with_change(tmp, lambda d: d.update(budget={"shrinkage": [0.1, 2]})),
        "budget.shrinkage", "list of yearly rates between 0 and 1"),
    "missing name": (lambda tmp: with_change(tmp, lambda d: d.pop("name")),
                     "name", "required field is missing"),
    "bad parameter": (
        lambda tmp: with_change(tmp, lambda d: d.update(parameters={"fte_hours": -3})),
        "parameters.fte_hours", "must be between 1.0 and 60.0"),
    "schedule past horizon": (
        lambda tmp: with_change(tmp, lambda d: d.update(
            schedule=[{"year": 5, "levers": {"trust": 0.9}}])),
        "", "past the horizon"),
}


@pytest.mark.parametrize("case", BAD_INPUTS, ids=list(BAD_INPUTS))
def test_bad_input_one_line_naming_the_field(tmp_path, capsys, case):
    make, field, reason = BAD_INPUTS[case]
    path = make(tmp_path)
    assert run.main(["validate", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(f"{path}: {field}"), err
    assert reason in lines[0], err


def test_every_problem_of_a_file_is_listed(tmp_path, capsys):
    def two_mistakes(d):
        d.update(levers={"trust": 2, "connect": -1})
    path = with_change(tmp_path, two_mistakes)
    assert run.main(["validate", str(path), str(SCENARIOS[0])]) == 2
    captured = capsys.readouterr()
    assert len(captured.err.strip().splitlines()) == 2
    assert ": ok (" in captured.out


def test_run_refuses_an_invalid_scenario_before_running(tmp_path, capsys):
    path = with_change(tmp_path, lambda d: d.update(levers={"trsut": 0.7}))
    out = tmp_path / "out"
    assert run.main(["run", str(path), "--out", str(out), "--no-progress"]) == 2
    assert "levers.trsut" in capsys.readouterr().err
    assert not out.exists()


def test_run_writes_parquet_and_prints_summary(tmp_path, capsys):
    scenario = write(tmp_path, yaml.safe_dump(SMALL), "small.yaml")
    out = tmp_path / "out"
    code = run.main(["run", str(scenario), "--years", "1", "--seed", "5", "--out", str(out),
                     "--no-progress"])
    assert code == 0
    weekly = pd.read_parquet(out / "model.parquet")
    assert len(weekly) == 53 and weekly["week"].tolist() == list(range(53))
    nb = pd.read_parquet(out / "neighbourhoods.parquet")
    assert len(nb) == 53 * 3
    assert len(pd.read_parquet(out / "years.parquet")) == 1
    summary = capsys.readouterr().out
    for label in ("participation", "unmet need", "carer overload", "trust",
                  "cost per inhabitant"):
        assert label in summary


def test_run_seed_option_is_deterministic(tmp_path):
    scenario = write(tmp_path, yaml.safe_dump(SMALL), "small.yaml")
    frames = []
    for name in ("a", "b"):
        run.main(["run", str(scenario), "--years", "1", "--seed", "9", "--out",
                  str(tmp_path / name), "--no-progress"])
        frames.append(pd.read_parquet(tmp_path / name / "model.parquet"))
    pd.testing.assert_frame_equal(*frames)


@pytest.mark.parametrize("args, message", [
    (["run", "--years", "0"], "--years: got 0; must be between 1 and 100"),
    (["run", "--years", "abc"], "not a whole number"),
    (["run", "--seed", "-1"], "--seed: got -1; must be between 0 and"),
    (["run", "--residents", "0"], "--residents: got 0; must be between 1 and"),
    (["frobnicate"], "invalid choice"),
])
def test_bad_options_exit_2(capsys, args, message):
    with pytest.raises(SystemExit) as exit_info:
        run.main(args)
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


def test_residents_scales_the_scenario(tmp_path):
    scenario = write(tmp_path, yaml.safe_dump(SMALL), "small.yaml")
    out = tmp_path / "big"
    assert run.main(["run", str(scenario), "--years", "1", "--residents", "4000", "--out",
                     str(out), "--no-progress"]) == 0
    neighbourhoods = pd.read_parquet(out / "neighbourhoods.parquet")
    first_week = neighbourhoods[neighbourhoods["week"] == 0]
    assert first_week["residents"].sum() == 4000
    # the same proportions as the scenario: 700, 500 and 600 inhabitants
    assert first_week["residents"].tolist() == pytest.approx([4000 * 7 / 18, 4000 * 5 / 18,
                                                               4000 * 6 / 18], abs=1)


def test_too_few_residents_for_the_neighbourhoods(tmp_path, capsys):
    scenario = write(tmp_path, yaml.safe_dump(SMALL), "small.yaml")
    assert run.main(["run", str(scenario), "--residents", "2", "--out",
                     str(tmp_path / "x"), "--no-progress"]) == 2
    assert "at least 3 (one per neighbourhood)" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()


def test_out_must_be_a_folder(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    scenario = write(tmp_path, yaml.safe_dump(SMALL), "small.yaml")
    assert run.main(["run", str(scenario), "--out", str(blocker), "--no-progress"]) == 2
    assert "must be a folder" in capsys.readouterr().err


def test_no_traceback_from_the_real_command(tmp_path):
    bad = write(tmp_path, "name: x\nregion: {municipalities: []}\nlevers: {trsut: 3}\n")
    result = subprocess.run([sys.executable, "run.py", "validate", str(bad)], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 2


def test_same_seed_same_parquet_across_processes(tmp_path):
    scenario = write(tmp_path, yaml.safe_dump(SMALL), "small.yaml")
    frames = []
    for name, hash_seed in (("p1", "1"), ("p2", "2")):
        out = tmp_path / name
        env = {"PYTHONHASHSEED": hash_seed, "PATH": "/usr/bin:/bin"}
        result = subprocess.run(
            [sys.executable, "run.py", "run", str(scenario), "--years", "1", "--out", str(out),
             "--no-progress"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr
        frames.append({t: pd.read_parquet(out / f"{t}.parquet")
                       for t in ("model", "neighbourhoods", "years")})
    for table in frames[0]:
        pd.testing.assert_frame_equal(frames[0][table], frames[1][table])


def test_ctrl_c_keeps_the_weeks_already_simulated(tmp_path):
    import signal

    data = yaml.safe_load(yaml.safe_dump(SMALL))
    data["horizon_years"] = 100
    scenario = write(tmp_path, yaml.safe_dump(data), "long.yaml")
    out = tmp_path / "out"
    process = subprocess.Popen(
        [sys.executable, "run.py", "run", str(scenario), "--out", str(out)], cwd=ROOT,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=sigint_as_usual)
    seen = b""
    while not re.search(rb"\d week/s|\dweek/s", seen):  # the progress bar shows steps
        chunk = process.stderr.read1(256)
        assert chunk, "run.py ended before it started stepping"
        seen += chunk
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 130, stderr.decode()[-500:]
    assert b"Traceback" not in stderr
    weekly = pd.read_parquet(out / "model.parquet")
    assert 1 < len(weekly) < 100 * 52
    assert weekly["week"].tolist() == list(range(len(weekly)))
    assert b"interrupted after" in stderr


def test_reader_going_away_is_not_a_traceback(tmp_path):
    """`run ... | head`: the reader is gone before the summary is printed (`true` reads
    nothing); the results are written and there is no traceback."""
    scenario = write(tmp_path, yaml.safe_dump(SMALL), "small.yaml")
    out = tmp_path / "piped"
    command = (f"{sys.executable} run.py run {scenario} --years 1 --no-progress "
               f"--out {out} | true")
    result = subprocess.run(["bash", "-o", "pipefail", "-c", command], cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert (out / "years.parquet").exists()
