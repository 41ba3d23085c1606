"""Write docs/validation.md and its figures: the calibration table and the stylized facts.

    .venv/bin/python docs/make_validation.py [--quick] [--workers 2] [--out DIR]

Every number on the page comes from the runs this script makes: the calibration of the 2015
baseline (`model/calibration.py`) and one experiment per stylized fact
(`model/stylized_facts.py`, the same functions the tests call). `--quick` runs two seeds per
fact and three calibration seeds, to try the script out; it writes to
results/validation_quick/ unless `--out` says otherwise. The committed page comes from the
full run.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from model import DEFAULT_PARAMETERS as DEFAULTS  # noqa: E402
from model import load_scenario  # noqa: E402
from validation import calibration  # noqa: E402
from validation import stylized_facts as sf  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]

QUICK_SEEDS = 2
QUICK_CALIBRATION_SEEDS = 3
QUICK_CASCADE_DRAWS = 15
COLOURS = {"low": "#c0392b", "high": "#2471a3", "control": "#7f8c8d", "grey": "#555555"}

plt.rcParams.update({"figure.dpi": 110, "font.size": 10, "axes.titlesize": 11,
                     "axes.spines.top": False, "axes.spines.right": False})


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


def verdict_text(verdict: sf.Verdict) -> str:
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


def _by_setting(frame: pd.DataFrame, by: str | list[str], column: str) -> pd.DataFrame:
    return frame.groupby(by)[column].agg(["mean", "std"]).fillna(0.0)


def _points(ax: Any, x: Sequence[float], values: Sequence[Sequence[float]],
            colour: str) -> None:
    """Each seed's value as a small dot, jittered sideways a little."""
    rng = np.random.default_rng(0)
    for xi, vals in zip(x, values, strict=True):
        ax.scatter(xi + rng.uniform(-0.08, 0.08, len(vals)), vals, s=8, color=colour,
                   alpha=0.35, linewidths=0, zorder=3)


# --------------------------------------------------------------------------------------------
# Figures


