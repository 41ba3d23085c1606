"""Importing a municipality from CBS Kerncijfers wijken en buurten (cbs/): both layouts, both
levels, every missing value reported, and a scenario that validates and runs.

The fixtures (tests/fixtures/cbs/) are fictional figures in the real formats: a kwb CSV as
Excel saves it on a Dutch Windows machine (semicolons, decimal comma, Windows-1252) and a
StatLine CSV as cbsodata writes it (commas, quoted values padded with spaces, decimal point,
empty for a missing value). The .xlsx is written here from the kwb CSV.
"""

from __future__ import annotations

import io
import math
from pathlib import Path

import openpyxl
import pytest

import cbs
import run
from cbs.read import parse_number
from model import ParticipationModel, parse_yaml, validate_data
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "cbs"
KWB = FIXTURES / "kwb_voorbeeld.csv"
STATLINE = FIXTURES / "statline_voorbeeld.csv"
NATIONAL = 30.0  # g_ink_pi of the fixtures' Nederland row
# The Voorbeeldstad wijken in the fixtures: inhabitants, a_00_14, the 15+ groups, g_ink_pi.
CENTRUM = {"inhabitants": 5200, "a_00_14": 620, "adults": (980, 1650, 1230, 720), "income": 27.0}
WIJK_INCOME = {"Wijk 00 Centrum": 27.0, "Wijk 01 Poëtenbuurt": 36.0, "Wijk 02 Oude Haven": 21.0}
# The Dutch 15+ mix of 2015 (the schema's default age mix).
DUTCH = {"15-24": 0.147, "25-34": 0.147, "35-44": 0.154, "45-54": 0.182, "55-64": 0.154,
         "65-74": 0.126, "75+": 0.090}


def by_name(result: cbs.CbsImport) -> dict[str, dict]:
    return {n["name"]: n for n in result.neighbourhoods}


def kwb_xlsx(with_nederland: bool = True) -> bytes:
    """The kwb CSV fixture as an .xlsx in the way CBS ships it: numbers as numbers, "." as
    text; with a title row above an upper-case header, to find the header and its case."""
    lines = KWB.read_bytes().decode("cp1252").splitlines()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Kerncijfers wijken en buurten (fictief voorbeeld)"])
    sheet.append([h.upper() for h in lines[0].split(";")])
    for line in lines[1:]:
        cells = line.split(";")
        if cells[0] == "NL00" and not with_nederland:
            continue
        row = []
        for i, cell in enumerate(cells):
            value, missing = parse_number(cell, decimal_comma=True)
            row.append(cell if missing is not None or i in (0, 2, 3, 4, 5) else value)
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --------------------------------------------------------------------------- reading


def test_kwb_csv_in_windows_1252_with_semicolons_and_decimal_commas():
    table = cbs.read_table(KWB.read_bytes(), KWB.name)
    assert table.layout.name == "kwb"
    rows = table.rows.set_index("code")
    assert rows.at["WK990101", "name"] == "Wijk 01 Poëtenbuurt"
    assert rows.at["WK990100", "income_per_inhabitant"] == 27.0  # written 27,0
    assert rows.at["WK990100", "kind"] == "wijk"
    assert rows.at["BU99010000", "municipality_code"] == "GM9901"
    assert cbs.municipalities(KWB) == ["Voorbeeldstad", "Poëldorp", "Sûdwaard"]


def test_statline_csv_with_padded_quoted_values_and_decimal_points():
    table = cbs.read_table(STATLINE.read_bytes(), STATLINE.name)
    assert table.layout.name == "statline"
    assert table.columns["income_per_inhabitant"] == "GemiddeldInkomenPerInwoner_72"
    rows = table.rows.set_index("code")
    assert rows.at["WK990100", "kind"] == "wijk"  # "Wijk      "
    assert rows.at["WK990100", "municipality"] == "Voorbeeldstad"  # padded to 40
    assert rows.at["WK990102", "income_per_inhabitant"] == 21.0
    assert cbs.municipalities(STATLINE) == ["Voorbeeldstad", "Poëldorp", "Sûdwaard"]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16"])
