"""Effect sizes with sources: each lever and budget cuts, measured on the stationary baseline
and held inside the band a source supports (docs/model.md#magnitudes).

Every setting is a change made at week 0 from the steady state of `baseline_2015` (the
model's keyword arguments, `scenario.with_lever_change`), compared with the unchanged
baseline run with the same seeds; the effect is the difference of the means over
`MEASURED_YEAR` (the third year, when the fast responses have settled and the slow ones
are well under way). A band is the range of an outcome's change the literature supports,
or, where no study gives a number, an assumption with its reasoning: both are written
next to the band (`Band.source`). `effect_table` measures, `check_magnitudes` turns the
table into a verdict, and docs/validation.md#effect-sizes shows both.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
from scipy.stats import norm

from model import (
    BELONGING,
    BOUNDARIES,
    CONNECT,
    ROOM_TO_ACT,
    STEERING_PRESSURE,
    TRUST,
    WEEKS_PER_YEAR,
    ParticipationModel,
    RunSpec,
    load_scenario,
    run_many,
)
from validation.facts import ROOT, Check, Verdict

BASELINE = ROOT / "scenarios" / "baseline_2015.yaml"
DEEP_CUTS = ROOT / "scenarios" / "deep_cuts.yaml"
HET_MOET = ROOT / "scenarios" / "het_moet.yaml"
SEEDS = (1, 2, 3)
MEASURED_YEAR = 2  # 0-based: the third year after the change
OUTCOMES = ("participation", "volunteer_share", "unmet_share", "mean_trust",
            "mean_belonging", "mean_motivation", "waiting_list", "overburdened_share",
            "burned_out_share", "hours_professional")

DECI = ("Deci, Koestner & Ryan 1999: controlling rewards lower free-choice intrinsic "
        "motivation by d = 0.3-0.4; a shift of 0.35 sd takes 49% participation to about "
        "35% (a loss of about 30%), and network cascades may add a little")
CBS = ("CBS 2012-2019: volunteering stayed within a few points of 49% through the push "
       "toward the participation society, a moderate pressure")


@dataclass(frozen=True)
class Setting:
    """One column of the table: levers changed at week 0, or another scenario."""

    key: str
    label: str
    levers: tuple[tuple[str, float], ...] = ()
    scenario: str = str(BASELINE)


@dataclass(frozen=True)
class Band:
    """The change of `outcome` under `setting` must lie in [low, high]: relative to the
    baseline (`relative`) or in the outcome's own units."""

    setting: str
    outcome: str
    low: float
    high: float
    relative: bool
    source: str

    def describe(self, value: float) -> str:
        if self.relative:
            return f"{value:+.1%}"
        return f"{value * 100:+.1f} pp" if self.outcome.endswith("share") or \
            self.outcome == "participation" else f"{value:+.3f}"

    @property
    def range_text(self) -> str:
        return f"{self.describe(self.low)} to {self.describe(self.high)}"


SETTINGS: tuple[Setting, ...] = (
    Setting("room_0", "room to act 0", ((ROOM_TO_ACT, 0.0),)),
    Setting("room_1", "room to act 1", ((ROOM_TO_ACT, 1.0),)),
    Setting("connect_0", "connect 0", ((CONNECT, 0.0),)),
    Setting("connect_1", "connect 1", ((CONNECT, 1.0),)),
    Setting("belonging_0", "belonging 0", ((BELONGING, 0.0),)),
    Setting("belonging_1", "belonging 1", ((BELONGING, 1.0),)),
    Setting("boundaries_0", "boundaries 0", ((BOUNDARIES, 0.0),)),
    Setting("boundaries_1", "boundaries 1", ((BOUNDARIES, 1.0),)),
    Setting("trust_0", "trust 0", ((TRUST, 0.0),)),
    Setting("trust_1", "trust 1", ((TRUST, 1.0),)),
    Setting("pressure_025", "steering pressure 0.25", ((STEERING_PRESSURE, 0.25),)),
    Setting("pressure_05", "steering pressure 0.5", ((STEERING_PRESSURE, 0.5),)),
    Setting("pressure_1", "steering pressure 1", ((STEERING_PRESSURE, 1.0),)),
    Setting("mild", "room to act 0.2, pressure 0.25",
            ((ROOM_TO_ACT, 0.2), (STEERING_PRESSURE, 0.25))),
    Setting("het_moet", "het_moet (room 0.2, pressure 0.8; 5th year)", (),
            str(HET_MOET)),
    Setting("deep_cuts", "deep cuts (about a quarter, years 1-3)", (), str(DEEP_CUTS)),
)

