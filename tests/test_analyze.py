"""experiments.analyze on experiment folders built by hand, where the outcome is a known function
of the parameters, and once on a tiny real experiment."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from experiments.analyze import KEY_OUTCOMES, AnalysisError, analyze

ROOT = Path(__file__).resolve().parents[1]
X1, X2 = "levers.room_to_act", "budget.shrinkage"
PNG = b"\x89PNG"


def write_folder(out: Path, kind: str, points: list[dict[str, Any]],
                 outcomes: dict[str, Any], *, replications: int = 1,
                 design: dict[str, Any] | None = None,
                 variation: dict[str, Any] | None = None,
                 status: dict[int, str] | None = None, seed: int = 7) -> Path:
    """An experiment folder as `run.py batch` leaves it: manifest.json and summary.parquet.
    `outcomes` maps a name to f(params, replication, rng); `status` maps a row to its status
    (default ok)."""
    names = list(points[0])
    design = {"kind": kind, "samples": None, "levels": 4, "second_order": False,
              **(design or {})}
    if kind != "grid":
        design["problem"] = {"num_vars": len(names), "names": names,
                             "bounds": [[0.0, 1.0]] * len(names), "dists": ["unif"] * len(names)}
    variation = variation or {n: {"low": 0.0, "high": 1.0, "steps": None} for n in names}
    runs = [{"run_id": f"run{i:04d}", "point": p, "replication": r, "seed": 100 + r,
             "params": points[p]}
            for i, (p, r) in enumerate(itertools.product(range(len(points)),
                                                         range(replications)))]
    manifest = {
        "format": 1, "experiment_file": "experiments/synthetic.yaml",
        "experiment": {"name": f"synthetic_{kind}", "seed": seed, "replications": replications,
                       "description": {"nl": "", "en": "A synthetic experiment."},
                       "design": {k: v for k, v in design.items() if k != "problem"},
                       "parameters": variation},
        "design": design, "parameters": names, "runs": runs,
    }
    rng = np.random.default_rng(1)
    rows = []
    for i, run in enumerate(runs):
        state = (status or {}).get(i, "ok")
        row = {"run_id": run["run_id"], "point": run["point"],
               "replication": run["replication"], "seed": run["seed"], "status": state,
               "error": "RuntimeError: boom" if state == "failed" else None, **run["params"]}
        if state == "ok":
            row.update({name: f(run["params"], run["replication"], rng)
                        for name, f in outcomes.items()})
        rows.append(row)
    out.mkdir(parents=True, exist_ok=True)
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    frame = pd.DataFrame(rows)
    frame[["status", "error"]] = frame[["status", "error"]].astype("string")
    frame.to_parquet(out / "summary.parquet")
    return out


def linear(params: dict[str, float], replication: int, rng: np.random.Generator) -> float:
    """Driven by x1 alone, with a little noise."""
    return 4 * params[X1] + 0 * params[X2] + rng.normal(0, 0.01)


def other(params: dict[str, float], replication: int, rng: np.random.Generator) -> float:
    """Driven by x2 alone."""
    return 2 * params[X2] + rng.normal(0, 0.01)


def sampled_points(kind: str, samples: int, second_order: bool = False) -> list[dict]:
    from SALib.sample import morris, sobol

    problem = {"num_vars": 2, "names": [X1, X2], "bounds": [[0.0, 1.0]] * 2}
    if kind == "sobol":
        X = sobol.sample(problem, samples, calc_second_order=second_order, seed=3)
    else:
        X = morris.sample(problem, samples, num_levels=4, seed=3)
    return [{X1: float(a), X2: float(b)} for a, b in X]


def indices(out: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(out / "analysis" / name).set_index(["outcome", "parameter"])


def assert_png(path: Path) -> None:
    assert path.is_file() and path.stat().st_size > 1000
    assert path.read_bytes()[:4] == PNG


@pytest.fixture(scope="module")
def sobol_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sobol") / "exp"
    write_folder(out, "sobol", sampled_points("sobol", 256), replications=2,
                 design={"samples": 256},
                 outcomes={"participation": linear, "unmet_share": other,
                           "volunteer_year_share": linear})
    analyze(out)
    return out


def test_sobol_finds_the_parameter_that_matters(sobol_dir: Path) -> None:
    table = indices(sobol_dir, "sobol.csv")
    assert list(table.columns) == ["S1", "S1_conf", "ST", "ST_conf"]
    assert table.loc[("participation", X1), "S1"] > 0.9
    assert table.loc[("participation", X1), "ST"] > 0.9
    assert abs(table.loc[("participation", X2), "S1"]) < 0.1
    assert table.loc[("participation", X2), "ST"] < 0.1
    assert table.loc[("unmet_share", X2), "ST"] > 0.9
    assert table.loc[("unmet_share", X1), "ST"] < 0.1


def test_sobol_report_and_figures(sobol_dir: Path) -> None:
    folder = sobol_dir / "analysis"
    report = (folder / "report.md").read_text(encoding="utf-8")
    assert "synthetic_sobol" in report and "A synthetic experiment." in report
    assert "2048 ok, 0 failed, 0 not run" in report
    assert f"**participation**: most influential is `{X1}`" in report
    assert f"**unmet_share**: most influential is `{X2}`" in report
    assert "![Sobol indices](sobol.png)" in report
    for name in ("sobol.png", "dist_participation.png", "dist_unmet_share.png"):
        assert_png(folder / name)
        assert f"]({name})" in report
    assert not (folder / "sobol_second_order.csv").exists()
    assert not (folder / "settings.csv").exists()


def test_default_outcomes_are_the_key_outcomes_present(sobol_dir: Path) -> None:
    table = indices(sobol_dir, "sobol.csv")
    outcomes = set(table.index.get_level_values("outcome"))
    assert outcomes == {"participation", "unmet_share"}
    assert outcomes <= set(KEY_OUTCOMES)
    assert not (sobol_dir / "analysis" / "dist_volunteer_year_share.png").exists()


def test_sobol_second_order(tmp_path: Path) -> None:
    def product(params: dict[str, float], replication: int, rng: np.random.Generator) -> float:
        return params[X1] * params[X2]

    out = write_folder(tmp_path, "sobol", sampled_points("sobol", 128, second_order=True),
                       design={"samples": 128, "second_order": True},
                       outcomes={"participation": product})
    report = analyze(out, ["participation"]).read_text(encoding="utf-8")
    s2 = pd.read_csv(tmp_path / "analysis" / "sobol_second_order.csv")
    assert list(s2.columns) == ["outcome", "parameter_1", "parameter_2", "S2", "S2_conf"]
    assert s2[["parameter_1", "parameter_2"]].values.tolist() == [[X1, X2]]
    assert np.isfinite(s2["S2"]).all()
    assert "Second-order indices" in report


def test_morris_finds_the_parameter_that_matters(tmp_path: Path) -> None:
    out = write_folder(tmp_path, "morris", sampled_points("morris", 20),
                       design={"samples": 20, "levels": 4},
                       outcomes={"participation": linear})
    report = analyze(out).read_text(encoding="utf-8")
    table = indices(out, "morris.csv")
    assert list(table.columns) == ["mu", "mu_star", "mu_star_conf", "sigma"]
    assert table.loc[("participation", X1), "mu_star"] == pytest.approx(4, rel=0.05)
    assert table.loc[("participation", X1), "mu_star"] > \
        10 * table.loc[("participation", X2), "mu_star"]
    assert f"**participation**: most influential is `{X1}`" in report
    assert_png(tmp_path / "analysis" / "morris.png")
    assert_png(tmp_path / "analysis" / "dist_participation.png")


def grid_folder(out: Path, status: dict[int, str] | None = None) -> Path:
    """a in {1, 2}, b in {u, v}, three replications: participation = 10 a + replication."""
    points = [{"a": a, "b": b} for a in (1, 2) for b in ("u", "v")]

    def outcome(params: dict[str, Any], replication: int, rng: np.random.Generator) -> float:
        return 10.0 * params["a"] + replication

    return write_folder(out, "grid", points, replications=3, status=status,
                        variation={"a": {"values": [1, 2]}, "b": {"values": ["u", "v"]}},
                        outcomes={"participation": outcome, "unmet_share": outcome})


def test_grid_settings_hold_the_means(tmp_path: Path) -> None:
    report = analyze(grid_folder(tmp_path), ["participation"]).read_text(encoding="utf-8")
    table = pd.read_csv(tmp_path / "analysis" / "settings.csv")
    assert list(table.columns) == ["point", "a", "b", "participation_mean",
                                   "participation_sd", "participation_n"]
    assert table[["a", "b"]].values.tolist() == [[1, "u"], [1, "v"], [2, "u"], [2, "v"]]
    assert table["participation_mean"].tolist() == pytest.approx([11, 11, 21, 21])
    assert table["participation_sd"].tolist() == pytest.approx([1, 1, 1, 1])
    assert table["participation_n"].tolist() == [3, 3, 3, 3]
    assert "| a | b | runs ok | participation |" in report
    assert "| 2 | v | 3 | 21 |" in report
    assert "- `a`: 1, 2" in report and "- `b`: u, v" in report
    assert "Sensitivity" not in report
    assert_png(tmp_path / "analysis" / "dist_participation.png")


def test_grid_means_use_only_the_finished_runs(tmp_path: Path) -> None:
    analyze(grid_folder(tmp_path, status={0: "failed", 1: "not run"}), ["participation"])
    table = pd.read_csv(tmp_path / "analysis" / "settings.csv")
    assert table["participation_mean"].tolist() == pytest.approx([12, 11, 21, 21])
    assert table["participation_n"].tolist() == [1, 3, 3, 3]


def test_unknown_outcome_is_named_with_the_allowed_ones(tmp_path: Path) -> None:
    grid_folder(tmp_path)
    with pytest.raises(AnalysisError) as error:
        analyze(tmp_path, ["participation", "happiness"])
    message = str(error.value)
    assert "'happiness'" in message and "allowed: participation, unmet_share" in message
    assert not (tmp_path / "analysis" / "report.md").exists()


@pytest.mark.parametrize("missing", ["manifest.json", "summary.parquet"])
def test_missing_files_say_to_run_the_batch_first(tmp_path: Path, missing: str) -> None:
    grid_folder(tmp_path)
    (tmp_path / missing).unlink()
    with pytest.raises(AnalysisError, match=rf"{missing} not found.*run\.py batch"):
        analyze(tmp_path)


def test_an_empty_folder_is_no_experiment(tmp_path: Path) -> None:
    with pytest.raises(AnalysisError, match="holds no experiment"):
        analyze(tmp_path / "nothing")


def test_sobol_with_a_failed_run_names_the_runs_and_skips_the_indices(tmp_path: Path) -> None:
    out = write_folder(tmp_path, "sobol", sampled_points("sobol", 16),
                       design={"samples": 16}, outcomes={"participation": linear},
                       status={3: "failed", 10: "not run"})
    report = analyze(out).read_text(encoding="utf-8")
    assert "Indices not computed" in report
    assert "point 3, replication 0 (run `run0003`): failed: RuntimeError: boom" in report
    assert "point 10, replication 0 (run `run0010`): not run" in report
    assert "python run.py batch experiments/synthetic.yaml" in report and "--resume" in report
    assert "62 ok, 1 failed, 1 not run" in report
    assert not (tmp_path / "analysis" / "sobol.csv").exists()
    assert not (tmp_path / "analysis" / "sobol.png").exists()
    assert_png(tmp_path / "analysis" / "dist_participation.png")


def test_an_outcome_that_never_changes_is_skipped_with_a_reason(tmp_path: Path) -> None:
    out = write_folder(tmp_path, "sobol", sampled_points("sobol", 16),
                       design={"samples": 16},
                       outcomes={"participation": linear,
                                 "mean_trust": lambda params, replication, rng: 0.5})
    report = analyze(out).read_text(encoding="utf-8")
    assert "mean_trust: not computed, the same value at every design point" in report
    assert set(pd.read_csv(tmp_path / "analysis" / "sobol.csv")["outcome"]) == \
        {"participation"}
    assert "With a base sample of 16 these indices are rough" in report


def test_sobol_confidence_intervals_repeat_even_with_seed_0(tmp_path: Path) -> None:
    out = write_folder(tmp_path, "sobol", sampled_points("sobol", 16), seed=0,
                       design={"samples": 16}, outcomes={"participation": linear})
    analyze(out)
    first = (tmp_path / "analysis" / "sobol.csv").read_text()
    analyze(out)
    assert (tmp_path / "analysis" / "sobol.csv").read_text() == first


def test_a_new_analysis_removes_the_old_figures(tmp_path: Path) -> None:
    grid_folder(tmp_path)
    analyze(tmp_path, ["participation", "unmet_share"])
    assert (tmp_path / "analysis" / "dist_unmet_share.png").exists()
    analyze(tmp_path, ["participation"])
    assert not (tmp_path / "analysis" / "dist_unmet_share.png").exists()
    assert (tmp_path / "analysis" / "dist_participation.png").exists()


def test_a_real_experiment_end_to_end(tmp_path: Path) -> None:
    from experiments.runner import run_experiment

    experiment = tmp_path / "tiny.yaml"
    experiment.write_text(
        "name: tiny\n"
        f"scenario: {ROOT / 'scenarios' / 'baseline_2015.yaml'}\n"
        "seed: 1\nreplications: 1\nhorizon_years: 1\nresidents: 1500\n"
        "parameters:\n  levers.room_to_act: [0.2, 0.8]\n", encoding="utf-8")
    out = tmp_path / "out"
    run_experiment(experiment, out, workers=1, progress=False)
    report = analyze(out).read_text(encoding="utf-8")
    assert "# Analysis of experiment tiny" in report
    assert "2 ok, 0 failed, 0 not run" in report
    table = pd.read_csv(out / "analysis" / "settings.csv")
    assert table["levers.room_to_act"].tolist() == [0.2, 0.8]
    summary = pd.read_parquet(out / "summary.parquet")
    assert table["participation_mean"].tolist() == pytest.approx(
        summary["participation"].tolist())
    for outcome in KEY_OUTCOMES:
        assert_png(out / "analysis" / f"dist_{outcome}.png")