def figure_crowding_out(frame: pd.DataFrame, path: Path) -> None:
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 4))
    rooms = sorted(frame["room_to_act"].unique())
    for room, colour in zip(rooms, (COLOURS["low"], COLOURS["high"]), strict=False):
        part = frame[frame["room_to_act"] == room]
        long_run = _by_setting(part, "steering_pressure", "participation")
        first = _by_setting(part, "steering_pressure", "participation_first_year")
        motivation = _by_setting(part, "steering_pressure", "mean_motivation")
        ax1.errorbar(long_run.index, 100 * long_run["mean"], yerr=100 * long_run["std"],
                     color=colour, marker="o", capsize=3,
                     label=f"room to act {room:g}: last year")
        ax1.plot(first.index, 100 * first["mean"], color=colour, linestyle="--", marker=".",
                 alpha=0.7, label=f"room to act {room:g}: first year")
        ax2.errorbar(motivation.index, motivation["mean"], yerr=motivation["std"],
                     color=colour, marker="o", capsize=3, label=f"room to act {room:g}")
    ax1.set(xlabel="steering pressure", ylabel="participation (% of residents 15+)",
            title="Participation: at once and in the long run")
    ax2.set(xlabel="steering pressure", ylabel="mean intrinsic motivation (0-1)",
            title="Intrinsic motivation in the last year")
    ax1.legend(fontsize=8)
    ax2.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def figure_hysteresis(weekly: pd.DataFrame, frame: pd.DataFrame, marks: dict[str, int],
                      path: Path) -> None:
    fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(9, 6), sharex=True)
    pressure = float(frame["steering_pressure"].max())
    for level, colour, label in ((0.0, COLOURS["control"], "control: no pressure"),
                                 (pressure, COLOURS["low"],
                                  f"pressure {pressure:g} for two years")):
        runs = weekly[np.isclose(weekly["steering_pressure"], level)]
        mean = runs.groupby("week")[["mean_motivation", "participation"]].mean()
        years = mean.index / 52
        ax1.plot(years, mean["mean_motivation"], color=colour, label=label)
        ax2.plot(years, 100 * mean["participation"], color=colour, label=label)
    for ax in (ax1, ax2):
        ax.axvspan(marks["before"] / 52, marks["lifted"] / 52, color="#f5b7b1", alpha=0.35,
                   lw=0)
        for name in ("before", "after"):
            ax.axvline(marks[name] / 52, color=COLOURS["grey"], linestyle=":", lw=1)
    ax1.text(marks["before"] / 52, ax1.get_ylim()[1], " measured: before", va="top",
             fontsize=8)
    ax1.text(marks["after"] / 52, ax1.get_ylim()[1], "after ", va="top", ha="right",
             fontsize=8)
    ax1.set(ylabel="mean intrinsic motivation (0-1)",
            title="Motivation after steering pressure is lifted (shaded: pressure on)")
    ax2.set(xlabel="years", ylabel="participation (%)")
    ax1.legend(fontsize=8, loc="lower left")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def figure_cuts(frame: pd.DataFrame, inhabitants: int, years: int, path: Path) -> None:
    fig, axes = plt.subplots(1, 3, figsize=(12, 3.8))
    levels = sorted(frame["cut"].unique())
    x = np.arange(len(levels))
    labels = [f"{c:.0%}" for c in levels]
    for ax, column, title in ((axes[0], "unmet_share", "Unmet need (% of requested hours)"),
                              (axes[1], "overburdened_share",
                               "Heavily burdened helpers (% of active)")):
        stats = _by_setting(frame, "cut", column)
        ax.bar(x, 100 * stats["mean"], yerr=100 * stats["std"], color="#aab7b8", capsize=3)
        _points(ax, x, [100 * frame[frame["cut"] == c][column] for c in levels],
                COLOURS["grey"])
        ax.set(xticks=x, xticklabels=labels, xlabel="budget cut", title=title)
    per_year = inhabitants * years
    cut = frame[frame["cut"] > 0]
    money = _by_setting(cut, "cut", "cut_money") / per_year
    saving = _by_setting(cut, "cut", "net_saving") / per_year
    xs = np.arange(len(money))
    axes[2].bar(xs - 0.2, money["mean"], width=0.4, color="#aab7b8", label="cut in budget")
    axes[2].bar(xs + 0.2, saving["mean"], width=0.4, yerr=saving["std"], capsize=3,
                color=COLOURS["high"], label="net saving in spending")
    axes[2].set(xticks=xs, xticklabels=[f"{c:.0%}" for c in money.index], xlabel="budget cut",
                ylabel="euro per inhabitant per year", title="What the cut saves")
    axes[2].legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def figure_boundaries(frame: pd.DataFrame, path: Path) -> None:
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 3.8))
    for ax, column, scale, title, colour in (
            (ax1, "burned_out_share", 100, "Burned-out residents (% of residents 15+)",
             COLOURS["low"]),
            (ax2, "hours_professional", 1, "Professional hours a week", COLOURS["high"])):
        stats = _by_setting(frame, "boundaries", column)
        ax.errorbar(stats.index, scale * stats["mean"], yerr=scale * stats["std"],
                    color=colour, marker="o", capsize=3)
        ax.set(xlabel="boundaries lever", title=title)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def figure_inequality(frame: pd.DataFrame, path: Path) -> None:
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4))
    settings = sorted({(c, a) for c, a in zip(frame["cut"], frame["aim"], strict=True)})
    names = {"even": "even", "weak_neighbourhoods": "aimed at weak"}
    labels = [f"cut {c:.0%}\n{names.get(a, a)}" for c, a in settings]
    x = np.arange(len(settings))

    def rows(cut: float, aim: str) -> pd.DataFrame:
        return frame[np.isclose(frame["cut"], cut) & (frame["aim"] == aim)]

    for offset, column, colour, label in ((-0.2, "unmet_low_ses", COLOURS["low"],
                                           "lowest-SES third of neighbourhoods"),
                                          (0.2, "unmet_high_ses", COLOURS["high"],
                                           "highest-SES third")):
        means = [100 * rows(*s)[column].mean() for s in settings]
        sds = [100 * rows(*s)[column].std(ddof=1) for s in settings]
        ax1.bar(x + offset, means, width=0.4, yerr=sds, capsize=3, color=colour, label=label)
    ax1.set(xticks=x, xticklabels=labels, ylabel="unmet need (% of requested hours)",
            title="Unmet need by neighbourhood SES")
    ax1.legend(fontsize=8, loc="lower right")
    gaps = [100 * rows(*s)["unmet_gap"] for s in settings]
    ax2.bar(x, [g.mean() for g in gaps], yerr=[g.std(ddof=1) for g in gaps], capsize=3,
            color="#aab7b8")
    _points(ax2, x, gaps, COLOURS["grey"])
    ax2.axhline(0, color=COLOURS["grey"], lw=0.8)
    ax2.set(xticks=x, xticklabels=labels, ylabel="percentage points",
            title="Gap: lowest- minus highest-SES neighbourhoods")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def figure_scale(frame: pd.DataFrame, path: Path) -> None:
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 3.8))
    scales = [s for s in sf.SCALES if s in set(frame["scale"])]
    x = np.arange(len(scales))
    for ax, column, title in ((ax1, "overhead_per_case", "Overhead per case served (euro)"),
                              (ax2, "referral_hours",
                               "Informal help from referrals (hours a week)")):
        values = [frame[frame["scale"] == s][column] for s in scales]
        ax.bar(x, [v.mean() for v in values], yerr=[v.std(ddof=1) for v in values], capsize=3,
               color="#aab7b8")
        _points(ax, x, values, COLOURS["grey"])
        ax.set(xticks=x, xticklabels=scales, xlabel="scale of teams and money", title=title)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def figure_cascade(frame: pd.DataFrame, uniform: dict[str, int], path: Path) -> None:
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4), width_ratios=[2.2, 1])
    rng = np.random.default_rng(0)
    ax1.scatter(frame["spread"] + rng.uniform(-0.003, 0.003, len(frame)),
                frame["participants"], s=6, alpha=0.25, color=COLOURS["grey"], linewidths=0,
                label="one draw of 100 thresholds")
    stats = frame.groupby("spread")["participants"]
    ax1.plot(stats.mean().index, stats.mean(), color=COLOURS["high"], marker="o", ms=3,
             label="mean over draws")
    full = stats.apply(lambda v: 100 * (v >= 90).mean())
    ax1.plot(full.index, full, color=COLOURS["low"], linestyle="--",
             label="% of draws with 90+ participants")
    ax1.axvline(0.12, color=COLOURS["grey"], linestyle=":", lw=1)
    ax1.text(0.122, 103, "0.12", fontsize=8, color=COLOURS["grey"])
    ax1.set(xlabel="spread (sd) of thresholds, mean 0.25",
            ylabel="participants at equilibrium (of 100)",
            title="Normal thresholds: from a handful to nearly everyone")
    ax1.legend(fontsize=8, loc="center right")
    names = ["thresholds\n0, 1, ..., 99 (/100)", "the same, with\nthreshold 1 moved to 2"]
    values = [uniform["uniform"], uniform["threshold_1_moved_to_2"]]
    ax2.bar([0, 1], values, color=[COLOURS["high"], COLOURS["low"]])
    for i, v in enumerate(values):
        ax2.text(i, v + 1, str(v), ha="center", fontsize=10)
    ax2.set(xticks=[0, 1], xticklabels=names, ylim=(0, 110), ylabel="participants (of 100)",
            title="Uniform thresholds")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


