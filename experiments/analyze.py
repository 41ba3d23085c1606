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

import json
import math
import warnings
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from experiments.store import MANIFEST, SUMMARY, resume_command

KEY_OUTCOMES = ("participation", "unmet_share", "waiting_list_share", "overburdened_share",
                "mean_trust", "cost_per_inhabitant", "budget_balance", "unmet_gap_ses")
ANALYSIS = "analysis"
REPORT = "report.md"
RUN_COLUMNS = ("run_id", "point", "replication", "seed", "status", "error")
MAX_CATEGORIES = 12  # a grid parameter with more values is drawn as a scatter
MAX_TABLE_ROWS = 40  # rows of the settings table shown in the report (the CSV has all)
MAX_LISTED_RUNS = 20  # missing runs named in the report
DPI = 100
WIDE_CONF = 0.1  # a Sobol ST confidence interval wider than this gets a note in the report
# Below these the report warns that the indices are rough (the samplers' usual sizes).
FEW_SOBOL_SAMPLES = 256
FEW_MORRIS_TRAJECTORIES = 10
# Everything `analyze` writes, removed first so the folder always matches its report.
OWN_FILES = ("report.md", "sobol.csv", "sobol_second_order.csv", "sobol.png", "morris.csv",
             "morris.png", "settings.csv", "dist_*.png")


class AnalysisError(ValueError):
    """Why a folder cannot be analysed; the message says what to do (the CLI prints it)."""


@dataclass
class Batch:
    """An experiment folder as the analysis reads it."""

    out: Path
    manifest: dict[str, Any]
    summary: pd.DataFrame

    @property
    def experiment(self) -> dict[str, Any]:
        return self.manifest["experiment"]

    @property
    def design(self) -> dict[str, Any]:
        return self.manifest["design"]

    @property
    def kind(self) -> str:
        return self.design["kind"]

    @property
    def parameters(self) -> list[str]:
        return list(self.manifest["parameters"])

    @property
    def ok(self) -> pd.DataFrame:
        """The runs that finished."""
        return self.summary[self.summary["status"] == "ok"]

    @property
    def incomplete(self) -> pd.DataFrame:
        """The runs that failed or have not run."""
        return self.summary[self.summary["status"] != "ok"]

    def outcome_columns(self) -> list[str]:
        """Every outcome the summary holds (none when no run has finished)."""
        skip = {*RUN_COLUMNS, *self.parameters}
        return [c for c in self.summary.columns
                if c not in skip and pd.api.types.is_numeric_dtype(self.summary[c])]

    def resume_command(self) -> str:
        """The command that completes this experiment (same file, same overrides)."""
        return resume_command(self.manifest, self.out)


# --------------------------------------------------------------------------------------------
# Reading


def load(out: Path) -> Batch:
    """The folder's manifest and summary; AnalysisError (no traceback) when either is absent
    or unreadable."""
    manifest_path, summary_path = out / MANIFEST, out / SUMMARY
    if not manifest_path.is_file():
        raise AnalysisError(f"{manifest_path} not found: {out} holds no experiment; run "
                            f"`python run.py batch EXPERIMENT --out {out}` first")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise AnalysisError(f"{manifest_path}: cannot read it: {exc}") from None
    if not summary_path.is_file():
        raise AnalysisError(f"{summary_path} not found: run `python run.py batch "
                            f"{manifest.get('experiment_file', 'EXPERIMENT')} --out {out} "
                            "--resume` first; it writes the summary")
    try:
        summary = pd.read_parquet(summary_path)
    except Exception as exc:  # noqa: BLE001 - pyarrow raises many kinds; all mean the same
        raise AnalysisError(f"{summary_path}: cannot read it ({exc}); run `python run.py "
                            "batch ... --resume` to write it again") from None
    return Batch(out, manifest, summary)


