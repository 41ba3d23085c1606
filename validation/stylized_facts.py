"""Stylized facts (DESIGN 3.8) as experiments on the full `ParticipationModel`.

Each fact has an experiment function that runs the real model over a list of seeds and
returns a tidy DataFrame (one row per run), and a `check_*` function that turns that frame
into a `Verdict`: the comparisons the claim rests on, each with its mean, spread and whether
it holds. The tests (`tests/test_stylized_facts.py`) and the validation page
(`docs/make_validation.py`) call the same functions, so the test and the figure come from the
same code.

Design of the experiments:
- Small scenarios (`scenarios/validation/`): a town of 5,400 inhabitants in six
  neighbourhoods from weak to strong, and a region of four small municipalities. A 5-year
  run of the town takes under a second.
- Common random numbers: every setting of a fact runs with the same seeds. A seed draws the
  same population, network and starting needs in every setting (they are drawn before any
  setting matters), so settings are compared as paired differences per seed.
- A comparison holds when the mean paired difference lies on the side the claim names by
  more than `MARGIN_SE` standard errors (and by more than a minimum effect where the claim
  says "clearly"). With fixed seeds the verdicts are deterministic; the number of seeds of
  each fact is chosen so that the effect is several standard errors from zero (see each
  function), so a verdict does not hinge on one lucky seed.
- Outcomes are compared within a run's settings, never with fixed levels, so the checks
  survive recalibration of the parameters.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from model import WEEKS_PER_YEAR, ParticipationModel, load_scenario, run_all
from validation.cascade import threshold_cascade

ROOT = Path(__file__).resolve().parents[1]
SCENARIO_DIR = ROOT / "scenarios" / "validation"
TOWN = SCENARIO_DIR / "town.yaml"
REGION = SCENARIO_DIR / "region.yaml"

MARGIN_SE = 2.0  # a paired mean difference must be this many standard errors from zero
BURN_IN = 1  # years left out of the measured window (roles, initiatives and teams settle)
YEARS = 5  # horizon of every experiment on the town and the region

# Seeds per fact (the same seeds for every setting of that fact); see each function for why
# the number is enough.
CROWDING_OUT_SEEDS = tuple(range(5))
HYSTERESIS_SEEDS = tuple(range(4))
CUTS_SEEDS = tuple(range(20))
BOUNDARIES_SEEDS = tuple(range(10))
INEQUALITY_SEEDS = tuple(range(16))
SCALE_SEEDS = tuple(range(4))
CASCADE_DRAWS = 60

PRESSURES = (0.0, 0.25, 0.5, 0.75, 1.0)
ROOMS = (0.2, 0.8)
CUTS = (0.0, 0.10, 0.25)
BOUNDARY_LEVELS = (0.0, 0.25, 0.5, 0.75, 1.0)
SCALES = ("local", "intermunicipal", "regional")
INEQUALITY_SETTINGS = ((0.0, "even"), (0.25, "even"), (0.25, "weak_neighbourhoods"))
SPREADS = tuple(round(0.01 * i, 2) for i in range(26))


# --------------------------------------------------------------------------------------------
# Verdicts


@dataclass(frozen=True)
class Comparison:
    """A paired comparison: one difference per seed, and the side of zero the claim needs.

    `direction` is +1 when the claim needs a positive difference and -1 for a negative one.
    It holds when `direction * mean` exceeds both `MARGIN_SE` standard errors and
    `min_effect`.
    """

    label: str
    differences: tuple[float, ...]
    direction: int
    min_effect: float = 0.0
    unit: str = ""  # "%": relative, shown in percent; "pp": share, in percentage points

    @property
    def n(self) -> int:
        return len(self.differences)

    @property
    def mean(self) -> float:
        return float(np.mean(self.differences))

    @property
    def sd(self) -> float:
        return float(np.std(self.differences, ddof=1)) if self.n > 1 else 0.0

    @property
    def se(self) -> float:
        return self.sd / math.sqrt(self.n)

    @property
    def z(self) -> float:
        """Mean over standard error, signed so that positive supports the claim."""
        signed = self.direction * self.mean
        if self.se > 0:
            return signed / self.se
        return math.copysign(math.inf, signed) if signed else 0.0

    @property
    def holds(self) -> bool:
        signed = self.direction * self.mean
        return signed > MARGIN_SE * self.se and signed > self.min_effect

    @property
    def required(self) -> str:
        side = "> 0" if self.direction > 0 else "< 0"
        text = f"{side}, by over {MARGIN_SE:g} SE"
        if self.min_effect > 0:
            text += f" and over {self.format(self.min_effect)}"
        return text

    def format(self, value: float) -> str:
        if self.unit == "%":
            return f"{100 * value:.3g}%"
        if self.unit == "pp":
            return f"{100 * value:.3g} pp"
        if self.unit == "euro":
            return f"{'-' if value < 0 else ''}€{abs(value):,.1f}"
        return f"{value:.4g}{(' ' + self.unit) if self.unit else ''}"

    @property
    def z_text(self) -> str:
        return f"{self.z:.1f}" if abs(self.z) < 100 else ("> 100" if self.z > 0 else "< -100")

    def describe(self) -> str:
        return (f"{self.label}: mean {self.format(self.mean)}, sd {self.format(self.sd)}, "
                f"se {self.format(self.se)}, z {self.z_text}, n {self.n}; needs "
                f"{self.required}: {'holds' if self.holds else 'DOES NOT HOLD'}")


@dataclass(frozen=True)
class Check:
    """A plain check on a summary figure (for facts without paired settings)."""

    label: str
    measured: str
    required: str
    holds: bool

    def describe(self) -> str:
        return (f"{self.label}: {self.measured}; needs {self.required}: "
                f"{'holds' if self.holds else 'DOES NOT HOLD'}")


@dataclass(frozen=True)
class Verdict:
    """Whether a stylized fact holds: the claim and the comparisons behind it."""

    fact: str
    claim: str
    comparisons: tuple[Comparison, ...] = ()
    checks: tuple[Check, ...] = ()

    @property
    def holds(self) -> bool:
        return all(c.holds for c in (*self.comparisons, *self.checks))

    def describe(self) -> str:
        lines = [f"{self.fact}: {'holds' if self.holds else 'DOES NOT HOLD'} -- {self.claim}"]
        lines += [f"  {c.describe()}" for c in (*self.comparisons, *self.checks)]
        return "\n".join(lines)


CLAIMS: dict[str, str] = {
    "crowding_out": "With low room to act, long-run participation falls as steering pressure "
    "rises beyond a moderate level; with high room to act the fall is smaller.",
    "hysteresis": "Steering pressure on for two years, then off: mean intrinsic motivation one "
    "year later is still clearly below its level before the pressure.",
    "cuts": "Across 0%, 10% and 25% cuts, unmet need and carer overload rise with the cut; the "
    "net saving in spending is smaller than the cut.",
    "boundaries": "Higher boundaries give fewer burned-out helpers and more professional hours.",
    "inequality": "Under cuts, the unmet-need gap between the lowest- and highest-SES "
    "neighbourhoods widens; aiming connect and belonging at weak neighbourhoods narrows it.",
    "scale": "Regional organisation lowers overhead per case and lowers referrals to informal "
    "networks compared with local.",
    "threshold_cascade": "Granovetter's normal thresholds (mean 0.25, 100 residents) flip from "
    "a handful of participants to nearly everyone as the spread crosses about 0.12.",
}


# --------------------------------------------------------------------------------------------
# Running


def scenario_data(scenario: str | Path | dict[str, Any] = TOWN,
                  **sections: dict[str, Any] | Any) -> dict[str, Any]:
    """A scenario as a plain dict, with some sections changed: a dict value updates that
    section (`budget={"shrinkage": [0.1]}`), anything else replaces it (`scale="regional"`)."""
    data = load_scenario(scenario).model_dump()
    for key, value in sections.items():
        if isinstance(value, dict) and isinstance(data.get(key), dict):
            data[key] = {**data[key], **value}
        else:
            data[key] = value
    return data


def _simulate(task: dict[str, Any]) -> ParticipationModel:
    model = ParticipationModel(task["scenario"], rng=task["seed"], **task.get("levers", {}))
    model.run(task["years"] * WEEKS_PER_YEAR)
    return model


def _weekly(model: ParticipationModel) -> pd.DataFrame:
    return model.datacollector.get_model_vars_dataframe()


def _window(weeks: pd.DataFrame, first_year: int, last_year: int | None = None) -> pd.DataFrame:
    """Weekly rows of years `first_year` to `last_year` (0-based, inclusive; the last year
    of the run when None). Row 0, the start, belongs to no year."""
    last = weeks["week"].max() if last_year is None else (last_year + 1) * WEEKS_PER_YEAR
    return weeks[(weeks["week"] > first_year * WEEKS_PER_YEAR) & (weeks["week"] <= last)]


def _task(scenario: dict[str, Any], seed: int, years: int, row: dict[str, Any],
          levers: dict[str, float] | None = None) -> dict[str, Any]:
    # The model stops at the scenario's horizon, so the horizon is the run's length.
    return {"scenario": {**scenario, "horizon_years": years}, "seed": int(seed),
            "years": years, "row": row, "levers": levers or {}}


def _by_seed(frame: pd.DataFrame, column: str, **setting: Any) -> pd.Series:
    """One value per seed for the rows of one setting."""
    mask = np.ones(len(frame), dtype=bool)
    for key, value in setting.items():
        if isinstance(value, float):
            mask &= np.isclose(frame[key].to_numpy(dtype=float), value)
        else:
            mask &= (frame[key] == value).to_numpy()
    return frame[mask].set_index("seed")[column].sort_index()


def _paired(label: str, a: pd.Series, b: pd.Series, direction: int, min_effect: float = 0.0,
            unit: str = "") -> Comparison:
    """a - b per seed (seeds both have)."""
    diff = (a - b).dropna()
    return Comparison(label, tuple(float(x) for x in diff), direction, min_effect, unit)


def summarise(frame: pd.DataFrame, by: Sequence[str], columns: Sequence[str]) -> pd.DataFrame:
    """Mean and standard deviation over seeds of `columns` per setting."""
    grouped = frame.groupby(list(by), sort=True)[list(columns)]
    mean, sd = grouped.mean(), grouped.std(ddof=1)
    return pd.concat({"mean": mean, "sd": sd}, axis=1)


# --------------------------------------------------------------------------------------------
# Crowding out


def _crowding_out_run(task: dict[str, Any]) -> dict[str, Any]:
    weeks = _weekly(_simulate(task))
    last = _window(weeks, task["years"] - 1)
    first = _window(weeks, 0, 0)
    return {**task["row"],
            "participation": float(last["participation"].mean()),
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
    tasks = [_task(data, seed, years, {"seed": seed, "room_to_act": room,
                                       "steering_pressure": pressure},
                   {"room_to_act": room, "steering_pressure": pressure})
             for seed in seeds for room in rooms for pressure in pressures]
    return pd.DataFrame(run_all(_crowding_out_run, tasks, workers))


def check_crowding_out(frame: pd.DataFrame, moderate: float = 0.5) -> Verdict:
    """The fall of long-run participation from the moderate pressure to the highest one: it
    must be positive at the lowest room to act, and larger there than at the highest."""
    low, high = frame["room_to_act"].min(), frame["room_to_act"].max()
    top = float(frame["steering_pressure"].max())

    def at(room: float, pressure: float) -> pd.Series:
        return _by_seed(frame, "participation", room_to_act=room, steering_pressure=pressure)

    def fall(room: float) -> pd.Series:
        return at(room, moderate) - at(room, top)

    return Verdict("crowding_out", CLAIMS["crowding_out"], (
        _paired(f"room to act {low:g}: participation at pressure {top:g} minus at "
                f"{moderate:g}", at(low, top), at(low, moderate), -1, unit="pp"),
        _paired(f"fall from pressure {moderate:g} to {top:g}: room to act {low:g} minus "
                f"{high:g}", fall(low), fall(high), +1, unit="pp"),
    ))


# --------------------------------------------------------------------------------------------
# Hysteresis


def _hysteresis_run(task: dict[str, Any]) -> dict[str, Any]:
    weeks = _weekly(_simulate(task)).set_index("week")
    marks = task["marks"]
    row = {**task["row"]}
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
    `steering_pressure` is 0 for the control.
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
    (columns seed, steering_pressure, week, ...)."""
    base = scenario_data(scenario, levers={"steering_pressure": 0.0}, schedule=[])
    lifted = start_year + pressure_years
    horizon = lifted + years_after
    marks = {"before": start_year * WEEKS_PER_YEAR, "lifted": lifted * WEEKS_PER_YEAR,
             "after": horizon * WEEKS_PER_YEAR}
    treated = {**base, "horizon_years": horizon, "schedule": [
        {"year": start_year, "levers": {"steering_pressure": pressure}},
        {"year": lifted, "levers": {"steering_pressure": 0.0}},
    ]}
    control = {**base, "horizon_years": horizon}
    tasks = []
    for seed in seeds:
        for level, data in ((0.0, control), (pressure, treated)):
            task = _task(data, seed, horizon, {"seed": seed, "steering_pressure": level,
                                               **{f"week_{k}": v for k, v in marks.items()}})
            task["marks"] = marks
            tasks.append(task)
    rows = run_all(_hysteresis_run, tasks, workers)
    weekly = [row.pop("_weekly").assign(seed=row["seed"],
                                        steering_pressure=row["steering_pressure"])
              for row in rows]
    return pd.DataFrame(rows), pd.concat(weekly, ignore_index=True)


