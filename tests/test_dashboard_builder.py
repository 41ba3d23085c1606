"""My municipality: the form's fields as the schema declares them, its checks with the
files' messages, the YAML it writes, the measured run time, and the tab itself rendered
without a browser (add, remove, rename, a bad value, download, load into Explore, a CBS
file filling the form)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import ipyvuetify as v
import pytest

from dashboards import upload
from dashboards.app import MINE
from dashboards.builder import (
    NEIGHBOURHOOD,
    NEIGHBOURHOODS,
    Draft,
    budget_specs,
    check,
    neighbourhood_specs,
    parse_number,
    scenario_yaml,
)
from dashboards.i18n import TEXTS, t
from dashboards.i18n_own import OWN_TEXTS
from dashboards.run_time import SAMPLE_RESIDENTS, measure
from dashboards.settings import load_uploaded
from model import validate_data
from tests.dashboard_page import Page, fake_file_drop, wait_until, widget_texts

FIXTURES = Path(__file__).parent / "fixtures" / "cbs"
pytestmark = pytest.mark.usefixtures("ipython_display")


@pytest.fixture(scope="module")
def ipython_display() -> None:
    """The app bar's children reach the page through IPython's display (as in
    tests/test_dashboard.py)."""
    import reacton.patch_display
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    if not InteractiveShell.initialized():
        config = Config()
        config.HistoryManager.enabled = False
        InteractiveShell.instance(config=config)
    reacton.patch_display.patch()


@pytest.fixture
def page() -> Iterator[Page]:
    shown = Page()
    shown.open_tab(MINE)
    yield shown
    shown.close()


def field_problems(draft: Draft) -> list[str]:
    return [str(p) for p in check(draft).problems]


# --- the form, without a page ---------------------------------------------------------------
def test_the_columns_and_their_ranges_are_the_schemas():
    """Each column's default and bounds are the Neighbourhood field's: a value at either
    bound is valid, one just beyond it is refused by the schema itself."""
    assert list(neighbourhood_specs()) == [n for n in NEIGHBOURHOOD.model_fields
                                           if n not in ("name", "code", "share_15_plus",
                                                        "age_mix")]
    for name, spec in neighbourhood_specs().items():
        info = NEIGHBOURHOOD.model_fields[name]
        assert spec.default == (None if info.is_required() else info.default)
        step = 1 if spec.integer else 0.01
        for value, ok in ((spec.low, True), (spec.high, True), (spec.low - step, False),
                          (spec.high + step, False)):
            text = str(int(value)) if spec.integer else str(value)
            problems = field_problems(Draft.new().set_value(0, name, text))
            assert (problems == []) == ok, (name, value, problems)
    assert neighbourhood_specs()["inhabitants"].default is None  # required


def test_the_cut_per_year_allows_what_its_validator_allows():
    """budget.shrinkage's range is in its validator: the words the page shows for it
    (mine.rule.shrinkage) must still say what the schema does."""
    assert "between 0 and 1" in budget_specs()["shrinkage"].allowed()
    assert OWN_TEXTS["mine.rule.shrinkage"]["en"] == "0 to 1"
    for text, ok in (("0", True), ("1", True), ("0,05", True), ("-0.01", False),
                     ("1.01", False)):
        assert (field_problems(Draft.new().set_budget("shrinkage", text)) == []) == ok, text


def test_numbers_as_people_type_them():
    assert parse_number("0,45", False) == 0.45
    assert parse_number(" 0.45 ", False) == 0.45
    assert parse_number("2.000", True) == 2000
    assert parse_number("12 500", True) == 12500
    assert parse_number("1.234,5", False) == 1234.5
    assert parse_number("1,234.5", False) == 1234.5
    for text in ("abc", "nan", "inf", "", "1,2,3", "0x10"):
        assert parse_number(text, False) is None, text


def test_problems_are_the_files_messages_with_their_field_paths():
    draft = Draft.new().add_row().set_value(1, "ses", "1,4")
    assert field_problems(draft) == [
        f"mijn_gemeente.yaml: {NEIGHBOURHOODS}[1].ses: got 1.4; must be between 0.0 and 1.0"]
    assert check(draft).at(f"{NEIGHBOURHOODS}[1].ses") == ["got 1.4; must be between 0.0 "
                                                           "and 1.0"]
    # not a number: said as such, and not also "required field is missing"
    assert field_problems(Draft.new().set_value(0, "inhabitants", "veel")) == [
        f"mijn_gemeente.yaml: {NEIGHBOURHOODS}[0].inhabitants: got 'veel'; is not a number; "
        "write a number (1 to 10,000,000), with a decimal comma or point"]
    blank = field_problems(Draft.new().set_value(0, "inhabitants", ""))
    assert blank == [f"mijn_gemeente.yaml: {NEIGHBOURHOODS}[0].inhabitants: required field "
                     "is missing"]
    twice = field_problems(Draft.new().add_row().rename_row(1, "Wijk 1"))
    assert len(twice) == 1 and "neighbourhood names must be unique; repeated: Wijk 1" in \
        twice[0]
    none = field_problems(Draft.new().remove_row(0))
    assert none == [f"mijn_gemeente.yaml: {NEIGHBOURHOODS}: got []; needs at least 1 "
                    "item(s), has 0"]
    assert field_problems(replace(Draft.new(), name=" ")) == [
        "scenario.yaml: name: got ''; String should have at least 1 character"]


def test_a_blank_optional_field_is_the_schemas_default():
    scenario = check(Draft.new().set_value(0, "ses", "  ")).scenario
    assert scenario.region.municipalities[0].neighbourhoods[0].ses == \
        NEIGHBOURHOOD.model_fields["ses"].default


def test_new_neighbourhoods_get_a_name_of_their_own_and_copy_the_last():
    draft = Draft.new().set_value(0, "ses", "0.3").add_row().rename_row(1, "Wijk 3").add_row()
    assert [row.name for row in draft.rows] == ["Wijk 1", "Wijk 3", "Wijk 4"]
    assert draft.rows[2].values["ses"] == "0.3"


def test_the_yaml_validates_and_is_the_checked_scenario():
    draft = Draft.new().add_row().set_value(1, "mean_ties", "12").set_budget("shrinkage",
                                                                             "0,05")
    checked = check(draft)
    text = scenario_yaml(draft, checked)
    assert text.startswith("# Made on the dashboard's \"My municipality\" page")
    loaded = load_uploaded(draft.filename, text.encode())
    assert loaded == checked.scenario
    assert loaded.budget.shrinkage == 0.05


def test_a_cbs_import_fills_the_form_and_keeps_what_the_form_does_not_show():
    import cbs

    result = cbs.scenario_from_cbs(FIXTURES / "kwb_voorbeeld.csv", municipality="Voorbeeldstad")
    draft = Draft.from_scenario(result.scenario, "# the report\n", "kwb_voorbeeld.csv")
    checked = check(draft)
    assert checked.problems == ()
    assert checked.scenario == validate_data(result.scenario, "x")  # nothing lost
    text = scenario_yaml(draft, checked)
    assert "# the report" in text and "code: WK990100" in text


def test_the_run_time_is_measured_on_a_sample_of_the_scenario():
    small = check(Draft.new()).scenario
    found = measure(small)
    assert found.sample_residents == small.residents
    assert found.run_seconds > 0 and found.seconds_per_year > 0
    assert found.start_seconds > found.build_seconds
    big = check(Draft.new().set_value(0, "inhabitants", "40000")).scenario
    found = measure(big)
    assert found.sample_residents == SAMPLE_RESIDENTS < big.residents == found.residents


def test_the_pages_texts_are_in_both_languages_and_none_is_taken_twice():
    assert not set(OWN_TEXTS) & (set(TEXTS) - set(OWN_TEXTS)) or all(
        TEXTS[k] is OWN_TEXTS[k] for k in OWN_TEXTS)
    for name in neighbourhood_specs():
        assert f"mine.field.{name}" in TEXTS and f"mine.field.{name}.help" in TEXTS
    for name in budget_specs():
        assert f"mine.budget.{name}" in TEXTS and f"mine.budget.{name}.help" in TEXTS


# --- the tab --------------------------------------------------------------------------------
def rows(page: Page) -> list[str]:
    return [w.v_model for w in page.ordered("zs-mine-name")]


def test_add_rename_and_remove_neighbourhoods(page):
    assert rows(page) == ["Wijk 1"]
    page.click("zs-mine-add")
    page.click("zs-mine-add")
    assert rows(page) == ["Wijk 1", "Wijk 2", "Wijk 3"]
    page.ordered("zs-mine-name")[1].v_model = "De Heide"
    page.ordered("zs-mine-inhabitants")[1].v_model = "2.500"
    page.ordered("zs-mine-remove")[0].click()
    assert rows(page) == ["De Heide", "Wijk 3"]
    assert page.ordered("zs-mine-inhabitants")[0].v_model == "2.500"
    assert "Het scenario is geldig" in page.text("zs-mine-valid")
    assert "3.500 inwoners in 2 wijken" in page.text("zs-mine-size")
    wait_until(lambda: page.all("zs-mine-time"), timeout=30)  # measured, the tab shown
    page.open_tab(0)
    page.ordered("zs-mine-inhabitants")[0].v_model = "3.000"
    # not measured again while the tab is hidden (the change reaches the page first)
    wait_until(lambda: page.all("zs-mine-measuring"), timeout=10)
    time.sleep(1.5)
    assert not page.all("zs-mine-time")
    page.open_tab(MINE)
    wait_until(lambda: page.all("zs-mine-time"), timeout=30)
    assert "per gesimuleerd jaar" in page.text("zs-mine-time")


def test_a_bad_value_is_named_under_its_field_and_blocks_download_and_load(page):
    field = page.ordered("zs-mine-ses")[0]
    field.v_model = "1,4"
    problems = list(widget_texts(page.all("zs-problem")))
    assert problems == [f"mijn_gemeente.yaml: {NEIGHBOURHOODS}[0].ses: got 1.4; must be "
                        "between 0.0 and 1.0"]
    field = page.ordered("zs-mine-ses")[0]
    assert field.error and "must be between 0.0 and 1.0" in str(field.messages)
    assert page.one("zs-mine-load").disabled and page.one("zs-mine-download").disabled
    assert "Traceback" not in page.text("zs-mine-problems")
    page.ordered("zs-mine-ses")[0].v_model = "0,4"
    assert not page.all("zs-mine-problems") and not page.one("zs-mine-load").disabled


def test_the_download_is_a_valid_scenario_file(page):
    from solara.components.file_download import FileDownloadWidget

    page.one("zs-mine-scenario-name").v_model = "Mijn dorp"
    page.click("zs-mine-add")
    [download] = [w for w in page.rc.find(FileDownloadWidget).widgets
                  if w.filename == "Mijn_dorp.yaml"]
    download.request_download = True  # as the browser asks on a click
    wait_until(lambda: download.bytes is not None)
    scenario = load_uploaded("Mijn_dorp.yaml", download.bytes)
    assert scenario.name == "Mijn dorp"
    assert [n.name for n in scenario.region.municipalities[0].neighbourhoods] == \
        ["Wijk 1", "Wijk 2"]


def test_load_into_explore_makes_it_the_running_scenario(page):
    page.one("zs-mine-scenario-name").v_model = "eigen_dorp"
    page.one("zs-mine-municipality").v_model = "Eigendorp"
    page.click("zs-mine-add")
    page.click("zs-step")
    page.click("zs-mine-load")
    session = page.ui.session
    assert session.settings.base.name == "eigen_dorp"
    assert session.settings.base.region.municipalities[0].name == "Eigendorp"
    assert page.week == 0
    assert len(page.all("zs-tile")) == 2
    assert "eigen_dorp" in page.text("zs-upload-ok")
    picker = next(w for w in page.rc.find(v.Select).widgets if "eigen_dorp" in str(w.v_model))
    assert picker.v_model == "eigen_dorp (eigen scenario)"


@pytest.mark.parametrize("fixture", ["kwb_voorbeeld.csv", "statline_voorbeeld.csv"])
def test_a_cbs_file_fills_the_form_and_lists_what_it_lacked(monkeypatch, fixture):
    data = (FIXTURES / fixture).read_bytes()
    monkeypatch.setattr(upload, "FileDrop", fake_file_drop(
        fixture, data, only=t("mine.cbs.drop", "nl"), cls="fake-cbs"))
    shown = Page()
    shown.open_tab(MINE)
    try:
        shown.click("fake-cbs")
        assert "3 gemeenten" in shown.text("zs-mine-cbs-loaded")
        municipality = next(w for w in shown.rc.find(v.Select).widgets
                            if w.label == t("mine.cbs.municipality", "nl"))
        assert municipality.items == ["Voorbeeldstad", "Poëldorp", "Sûdwaard"]
        shown.click("zs-mine-cbs-fill")
        assert rows(shown) == ["Wijk 00 Centrum", "Wijk 01 Poëtenbuurt", "Wijk 02 Oude Haven",
                               "Wijk 03 Nieuw-Oost"]
        assert shown.one("zs-mine-scenario-name").v_model == "voorbeeldstad_wijken"
        missing = shown.text("zs-mine-cbs-missing")
        assert "Ontbrekende of geheime waarden (3)" in missing
        column = "a_00_14" if fixture.startswith("kwb") else "k_0Tot15Jaar_8"
        assert f"Wijk 02 Oude Haven (WK990102): {column} is " in missing
        assert "Industrieterrein Zuid (WK990104)" in shown.text("zs-mine-cbs-left_out")
        assert "Het scenario is geldig" in shown.text("zs-mine-valid")
        level = next(w for w in shown.rc.find(v.Select).widgets
                     if w.label == t("mine.cbs.level", "nl"))
        level.v_model = t("mine.cbs.level.buurt", "nl")
        shown.click("zs-mine-cbs-fill")
        assert len(rows(shown)) > 4
    finally:
        shown.close()


def test_a_file_that_is_not_a_cbs_table_gets_one_line(monkeypatch):
    monkeypatch.setattr(upload, "FileDrop", fake_file_drop(
        "notes.csv", b"a;b\n1;2\n", only=t("mine.cbs.drop", "nl"), cls="fake-cbs"))
    shown = Page()
    shown.open_tab(MINE)
    try:
        shown.click("fake-cbs")
        error = shown.text("zs-mine-cbs-error")
        assert error.startswith("notes.csv: ") and "Traceback" not in error
        assert not shown.all("zs-mine-cbs-fill")
    finally:
        shown.close()


def test_the_real_drop_zones_have_a_button_that_opens_the_file_chooser(page):
    zones = {w.label: w for w in page.rc.find(upload.ChooserDropZone).widgets}
    for label in (t("upload.label", "nl"), t("mine.cbs.drop", "nl")):
        assert zones[label].button_label == t("upload.choose", "nl")
    assert zones[t("mine.cbs.drop", "nl")].accept == ".csv,.xlsx,.txt"


def test_the_keys_the_tab_builds_from_names_exist():
    import cbs

    for level in cbs.LEVELS:
        assert f"mine.cbs.level.{level}" in TEXTS
    for kind in ("missing", "left_out", "notes"):
        assert f"mine.cbs.{kind}" in TEXTS
    for name, spec in budget_specs().items():
        assert spec.rule == "" or f"mine.rule.{name}" in TEXTS


def test_the_tab_in_english(page):
    page.click("zs-language")
    assert "My municipality" in page.text("zs-tab-mine")
    legend = page.text("zs-mine-legend")
    assert "SES: socio-economic status, from 0 (low) to 1 (high) (default 0.5; 0 to 1)" in legend
    assert "Inhabitants: all ages" in legend and "(required; 1 to 10,000,000)" in legend
    page.ordered("zs-mine-inhabitants")[0].v_model = "12,500"
    assert "12,500 inhabitants in 1 neighbourhood:" in page.text("zs-mine-size")


def test_a_file_whose_reading_fails_gets_a_line_not_a_traceback():
    import solara

    def refuse(file: dict) -> None:
        raise OSError("the connection broke off")

    @solara.component
    def Zone():  # noqa: N802
        return upload.FileDrop(label="drop", on_file=refuse, lazy=True, button="choose",
                               lang="en")

    shown = Page(component=Zone)
    try:
        [zone] = shown.rc.find(upload.ChooserDropZone).widgets
        zone.file_info = [{"name": "x.yaml", "isFile": True, "size": 3}]  # as the browser
        wait_until(lambda: shown.all("zs-upload-broken"))
        assert shown.text("zs-upload-broken") == ("The file did not come through (x.yaml: "
                                                  "the connection broke off); try again.")
    finally:
        shown.close()