def test_other_encodings_read_the_same(encoding):
    data = KWB.read_bytes().decode("cp1252").encode(encoding)
    assert cbs.municipalities(data, "kwb.csv") == ["Voorbeeldstad", "Poëldorp", "Sûdwaard"]


def test_a_comma_separated_kwb_with_decimal_points_reads_the_same():
    text = KWB.read_bytes().decode("cp1252")
    converted = "\n".join(line.replace(",", ".").replace(";", ",") for line in text.splitlines())
    a = cbs.scenario_from_cbs(converted.encode("utf-8"), "kwb.csv", "Voorbeeldstad")
    b = cbs.scenario_from_cbs(KWB, municipality="Voorbeeldstad")
    assert a.neighbourhoods == b.neighbourhoods


def test_xlsx_reads_the_same_as_the_csv():
    from_xlsx = cbs.scenario_from_cbs(kwb_xlsx(), "kwb-2023.xlsx", "Voorbeeldstad")
    from_csv = cbs.scenario_from_cbs(KWB, municipality="Voorbeeldstad")
    assert from_xlsx.neighbourhoods == from_csv.neighbourhoods
    # The report names a column as the file does: upper case here.
    assert [(f.where, f.column, f.found) for f in from_xlsx.problems] == [
        (f.where, f.column.upper(), f.found) for f in from_csv.problems]
    assert "the kwb file of 2023" in from_xlsx.yaml


@pytest.mark.parametrize(("cell", "comma", "value", "said"), [
    ("25,9", True, 25.9, None), ("1.200", True, 1200.0, None), ("25.9", False, 25.9, None),
    (".", True, math.nan, '"."'), ("x", False, math.nan, '"x"'), ("", False, math.nan, "empty"),
    ("-99999999", False, math.nan, "-99999999"), (-99999997, False, math.nan, "-99999997"),
    (None, False, math.nan, "empty"), (" 42 ", False, 42.0, None), (7, False, 7.0, None),
])
def test_numbers_and_what_cbs_writes_for_a_missing_one(cell, comma, value, said):
    got, what = parse_number(cell, comma)
    assert (math.isnan(got) and math.isnan(value)) or got == value
    assert what == said


@pytest.mark.parametrize(("data", "name", "message"), [
    (b"", "x.csv", "the file is empty"),
    (b"\xd0\xcf\x11\xe0" + b"\0" * 100, "kwb-2019.xls", "an old Excel file (.xls)"),
    (b"not a zip", "kwb.xlsx", "not a readable .xlsx file"),
    (b"PK\x03\x04broken", "kwb.xlsx", "not a readable .xlsx file"),
    (b"\x00\x01\x02binary", "kwb.csv", "not a text (CSV) file"),
    (b"a;b;c\n1;2;3\n", "x.csv", "not a CBS Kerncijfers wijken en buurten table"),
])
def test_unreadable_files_get_one_line(data, name, message):
    with pytest.raises(cbs.CbsError) as caught:
        cbs.scenario_from_cbs(data, name, "Voorbeeldstad")
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_older_kwb_files_give_the_age_groups_as_percentages():
    data = (b"gwb_code;regio;gm_naam;recs;a_inw;p_00_14;p_15_24;p_25_44;p_45_64;p_65_oo\n"
            b"GM9901;Oudstad;Oudstad;G;1000;20;10;30;25;15\n"
            b"WK990100;Wijk 00;Oudstad;W;1000;20;10;30;25;15\n")
    wijk = cbs.scenario_from_cbs(data, "kwb-2014.csv", "Oudstad").neighbourhoods[0]
    assert wijk["share_15_plus"] == 0.8 and wijk["age_mix"]["15-24"] == 0.125
    assert wijk["ses"] == 0.5  # no income column: the default, reported once
    assert "not in the file" in cbs.scenario_from_cbs(data, "k.csv", "Oudstad").yaml


def test_an_unknown_layout_lists_the_key_columns_expected():
    data = b"gwb_code_10;regio;a_inw\nWK990100;Centrum;5200\n"
    with pytest.raises(cbs.CbsError) as caught:
        cbs.municipalities(data, "half.csv")
    message = str(caught.value)
    assert "the yearly kwb file needs regio, gm_naam, recs, a_inw (missing: gm_naam, recs)" \
        in message
    assert "WijkenEnBuurten, Gemeentenaam_1, SoortRegio_2, Codering_3, AantalInwoners_5" \
        in message
    assert "found: gwb_code_10, regio, a_inw" in message


