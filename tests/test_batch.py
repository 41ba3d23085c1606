"""Batch experiments: validation, seeds and ids, identical results on every executor,
resume after kill -9, failing and crashing runs."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
import yaml

import run
from experiments import store
from experiments.design import count, points
from experiments.experiment import load_experiment
from experiments.runner import run_experiment
from experiments.runs import Task, execute, plan
from model import DOMAINS, ParticipationModel, Scenario, override
from model.scenario import ScenarioError
from tests.batch_helpers import BROKEN_ROOM, crash_some, fail_some
from tests.conftest import ROOT, SMALL, sigint_as_usual


def experiment_file(tmp_path: Path, file: str = "experiment.yaml", **changes) -> Path:
    """A small grid experiment on the SMALL scenario: 2 x 2 points x 2 replications."""
    (tmp_path / "small.yaml").write_text(yaml.safe_dump(SMALL), encoding="utf-8")
    data = {
        "name": "tiny",
        "scenario": "small.yaml",
        "seed": 11,
        "replications": 2,
        "horizon_years": 1,
        "parameters": {"levers.room_to_act": [0.3, 0.6], "scale": ["local", "regional"]},
        "outputs": {"every": "year", "levels": ["model", "neighbourhoods"]},
    }
    data.update(changes)
    path = tmp_path / file
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        load_experiment(path)
    return [str(p) for p in caught.value.problems]


def folder_bytes(out: Path) -> dict[str, bytes]:
    """Every run file and the summary, byte for byte."""
    files = sorted(store.runs_dir(out).glob("*.parquet")) + [out / store.SUMMARY]
    return {p.name: p.read_bytes() for p in files}


def alive(pids: list[int]) -> list[int]:
    """The processes that still run (a zombie has ended; its new parent reaps it)."""
    found = []
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            found.append(pid)
    return found


def wait_until_gone(pids: list[int], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while alive(pids):
        assert time.monotonic() < deadline, f"processes outlived the batch: {alive(pids)}"
        time.sleep(0.1)


def children(pid: int) -> list[int]:
    """Process ids of a process's children (Linux /proc)."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


# ------------------------------------------------------------------------------ validation


@pytest.mark.parametrize(("changes", "field", "reason"), [
    ({"replications": 0}, "replications", "must be between 1 and 10000"),
    ({"name": "two words"}, "name", "use only letters"),
    ({"scenario": "nothere.yaml"}, "scenario", "file not found"),
    ({"parameters": {"levers.trsut": [0.1]}}, "parameters.levers.trsut",
     "levers has no field 'trsut'"),
    ({"parameters": {"levers.trust": [0.1, 1.5]}}, "parameters.levers.trust",
     "got 1.5; makes the scenario invalid: levers.trust: must be between 0.0 and 1.0"),
    ({"parameters": {"seed": [1, 2]}}, "parameters.seed", "'seed' cannot be varied"),
    ({"parameters": {"scale": ["local", "national"]}}, "parameters.scale",
     "must be one of 'hyperlocal', 'local', 'intermunicipal' or 'regional'"),
    ({"parameters": {"levers.trust": {"low": 0, "hihg": 1}}}, "parameters.levers.trust.hihg",
     "unknown field 'hihg' (did you mean 'high'?); allowed: low, high, steps"),
    ({"parameters": {"levers.trust": {"low": 0.6, "high": 0.2, "steps": 3}}},
     "parameters.levers.trust", "low must be below high"),
    ({"parameters": {"levers.trust": {"low": 0, "high": 1}}}, "parameters.levers.trust",
     "in a grid a range needs steps"),
    ({"parameters": {"levers.trust": {"distribution": "uniform", "low": 0, "high": 1}}},
     "parameters.levers.trust", "a distribution needs design lhs, sobol or morris"),
    ({"design": {"kind": "sobol", "samples": 10},
      "parameters": {"levers.trust": {"low": 0, "high": 1}}},
     "design", "sobol samples must be a power of 2 (got 10; for example 8 or 16)"),
    ({"design": {"kind": "lhs", "samples": 4}, "parameters": {"levers.trust": [0.1, 0.2]}},
     "parameters.levers.trust", "a list of values works only in a grid"),
    ({"design": {"kind": "lhs", "samples": 4}, "parameters": {"scale": {"low": 0, "high": 1}}},
     "parameters.scale", "design lhs samples numbers, and scale is not a number"),
    ({"design": {"kind": "lhs"}, "parameters": {"levers.trust": {"low": 0, "high": 1}}},
     "design", "design lhs needs samples"),
    ({"design": {"kind": "lhs", "samples": 4},
      "parameters": {"levers.trust": {"distribution": "normal", "mean": 0.5}}},
     "parameters.levers.trust", "a normal distribution needs mean, sd; missing: sd"),
    ({"outputs": {"every": "month"}}, "outputs.every",
     "must be one of 'week', 'year' or 'final'"),
    ({"outputs": {"metrics": ["participation", "happiness"]}}, "outputs.metrics",
     "got 'happiness'; unknown output; allowed: participation,"),
])
def test_a_bad_experiment_names_the_field_and_the_reason(tmp_path, changes, field, reason):
    found = problems(experiment_file(tmp_path, **changes))
    assert any(p.startswith(f"{tmp_path / 'experiment.yaml'}: {field}: ") and reason in p
               for p in found), found


