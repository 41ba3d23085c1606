"""Issue 15, one regression test per numbered failure: every bad file, option and folder ends
in a short refusal with exit code 2, within seconds, in bounded memory, and nothing is
written outside `results/` or the given `--out`."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml

import experiments.analyze
import experiments.runner
import run
from model import resources
from tests.conftest import ROOT, SMALL

# Imported above, so that the bounds measure the refusals, not the first imports.
assert experiments.analyze and experiments.runner
SECONDS = 10  # every refusal comes within this (most take a fraction of a second)
MB = 2**20


@contextmanager
def bounded(seconds: float = SECONDS, megabytes: float | None = 100) -> Iterator[None]:
    """The block ends within `seconds` and allocates at most `megabytes` at its peak (not
    traced when None: tracing slows a large parse several times)."""
    if megabytes is not None:
        tracemalloc.start()
    start = time.perf_counter()
    try:
        yield
    finally:
        peak = tracemalloc.get_traced_memory()[1] if megabytes is not None else 0
        tracemalloc.stop()
    took = time.perf_counter() - start
    assert took < seconds, f"took {took:.1f} s"
    assert megabytes is None or peak < megabytes * MB, f"peak {peak / MB:.0f} MB"


def tree(root: Path) -> set[Path]:
    return {p.relative_to(root) for p in root.rglob("*")}


def refuse(tmp_path: Path, monkeypatch, capsys, args: list[str], expect: str,
           allowed: tuple[str, ...] = (), lines: int = 1, **bounds: float) -> str:
    """Run the command line in `tmp_path`: it must exit 2 with `lines` line(s) on stderr
    holding `expect`, no traceback, and write nothing but under `allowed`."""
    monkeypatch.chdir(tmp_path)
    before = tree(tmp_path)
    with bounded(**bounds):
        try:
            code = run.main(args)
        except SystemExit as exit_info:  # argparse refuses an option
            code = exit_info.code
    err = capsys.readouterr().err.strip()
    assert code == 2, err
    assert "Traceback" not in err
    assert len(err.splitlines()) <= lines, err
    assert expect in err, err
    for new in tree(tmp_path) - before:
        assert any(new.is_relative_to(a) for a in allowed), f"wrote {new}"
    return err


def write_yaml(path: Path, data: Any) -> Path:
    """YAML in block style; a large file as JSON (YAML too), which is quick to write."""
    big = len(json.dumps(data)) > 10_000
    path.write_text(json.dumps(data) if big else yaml.safe_dump(data, sort_keys=False),
                    encoding="utf-8")
    return path


def small(tmp_path: Path, **changes: Any) -> Path:
    return write_yaml(tmp_path / "small.yaml", {**SMALL, **changes})


def experiment(tmp_path: Path, **changes: Any) -> Path:
    small(tmp_path)
    data = {"name": "tiny", "scenario": "small.yaml", "horizon_years": 1,
            "parameters": {"levers.room_to_act": [0.3, 0.6]}, **changes}
    return write_yaml(tmp_path / "experiment.yaml", data)


def region(neighbourhoods: int, inhabitants: int = 12, **nb: Any) -> dict[str, Any]:
    return {"municipalities": [{"name": "A", "neighbourhoods": [
        {"name": f"n{i}", "inhabitants": inhabitants, **nb} for i in range(neighbourhoods)]}]}


# 1 ------------------------------------------------------------------------------------------
def test_1_deep_nesting(tmp_path, monkeypatch, capsys):
    path = tmp_path / "deep.yaml"
    path.write_text("name: deep\nregion: " + "[" * 500 + "]" * 500 + "\n")
    refuse(tmp_path, monkeypatch, capsys, ["validate", str(path)],
           "line 2, column 72: nested more than 64 levels deep")
    block = "".join(" " * i + f"k{i}:\n" for i in range(300)) + " " * 300 + "x: 1\n"
    path.write_text(block)
    refuse(tmp_path, monkeypatch, capsys, ["run", str(path)], "nested more than 64 levels")


# 2 ------------------------------------------------------------------------------------------
def test_2_alias_bomb(tmp_path, monkeypatch, capsys):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]")
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\nname: *i\n")
    err = refuse(tmp_path, monkeypatch, capsys, ["validate", str(path)],
                 "aliases expand to more than 100,000 nodes", seconds=2, megabytes=20)
    assert "lol" not in err  # the value is never printed, let alone expanded
    path.write_text("a: &a [1, *a]\n")
    refuse(tmp_path, monkeypatch, capsys, ["validate", str(path)], "(a cycle)")


# 3 ------------------------------------------------------------------------------------------
def test_3_a_population_that_cannot_fit_is_refused_up_front(tmp_path):
    """In a process limited to 3 GB of address space, as a small machine would be."""
    path = small(tmp_path, region=region(1, inhabitants=10_000_000))

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (3 * 2**30, 3 * 2**30))

    start = time.perf_counter()
    result = subprocess.run([sys.executable, str(ROOT / "run.py"), "run", str(path)],
                            cwd=tmp_path, capture_output=True, text=True, timeout=120,
                            preexec_fn=limit, env={**os.environ, "OPENBLAS_NUM_THREADS": "1"})
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and "MemoryError" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "8,300,000 residents" in result.stderr
    assert "GB this machine has available; to fit, run fewer residents (--residents)" \
        in result.stderr
    assert time.perf_counter() - start < 60
    assert tree(tmp_path) == {Path("small.yaml")}


def test_3_a_complete_network_too_large(tmp_path, monkeypatch, capsys):
    path = small(tmp_path, network="complete", region=region(1, inhabitants=29_000))
    refuse(tmp_path, monkeypatch, capsys, ["run", str(path)],
           "a complete network ties everyone to everyone")
    refuse(tmp_path, monkeypatch, capsys, ["validate", str(path)], "24,070 residents")


def test_3_more_than_the_machine_has(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(resources, "available_memory", lambda: 2 * 10**9)
    path = small(tmp_path, region=region(1, inhabitants=5_000_000))
    refuse(tmp_path, monkeypatch, capsys, ["run", str(path)],
           "more than the 2.0 GB this machine has available")


# 4 ------------------------------------------------------------------------------------------
def test_4_uniqueness_of_tens_of_thousands_of_names_is_fast(tmp_path, monkeypatch, capsys):
    data = {"name": "many", "region": region(60_000)}
    data["region"]["municipalities"][0]["neighbourhoods"][59_999]["name"] = "n7"
    path = write_yaml(tmp_path / "many.yaml", data)
    refuse(tmp_path, monkeypatch, capsys, ["validate", str(path)],
           "neighbourhood names must be unique; repeated: n7", seconds=30, megabytes=None)


# 5 ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name, folder", [
    ("/tmp/elsewhere", "tmp_elsewhere"),
    ("../../escape", "escape"),
    ("a\0b", "a_b"),
    ("Baseline 2015 (nieuw)", "Baseline_2015_nieuw"),
])
def test_5_the_default_folder_lies_inside_results(tmp_path, monkeypatch, capsys, name, folder):
    path = small(tmp_path, name=name, horizon_years=1)
    monkeypatch.chdir(tmp_path)
    assert run.main(["run", str(path), "--no-progress"]) == 0
    written = {p.parts[:2] for p in tree(tmp_path) if p.parts[0] != "small.yaml"}
    assert written == {("results",), ("results", folder)}, written


def test_5_a_300_character_name_and_a_long_out(tmp_path, monkeypatch, capsys):
    refuse(tmp_path, monkeypatch, capsys, ["validate", str(small(tmp_path, name="x" * 300))],
           "name: got 'xxxxxxxx")
    path = small(tmp_path)
    long = "y" * 5000
    refuse(tmp_path, monkeypatch, capsys, ["run", str(path), "--out", long],
           "the path is longer than 4096 bytes")
    refuse(tmp_path, monkeypatch, capsys, ["run", str(path), "--out", "z" * 300],
           "a folder name in the path is longer than 255 bytes")
    refuse(tmp_path, monkeypatch, capsys, ["run", str(path), "--out", "a\0b"],
           "the path contains a NUL byte")
    refuse(tmp_path, monkeypatch, capsys, ["batch", str(experiment(tmp_path)), "--out", long],
           "the path is longer than 4096 bytes")


# 6 ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("years", ["101", "100000000", "0"])
def test_6_years_is_checked_against_the_schema(tmp_path, monkeypatch, capsys, years):
    refuse(tmp_path, monkeypatch, capsys, ["run", str(small(tmp_path)), "--years", years],
           f"--years: got {years}; must be between 1 and 100")


# 7 ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("value, expect", [
    ("abc", "--residents: got 'abc'; not a whole number"),
    ("0", "--residents: got 0; must be between 1 and 100000000"),
    ("1" * 40, "not a whole number"),
    ("99999999", "--residents: at 99,999,999 residents: region.municipalities[0]."
                 "neighbourhoods[0].inhabitants: must be between 1 and 10000000"),
])
def test_7_residents_is_one_line(tmp_path, monkeypatch, capsys, value, expect):
    refuse(tmp_path, monkeypatch, capsys, ["run", str(small(tmp_path)), "--residents", value],
           expect)


# 8 ------------------------------------------------------------------------------------------
def test_8_duplicate_keys(tmp_path, monkeypatch, capsys):
    path = small(tmp_path)
    path.write_text(path.read_text() + "seed: 4\n")
    refuse(tmp_path, monkeypatch, capsys, ["validate", str(path)],
           "column 1: duplicate key 'seed' (first given on line 2)")
    exp = experiment(tmp_path)
    exp.write_text(exp.read_text() + "name: other\n")
    refuse(tmp_path, monkeypatch, capsys, ["batch", str(exp)], "duplicate key 'name'")
    path.write_text("name: x\nregion: {municipalities: [], municipalities: []}\n")
    refuse(tmp_path, monkeypatch, capsys, ["validate", str(path)],
           "line 2, column 30: duplicate key 'municipalities' (first given on line 2)")


def test_8_merge_keys_may_be_overridden(tmp_path, monkeypatch, capsys):
    text = ("name: merged\nhorizon_years: 1\nregion:\n  municipalities:\n  - name: A\n"
            "    neighbourhoods:\n    - &base {name: a1, inhabitants: 300, ses: 0.4}\n"
            "    - {<<: *base, name: a2}\n")
    (tmp_path / "merged.yaml").write_text(text)
    monkeypatch.chdir(tmp_path)
    assert run.main(["validate", "merged.yaml"]) == 0


# 9 ------------------------------------------------------------------------------------------
def test_9_thousands_of_neighbourhoods_for_a_century(tmp_path, monkeypatch, capsys):
    path = small(tmp_path, horizon_years=100, region=region(2000))
    expect = ("2,000 neighbourhoods x 100 years make 10,402,000 neighbourhood-week output "
              "rows, all kept in memory (about 10.4 GB); a run may keep at most 3,000,000: "
              "give a horizon of at most 28 years")
    for command in (["run", str(path)], ["validate", str(path)]):
        refuse(tmp_path, monkeypatch, capsys, command, expect)
    exp = experiment(tmp_path, horizon_years=100)
    small(tmp_path, region=region(2000))
    refuse(tmp_path, monkeypatch, capsys, ["batch", str(exp), "--workers", "1"], expect)
    # at 28 years it fits, and runs
    assert resources.memory_problem(
        resources.Scenario.model_validate({"name": "x", "horizon_years": 28,
                                           "region": region(2000)}), available=10**10) is None


# 10 -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("address, expect", [
    ("tls://10.0.0.5:8786", "only tcp:// addresses are supported (tls:// is not)"),
    ("ucx://10.0.0.5:8786", "(ucx:// is not)"),
    ("10.0.0.5", "give the scheduler's address as tcp://host:port"),
    ("tcp://host:99999", "the port must be 1 to 65535"),
])
def test_10_scheduler_scheme_before_anything_is_written(tmp_path, monkeypatch, capsys,
                                                        address, expect):
    exp = experiment(tmp_path)
    refuse(tmp_path, monkeypatch, capsys, ["batch", str(exp), "--scheduler", address,
                                           "--out", "out"], expect)
    assert not (tmp_path / "out").exists()


# 11 and 12 ----------------------------------------------------------------------------------
DAMAGED = {"not JSON": "{not json", "empty object": "{}", "a list": "[]",
           "runs damaged": json.dumps({"experiment_file": "e.yaml", "experiment": {"name": "x"},
                                       "fingerprint": "f", "design": {"kind": "grid"},
                                       "parameters": [], "runs": [{"run_id": 3}],
                                       "resumed": []})}


@pytest.mark.parametrize("content", DAMAGED.values(), ids=list(DAMAGED))
def test_11_12_a_damaged_manifest(tmp_path, monkeypatch, capsys, content):
    exp = experiment(tmp_path)
    out = tmp_path / "out"
    (out / "runs").mkdir(parents=True)
    (out / "manifest.json").write_text(content)
    (out / "runs" / "abc.parquet").write_bytes(b"a finished run")
    (out / "summary.parquet").write_bytes(b"PAR1")
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    err = refuse(tmp_path, monkeypatch, capsys,
                 ["batch", str(exp), "--out", "out", "--resume"], "manifest.json is damaged")
    assert "nothing was changed or deleted" in err
    refuse(tmp_path, monkeypatch, capsys, ["analyze", "out"], "manifest.json is damaged")
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_12_analyze_a_folder_that_is_not_one(tmp_path, monkeypatch, capsys):
    refuse(tmp_path, monkeypatch, capsys, ["analyze", "nowhere"], "is not a folder")
    (tmp_path / "empty").mkdir()
    refuse(tmp_path, monkeypatch, capsys, ["analyze", "empty"], "holds no experiment")


# 13 -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("spec", [
    {"distribution": "normal", "mean": float("nan"), "sd": 0.1},
    {"distribution": "normal", "mean": 0.5, "sd": float("inf")},
    {"low": 0.1, "high": float("inf")},
])
def test_13_nan_and_infinity_are_refused(tmp_path, monkeypatch, capsys, spec):
    exp = experiment(tmp_path, design={"kind": "lhs", "samples": 4},
                     parameters={"levers.room_to_act": spec})
    refuse(tmp_path, monkeypatch, capsys, ["validate", str(exp)], "must be a finite number")


def test_13_nan_in_a_scenario(tmp_path, monkeypatch, capsys):
    path = small(tmp_path, budget={"per_inhabitant": float("nan")})
    refuse(tmp_path, monkeypatch, capsys, ["validate", str(path)],
           "budget.per_inhabitant: got nan; must be a finite number")


# 14 -----------------------------------------------------------------------------------------
def test_14_enormous_designs(tmp_path, monkeypatch, capsys):
    axes = {f"parameters.{name}": {"low": 0.1, "high": 0.2, "steps": 1000}
            for name in ("threshold_mean", "outside_tie_share", "individual_ses_spread")}
    exp = experiment(tmp_path, parameters=axes)
    refuse(tmp_path, monkeypatch, capsys, ["validate", str(exp)],
           "1,000,000,000 design points x 1 replications = 1,000,000,000 runs, more than "
           "the limit of 100,000", seconds=3)
    exp = experiment(tmp_path, design={"kind": "lhs", "samples": 1_000_000}, replications=1000,
                     parameters={"levers.room_to_act": {"low": 0.1, "high": 0.9}})
    refuse(tmp_path, monkeypatch, capsys, ["batch", str(exp)], "= 1,000,000,000 runs",
           seconds=3)
    refuse(tmp_path, monkeypatch, capsys, ["batch", str(exp), "--samples", "2000000"],
           "--samples: got 2000000; must be between 1 and 1000000")
    # at the limit, validate checks the design from its points, in seconds
    exp = experiment(tmp_path, design={"kind": "lhs", "samples": 100_000},
                     parameters={"levers.room_to_act": {"low": 0.1, "high": 0.9}})
    with bounded(seconds=15, megabytes=None):
        assert run.main(["validate", str(exp)]) == 0
    assert "= 100,000 runs" in capsys.readouterr().out


# 15 -----------------------------------------------------------------------------------------
def test_15_workers_are_capped(tmp_path, monkeypatch, capsys):
    exp = experiment(tmp_path)
    refuse(tmp_path, monkeypatch, capsys, ["batch", str(exp), "--workers", "100000"],
           "--workers: got 100,000; at most")
    refuse(tmp_path, monkeypatch, capsys, ["batch", str(exp), "--workers", "100000",
                                           "--oversubscribe"], "at most 1,024")


# minor --------------------------------------------------------------------------------------
@pytest.mark.parametrize("change, expect", [
    ({"levers": {"trust": "0.5"}}, "levers.trust: got '0.5'; a number in quotes is text"),
    ({"parameters": {"fte_hours": "36"}}, "parameters.fte_hours: got '36'; a number in quotes"),
    ({"horizon_years": True}, "horizon_years: got True; true/false is not a number"),
    ({"budget": {"shrinkage": ["0.1"]}}, "budget.shrinkage"),
])
def test_numbers_written_as_text_are_refused_alike(tmp_path, monkeypatch, capsys, change,
                                                   expect):
    refuse(tmp_path, monkeypatch, capsys, ["validate", str(small(tmp_path, **change))], expect)


def test_validate_reads_each_file_once(tmp_path, monkeypatch, capsys):
    from model import yaml_loader

    calls = []
    real = yaml_loader.load
    monkeypatch.setattr(yaml_loader, "load", lambda text: calls.append(1) or real(text))
    monkeypatch.chdir(tmp_path)
    assert run.main(["validate", str(small(tmp_path))]) == 0
    assert len(calls) == 1
    calls.clear()
    assert run.main(["validate", str(experiment(tmp_path))]) == 0
    assert len(calls) == 2  # the experiment and its base scenario


def test_analyze_says_when_every_run_failed(tmp_path):
    from experiments.analyze import analyze
    from tests.test_analyze import grid_folder

    out = grid_folder(tmp_path, status=dict.fromkeys(range(12), "failed"))
    report = analyze(out).read_text(encoding="utf-8")
    assert "Every one of the 12 runs failed, so there is nothing to show" in report
    assert "The first error: RuntimeError: boom" in report
