"""Analyse an experiment folder: sensitivity indices (Sobol, Morris) and the outcomes per
parameter setting, written as tables, figures and a Markdown report into `DIR/analysis/`.

    DIR/analysis/report.md                 what was run, the tables, the figures
    DIR/analysis/sobol.csv                 sobol designs: S1 and ST per outcome and parameter
    DIR/analysis/sobol_second_order.csv    ... and S2, when the design asks for it
    DIR/analysis/morris.csv                morris designs: mu, mu*, sigma
    DIR/analysis/settings.csv              grid designs: mean, sd, n per design point
    DIR/analysis/dist_<outcome>.png        each outcome against each varied parameter

An outcome is a run's final simulated year (the summary's columns). The indices need every
run of the design: SALib reads the points as a fixed structure, so one missing point breaks
it. With runs missing the report names them and how to finish them, and the rest of the
analysis uses the runs that did finish.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from experiments.analysis_batch import KEY_OUTCOMES, AnalysisError, Batch, choose_outcomes, load
from experiments.analysis_plots import plot_distribution, plot_morris, plot_sobol
from experiments.analysis_report import (
    findings,
    header_lines,
    incomplete_lines,
    index_text,
    markdown_table,
    morris_sentence,
    plural,
    sobol_sentence,
)
from experiments.store import MANIFEST

ANALYSIS = "analysis"
REPORT = "report.md"
MAX_TABLE_ROWS = 40  # rows of the settings table shown in the report (the CSV has all)
WIDE_CONF = 0.1  # a Sobol ST confidence interval wider than this gets a note in the report
# Below these the report warns that the indices are rough (the samplers' usual sizes).
FEW_SOBOL_SAMPLES = 256
FEW_MORRIS_TRAJECTORIES = 10
# Everything `analyze` writes, removed first so the folder always matches its report.
OWN_FILES = ("report.md", "sobol.csv", "sobol_second_order.csv", "sobol.png", "morris.csv",
             "morris.png", "settings.csv", "dist_*.png")


# --------------------------------------------------------------------------------------------
# Tables


def point_means(summary: pd.DataFrame, outcomes: list[str]) -> pd.DataFrame:
    """Each outcome's mean over replications, one row per design point, in point order:
    what the samplers' structure refers to."""
    return summary.groupby("point", sort=True)[outcomes].mean()


def design_matrix(summary: pd.DataFrame, parameters: list[str]) -> np.ndarray:
    """The design points as SALib's X: one row per point, parameters in manifest order."""
    first = summary.groupby("point", sort=True)[parameters].first()
    return first.to_numpy(dtype=float)


def _not_analysable(y: np.ndarray) -> str | None:
    """Why SALib cannot give indices for these outputs, or None."""
    missing = int(np.isnan(y).sum())
    if missing:
        return f"no value at {missing} design point{'s' if missing > 1 else ''}"
    if np.ptp(y) == 0:
        return "the same value at every design point, so no parameter moves it"
    return None


def _expected_points(batch: Batch) -> int:
    d, n = len(batch.parameters), batch.design["samples"]
    if batch.kind == "morris":
        return n * (d + 1)
    return n * (2 * d + 2 if batch.design.get("second_order") else d + 2)


def _structure_problem(batch: Batch, means: pd.DataFrame) -> str | None:
    """Why the design points do not fit the sampler's structure, or None."""
    if "problem" not in batch.design:
        return f"{batch.out / MANIFEST} holds no SALib problem in its design"
    expected = _expected_points(batch)
    if len(means) != expected:
        return (f"the summary has {len(means)} design points, but this {batch.kind} design "
                f"has {expected}")
    return None


@contextmanager
def _quiet() -> Iterator[None]:
    """Silence numpy's warnings in SALib (a spread of one trajectory, say): what they warn of
    shows as n/a in the tables."""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        yield


def _analysable(means: pd.DataFrame, skipped: dict[str, str]) -> Iterator[tuple[str, np.ndarray]]:
    """Each outcome with its values, except those no index can be computed for: those go
    into `skipped`, with the reason."""
    for outcome in means.columns:
        y = means[outcome].to_numpy(dtype=float)
        if reason := _not_analysable(y):
            skipped[outcome] = reason
        else:
            yield outcome, y