BANDS: tuple[Band, ...] = (
    Band("room_0", "participation", -0.35, -0.05, True,
         "taking room away is a controlling context: at most the " + DECI),
    Band("room_1", "participation", 0.03, 0.30, True,
         "autonomy support crowds in (self-determination theory); assumed no larger than "
         "the controlling effect it mirrors"),
    Band("connect_0", "participation", -0.10, -0.005, True,
         "being asked is among the strongest predictors of volunteering (Musick & Wilson "
         "2008); assumption: fewer asked, a few percent fewer taking part"),
    Band("connect_1", "participation", 0.005, 0.10, True,
         "as connect 0, the other way"),
    Band("belonging_0", "mean_belonging", -0.15, -0.02, False,
         "assumption: a neighbourhood programme moves belonging by at most a tenth of the "
         "scale in three years"),
    Band("belonging_1", "mean_belonging", 0.02, 0.15, False, "as belonging 0"),
    Band("belonging_1", "participation", 0.005, 0.10, True,
         "belonging and local ties go with taking part (ACTIE, Denters et al. 2012); "
         "assumption for the size"),
    Band("boundaries_0", "burned_out_share", 0.0005, 0.02, False,
         "SCP: about 1 in 10 carers is heavily burdened; without boundaries more of them "
         "burn out, but at most a few percent of residents at a time (assumption)"),
    Band("boundaries_0", "participation", -0.15, 0.0, True,
         "burnout takes carers out for months; assumption: no collapse"),
    Band("boundaries_1", "overburdened_share", -0.10, -0.005, False,
         "boundaries protect carers (SCP: carers took over tasks after 2015); they can "
         "relieve at most the heavily burdened, about 1 in 10 (SCP)"),
    Band("boundaries_1", "unmet_share", 0.0, 0.15, False,
         "what carers no longer take on stays unmet where professionals are short "
         "(assumption: a trade-off, not a free gain)"),
    Band("trust_0", "mean_trust", -0.10, -0.02, False,
         "governing nearby: trust given is trust returned (assumption for the size)"),
    Band("trust_1", "mean_trust", 0.02, 0.10, False, "as trust 0"),
    Band("trust_1", "hours_professional", 0.0, 0.25, True,
         "professionals spend about a third of their time on accountability; trust at 1 "
         "halves it (assumption), so direct care rises by up to about a quarter"),
    Band("pressure_025", "participation", -0.05, 0.05, True, CBS),
    Band("pressure_05", "participation", -0.10, 0.05, True, CBS),
    Band("pressure_1", "participation", -0.35, 0.0, True, DECI),
    Band("pressure_1", "mean_trust", -0.20, -0.02, False,
         "pressure is read as distrust (assumption for the size)"),
    Band("mild", "participation", -0.20, 0.0, True,
         "mild pressure with little room: 'well under a fifth' (" + DECI + ")"),
    Band("het_moet", "volunteer_share", -0.45, -0.30, True,
         "keeps 55-70% of volunteering: " + DECI),
    Band("deep_cuts", "unmet_share", 0.005, 0.15, False,
         "after the 2015 cuts carers took over tasks, and unmet need rose (SCP 2017, Voor "
         "elkaar?); assumption for the size"),
    Band("deep_cuts", "waiting_list", 0.05, 1.0, True,
         "cuts showed as waiting lists and budget ceilings (assumption for the size)"),
)


def _last_year(model: ParticipationModel) -> dict[str, float]:
    """The outcomes' means over the last year a run simulated (a run's spec says how long
    it is)."""
    weeks = model.datacollector.get_model_vars_dataframe()
    weeks = weeks[(weeks["week"] > 0) & (weeks["year"] == model.year)]
    return {name: float(weeks[name].mean()) for name in OUTCOMES}


def _year_of(setting: Setting) -> int:
    """het_moet is read in its last year of pressure (the 5th); the rest in MEASURED_YEAR."""
    return 4 if setting.key == "het_moet" else MEASURED_YEAR