def test_every_mistake_is_reported_at_once(tmp_path):
    path = experiment_file(tmp_path, replications=0, parameters={
        "levers.trust": [2.0], "levers.nope": [1], "seed": [1]})
    assert len(problems(path)) == 1  # the schema stage stops before the field checks
    path = experiment_file(tmp_path, parameters={
        "levers.trust": [2.0], "levers.nope": [1], "seed": [1]})
    assert len(problems(path)) == 3


def test_validate_command_checks_experiments_without_a_traceback(tmp_path, capsys):
    good = ROOT / "scenarios" / "experiments" / "lever_sweep.yaml"
    bad = experiment_file(tmp_path, parameters={"levers.trust": [2.0]})
    assert run.main(["validate", str(good)]) == 0
    assert "grid design: 16 points x 3 replications = 48 runs" in capsys.readouterr().out
    assert run.main(["validate", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "parameters.levers.trust: got 2.0" in err and "Traceback" not in err


def test_shipped_experiments_validate():
    files = sorted((ROOT / "scenarios" / "experiments").glob("*.yaml"))
    assert {f.stem for f in files} >= {"lever_sweep", "budget_scale", "sobol_levers",
                                       "domain_scales"}
    for path in files:
        experiment, base = load_experiment(path)
        assert experiment.description.nl and experiment.description.en, path


def test_domain_fields_vary_in_a_grid(tmp_path):
    """A domain's scale (a grid of names) and shrinkage vary like any field, and make the
    runs per domain; budget shares, which must come as all three, vary as whole `domains`
    sections (docs/experiments.md#varying-a-field)."""
    experiment, base = load_experiment(experiment_file(tmp_path, parameters={
        "domains.youth_family.scale": ["local", "regional"],
        "domains.work_income.shrinkage": [0.0, 0.05]}))
    runs = [Scenario.model_validate(override(base.model_dump(), point))
            for point in points(experiment)]
    assert [(s.domain_scale("youth_family", 0), s.domains.work_income.shrinkage)
            for s in runs] == [("local", 0.0), ("local", 0.05), ("regional", 0.0),
                               ("regional", 0.05)]
    assert all(s.by_domain and s.domain_scale("care", 0) == "local" for s in runs)
    shares = [{d: {"budget_share": share} for d, share in zip(DOMAINS, split, strict=True)}
              for split in ((0.36, 0.38, 0.26), (0.3, 0.3, 0.4))]
    experiment, _ = load_experiment(experiment_file(tmp_path, parameters={"domains": shares}))
    assert [p["domains"]["work_income"]["budget_share"] for p in points(experiment)] == \
        [0.26, 0.4]
    [alone] = problems(experiment_file(tmp_path, parameters={
        "domains.care.budget_share": [0.3, 0.4]}))
    assert "give all three (adding up to 1) or none" in alone
    [sampled] = problems(experiment_file(tmp_path, design={"kind": "lhs", "samples": 2},
                                         parameters={"domains.care.scale": {"low": 0,
                                                                           "high": 1}}))
    assert "is not a number; vary it in a grid" in sampled


def test_a_problem_with_the_whole_scenario_names_no_empty_field(tmp_path):
    data = {**SMALL, "policy": {"integrated_teams": True}}
    (tmp_path / "integrated.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    [problem] = problems(experiment_file(tmp_path, scenario="integrated.yaml", parameters={
        "domains.youth_family.scale": ["regional"]}))
    assert "makes the scenario invalid: policy.integrated_teams: one team" in problem