# --------------------------------------------------------------------------------------------
# The page


def calibration_section(seeds: Sequence[int], workers: int) -> tuple[str, float]:
    start = time.perf_counter()
    runs = calibration.measure(seeds, workers=workers)
    result = calibration.compare(runs)
    elapsed = time.perf_counter() - start

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
        "sources are in `model/calibration.py`.",
        "",
        table(["target", "published", "band", "model mean", "model sd", "model min - max",
               "within", "source"], rows),
        "",
        f"**{within} of {len(result)} targets within their band.** "
        f"(Calibration runs took {elapsed:.0f} s.)",
    ])
    return text, elapsed


def fact_header(title: str, verdict: sf.Verdict, experiment: str, figure: str) -> list[str]:
    return [f"## {title}", "", f"**Claim.** {verdict.claim}", "",
            f"**Experiment.** {experiment}", "", f"![{title}](figures/{figure})", ""]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="two seeds per fact and three calibration seeds (to try it out)")
    parser.add_argument("--workers", type=int, default=2, help="processes for the runs")
    parser.add_argument("--out", type=Path, default=None,
                        help="folder for validation.md and figures/ (default: docs/, or "
                        "results/validation_quick/ with --quick)")
    args = parser.parse_args(argv)
    out = args.out or (ROOT / "results" / "validation_quick" if args.quick else ROOT / "docs")
    figures = out / "figures"
    figures.mkdir(parents=True, exist_ok=True)
    workers = args.workers
    start = time.perf_counter()

    def seeds(default: Sequence[int]) -> tuple[int, ...]:
        return tuple(default[:QUICK_SEEDS]) if args.quick else tuple(default)

    timings: dict[str, float] = {}
    sections: list[str] = []
    summary: list[tuple[str, sf.Verdict]] = []

    def timed(name: str, func: Callable[..., Any], *a: Any, **kw: Any) -> Any:
        t0 = time.perf_counter()
        result = func(*a, **kw)
        timings[name] = time.perf_counter() - t0
        print(f"{name}: {timings[name]:.0f} s", flush=True)
        return result

    town = load_scenario(sf.TOWN)
    region = load_scenario(sf.REGION)
    town_text = (f"`{sf.TOWN.relative_to(ROOT)}` ({town.inhabitants:,} inhabitants, "
                 f"{town.residents:,} residents aged 15+ in "
                 f"{len(town.region.municipalities[0].neighbourhoods)} neighbourhoods from SES "
                 "0.15 to 0.85)")
    window = (f"Outcomes are weekly means over years {sf.BURN_IN + 1}-{sf.YEARS} of a "
              f"{sf.YEARS}-year run (the first year is left out while roles and teams "
              "settle)")

    # Calibration
    cal_seeds = (calibration.CALIBRATION_SEEDS[:QUICK_CALIBRATION_SEEDS] if args.quick
                 else calibration.CALIBRATION_SEEDS)
    calibration_text, timings["calibration"] = calibration_section(cal_seeds, workers)
    print(f"calibration: {timings['calibration']:.0f} s", flush=True)

    # Crowding out
    s = seeds(sf.CROWDING_OUT_SEEDS)
    frame = timed("crowding_out", sf.crowding_out, seeds=s, workers=workers)
    verdict = sf.check_crowding_out(frame)
    figure_crowding_out(frame, figures / "crowding_out.png")
    summary.append(("Crowding out", verdict))
    sections.append("\n".join(fact_header(
        "Crowding out", verdict,
        f"{town_text}. Steering pressure {', '.join(f'{p:g}' for p in sf.PRESSURES)} at room "
        f"to act {' and '.join(f'{r:g}' for r in sf.ROOMS)}, from the first week; "
        f"{seeds_text(s)}, the same for every setting. Long-run participation is the mean "
        f"over the last year of a {sf.YEARS}-year run; the dashed lines show the first year. "
        "The fall is measured from the moderate pressure 0.5 to the highest, 1.",
        "crowding_out.png") + [
        settings_table(frame, [("room_to_act", "room to act", lambda v: f"{v:g}"),
                               ("steering_pressure", "steering pressure", lambda v: f"{v:g}")],
                       [("participation_first_year", "participation, first year", pct),
                        ("participation", "participation, last year", pct),
                        ("mean_motivation", "motivation, last year", lambda v: f"{v:.3f}"),
                        ("mean_trust", "trust, last year", lambda v: f"{v:.3f}")]),
        "", verdict_text(verdict)]))

    # Hysteresis
    s = seeds(sf.HYSTERESIS_SEEDS)
    frame, weekly = timed("hysteresis", sf.hysteresis_with_weekly, seeds=s, workers=workers)
    marks = {k: int(frame[f"week_{k}"].iloc[0]) for k in ("before", "lifted", "after")}
    verdict = sf.check_hysteresis(frame)
    figure_hysteresis(weekly, frame, marks, figures / "hysteresis.png")
    summary.append(("Hysteresis", verdict))
    sections.append("\n".join(fact_header(
        "Hysteresis", verdict,
        f"{town_text}, room to act {town.levers.room_to_act:g}. The scenario's `schedule` "
        f"sets steering pressure to {frame['steering_pressure'].max():g} at the start of year "
        f"{marks['before'] // 52 + 1} and back to 0 at the start of year "
        f"{marks['lifted'] // 52 + 1}; motivation is measured at the end of year "
        f"{marks['before'] // 52} (before) and at the end of year {marks['after'] // 52} (a "
        "year after the pressure was lifted). A control run with the same seed has no "
        f"pressure. {seeds_text(s)}.", "hysteresis.png") + [
        settings_table(frame, [("steering_pressure", "run", lambda v: "control" if v == 0
                                else f"pressure {v:g}")],
                       [("motivation_before", "motivation before", lambda v: f"{v:.3f}"),
                        ("motivation_lifted", "when lifted", lambda v: f"{v:.3f}"),
                        ("motivation_after", "a year later", lambda v: f"{v:.3f}"),
                        ("participation_before", "participation before", pct),
                        ("participation_after", "participation a year later", pct)]),
        "", verdict_text(verdict)]))

    # Cuts
    s = seeds(sf.CUTS_SEEDS)
    frame = timed("cuts", sf.cuts, seeds=s, workers=workers)
    verdict = sf.check_cuts(frame)
    figure_cuts(frame, town.inhabitants, sf.YEARS, figures / "cuts.png")
    summary.append(("Cuts shift burden", verdict))
    euro = lambda v: f"€{v / 1e6:,.2f} m"  # noqa: E731
    sections.append("\n".join(fact_header(
        "Cuts shift burden", verdict,
        f"{town_text}. Budget cuts of {', '.join(f'{c:.0%}' for c in sf.CUTS)} "
        "(`budget.shrinkage: [cut]`: the budget is cut in the first year and stays there); "
        f"{seeds_text(s)}, the same for every cut. {window}. Spending and the cut in money "
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

    # Boundaries
    s = seeds(sf.BOUNDARIES_SEEDS)
    frame = timed("boundaries", sf.boundaries, seeds=s, workers=workers)
    verdict = sf.check_boundaries(frame)
    figure_boundaries(frame, figures / "boundaries.png")
    summary.append(("Boundaries protect", verdict))
    sections.append("\n".join(fact_header(
        "Boundaries protect", verdict,
        f"{town_text}. The boundaries lever at "
        f"{', '.join(f'{b:g}' for b in sf.BOUNDARY_LEVELS)}; {seeds_text(s)}, the same for "
        f"every level. {window}.", "boundaries.png") + [
        settings_table(frame, [("boundaries", "boundaries", lambda v: f"{v:g}")],
                       [("burned_out_share", "burned out", lambda v: pct(v, 2)),
                        ("overburdened_share", "heavily burdened helpers", pct),
                        ("hours_professional", "professional hours/week",
                         lambda v: f"{v:,.0f}"),
                        ("hours_informal", "informal hours/week", lambda v: f"{v:,.0f}"),
                        ("unmet_share", "unmet share", pct),
                        ("professionals_fte", "professionals (FTE)", lambda v: f"{v:.1f}")]),
        "", verdict_text(verdict)]))

    # Inequality
    s = seeds(sf.INEQUALITY_SEEDS)
    frame = timed("inequality", sf.inequality, seeds=s, workers=workers)
    verdict = sf.check_inequality(frame)
    figure_inequality(frame, figures / "inequality.png")
    summary.append(("Inequality", verdict))
    low_names = frame["low_ses_neighbourhoods"].iloc[0]
    high_names = frame["high_ses_neighbourhoods"].iloc[0]
    sections.append("\n".join(fact_header(
        "Inequality", verdict,
        f"{town_text}. Settings (cut, `policy.aim`): "
        f"{'; '.join(f'{c:.0%}, {a}' for c, a in sf.INEQUALITY_SETTINGS)} (a cut is "
        "`budget.shrinkage: [cut]`; `weak_neighbourhoods` makes connect and belonging "
        f"{DEFAULTS.aim_weak_factor:g} times as strong below the median SES and "
        f"{DEFAULTS.aim_strong_factor:g} times as strong above it, at the same "
        f"cost); {seeds_text(s)}, the same for every setting. The unmet share of the lowest-SES "
        f"third of neighbourhoods ({low_names}) and of the highest-SES third ({high_names}) "
        "is unmet over requested hours, summed over years "
        f"{sf.BURN_IN + 1}-{sf.YEARS}; the gap is lowest minus highest.",
        "inequality.png") + [
        settings_table(frame, [("cut", "cut", lambda v: f"{v:.0%}"), ("aim", "aim", str)],
                       [("unmet_low_ses", "unmet, lowest-SES third", pct),
                        ("unmet_high_ses", "unmet, highest-SES third", pct),
                        ("unmet_gap", "gap", lambda v: f"{100 * v:.2f} pp"),
                        ("unmet_share", "unmet, whole town", pct)]),
        "", verdict_text(verdict)]))

    # Scale
    s = seeds(sf.SCALE_SEEDS)
    frame = timed("scale", sf.scale, seeds=s, workers=workers)
    verdict = sf.check_scale(frame)
    figure_scale(frame, figures / "scale.png")
    summary.append(("Scale", verdict))
    sections.append("\n".join(fact_header(
        "Scale", verdict,
        f"`{sf.REGION.relative_to(ROOT)}` ({region.inhabitants:,} inhabitants in "
        f"{len(region.region.municipalities)} municipalities of two neighbourhoods each) "
        f"with teams and money organised at the {', '.join(sf.SCALES)} scale (the "
        "intermunicipal scale pairs the cooperations Noord and Zuid); "
        f"{seeds_text(s)}, the same for every scale. {window}. Overhead per case is the "
        "week's overhead spending over the cases the teams served; referral hours are the "
        "informal and volunteer hours attributable to professionals' referrals.",
        "scale.png") + [
        settings_table(frame, [("scale", "scale", str)],
                       [("overhead_per_case", "overhead per case", lambda v: f"€{v:.1f}"),
                        ("referral_hours", "referral hours/week", lambda v: f"{v:.1f}"),
                        ("hours_professional", "professional hours/week",
                         lambda v: f"{v:,.0f}"),
                        ("unmet_share", "unmet share", pct),
                        ("mean_trust", "trust", lambda v: f"{v:.3f}"),
                        ("cost_per_inhabitant", "cost per inhabitant",
                         lambda v: f"€{v:.0f}")]),
        "", verdict_text(verdict)]))

    # Threshold cascade
    draws = QUICK_CASCADE_DRAWS if args.quick else sf.CASCADE_DRAWS
    uniform = timed("threshold_cascade_uniform", sf.uniform_cascades)
    frame = timed("threshold_cascade", sf.threshold_cascade_sweep, draws=draws)
    verdict = sf.check_threshold_cascade(frame)
    figure_cascade(frame, uniform, figures / "threshold_cascade.png")
    summary.append(("Threshold cascade", verdict))
    stats = frame.groupby("spread")["participants"]
    cascade_rows = [[f"{spread:.2f}", f"{stats.get_group(spread).median():.0f}",
                     f"{stats.get_group(spread).mean():.1f}",
                     pct((stats.get_group(spread) >= 90).mean(), 0)]
                    for spread in sorted(frame["spread"].unique())
                    if 0.085 <= spread <= 0.175  # every spread around the flip
                    or round(100 * spread) % (4 if spread < 0.1 else 5) == 0]
    sections.append("\n".join(fact_header(
        "Threshold cascade (Granovetter 1978)", verdict,
        "`model.validation.threshold_cascade`: the full model with every mechanism but the "
        "threshold rule switched off, everyone tied to everyone, and a drive that is the "
        "share of the others taking part (`cascade_scenario`). Uniform thresholds 0, 1/100, "
        f"..., 99/100 give {uniform['uniform']} participants; with the threshold-1 resident "
        f"at 2 instead, {uniform['threshold_1_moved_to_2']} (the exact check is in "
        "`tests/test_validation.py`). Normal thresholds: mean 0.25, spread "
        f"{sf.SPREADS[0]:g}-{sf.SPREADS[-1]:g} in steps of 0.01, clipped to 0-1, 100 "
        f"residents, {draws} draws per spread (draw d uses the same standard normal numbers "
        "at every spread).", "threshold_cascade.png") + [
        table(["spread", "median participants", "mean", "draws with 90+"], cascade_rows),
        "", verdict_text(verdict)]))

    elapsed = time.perf_counter() - start
    try:
        version = subprocess.run(["git", "describe", "--always", "--dirty"], cwd=ROOT,
                                 capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        version = "unknown"
    mode = ("**QUICK RUN (`--quick`): too few seeds to judge the facts; do not commit this "
            "page.** " if args.quick else "")
    minutes, seconds = divmod(round(elapsed), 60)
    header = [
        "# Validation: calibration and stylized facts",
        "",
        f"{mode}This page is generated by `docs/make_validation.py` "
        f"({'`--quick`, ' if args.quick else ''}{workers} worker processes); do not edit it "
        f"by hand. Generated on {date.today().isoformat()} from commit `{version}`; the whole "
        f"run took {minutes} min {seconds} s "
        f"({', '.join(f'{k} {v:.0f} s' for k, v in timings.items())}).",
        "",
        "Every number below comes from runs of the full `ParticipationModel`. The stylized "
        "facts (DESIGN 3.8) are experiments in `model/stylized_facts.py`; "
        "`tests/test_stylized_facts.py` runs the same functions with the same seeds and "
        "asserts the same comparisons, so a fact marked as holding here passes its test. "
        "Settings are compared with common random numbers: every setting of a fact runs "
        "with the same seeds, a seed draws the same population, network and starting needs "
        "in every setting, and the comparison is the paired difference per seed. A "
        f"comparison holds when its mean lies on the claimed side of zero by more than "
        f"{sf.MARGIN_SE:g} standard errors, and by more than a "
        "minimum effect where the claim says *clearly*. In the comparison tables, sd is "
        "the spread of the paired differences over seeds, SE = sd / sqrt(seeds) and z = "
        "mean / SE, signed so that a positive z supports the claim; pp are percentage "
        "points. Other tables show mean ± sd over seeds.",
        "",
        table(["fact", "holds"], [[name, "yes" if v.holds else "**no**"]
                                  for name, v in summary]),
        "",
    ]
    page = "\n".join(header + [calibration_text, ""] + [text + "\n" for text in sections])
    (out / "validation.md").write_text(page, encoding="utf-8")
    print(f"wrote {out / 'validation.md'} and {len(summary)} figures in {elapsed:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