def choose_outcomes(batch: Batch, requested: list[str] | None) -> list[str]:
    """The outcomes to analyse: the requested ones, checked, or the key outcomes present."""
    allowed = batch.outcome_columns()
    if requested is None:
        return [o for o in KEY_OUTCOMES if o in allowed]
    unknown = [o for o in requested if o not in allowed]
    if unknown:
        listed = ", ".join(allowed) if allowed else \
            "none yet, as no run has finished; complete the runs first"
        raise AnalysisError(f"unknown outcome {', '.join(repr(o) for o in unknown)}; "
                            f"allowed: {listed}")
    return list(dict.fromkeys(requested))


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


# --------------------------------------------------------------------------------------------
# Figures (Figure objects, not pyplot: no global backend or figure registry to clean up)


def _grid(count: int, width: float, height: float, columns: int = 3) -> tuple[Figure, list]:
    ncols = min(count, columns)
    nrows = math.ceil(count / ncols)
    fig = Figure(figsize=(width * ncols, height * nrows), dpi=DPI, layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel().tolist()
    for ax in axes[count:]:
        ax.set_visible(False)
    return fig, axes[:count]


def plot_sobol(table: pd.DataFrame, path: Path) -> Path:
    """S1 and ST per parameter with their confidence intervals, one panel per outcome."""
    outcomes = list(dict.fromkeys(table["outcome"]))
    n_params = table["parameter"].nunique()
    fig, axes = _grid(len(outcomes), 4.5, 1.2 + 0.45 * n_params, columns=2)
    for ax, outcome in zip(axes, outcomes, strict=True):
        rows = table[table["outcome"] == outcome]
        y = np.arange(len(rows))
        ax.barh(y - 0.2, rows["S1"], 0.4, xerr=rows["S1_conf"], label="S1", capsize=2)
        ax.barh(y + 0.2, rows["ST"], 0.4, xerr=rows["ST_conf"], label="ST", capsize=2)
        ax.set_yticks(y, rows["parameter"], fontsize=8)
        ax.invert_yaxis()
        ax.axvline(0, color="grey", linewidth=0.5)
        ax.set_title(outcome, fontsize=10)
    axes[0].legend(fontsize=8)
    fig.savefig(path, dpi=DPI)
    return path


def _upper(values: pd.Series, factor: float) -> float:
    """An axis limit above the largest value; 1 when there is none."""
    top = values.max()
    return factor * top if np.isfinite(top) and top > 0 else 1.0


def plot_morris(table: pd.DataFrame, path: Path) -> Path:
    """mu* against sigma, one panel per outcome: far right matters, high up is nonlinear or
    interacting."""
    outcomes = list(dict.fromkeys(table["outcome"]))
    fig, axes = _grid(len(outcomes), 4.0, 3.2)
    for ax, outcome in zip(axes, outcomes, strict=True):
        rows = table[table["outcome"] == outcome]
        ax.errorbar(rows["mu_star"], rows["sigma"], xerr=rows["mu_star_conf"], fmt="o",
                    markersize=4, capsize=2)
        for _, row in rows.iterrows():
            ax.annotate(row["parameter"], (row["mu_star"], row["sigma"]), fontsize=7,
                        xytext=(3, 3), textcoords="offset points")
        ax.set_xlabel("mu*", fontsize=8)
        ax.set_ylabel("sigma", fontsize=8)
        # room on the right and at the top for the labels
        ax.set_xlim(0, _upper(rows["mu_star"] + rows["mu_star_conf"].fillna(0), 1.4))
        ax.set_ylim(0, _upper(rows["sigma"], 1.2))
        ax.set_title(outcome, fontsize=10)
    fig.savefig(path, dpi=DPI)
    return path


def _hashable(series: pd.Series) -> pd.Series:
    """List-valued settings become their text, so they can be grouped."""
    return series.map(lambda v: v if isinstance(v, Hashable) else str(list(v)))


def _is_categorical(kind: str, values: pd.Series) -> bool:
    """Box plots for text, and for a grid's few settings; scatter for sampled numbers."""
    if not pd.api.types.is_numeric_dtype(values):
        return True
    return kind == "grid" and values.nunique(dropna=False) <= MAX_CATEGORIES


def _sorted(values: list[Any]) -> list[Any]:
    try:
        return sorted(values)
    except TypeError:
        return sorted(values, key=str)


def _boxes(ax: Any, x: pd.Series, y: pd.Series) -> None:
    levels = _sorted(list(x.unique()))
    groups = [y[x == level].to_numpy() for level in levels]
    ax.boxplot(groups, tick_labels=[_cell(v) for v in levels], widths=0.5, showfliers=False)
    jitter = np.random.default_rng(0)
    for i, values in enumerate(groups, start=1):
        ax.plot(i + jitter.uniform(-0.12, 0.12, len(values)), values, ".", alpha=0.4,
                markersize=4, color="C0")
    ax.tick_params(axis="x", labelsize=7, labelrotation=30 if len(levels) > 5 else 0)


def plot_distribution(ok: pd.DataFrame, parameters: list[str], outcome: str, kind: str,
                      path: Path) -> Path:
    """The outcome of every finished run against each varied parameter, one panel each."""
    data = ok[[*parameters, outcome]].dropna(subset=[outcome])
    fig, axes = _grid(len(parameters), 3.6, 2.8)
    for ax, parameter in zip(axes, parameters, strict=True):
        x = _hashable(data[parameter])
        if _is_categorical(kind, x):
            _boxes(ax, x, data[outcome])
        else:
            ax.scatter(x, data[outcome], s=8, alpha=0.5)
        ax.set_title(parameter, fontsize=9)
        ax.set_ylabel(outcome, fontsize=8)
        ax.tick_params(labelsize=7)
    fig.suptitle(f"{outcome} (final year)", fontsize=10)
    fig.savefig(path, dpi=DPI)
    return path


# --------------------------------------------------------------------------------------------
# The report


def _cell(value: Any) -> str:
    """A table cell: numbers short, text as is."""
    if isinstance(value, bool | np.bool_):
        return str(bool(value)).lower()
    if isinstance(value, int | np.integer):
        return str(value)
    if isinstance(value, float | np.floating):
        if math.isnan(value):
            return "n/a"
        return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.4g}"
    return str(value).replace("|", "\\|")