# ------------------------------------------------------------------------ design and seeds


def test_grid_points_and_sampled_designs(tmp_path):
    experiment, _ = load_experiment(experiment_file(tmp_path, parameters={
        "levers.room_to_act": [0.3, 0.6],
        "parameters.threshold_mean": {"low": 0.1, "high": 0.3, "steps": 3}}))
    grid = points(experiment)
    assert len(grid) == count(experiment) == 6
    assert grid[1] == {"levers.room_to_act": 0.3, "parameters.threshold_mean": 0.2}
    for kind, samples, expected in (("lhs", 5, 5), ("sobol", 4, 4 * (2 + 2)),
                                    ("morris", 3, 3 * (2 + 1))):
        experiment, _ = load_experiment(experiment_file(tmp_path, design={
            "kind": kind, "samples": samples}, parameters={
            "levers.trust": {"low": 0.2, "high": 0.8},
            "levers.connect": {"distribution": "uniform", "low": 0.0, "high": 0.5}}))
        drawn = points(experiment)
        assert len(drawn) == count(experiment) == expected, kind
        assert drawn == points(experiment), "the experiment seed fixes the sample"
        assert all(0.2 <= p["levers.trust"] <= 0.8 and 0 <= p["levers.connect"] <= 0.5
                   for p in drawn)


def test_run_ids_and_seeds(tmp_path):
    experiment, base = load_experiment(experiment_file(tmp_path))
    runs = plan(experiment, base)
    assert len(runs) == 8 and len({r.run_id for r in runs}) == 8
    assert [r.run_id for r in plan(*load_experiment(experiment_file(tmp_path)))] == \
        [r.run_id for r in runs], "the same file gives the same ids"
    # common random numbers: replication r has one seed at every point
    assert len({r.seed for r in runs if r.replication == 0}) == 1
    assert runs[0].seed != runs[1].seed
    other = plan(*load_experiment(experiment_file(tmp_path, seed=12)))
    assert not {r.run_id for r in other} & {r.run_id for r in runs}
    independent = plan(*load_experiment(experiment_file(tmp_path,
                                                       common_random_numbers=False)))
    assert len({r.seed for r in independent}) == 8


def test_a_run_alone_gives_the_numbers_of_the_experiment(tmp_path):
    out = tmp_path / "out"
    run_experiment(experiment_file(tmp_path), out, workers=1, progress=False)
    run_id = sorted(store.finished(out))[0]
    meta = store.run_metadata(store.run_path(out, run_id))
    model = ParticipationModel(json.loads(meta["scenario_json"]))
    model.run()
    summary = pd.read_parquet(out / store.SUMMARY).set_index("run_id")
    assert model.datacollector.get_table_dataframe("years")["participation"].iloc[-1] == \
        summary.loc[run_id, "participation"]


# --------------------------------------------------------------------------------- outputs