def sobol_tables(
    problem: dict[str, Any], means: pd.DataFrame, second_order: bool, seed: int
) -> tuple[pd.DataFrame, pd.DataFrame | None, dict[str, str]]:
    """Sobol indices per outcome (long tables), and the outcomes skipped with the reason."""
    from SALib.analyze import sobol

    first, second, skipped = [], [], {}
    names = problem["names"]
    for outcome, y in _analysable(means, skipped):
        # A Generator, not the int: SALib treats seed 0 as "unseeded" (`if seed:`), and
        # default_rng(default_rng(s)) is default_rng(s), so other seeds give the same result.
        with _quiet():
            si = sobol.analyze(problem, y, calc_second_order=second_order,
                               seed=np.random.default_rng(seed))
        for i, name in enumerate(names):
            first.append({"outcome": outcome, "parameter": name, "S1": si["S1"][i],
                          "S1_conf": si["S1_conf"][i], "ST": si["ST"][i],
                          "ST_conf": si["ST_conf"][i]})
        if second_order:
            for i in range(len(names)):
                for j in range(i + 1, len(names)):
                    second.append({"outcome": outcome, "parameter_1": names[i],
                                   "parameter_2": names[j], "S2": si["S2"][i, j],
                                   "S2_conf": si["S2_conf"][i, j]})
    columns = ["outcome", "parameter", "S1", "S1_conf", "ST", "ST_conf"]
    s2_columns = ["outcome", "parameter_1", "parameter_2", "S2", "S2_conf"]
    s2 = pd.DataFrame(second, columns=s2_columns) if second_order else None
    return pd.DataFrame(first, columns=columns), s2, skipped


def morris_table(
    problem: dict[str, Any], X: np.ndarray, means: pd.DataFrame, levels: int, seed: int
) -> tuple[pd.DataFrame, dict[str, str]]:
    """Morris screening per outcome (long table), and the outcomes skipped with the reason."""
    from SALib.analyze import morris

    rows, skipped = [], {}
    for outcome, y in _analysable(means, skipped):
        with _quiet():
            si = morris.analyze(problem, X, y, num_levels=levels, seed=seed)
        for i, name in enumerate(problem["names"]):
            rows.append({"outcome": outcome, "parameter": name, "mu": si["mu"][i],
                         "mu_star": si["mu_star"][i], "mu_star_conf": si["mu_star_conf"][i],
                         "sigma": si["sigma"][i]})
    columns = ["outcome", "parameter", "mu", "mu_star", "mu_star_conf", "sigma"]
    return pd.DataFrame(rows, columns=columns), skipped


def settings_table(summary: pd.DataFrame, parameters: list[str],
                   outcomes: list[str]) -> pd.DataFrame:
    """One row per design point: its parameter values, then mean, sd and n of each outcome
    over the replications that finished."""
    values = summary[outcomes].where(summary["status"] == "ok")
    groups = values.groupby(summary["point"], sort=True)
    table = summary.groupby("point", sort=True)[parameters].first()
    stats = {"mean": groups.mean(), "sd": groups.std(), "n": groups.count()}
    for outcome in outcomes:
        for stat, frame in stats.items():
            table[f"{outcome}_{stat}"] = frame[outcome]
    return table.reset_index()


def _sobol_section(batch: Batch, means: pd.DataFrame, folder: Path) -> list[str]:
    second_order = bool(batch.design.get("second_order"))
    table, s2, skipped = sobol_tables(batch.design["problem"], means, second_order,
                                      batch.experiment.get("seed", 0))
    lines = findings("S1 is the share of an outcome's variance a parameter causes alone, ST "
                      "the share including its interactions with the others; ± is the 95% "
                      "confidence interval. Each design point's outcome is the mean of its "
                      "replications.", table, sobol_sentence, skipped)
    if table.empty:
        return lines
    if batch.design["samples"] < FEW_SOBOL_SAMPLES:
        lines += [f"With a base sample of {batch.design['samples']} these indices are rough "
                  "(they can even fall outside 0 to 1, and the intervals understate it); "
                  f"Sobol indices usually need a base sample of {FEW_SOBOL_SAMPLES} or more.",
                  ""]
    widest = table["ST_conf"].max()
    if widest > WIDE_CONF:
        lines += [f"Some confidence intervals are wide (ST up to ± {index_text(widest)}): a larger "
                  "base sample (`design.samples`) makes the indices firmer.", ""]
    table.to_csv(folder / "sobol.csv", index=False)
    figure = plot_sobol(table, folder / "sobol.png")
    lines += markdown_table(table, dict.fromkeys(("S1", "S1_conf", "ST", "ST_conf"), index_text))
    lines += ["", f"![Sobol indices]({figure.name})", ""]
    if s2 is not None:
        s2.to_csv(folder / "sobol_second_order.csv", index=False)
        lines += ["Second-order indices (the interaction of two parameters):", ""]
        lines += markdown_table(s2, {"S2": index_text, "S2_conf": index_text}) + [""]
    return lines


def _morris_section(batch: Batch, means: pd.DataFrame, folder: Path) -> list[str]:
    X = design_matrix(batch.summary, batch.parameters)
    table, skipped = morris_table(batch.design["problem"], X, means, batch.design["levels"],
                                  batch.experiment.get("seed", 0))
    lines = findings("mu* is the mean absolute change of an outcome when a parameter moves "
                      "across its whole range (elementary effects, linearly scaled up); a sigma "
                      "as large as mu* means the effect bends or depends on the other "
                      "parameters. ± is the 95% confidence interval of mu*. Each design "
                      "point's outcome is the mean of its replications.",
                      table, morris_sentence, skipped)
    if table.empty:
        return lines
    if batch.design["samples"] < FEW_MORRIS_TRAJECTORIES:
        lines += [f"With {plural(batch.design['samples'], 'trajectory', 'trajectories')} "
                  "this screening is rough; Morris screening usually takes "
                  f"{FEW_MORRIS_TRAJECTORIES} to 50.", ""]
    table.to_csv(folder / "morris.csv", index=False)
    figure = plot_morris(table, folder / "morris.png")
    lines += markdown_table(table, dict.fromkeys(("mu", "mu_star", "mu_star_conf", "sigma"),
                                                 index_text))
    return lines + ["", f"![Morris screening]({figure.name})", ""]