def _index(value: float) -> str:
    return "n/a" if math.isnan(value) else f"{value:.3f}"


def markdown_table(frame: pd.DataFrame, formats: dict[str, Any] | None = None) -> list[str]:
    """A Markdown table; `formats` maps a column to its cell function (default `_cell`)."""
    formats = formats or {}
    header = [str(c) for c in frame.columns]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in frame.itertuples(index=False):
        cells = [formats.get(c, _cell)(v) for c, v in zip(frame.columns, row, strict=True)]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def _variation(spec: dict[str, Any]) -> str:
    """How the experiment file varies a parameter, in words."""
    if "values" in spec:
        return ", ".join(_cell(v) for v in spec["values"])
    if "distribution" in spec:
        kind = spec["distribution"]
        bounds = f" {_cell(spec['low'])} to {_cell(spec['high'])}" \
            if spec.get("low") is not None else ""
        if kind == "triangular":
            return f"triangular{bounds}, peak {_cell(spec['peak'])}"
        if kind == "normal":
            cut = f", truncated to{bounds}" if bounds else ""
            return f"normal, mean {_cell(spec['mean'])}, sd {_cell(spec['sd'])}{cut}"
        return f"uniform{bounds}"
    steps = f" in {spec['steps']} steps" if spec.get("steps") else " (uniform)"
    return f"{_cell(spec['low'])} to {_cell(spec['high'])}{steps}"


def _plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n} {word if n == 1 else words or word + 's'}"


def _design_line(batch: Batch) -> str:
    design, n_points = batch.design, int(batch.summary["point"].nunique())
    reps = batch.experiment.get("replications", 1)
    size = f"{n_points} design points × {_plural(reps, 'replication')} " \
        f"= {len(batch.summary)} runs"
    if batch.kind == "grid":
        return f"grid, every combination of the settings: {size}"
    if batch.kind == "sobol":
        order = ", with second-order indices" if design.get("second_order") else ""
        return f"Sobol (Saltelli sampling), base sample {design['samples']}{order}: {size}"
    if batch.kind == "morris":
        trajectories = _plural(design["samples"], "trajectory", "trajectories")
        return f"Morris, {trajectories} on {design['levels']} levels: {size}"
    return f"Latin hypercube: {size}"


