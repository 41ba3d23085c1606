"""Share what I set up: the set-up file written and read back to the same set-up (a
shipped scenario by name, an own one by content), bad files refused field by field, and
the round trip through two pages: one downloads, a fresh one loads and shows the same; and
the same through a link (the set-up in the page address), cut or foreign links refused."""

from __future__ import annotations

import base64
import copy
import zlib
from dataclasses import replace

import pytest
import yaml

from dashboards import upload
from dashboards.i18n import t
from dashboards.settings import Settings, load_shipped
from dashboards.share import (
    MAX_LINK,
    link_problem,
    read_setup,
    read_setup_code,
    setup_code,
    setup_yaml,
)
from dashboards.variants import CompareSetup
from model import ROOM_TO_ACT, TRUST, ScenarioError, load_scenario
from tests.conftest import SMALL
from tests.dashboard_page import Page, fake_file_drop, wait_until

pytestmark = pytest.mark.usefixtures("ipython_display")


@pytest.fixture(scope="module")
def ipython_display() -> None:
    import reacton.patch_display
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    if not InteractiveShell.initialized():
        config = Config()
        config.HistoryManager.enabled = False
        InteractiveShell.instance(config=config)
    reacton.patch_display.patch()


def a_setup(base) -> tuple[Settings, CompareSetup]:  # noqa: ANN001
    pending = replace(Settings.of(base).with_levers({TRUST: 0.85}).with_scale("hyperlocal"),
                      budget_cut=0.15, horizon_years=6)
    setup = CompareSetup().add("Optie A: wijkteams", pending.with_levers({ROOM_TO_ACT: 0.9}))
    setup = setup.add("Optie C: jeugd regionaal", pending.with_domain(
        "youth_family", scale="regional", budget_change=-0.1))
    setup = setup.add("Optie B", replace(pending, scale="regional"))
    setup = replace(setup.choose("own", False), seeds=3, years=4)
    return pending, setup


def test_a_shipped_scenario_round_trips_by_name():
    pending, setup = a_setup(load_shipped("baseline_2015"))
    text = setup_yaml(pending, setup, "baseline_2015")
    data = yaml.safe_load(text)
    assert data["scenario"] == "baseline_2015" and "scenario_file" not in data
    assert len(text) < 3_000  # small: a name, not the scenario
    restored = read_setup("setup.yaml", text.encode())
    assert restored.shipped == "baseline_2015"
    assert restored.settings == replace(pending, base=restored.base)
    def policy(settings: Settings) -> Settings:  # a compare sets the base and the years
        return replace(settings, base=None, horizon_years=0)

    assert [(v.name, policy(v.settings)) for v in restored.setup.variants] == \
        [(v.name, policy(v.settings)) for v in setup.variants]
    assert restored.setup.variants[1].settings.domain_scale("youth_family") == "regional"
    assert (restored.setup.chosen, restored.setup.seeds, restored.setup.years) == \
        (setup.chosen, 3, 4)


def test_an_own_scenario_travels_with_its_content():
    base = load_scenario(copy.deepcopy(SMALL))
    pending, setup = a_setup(base)
    restored = read_setup("setup.yaml", setup_yaml(pending, setup, None).encode())
    assert restored.shipped is None
    assert restored.base == base


