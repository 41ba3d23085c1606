"""The analysis's figures: Sobol and Morris indices, and each outcome against each
parameter. Figure objects, not pyplot: no global backend or figure registry to clean up.
"""

from __future__ import annotations

import math
from collections.abc import Hashable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from experiments.analysis_report import cell

MAX_CATEGORIES = 12  # a grid parameter with more values is drawn as a scatter
DPI = 100


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
    ax.boxplot(groups, tick_labels=[cell(v) for v in levels], widths=0.5, showfliers=False)
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