def _sensitivity_section(batch: Batch, outcomes: list[str], folder: Path) -> list[str]:
    """Sobol or Morris indices, or why they are missing."""
    title = {"sobol": "Sensitivity: Sobol indices", "morris": "Sensitivity: Morris screening"}
    lines = [f"## {title[batch.kind]}", ""]
    if not batch.incomplete.empty:
        return lines + incomplete_lines(batch)
    if not outcomes:
        return lines + ["No outcomes to analyse.", ""]
    means = point_means(batch.summary, outcomes)
    if problem := _structure_problem(batch, means):
        return lines + [f"Indices not computed: {problem}; the folder is inconsistent.", ""]
    section = _sobol_section if batch.kind == "sobol" else _morris_section
    return lines + section(batch, means, folder)


def _settings_lines(batch: Batch, outcomes: list[str], folder: Path) -> list[str]:
    """A grid's means per design point, as CSV (mean, sd, n) and in the report (means)."""
    table = settings_table(batch.summary, batch.parameters, outcomes)
    table.to_csv(folder / "settings.csv", index=False)
    shown = table[batch.parameters].copy()
    shown["runs ok"] = batch.ok.groupby("point").size().reindex(table["point"], fill_value=0) \
        .to_numpy()
    for outcome in outcomes:
        shown[outcome] = table[f"{outcome}_mean"]
    lines = ["Mean of each outcome per setting, over its finished replications (sd and n in "
             "`settings.csv`):", ""]
    lines += markdown_table(shown.head(MAX_TABLE_ROWS))
    if len(shown) > MAX_TABLE_ROWS:
        lines.append(f"\n({MAX_TABLE_ROWS} of {len(shown)} settings shown; all in "
                     "`settings.csv`.)")
    return lines + [""]


def _distribution_section(batch: Batch, outcomes: list[str], folder: Path) -> list[str]:
    """Every outcome against every parameter, over the runs that finished."""
    lines = ["## Outcomes per parameter setting", ""]
    if batch.ok.empty:
        return lines + [_nothing_finished(batch), ""]
    if not outcomes:
        return lines + ["No outcomes to show.", ""]
    if batch.kind == "grid":
        lines += _settings_lines(batch, outcomes, folder)
    lines += [f"Each finished run's outcome ({len(batch.ok)} runs) against each parameter; "
              "box plots for a grid's settings, scatter plots for sampled values.", ""]
    for outcome in outcomes:
        figure = plot_distribution(batch.ok, batch.parameters, outcome, batch.kind,
                                   folder / f"dist_{outcome}.png")
        lines += [f"![{outcome}]({figure.name})", ""]
    return lines


def _nothing_finished(batch: Batch) -> str:
    """Why there is nothing to show: every run failed, or some have not run yet."""
    counts = batch.summary["status"].value_counts()
    failed, total = int(counts.get("failed", 0)), len(batch.summary)
    if failed == total:
        errors = batch.summary["error"].dropna()
        first = f" The first error: {str(errors.iloc[0]).splitlines()[0][:200]}" \
            if len(errors) else ""
        return (f"Every one of the {total} runs failed, so there is nothing to show; their "
                f"errors are in `{batch.out / 'failed'}/`.{first}")
    return (f"No run has finished yet ({failed} of {total} failed, the others have not "
            f"run): nothing to show. `{batch.resume_command()}` runs the rest.")


def _clear(folder: Path) -> None:
    """Remove what an earlier analysis wrote, so no stale figure outlives its report."""
    for pattern in OWN_FILES:
        for path in folder.glob(pattern):
            path.unlink()


def analyze(out: Path, outcomes: list[str] | None = None) -> Path:
    """Analyse the experiment in `out` and write `out/analysis/`; returns the report's path.
    `outcomes` defaults to the key outcomes in the summary. Raises AnalysisError (a message
    to print, no traceback) when the folder or an outcome name is wrong."""
    batch = load(Path(out))
    chosen = choose_outcomes(batch, outcomes)
    folder = batch.out / ANALYSIS
    folder.mkdir(exist_ok=True)
    _clear(folder)
    lines = header_lines(batch, chosen)
    if batch.kind in ("sobol", "morris"):
        lines += _sensitivity_section(batch, chosen, folder)
    lines += _distribution_section(batch, chosen, folder)
    report = folder / REPORT
    report.write_text("\n".join(lines).rstrip() + "\n", encoding="utf-8")
    return report


__all__ = ["KEY_OUTCOMES", "AnalysisError", "Batch", "analyze", "choose_outcomes", "load"]
