"""What a batch run keeps: the rows an experiment's `outputs` ask for, and its outcomes.

One table per run, model and neighbourhood rows together, told apart by `level`
(`neighbourhood` and `municipality` are empty on model rows). `every: year` rows are the
yearly figures national statistics publish (`years` table) plus the yearly mean of every
weekly figure they do not already hold; `final` is the last of those rows. A run's outcomes
(the summary's columns) are its final model row, whatever the outputs keep.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from experiments.experiment import KEYS, Outputs
from model import WEEKS_PER_YEAR, tables

if TYPE_CHECKING:
    from model import ParticipationModel


def _with_year(weekly: pd.DataFrame) -> pd.DataFrame:
    """Weekly rows after week 0 (the starting state), each labelled with its 0-based year."""
    weekly = weekly[weekly["week"] > 0].copy()
    weekly["year"] = (weekly["week"] - 1) // WEEKS_PER_YEAR
    return weekly


def _yearly_means(weekly: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    numeric = [c for c in weekly.columns if c not in (*KEYS, *by)
               and pd.api.types.is_numeric_dtype(weekly[c])]
    return weekly.groupby(by, sort=True)[numeric].mean().reset_index()


def model_years(data: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per completed year: the yearly figures, then yearly means of the rest."""
    years = data["years"]
    means = _yearly_means(_with_year(data["model"]), ["year"])
    extra = [c for c in means.columns if c not in years.columns]
    joined = years.merge(means[["year", *extra]], on="year", how="left")
    return joined.drop(columns="week", errors="ignore")


def neighbourhood_years(data: dict[str, pd.DataFrame]) -> pd.DataFrame:
    weekly = _with_year(data["neighbourhoods"])
    completed = set(data["years"]["year"])
    means = _yearly_means(weekly, ["year", "neighbourhood", "municipality"])
    return means[means["year"].isin(completed)].reset_index(drop=True)


def run_table(model: ParticipationModel, outputs: Outputs) -> pd.DataFrame:
    """The rows this run keeps, as one frame with a `level` column."""
    data = tables(model)
    parts = []
    for level in outputs.levels:
        if outputs.every == "week":
            frame = data["model"] if level == "model" else _with_year(data["neighbourhoods"])
            if level == "neighbourhoods":
                frame = pd.concat([_week_zero(data["neighbourhoods"]), frame])
        else:
            frame = model_years(data) if level == "model" else neighbourhood_years(data)
            if outputs.every == "final":
                frame = frame[frame["year"] == frame["year"].max()]
        frame = frame.copy()
        frame.insert(0, "level", "model" if level == "model" else "neighbourhood")
        parts.append(frame)
    table = pd.concat(parts, ignore_index=True)
    for key in ("neighbourhood", "municipality"):
        if key not in table.columns:
            table[key] = None
    table[["neighbourhood", "municipality"]] = table[
        ["neighbourhood", "municipality"]].astype("string")
    keys = [k for k in KEYS if k in table.columns]
    metrics = [c for c in table.columns if c not in keys]
    if outputs.metrics is not None:
        metrics = [c for c in metrics if c in outputs.metrics]
    return table[keys + metrics].reset_index(drop=True)


def _week_zero(neighbourhoods: pd.DataFrame) -> pd.DataFrame:
    start = neighbourhoods[neighbourhoods["week"] == 0].copy()
    start["year"] = 0
    return start


def outcomes(model: ParticipationModel) -> dict[str, float]:
    """The run's outcomes: its final-year model row (yearly figures and yearly means)."""
    row = model_years(tables(model)).iloc[-1]
    return {k: float(v) for k, v in row.items() if k != "year"}
