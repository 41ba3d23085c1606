"""What a policy maker takes to the council: a one-page report (PNG or PDF) with the
settings, the key figures and the charts, and the data as CSV."""

from __future__ import annotations

import io

import pandas as pd
from matplotlib.figure import Figure

from dashboards.charts import LINE_COLOUR, STRONG_COLOUR, WEAK_COLOUR
from dashboards.explorer import KEY_FIGURES, Explorer, KeyFigure
from dashboards.i18n import number, t
from model import LEVERS

CHARTS = ("participation", "unmet_share", "overburdened_share", "mean_trust")
TITLE = {"nl": "Gestuurde zelfsturing: verkenning van scenario", "en":
         "Steered self-organisation: exploring scenario"}
SETTINGS = {"nl": "Instellingen", "en": "Settings"}
FIGURES = {"nl": "Kerncijfers", "en": "Key figures"}
MADE = {"nl": "Gemaakt met zelfsturing (agentgebaseerd model, Mesa). Scenario {name}, seed "
              "{seed}, week {week} (jaar {year}).",
        "en": "Made with zelfsturing (agent-based model, Mesa). Scenario {name}, seed {seed}, "
              "week {week} (year {year})."}


def format_value(value: float, kind: str, lang: str = "en") -> str:
    """A key figure as people read it, in the language's number format."""
    return number(_format_value(value, kind), lang)


def _format_value(value: float, kind: str) -> str:
    if value != value:  # NaN: nothing simulated yet
        return "-"
    if kind == "pct":
        return f"{100 * value:.1f}%"
    if kind == "int":
        return f"{value:,.0f}"
    if kind == "eur":
        return f"€ {value:,.0f}"
    return f"{value:.2f}"


def format_change(figure: KeyFigure, lang: str = "en") -> str:
    return number(_format_change(figure), lang)


def _format_change(figure: KeyFigure) -> str:
    change = figure.change
    if change != change:
        return ""
    if figure.kind == "pct":
        return f"{100 * change:+.1f} pp"
    if figure.kind in ("int", "eur"):
        return f"{change:+,.0f}"
    return f"{change:+.2f}"


def settings_lines(explorer: Explorer, lang: str) -> list[str]:
    settings = explorer.settings
    lines = [f"{t('lever.' + lever, lang)}: {settings.levers[lever]:.2f}" for lever in LEVERS]
    lines += [f"{t('budget_cut', lang)}: {100 * settings.budget_cut:.0f}%",
              f"{t('scale', lang)}: {t('scale.' + settings.scale, lang)}",
              f"{t('horizon', lang)}: {settings.horizon_years}"]
    return lines


def report_figure(explorer: Explorer, lang: str = "nl") -> Figure:
    """One A4 landscape page."""
    figure = Figure(figsize=(11.69, 8.27), dpi=100)
    grid = figure.add_gridspec(3, 3, height_ratios=[0.9, 1, 1], hspace=0.5, wspace=0.3,
                               left=0.06, right=0.97, top=0.9, bottom=0.08)
    scenario = explorer.settings.base
    figure.suptitle(f"{TITLE[lang]} {scenario.name}", fontsize=15, x=0.06, ha="left")
    text = figure.add_subplot(grid[0, 0])
    text.axis("off")
    text.set_title(SETTINGS[lang], loc="left", fontsize=11)
    text.text(0, 1, "\n".join(settings_lines(explorer, lang)), va="top", fontsize=9,
              transform=text.transAxes)
    table = figure.add_subplot(grid[0, 1:])
    table.axis("off")
    table.set_title(FIGURES[lang], loc="left", fontsize=11)
    rows = [[t(f.metric, lang), format_value(f.value, f.kind, lang), format_change(f, lang)]
            for f in explorer.key_figures()]
    shown = table.table(cellText=rows, colLabels=["", t("week", lang) + f" {explorer.week}",
                                                  t("since_start", lang)],
                        loc="upper left", cellLoc="left", colWidths=[0.45, 0.25, 0.25])
    shown.auto_set_font_size(False)
    shown.set_fontsize(9)
    weeks = explorer.history()
    kinds = dict(KEY_FIGURES)
    for i, metric in enumerate(CHARTS):
        axes = figure.add_subplot(grid[1 + i // 2, i % 2])
        percent = kinds[metric] == "pct"
        if not weeks.empty:
            axes.plot(weeks["week"], weeks[metric] * (100 if percent else 1), color=LINE_COLOUR,
                      linewidth=1)
        axes.set_title(t(metric, lang) + (" (%)" if percent else ""), loc="left", fontsize=10)
        axes.set_xlabel(t("week", lang), fontsize=8)
        axes.tick_params(labelsize=8)
    gap_axes = figure.add_subplot(grid[1:, 2])
    gap = explorer.weak_strong_gap()
    if not gap.empty:
        gap_axes.plot(gap["week"], 100 * gap["unmet_weak"], label=t("weak", lang),
                      color=WEAK_COLOUR)
        gap_axes.plot(gap["week"], 100 * gap["unmet_strong"], label=t("strong", lang),
                      color=STRONG_COLOUR)
        gap_axes.legend(fontsize=7, loc="upper right")
    gap_axes.set_title(f"{t('unmet_share', lang)} (%)", loc="left", fontsize=10)
    gap_axes.set_xlabel(t("week", lang), fontsize=8)
    gap_axes.tick_params(labelsize=8)
    figure.text(0.06, 0.02, MADE[lang].format(name=scenario.name, seed=explorer.settings.seed,
                                              week=explorer.week, year=explorer.year),
                fontsize=8, color="#555555")
    return figure


def report_bytes(explorer: Explorer, lang: str = "nl", kind: str = "pdf") -> bytes:
    """The report as a PDF or PNG file's bytes."""
    if kind not in ("pdf", "png"):
        raise ValueError(f"report kind must be pdf or png, not {kind!r}")
    buffer = io.BytesIO()
    report_figure(explorer, lang).savefig(buffer, format=kind)
    return buffer.getvalue()


def history_csv(explorer: Explorer) -> bytes:
    """Every weekly figure of the run so far."""
    return explorer.history().to_csv(index=False).encode("utf-8")


def compare_csv(table: pd.DataFrame) -> bytes:
    return table.to_csv(index=False).encode("utf-8")
