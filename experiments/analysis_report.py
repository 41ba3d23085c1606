"""The analysis report's text: its header, tables and the sentences that sum up the indices.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from experiments.analysis_batch import Batch

MAX_LISTED_RUNS = 20  # missing runs named in the report


def cell(value: Any) -> str:
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


def index_text(value: float) -> str:
    return "n/a" if math.isnan(value) else f"{value:.3f}"


def markdown_table(frame: pd.DataFrame, formats: dict[str, Any] | None = None) -> list[str]:
    """A Markdown table; `formats` maps a column to its cell function (default `cell`)."""
    formats = formats or {}
    header = [str(c) for c in frame.columns]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in frame.itertuples(index=False):
        cells = [formats.get(c, cell)(v) for c, v in zip(frame.columns, row, strict=True)]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def _variation(spec: dict[str, Any]) -> str:
    """How the experiment file varies a parameter, in words."""
    if "values" in spec:
        return ", ".join(cell(v) for v in spec["values"])
    if "distribution" in spec:
        kind = spec["distribution"]
        bounds = f" {cell(spec['low'])} to {cell(spec['high'])}" \
            if spec.get("low") is not None else ""
        if kind == "triangular":
            return f"triangular{bounds}, peak {cell(spec['peak'])}"
        if kind == "normal":
            cut = f", truncated to{bounds}" if bounds else ""
            return f"normal, mean {cell(spec['mean'])}, sd {cell(spec['sd'])}{cut}"
        return f"uniform{bounds}"
    steps = f" in {spec['steps']} steps" if spec.get("steps") else " (uniform)"
    return f"{cell(spec['low'])} to {cell(spec['high'])}{steps}"


def plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n} {word if n == 1 else words or word + 's'}"


def _design_line(batch: Batch) -> str:
    design, n_points = batch.design, int(batch.summary["point"].nunique())
    reps = batch.experiment.get("replications", 1)
    size = f"{n_points} design points × {plural(reps, 'replication')} " \
        f"= {len(batch.summary)} runs"
    if batch.kind == "grid":
        return f"grid, every combination of the settings: {size}"
    if batch.kind == "sobol":
        order = ", with second-order indices" if design.get("second_order") else ""
        return f"Sobol (Saltelli sampling), base sample {design['samples']}{order}: {size}"
    if batch.kind == "morris":
        trajectories = plural(design["samples"], "trajectory", "trajectories")
        return f"Morris, {trajectories} on {design['levels']} levels: {size}"
    return f"Latin hypercube: {size}"


def header_lines(batch: Batch, outcomes: list[str]) -> list[str]:
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


def incomplete_lines(batch: Batch) -> list[str]:
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
            f"(ST {index_text(top['ST'])} ± {index_text(top['ST_conf'])}, "
            f"S1 {index_text(top['S1'])})")
    if second is not None and top["ST"] - top["ST_conf"] <= second["ST"] + second["ST_conf"]:
        text += (f"; its lead over `{second['parameter']}` (ST {index_text(second['ST'])}) is "
                 "within the confidence intervals")
    return text + "."


def morris_sentence(rows: pd.DataFrame) -> str:
    """The outcome's most influential parameter by mu*."""
    top, second = _leader(rows, "mu_star")
    text = (f"**{top['outcome']}**: most influential is `{top['parameter']}` "
            f"(mu* {index_text(top['mu_star'])} ± {index_text(top['mu_star_conf'])}, "
            f"sigma {index_text(top['sigma'])})")
    if second is not None and \
            top["mu_star"] - top["mu_star_conf"] <= second["mu_star"] + second["mu_star_conf"]:
        text += (f"; its lead over `{second['parameter']}` (mu* {index_text(second['mu_star'])}) "
                 "is within the confidence intervals")
    return text + "."


def findings(intro: str, table: pd.DataFrame, sentence: Callable[[pd.DataFrame], str],
              skipped: dict[str, str]) -> list[str]:
    """A method's section opening: what its indices mean, a sentence per outcome, and the
    outcomes it had to leave out."""
    lines = [intro, ""]
    lines += [f"- {sentence(rows)}" for _, rows in table.groupby("outcome", sort=False)]
    return lines + _skipped_lines(skipped) + [""]