def test_outputs_keep_what_the_experiment_asks_for(tmp_path):
    path = experiment_file(tmp_path, horizon_years=2, replications=1,
                           parameters={"levers.trust": [0.5]})
    task = Task("x", plan(*load_experiment(path))[0].scenario,
                {"every": "week", "levels": ["model", "neighbourhoods"], "metrics": None})
    weekly = execute(task).table
    model_rows = weekly[weekly["level"] == "model"]
    assert list(model_rows["week"]) == list(range(105))
    assert (weekly["level"] == "neighbourhood").sum() == 105 * 3
    assert weekly.loc[weekly["level"] == "neighbourhood", "neighbourhood"].notna().all()
    yearly = execute(Task("x", task.scenario, {"every": "year", "levels": ["model"],
                                               "metrics": ["unmet_share", "waiting_list"]}))
    assert list(yearly.table.columns) == ["run_id", "level", "year", "neighbourhood",
                                          "municipality", "unmet_share", "waiting_list"]
    assert list(yearly.table["year"]) == [0, 1]
    year_two = model_rows[(model_rows["week"] > 52)]
    assert yearly.table["waiting_list"].iloc[1] == pytest.approx(year_two["waiting_list"].mean())
    final = execute(Task("x", task.scenario, {"every": "final", "levels": ["neighbourhoods"],
                                              "metrics": None}))
    assert list(final.table["year"].unique()) == [1] and len(final.table) == 3
    assert final.outcomes == yearly.outcomes


# ----------------------------------------------------------- the same on every executor


@pytest.mark.slow
def test_identical_results_on_one_worker_two_workers_and_a_dask_cluster(tmp_path):
    from distributed import LocalCluster

    path = experiment_file(tmp_path)
    one, two, dask = tmp_path / "one", tmp_path / "two", tmp_path / "dask"
    assert run_experiment(path, one, workers=1, progress=False).done == 8
    assert run_experiment(path, two, workers=2, progress=False).done == 8
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster:
        report = run_experiment(path, dask, scheduler=cluster.scheduler_address,
                                progress=False)
    assert report.done == 8 and report.failed == 0
    reference = folder_bytes(one)
    assert len(reference) == 9
    assert folder_bytes(two) == reference
    assert folder_bytes(dask) == reference
    summary = pd.read_parquet(one / store.SUMMARY)
    assert (summary["status"] == "ok").all() and summary["participation"].notna().all()


def test_an_unreachable_scheduler_is_a_message(tmp_path, capsys):
    path = experiment_file(tmp_path)
    code = run.main(["batch", str(path), "--scheduler", "tcp://127.0.0.1:9",
                     "--out", str(tmp_path / "out"), "--no-progress"])
    assert code == 2
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in capsys.readouterr().err
    assert run.main(["batch", str(path), "--scheduler", "10.0.0.5", "--out",
                     str(tmp_path / "out"), "--no-progress"]) == 2
    assert "give the scheduler's address as tcp://host:port" in capsys.readouterr().err


# --------------------------------------------------------------------- failures and resume


def test_a_failing_run_is_recorded_and_the_others_finish(tmp_path):
    path = experiment_file(tmp_path, parameters={"levers.room_to_act": [0.3, BROKEN_ROOM],
                                                 "scale": ["local", "regional"]})
    out = tmp_path / "out"
    report = run_experiment(path, out, workers=2, progress=False, run=fail_some)
    assert (report.done, report.failed, report.missing) == (4, 4, 0)
    summary = pd.read_parquet(out / store.SUMMARY)
    failed = summary[summary["status"] == "failed"]
    assert set(failed["levers.room_to_act"]) == {BROKEN_ROOM} and len(failed) == 4
    assert failed["error"].str.startswith("ScenarioError").all()
    record = json.loads((out / "failed" / f"{failed['run_id'].iloc[0]}.json").read_text())
    assert "Traceback" in record["traceback"]
    assert summary.loc[summary["status"] == "ok", "participation"].notna().all()
    # resume runs the failed ones again (with the real model they succeed) and only those
    before = {p: p.stat().st_mtime_ns for p in store.runs_dir(out).glob("*.parquet")}
    report = run_experiment(path, out, workers=1, resume=True, progress=False)
    assert (report.done, report.failed) == (8, 0)
    assert all(p.stat().st_mtime_ns == t for p, t in before.items())
    assert not list((out / "failed").iterdir())


