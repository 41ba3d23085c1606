"""The sections of docs/validation.md on the model's honesty: a run that changes nothing stays
flat (with the table before the spin-up), every year of the calibration, the effect sizes
against their bands, the one-lever-at-a-time table before and after, and the Sobol study."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from validation import magnitudes, stationarity
from validation.facts import ROOT, Verdict
from validation.page import pct, seeds_text, table, verdict_text

BEFORE = ROOT / "validation" / "before"
BEFORE_REVISION = "144e2d7"
SOBOL_TABLE = ROOT / "docs" / "sobol_levers.csv"
LEADING = 0.1  # an index this large or larger is a leading one
SOBOL_OUTCOMES = ("participation", "unmet_share", "overburdened_share", "mean_trust",
                  "waiting_list_share", "cost_per_inhabitant")
LEVER_COLUMNS = (("participation", "participation", "pp"), ("unmet_share", "unmet share", "pp"),
                 ("mean_trust", "mean trust", "abs"), ("waiting_list", "waiting list", "int"))


def _value(value: float, tolerance: stationarity.Tolerance) -> str:
    if tolerance.column in ("waiting_list", "initiatives"):
        return f"{value:,.0f}"
    if tolerance.column in ("mean_trust", "mean_belonging"):
        return f"{value:.3f}"
    return pct(value)


def _first_last_rows(frame: pd.DataFrame) -> list[list[str]]:
    means = frame.groupby("year").mean(numeric_only=True)
    rows = []
    for tolerance in stationarity.TOLERANCES:
        values = means[tolerance.column]
        first, last = float(values.iloc[0]), float(values.iloc[-1])
        rows.append([tolerance.label, _value(first, tolerance), _value(last, tolerance),
                     tolerance.describe(tolerance.change(first, last))])
    return rows


def stationarity_section(frame: pd.DataFrame, verdict: Verdict, waiting: pd.DataFrame,
                         waiting_verdict: Verdict, every_year: pd.DataFrame) -> str:
    """The unchanged baseline's first and last year, before (from `BEFORE`) and now."""
    before = pd.read_csv(BEFORE / f"stationarity_{BEFORE_REVISION}.csv")
    now = dict((r[0], r[1:]) for r in _first_last_rows(frame))
    rows = []
    for label, old_first, old_last, old_change in _first_last_rows(before):
        tolerance = next(t for t in stationarity.TOLERANCES if t.label == label)
        rows.append([label, old_first, old_last, old_change, *now[label],
                     tolerance.allowed_text])
    years = int(frame["year"].max()) + 1
    seeds = sorted(int(s) for s in frame["seed"].unique())
    base = waiting[waiting["scenario"] == "baseline_2015"]
    cuts = waiting[waiting["scenario"] == "deep_cuts"]
    every = [[row.target, f"{row.low:g} - {row.high:g}", f"{row.lowest_year:.3f}",
              f"{row.highest_year:.3f}", "yes" if row.every_year else "**no**"]
             for row in every_year.itertuples()]
    return "\n".join([
        '<a id="stationarity"></a>',
        "## A run that changes nothing stays flat",
        "",
        f"{'Holds' if verdict.holds else '**Does not hold**'}. `baseline_2015` (no cut, "
        f"constant levers, nothing scheduled) for {years} years, {seeds_text(seeds)}: the "
        f"yearly means of year 1 and year {years}, averaged over the seeds "
        "(`validation/stationarity.py`, tested by `tests/validation/test_stationarity.py`). "
        f"*Before* is the model at commit `{BEFORE_REVISION}`, without a spin-up "
        f"(`validation/before/stationarity_{BEFORE_REVISION}.csv`, the same seeds, made by "
        "`python -m validation.before_tables`); *now* "
        "starts after the spin-up of [model.md](model.md#start).",
        "",
        table(["outcome", "before: year 1", f"before: year {years}", "before: change",
               "now: year 1", f"now: year {years}", "now: change", "allowed"], rows),
        "",
        verdict_text(verdict),
        "",
        f"**The waiting list** ({'holds' if waiting_verdict.holds else '**does not hold**'}): "
        f"in the last year the baseline keeps {base['waiting_list'].mean():,.0f} residents "
        f"waiting ({pct(base['waiting_list_share'].mean(), 0)} of the team's eligible cases; "
        f"they have waited {base['waiting_weeks_mean'].mean():.1f} weeks so far on average, "
        "the six-week intake included), and `deep_cuts` "
        f"{cuts['waiting_list'].mean():,.0f}.",
        "",
        verdict_text(waiting_verdict),
        "",
        "**The calibration in every year.** The ten-seed mean of every calibration target "
        f"in each of the {years} years of the baseline, lowest and highest year "
        "(`calibration.compare_every_year`):",
        "",
        table(["target", "band", "lowest year", "highest year", "every year within"], every),
        "",
    ])