def _header(batch: Batch, outcomes: list[str]) -> list[str]:
    description = batch.experiment.get("description") or {}
    text = (description.get("en") or description.get("nl") or "").strip()
    counts = batch.summary["status"].value_counts()
    lines = [f"# Analysis of experiment {batch.experiment['name']}", ""]
    if text:
        lines += [text, ""]
    lines += [f"- Design: {_design_line(batch)}",
              f"- Runs: {counts.get('ok', 0)} ok, {counts.get('failed', 0)} failed, "
              f"{counts.get('not run', 0)} not run",
              f"- Outcomes: {', '.join(outcomes) or 'none'} (each run's final simulated year)",
              "- Parameters:"]
    for path in batch.parameters:
        lines.append(f"  - `{path}`: {_variation(batch.experiment['parameters'][path])}")
    return lines + [""]


def _incomplete_lines(batch: Batch) -> list[str]:
    """Which runs the indices lack, and how to run them."""
    missing = batch.incomplete
    lines = [f"Indices not computed: they need every run of the design, and {len(missing)} "
             f"of {len(batch.summary)} runs are missing or failed:", ""]
    for row in missing.head(MAX_LISTED_RUNS).itertuples(index=False):
        why = f": {row.error.splitlines()[0]}" if isinstance(row.error, str) and row.error \
            else ""
        lines.append(f"- point {row.point}, replication {row.replication} "
                     f"(run `{row.run_id}`): {row.status}{why}")
    if len(missing) > MAX_LISTED_RUNS:
        lines.append(f"- ... and {len(missing) - MAX_LISTED_RUNS} more")
    return lines + ["", f"`{batch.resume_command()}` completes them (with the same options "
                    "as the first time); then analyse again.", ""]


def _skipped_lines(skipped: dict[str, str]) -> list[str]:
    return [f"- {outcome}: not computed, {reason}." for outcome, reason in skipped.items()]


def _leader(rows: pd.DataFrame, key: str) -> tuple[pd.Series, pd.Series | None]:
    """The parameter ranked first by `key`, and the one after it (None if alone)."""
    ranked = rows.sort_values(key, ascending=False, na_position="last")
    return ranked.iloc[0], (ranked.iloc[1] if len(ranked) > 1 else None)


def sobol_sentence(rows: pd.DataFrame) -> str:
    """The outcome's most influential parameter by ST, and whether its lead is clear."""
    top, second = _leader(rows, "ST")
    text = (f"**{top['outcome']}**: most influential is `{top['parameter']}` "
            f"(ST {_index(top['ST'])} ± {_index(top['ST_conf'])}, S1 {_index(top['S1'])})")
    if second is not None and top["ST"] - top["ST_conf"] <= second["ST"] + second["ST_conf"]:
        text += (f"; its lead over `{second['parameter']}` (ST {_index(second['ST'])}) is "
                 "within the confidence intervals")
    return text + "."


def morris_sentence(rows: pd.DataFrame) -> str:
    """The outcome's most influential parameter by mu*."""
    top, second = _leader(rows, "mu_star")
    text = (f"**{top['outcome']}**: most influential is `{top['parameter']}` "
            f"(mu* {_index(top['mu_star'])} ± {_index(top['mu_star_conf'])}, "
            f"sigma {_index(top['sigma'])})")
    if second is not None and \
            top["mu_star"] - top["mu_star_conf"] <= second["mu_star"] + second["mu_star_conf"]:
        text += (f"; its lead over `{second['parameter']}` (mu* {_index(second['mu_star'])}) "
                 "is within the confidence intervals")
    return text + "."


def _findings(intro: str, table: pd.DataFrame, sentence: Callable[[pd.DataFrame], str],
              skipped: dict[str, str]) -> list[str]:
    """A method's section opening: what its indices mean, a sentence per outcome, and the
    outcomes it had to leave out."""
    lines = [intro, ""]
    lines += [f"- {sentence(rows)}" for _, rows in table.groupby("outcome", sort=False)]
    return lines + _skipped_lines(skipped) + [""]


