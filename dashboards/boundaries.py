"""Neighbourhood boundaries a user adds to the dashboard: a GeoJSON file, read and checked
here, and matched to the scenario's neighbourhoods, so the page and the report can draw a
map instead of tiles (docs/dashboard.md#a-map-of-your-neighbourhoods).

The model itself knows no location; the map only shows where the neighbourhoods lie. The
file is what PDOK publishes as the CBS Wijk- en Buurtkaart: a FeatureCollection of Polygon
or MultiPolygon features with a code (`wijkcode` WK036301, `buurtcode` BU03630100, or
`statcode`), a name (`wijknaam`, `buurtnaam`, `statnaam`) and often `gemeentenaam`, in
RD New metres (EPSG:28992) or in longitude and latitude (EPSG:4326). Coordinates are kept as
they are: the map is drawn with an equal aspect, corrected for latitude in degrees.

No UI code here: problems are `BoundaryError`s with a text key of `dashboards/i18n.py`, so
the page shows them in either language, never as a traceback.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from dataclasses import dataclass

import shapely
from shapely.geometry import MultiPolygon, Polygon, shape
from shapely.geometry.base import BaseGeometry

from dashboards.i18n import number, t
from model import Scenario

MEGABYTE = 1024 * 1024
MAX_MEGABYTES = 20  # enough for a municipality's buurten; ask PDOK for yours only
MAX_BYTES = MAX_MEGABYTES * MEGABYTE
MAX_FEATURES = 20_000  # the whole country has some 14,000 buurten
POLYGONS = ("Polygon", "MultiPolygon")
# (code, name) property pairs, most specific first: a buurt feature also carries the code of
# its wijk and municipality, and must be matched on its own. Keys are compared ignoring case
# (PDOK writes `wijkcode`, CBS's own download `WK_CODE`).
LEVELS: tuple[tuple[str, str], ...] = (
    ("buurtcode", "buurtnaam"), ("bu_code", "bu_naam"),
    ("wijkcode", "wijknaam"), ("wk_code", "wk_naam"),
    ("statcode", "statnaam"), ("code", "naam"), ("code", "name"),
)
MUNICIPALITY_KEYS = ("gemeentenaam", "gm_naam", "gemeente")
DRAW_DETAIL = 2000  # drawn outlines are simplified to 1/DRAW_DETAIL of the map's extent


class BoundaryError(ValueError):
    """A file that cannot be used, in words: a text key of `i18n.TEXTS` and its values."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values

    def text(self, lang: str) -> str:
        """The problem in `lang`, numbers written as the language writes them."""
        return t(self.key, lang).format(**{key: _number(value, lang)
                                           for key, value in self.values.items()})


@dataclass(frozen=True)
class Feature:
    """One area of the map: what identifies it, and its outline (`drawn` is simplified for
    drawing; `anchor` is a point inside it for its label)."""

    index: int
    code: str | None
    name: str | None
    municipality: str | None
    geometry: BaseGeometry
    drawn: BaseGeometry
    anchor: tuple[float, float]

    @property
    def label(self) -> str:
        """How the page lists it: name and code, whichever it has."""
        if self.name and self.code:
            return f"{self.name} ({self.code})"
        return self.name or self.code or f"#{self.index + 1}"


@dataclass(frozen=True)
class Skipped:
    """A feature of the file that is not drawn, and why (a text key's last part)."""

    label: str
    reason: str  # not_polygon, unreadable, empty
    detail: str = ""


@dataclass(frozen=True, eq=False)
class Boundaries:
    """A loaded boundary file (compared by identity: a new upload is a new map)."""

    file: str
    features: tuple[Feature, ...]
    skipped: tuple[Skipped, ...] = ()
    lonlat: bool = False  # degrees of longitude and latitude, not metres

    @property
    def aspect(self) -> float:
        """The axes' aspect that draws the map undistorted: 1 for metres; for degrees, a
        degree of latitude is 1/cos(latitude) degrees of longitude long."""
        if not self.lonlat:
            return 1.0
        south, north = self.bounds[1], self.bounds[3]
        return 1.0 / max(0.1, math.cos(math.radians((south + north) / 2)))

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        return tuple(shapely.total_bounds([f.geometry for f in self.features]).tolist())


@dataclass(frozen=True)
class Unmatched:
    """A feature that matches no neighbourhood, and why (a text key's last part)."""

    feature: Feature
    reason: str  # unknown, ambiguous, unnamed


