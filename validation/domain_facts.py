"""Stylized fact: each task at its own scale (docs/scenarios.md#domains).

Youth care organised regionally against locally, with care local and work & income
intermunicipal in both (`scenarios/domains_mixed.yaml`, downsized): in youth care overhead
per case and referrals to informal help fall, while the other domains change only through
the residents and helpers they share. And the move back: `scenarios/youth_back_local.yaml`
against `domains_mixed.yaml`, same seed, shows the transition's dip (trust, a one-off
cost) and its recovery (referrals end above the regional teams').
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from model import (
    WEEKS_PER_YEAR,
    ParticipationModel,
    load_scenario,
    with_overrides,
    with_residents,
)
from validation.facts import (
    BURN_IN,
    ROOT,
    Check,
    Verdict,
    by_seed,
    paired,
    run_rows,
    spec,
    weekly,
    window,
)

MIXED = ROOT / "scenarios" / "domains_mixed.yaml"
MOVE_BACK = ROOT / "scenarios" / "youth_back_local.yaml"
RESIDENTS = 8_000  # residents aged 15+ of the downsized region
SEEDS = (1, 2, 3, 4)
YEARS = 4
MOVE_YEARS = 5
MOVE_SEEDS = (1, 2, 3)
OTHER_DOMAINS = ("care", "work_income")
OTHERS_TOLERANCE = 0.02  # unmet share of the other domains: within 2 points
CLAIM = ("In the domain organised regionally, overhead per case and referrals to informal "
         "help fall against local organisation, while the other domains change only through "
         "the residents they share; a move back to local shows its dip and recovers.")
COLUMNS = tuple(f"{name}_{d}" for d in ("care", "youth_family", "work_income")
                for name in ("overhead_per_case", "referral_hours", "unmet_share",
                             "waiting_list", "cost_per_inhabitant"))


def _scenario(path: Any, **changes: Any) -> dict[str, Any]:
    scenario = with_residents(load_scenario(path), RESIDENTS)
    return with_overrides(scenario, changes).model_dump() if changes else scenario.model_dump()


def _read(model: ParticipationModel) -> dict[str, Any]:
    measured = window(weekly(model), BURN_IN)
    return {column: float(measured[column].mean()) for column in COLUMNS}


def youth_scales(seeds: Iterable[int] = SEEDS, years: int = YEARS,
                 workers: int = 1) -> pd.DataFrame:
    """Per seed and youth-care scale (local, regional): per-domain weekly means after the
    first year."""
    settings = [(seed, scale) for seed in seeds for scale in ("local", "regional")]
    rows = [{"seed": seed, "youth_scale": scale} for seed, scale in settings]
    specs = [spec(_scenario(MIXED, **{"domains.youth_family.scale": scale}), seed, years)
             for seed, scale in settings]
    return pd.DataFrame(run_rows(rows, specs, _read, workers))


def check_youth_scales(frame: pd.DataFrame) -> Verdict:
    """Regional minus local youth care: lower overhead per case and fewer referral hours in
    youth care; the other domains' unmet share within `OTHERS_TOLERANCE`."""
    comparisons = tuple(
        paired(f"youth care {what}: regional minus local",
               by_seed(frame, column, youth_scale="regional"),
               by_seed(frame, column, youth_scale="local"), -1, unit=unit)
        for column, what, unit in (
            ("overhead_per_case_youth_family", "overhead per case", "euro"),
            ("referral_hours_youth_family", "referral hours a week", "h")))
    checks = []
    for domain in OTHER_DOMAINS:
        column = f"unmet_share_{domain}"
        diff = float((by_seed(frame, column, youth_scale="regional")
                      - by_seed(frame, column, youth_scale="local")).mean())
        checks.append(Check(f"{domain} unmet share: regional minus local youth care",
                            f"{100 * diff:+.2f} points", f"within ±{100 * OTHERS_TOLERANCE:.0f}",
                            abs(diff) < OTHERS_TOLERANCE))
    return Verdict("domain_scales", CLAIM, comparisons, tuple(checks))


def move_back(seeds: Iterable[int] = MOVE_SEEDS, years: int = MOVE_YEARS
              ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Weekly outputs, averaged over `seeds`, of the move of youth care back to local in
    year 3, and of the same region without the move (the same seeds)."""
    out = []
    for path in (MOVE_BACK, MIXED):
        runs = []
        for seed in seeds:
            model = ParticipationModel(_scenario(path), rng=seed)
            model.run(WEEKS_PER_YEAR * years)
            runs.append(weekly(model).select_dtypes("number").reset_index(drop=True))
        out.append(sum(runs) / len(runs))
    return out[0], out[1]


def check_move_back(moving: pd.DataFrame, staying: pd.DataFrame) -> tuple[Check, ...]:
    """The same run until the move; then a dip in trust, the move's cost in its year only,
    referrals that rise through the first year and end above the regional teams'."""
    week = 3 * WEEKS_PER_YEAR
    year = (moving["week"] - 1) // WEEKS_PER_YEAR
    cost = moving.groupby(year)["spending_reorganisation"].sum()
    first = float(moving["referral_hours_youth_family"].iloc[week + 1:week + 14].mean())
    last = float(moving["referral_hours_youth_family"].iloc[-WEEKS_PER_YEAR:].mean())
    regional = float(staying["referral_hours_youth_family"].iloc[-WEEKS_PER_YEAR:].mean())
    dip = float(moving["mean_trust"].iloc[week + 2] - staying["mean_trust"].iloc[week + 2])
    return (
        Check("the same run until the move", "mean trust at week 156 equal"
              if moving["mean_trust"].iloc[week] == staying["mean_trust"].iloc[week]
              else "differs", "equal",
              bool(moving["mean_trust"].iloc[week] == staying["mean_trust"].iloc[week])),
        Check("trust two weeks after the move, against no move", f"{dip:+.4f}", "below 0",
              dip < 0),
        Check("the move's cost", f"€{cost.get(3, 0.0):,.0f} in year 3, "
              f"€{cost.drop(3, errors='ignore').sum():,.0f} in other years",
              "only in year 3", bool(cost.get(3, 0.0) > 0 and cost.drop(3).sum() == 0)),
        Check("youth referral hours: first quarter after the move against the last year",
              f"{first:.2f} against {last:.2f} h/week", "lower", first < last),
        Check("youth referral hours in the last year: local again against regional",
              f"{last:.2f} against {regional:.2f} h/week", "at least 10% higher",
              last > 1.1 * regional),
    )


__all__ = ["CLAIM", "MOVE_SEEDS", "check_move_back", "check_youth_scales", "move_back",
           "youth_scales"]