@pytest.mark.parametrize(("text", "expected"), [
    (b"\xff\xfe", "setup.yaml: is not a text (YAML) file"),
    ("format: [unclosed\n", "not valid YAML"),
    (yaml.safe_dump(SMALL), "is a scenario file, not a set-up file; load it under Scenario"),
    ("format: something-else\nversion: 1\n", "format: got 'something-else'; not a set-up of "
                                            "this dashboard; allowed: zelfsturing-setup"),
    ("format: zelfsturing-setup\nversion: 2\n", "version: got 2; this dashboard reads version 1"),
    ("format: zelfsturing-setup\nversion: 1\nscenario: nope\n",
     "scenario: got 'nope'; no shipped scenario of that name; shipped: baseline_2015"),
    ("format: zelfsturing-setup\nversion: 1\n", "give either scenario"),
    ("format: zelfsturing-setup\nversion: 1\nscenario: baseline_2015\n"
     "settings: {levers: {trsut: 0.5}}\n",
     "settings.levers.trsut: got 0.5; unknown field 'trsut' (did you mean 'trust'?)"),
    ("format: zelfsturing-setup\nversion: 1\nscenario: baseline_2015\n"
     "settings: {budget_cut: 0.9}\n", "settings.budget_cut: got 0.9; must be between 0.0 and 0.5"),
    ("format: zelfsturing-setup\nversion: 1\nscenario: baseline_2015\n"
     "variants: [{name: A}, {name: a}]\n", "variants[1].name: got 'a'; The name 'A' is taken"),
    ("format: zelfsturing-setup\nversion: 1\nscenario: baseline_2015\n"
     "compare: {chosen: [current, B]}\n", "compare.chosen: got 'B'; not a variant; allowed: "
                                          "current, own, letting_go"),
    ("format: zelfsturing-setup\nversion: 1\nscenario_file: {name: x}\n",
     "scenario_file.region: required field is missing"),
])
def test_bad_set_up_files_are_refused_saying_what_and_where(text, expected):
    with pytest.raises(ScenarioError) as refused:
        read_setup("setup.yaml", text if isinstance(text, bytes) else text.encode())
    found = [str(p) for p in refused.value.problems]
    assert any(expected in line for line in found), found
    assert all(line.startswith("setup.yaml") for line in found)


# --- two pages --------------------------------------------------------------------------------
def download(page: Page, suffix: str) -> bytes:
    from solara.components.file_download import FileDownloadWidget

    [widget] = [w for w in page.rc.find(FileDownloadWidget).widgets
                if w.filename.endswith(suffix)]
    widget.request_download = True  # as the browser asks on a click
    wait_until(lambda: widget.bytes is not None)
    return widget.bytes


def test_a_colleague_loads_the_file_and_sees_the_same(monkeypatch):
    first = Page()
    try:
        first.slider(f"zs-lever-{TRUST}").v_model = 0.85
        first.slider("zs-budget-cut").v_model = 20
        first.slider("zs-horizon").v_model = 4
        first.one("zs-variants-name").v_model = "Optie A: wijkteams"
        first.click("zs-variants-save")
        first.slider("zs-compare-seeds").v_model = 2
        data = download(first, "-setup.yaml")
        pending, setup = first.ui.pending.value, first.ui.compare_setup.value
    finally:
        first.close()
    monkeypatch.setattr(upload, "FileDrop", fake_file_drop(
        "setup.yaml", data, only=t("share.drop", "nl"), cls="fake-share"))
    second = Page()
    try:
        second.click("fake-share")
        assert "Hersteld uit setup.yaml" in second.text("zs-share-ok")
        restored = second.ui.pending.value
        assert restored == replace(pending, base=restored.base)
        assert restored.base == pending.base
        assert second.ui.session.settings == restored  # the run starts over from it
        got = second.ui.compare_setup.value
        assert [v.name for v in got.variants] == ["Optie A: wijkteams"]
        assert got.variants[0].settings.levers == setup.variants[0].settings.levers
        assert (got.chosen, got.seeds, got.years) == (setup.chosen, 2, setup.years)
        assert second.slider(f"zs-lever-{TRUST}").v_model == 0.85
    finally:
        second.close()


def test_a_bad_file_leaves_everything_as_it_was(monkeypatch):
    monkeypatch.setattr(upload, "FileDrop", fake_file_drop(
        "setup.yaml", b"format: zelfsturing-setup\nversion: 1\nscenario: nope\n",
        only=t("share.drop", "nl"), cls="fake-share"))
    shown = Page()
    try:
        before = shown.ui.pending.value
        shown.click("fake-share")
        error = shown.text("zs-share-error")
        assert "setup.yaml kan niet worden hersteld" in error and "Traceback" not in error
        assert "no shipped scenario of that name" in error
        assert shown.ui.pending.value is before
    finally:
        shown.close()