def check_hysteresis(frame: pd.DataFrame, clearly: float = 0.05) -> Verdict:
    """Motivation a year after the pressure is lifted, relative to its level before the
    pressure and to the control run of the same seed: more than `clearly` (5%) below both."""
    pressure = float(frame["steering_pressure"].max())
    after = _by_seed(frame, "motivation_after", steering_pressure=pressure)
    before = _by_seed(frame, "motivation_before", steering_pressure=pressure)
    control = _by_seed(frame, "motivation_after", steering_pressure=0.0)
    zero = pd.Series(0.0, index=after.index)
    return Verdict("hysteresis", CLAIMS["hysteresis"], (
        _paired("motivation a year after the pressure, relative to before it",
                after / before - 1.0, zero, -1, clearly, "%"),
        _paired("motivation a year after the pressure, relative to the control run",
                after / control - 1.0, zero, -1, clearly, "%"),
    ))


# --------------------------------------------------------------------------------------------
# Cuts shift burden


def _cuts_run(task: dict[str, Any]) -> dict[str, Any]:
    weeks = _weekly(_simulate(task))
    measured = _window(weeks, BURN_IN)
    run = _window(weeks, 0)
    return {**task["row"],
            "unmet_share": float(measured["unmet_share"].mean()),
            "overburdened_share": float(measured["overburdened_share"].mean()),
            "burned_out_share": float(measured["burned_out_share"].mean()),
            "hours_informal": float(measured["hours_informal"].mean()),
            "hours_volunteer": float(measured["hours_volunteer"].mean()),
            "hours_professional": float(measured["hours_professional"].mean()),
            "spending": float(run["spending_total"].sum()),
            "spending_crisis": float(run["spending_crisis"].sum()),
            "budget": float(run["budget_week"].sum())}


