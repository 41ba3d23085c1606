"""Stylized facts about the levers: crowding out, hysteresis, boundaries protect.

Each experiment runs the town (`facts.TOWN`) with the same seeds at every setting of a
lever and returns one row per run; its `check_*` turns the rows into a `Verdict` (the
machinery is in `validation.facts`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd

from model import BOUNDARIES, ROOM_TO_ACT, STEERING_PRESSURE, WEEKS_PER_YEAR, ParticipationModel
from validation.facts import (
    BURN_IN,
    CLAIMS,
    TOWN,
    YEARS,
    Verdict,
    by_seed,
    paired,
    run_rows,
    scenario_data,
    spec,
    weekly,
    window,
)

# Seeds per fact (the same seeds for every setting of that fact); see each function for why
# the number is enough.
CROWDING_OUT_SEEDS = tuple(range(5))
HYSTERESIS_SEEDS = tuple(range(4))
BOUNDARIES_SEEDS = tuple(range(10))

PRESSURES = (0.0, 0.25, 0.5, 0.75, 1.0)
ROOMS = (0.2, 0.8)
BOUNDARY_LEVELS = (0.0, 0.25, 0.5, 0.75, 1.0)


# --------------------------------------------------------------------------------------------
# Crowding out


def _crowding_out_read(years: int, model: ParticipationModel) -> dict[str, Any]:
    weeks = weekly(model)
    last = window(weeks, years - 1)
    first = window(weeks, 0, 0)
    return {"participation": float(last["participation"].mean()),
            "participation_first_year": float(first["participation"].mean()),
            "mean_motivation": float(last["mean_motivation"].mean()),
            "mean_trust": float(last["mean_trust"].mean())}


def crowding_out(seeds: Iterable[int] = CROWDING_OUT_SEEDS,
                 pressures: Sequence[float] = PRESSURES, rooms: Sequence[float] = ROOMS,
                 years: int = YEARS, scenario: str | Path | dict[str, Any] = TOWN,
                 workers: int = 1) -> pd.DataFrame:
    """Long-run participation by steering pressure, at low and high room to act.

    One run per seed, pressure and room to act, with those levers from the first week;
    `participation` is the mean over the last year of the run (long run),
    `participation_first_year` the mean over the first year (the push at once).

    Seeds: five. A paired difference in long-run participation between two settings varies
    between seeds by 2-3 percentage points (sd, measured on the 4,500 residents of the
    town), so with five seeds its standard error is about 1 point, and a fall of 5 points or
    more is five standard errors from zero. The compared falls are 6-9 points (validation.md
    gives the measured values and z). Fifty runs take about half a minute.
    """
    data = scenario_data(scenario)
    settings = [(seed, {ROOM_TO_ACT: room, STEERING_PRESSURE: pressure})
                for seed in seeds for room in rooms for pressure in pressures]
    rows = [{"seed": seed, **levers} for seed, levers in settings]
    specs = [spec(data, seed, years, levers) for seed, levers in settings]
    return pd.DataFrame(run_rows(rows, specs, partial(_crowding_out_read, years), workers))


def check_crowding_out(frame: pd.DataFrame, moderate: float = 0.5) -> Verdict:
    """The fall of long-run participation from the moderate pressure to the highest one: it
    must be positive at the lowest room to act, and larger there than at the highest."""
    low, high = frame[ROOM_TO_ACT].min(), frame[ROOM_TO_ACT].max()
    top = float(frame[STEERING_PRESSURE].max())

    def at(room: float, pressure: float) -> pd.Series:
        return by_seed(frame, "participation", **{ROOM_TO_ACT: room, STEERING_PRESSURE: pressure})

    def fall(room: float) -> pd.Series:
        return at(room, moderate) - at(room, top)

    return Verdict("crowding_out", CLAIMS["crowding_out"], (
        paired(f"room to act {low:g}: participation at pressure {top:g} minus at "
               f"{moderate:g}", at(low, top), at(low, moderate), -1, unit="pp"),
        paired(f"fall from pressure {moderate:g} to {top:g}: room to act {low:g} minus "
               f"{high:g}", fall(low), fall(high), +1, unit="pp"),
    ))


# --------------------------------------------------------------------------------------------
# Hysteresis


def _hysteresis_read(marks: dict[str, int], model: ParticipationModel) -> dict[str, Any]:
    weeks = weekly(model).set_index("week")
    row: dict[str, Any] = {}
    for name, week in marks.items():
        row[f"motivation_{name}"] = float(weeks.loc[week, "mean_motivation"])
        row[f"participation_{name}"] = float(weeks.loc[week, "participation"])
        row[f"trust_{name}"] = float(weeks.loc[week, "mean_trust"])
    row["_weekly"] = weeks[["mean_motivation", "participation", "mean_trust"]].reset_index()
    return row


def hysteresis(seeds: Iterable[int] = HYSTERESIS_SEEDS, pressure: float = 0.8,
               start_year: int = 2, pressure_years: int = 2, years_after: int = 1,
               scenario: str | Path | dict[str, Any] = TOWN, workers: int = 1) -> pd.DataFrame:
    """Steering pressure on from `start_year` for `pressure_years`, then off, through the
    scenario's `schedule`; a control run with the same seed never has pressure.

    Columns `motivation_before` (end of the year before the pressure), `motivation_lifted`
    (the week the pressure is lifted) and `motivation_after` (`years_after` later), with the
    same for participation and trust, and the weeks of those moments (`week_before`, ...);
    the steering-pressure column is 0 for the control.
    `hysteresis_with_weekly` also gives the weekly series.

    Seeds: four. Mean motivation over 4,500 residents varies between seeds by about 0.002
    and the relative difference after the pressure by well under 0.1%, while the claim
    needs a gap of over 5%; four seeds are plenty and cost a few seconds.
    """
    return hysteresis_with_weekly(seeds, pressure, start_year, pressure_years, years_after,
                                  scenario, workers)[0]


def hysteresis_with_weekly(
    seeds: Iterable[int] = HYSTERESIS_SEEDS, pressure: float = 0.8, start_year: int = 2,
    pressure_years: int = 2, years_after: int = 1,
    scenario: str | Path | dict[str, Any] = TOWN, workers: int = 1,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """`hysteresis`, and the weekly mean motivation, participation and trust of every run
    (columns seed, steering pressure, week, ...)."""
    base = scenario_data(scenario, levers={STEERING_PRESSURE: 0.0}, schedule=[])
    lifted = start_year + pressure_years
    horizon = lifted + years_after
    marks = {"before": start_year * WEEKS_PER_YEAR, "lifted": lifted * WEEKS_PER_YEAR,
             "after": horizon * WEEKS_PER_YEAR}
    treated = {**base, "horizon_years": horizon, "schedule": [
        {"year": start_year, "levers": {STEERING_PRESSURE: pressure}},
        {"year": lifted, "levers": {STEERING_PRESSURE: 0.0}},
    ]}
    control = {**base, "horizon_years": horizon}
    rows, specs = [], []
    for seed in seeds:
        for level, data in ((0.0, control), (pressure, treated)):
            rows.append({"seed": seed, STEERING_PRESSURE: level,
                         **{f"week_{k}": v for k, v in marks.items()}})
            specs.append(spec(data, seed, horizon))
    rows = run_rows(rows, specs, partial(_hysteresis_read, marks), workers)
    weekly_runs = [row.pop("_weekly").assign(**{"seed": row["seed"],
                                                STEERING_PRESSURE: row[STEERING_PRESSURE]})
                   for row in rows]
    return pd.DataFrame(rows), pd.concat(weekly_runs, ignore_index=True)


def check_hysteresis(frame: pd.DataFrame, clearly: float = 0.05) -> Verdict:
    """Motivation a year after the pressure is lifted, relative to its level before the
    pressure and to the control run of the same seed: more than `clearly` (5%) below both."""
    pressure = float(frame[STEERING_PRESSURE].max())
    after = by_seed(frame, "motivation_after", **{STEERING_PRESSURE: pressure})
    before = by_seed(frame, "motivation_before", **{STEERING_PRESSURE: pressure})
    control = by_seed(frame, "motivation_after", **{STEERING_PRESSURE: 0.0})
    zero = pd.Series(0.0, index=after.index)
    return Verdict("hysteresis", CLAIMS["hysteresis"], (
        paired("motivation a year after the pressure, relative to before it",
               after / before - 1.0, zero, -1, clearly, "%"),
        paired("motivation a year after the pressure, relative to the control run",
               after / control - 1.0, zero, -1, clearly, "%"),
    ))


# --------------------------------------------------------------------------------------------
# Boundaries protect


def _boundaries_read(model: ParticipationModel) -> dict[str, Any]:
    measured = window(weekly(model), BURN_IN)
    return {column: float(measured[column].mean()) for column in (
        "burned_out_share", "burned_out", "hours_professional", "overburdened_share",
        "unmet_share", "waiting_list", "professionals_fte", "hours_informal")}


def boundaries(seeds: Iterable[int] = BOUNDARIES_SEEDS,
               levels: Sequence[float] = BOUNDARY_LEVELS, years: int = YEARS,
               scenario: str | Path | dict[str, Any] = TOWN, workers: int = 1) -> pd.DataFrame:
    """The boundaries lever at `levels`; weekly means after the first year.

    Seeds: ten. Between the lowest and highest boundaries, the paired difference in the
    burned-out share varies between seeds by about 0.2-0.6 percentage points and that in
    professional hours by 40-70 hours a week (teams' hours swing with the access
    threshold); against differences of about 3 points and 60-130 hours, ten seeds put them
    4 or more standard errors from zero (validation.md gives the measured z).
    """
    data = scenario_data(scenario)
    settings = [(seed, {BOUNDARIES: float(level)}) for seed in seeds for level in levels]
    rows = [{"seed": seed, **levers} for seed, levers in settings]
    specs = [spec(data, seed, years, levers) for seed, levers in settings]
    return pd.DataFrame(run_rows(rows, specs, _boundaries_read, workers))


def check_boundaries(frame: pd.DataFrame) -> Verdict:
    """Highest against lowest boundaries: fewer burned-out residents, more professional
    hours."""
    low, high = float(frame[BOUNDARIES].min()), float(frame[BOUNDARIES].max())
    return Verdict(BOUNDARIES, CLAIMS[BOUNDARIES], (
        paired(f"burned-out share: boundaries {high:g} minus {low:g}",
               by_seed(frame, "burned_out_share", **{BOUNDARIES: high}),
               by_seed(frame, "burned_out_share", **{BOUNDARIES: low}), -1, unit="pp"),
        paired(f"professional hours a week: boundaries {high:g} minus {low:g}",
               by_seed(frame, "hours_professional", **{BOUNDARIES: high}),
               by_seed(frame, "hours_professional", **{BOUNDARIES: low}), +1, unit="h"),
    ))
