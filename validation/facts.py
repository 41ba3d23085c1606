"""The machinery of the stylized facts (docs/model.md#targets): verdicts, paired statistics, runs.

Each fact has an experiment function that runs the real model over a list of seeds and
returns a tidy DataFrame (one row per run), and a `check_*` function that turns that frame
into a `Verdict`: the comparisons the claim rests on, each with its mean, spread and whether
it holds. The experiments are in `lever_facts` (crowding out, hysteresis, boundaries),
`budget_facts` (cuts, inequality, scale) and `cascade` (Granovetter's threshold cascade);
`stylized_facts` lists them. The tests (`tests/validation/test_stylized_facts.py`) and the
validation page (`python -m validation.make_validation`) call the same functions, so the
test and the figure come from the same code.

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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from model import (
    BOUNDARIES,
    WEEKS_PER_YEAR,
    ParticipationModel,
    RunSpec,
    load_scenario,
    run_many,
)

ROOT = Path(__file__).resolve().parents[1]
SCENARIO_DIR = ROOT / "scenarios" / "validation"
TOWN = SCENARIO_DIR / "town.yaml"
REGION = SCENARIO_DIR / "region.yaml"

MARGIN_SE = 2.0  # a paired mean difference must be this many standard errors from zero
BURN_IN = 1  # years left out of the measured window: a setting made at week 0 takes hold
YEARS = 5  # horizon of every experiment on the town and the region


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
    "cuts": "Across 0%, 10% and 25% cuts, unmet need rises with each cut and carer overload "
    "with the deep cut; the net saving in spending is smaller than the cut.",
    BOUNDARIES: "Higher boundaries give fewer burned-out helpers and more professional hours.",
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



def spec(scenario: dict[str, Any], seed: int, years: int,
         levers: dict[str, float] | None = None) -> RunSpec:
    """A run of `scenario` for `years` years with `seed` and `levers`. The model stops at
    the scenario's horizon, so the horizon is set to the run's length."""
    return RunSpec({**scenario, "horizon_years": years}, int(seed), years * WEEKS_PER_YEAR,
                   dict(levers or {}))


def run_rows(rows: Sequence[dict[str, Any]], specs: Sequence[RunSpec],
             read: Callable[[ParticipationModel], dict[str, Any]],
             workers: int = 1) -> list[dict[str, Any]]:
    """One row per run, in the order given: the run's setting (`rows[i]`) followed by what
    `read` measured on it (`model.run_many`; `read` must be a module-level function or a
    partial of one when `workers` > 1)."""
    measured = run_many(specs, read, workers)
    return [{**row, **values} for row, values in zip(rows, measured, strict=True)]


def weekly(model: ParticipationModel) -> pd.DataFrame:
    return model.datacollector.get_model_vars_dataframe()


def window(weeks: pd.DataFrame, first_year: int, last_year: int | None = None) -> pd.DataFrame:
    """Weekly rows of years `first_year` to `last_year` (0-based, inclusive; the last year
    of the run when None). Row 0, the start, belongs to no year."""
    last = weeks["week"].max() if last_year is None else (last_year + 1) * WEEKS_PER_YEAR
    return weeks[(weeks["week"] > first_year * WEEKS_PER_YEAR) & (weeks["week"] <= last)]



def by_seed(frame: pd.DataFrame, column: str, **setting: Any) -> pd.Series:
    """One value per seed for the rows of one setting."""
    mask = np.ones(len(frame), dtype=bool)
    for key, value in setting.items():
        if isinstance(value, float):
            mask &= np.isclose(frame[key].to_numpy(dtype=float), value)
        else:
            mask &= (frame[key] == value).to_numpy()
    return frame[mask].set_index("seed")[column].sort_index()


def paired(label: str, a: pd.Series, b: pd.Series, direction: int, min_effect: float = 0.0,
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
# The list of facts


@dataclass(frozen=True)
class Fact:
    """An experiment, its check, and the seeds it runs by default."""

    name: str
    run: Callable[..., pd.DataFrame]
    check: Callable[[pd.DataFrame], Verdict]
    seeds: tuple[int, ...] = field(default=())
