"""The dashboard's charts as matplotlib figures, without any UI code, so they can be timed and
tested on their own. Every figure is made with `matplotlib.figure.Figure` (not pyplot): the
play thread and the server threads draw at the same time, and pyplot's global state is not
thread-safe.

Everything drawn is an aggregate (one line per metric, one dot per sampled resident in the
network sample), never one mark per resident of the region.
"""

from __future__ import annotations

import math
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.colors import Colormap, ListedColormap, Normalize, to_hex
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator, PercentFormatter

from dashboards.explorer import KEY_FIGURES, WINDOW, metric_kind
from dashboards.i18n import t
from model import WEEKS_PER_YEAR

ROLE_COLOURS = {"none": "#c8c8c8", "informal_helper": "#d9822b", "volunteer": "#2d7bb5",
                "burned_out": "#b5472d"}
VARIANT_COLOURS = ("#1f5f8b", "#d9822b", "#3a9a5b", "#7b5ea7", "#8c564b")  # five variants
WEAK_COLOUR, STRONG_COLOUR, LINE_COLOUR = "#b5472d", "#2d7bb5", "#1f5f8b"
TILE_COLOURMAP = "YlOrRd"
TILE_LOW, TILE_HIGH = 0.15, 0.85  # the part of the colour map used, best to worst
NO_VALUE_COLOUR = "#eeeeee"  # a neighbourhood without a value yet
# Outcomes where a higher value is better: their tiles use a reversed colour map, so that
# red always means "worse" on the map.
HIGHER_IS_BETTER = {"participation", "mean_trust", "volunteer_share", "informal_helper_share"}
DPI = 80


def _years(weeks: pd.Series | np.ndarray) -> np.ndarray:
    """Weeks as years since the start, for an x axis people read."""
    return np.asarray(weeks, dtype=float) / WEEKS_PER_YEAR


def _style(axes, title: str, lang: str) -> None:
    # few ticks: making tick labels is most of the cost of a redraw
    axes.xaxis.set_major_locator(MaxNLocator(5, integer=True))
    axes.yaxis.set_major_locator(MaxNLocator(4))
    axes.set_title(title, loc="left", fontsize=10)
    axes.set_xlabel(t("years_since_start", lang), fontsize=8)
    axes.tick_params(labelsize=8)
    axes.grid(alpha=0.3, linewidth=0.5)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)


def _value_axis(axes, metric: str) -> None:
    kind = metric_kind(metric)
    if kind == "pct":
        axes.yaxis.set_major_formatter(PercentFormatter(1.0))
    elif kind in ("int", "eur"):
        axes.yaxis.set_major_formatter(lambda value, _: f"{value:,.0f}")


def smooth(series: pd.Series) -> pd.Series:
    """The mean of the last WINDOW weeks, as the key-figure cards show (weekly figures
    jitter, costs most of all)."""
    return series.rolling(WINDOW, min_periods=1).mean()


def _key_figure_panels(count: int, row_height: float) -> tuple[Figure, Any]:
    """A figure with a small panel per key figure, four to a row."""
    columns = 4
    rows = math.ceil(count / columns)
    figure = Figure(figsize=(12, row_height * rows), dpi=DPI)
    figure.subplots_adjust(left=0.05, right=0.99, top=0.92, bottom=0.1, hspace=0.6,
                           wspace=0.3)
    return figure, figure.subplots(rows, columns, squeeze=False).ravel()


def timeseries_figure(history: pd.DataFrame, lang: str, horizon_years: int) -> Figure:
    """The key figures week by week, one small panel each, on the whole horizon."""
    metrics = [metric for metric, _ in KEY_FIGURES]
    figure, panels = _key_figure_panels(len(metrics), 2.4)
    for axes, metric in zip(panels, metrics, strict=False):
        if not history.empty:
            axes.plot(_years(history["week"]), smooth(history[metric]), color=LINE_COLOUR,
                      linewidth=1)
        axes.set_xlim(0, horizon_years)
        _style(axes, t(metric, lang), lang)
        _value_axis(axes, metric)
    for axes in panels[len(metrics):]:
        axes.axis("off")
    return figure


def gap_figure(gap: pd.DataFrame, lang: str, horizon_years: int) -> Figure:
    """Unmet need and participation in weak and strong neighbourhoods, and the gap."""
    figure = Figure(figsize=(12, 2.8), dpi=DPI)
    figure.subplots_adjust(left=0.05, right=0.99, top=0.9, bottom=0.17, wspace=0.3)
    unmet, participation, difference = figure.subplots(1, 3)
    if not gap.empty:
        years = _years(gap["week"])
        for axes, key in ((unmet, "unmet"), (participation, "participation")):
            axes.plot(years, smooth(gap[f"{key}_weak"]), color=WEAK_COLOUR, linewidth=1,
                      label=t("weak", lang))
            axes.plot(years, smooth(gap[f"{key}_strong"]), color=STRONG_COLOUR, linewidth=1,
                      label=t("strong", lang))
        difference.plot(years, smooth(gap["unmet_gap"]), color=LINE_COLOUR, linewidth=1)
        difference.axhline(0, color="#888888", linewidth=0.6)
        unmet.legend(fontsize=7, loc="best", frameon=False)
    for axes, title, metric in ((unmet, t("unmet_share", lang), "unmet_share"),
                                (participation, t("participation", lang), "participation"),
                                (difference, t("gap.unmet", lang), "unmet_share")):
        axes.set_xlim(0, horizon_years)
        _style(axes, title, lang)
        _value_axis(axes, metric)
    return figure