@dataclass(frozen=True, eq=False)
class Match:
    """Which feature draws which neighbourhood of a scenario, and what is left over on both
    sides; neighbourhoods are keyed as the model's tables name them ('municipality/name')."""

    boundaries: Boundaries
    neighbourhood_of: dict[int, str]  # feature index -> neighbourhood
    how: dict[int, str]  # feature index -> "code" or "name"
    unmatched: tuple[Unmatched, ...]
    missing: tuple[str, ...]  # neighbourhoods without a feature, in the scenario's order
    places: dict[str, tuple[str, str]]  # every neighbourhood: (municipality, name), in order

    @property
    def matched(self) -> list[str]:
        """The neighbourhoods on the map, in the scenario's order."""
        drawn = set(self.neighbourhood_of.values())
        return [key for key in self.places if key in drawn]

    @property
    def any(self) -> bool:
        return bool(self.neighbourhood_of)

    def display(self, key: str) -> str:
        """A neighbourhood as a list names it: with its municipality if there are several."""
        municipality, name = self.places[key]
        several = len({m for m, _ in self.places.values()}) > 1
        return f"{name} ({municipality})" if several else name

    def listing(self, lang: str) -> list[tuple[str, str, list[str]]]:
        """What the map leaves out, as (kind, heading, items): neighbourhoods without an
        area ("missing"), areas without a neighbourhood, with the reason ("unmatched"), and
        features not drawn at all ("skipped")."""
        sections = []
        if self.missing:
            sections.append(("missing",
                             t("boundaries.missing", lang).format(count=len(self.missing)),
                             [self.display(key) for key in self.missing]))
        if self.unmatched:
            sections.append(("unmatched",
                             t("boundaries.unmatched", lang).format(count=len(self.unmatched)),
                             [f"{u.feature.label}: {t('boundaries.reason.' + u.reason, lang)}"
                              for u in self.unmatched]))
        skipped = self.boundaries.skipped
        if skipped:
            sections.append(("skipped", t("boundaries.skipped", lang).format(count=len(skipped)),
                             [f"{s.label}: "
                              f"{t('boundaries.skip.' + s.reason, lang).format(detail=s.detail)}"
                              for s in skipped]))
        return sections


def neighbourhood_key(municipality: str, neighbourhood: str) -> str:
    """A neighbourhood as the model's tables name it (model/population.py)."""
    return f"{municipality}/{neighbourhood}"


# --- loading ------------------------------------------------------------------------------
def size_problem(file: str, size: int) -> BoundaryError | None:
    """Why a file of `size` bytes is refused, or None: checked before it is read (the page
    asks the browser for its size first)."""
    if size <= MAX_BYTES:
        return None
    return BoundaryError("boundaries.error.too_big", file=file, size=size / MEGABYTE,
                         limit=MAX_MEGABYTES)


def load_boundaries(file: str, data: bytes) -> Boundaries:
    """The features of a GeoJSON file, checked; raises BoundaryError saying what is wrong and
    what is allowed."""
    too_big = size_problem(file, len(data))
    if too_big:
        raise too_big
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise BoundaryError("boundaries.error.not_text", file=file) from None
    except json.JSONDecodeError as exc:
        raise BoundaryError("boundaries.error.not_json", file=file, line=exc.lineno,
                            column=exc.colno, error=exc.msg) from None
    found = document.get("type") if isinstance(document, dict) else type(document).__name__
    if found != "FeatureCollection" or not isinstance(document.get("features"), list):
        raise BoundaryError("boundaries.error.not_collection", file=file,
                            found=found if isinstance(found, str) else "?")
    items = document["features"]
    if len(items) > MAX_FEATURES:
        raise BoundaryError("boundaries.error.too_many", file=file, count=len(items),
                            limit=MAX_FEATURES)
    read: list[tuple[int, dict, BaseGeometry]] = []
    skipped: list[Skipped] = []
    for index, item in enumerate(items):
        properties = _properties(item)
        label = _identity(properties)[1] or _identity(properties)[0] or f"#{index + 1}"
        geometry, problem = _polygons(item)
        if problem:
            skipped.append(Skipped(label, *problem))
        else:
            read.append((index, properties, geometry))
    if not read:
        kinds = sorted({s.detail for s in skipped if s.reason == "not_polygon"})
        raise BoundaryError("boundaries.error.no_polygons", file=file, count=len(items),
                            found=", ".join(kinds) or "-")
    lonlat = _lonlat(document, [g for _, _, g in read])
    if lonlat and _latitude_first([g for _, _, g in read]):
        read = [(i, p, shapely.transform(g, lambda xy: xy[:, ::-1])) for i, p, g in read]
    extent = shapely.total_bounds([g for _, _, g in read])
    tolerance = max(extent[2] - extent[0], extent[3] - extent[1]) / DRAW_DETAIL
    features = []
    for index, properties, geometry in read:
        code, name = _identity(properties)
        largest = max(getattr(geometry, "geoms", [geometry]), key=lambda g: g.area)
        point = largest.representative_point()
        features.append(Feature(index, code, name, _municipality(properties), geometry,
                                geometry.simplify(tolerance, preserve_topology=True),
                                (point.x, point.y)))
    return Boundaries(file, tuple(features), tuple(skipped), lonlat)


def read_boundaries(file: str, data: bytes) -> tuple[Boundaries | None, BoundaryError | None]:
    """`load_boundaries` that never raises: the boundaries, or the problem in words (also
    for what no check foresaw)."""
    try:
        return load_boundaries(file, data), None
    except BoundaryError as exc:
        return None, exc
    except Exception as exc:  # anything else the file trips: still words, not a traceback
        return None, BoundaryError("boundaries.error.failed", file=file,
                                   error=str(exc) or type(exc).__name__)


