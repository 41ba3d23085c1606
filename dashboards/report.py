"""What a policy maker takes to the council: a one-page report (PNG or PDF) with the
settings (with teams per domain, each domain's scale and budget), the key figures and the
charts, and the data as CSV."""

from __future__ import annotations

import io
import textwrap

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.gridspec import SubplotSpec

from dashboards.boundaries import Match
from dashboards.charts import LINE_COLOUR, STRONG_COLOUR, WEAK_COLOUR
from dashboards.explorer import DOMAIN_FIGURES, KEY_FIGURES, Explorer, KeyFigure
from dashboards.i18n import format_value, number, t
from dashboards.map_chart import colour_bar, draw_map
from dashboards.settings import Settings
from model import DOMAINS, LEVERS

CHARTS = ("participation", "unmet_share", "overburdened_share", "mean_trust")
REPORT_LISTED = 12  # items of each list under the report's map; then "and N more"
REPORT_WIDTH = 48  # characters per line under the map
SETTINGS_WIDTH = {False: 60, True: 42}  # characters per line of the settings (with a map)
TITLE = {"nl": "Gestuurde zelfsturing: verkenning van scenario", "en":
         "Steered self-organisation: exploring scenario"}
SETTINGS = {"nl": "Instellingen", "en": "Settings"}
FIGURES = {"nl": "Kerncijfers", "en": "Key figures"}
MADE = {"nl": "Gemaakt met zelfsturing (agentgebaseerd model, Mesa). Scenario {name}, seed "
              "{seed}, week {week} (jaar {year}).",
        "en": "Made with zelfsturing (agent-based model, Mesa). Scenario {name}, seed {seed}, "
              "week {week} (year {year})."}


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
    """What the run was set to, a line each: the levers, budget cut, scale and horizon, and
    with teams per domain each domain's scale and budget change."""
    settings = explorer.settings
    lines = [f"{t('lever.' + lever, lang)}: {settings.levers[lever]:.2f}" for lever in LEVERS]
    lines += [f"{t('budget_cut', lang)}: {100 * settings.budget_cut:.0f}%",
              f"{t('scale', lang)}: {t('scale.' + settings.scale, lang)}",
              f"{t('horizon', lang)}: {settings.horizon_years}"]
    return lines + domain_lines(settings, lang)


def domain_lines(settings: Settings, lang: str) -> list[str]:
    """Each domain's scale from week 0 (with the scale it moved from at week 0, if it did)
    and its budget change, a line each; none when one team serves all domains, since then
    the scale line says it all."""
    if not settings.per_domain:
        return []
    lines = []
    for domain in DOMAINS:
        start, now = settings.start_scale(domain), settings.domain_scale(domain)
        scale = t(f"scale.{now}", lang)
        if start != now:
            scale = f"{t(f'scale.{start}', lang)} → {scale} ({t('week', lang).lower()} 0)"
        budget = settings.domain_budget(domain)
        if budget:
            change = number(f"{100 * budget:+.0f}%", lang)
            scale += f", {t('domains.budget_change', lang).format(change=change)}"
        lines.append(f"{t(f'domain.{domain}', lang)}: {scale}")
    return lines