def effects_section(effects: pd.DataFrame, verdict: Verdict, seeds: list[int]) -> str:
    """Every band with its source and the measured change; then the one-lever table."""
    indexed = effects.set_index(["setting", "outcome"])
    rows = []
    for band in magnitudes.BANDS:
        row = indexed.loc[(band.setting, band.outcome)]
        value = float(row["relative"] if band.relative else row["difference"])
        label = next(s.label for s in magnitudes.SETTINGS if s.key == band.setting)
        rows.append([label, band.outcome, band.describe(value), band.range_text,
                     "yes" if band.low <= value <= band.high else "**no**", band.source])
    return "\n".join([
        '<a id="effect-sizes"></a>',
        "## Effect sizes against their sources",
        "",
        f"{'Holds' if verdict.holds else '**Does not hold**'}. Each setting is a change made "
        "at week 0 from the steady state of `baseline_2015`, against the unchanged baseline "
        f"with the same seeds ({seeds_text(seeds)}); the change is the difference of the "
        "means over the third year (het_moet: its fifth, the last year of pressure), "
        "relative where the band is in percent. The bands and their reasoning are in "
        "`validation/magnitudes.py` and [model.md](model.md#magnitudes); "
        "`tests/validation/test_magnitudes.py` pins every row.",
        "",
        table(["setting", "outcome", "change", "band", "within", "source or reasoning"], rows),
        "",
        one_lever_section(effects),
    ])


def crowding_section(frame: pd.DataFrame) -> str:
    """het_moet's fall, split into the direct shift of the drive and the network cascade."""
    on = frame[frame["social_influence"]].iloc[0]
    off = frame[~frame["social_influence"]].iloc[0]
    return "\n".join([
        '<a id="crowding-size"></a>',
        "### How big crowding out is, and how much the network adds",
        "",
        "`het_moet` (room to act 0.2, steering pressure 0.8 from week 0) against the "
        "baseline in its fifth year, the last of the pressure "
        "(`magnitudes.crowding_decomposition`). Without social influence (the share of "
        "active ties left out of the drive, in both runs) participation keeps "
        f"{pct(off['participation_kept'])} of the baseline's "
        f"({pct(off['baseline_participation'])} to {pct(off['het_moet_participation'])}): "
        f"a direct shift of the latent propensity of {off['latent_shift_sd']:.2f} sd (the "
        "probit of the participation rate before minus after), against d = 0.3-0.4 in "
        "Deci, Koestner & Ryan (1999). With it, participation keeps "
        f"{pct(on['participation_kept'])} ({pct(on['baseline_participation'])} to "
        f"{pct(on['het_moet_participation'])}) and volunteering "
        f"{pct(on['volunteering_kept'])}: a shift of {on['latent_shift_sd']:.2f} sd. On the "
        f"latent scale the network adds {on['latent_shift_sd'] / off['latent_shift_sd'] - 1:.0%} "
        "(residents whose ties stop lose part of their own drive: Granovetter's "
        "thresholds); as a share of participation the fall is nonetheless smaller with the "
        "network, because more residents take part to begin with and a shift of the same "
        "size removes a smaller share of a larger group.",
        "",
    ])