def _number(value: object, lang: str) -> object:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    return number(f"{value:,.1f}" if isinstance(value, float) else f"{value:,}", lang)


def _properties(item: object) -> dict[str, object]:
    """A feature's properties with lower-case keys (None when it has none)."""
    properties = item.get("properties") if isinstance(item, dict) else None
    if not isinstance(properties, dict):
        return {}
    return {str(key).casefold(): value for key, value in properties.items()}


def _text(value: object) -> str | None:
    if value is None or isinstance(value, dict | list):
        return None
    text = " ".join(str(value).split())
    return text or None


def _identity(properties: dict[str, object]) -> tuple[str | None, str | None]:
    """(code, name) of the most specific level the feature has."""
    for code_key, name_key in LEVELS:
        code, name = _text(properties.get(code_key)), _text(properties.get(name_key))
        if code or name:
            return code, name
    return None, None


def _municipality(properties: dict[str, object]) -> str | None:
    for key in MUNICIPALITY_KEYS:
        name = _text(properties.get(key))
        if name:
            return name
    return None


def _polygons(item: object) -> tuple[BaseGeometry | None, tuple[str, str] | None]:
    """A feature's area as a (Multi)Polygon, repaired if it crosses itself, or why not."""
    geometry = item.get("geometry") if isinstance(item, dict) else None
    kind = geometry.get("type") if isinstance(geometry, dict) else None
    if kind not in POLYGONS:
        return None, ("not_polygon", str(kind) if isinstance(kind, str) else "-")
    try:
        parsed = shape(geometry)
    except Exception as exc:  # shapely's words for bad coordinates (too few points, ...)
        return None, ("unreadable", str(exc) or type(exc).__name__)
    if not parsed.is_valid:
        repaired = shapely.make_valid(parsed)
        parts = [g for g in getattr(repaired, "geoms", [repaired])
                 if isinstance(g, Polygon | MultiPolygon)]
        parsed = shapely.union_all(parts) if parts else Polygon()
    if parsed.is_empty or parsed.area <= 0:
        return None, ("empty", "")
    return parsed, None


def _lonlat(document: dict, geometries: list[BaseGeometry]) -> bool:
    """Degrees rather than metres: what the file's `crs` says (older GeoJSON, as PDOK writes
    it), else what the coordinates allow (RD New's y is always above 289,000)."""
    crs = document.get("crs")
    name = str(crs.get("properties", {}).get("name", "")) if isinstance(crs, dict) else ""
    if "28992" in name:
        return False
    if "4326" in name or "CRS84" in name.upper():
        return True
    west, south, east, north = shapely.total_bounds(geometries)
    return west >= -180 and east <= 180 and south >= -90 and north <= 90


def _latitude_first(geometries: list[BaseGeometry]) -> bool:
    """Degrees written latitude first (as some WFS servers do for EPSG:4326), recognised for
    the Netherlands (latitude 50.7-53.6, longitude 3.3-7.3), the map this is made for."""
    west, south, east, north = shapely.total_bounds(geometries)
    return west >= 50.5 and east <= 54.0 and south >= 3.0 and north <= 7.5


# --- matching ----------------------------------------------------------------------------
def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def match_boundaries(boundaries: Boundaries, scenario: Scenario) -> Match:
    """Each feature to a neighbourhood of the scenario: on the CBS code where both have one,
    else on the name (ignoring case and spaces; within the municipality when the feature
    names one). A neighbourhood may get several features; a feature gets at most one."""
    places: dict[str, tuple[str, str]] = {}
    by_code: dict[str, str] = {}
    by_name: dict[str, list[tuple[str, str, bool]]] = defaultdict(list)
    for municipality in scenario.region.municipalities:
        for neighbourhood in municipality.neighbourhoods:
            key = neighbourhood_key(municipality.name, neighbourhood.name)
            places[key] = (municipality.name, neighbourhood.name)
            if neighbourhood.code:
                by_code[_norm(neighbourhood.code)] = key
            by_name[_norm(neighbourhood.name)].append(
                (key, _norm(municipality.name), bool(neighbourhood.code)))
    neighbourhood_of: dict[int, str] = {}
    how: dict[int, str] = {}
    unmatched: list[Unmatched] = []
    for feature in boundaries.features:
        if feature.code and _norm(feature.code) in by_code:
            neighbourhood_of[feature.index] = by_code[_norm(feature.code)]
            how[feature.index] = "code"
            continue
        if not feature.name:
            unmatched.append(Unmatched(feature, "unknown" if feature.code else "unnamed"))
            continue
        candidates = [key for key, municipality, coded in by_name.get(_norm(feature.name), [])
                      if not (coded and feature.code)  # two codes that differ: no match
                      and (feature.municipality is None
                           or municipality == _norm(feature.municipality))]
        if len(candidates) == 1:
            neighbourhood_of[feature.index] = candidates[0]
            how[feature.index] = "name"
        else:
            unmatched.append(Unmatched(feature, "ambiguous" if candidates else "unknown"))
    drawn = set(neighbourhood_of.values())
    return Match(boundaries, neighbourhood_of, how, tuple(unmatched),
                 tuple(key for key in places if key not in drawn), places)