def _sobol_section(batch: Batch, means: pd.DataFrame, folder: Path) -> list[str]:
    second_order = bool(batch.design.get("second_order"))
    table, s2, skipped = sobol_tables(batch.design["problem"], means, second_order,
                                      batch.experiment.get("seed", 0))
    lines = _findings("S1 is the share of an outcome's variance a parameter causes alone, ST "
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
        lines += [f"Some confidence intervals are wide (ST up to ± {_index(widest)}): a larger "
                  "base sample (`design.samples`) makes the indices firmer.", ""]
    table.to_csv(folder / "sobol.csv", index=False)
    figure = plot_sobol(table, folder / "sobol.png")
    lines += markdown_table(table, dict.fromkeys(("S1", "S1_conf", "ST", "ST_conf"), _index))
    lines += ["", f"![Sobol indices]({figure.name})", ""]
    if s2 is not None:
        s2.to_csv(folder / "sobol_second_order.csv", index=False)
        lines += ["Second-order indices (the interaction of two parameters):", ""]
        lines += markdown_table(s2, {"S2": _index, "S2_conf": _index}) + [""]
    return lines


def _morris_section(batch: Batch, means: pd.DataFrame, folder: Path) -> list[str]:
    X = design_matrix(batch.summary, batch.parameters)
    table, skipped = morris_table(batch.design["problem"], X, means, batch.design["levels"],
                                  batch.experiment.get("seed", 0))
    lines = _findings("mu* is the mean absolute change of an outcome when a parameter moves "
                      "across its whole range (elementary effects, linearly scaled up); a sigma "
                      "as large as mu* means the effect bends or depends on the other "
                      "parameters. ± is the 95% confidence interval of mu*. Each design "
                      "point's outcome is the mean of its replications.",
                      table, morris_sentence, skipped)
    if table.empty:
        return lines
    if batch.design["samples"] < FEW_MORRIS_TRAJECTORIES:
        lines += [f"With {_plural(batch.design['samples'], 'trajectory', 'trajectories')} "
                  "this screening is rough; Morris screening usually takes "
                  f"{FEW_MORRIS_TRAJECTORIES} to 50.", ""]
    table.to_csv(folder / "morris.csv", index=False)
    figure = plot_morris(table, folder / "morris.png")
    lines += markdown_table(table, dict.fromkeys(("mu", "mu_star", "mu_star_conf", "sigma"),
                                                 _index))
    return lines + ["", f"![Morris screening]({figure.name})", ""]


def _sensitivity_section(batch: Batch, outcomes: list[str], folder: Path) -> list[str]:
    """Sobol or Morris indices, or why they are missing."""
    title = {"sobol": "Sensitivity: Sobol indices", "morris": "Sensitivity: Morris screening"}
    lines = [f"## {title[batch.kind]}", ""]
    if not batch.incomplete.empty:
        return lines + _incomplete_lines(batch)
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
    if batch.ok.empty or not outcomes:
        return lines + ["No run has finished yet: nothing to show.", ""]
    if batch.kind == "grid":
        lines += _settings_lines(batch, outcomes, folder)
    lines += [f"Each finished run's outcome ({len(batch.ok)} runs) against each parameter; "
              "box plots for a grid's settings, scatter plots for sampled values.", ""]
    for outcome in outcomes:
        figure = plot_distribution(batch.ok, batch.parameters, outcome, batch.kind,
                                   folder / f"dist_{outcome}.png")
        lines += [f"![{outcome}]({figure.name})", ""]
    return lines


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
    lines = _header(batch, chosen)
    if batch.kind in ("sobol", "morris"):
        lines += _sensitivity_section(batch, chosen, folder)
    lines += _distribution_section(batch, chosen, folder)
    report = folder / REPORT
    report.write_text("\n".join(lines).rstrip() + "\n", encoding="utf-8")
    return report
