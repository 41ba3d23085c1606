"""The text of docs/validation.md: Markdown tables and one section per stylized fact, written
from the experiments' rows and verdicts (`python -m validation.make_validation` runs them)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from model import (
    BOUNDARIES,
    DEFAULT_PARAMETERS,
    ROOM_TO_ACT,
    STEERING_PRESSURE,
    TRUST,
    WEEKS_PER_YEAR,
    Scenario,
)
from validation import budget_facts, calibration, cascade, domain_facts, facts, lever_facts
from validation.facts import ROOT, Verdict

DEFAULTS = DEFAULT_PARAMETERS


@dataclass(frozen=True)
class Context:
    """What every section says about the scenarios it ran."""

    town: Scenario
    region: Scenario
    town_text: str
    window: str


# --------------------------------------------------------------------------------------------
# Formatting


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A Markdown table."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def pct(value: float, digits: int = 1) -> str:
    return f"{100 * value:.{digits}f}%"


def seeds_text(seeds: Sequence[int]) -> str:
    seeds = list(seeds)
    if len(seeds) > 2 and seeds == list(range(seeds[0], seeds[-1] + 1)):
        return f"{len(seeds)} seeds ({seeds[0]}-{seeds[-1]})"
    return f"{len(seeds)} seeds ({', '.join(str(s) for s in seeds)})"


def mean_sd(frame: pd.DataFrame, column: str, fmt: Callable[[float], str]) -> str:
    values = frame[column].to_numpy(dtype=float)
    sd = values.std(ddof=1) if len(values) > 1 else 0.0
    return f"{fmt(values.mean())} ± {fmt(sd)}"


def settings_table(frame: pd.DataFrame, keys: Sequence[tuple[str, str, Callable]],
                   values: Sequence[tuple[str, str, Callable]]) -> str:
    """Mean ± sd over seeds of `values` for each setting of `keys`
    ((column, header, formatter) triples)."""
    rows = []
    for setting, group in frame.groupby([k for k, _, _ in keys], sort=True):
        setting = setting if isinstance(setting, tuple) else (setting,)
        rows.append([fmt(v) for v, (_, _, fmt) in zip(setting, keys, strict=True)]
                    + [mean_sd(group, column, fmt) for column, _, fmt in values])
    return table([h for _, h, _ in keys] + [h for _, h, _ in values], rows)


def verdict_text(verdict: Verdict) -> str:
    parts = []
    if verdict.comparisons:
        parts.append(table(
            ["comparison (paired by seed)", "mean", "sd", "SE", "z", "required", "holds"],
            [[c.label, c.format(c.mean), c.format(c.sd), c.format(c.se), c.z_text,
              c.required, "yes" if c.holds else "**no**"] for c in verdict.comparisons]))
    if verdict.checks:
        parts.append(table(["check", "measured", "required", "holds"],
                           [[c.label, c.measured, c.required, "yes" if c.holds else "**no**"]
                            for c in verdict.checks]))
    result = "**The fact holds.**" if verdict.holds else \
        "**The fact does not hold on the current model.**"
    parts.append(result)
    return "\n\n".join(parts)


# --------------------------------------------------------------------------------------------
# The sections


def calibration_section(result: pd.DataFrame, seeds: Sequence[int], elapsed: float) -> str:
    """The calibration table (`calibration.compare`) of runs over `seeds` that took
    `elapsed` seconds, with its text."""

    def fmt(column: str, value: float) -> str:
        if "hours" in column:
            return f"{value:.2f} h"
        if column == "mean_trust":
            return f"{value:.3f}"
        return pct(value)

    rows = []
    for row in result.itertuples():
        rows.append([row.target, row.published,
                     f"{fmt(row.column, row.low)} - {fmt(row.column, row.high)}",
                     fmt(row.column, row.model_mean), fmt(row.column, row.model_sd),
                     f"{fmt(row.column, row.model_min)} - {fmt(row.column, row.model_max)}",
                     "yes" if row.within else "**no**", row.source])
    within = int(result["within"].sum())
    text = "\n".join([
        "## Calibration: the 2015 baseline against published figures",
        "",
        f"Scenario `{calibration.BASELINE.relative_to(ROOT)}`, {seeds_text(seeds)}. Each seed "
        f"runs {calibration.BURN_IN_YEARS} years of burn-in and then "
        f"{calibration.MEASURED_YEARS} measured years; the yearly figures "
        "(`metrics.collect_year`, counted as national statistics count them) are averaged "
        "over the measured years per seed. The model's mean over seeds must lie within the "
        "band around the published figure; sd, min and max are over seeds. Targets and "
        "sources are in `validation/calibration.py`.",
        "",
        table(["target", "published", "band", "model mean", "model sd", "model min - max",
               "within", "source"], rows),
        "",
        f"**{within} of {len(result)} targets within their band.** "
        f"(Calibration runs took {elapsed:.0f} s.)",
    ])
    return text


def fact_header(title: str, verdict: Verdict, experiment: str, figure: str) -> list[str]:
    return [f"## {title}", "", f"**Claim.** {verdict.claim}", "",
            f"**Experiment.** {experiment}", "", f"![{title}](figures/{figure})", ""]


def crowding_out_section(frame: pd.DataFrame, verdict: Verdict, s: Sequence[int],
                         ctx: Context) -> str:
    pressures = ", ".join(f"{p:g}" for p in lever_facts.PRESSURES)
    return ("\n".join(fact_header(
        "Crowding out", verdict,
        f"{ctx.town_text}. Steering pressure {pressures} at room "
        f"to act {' and '.join(f'{r:g}' for r in lever_facts.ROOMS)}, from the first week; "
        f"{seeds_text(s)}, the same for every setting. Long-run participation is the mean "
        f"over the last year of a {facts.YEARS}-year run; the dashed lines show the first year. "
        "The fall is measured from the moderate pressure 0.5 to the highest, 1.",
        "crowding_out.png") + [
        settings_table(frame, [(ROOM_TO_ACT, "room to act", lambda v: f"{v:g}"),
                               (STEERING_PRESSURE, "steering pressure", lambda v: f"{v:g}")],
                       [("participation_first_year", "participation, first year", pct),
                        ("participation", "participation, last year", pct),
                        ("mean_motivation", "motivation, last year", lambda v: f"{v:.3f}"),
                        ("mean_trust", "trust, last year", lambda v: f"{v:.3f}")]),
        "", verdict_text(verdict)]))


def hysteresis_section(frame: pd.DataFrame, verdict: Verdict, s: Sequence[int],
                       ctx: Context, marks: dict[str, int]) -> str:
    year = {name: week // WEEKS_PER_YEAR for name, week in marks.items()}
    return ("\n".join(fact_header(
        "Hysteresis", verdict,
        f"{ctx.town_text}, room to act {ctx.town.levers.room_to_act:g}. The scenario's `schedule` "
        f"sets steering pressure to {frame[STEERING_PRESSURE].max():g} at the start of year "
        f"{year['before'] + 1} and back to 0 at the start of year "
        f"{year['lifted'] + 1}; motivation is measured at the end of year "
        f"{year['before']} (before) and at the end of year {year['after']} (a "
        "year after the pressure was lifted). A control run with the same seed has no "
        f"pressure. {seeds_text(s)}.", "hysteresis.png") + [
        settings_table(frame, [(STEERING_PRESSURE, "run", lambda v: "control" if v == 0
                                else f"pressure {v:g}")],
                       [("motivation_before", "motivation before", lambda v: f"{v:.3f}"),
                        ("motivation_lifted", "when lifted", lambda v: f"{v:.3f}"),
                        ("motivation_after", "a year later", lambda v: f"{v:.3f}"),
                        ("participation_before", "participation before", pct),
                        ("participation_after", "participation a year later", pct)]),
        "", verdict_text(verdict)]))


def cuts_section(frame: pd.DataFrame, verdict: Verdict, s: Sequence[int], ctx: Context) -> str:
    euro = lambda v: f"€{v / 1e6:,.2f} m"  # noqa: E731
    return ("\n".join(fact_header(
        "Cuts shift burden", verdict,
        f"{ctx.town_text}. Budget cuts of {', '.join(f'{c:.0%}' for c in budget_facts.CUTS)} "
        "(`budget.shrinkage: [cut]`: the budget is cut in the first year and stays there); "
        f"{seeds_text(s)}, the same for every cut. {ctx.window}. Spending and the cut in money "
        f"are totals over the whole run; the net saving is spending without a cut minus "
        "spending with it, per seed.", "cuts.png") + [
        settings_table(frame, [("cut", "cut", lambda v: f"{v:.0%}")],
                       [("unmet_share", "unmet share", pct),
                        ("overburdened_share", "heavily burdened helpers", lambda v: pct(v, 2)),
                        ("hours_informal", "informal hours/week", lambda v: f"{v:,.0f}"),
                        ("hours_professional", "professional hours/week",
                         lambda v: f"{v:,.0f}"),
                        ("spending_crisis", "crisis spending", euro),
                        ("cut_money", "cut in money", euro),
                        ("net_saving", "net saving", euro)]),
        "", verdict_text(verdict)]))


def boundaries_section(frame: pd.DataFrame, verdict: Verdict, s: Sequence[int],
                       ctx: Context) -> str:
    levels = ", ".join(f"{b:g}" for b in lever_facts.BOUNDARY_LEVELS)
    return ("\n".join(fact_header(
        "Boundaries protect", verdict,
        f"{ctx.town_text}. The boundaries lever at "
        f"{levels}; {seeds_text(s)}, the same for "
        f"every level. {ctx.window}.", "boundaries.png") + [
        settings_table(frame, [(BOUNDARIES, BOUNDARIES, lambda v: f"{v:g}")],
                       [("burned_out_share", "burned out", lambda v: pct(v, 2)),
                        ("overburdened_share", "heavily burdened helpers", pct),
                        ("hours_professional", "professional hours/week",
                         lambda v: f"{v:,.0f}"),
                        ("hours_informal", "informal hours/week", lambda v: f"{v:,.0f}"),
                        ("unmet_share", "unmet share", pct),
                        ("professionals_fte", "professionals (FTE)", lambda v: f"{v:.1f}")]),
        "", verdict_text(verdict)]))


def inequality_section(frame: pd.DataFrame, verdict: Verdict, s: Sequence[int],
                       ctx: Context) -> str:
    low_names = frame["low_ses_neighbourhoods"].iloc[0]
    high_names = frame["high_ses_neighbourhoods"].iloc[0]
    return ("\n".join(fact_header(
        "Inequality", verdict,
        f"{ctx.town_text}. Settings (cut, `policy.aim`): "
        f"{'; '.join(f'{c:.0%}, {a}' for c, a in budget_facts.INEQUALITY_SETTINGS)} (a cut is "
        "`budget.shrinkage: [cut]`; `weak_neighbourhoods` makes connect and belonging "
        f"{DEFAULTS.aim_weak_factor:g} times as strong below the median SES and "
        f"{DEFAULTS.aim_strong_factor:g} times as strong above it, at the same "
        f"cost); {seeds_text(s)}, the same for every setting. The unmet share of the lowest-SES "
        f"third of neighbourhoods ({low_names}) and of the highest-SES third ({high_names}) "
        "is unmet over requested hours, summed over years "
        f"{facts.BURN_IN + 1}-{facts.YEARS}; the gap is lowest minus highest.",
        "inequality.png") + [
        settings_table(frame, [("cut", "cut", lambda v: f"{v:.0%}"), ("aim", "aim", str)],
                       [("unmet_low_ses", "unmet, lowest-SES third", pct),
                        ("unmet_high_ses", "unmet, highest-SES third", pct),
                        ("unmet_gap", "gap", lambda v: f"{100 * v:.2f} pp"),
                        ("unmet_share", "unmet, whole town", pct)]),
        "", verdict_text(verdict)]))


def scale_section(frame: pd.DataFrame, verdict: Verdict, s: Sequence[int], ctx: Context) -> str:
    return ("\n".join(fact_header(
        "Scale", verdict,
        f"`{facts.REGION.relative_to(ROOT)}` ({ctx.region.inhabitants:,} inhabitants in "
        f"{len(ctx.region.region.municipalities)} municipalities of two neighbourhoods each) "
        f"with teams and money organised at the {', '.join(budget_facts.SCALES)} scale (the "
        "intermunicipal scale pairs the cooperations Noord and Zuid); "
        f"{seeds_text(s)}, the same for every scale. {ctx.window}. Overhead per case is the "
        "week's overhead spending over the cases the teams served; referral hours are the "
        "informal and volunteer hours attributable to professionals' referrals.",
        "scale.png") + [
        settings_table(frame, [("scale", "scale", str)],
                       [("overhead_per_case", "overhead per case", lambda v: f"€{v:.1f}"),
                        ("referral_hours", "referral hours/week", lambda v: f"{v:.1f}"),
                        ("hours_professional", "professional hours/week",
                         lambda v: f"{v:,.0f}"),
                        ("unmet_share", "unmet share", pct),
                        ("mean_trust", TRUST, lambda v: f"{v:.3f}"),
                        ("cost_per_inhabitant", "cost per inhabitant",
                         lambda v: f"€{v:.0f}")]),
        "", verdict_text(verdict)]))


def cascade_section(frame: pd.DataFrame, verdict: Verdict, uniform: dict[str, int],
                    draws: int) -> str:
    stats = frame.groupby("spread")["participants"]
    cascade_rows = [[f"{spread:.2f}", f"{stats.get_group(spread).median():.0f}",
                     f"{stats.get_group(spread).mean():.1f}",
                     pct((stats.get_group(spread) >= 90).mean(), 0)]
                    for spread in sorted(frame["spread"].unique())
                    if 0.085 <= spread <= 0.175  # every spread around the flip
                    or round(100 * spread) % (4 if spread < 0.1 else 5) == 0]
    return ("\n".join(fact_header(
        "Threshold cascade (Granovetter 1978)", verdict,
        "`validation.cascade.threshold_cascade`: the full model with every mechanism but the "
        "threshold rule switched off, everyone tied to everyone, and a drive that is the "
        "share of the group taking part, k/N as Granovetter defines a threshold "
        "(`cascade_scenario`). Uniform thresholds 0, 1/100, ..., 99/100 give "
        f"{uniform['uniform']} participants; with the threshold-1 resident at 2 instead, "
        f"{uniform['threshold_1_moved_to_2']} (the tests in `tests/validation/test_cascade.py` "
        "check that the model equals the exact fixed point, `exact_cascade`, on these and on "
        "sweeps of normal thresholds). Normal thresholds: mean 0.25, spread "
        f"{cascade.SPREADS[0]:g}-{cascade.SPREADS[-1]:g} in steps of 0.01, clipped to 0-1, 100 "
        f"residents, {draws} draws per spread (draw d uses the same standard normal numbers "
        "at every spread).", "threshold_cascade.png") + [
        table(["spread", "median participants", "mean", "draws with 90+"], cascade_rows),
        "", verdict_text(verdict)]))


def page_header(summary: Sequence[tuple[str, Verdict]], timings: dict[str, float],
                elapsed: float, workers: int, quick: bool, version: str) -> list[str]:
    """The page's title, how it was made, how the facts are judged, and the summary."""
    mode = ("**QUICK RUN (`--quick`): too few seeds to judge the facts; do not commit this "
            "page.** " if quick else "")
    minutes, seconds = divmod(round(elapsed), 60)
    return [
        "# Validation: calibration and stylized facts",
        "",
        f"{mode}This page is generated by `validation/make_validation.py` "
        f"({'`--quick`, ' if quick else ''}{workers} worker processes); do not edit it "
        f"by hand. Generated on {date.today().isoformat()} from commit `{version}`; the whole "
        f"run took {minutes} min {seconds} s "
        f"({', '.join(f'{k} {v:.0f} s' for k, v in timings.items())}).",
        "",
        "Every number below comes from runs of the full `ParticipationModel`. The stylized "
        "facts ([model.md](model.md#targets)) are experiments in `validation/` (listed in "
        "`validation/stylized_facts.py`); `tests/validation/test_stylized_facts.py` runs the "
        "same functions with the same seeds and asserts the same comparisons, so a fact "
        "marked as holding here passes its test. "
        "Settings are compared with common random numbers: every setting of a fact runs "
        "with the same seeds, a seed draws the same population, network and starting needs "
        "in every setting, and the comparison is the paired difference per seed. A "
        f"comparison holds when its mean lies on the claimed side of zero by more than "
        f"{facts.MARGIN_SE:g} standard errors, and by more than a "
        "minimum effect where the claim says *clearly*. In the comparison tables, sd is "
        "the spread of the paired differences over seeds, SE = sd / sqrt(seeds) and z = "
        "mean / SE, signed so that a positive z supports the claim; pp are percentage "
        "points. Other tables show mean ± sd over seeds.",
        "",
        table(["fact", "holds"], [[name, "yes" if v.holds else "**no**"]
                                  for name, v in summary]),
        "",
    ]


