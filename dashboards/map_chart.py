"""The neighbourhoods as a map (a choropleth), when the user has added boundaries
(`dashboards/boundaries.py`): every area in the colour its neighbourhood's tile would have
(`charts.tile_colours`), a colour bar, the value in each neighbourhood, and the areas that
match no neighbourhood in light grey. Drawn with matplotlib's `Figure` (not pyplot), like
every chart of the dashboard, in the page and in the report."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.cm import ScalarMappable
from matplotlib.collections import PatchCollection
from matplotlib.colors import Normalize
from matplotlib.figure import Figure
from matplotlib.patches import Patch, PathPatch
from matplotlib.path import Path
from matplotlib.ticker import FuncFormatter
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient

from dashboards.boundaries import Match
from dashboards.charts import DPI, NO_VALUE_COLOUR, text_colour, tile_colourmap, tile_colours
from dashboards.explorer import metric_kind
from dashboards.i18n import format_value, t

UNMATCHED_COLOUR = "#dcdcdc"  # an area with no neighbourhood in the scenario
EDGE_COLOUR = "#ffffff"
NAMES_UP_TO = 30  # more neighbourhoods than this: values only, names would not fit
LABELS_UP_TO = 150  # more than this: no labels at all, the colours speak
MATCHED_GID, UNMATCHED_GID = "zs-map-matched", "zs-map-unmatched"


def outline(geometry: BaseGeometry) -> Path:
    """A (Multi)Polygon as one matplotlib path: exteriors counter-clockwise and holes
    clockwise, so that filling leaves the holes open."""
    polygons = geometry.geoms if isinstance(geometry, MultiPolygon) else [geometry]
    vertices, codes = [], []
    for polygon in polygons:
        if not isinstance(polygon, Polygon) or polygon.is_empty:
            continue
        polygon = orient(polygon, 1.0)
        for ring in (polygon.exterior, *polygon.interiors):
            xy = np.asarray(ring.coords)[:, :2]
            ring_codes = np.full(len(xy), Path.LINETO, dtype=Path.code_type)
            ring_codes[0], ring_codes[-1] = Path.MOVETO, Path.CLOSEPOLY
            vertices.append(xy)
            codes.append(ring_codes)
    return Path(np.concatenate(vertices), np.concatenate(codes))


def area_colours(match: Match, table: pd.DataFrame, metric: str
                 ) -> tuple[dict[int, str], float, float]:
    """The colour of every matched area (feature index -> colour), which is its
    neighbourhood's tile colour, and the range of values the colours span."""
    colours, low, high = tile_colours(table[metric], metric)
    of = dict(zip(table["neighbourhood"], colours, strict=True))
    return {index: of.get(key, NO_VALUE_COLOUR)
            for index, key in match.neighbourhood_of.items()}, low, high


def draw_map(axes: Axes, match: Match, table: pd.DataFrame, metric: str, lang: str,
             fontsize: float = 8, legend: bool = True) -> ScalarMappable:
    """The map in `axes`, with a legend for the grey areas if `legend`; returns what a
    colour bar shows (`colour_bar`)."""
    colours, low, high = area_colours(match, table, metric)
    features = {f.index: f for f in match.boundaries.features}
    matched = sorted(colours)
    unmatched = [u.feature.index for u in match.unmatched]
    for indices, face, gid in ((matched, [colours[i] for i in matched], MATCHED_GID),
                               (unmatched, UNMATCHED_COLOUR, UNMATCHED_GID)):
        if indices:
            patches = [PathPatch(outline(features[i].drawn)) for i in indices]
            collection = PatchCollection(patches, facecolors=face, edgecolors=EDGE_COLOUR,
                                         linewidths=0.8)
            collection.set_gid(gid)
            axes.add_collection(collection)
    _labels(axes, match, table, metric, lang, colours, fontsize)
    if unmatched and legend:
        axes.legend(handles=[Patch(facecolor=UNMATCHED_COLOUR, edgecolor="#bbbbbb",
                                   label=t("map.unmatched", lang))],
                    loc="upper left", bbox_to_anchor=(0.0, 0.0), frameon=False,
                    fontsize=fontsize)
    axes.autoscale_view()
    axes.set_aspect(match.boundaries.aspect)
    axes.set_axis_off()
    return ScalarMappable(Normalize(low, high), tile_colourmap(metric))


def _labels(axes: Axes, match: Match, table: pd.DataFrame, metric: str, lang: str,
            colours: dict[int, str], fontsize: float) -> None:
    """Each neighbourhood's value (and name, if few) on its largest area."""
    shown = match.matched
    if len(shown) > LABELS_UP_TO:
        return
    values = dict(zip(table["neighbourhood"], table[metric], strict=True))
    kind = metric_kind(metric)
    largest: dict[str, int] = {}
    features = {f.index: f for f in match.boundaries.features}
    for index, key in match.neighbourhood_of.items():
        if key not in largest or features[index].geometry.area > \
                features[largest[key]].geometry.area:
            largest[key] = index
    for key in shown:
        feature = features[largest[key]]
        text = format_value(float(values.get(key, float("nan"))), kind, lang)
        if len(shown) <= NAMES_UP_TO:
            text = f"{match.places[key][1]}\n{text}"
        axes.annotate(text, feature.anchor, ha="center", va="center", fontsize=fontsize,
                      color=text_colour(colours[largest[key]]))


def colour_bar(figure: Figure, axes: Axes, mappable: ScalarMappable, metric: str, lang: str,
               fontsize: float = 8, **options: object) -> None:
    """The colour bar beside the map, from the lowest to the highest value (ticks at both
    ends only: values in between would often round to the same text)."""
    kind = metric_kind(metric)
    bar = figure.colorbar(mappable, ax=axes, **options)
    bar.set_ticks([mappable.norm.vmin, mappable.norm.vmax])
    bar.formatter = FuncFormatter(lambda value, _: format_value(value, kind, lang))
    bar.update_ticks()
    bar.ax.tick_params(labelsize=fontsize)
    bar.set_label(t(metric, lang), fontsize=fontsize + 1)


def map_figure(match: Match, table: pd.DataFrame, metric: str, lang: str) -> Figure:
    """The dashboard's map: its height follows the map's shape."""
    west, south, east, north = match.boundaries.bounds
    shape = (north - south) * match.boundaries.aspect / max(east - west, 1e-9)
    figure = Figure(figsize=(8, float(np.clip(6.2 * shape, 3.5, 8))), dpi=DPI)
    axes = figure.add_axes((0.01, 0.06, 0.8, 0.92))
    mappable = draw_map(axes, match, table, metric, lang, fontsize=10)
    colour_bar(figure, axes, mappable, metric, lang, fontsize=10, fraction=0.04, pad=0.02,
               shrink=0.8)
    return figure