def effect_table(seeds: Sequence[int] = SEEDS, workers: int = 1) -> pd.DataFrame:
    """Per setting and outcome: the baseline's mean, the setting's mean and the change
    (difference and relative), means over `seeds`."""
    years = sorted({_year_of(s) for s in SETTINGS})
    specs, keys = [], []
    for year in years:
        for seed in seeds:
            specs.append(RunSpec(str(BASELINE), seed, (year + 1) * WEEKS_PER_YEAR))
            keys.append(("baseline", year, seed))
    for setting in SETTINGS:
        for seed in seeds:
            year = _year_of(setting)
            specs.append(RunSpec(setting.scenario, seed, (year + 1) * WEEKS_PER_YEAR,
                                 dict(setting.levers)))
            keys.append((setting.key, year, seed))
    measured = run_many(specs, _last_year, workers)
    runs = pd.DataFrame([{"setting": k, "year": y, "seed": s, **m}
                         for (k, y, s), m in zip(keys, measured, strict=True)])
    rows = []
    for setting in SETTINGS:
        year = _year_of(setting)
        base = runs[(runs["setting"] == "baseline") & (runs["year"] == year)]
        own = runs[runs["setting"] == setting.key]
        for outcome in OUTCOMES:
            b, v = float(base[outcome].mean()), float(own[outcome].mean())
            rows.append({"setting": setting.key, "label": setting.label, "outcome": outcome,
                         "baseline": b, "value": v, "difference": v - b,
                         "relative": (v - b) / b if b else float("nan")})
    return pd.DataFrame(rows)


def _with_mechanism(path: str, social_influence: bool) -> dict[str, Any]:
    data = load_scenario(path).model_dump()
    data["mechanisms"]["social_influence"] = social_influence
    return data


def crowding_decomposition(seeds: Sequence[int] = SEEDS, workers: int = 1) -> pd.DataFrame:
    """het_moet against the baseline in its last year of pressure, with and without social
    influence (the share of active ties in the drive): how much of the fall is the direct
    shift of the drive, in standard deviations of the latent propensity (the probit of the
    participation rate, as the issue of Deci et al.'s d is read), and how much the network
    cascade adds. One row per social-influence setting."""
    year = _year_of(next(s for s in SETTINGS if s.key == "het_moet"))
    specs, keys = [], []
    for social in (True, False):
        for name, path in (("baseline", str(BASELINE)), ("het_moet", str(HET_MOET))):
            for seed in seeds:
                specs.append(RunSpec(_with_mechanism(path, social), seed,
                                     (year + 1) * WEEKS_PER_YEAR))
                keys.append((social, name))
    measured = run_many(specs, _last_year, workers)
    runs = pd.DataFrame([{"social_influence": k[0], "scenario": k[1], **m}
                         for k, m in zip(keys, measured, strict=True)])
    rows = []
    for social, group in runs.groupby("social_influence", sort=False):
        means = group.groupby("scenario")[["participation", "volunteer_share"]].mean()
        p0, p1 = means.loc["baseline", "participation"], means.loc["het_moet", "participation"]
        rows.append({"social_influence": bool(social), "baseline_participation": p0,
                     "het_moet_participation": p1, "participation_kept": p1 / p0,
                     "volunteering_kept": means.loc["het_moet", "volunteer_share"]
                     / means.loc["baseline", "volunteer_share"],
                     "latent_shift_sd": float(norm.ppf(p0) - norm.ppf(p1))})
    return pd.DataFrame(rows)


def check_magnitudes(table: pd.DataFrame) -> Verdict:
    """Every band: the measured change inside it."""
    indexed = table.set_index(["setting", "outcome"])
    checks = []
    for band in BANDS:
        row = indexed.loc[(band.setting, band.outcome)]
        value = float(row["relative"] if band.relative else row["difference"])
        label = next(s.label for s in SETTINGS if s.key == band.setting)
        checks.append(Check(f"{label}: {band.outcome}", band.describe(value),
                            band.range_text, bool(band.low <= value <= band.high)))
    return Verdict("magnitudes", "Each lever and budget cuts move their main outcomes by "
                   "amounts inside the bands their sources support.", checks=tuple(checks))


__all__ = ["BANDS", "SETTINGS", "Band", "Setting", "check_magnitudes",
           "crowding_decomposition", "effect_table"]