def cuts(seeds: Iterable[int] = CUTS_SEEDS, levels: Sequence[float] = CUTS,
         years: int = YEARS, scenario: str | Path | dict[str, Any] = TOWN,
         workers: int = 1) -> pd.DataFrame:
    """Budget cuts of `levels` (`budget.shrinkage: [cut]`: the budget falls by the cut in the
    first year and stays there).

    Unmet share, overload and hours are weekly means after the first year; `spending` and
    `budget` are euro over the whole run (the cut applies from the first week).

    Seeds: twenty. The paired difference between two cuts varies between seeds by 2-3
    percentage points in the unmet share and by about 0.2 point in the share of
    overburdened helpers (the team's access threshold swings, and carers absorb part of the
    cut); with twenty seeds their standard errors are about 0.5 and 0.04 points, so the
    differences of 2-4 and 0.15 points the model shows are 3-5 standard errors from zero
    (validation.md gives the measured z). The net saving relative to the cut varies
    between seeds by 5-10%, its standard error is 1-2%.
    """
    tasks = [_task(scenario_data(scenario, budget={"shrinkage": [float(cut)]}), seed, years,
                   {"seed": seed, "cut": float(cut)})
             for seed in seeds for cut in levels]
    frame = pd.DataFrame(run_all(_cuts_run, tasks, workers))
    no_cut = frame[frame["cut"] == 0.0].set_index("seed")
    if len(no_cut):
        frame["net_saving"] = frame["seed"].map(no_cut["spending"]) - frame["spending"]
        frame["cut_money"] = frame["seed"].map(no_cut["budget"]) - frame["budget"]
    return frame