def spring_positions(nodes: pd.DataFrame, ties: np.ndarray, seed: int = 7
                     ) -> dict[int, tuple[float, float]]:
    """A fixed layout for a network sample (the same seed gives the same picture, so nodes
    stay put while the roles change colour)."""
    graph = nx.Graph()
    graph.add_nodes_from(range(len(nodes)))
    graph.add_edges_from(map(tuple, ties.tolist()))
    return nx.spring_layout(graph, seed=seed)


def network_figure(nodes: pd.DataFrame, ties: np.ndarray,
                   positions: dict[int, tuple[float, float]], lang: str) -> Figure:
    """A sample of one neighbourhood's residents and their ties, coloured by role."""
    figure = Figure(figsize=(7, 5), dpi=DPI)
    axes = figure.add_axes((0.01, 0.01, 0.68, 0.98))
    xy = np.array([positions[i] for i in range(len(nodes))])
    if len(ties):
        segments = np.stack([xy[ties[:, 0]], xy[ties[:, 1]]], axis=1)
        from matplotlib.collections import LineCollection

        axes.add_collection(LineCollection(segments, colors="#999999", linewidths=0.5,
                                           alpha=0.6, zorder=1))
    colours = [ROLE_COLOURS[role] for role in nodes["role"]]
    axes.scatter(xy[:, 0], xy[:, 1], c=colours, s=30, edgecolors="white", linewidths=0.5,
                 zorder=2)
    counts = nodes["role"].value_counts()
    handles = [Line2D([], [], marker="o", linestyle="", color=colour,
                      label=f"{t('role.' + role, lang)} ({counts.get(role, 0)})")
               for role, colour in ROLE_COLOURS.items()]
    axes.legend(handles=handles, fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0),
                frameon=False)
    axes.set_axis_off()
    axes.set_aspect("equal")
    return figure


def compare_figure(table: pd.DataFrame, lang: str, labels: dict[str, str]) -> Figure:
    """Every variant's key figures over the seeds: the mean as a line, lowest to highest
    as a band."""
    from dashboards.compare import spread

    metrics = [metric for metric, _ in KEY_FIGURES]
    figure, panels = _key_figure_panels(len(metrics), 2.6)
    variants = list(dict.fromkeys(table["variant"]))
    for axes, metric in zip(panels, metrics, strict=False):
        summary = spread(table, metric)
        for index, variant in enumerate(variants):
            rows_of = summary[summary["variant"] == variant]
            years = _years(rows_of["week"])
            colour = VARIANT_COLOURS[index % len(VARIANT_COLOURS)]
            axes.fill_between(years, smooth(rows_of["min"]), smooth(rows_of["max"]),
                              color=colour, alpha=0.2, linewidth=0)
            axes.plot(years, smooth(rows_of["mean"]), color=colour, linewidth=1.2,
                      label=labels.get(variant, variant))
        _style(axes, t(metric, lang), lang)
        _value_axis(axes, metric)
    legend = panels[len(metrics)] if len(panels) > len(metrics) else panels[0]
    handles, names = panels[0].get_legend_handles_labels()
    for axes in panels[len(metrics):]:
        axes.axis("off")
    legend.legend(handles, names, fontsize=9, loc="center", frameon=False,
                  title=t("compare.legend", lang), title_fontsize=9)
    return figure


def tile_colourmap(metric: str) -> Colormap:
    """The colours a neighbourhood can get for `metric`, from best to worst; the part of
    the colour map tile_colours uses (its palest and darkest ends are left out)."""
    colourmap = colormaps[TILE_COLOURMAP + ("_r" if metric in HIGHER_IS_BETTER else "")]
    return ListedColormap(colourmap(np.linspace(TILE_LOW, TILE_HIGH, 256)))


def tile_colours(values: pd.Series, metric: str) -> tuple[list[str], float, float]:
    """A colour per neighbourhood for the map (red is worse), and the value range."""
    finite = values[np.isfinite(values)]
    low = float(finite.min()) if len(finite) else 0.0
    high = float(finite.max()) if len(finite) else 1.0
    if high - low < 1e-9:
        low, high = low - 0.5, high + 0.5
    name = TILE_COLOURMAP + ("_r" if metric in HIGHER_IS_BETTER else "")
    colourmap = colormaps[name]
    scale = Normalize(low, high)
    colours = [to_hex(colourmap(TILE_LOW + (TILE_HIGH - TILE_LOW) * scale(v)))
               if np.isfinite(v) else NO_VALUE_COLOUR for v in values]
    return colours, low, high


def text_colour(background: str) -> str:
    """Black or white text, whichever reads better on the tile's colour."""
    red, green, blue = (int(background[i:i + 2], 16) for i in (1, 3, 5))
    return "#000000" if 0.299 * red + 0.587 * green + 0.114 * blue > 150 else "#ffffff"
