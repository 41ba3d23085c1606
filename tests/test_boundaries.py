"""Neighbourhood boundaries for the dashboard's map (dashboards/boundaries.py, map_chart.py,
the report): loading a GeoJSON file and every refusal in words, matching its areas to a
scenario's neighbourhoods on the code and on the name, what is left over, and the map as
drawn (its areas in the tiles' colours, holes open, the grey areas, the report's map).

The fixture tests/fixtures/zandhoven_wijken.geojson is a fictional town of four wijken as
PDOK writes them (RD New, `wijkcode`, `wijknaam`, `gemeentenaam`), one of them a
MultiPolygon with a hole, and a fifth area that no scenario here has.
"""

from __future__ import annotations

import copy
import json
import math
from pathlib import Path

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_hex
from matplotlib.path import Path as MplPath

from dashboards import boundaries as boundaries_module
from dashboards.boundaries import (
    MAX_BYTES,
    BoundaryError,
    load_boundaries,
    match_boundaries,
    read_boundaries,
)
from dashboards.charts import tile_colours
from dashboards.explorer import Explorer
from dashboards.i18n import LANGUAGES, TEXTS
from dashboards.map_chart import (
    MATCHED_GID,
    UNMATCHED_COLOUR,
    UNMATCHED_GID,
    map_figure,
    outline,
)
from dashboards.report import report_bytes, report_figure
from dashboards.settings import Settings
from model import Scenario
from tests.conftest import SMALL

FIXTURE = Path(__file__).parent / "fixtures" / "zandhoven_wijken.geojson"
MAP_OUTCOME = "unmet_share"


def zandhoven_data() -> dict:
    """Zandhoven's wijken: two with the CBS code (one in lower case), two to be matched on
    the name (one in other case and with spaces), one without an area on the map; and a
    second municipality with a Molenwijk of its own, which the map's Molenwijk (in
    Zandhoven) must not take."""
    data = copy.deepcopy(SMALL)
    data["name"] = "zandhoven"
    data["region"]["municipalities"] = [
        {"name": "Zandhoven", "neighbourhoods": [
            {"name": "Centrum", "code": "WK990100", "inhabitants": 400, "ses": 0.5},
            {"name": "Havenkwartier", "code": "wk990101", "inhabitants": 400, "ses": 0.2},
            {"name": "  de HEIDE ", "inhabitants": 400, "ses": 0.8},
            {"name": "Molenwijk", "inhabitants": 400, "ses": 0.4},
            {"name": "Buitengebied", "inhabitants": 200, "ses": 0.6},
        ]},
        {"name": "Elders", "neighbourhoods": [
            {"name": "Molenwijk", "inhabitants": 300, "ses": 0.5}]},
    ]
    return data


@pytest.fixture(scope="module")
def zandhoven() -> Scenario:
    return Scenario.model_validate(zandhoven_data())


@pytest.fixture(scope="module")
def explorer(zandhoven) -> Explorer:
    run = Explorer(Settings.of(zandhoven))
    run.step(3)
    return run


def fixture_document() -> dict:
    return json.loads(FIXTURE.read_text())


def as_bytes(document: object) -> bytes:
    return json.dumps(document).encode()


def refusal(data: bytes, file: str = "map.geojson") -> BoundaryError:
    loaded, problem = read_boundaries(file, data)
    assert loaded is None and problem is not None
    for lang in LANGUAGES:  # every refusal reads in both languages, never as a traceback
        text = problem.text(lang)
        assert file in text and "Traceback" not in text and "{" not in text, text
    return problem


