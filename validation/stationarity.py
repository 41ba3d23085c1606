"""A run that changes nothing stays flat (docs/validation.md#stationarity).

`baseline_2015` has no cut, constant levers and nothing scheduled. Thanks to the spin-up
(docs/model.md#start) its yearly means in the first and the last year of a ten-year run must
agree within the tolerances below, averaged over several seeds; otherwise every comparison
a user makes would mix a policy's effect with the model settling down. The same module
checks that the waiting list behaves like one: it stays clearly above zero in the
baseline, and deep cuts lengthen it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from model import WEEKS_PER_YEAR, ParticipationModel, replications, run_many
from validation.facts import ROOT, Check, Comparison, Verdict

BASELINE = ROOT / "scenarios" / "baseline_2015.yaml"
DEEP_CUTS = ROOT / "scenarios" / "deep_cuts.yaml"
SEEDS = tuple(range(1, 7))
YEARS = 10

CLAIM = ("A run that changes nothing stays flat: the unchanged 2015 baseline's first and "
         "last year agree within the tolerances.")
WAITING_CLAIM = ("The baseline keeps a waiting list clearly above zero, and deep cuts "
                 "lengthen it.")
MIN_WAITING_SHARE = 0.1  # 'clearly above zero': at least a tenth of the team's eligible cases


@dataclass(frozen=True)
class Tolerance:
    """How far the last year's mean may lie from the first year's: in the outcome's units
    (`relative` False) or as a share of the first year's value."""

    column: str
    label: str
    allowed: float
    relative: bool

    def change(self, first: float, last: float) -> float:
        return (last - first) / first if self.relative else last - first

    def describe(self, value: float) -> str:
        if self.relative:
            return f"{value:+.1%}"
        return f"{value * 100:+.2f} pp" if self.allowed < 0.1 else f"{value:+.3f}"

    @property
    def allowed_text(self) -> str:
        return (f"±{self.allowed:.0%}" if self.relative
                else f"±{self.describe(self.allowed).lstrip('+')}")


TOLERANCES: tuple[Tolerance, ...] = (
    Tolerance("participation", "participation", 0.015, False),
    Tolerance("volunteer_share", "volunteers", 0.015, False),
    Tolerance("informal_helper_share", "informal helpers", 0.015, False),
    Tolerance("unmet_share", "unmet share of requested hours", 0.02, False),
    Tolerance("mean_trust", "mean trust", 0.02, False),
    Tolerance("mean_belonging", "mean belonging", 0.02, False),
    Tolerance("people_in_need_share", "people in need", 0.10, True),
    Tolerance("initiatives", "initiatives", 0.15, True),
    Tolerance("waiting_list", "waiting list", 0.25, True),
    Tolerance("crisis_share", "crisis care, share of the budget", 0.25, True),
)
WEEKLY = tuple(t.column for t in TOLERANCES if t.column != "crisis_share") + (
    "burned_out_share", "waiting_list_share", "waiting_weeks_mean", "access_threshold")


def yearly(model: ParticipationModel) -> pd.DataFrame:
    """A run's yearly means of the weekly outcomes, and crisis care's share of the budget
    (one row per year)."""
    weeks = model.datacollector.get_model_vars_dataframe()
    weeks = weeks[weeks["week"] > 0]
    by_year = weeks.groupby("year")
    table = by_year[list(WEEKLY)].mean()
    table["crisis_share"] = by_year["spending_crisis"].sum() / by_year["budget_week"].sum()
    years = model.datacollector.get_table_dataframe("years").set_index("year")
    table["carer_burnout_share"] = years["carer_burnout_share"].to_numpy()
    table.index = table.index.astype(int)
    return table


def yearly_means(scenario: str | Path | dict[str, Any] = BASELINE,
                 seeds: Sequence[int] = SEEDS, years: int = YEARS,
                 workers: int = 1) -> pd.DataFrame:
    """Per seed and year, the yearly means (`yearly`): one row per seed and year."""
    specs = replications(scenario, seeds, years * WEEKS_PER_YEAR)
    frames = []
    for seed, table in zip(seeds, run_many(specs, yearly, workers), strict=True):
        frames.append(table.assign(seed=seed).reset_index())
    return pd.concat(frames, ignore_index=True)


def check_stationarity(frame: pd.DataFrame) -> Verdict:
    """First against last year, each averaged over the seeds, within every tolerance."""
    means = frame.groupby("year").mean(numeric_only=True)
    first, last = means.iloc[0], means.iloc[-1]
    checks = []
    for tolerance in TOLERANCES:
        change = tolerance.change(float(first[tolerance.column]), float(last[tolerance.column]))
        checks.append(Check(f"{tolerance.label}: year 1 to year {len(means)}",
                            tolerance.describe(change), f"within {tolerance.allowed_text}",
                            bool(abs(change) <= tolerance.allowed)))
    return Verdict("stationarity", CLAIM, checks=tuple(checks))


def waiting_lists(seeds: Sequence[int] = SEEDS, years: int = YEARS,
                  workers: int = 1) -> pd.DataFrame:
    """The last year's waiting list of the baseline and of deep cuts, per seed."""
    rows = []
    for name, scenario in (("baseline_2015", BASELINE), ("deep_cuts", DEEP_CUTS)):
        frame = yearly_means(scenario, seeds, years, workers)
        last = frame[frame["year"] == frame["year"].max()]
        rows += [{"scenario": name, "seed": int(row.seed), "waiting_list": row.waiting_list,
                  "waiting_list_share": row.waiting_list_share,
                  "waiting_weeks_mean": row.waiting_weeks_mean}
                 for row in last.itertuples()]
    return pd.DataFrame(rows)


def check_waiting_lists(frame: pd.DataFrame) -> Verdict:
    base = frame[frame["scenario"] == "baseline_2015"].set_index("seed")
    cuts = frame[frame["scenario"] == "deep_cuts"].set_index("seed")
    share = float(base["waiting_list_share"].mean())
    difference = (cuts["waiting_list"] - base["waiting_list"]).to_numpy(dtype=float)
    return Verdict("waiting_list", WAITING_CLAIM, checks=(
        Check("baseline, last year: waiting share of the team's eligible cases",
              f"{share:.0%}", f"at least {MIN_WAITING_SHARE:.0%}",
              bool(share >= MIN_WAITING_SHARE)),
    ), comparisons=(
        Comparison("deep cuts minus baseline, waiting list in the last year (residents)",
                   tuple(float(x) for x in difference), +1),
    )) if len(difference) else Verdict("waiting_list", WAITING_CLAIM)


__all__ = ["TOLERANCES", "check_stationarity", "check_waiting_lists", "waiting_lists",
           "yearly", "yearly_means"]