def check_cuts(frame: pd.DataFrame) -> Verdict:
    """Unmet share and overload rise from each cut to the next deeper one; at every cut the
    net saving in spending falls short of the cut (their ratio is below 1)."""
    levels = sorted(frame["cut"].unique())
    comparisons = []
    for column, what in (("unmet_share", "unmet share"),
                         ("overburdened_share", "overburdened helpers")):
        for shallow, deep in zip(levels, levels[1:], strict=False):
            comparisons.append(_paired(
                f"{what}: cut {deep:.0%} minus cut {shallow:.0%}",
                _by_seed(frame, column, cut=deep), _by_seed(frame, column, cut=shallow),
                +1, unit="pp"))
    for cut in levels[1:]:
        ratio = (_by_seed(frame, "net_saving", cut=cut)
                 / _by_seed(frame, "cut_money", cut=cut) - 1.0)
        comparisons.append(_paired(f"cut {cut:.0%}: net saving relative to the cut, minus 1",
                                   ratio, pd.Series(0.0, index=ratio.index), -1, unit="%"))
    return Verdict("cuts", CLAIMS["cuts"], tuple(comparisons))


# --------------------------------------------------------------------------------------------
# Boundaries protect


def _boundaries_run(task: dict[str, Any]) -> dict[str, Any]:
    measured = _window(_weekly(_simulate(task)), BURN_IN)
    return {**task["row"], **{column: float(measured[column].mean()) for column in (
        "burned_out_share", "burned_out", "hours_professional", "overburdened_share",
        "unmet_share", "waiting_list", "professionals_fte", "hours_informal")}}


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
    tasks = [_task(data, seed, years, {"seed": seed, "boundaries": float(level)},
                   {"boundaries": float(level)})
             for seed in seeds for level in levels]
    return pd.DataFrame(run_all(_boundaries_run, tasks, workers))