def _lever_cell(value: float, kind: str) -> str:
    if kind == "pp":
        return f"{100 * value:+.1f} pp"
    if kind == "int":
        return f"{value:+,.0f}"
    return f"{value:+.3f}"


def one_lever_section(effects: pd.DataFrame) -> str:
    """Each lever at 0 and 1 (pressure at 0.25, 0.5 and 1), change of the third year's mean,
    before (the model at `BEFORE_REVISION`) and now."""
    before = pd.read_csv(BEFORE / f"levers_{BEFORE_REVISION}.csv")
    base = before[before["lever"] == "none"].mean(numeric_only=True)
    indexed = effects.set_index(["setting", "outcome"])
    rows = []
    for setting in magnitudes.SETTINGS:
        if len(setting.levers) != 1:
            continue
        lever, value = setting.levers[0]
        old = before[(before["lever"] == lever) & (before["value"] == value)]
        cells = [setting.label]
        for column, _, kind in LEVER_COLUMNS:
            was = float(old[column].mean() - base[column]) if len(old) else float("nan")
            now = float(indexed.loc[(setting.key, column), "difference"])
            cells.append(f"{_lever_cell(was, kind)} → {_lever_cell(now, kind)}")
        rows.append(cells)
    return "\n".join([
        '<a id="one-lever"></a>',
        "### One lever at a time, before and now",
        "",
        "Change of the third year's mean against the unchanged baseline, before (commit "
        f"`{BEFORE_REVISION}`, levers from the first week, no spin-up, seeds 1-3; "
        f"`validation/before/levers_{BEFORE_REVISION}.csv`) → now (a change at week 0 from "
        "the stationary baseline, the seeds above).",
        "",
        table(["lever set to", *(label for _, label, _ in LEVER_COLUMNS)], rows),
        "",
    ])


def sobol_section(path: Path = SOBOL_TABLE) -> str:
    """The Sobol indices of the six levers (run with `run.py batch` and `run.py analyze`;
    the table and where it comes from are put in docs/ by `validation.sobol_table`)."""
    if not path.exists():
        return "\n".join(['<a id="sobol"></a>', "## Sobol study of the six levers", "",
                          f"Not run yet: `{path.relative_to(ROOT)}` is missing.", ""])
    made = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    indices = pd.read_csv(path)
    indices = indices[indices["outcome"].isin(SOBOL_OUTCOMES)]
    rows = [[r.outcome, r.parameter, f"{r.S1:.3f} ± {r.S1_conf:.3f}",
             f"{r.ST:.3f} ± {r.ST_conf:.3f}"] for r in indices.itertuples()]
    widest = {kind: float(indices.loc[indices[kind] >= LEADING, f"{kind}_conf"].max())
              for kind in ("S1", "ST")}
    return "\n".join([
        '<a id="sobol"></a>',
        "## Sobol study of the six levers",
        "",
        f"`{made['experiment']}` (Saltelli design, base sample {made['samples']:,}: "
        f"{made['runs']:,} runs of the validation town, three years after a spin-up under the "
        "sampled levers, so each run compares steady states; the outcome is the last year's "
        f"mean; made {made['made'][:10]} with the model at {made['model_revision'][:7]}), "
        "analysed with SALib by `run.py analyze`; ± is the 95% confidence interval. The "
        f"widest interval on a leading index (one of {LEADING} or more) is "
        f"±{widest['S1']:.3f} for S1 and ±{widest['ST']:.3f} for ST. "
        f"Table: `{path.relative_to(ROOT)}` (`{path.with_suffix('.json').relative_to(ROOT)}`: "
        "where it comes from).",
        "",
        table(["outcome", "lever", "S1", "ST"], rows),
        "",
    ])


__all__ = ["crowding_section", "effects_section", "one_lever_section", "sobol_section",
           "stationarity_section"]