# --------------------------------------------------------------------------- mapping


def test_wijk_level_values_come_from_the_figures():
    result = cbs.scenario_from_cbs(KWB, municipality="Voorbeeldstad")
    wijken = by_name(result)
    assert list(wijken) == ["Wijk 00 Centrum", "Wijk 01 Poëtenbuurt", "Wijk 02 Oude Haven",
                            "Wijk 03 Nieuw-Oost"]
    assert result.inhabitants == 24_000 and result.municipality_code == "GM9901"
    centrum = wijken["Wijk 00 Centrum"]
    assert centrum["code"] == "WK990100" and centrum["inhabitants"] == CENTRUM["inhabitants"]
    assert centrum["share_15_plus"] == round(1 - CENTRUM["a_00_14"] / CENTRUM["inhabitants"], 4)
    assert centrum["ses"] == round(CENTRUM["income"] / (2 * NATIONAL), 3) == 0.45
    # ses follows income: Poëtenbuurt 36 > Centrum 27 > Oude Haven 21.
    ses = {name: wijken[name]["ses"] for name in WIJK_INCOME}
    assert sorted(ses, key=ses.get) == sorted(WIJK_INCOME, key=WIJK_INCOME.get)
    assert all(ses[n] == round(WIJK_INCOME[n] / (2 * NATIONAL), 3) for n in WIJK_INCOME)


def test_age_groups_split_by_the_dutch_2015_shares():
    mix = by_name(cbs.scenario_from_cbs(KWB, municipality="Voorbeeldstad"))[
        "Wijk 00 Centrum"]["age_mix"]
    g15, g25, g45, g65 = CENTRUM["adults"]
    total = sum(CENTRUM["adults"])
    expected = {
        "15-24": g15 / total,
        "25-34": g25 / total * DUTCH["25-34"] / (DUTCH["25-34"] + DUTCH["35-44"]),
        "35-44": g25 / total * DUTCH["35-44"] / (DUTCH["25-34"] + DUTCH["35-44"]),
        "45-54": g45 / total * DUTCH["45-54"] / (DUTCH["45-54"] + DUTCH["55-64"]),
        "55-64": g45 / total * DUTCH["55-64"] / (DUTCH["45-54"] + DUTCH["55-64"]),
        "65-74": g65 / total * DUTCH["65-74"] / (DUTCH["65-74"] + DUTCH["75+"]),
        "75+": g65 / total * DUTCH["75+"] / (DUTCH["65-74"] + DUTCH["75+"]),
    }
    assert mix == pytest.approx(expected, abs=1e-4)
    assert sum(mix.values()) == pytest.approx(1.0, abs=1e-3)


def test_missing_and_secret_values_are_reported_with_the_default_used():
    result = cbs.scenario_from_cbs(KWB, municipality="Voorbeeldstad")
    assert [(f.where, f.column, f.found, f.left_out) for f in result.problems] == [
        ("Wijk 02 Oude Haven (WK990102)", "a_00_14", '"."', False),
        ("Wijk 03 Nieuw-Oost (WK990103)", "g_ink_pi", '"."', False),
        ("Wijk 03 Nieuw-Oost (WK990103)", "a_65_oo", "-99999999", False),
        ("Wijk 04 Industrieterrein Zuid (WK990104)", "a_inw", "0", True),
    ]
    assert result.missing == 3 and result.left_out == 1
    wijken = by_name(result)
    assert wijken["Wijk 02 Oude Haven"]["share_15_plus"] == 0.83  # the schema default
    assert wijken["Wijk 03 Nieuw-Oost"]["ses"] == round(28.5 / (2 * NATIONAL), 3)  # the GM's
    assert wijken["Wijk 03 Nieuw-Oost"]["age_mix"] == pytest.approx(DUTCH)
    for finding in result.problems:  # each in the file's comment block
        assert f"#   {finding}" in result.yaml
    assert "share_15_plus 0.83 used (schema default)" in str(result.problems[0])
    assert "from the income of Voorbeeldstad (28.5)" in str(result.problems[1])


