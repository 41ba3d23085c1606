"""The comparison on one A4 page, for the council: each variant under its name with its
policy, four key figures over time (the mean over the seeds as a line, lowest to highest
run as a band), and the table at the end, as on the compare tab."""

from __future__ import annotations

import io
import textwrap
from collections.abc import Mapping

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import PercentFormatter

from dashboards.charts import VARIANT_COLOURS
from dashboards.compare import spread
from dashboards.explorer import KEY_FIGURES, WINDOW
from dashboards.i18n import format_value, t
from dashboards.report import CHARTS, domain_lines
from dashboards.settings import Settings
from dashboards.variants import describe, summary
from model import WEEKS_PER_YEAR

TITLE = {"nl": "Gestuurde zelfsturing: vergelijking van varianten",
         "en": "Steered self-organisation: comparing variants"}
MADE = {"nl": "Gemaakt met zelfsturing. Scenario {name}; elke variant {seeds} keer met "
              "dezelfde seeds, {years} jaar; lijn: gemiddelde, band: laagste tot hoogste.",
        "en": "Made with zelfsturing. Scenario {name}; every variant {seeds} times over the "
              "same seeds, {years} years; line: mean, band: lowest to highest."}


def comparison_figure(table: pd.DataFrame, names: Mapping[str, str],
                      settings: Mapping[str, Settings], lang: str = "nl") -> Figure:
    figure = Figure(figsize=(11.69, 8.27), dpi=100)
    variants = list(dict.fromkeys(table["variant"]))
    base = next(iter(settings.values())).base.name if settings else ""
    figure.suptitle(f"{TITLE[lang]}: {base}", fontsize=15, x=0.06, ha="left")
    grid = figure.add_gridspec(3, 4, height_ratios=[0.8, 1, 0.9], hspace=0.55, wspace=0.3,
                               left=0.06, right=0.97, top=0.9, bottom=0.06)
    legend = figure.add_subplot(grid[0, :])
    legend.axis("off")
    for i, key in enumerate(variants):
        y = 1 - i * 0.2
        colour = VARIANT_COLOURS[i % len(VARIANT_COLOURS)]
        legend.add_patch(_swatch(legend, y, colour))
        legend.text(0.03, y, names.get(key, key), va="top", fontsize=9, weight="bold",
                    transform=legend.transAxes)
        if key in settings:
            policy = " · ".join([describe(settings[key], lang),
                                 *domain_lines(settings[key], lang)])
            legend.text(0.03, y - 0.09, textwrap.shorten(policy, 230),
                        va="top", fontsize=7, color="#444444", transform=legend.transAxes)
    kinds = dict(KEY_FIGURES)
    for column, metric in enumerate(CHARTS):
        axes = figure.add_subplot(grid[1, column])
        summary_of = spread(table, metric)
        for i, key in enumerate(variants):
            rows = summary_of[summary_of["variant"] == key]
            years = rows["week"] / WEEKS_PER_YEAR
            colour = VARIANT_COLOURS[i % len(VARIANT_COLOURS)]
            axes.fill_between(years, rows["min"].rolling(WINDOW, min_periods=1).mean(),
                              rows["max"].rolling(WINDOW, min_periods=1).mean(),
                              color=colour, alpha=0.2, linewidth=0)
            axes.plot(years, rows["mean"].rolling(WINDOW, min_periods=1).mean(),
                      color=colour, linewidth=1.2)
        if kinds[metric] == "pct":
            axes.yaxis.set_major_formatter(PercentFormatter(1.0))
        axes.set_title(t(metric, lang), loc="left", fontsize=10)
        axes.set_xlabel(t("years_since_start", lang), fontsize=8)
        axes.tick_params(labelsize=8)
    _table(figure.add_subplot(grid[2, :]), table, names, lang)
    seeds = int(table["seed"].nunique())
    years = int(round(table["week"].max() / WEEKS_PER_YEAR))
    figure.text(0.06, 0.02, MADE[lang].format(name=base, seeds=seeds, years=years),
                fontsize=8, color="#555555")
    return figure


def _swatch(axes, y: float, colour: str):  # noqa: ANN001, ANN202 (matplotlib objects)
    from matplotlib.patches import Rectangle

    return Rectangle((0.0, y - 0.1), 0.02, 0.08, color=colour, transform=axes.transAxes)


def _table(axes, table: pd.DataFrame, names: Mapping[str, str], lang: str) -> None:  # noqa: ANN001
    """The compare tab's table: the mean at the end, and lowest to highest under it."""
    axes.axis("off")
    axes.set_title(t("compare.table", lang), loc="left", fontsize=10)
    rows = summary(table, names)
    metrics = list(dict.fromkeys(rows["metric"]))
    cells = []
    for variant, group in rows.groupby("variant", sort=False):
        cells.append([textwrap.shorten(str(variant), 34)] + [
            f"{format_value(r.mean, r.kind, lang)}\n({format_value(r.low, r.kind, lang)} - "
            f"{format_value(r.high, r.kind, lang)})" for r in group.itertuples()])
    headers = [t("compare.variant", lang), *(textwrap.fill(t(m, lang), 16) for m in metrics)]
    shown = axes.table(cellText=cells, colLabels=headers,
                       loc="upper left", cellLoc="left",
                       colWidths=[0.17] + [0.78 / len(metrics)] * len(metrics))
    shown.auto_set_font_size(False)
    shown.set_fontsize(7)
    shown.scale(1, 2.2)


def comparison_bytes(table: pd.DataFrame, names: Mapping[str, str],
                     settings: Mapping[str, Settings], lang: str = "nl",
                     kind: str = "pdf") -> bytes:
    """The comparison's page as a PDF or PNG file's bytes."""
    if kind not in ("pdf", "png"):
        raise ValueError(f"report kind must be pdf or png, not {kind!r}")
    buffer = io.BytesIO()
    comparison_figure(table, names, settings, lang).savefig(buffer, format=kind)
    return buffer.getvalue()