def test_a_crashing_worker_does_not_take_the_experiment_down(tmp_path):
    path = experiment_file(tmp_path, replications=1,
                           parameters={"levers.room_to_act": [0.3, 0.5, 0.7, BROKEN_ROOM]})
    out = tmp_path / "out"
    report = run_experiment(path, out, workers=2, progress=False, run=crash_some)
    assert (report.done, report.failed) == (3, 1)
    summary = pd.read_parquet(out / store.SUMMARY)
    assert set(summary.loc[summary["status"] == "failed", "levers.room_to_act"]) == \
        {BROKEN_ROOM}
    assert summary.loc[summary["status"] == "failed", "error"].str.contains(
        "worker process died").all()


def test_an_existing_folder_is_never_overwritten(tmp_path, capsys):
    path = experiment_file(tmp_path)
    out = tmp_path / "out"
    assert run.main(["batch", str(path), "--out", str(out), "--workers", "1",
                     "--no-progress"]) == 0
    files = folder_bytes(out)
    assert run.main(["batch", str(path), "--out", str(out), "--no-progress"]) == 2
    assert "already holds an experiment; add --resume" in capsys.readouterr().err
    changed = experiment_file(tmp_path, "changed.yaml", seed=99)
    assert run.main(["batch", str(changed), "--out", str(out), "--resume",
                     "--no-progress"]) == 2
    assert "holds a different experiment" in capsys.readouterr().err
    assert run.main(["batch", str(path), "--out", str(out), "--resume", "--no-progress"]) == 0
    assert "8 of 8 runs done" in capsys.readouterr().out
    assert folder_bytes(out) == files