def test_buurt_level_reports_falls_back_to_the_wijk_and_keeps_names_unique():
    result = cbs.scenario_from_cbs(KWB, municipality="Voorbeeldstad", level="buurt")
    buurten = by_name(result)
    assert len(buurten) == 8 and result.inhabitants == 24_000
    assert all(n["code"].startswith("BU99") for n in result.neighbourhoods)
    assert {"Buitengebied (BU99010201)", "Buitengebied (BU99010301)"} <= set(buurten)
    assert buurten["Stationsbuurt"]["ses"] == round(27.0 / (2 * NATIONAL), 3)  # its wijk's
    assert [(f.where, f.found) for f in result.problems if f.left_out] == [
        ("Bedrijventerrein Zuid (BU99010400)", "0"), ("Haventerrein (BU99010401)", '"."')]
    assert any("share a name" in note for note in result.notes)


def test_both_layouts_give_the_same_neighbourhoods():
    for level in cbs.LEVELS:
        kwb = cbs.scenario_from_cbs(KWB, municipality="Voorbeeldstad", level=level)
        statline = cbs.scenario_from_cbs(STATLINE, municipality="Voorbeeldstad", level=level)
        assert kwb.neighbourhoods == statline.neighbourhoods
        assert [f.where for f in kwb.problems] == [f.where for f in statline.problems]
    left_out = [f for f in statline.problems if f.left_out]
    assert [(f.column, f.found) for f in left_out] == [("AantalInwoners_5", "0"),
                                                       ("AantalInwoners_5", "empty")]


def test_without_a_nederland_row_ses_compares_within_the_municipality():
    result = cbs.scenario_from_cbs(kwb_xlsx(with_nederland=False), "kwb.xlsx", "Voorbeeldstad")
    assert by_name(result)["Wijk 00 Centrum"]["ses"] == round(27.0 / (2 * 28.5), 3)
    assert any("no Nederland row" in note for note in result.notes)
    given = cbs.scenario_from_cbs(KWB, municipality="Voorbeeldstad", national_income=36.0)
    assert by_name(given)["Wijk 00 Centrum"]["ses"] == round(27.0 / 72.0, 3)


def test_codes_as_names_from_a_raw_odata_download():
    text = STATLINE.read_text(encoding="utf-8").splitlines()
    header, rows = text[0], text[1:]
    raw = []
    for row in rows:  # the region column holds the (padded) code, as the typed data set has it
        cells = row.split(",")
        cells[1] = cells[4]
        raw.append(",".join(cells))
    result = cbs.scenario_from_cbs("\n".join([header, *raw]).encode(), "85984NED.csv",
                                   "GM9901")
    assert [n["name"] for n in result.neighbourhoods][:2] == ["WK990100", "WK990101"]
    assert any("codes, not names" in note for note in result.notes)
    assert "StatLine table 85984NED" in result.yaml


@pytest.mark.parametrize("query", ["Voorbeeldstad", "  VOORBEELDSTAD ", "GM9901", "gm9901",
                                   "9901"])
def test_a_municipality_by_name_in_any_case_or_by_code(query):
    assert cbs.scenario_from_cbs(KWB, municipality=query).municipality == "Voorbeeldstad"


def test_accents_are_optional_in_the_name():
    assert cbs.scenario_from_cbs(KWB, municipality="poeldorp").municipality == "Poëldorp"
    assert cbs.scenario_from_cbs(STATLINE, municipality="Sudwaard").municipality == "Sûdwaard"