def check_boundaries(frame: pd.DataFrame) -> Verdict:
    """Highest against lowest boundaries: fewer burned-out residents, more professional
    hours."""
    low, high = float(frame["boundaries"].min()), float(frame["boundaries"].max())
    return Verdict("boundaries", CLAIMS["boundaries"], (
        _paired(f"burned-out share: boundaries {high:g} minus {low:g}",
                _by_seed(frame, "burned_out_share", boundaries=high),
                _by_seed(frame, "burned_out_share", boundaries=low), -1, unit="pp"),
        _paired(f"professional hours a week: boundaries {high:g} minus {low:g}",
                _by_seed(frame, "hours_professional", boundaries=high),
                _by_seed(frame, "hours_professional", boundaries=low), +1, unit="h"),
    ))


# --------------------------------------------------------------------------------------------
# Inequality


def _inequality_run(task: dict[str, Any]) -> dict[str, Any]:
    model = _simulate(task)
    table = model.datacollector.get_table_dataframe("neighbourhoods")
    table = table[table["week"] > BURN_IN * WEEKS_PER_YEAR].copy()
    table["requested"] = table[["hours_informal", "hours_volunteer", "hours_professional",
                                "unmet_hours"]].sum(axis=1)
    totals = table.groupby("neighbourhood").agg(
        ses=("ses", "first"), unmet=("unmet_hours", "sum"), requested=("requested", "sum"))
    totals = totals.sort_values("ses")
    third = max(1, len(totals) // 3)
    lowest, highest = totals.iloc[:third], totals.iloc[-third:]
    low = lowest["unmet"].sum() / lowest["requested"].sum()
    high = highest["unmet"].sum() / highest["requested"].sum()
    measured = _window(_weekly(model), BURN_IN)
    return {**task["row"], "unmet_low_ses": float(low), "unmet_high_ses": float(high),
            "unmet_gap": float(low - high),
            "unmet_share": float(measured["unmet_share"].mean()),
            "low_ses_neighbourhoods": ", ".join(lowest.index),
            "high_ses_neighbourhoods": ", ".join(highest.index)}


def inequality(seeds: Iterable[int] = INEQUALITY_SEEDS,
               settings: Sequence[tuple[float, str]] = INEQUALITY_SETTINGS,
               years: int = YEARS, scenario: str | Path | dict[str, Any] = TOWN,
               workers: int = 1) -> pd.DataFrame:
    """Unmet need in the lowest- and highest-SES neighbourhoods, for each (cut, `policy.aim`)
    of `settings`: by default no cut and a 25% cut with even policy, and the 25% cut with
    connect and belonging aimed at weak neighbourhoods.

    The lowest- and highest-SES neighbourhoods are the bottom and top third by SES (at
    least one each; two of the town's six). Their unmet share is unmet over requested hours
    summed after the first year; `unmet_gap` is lowest minus highest.

    Seeds: sixteen. The gap is a difference between two groups of some 1,500 residents and
    varies between seeds by 1-2 percentage points, largely through which residents happen
    to have long, heavy needs and how the team's access threshold swings; the paired
    differences vary about as much (common random numbers help little here, because the
    settings soon draw different needs). With sixteen seeds the standard error of a paired
    difference is about 0.4-0.6 points: the widening under a cut (about 2 points) and the
    narrowing by aiming (about 3.5 points) are some six standard errors from zero
    (validation.md gives the measured values). Forty-eight runs take about 20-40 s.
    """
    tasks = [_task(scenario_data(scenario, budget={"shrinkage": [float(cut)]},
                                 policy={"aim": aim}), seed, years,
                   {"seed": seed, "cut": float(cut), "aim": aim})
             for seed in seeds for cut, aim in settings]
    return pd.DataFrame(run_all(_inequality_run, tasks, workers))


def check_inequality(frame: pd.DataFrame) -> Verdict:
    """With even policy, the gap at the deepest cut minus the gap without a cut is positive;
    at the deepest cut, aiming at weak neighbourhoods gives a smaller gap than even policy."""
    deep = float(frame["cut"].max())
    even = _by_seed(frame, "unmet_gap", cut=deep, aim="even")
    return Verdict("inequality", CLAIMS["inequality"], (
        _paired(f"unmet gap (lowest minus highest SES), even policy: cut {deep:.0%} minus "
                f"no cut", even, _by_seed(frame, "unmet_gap", cut=0.0, aim="even"), +1,
                unit="pp"),
        _paired(f"unmet gap at cut {deep:.0%}: aimed at weak neighbourhoods minus even",
                _by_seed(frame, "unmet_gap", cut=deep, aim="weak_neighbourhoods"), even, -1,
                unit="pp"),
    ))


# --------------------------------------------------------------------------------------------
# Scale


def _scale_run(task: dict[str, Any]) -> dict[str, Any]:
    measured = _window(_weekly(_simulate(task)), BURN_IN)
    return {**task["row"], **{column: float(measured[column].mean()) for column in (
        "overhead_per_case", "referral_hours", "unmet_share", "mean_trust",
        "cost_per_inhabitant", "hours_informal", "hours_professional")}}


def scale(seeds: Iterable[int] = SCALE_SEEDS, scales: Sequence[str] = SCALES,
          years: int = YEARS, scenario: str | Path | dict[str, Any] = REGION,
          workers: int = 1) -> pd.DataFrame:
    """The region of four small municipalities organised at each of `scales`; weekly means
    after the first year of overhead per case served and of informal and volunteer hours
    attributable to professionals' referrals.

    Seeds: four. The paired difference between regional and local varies between seeds by
    about €2 in overhead per case and under 1 hour a week in referral hours, against
    differences of about €18 and 5 hours: with four seeds they are over ten standard errors
    from zero (validation.md gives the measured values).
    """
    tasks = [_task(scenario_data(scenario, scale=level), seed, years,
                   {"seed": seed, "scale": level})
             for seed in seeds for level in scales]
    return pd.DataFrame(run_all(_scale_run, tasks, workers))


def check_scale(frame: pd.DataFrame) -> Verdict:
    """Regional minus local: lower overhead per case and fewer referral hours."""
    return Verdict("scale", CLAIMS["scale"], tuple(
        _paired(f"{what}: regional minus local",
                _by_seed(frame, column, scale="regional"),
                _by_seed(frame, column, scale="local"), -1, unit=unit)
        for column, what, unit in (("overhead_per_case", "overhead per case", "euro"),
                                   ("referral_hours", "referral hours a week", "h"))))


# --------------------------------------------------------------------------------------------
# Threshold cascade (Granovetter 1978)


def uniform_cascades(residents: int = 100) -> dict[str, int]:
    """Granovetter's two uniform examples on the full model: thresholds 0, 1/100, ..., 99/100
    give everyone; with the threshold-1 resident at 2 only the instigator takes part."""
    uniform = np.arange(residents) / residents
    broken = uniform.copy()
    broken[1] = 2 / residents
    return {"uniform": threshold_cascade(uniform, rng=0),
            "threshold_1_moved_to_2": threshold_cascade(broken, rng=0)}


def threshold_cascade_sweep(spreads: Sequence[float] = SPREADS, draws: int = CASCADE_DRAWS,
                            mean: float = 0.25, residents: int = 100,
                            seed: int = 1978) -> pd.DataFrame:
    """Participants at equilibrium for normal thresholds (clipped to 0..1) of `residents`
    people, by spread; one row per spread and draw.

    Draw d uses the same standard normal numbers at every spread (thresholds = mean +
    spread * z_d), so the sweep shows each population's tipping point. Sixty draws a spread
    estimate the share of draws that cascade to within about six percentage points.
    """
    z = np.random.default_rng(seed).standard_normal((draws, residents))
    rows = []
    for spread in spreads:
        for draw in range(draws):
            thresholds = np.clip(mean + spread * z[draw], 0.0, 1.0)
            rows.append({"spread": float(spread), "draw": draw,
                         "participants": threshold_cascade(thresholds, rng=seed)})
    return pd.DataFrame(rows)


def check_threshold_cascade(frame: pd.DataFrame, residents: int = 100) -> Verdict:
    """A handful (median at most 5% of residents) for spreads up to 0.08, nearly everyone
    (median at least 90%) for spreads from 0.18, and the spread at which half the draws
    cascade to 90% or more between 0.10 and 0.15."""
    by_spread = frame.groupby("spread")["participants"]
    median = by_spread.median() / residents
    full = by_spread.apply(lambda x: float((x >= 0.9 * residents).mean()))
    small = median[median.index <= 0.08 + 1e-9]
    large = median[median.index >= 0.18 - 1e-9]
    crossing = full[full >= 0.5]
    critical = float(crossing.index.min()) if len(crossing) else math.nan
    return Verdict("threshold_cascade", CLAIMS["threshold_cascade"], checks=(
        Check("largest median share of participants, spreads 0-0.08",
              f"{small.max():.0%}", "at most 5%", bool(small.max() <= 0.05)),
        Check("smallest median share of participants, spreads 0.18-0.25",
              f"{large.min():.0%}", "at least 90%", bool(large.min() >= 0.90)),
        Check("smallest spread at which half the draws reach 90% participation",
              f"{critical:.2f}", "between 0.10 and 0.15",
              bool(0.10 - 1e-9 <= critical <= 0.15 + 1e-9)),
    ))


# --------------------------------------------------------------------------------------------
# All facts


@dataclass(frozen=True)
class Fact:
    """An experiment, its check, and the seeds it runs by default."""

    name: str
    run: Callable[..., pd.DataFrame]
    check: Callable[[pd.DataFrame], Verdict]
    seeds: tuple[int, ...] = field(default=())


FACTS: tuple[Fact, ...] = (
    Fact("crowding_out", crowding_out, check_crowding_out, CROWDING_OUT_SEEDS),
    Fact("hysteresis", hysteresis, check_hysteresis, HYSTERESIS_SEEDS),
    Fact("cuts", cuts, check_cuts, CUTS_SEEDS),
    Fact("boundaries", boundaries, check_boundaries, BOUNDARIES_SEEDS),
    Fact("inequality", inequality, check_inequality, INEQUALITY_SEEDS),
    Fact("scale", scale, check_scale, SCALE_SEEDS),
)