# --- loading --------------------------------------------------------------------------------
def test_the_fixture_loads_as_pdok_writes_it():
    loaded = load_boundaries("zandhoven.geojson", FIXTURE.read_bytes())
    assert [f.code for f in loaded.features] == [f"WK99010{i}" for i in range(5)]
    assert [f.name for f in loaded.features][:2] == ["Centrum", "Havenkwartier"]
    assert {f.municipality for f in loaded.features} == {"Zandhoven"}
    molenwijk = loaded.features[3]
    assert molenwijk.geometry.geom_type == "MultiPolygon"
    assert [len(p.interiors) for p in molenwijk.geometry.geoms] == [1, 0]
    assert molenwijk.geometry.area == pytest.approx(1500**2 - 500**2 + 400**2)
    assert molenwijk.geometry.contains(_point(*molenwijk.anchor))
    assert not loaded.lonlat and loaded.aspect == 1.0  # RD New: metres, no correction
    assert loaded.skipped == ()


def _point(x: float, y: float):
    from shapely.geometry import Point

    return Point(x, y)


def test_degrees_are_drawn_corrected_for_latitude():
    """EPSG:4326 (no `crs`, as RFC 7946 has it): kept in degrees, the map's aspect is
    1/cos(latitude); written latitude first (as some WFS servers do), it is turned back."""
    document = fixture_document()
    del document["crs"]

    def degrees(coordinates, latitude_first=False):
        if isinstance(coordinates[0], int | float):
            lon = 5.0 + (coordinates[0] - 150000) / 68_700
            lat = 52.0 + (coordinates[1] - 450000) / 111_200
            return [lat, lon] if latitude_first else [lon, lat]
        return [degrees(c, latitude_first) for c in coordinates]

    for latitude_first in (False, True):
        changed = copy.deepcopy(document)
        for feature in changed["features"]:
            geometry = feature["geometry"]
            geometry["coordinates"] = degrees(geometry["coordinates"], latitude_first)
        loaded = load_boundaries("degrees.geojson", as_bytes(changed))
        assert loaded.lonlat
        west, south, east, north = loaded.bounds
        assert 4.9 < west < east < 5.1 and 51.9 < south < north < 52.1  # longitude first
        assert loaded.aspect == pytest.approx(1 / math.cos(math.radians((south + north) / 2)))


def test_a_file_too_big_is_refused_before_it_is_read():
    problem = refusal(b" " * (MAX_BYTES + 1), "heel-nederland.geojson")
    assert problem.key == "boundaries.error.too_big"
    assert "at most 20 MB is allowed" in problem.text("en")
    assert "hoogstens 20 MB" in problem.text("nl")
    assert "20,0 MB" in problem.text("nl")  # the size, written the Dutch way


@pytest.mark.parametrize(("data", "key", "says"), [
    (b"\xff\xfe\x00 not text", "not_text", "not a text file"),
    (b'{"type": "FeatureCollection",\n "features": [', "not_json", "line 2, column"),
    (b'{"type": "Topology", "objects": {}}', "not_collection", "its type is Topology"),
    (b'{"type": "Feature", "geometry": null}', "not_collection", "its type is Feature"),
    (b"[1, 2]", "not_collection", "its type is list"),
    (b'{"type": "FeatureCollection", "features": {}}', "not_collection", "FeatureCollection"),
])
def test_what_is_not_geojson_is_refused_saying_what_is_allowed(data, key, says):
    problem = refusal(data)
    assert problem.key == f"boundaries.error.{key}"
    assert says in problem.text("en")
    if key == "not_collection":
        assert "allowed: a FeatureCollection of Polygon or MultiPolygon" in problem.text("en")


def test_a_collection_without_areas_is_refused_naming_what_it_has():
    document = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"naam": "a"},
         "geometry": {"type": "Point", "coordinates": [1, 2]}},
        {"type": "Feature", "properties": {},
         "geometry": {"type": "LineString", "coordinates": [[1, 2], [3, 4]]}},
        {"type": "Feature", "properties": {}, "geometry": None},
    ]}
    problem = refusal(as_bytes(document))
    assert problem.key == "boundaries.error.no_polygons"
    assert "3 features, geometry: -, LineString, Point" in problem.text("en")
    assert "not points or lines" in problem.text("en")
    assert refusal(as_bytes({"type": "FeatureCollection", "features": []})).key == \
        "boundaries.error.no_polygons"