def test_an_unknown_municipality_gets_the_closest_names():
    with pytest.raises(cbs.CbsError, match=r'^unknown municipality "Voorbeeldstd"; did you '
                                           r"mean: Voorbeeldstad\?$"):
        cbs.scenario_from_cbs(KWB, municipality="Voorbeeldstd")
    bergen = (b"regio;gm_naam;recs;a_inw\nBergen (L.);Bergen (L.);Gemeente;13000\n"
              b"Bergen (NH.);Bergen (NH.);Gemeente;30000\n")
    with pytest.raises(cbs.CbsError, match=r'did you mean: Bergen \(L\.\), Bergen \(NH\.\)\?'):
        cbs.scenario_from_cbs(bergen, "x.csv", "Bergen")
    with pytest.raises(cbs.CbsError, match="has 3 municipalities, such as Voorbeeldstad"):
        cbs.scenario_from_cbs(KWB, municipality="Zwolle")
    with pytest.raises(cbs.CbsError, match="no municipality with code GM0363"):
        cbs.scenario_from_cbs(KWB, municipality="GM0363")


def test_no_rows_at_the_level_asked():
    with pytest.raises(cbs.CbsError, match=r"Poëldorp has no buurt rows in the file \(2 wijk "
                                           r"rows\); use --level wijk"):
        cbs.scenario_from_cbs(KWB, municipality="Poëldorp", level="buurt")
    with pytest.raises(cbs.CbsError, match="level: got 'gemeente'"):
        cbs.scenario_from_cbs(KWB, municipality="Poëldorp", level="gemeente")


def test_the_written_yaml_validates_describes_its_source_and_runs():
    result = cbs.scenario_from_cbs(KWB, municipality="Voorbeeldstad")
    data = parse_yaml(result.yaml, "voorbeeldstad.yaml")
    assert data == result.scenario
    scenario = validate_data(data, "voorbeeldstad.yaml")
    assert scenario.scale == "local" and scenario.budget.per_inhabitant == 528.0
    assert len(scenario.region.municipalities[0].neighbourhoods) == 4
    for text in (scenario.description.nl, scenario.description.en):
        assert "kwb_voorbeeld.csv" in text and "Kerncijfers wijken en buurten" in text
        assert "wijk" in text
    assert "niveau wijk" in scenario.description.nl and "level wijk" in scenario.description.en
    quick = {**data, "horizon_years": 1, "parameters": {"spinup_years": 0}}
    model = ParticipationModel(quick, rng=1)
    model.run(weeks=4)
    assert model.week == 4
    assert len(model.config.region.municipalities[0].neighbourhoods) == 4


def test_the_levels_of_the_command_line_are_the_importers():
    assert run.CBS_LEVELS == cbs.LEVELS


def test_the_shipped_example_is_what_the_importer_makes_of_the_fixture():
    """The example is the importer's output with a preface that says it is fictional."""
    example = ROOT / "scenarios" / "examples" / "voorbeeldstad_wijken.yaml"
    result = cbs.scenario_from_cbs(KWB, municipality="Voorbeeldstad")
    preface, made, rest = example.read_text(encoding="utf-8").partition("# Made by")
    assert made + rest == result.yaml
    assert "Voorbeeldstad is fictional" in preface and "kwb_voorbeeld.csv" in preface
    assert all(line.startswith("#") for line in preface.splitlines())
    validate_data(parse_yaml(example.read_text(encoding="utf-8"), str(example)), str(example))


def test_a_path_that_is_no_file():
    with pytest.raises(cbs.CbsError, match="file not found"):
        cbs.municipalities(Path("/nonexistent/kwb.csv"))
    with pytest.raises(cbs.CbsError, match="is a folder"):
        cbs.municipalities(FIXTURES)


def test_cbs_keeps_the_house_rules():
    """docs/architecture.md's rules, for cbs/ (test_architecture.py does not list it yet):
    it imports the model's public API only, no lever name is written out, modules stay
    of a readable size."""
    import model
    from model import LEVERS
    from tests.test_architecture import MAX_LINES, constants, imports

    for path in sorted((ROOT / "cbs").glob("*.py")):
        for module, names, line in imports(path):
            top = module.split(".")[0]
            assert top not in ("validation", "experiments", "dashboards", "workshop", "run"), \
                f"{path.name}:{line} imports {module}"
            if top == "model":
                assert module == "model" and set(names) <= set(model.__all__), \
                    f"{path.name}:{line} imports {module} {names}"
        assert not [v for v, _ in constants(path) if isinstance(v, str) and v in LEVERS]
        assert len(path.read_text(encoding="utf-8").splitlines()) <= MAX_LINES
