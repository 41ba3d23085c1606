"""Calibration targets for the 2015 baseline and the runs that measure the model against them.

The targets are the yearly figures Dutch statistics publish (docs/model.md#targets). The
model reports the same figures at the end of each simulated year (`metrics.collect_year`);
they are averaged per seed, and the mean over seeds must lie within each target's band. The
spin-up (docs/model.md#start) starts every run in its steady state, so no year of the run is
left out, and `compare_every_year` checks each year of a ten-year run as well.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from model import WEEKS_PER_YEAR, ParticipationModel, replications, run_many

BASELINE = Path(__file__).resolve().parents[1] / "scenarios" / "baseline_2015.yaml"
BURN_IN_YEARS = 0  # the model's spin-up starts every run in its steady state
MEASURED_YEARS = 3
CALIBRATION_SEEDS = tuple(range(10))


@dataclass(frozen=True)
class Target:
    """A published figure: the model's yearly output `column` must average within [low, high]."""

    column: str
    label: str
    low: float
    high: float
    published: str
    source: str


TARGETS: tuple[Target, ...] = (
    Target("volunteer_year_share", "volunteered at least once in the year (15+)", 0.45, 0.53,
           "about 49%", "CBS, Vrijwilligerswerk 2012-2018 and 2023"),
    Target("volunteer_monthly_share", "volunteered every month (15+)", 0.26, 0.34,
           "about 30%", "CBS, Vrijwilligerswerk 2012-2018 and 2023"),
    Target("volunteer_hours_per_week", "hours a week among volunteers", 3.5, 5.0,
           "about 4-4.5 h", "CBS, Vrijwilligerswerk 2012-2018 and 2023"),
    Target("volunteer_year_share_age_35-44", "volunteered in the year, aged 35-44", 0.50, 0.64,
           "about 57%", "CBS, Vrijwilligerswerk naar leeftijd"),
    Target("volunteer_year_share_age_75+", "volunteered in the year, aged 75+", 0.25, 0.39,
           "about 32%", "CBS, Vrijwilligerswerk naar leeftijd"),
    Target("volunteer_year_share_ses_q5", "volunteered in the year, highest SES fifth", 0.55,
           1.0, "over 60% of the highest educated", "CBS, Vrijwilligerswerk naar opleiding"),
    Target("volunteer_year_share_ses_q1", "volunteered in the year, lowest SES fifth", 0.0,
           0.40, "about 35% of the lowest educated", "CBS, Vrijwilligerswerk naar opleiding"),
    Target("informal_care_share", "gave informal care in the year, broad definition", 0.28,
           0.38, "about a third of adults", "SCP, Informele hulp 2014/2016"),
    Target("informal_care_narrow_share",
           "gave informal care, narrow (8+ h/week or longer than 3 months)", 0.12, 0.14,
           "12-14%", "CBS/RIVM, Gezondheidsenquete 2016 and 2021"),
    Target("heavily_burdened_carer_share", "carers heavily burdened", 0.08, 0.16,
           "about 1 in 10 (broad), 14-15% (narrow)", "SCP 2014/2016; CBS/RIVM 2016, 2021"),
    Target("mean_trust", "trust in the municipality (0..1)", 0.45, 0.55,
           "about 53% trust the council", "CBS, Vertrouwen in instituties 2016"),
)


def _measured_years(burn_in: int, model: ParticipationModel) -> dict[str, float]:
    """A run's yearly figures averaged over the years after the burn-in."""
    table = model.datacollector.get_table_dataframe("years")
    measured = table[table["year"] >= burn_in]
    return measured.drop(columns="year").mean().to_dict()


def measure(seeds: Iterable[int] = CALIBRATION_SEEDS,
            scenario: str | Path | dict[str, Any] = BASELINE,
            burn_in: int = BURN_IN_YEARS, years: int = MEASURED_YEARS,
            workers: int = 1) -> pd.DataFrame:
    """One row per seed with every yearly figure, averaged over the measured years after
    the burn-in; runs in `workers` processes."""
    seeds = list(seeds)
    specs = replications(scenario, seeds, (burn_in + years) * WEEKS_PER_YEAR)
    rows = []
    for seed, figures in zip(seeds, run_many(specs, partial(_measured_years, burn_in), workers),
                             strict=True):
        row = {"seed": seed}
        row.update(figures)
        rows.append(row)
    return pd.DataFrame(rows)


def compare(runs: pd.DataFrame) -> pd.DataFrame:
    """The calibration table: per target its band, the model's mean and spread over seeds."""
    rows = []
    for target in TARGETS:
        values = runs[target.column].to_numpy(dtype=float)
        mean = float(values.mean())
        rows.append({
            "target": target.label, "column": target.column, "published": target.published,
            "low": target.low, "high": target.high, "model_mean": mean,
            "model_sd": float(values.std(ddof=1)) if len(values) > 1 else 0.0,
            "model_min": float(values.min()), "model_max": float(values.max()),
            "within": bool(target.low <= mean <= target.high), "source": target.source,
        })
    return pd.DataFrame(rows)


def _every_year(model: ParticipationModel) -> pd.DataFrame:
    return model.datacollector.get_table_dataframe("years")


def measure_every_year(seeds: Iterable[int] = CALIBRATION_SEEDS, years: int = 10,
                       scenario: str | Path | dict[str, Any] = BASELINE,
                       workers: int = 1) -> pd.DataFrame:
    """Every yearly figure of every year of a `years`-year run: one row per seed and year."""
    seeds = list(seeds)
    specs = replications(scenario, seeds, years * WEEKS_PER_YEAR)
    frames = [table.assign(seed=seed) for seed, table in
              zip(seeds, run_many(specs, _every_year, workers), strict=True)]
    return pd.concat(frames, ignore_index=True)


def compare_every_year(runs: pd.DataFrame) -> pd.DataFrame:
    """Per target: the lowest and highest yearly mean over seeds across the years of the
    run, and whether every year's mean lies within the band (the stationary baseline must
    hold its calibration in every year, not only on average)."""
    means = runs.groupby("year").mean(numeric_only=True)
    rows = []
    for target in TARGETS:
        values = means[target.column].to_numpy(dtype=float)
        rows.append({"target": target.label, "column": target.column, "low": target.low,
                     "high": target.high, "lowest_year": float(values.min()),
                     "highest_year": float(values.max()), "years": len(values),
                     "every_year": bool(((values >= target.low)
                                         & (values <= target.high)).all())})
    return pd.DataFrame(rows)


def distance(table: pd.DataFrame) -> float:
    """How far the model is from the targets, for the fit: the squared distance outside each
    band narrowed by a safety margin (a fifth of its width, at most 0.02), so the fit lands
    inside rather than on an edge; measured in units of the band's width (at most 0.05)."""
    low, high = table["low"].to_numpy(), table["high"].to_numpy()
    width = high - low
    margin = np.minimum(0.2 * width, 0.02)
    scale = np.minimum(width, 0.05)
    mean = table["model_mean"].to_numpy()
    outside = np.maximum(low + margin - mean, 0.0) + np.maximum(mean - high + margin, 0.0)
    return float(((outside / scale) ** 2).sum())