def test_too_many_features_are_refused(monkeypatch):
    monkeypatch.setattr(boundaries_module, "MAX_FEATURES", 3)
    problem = refusal(FIXTURE.read_bytes())
    assert problem.key == "boundaries.error.too_many"
    assert "has 5 features; at most 3 are allowed" in problem.text("en")


def test_features_that_cannot_be_drawn_are_skipped_and_listed(zandhoven):
    document = fixture_document()
    document["features"] += [
        {"type": "Feature", "properties": {"wijknaam": "Station"},
         "geometry": {"type": "Point", "coordinates": [150100, 450100]}},
        {"type": "Feature", "properties": {"wijknaam": "Kapot"},
         "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 1]]]}},
        {"type": "Feature", "properties": {"wijknaam": "Vlinder"},  # crosses itself
         "geometry": {"type": "Polygon", "coordinates": [
             [[149000, 449000], [149500, 449500], [149500, 449000], [149000, 449500],
              [149000, 449000]]]}},
    ]
    loaded = load_boundaries("more.geojson", as_bytes(document))
    assert [(s.label, s.reason) for s in loaded.skipped] == [("Station", "not_polygon"),
                                                             ("Kapot", "unreadable")]
    bowtie = loaded.features[-1]
    assert bowtie.name == "Vlinder" and bowtie.geometry.is_valid
    assert bowtie.geometry.area == pytest.approx(2 * 500 * 250 / 2)
    sections = {heading: items for _, heading, items in
                match_boundaries(loaded, zandhoven).listing("en")}
    assert sections["Not drawn (2):"] == ["Station: not an area (Point)",
                                          "Kapot: unreadable outline (" +
                                          loaded.skipped[1].detail + ")"]


def test_every_text_key_of_the_boundaries_exists_in_both_languages():
    keys = [key for key in TEXTS if key.startswith("boundaries.")]
    for reason in ("unknown", "ambiguous", "unnamed"):
        assert f"boundaries.reason.{reason}" in keys
    for reason in ("not_polygon", "unreadable", "empty"):
        assert f"boundaries.skip.{reason}" in keys
    for error in ("too_big", "not_text", "not_json", "not_collection", "too_many",
                  "no_polygons", "failed"):
        assert f"boundaries.error.{error}" in keys


def test_read_boundaries_turns_the_unforeseen_into_words(monkeypatch):
    def broken(*_):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(boundaries_module, "_polygons", broken)
    problem = refusal(FIXTURE.read_bytes())
    assert problem.key == "boundaries.error.failed" and "disk on fire" in problem.text("nl")


# --- matching -------------------------------------------------------------------------------
def test_areas_match_on_the_code_or_else_on_the_name_within_the_municipality(zandhoven):
    match = match_boundaries(load_boundaries("z.geojson", FIXTURE.read_bytes()), zandhoven)
    assert match.neighbourhood_of == {0: "Zandhoven/Centrum", 1: "Zandhoven/Havenkwartier",
                                      2: "Zandhoven/  de HEIDE ", 3: "Zandhoven/Molenwijk"}
    assert match.how == {0: "code", 1: "code", 2: "name", 3: "name"}
    assert [(u.feature.name, u.reason) for u in match.unmatched] == [
        ("Bedrijventerrein Zuid", "unknown")]
    assert match.missing == ("Zandhoven/Buitengebied", "Elders/Molenwijk")
    assert match.matched == ["Zandhoven/Centrum", "Zandhoven/Havenkwartier",
                             "Zandhoven/  de HEIDE ", "Zandhoven/Molenwijk"]
    assert match.listing("nl") == [
        ("missing", "Wijken zonder vlak op de kaart (2):", ["Buitengebied (Zandhoven)",
                                                             "Molenwijk (Elders)"]),
        ("unmatched", "Vlakken zonder wijk in het scenario, in grijs (1):",
         ["Bedrijventerrein Zuid (WK990104): geen wijk met deze code of naam"]),
    ]


def test_a_name_without_a_municipality_that_fits_two_is_not_guessed(zandhoven):
    document = fixture_document()
    for feature in document["features"]:
        del feature["properties"]["gemeentenaam"]
        del feature["properties"]["wijkcode"]
    match = match_boundaries(load_boundaries("z.geojson", as_bytes(document)), zandhoven)
    # Centrum and Havenkwartier have a code, the areas none: matched on the name after all
    assert match.how == {0: "name", 1: "name", 2: "name"}
    assert [(u.feature.name, u.reason) for u in match.unmatched] == [
        ("Molenwijk", "ambiguous"), ("Bedrijventerrein Zuid", "unknown")]
    sections = {kind: (heading, items) for kind, heading, items in match.listing("en")}
    assert sections["unmatched"] == (
        "Areas without a neighbourhood in the scenario, in grey (2):",
        ["Molenwijk: the name of neighbourhoods in several municipalities",
         "Bedrijventerrein Zuid: no neighbourhood with this code or name"])
    assert sections["missing"][1] == ["Molenwijk (Zandhoven)", "Buitengebied (Zandhoven)",
                                      "Molenwijk (Elders)"]


def test_two_codes_that_differ_do_not_match_on_the_name(zandhoven):
    data = zandhoven.model_dump()
    data["region"]["municipalities"][0]["neighbourhoods"][0]["code"] = "WK123401"
    match = match_boundaries(load_boundaries("z.geojson", FIXTURE.read_bytes()),
                             Scenario.model_validate(data))
    assert 0 not in match.neighbourhood_of
    assert "Zandhoven/Centrum" in match.missing


def test_a_buurt_is_matched_on_its_own_code_not_its_wijk(zandhoven):
    """A buurt of PDOK's buurten layer carries the code of its wijk too."""
    document = fixture_document()
    for number, feature in enumerate(document["features"]):
        feature["properties"]["buurtcode"] = f"BU990100{number:02d}"
        feature["properties"]["buurtnaam"] = f"Buurt {number}"
    match = match_boundaries(load_boundaries("z.geojson", as_bytes(document)), zandhoven)
    assert not match.any
    assert match.boundaries.features[0].label == "Buurt 0 (BU99010000)"


# --- the map --------------------------------------------------------------------------------
def collections(figure, gid):
    return [c for axes in figure.axes for c in axes.collections if c.get_gid() == gid]


def test_the_map_has_an_area_per_feature_in_the_tiles_colours(zandhoven, explorer):
    match = match_boundaries(load_boundaries("z.geojson", FIXTURE.read_bytes()), zandhoven)
    table = explorer.neighbourhoods()
    figure = map_figure(match, table, MAP_OUTCOME, "nl")
    [matched] = collections(figure, MATCHED_GID)
    [unmatched] = collections(figure, UNMATCHED_GID)
    assert len(matched.get_paths()) == 4 and len(unmatched.get_paths()) == 1
    tiles, _, _ = tile_colours(table[MAP_OUTCOME], MAP_OUTCOME)
    tile_of = dict(zip(table["neighbourhood"], tiles, strict=True))
    expected = [tile_of[match.neighbourhood_of[i]] for i in sorted(match.neighbourhood_of)]
    assert [to_hex(c) for c in matched.get_facecolors()] == expected
    assert [to_hex(c) for c in unmatched.get_facecolors()] == [UNMATCHED_COLOUR]
    texts = [text.get_text() for text in figure.axes[0].texts]
    assert any(text.startswith("Centrum\n") and text.endswith("%") for text in texts)
    assert len(texts) == 4  # a label per neighbourhood on the map
    assert figure.axes[0].get_legend().get_texts()[0].get_text() == "Geen wijk in het scenario"
    bar = figure.axes[1]
    assert bar.get_ylabel() == "Onvervulde hulpvraag"
    assert len(bar.get_yticklabels()) == 2  # the lowest and the highest value


@pytest.mark.parametrize("hole_reversed", [False, True])
def test_holes_stay_open_and_every_part_is_drawn(zandhoven, explorer, hole_reversed):
    """Molenwijk, a MultiPolygon with a lake: drawn, its lake is the page's white and its
    island has the wijk's colour (read from the rendered pixels), also when the file winds
    the lake's ring the wrong way round."""
    document = fixture_document()
    if hole_reversed:
        rings = document["features"][3]["geometry"]["coordinates"][0]
        rings[1] = rings[1][::-1]
    match = match_boundaries(load_boundaries("z.geojson", as_bytes(document)), zandhoven)
    molenwijk = match.boundaries.features[3]
    path = outline(molenwijk.geometry)
    assert int(np.sum(path.codes == MplPath.MOVETO)) == 3  # two exteriors and the hole
    figure = map_figure(match, explorer.neighbourhoods(), MAP_OUTCOME, "nl")
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    pixels = np.asarray(canvas.buffer_rgba())
    axes = figure.axes[0]

    def colour_at(x: float, y: float) -> str:
        column, row = axes.transData.transform((x, y))
        return to_hex(pixels[pixels.shape[0] - int(round(row)), int(round(column))] / 255)

    [matched] = collections(figure, MATCHED_GID)
    colour = to_hex(matched.get_facecolors()[sorted(match.neighbourhood_of).index(3)])
    assert colour_at(151700, 452800) == colour  # in the wijk
    assert colour_at(152250, 452250) == "#ffffff"  # in its lake
    assert colour_at(153400, 452300) == colour  # on its island


def test_the_map_follows_the_chosen_outcome_and_language(zandhoven, explorer):
    match = match_boundaries(load_boundaries("z.geojson", FIXTURE.read_bytes()), zandhoven)
    table = explorer.neighbourhoods()
    figure = map_figure(match, table, "mean_trust", "en")
    [matched] = collections(figure, MATCHED_GID)
    tiles, _, _ = tile_colours(table["mean_trust"], "mean_trust")
    assert set(map(to_hex, matched.get_facecolors())) <= set(tiles)
    assert figure.axes[1].get_ylabel() == "Trust in the municipality"


# --- the report -----------------------------------------------------------------------------
def test_the_report_has_the_map_and_what_it_leaves_out(zandhoven, explorer):
    match = match_boundaries(load_boundaries("z.geojson", FIXTURE.read_bytes()), zandhoven)
    figure = report_figure(explorer, "en", match, "participation")
    [matched] = collections(figure, MATCHED_GID)
    assert len(matched.get_paths()) == 4
    table = explorer.neighbourhoods()
    tiles, _, _ = tile_colours(table["participation"], "participation")
    tile_of = dict(zip(table["neighbourhood"], tiles, strict=True))
    assert [to_hex(c) for c in matched.get_facecolors()] == \
        [tile_of[match.neighbourhood_of[i]] for i in sorted(match.neighbourhood_of)]
    words = " ".join(text.get_text() for axes in figure.axes for text in axes.texts)
    assert "Neighbourhoods without an area on the map (2):" in words
    assert "Buitengebied (Zandhoven)" in words and "Bedrijventerrein Zuid" in words
    assert any(axes.get_xlabel() == "Participation" for axes in figure.axes)  # colour bar
    for kind, magic in (("pdf", b"%PDF"), ("png", b"\x89PNG")):
        assert report_bytes(explorer, "nl", kind, match).startswith(magic)


def test_the_report_without_boundaries_is_as_before(explorer, zandhoven):
    plain = report_figure(explorer, "nl")
    assert not collections(plain, MATCHED_GID)
    assert len(plain.axes) == 7  # settings, key figures, four charts, weak and strong
    nothing = match_boundaries(load_boundaries("z.geojson", FIXTURE.read_bytes()),
                               Scenario.model_validate(SMALL))
    assert not nothing.any
    assert len(report_figure(explorer, "nl", nothing).axes) == 7  # no match, no map