def report_figure(explorer: Explorer, lang: str = "nl", boundaries: Match | None = None,
                  metric: str = "unmet_share") -> Figure:
    """One A4 landscape page; with boundaries that match the scenario, a fourth column has
    the neighbourhoods as a map coloured by `metric`, and what the map leaves out."""
    figure = Figure(figsize=(11.69, 8.27), dpi=100)
    on_map = boundaries is not None and boundaries.any
    per_domain = explorer.settings.per_domain  # then the figures per domain go below
    grid = figure.add_gridspec(3, 4 if on_map else 3,
                               height_ratios=[1.3 if per_domain else 0.9, 1, 1], hspace=0.5,
                               wspace=0.3, left=0.06 if not on_map else 0.05, right=0.97,
                               top=0.9, bottom=0.08,
                               width_ratios=[1, 1, 1, 1.35] if on_map else None)
    scenario = explorer.settings.base
    figure.suptitle(f"{TITLE[lang]} {scenario.name}", fontsize=15, x=0.06, ha="left")
    text = figure.add_subplot(grid[0, 0])
    text.axis("off")
    text.set_title(SETTINGS[lang], loc="left", fontsize=11)
    lines = [wrapped for line in settings_lines(explorer, lang)
             for wrapped in textwrap.wrap(line, SETTINGS_WIDTH[on_map],
                                          subsequent_indent="  ")]
    text.text(0, 1, "\n".join(lines), va="top", fontsize=9 if len(lines) <= 10 else 8,
              transform=text.transAxes)
    table = figure.add_subplot(grid[0, 1:3])
    table.axis("off")
    table.set_title(FIGURES[lang], loc="left", fontsize=11)
    rows = [[t(f.metric, lang), format_value(f.value, f.kind, lang), format_change(f, lang)]
            for f in explorer.key_figures()]
    shown = table.table(cellText=rows, colLabels=["", t("week", lang) + f" {explorer.week}",
                                                  t("since_start", lang)],
                        loc="upper left", cellLoc="left", colWidths=[0.45, 0.25, 0.25],
                        bbox=(0.0, 0.36, 0.95, 0.64) if per_domain else None)
    shown.auto_set_font_size(False)
    shown.set_fontsize(9)
    if per_domain:
        _domain_table(table, explorer, lang, 7 if on_map else 8)
    weeks = explorer.history()
    kinds = dict(KEY_FIGURES)
    for i, chart in enumerate(CHARTS):
        axes = figure.add_subplot(grid[1 + i // 2, i % 2])
        percent = kinds[chart] == "pct"
        if not weeks.empty:
            axes.plot(weeks["week"], weeks[chart] * (100 if percent else 1), color=LINE_COLOUR,
                      linewidth=1)
        axes.set_title(t(chart, lang) + (" (%)" if percent else ""), loc="left", fontsize=10)
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
    if on_map:
        _report_map(figure, grid[:, 3], explorer, boundaries, metric, lang)
    figure.text(0.06, 0.02, MADE[lang].format(name=scenario.name, seed=explorer.settings.seed,
                                              week=explorer.week, year=explorer.year),
                fontsize=8, color="#555555")
    return figure


def _domain_table(axes: Axes, explorer: Explorer, lang: str, fontsize: float) -> None:
    """The key figures per domain (the mean of the last 4 weeks), below the key figures;
    the column headings on two lines."""
    figures = explorer.domain_figures()
    rows = [[t(f"domain.{d}", lang), *(format_value(f.value, f.kind, lang) for f in figures[d])]
            for d in DOMAINS]
    headings = [t("section.domains", lang), *(t(f, lang) for f, _ in DOMAIN_FIGURES)]
    shown = axes.table(cellText=rows, colLabels=[textwrap.fill(h, 13) for h in headings],
                       cellLoc="left", colWidths=[0.3, 0.17, 0.14, 0.17, 0.17],
                       bbox=(0.0, 0.0, 0.95, 0.33))
    for (row, _), cell in shown.get_celld().items():
        if row == 0:  # twice as high, for the two lines (the bbox keeps the proportions)
            cell.set_height(2 * cell.get_height())
    shown.auto_set_font_size(False)
    shown.set_fontsize(fontsize)


def _report_map(figure: Figure, space: SubplotSpec, explorer: Explorer, match: Match,
                metric: str, lang: str) -> None:
    """The map, its colour bar below it, and below that what it leaves out (the first
    REPORT_LISTED of each list, and how many more)."""
    listing = match.listing(lang)
    lines = []
    for _, heading, items in listing:
        shown = items[:REPORT_LISTED]
        if len(items) > len(shown):
            shown.append(t("map.more", lang).format(count=len(items) - len(shown)))
        lines += textwrap.wrap(heading, REPORT_WIDTH)
        lines += textwrap.wrap(", ".join(shown), REPORT_WIDTH, initial_indent="  ",
                               subsequent_indent="  ")
    parts = space.subgridspec(2, 1, height_ratios=[5, 0.3 + 0.16 * len(lines)], hspace=0.2)
    axes = figure.add_subplot(parts[0])
    mappable = draw_map(axes, match, explorer.neighbourhoods(), metric, lang, fontsize=6,
                        legend=False)  # the list below says which areas are grey
    axes.set_title(t("section.map", lang), loc="left", fontsize=10)
    axes.set_anchor("S")  # on its colour bar, however the map's shape leaves room above
    colour_bar(figure, axes, mappable, metric, lang, orientation="horizontal",
               fraction=0.05, pad=0.03)
    notes = figure.add_subplot(parts[1])
    notes.axis("off")
    notes.text(0, 1, "\n".join(lines), va="top", fontsize=7, transform=notes.transAxes,
               color="#444444")


def report_bytes(explorer: Explorer, lang: str = "nl", kind: str = "pdf",
                 boundaries: Match | None = None, metric: str = "unmet_share") -> bytes:
    """The report as a PDF or PNG file's bytes (with the map when `boundaries` match)."""
    if kind not in ("pdf", "png"):
        raise ValueError(f"report kind must be pdf or png, not {kind!r}")
    buffer = io.BytesIO()
    report_figure(explorer, lang, boundaries, metric).savefig(buffer, format=kind)
    return buffer.getvalue()


def history_csv(explorer: Explorer) -> bytes:
    """Every weekly figure of the run so far."""
    return explorer.history().to_csv(index=False).encode("utf-8")


def compare_csv(table: pd.DataFrame) -> bytes:
    return table.to_csv(index=False).encode("utf-8")