# --- the link: the set-up in the page address ----------------------------------------------
def test_a_link_round_trips_and_a_shipped_one_is_short():
    base = load_shipped("baseline_2015")
    pending, setup = a_setup(base)
    code = setup_code(pending, setup, "baseline_2015")
    assert link_problem(code) is None and len(code) < 1000
    restored = read_setup_code(code)
    assert restored.shipped == "baseline_2015"
    assert restored.settings == replace(pending, base=restored.base)
    assert [v.name for v in restored.setup.variants] == [v.name for v in setup.variants]
    assert restored.setup.chosen == setup.chosen


def test_an_own_scenario_fits_in_a_link_and_one_too_big_is_refused_in_words():
    own = load_scenario(SMALL)
    pending, setup = a_setup(own)
    code = setup_code(pending, setup, None)
    assert link_problem(code) is None
    assert read_setup_code(code).base == own
    assert "download the set-up as a file instead" in link_problem("A" * (MAX_LINK + 1))


@pytest.mark.parametrize("code", ["", "not*base64", "AAAA", "eJzLSM3JyQcABiwCFQ"[:-3],
                                  "A" * (MAX_LINK + 1)])
def test_a_cut_or_foreign_link_is_refused_saying_so(code):
    with pytest.raises(ScenarioError) as caught:
        read_setup_code(code)
    [problem] = caught.value.problems
    assert problem.field == "setup" and "cut off when it was copied" in problem.message


def test_a_valid_link_with_a_bad_set_up_names_the_field():
    data = zlib.compress(b"format: zelfsturing-setup\nversion: 1\nscenario: nope\n")
    code = base64.urlsafe_b64encode(data).rstrip(b"=").decode()
    with pytest.raises(ScenarioError, match="link: scenario: got 'nope'; no shipped scenario"):
        read_setup_code(code)


def test_the_button_puts_the_set_up_in_the_address_and_a_colleague_opening_it_sees_the_same():
    first = Page(address="/")
    try:
        first.slider(f"zs-lever-{TRUST}").v_model = 0.85
        first.slider("zs-budget-cut").v_model = 20
        first.one("zs-variants-name").v_model = "Optie A: wijkteams"
        first.click("zs-variants-save")
        first.click("zs-share-link")
        [address] = first.pushed
        assert address.startswith("/?setup=")
        assert "De adresbalk bevat nu deze instellingen" in first.text("zs-share-link-made")
        [anchor] = first.all("zs-share-link-anchor")
        assert anchor.attributes["href"] == address[1:]
        pending, setup = first.ui.pending.value, first.ui.compare_setup.value
    finally:
        first.close()
    second = Page(address=address)
    try:
        wait_until(lambda: second.all("zs-link-ok"))
        assert "Hersteld uit de link" in second.text("zs-link-ok")
        assert second.ui.pending.value == replace(pending, base=second.ui.pending.value.base)
        assert second.ui.session.settings == second.ui.pending.value
        got = second.ui.compare_setup.value
        assert [v.name for v in got.variants] == ["Optie A: wijkteams"]
        assert got.chosen == setup.chosen
        assert second.slider(f"zs-lever-{TRUST}").v_model == 0.85
    finally:
        second.close()


def test_a_broken_link_says_so_and_the_page_opens_as_usual():
    shown = Page(address="/?setup=eJzLSM3")
    try:
        wait_until(lambda: shown.all("zs-link-error"))
        error = shown.text("zs-link-error")
        assert "de link kan niet worden hersteld" in error and "Traceback" not in error
        assert "cut off when it was copied" in error
        assert shown.ui.pending.value.base.name == "baseline_2015"
    finally:
        shown.close()


def test_a_set_up_too_big_for_a_link_gets_a_warning_and_no_address(monkeypatch):
    from dashboards import share_view

    monkeypatch.setattr(share_view, "setup_code", lambda *_: "A" * (MAX_LINK + 1))
    shown = Page(address="/")
    try:
        shown.click("zs-share-link")
        assert "Geen link gemaakt" in shown.text("zs-share-link-error")
        assert shown.pushed == []
    finally:
        shown.close()