def domain_section(frame: pd.DataFrame, verdict: Verdict, s: Sequence[int]) -> str:
    """Each task at its own scale: youth care regional against local, and the move back."""
    return ("\n".join(fact_header(
        "Each task at its own scale", verdict,
        f"`scenarios/domains_mixed.yaml` downsized to {domain_facts.RESIDENTS:,} residents "
        "aged 15+ (five municipalities; care local, work and income intermunicipal) with "
        f"youth care at the local and at the regional scale; {seeds_text(s)}, the same for "
        f"both. Weekly means over years 2-{domain_facts.YEARS} of a "
        f"{domain_facts.YEARS}-year run. The move: `scenarios/youth_back_local.yaml` "
        "(youth care back to local in year 3) against `domains_mixed.yaml`, "
        f"{domain_facts.MOVE_YEARS} years, weekly means over "
        f"{seeds_text(domain_facts.MOVE_SEEDS)} (the same for both). Per-domain outputs as in "
        "[model.md](model.md#outputs); the rules in [scenarios.md](scenarios.md#domains).",
        "domain_scales.png") + [
        settings_table(frame, [("youth_scale", "youth care scale", str)],
                       [(f"{name}_{d}", f"{d} {label}", fmt)
                        for d in ("youth_family", "care", "work_income")
                        for name, label, fmt in (
                            ("overhead_per_case", "overhead per case", lambda v: f"€{v:.1f}"),
                            ("referral_hours", "referral h/week", lambda v: f"{v:.1f}"),
                            ("unmet_share", "unmet", pct))]),
        "", verdict_text(verdict)]))