@pytest.mark.slow
def test_killed_with_sigkill_and_resumed_equals_uninterrupted(tmp_path):
    path = experiment_file(tmp_path, replications=4, horizon_years=2)  # 16 runs
    killed, whole = tmp_path / "killed", tmp_path / "whole"
    command = [sys.executable, str(ROOT / "run.py"), "batch", str(path), "--workers", "2",
               "--no-progress"]
    process = subprocess.Popen([*command, "--out", str(killed)], cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while len(list(store.runs_dir(killed).glob("*.parquet"))) < 5:
        assert process.poll() is None, "finished before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.05)
    workers = children(process.pid)
    assert len(workers) >= 2  # the workers, and multiprocessing's resource tracker
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    wait_until_gone(workers)  # they notice that the main process is gone, and end
    before = {p.name: p.stat().st_mtime_ns for p in store.runs_dir(killed).glob("*.parquet")}
    assert 5 <= len(before) < 16
    assert not (killed / store.SUMMARY).exists()

    resumed = subprocess.run([*command, "--out", str(killed), "--resume"], cwd=ROOT,
                             capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    assert "16 of 16 runs done, 0 failed" in resumed.stdout
    after = {p.name: p.stat().st_mtime_ns for p in store.runs_dir(killed).glob("*.parquet")}
    assert all(after[name] == t for name, t in before.items()), "finished runs ran again"
    assert not [p for p in store.runs_dir(killed).iterdir() if p.suffix != ".parquet"]

    subprocess.run([*command, "--out", str(whole)], cwd=ROOT, check=True, timeout=300)
    assert folder_bytes(killed) == folder_bytes(whole)
    manifest = store.read_manifest(killed)
    assert len(manifest["resumed"]) == 1 and len(manifest["runs"]) == 16


@pytest.mark.slow
def test_ctrl_c_stops_the_workers_and_keeps_what_is_done(tmp_path):
    path = experiment_file(tmp_path, replications=4, horizon_years=2)  # 16 runs
    out = tmp_path / "out"
    command = [sys.executable, str(ROOT / "run.py"), "batch", str(path), "--workers", "2",
               "--no-progress", "--out", str(out)]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, start_new_session=True,
                               preexec_fn=sigint_as_usual)
    deadline = time.monotonic() + 120
    while len(list(store.runs_dir(out).glob("*.parquet"))) < 3:
        assert process.poll() is None and time.monotonic() < deadline
        time.sleep(0.05)
    workers = children(process.pid)
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert "interrupted; the finished runs are kept" in stderr and "Traceback" not in stderr
    summary = pd.read_parquet(out / store.SUMMARY)
    done = int((summary["status"] == "ok").sum())
    assert 3 <= done < 16 and set(summary["status"]) <= {"ok", "not run"}
    assert f"{done} of 16 runs done" in stdout
    wait_until_gone(workers)
    resumed = subprocess.run([*command, "--resume"], cwd=ROOT, capture_output=True,
                             text=True, timeout=300)
    assert resumed.returncode == 0 and "16 of 16 runs done" in resumed.stdout


@pytest.mark.slow
def test_the_shipped_experiments_run_and_analyze(tmp_path, capsys):
    folder = ROOT / "scenarios" / "experiments"
    # Reduced to keep the suite short: every grid point once, a small Sobol sample. At full
    # size they run the same code (docs/experiments.md has the full-size timings).
    reduced = {"lever_sweep": ["--replications", "1"], "budget_scale": ["--replications", "1"],
               "sobol_levers": ["--samples", "8", "--residents", "2000", "--years", "1"]}
    for name in ("lever_sweep", "budget_scale", "sobol_levers"):
        out = tmp_path / name
        code = run.main(["batch", str(folder / f"{name}.yaml"), "--workers", "2", "--out",
                         str(out), "--no-progress", *reduced.get(name, [])])
        assert code == 0, capsys.readouterr().err
        summary = pd.read_parquet(out / store.SUMMARY)
        assert (summary["status"] == "ok").all()
        assert run.main(["analyze", str(out)]) == 0
        report = (out / "analysis" / "report.md").read_text(encoding="utf-8")
        assert "participation" in report
        pictures = list((out / "analysis").glob("*.png"))
        assert pictures and all(p.stat().st_size > 1000 for p in pictures)
        if name == "sobol_levers":
            indices = pd.read_csv(out / "analysis" / "sobol.csv")
            assert len(summary) == 8 * (6 + 2)
            assert set(indices["parameter"]) == {f"levers.{lever}" for lever in (
                "room_to_act", "connect", "belonging", "boundaries", "trust",
                "steering_pressure")}
        else:
            settings = pd.read_csv(out / "analysis" / "settings.csv")
            assert len(settings) == 16 and len(summary) == 16


def test_an_untruncated_normal_must_stay_within_the_field(tmp_path):
    path = experiment_file(tmp_path, design={"kind": "lhs", "samples": 4}, parameters={
        "levers.trust": {"distribution": "normal", "mean": 0.5, "sd": 0.2}})
    assert any("a normal distribution reaches -0.3 (mean ± 4 sd)" in p and
               "give low and high to truncate it" in p for p in problems(path))


def test_a_cluster_without_workers_is_a_message_before_any_run(tmp_path, monkeypatch, capsys):
    from distributed import LocalCluster

    import experiments.runner

    monkeypatch.setattr(experiments.runner, "CLUSTER_WAIT", 2)
    path = experiment_file(tmp_path)
    with LocalCluster(n_workers=0, processes=False, dashboard_address=None) as cluster:
        code = run.main(["batch", str(path), "--scheduler", cluster.scheduler_address,
                         "--out", str(tmp_path / "out"), "--no-progress"])
    assert code == 2
    assert "no Dask worker answered within 2 s" in capsys.readouterr().err
    assert not list(store.runs_dir(tmp_path / "out").glob("*"))
