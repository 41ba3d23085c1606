"""The figures of docs/validation.md: one per stylized fact, drawn from the experiment's rows
(`python -m validation.make_validation` runs the experiments and calls these)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from model import BOUNDARIES, ROOM_TO_ACT, STEERING_PRESSURE, WEEKS_PER_YEAR  # noqa: E402
from validation import budget_facts  # noqa: E402

COLOURS = {"low": "#c0392b", "high": "#2471a3", "control": "#7f8c8d", "grey": "#555555"}

plt.rcParams.update({"figure.dpi": 110, "font.size": 10, "axes.titlesize": 11,
                     "axes.spines.top": False, "axes.spines.right": False})


def by_setting(frame: pd.DataFrame, by: str | list[str], column: str) -> pd.DataFrame:
    return frame.groupby(by)[column].agg(["mean", "std"]).fillna(0.0)


def points(ax: Any, x: Sequence[float], values: Sequence[Sequence[float]],
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
    rooms = sorted(frame[ROOM_TO_ACT].unique())
    for room, colour in zip(rooms, (COLOURS["low"], COLOURS["high"]), strict=False):
        part = frame[frame[ROOM_TO_ACT] == room]
        long_run = by_setting(part, STEERING_PRESSURE, "participation")
        first = by_setting(part, STEERING_PRESSURE, "participation_first_year")
        motivation = by_setting(part, STEERING_PRESSURE, "mean_motivation")
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
    pressure = float(frame[STEERING_PRESSURE].max())
    for level, colour, label in ((0.0, COLOURS["control"], "control: no pressure"),
                                 (pressure, COLOURS["low"],
                                  f"pressure {pressure:g} for two years")):
        runs = weekly[np.isclose(weekly[STEERING_PRESSURE], level)]
        mean = runs.groupby("week")[["mean_motivation", "participation"]].mean()
        years = mean.index / WEEKS_PER_YEAR
        ax1.plot(years, mean["mean_motivation"], color=colour, label=label)
        ax2.plot(years, 100 * mean["participation"], color=colour, label=label)
    for ax in (ax1, ax2):
        ax.axvspan(marks["before"] / WEEKS_PER_YEAR, marks["lifted"] / WEEKS_PER_YEAR,
                   color="#f5b7b1", alpha=0.35,
                   lw=0)
        for name in ("before", "after"):
            ax.axvline(marks[name] / WEEKS_PER_YEAR, color=COLOURS["grey"], linestyle=":", lw=1)
    ax1.text(marks["before"] / WEEKS_PER_YEAR, ax1.get_ylim()[1], " measured: before", va="top",
             fontsize=8)
    ax1.text(marks["after"] / WEEKS_PER_YEAR, ax1.get_ylim()[1], "after ", va="top", ha="right",
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
        stats = by_setting(frame, "cut", column)
        ax.bar(x, 100 * stats["mean"], yerr=100 * stats["std"], color="#aab7b8", capsize=3)
        points(ax, x, [100 * frame[frame["cut"] == c][column] for c in levels],
                COLOURS["grey"])
        ax.set(xticks=x, xticklabels=labels, xlabel="budget cut", title=title)
    per_year = inhabitants * years
    cut = frame[frame["cut"] > 0]
    money = by_setting(cut, "cut", "cut_money") / per_year
    saving = by_setting(cut, "cut", "net_saving") / per_year
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
        stats = by_setting(frame, BOUNDARIES, column)
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
    points(ax2, x, gaps, COLOURS["grey"])
    ax2.axhline(0, color=COLOURS["grey"], lw=0.8)
    ax2.set(xticks=x, xticklabels=labels, ylabel="percentage points",
            title="Gap: lowest- minus highest-SES neighbourhoods")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def figure_scale(frame: pd.DataFrame, path: Path) -> None:
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 3.8))
    scales = [s for s in budget_facts.SCALES if s in set(frame["scale"])]
    x = np.arange(len(scales))
    for ax, column, title in ((ax1, "overhead_per_case", "Overhead per case served (euro)"),
                              (ax2, "referral_hours",
                               "Informal help from referrals (hours a week)")):
        values = [frame[frame["scale"] == s][column] for s in scales]
        ax.bar(x, [v.mean() for v in values], yerr=[v.std(ddof=1) for v in values], capsize=3,
               color="#aab7b8")
        points(ax, x, values, COLOURS["grey"])
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


def figure_domain_scales(frame: pd.DataFrame, moving: pd.DataFrame, staying: pd.DataFrame,
                         path: Path) -> None:
    """Youth care regional against local (per seed), and the weekly referrals of youth
    care when it moves back to local in year 3 against staying regional."""
    fig, (ax1, ax2, ax3) = plt.subplots(1, 3, figsize=(13, 3.8))
    scales = ["local", "regional"]
    x = np.arange(len(scales))
    for ax, column, title in ((ax1, "overhead_per_case_youth_family",
                               "Youth care: overhead per case (euro)"),
                              (ax2, "referral_hours_youth_family",
                               "Youth care: help from referrals (h/week)")):
        values = [frame[frame["youth_scale"] == s][column] for s in scales]
        ax.bar(x, [v.mean() for v in values], yerr=[v.std(ddof=1) for v in values], capsize=3,
               color="#aab7b8")
        points(ax, x, values, COLOURS["grey"])
        ax.set(xticks=x, xticklabels=scales, xlabel="scale of youth care", title=title)
    years = moving["week"] / WEEKS_PER_YEAR
    for frame_, label, colour in ((moving, "back to local in year 3", COLOURS["high"]),
                                  (staying, "regional throughout", COLOURS["grey"])):
        ax3.plot(years, frame_["referral_hours_youth_family"].rolling(13, min_periods=1).mean(),
                 color=colour, label=label)
    ax3.axvline(3, color=COLOURS["grey"], linestyle=":", lw=1)
    ax3.set(xlabel="year", title="Youth care: help from referrals (13-week mean)")
    ax3.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
