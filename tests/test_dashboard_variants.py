"""Own named variants in compare (saved, listed, renamed, deleted, their names refused when
empty, too long or taken), compared with the built-in ones under their names in the chart,
the table, the CSV and the report; and a comparison cancelled, in the page and in the
runs themselves."""

from __future__ import annotations

import copy
import io
import threading
import time
from collections.abc import Iterator
from dataclasses import replace

import ipyvuetify as v
import pandas as pd
import pytest

from dashboards.compare import Cancel, CompareCancelledError, compare
from dashboards.compare_report import comparison_bytes
from dashboards.i18n import t
from dashboards.settings import Settings
from dashboards.variants import (
    MAX_NAME,
    MAX_VARIANTS,
    CompareSetup,
    chosen_settings,
    labels,
    name_problem,
    named,
    summary,
)
from model import TRUST, load_scenario
from tests.conftest import SMALL
from tests.dashboard_page import Page, descendants, wait_until

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


def small_settings() -> Settings:
    return Settings.of(load_scenario(copy.deepcopy(SMALL)))


# --- the choices, without a page ------------------------------------------------------------
def test_own_variants_are_added_renamed_chosen_and_deleted():
    settings = small_settings()
    setup = CompareSetup().add("Optie A: wijkteams", settings.with_levers({TRUST: 0.9}))
    setup = setup.add("Optie B", settings)
    assert [v.name for v in setup.variants] == ["Optie A: wijkteams", "Optie B"]
    assert setup.chosen == ("current", "own", "letting_go", "own:1", "own:2")
    renamed = setup.rename("own:1", "  Optie A2 ")
    assert renamed.variant("own:1").name == "Optie A2"
    assert renamed.variant("own:1").settings.levers[TRUST] == 0.9
    gone = renamed.delete("own:1").add("Optie C", settings)
    assert [v.key for v in gone.variants] == ["own:2", "own:3"]  # keys are never reused
    assert "own:1" not in gone.chosen
    assert gone.choose("current", False).choose("current", True).chosen == gone.chosen


def test_a_sixth_variant_is_saved_but_not_chosen():
    setup = CompareSetup()
    for i in range(4):
        setup = setup.add(f"v{i}", small_settings())
    assert len(setup.chosen) == MAX_VARIANTS and "own:4" not in setup.chosen


def test_names_empty_too_long_or_taken_are_refused_with_a_reason():
    setup = CompareSetup().add("Optie A", small_settings())
    assert name_problem("  ", setup, "nl") == t("variants.error.empty", "nl")
    long = "x" * (MAX_NAME + 1)
    assert name_problem(long, setup, "en") == (f"The name is {MAX_NAME + 1} characters long; "
                                               f"at most {MAX_NAME} are allowed.")
    assert "'Optie A' is taken" in name_problem("optie a ", setup, "en")
    # a built-in variant's name, in either language, is taken too
    assert "is taken" in name_problem("Current settings", setup, "en")
    assert "al in gebruik" in name_problem("letting go ((n)iets doen)", setup, "nl")
    assert name_problem("Optie A", setup, "nl", renaming="own:1") is None  # its own name
    assert name_problem("Optie B", setup, "nl") is None


def test_own_variants_run_on_the_sidebars_scenario_with_its_seed():
    saved = replace(small_settings(), budget_cut=0.2, scale="regional")
    setup = CompareSetup(chosen=("current",)).add("A", saved)
    pending = replace(Settings.of(load_scenario({**copy.deepcopy(SMALL), "name": "other",
                                                 "seed": 11})), horizon_years=3)
    runs = chosen_settings(setup, pending)
    assert list(runs) == ["current", "own:1"]
    own = runs["own:1"]
    assert own.base is pending.base and own.seed == 11
    assert (own.budget_cut, own.scale, own.levers) == (0.2, "regional", saved.levers)


def test_labels_keep_a_deleted_variants_name_for_the_comparison_it_ran_in():
    setup = CompareSetup().add("A", small_settings())
    assert labels(setup, "en")["own:1"] == "A"
    assert labels(setup, "nl")["current"] == t("compare.current", "nl")
    assert labels(setup.delete("own:1"), "en", {"own:1": "A"})["own:1"] == "A"


def comparison() -> pd.DataFrame:
    settings = small_settings()
    return compare({"current": settings, "own:1": settings.with_levers({TRUST: 0.9})},
                   seeds=2, years=1, parallel=False)


def test_the_summary_the_csv_and_the_report_use_the_names():
    table = comparison()
    names = {"current": "Huidige instellingen", "own:1": "Optie A: wijkteams"}
    rows = summary(table, names)
    assert list(dict.fromkeys(rows["variant"])) == ["Huidige instellingen",
                                                    "Optie A: wijkteams"]
    assert (rows["low"] <= rows["mean"]).all() and (rows["mean"] <= rows["high"]).all()
    csv = pd.read_csv(io.StringIO(named(table, names).to_csv(index=False)))
    assert set(csv["variant"]) == set(names.values())
    settings = {"current": small_settings(), "own:1": small_settings()}
    assert comparison_bytes(table, names, settings, "nl", "pdf").startswith(b"%PDF")
    assert comparison_bytes(table, names, settings, "en", "png").startswith(b"\x89PNG")


# --- cancelling the runs --------------------------------------------------------------------
def test_a_cancelled_comparison_stops_at_the_next_run_and_gives_no_table():
    settings = small_settings()
    cancel = Cancel()
    seen = []

    def progress(done: int, total: int) -> None:
        seen.append(done)
        if done == 1:
            cancel.set()

    with pytest.raises(CompareCancelledError) as stopped:
        compare({"a": settings, "b": settings}, seeds=2, years=1, progress=progress,
                parallel=False, cancel=cancel)
    assert (stopped.value.done, stopped.value.total) == (2, 4)  # the run under way finished
    assert seen == [0, 1]


@pytest.mark.slow
def test_cancel_drops_the_runs_the_pool_has_not_started_and_the_pool_goes_on():
    settings = small_settings()
    cancel = Cancel()
    first = threading.Event()

    def progress(done: int, total: int) -> None:
        if done >= 1:
            first.set()
            cancel.set()

    with pytest.raises(CompareCancelledError) as stopped:
        compare({f"v{i}": settings for i in range(3)}, seeds=4, years=1, progress=progress,
                cancel=cancel)
    assert stopped.value.done < stopped.value.total == 12
    table = compare({"a": settings, "b": settings}, seeds=1, years=1)  # the pool still works
    assert set(table["variant"]) == {"a", "b"}


# --- the page -------------------------------------------------------------------------------
@pytest.fixture
def page() -> Iterator[Page]:
    shown = Page()
    yield shown
    shown.close()


def own_variants(page: Page) -> list[str]:
    """The own variants' names, in the order the tab lists them."""
    boxes = [w for w in descendants(page.one("zs-compare"))
             if "zs-own-variant-choose" in (getattr(w, "class_", None) or "").split()]
    return [next(c for c in descendants(box) if isinstance(c, v.Checkbox)).label
            for box in boxes]


def save(page: Page, name: str) -> None:
    page.one("zs-variants-name").v_model = name
    page.click("zs-variants-save")


def test_save_list_rename_and_delete_own_variants(page):
    page.slider(f"zs-lever-{TRUST}").v_model = 0.9
    save(page, "Optie A: wijkteams")
    assert own_variants(page) == ["Optie A: wijkteams"]
    assert page.one("zs-variants-name").v_model == ""
    assert "Vertrouwen 0,90" in page.text("zs-own-variant-settings")
    save(page, "optie a: WIJKTEAMS")
    assert "al in gebruik" in page.text("zs-variants-error")
    save(page, "")
    assert page.text("zs-variants-error") == t("variants.error.empty", "nl")
    save(page, "Optie B")
    assert own_variants(page) == ["Optie A: wijkteams", "Optie B"]
    page.ordered("zs-own-variant-rename")[0].click()
    page.one("zs-own-variant-rename-input").v_model = "Optie B"
    page.click("zs-own-variant-rename-ok")
    assert "al in gebruik" in page.text("zs-own-variant-error")
    page.one("zs-own-variant-rename-input").v_model = "Optie C"
    page.click("zs-own-variant-rename-ok")
    assert own_variants(page) == ["Optie C", "Optie B"]
    for button in page.all("zs-own-variant-delete"):
        button.click()
    assert own_variants(page) == []
    assert page.ui.compare_setup.value.chosen == ("current", "own", "letting_go")


def test_two_named_variants_compare_under_their_names(page):
    setup = page.ui.compare_setup
    save(page, "Optie A")
    page.slider(f"zs-lever-{TRUST}").v_model = 0.9
    save(page, "Optie B")
    for name in ("current", "own", "letting_go"):
        setup.value = setup.value.choose(name, False)
    page.slider("zs-compare-seeds").v_model = 1
    page.slider("zs-compare-years").v_model = 1
    page.click("zs-compare-run")
    wait_until(lambda: page.all("zs-compare-table"), timeout=120)
    time.sleep(0.5)  # the compare thread's last render, before the test clicks again
    table = page.ui.session.compare_table
    assert list(dict.fromkeys(table["variant"])) == ["own:1", "own:2"]
    assert [w.children[0] for w in page.ordered("zs-compare-name")] == ["Optie A", "Optie B"]
    page.ordered("zs-own-variant-rename")[0].click()
    page.one("zs-own-variant-rename-input").v_model = "Optie Z"
    page.click("zs-own-variant-rename-ok")
    # the last comparison follows a rename
    assert [w.children[0] for w in page.ordered("zs-compare-name")] == ["Optie Z", "Optie B"]
    assert page.all("zs-download-compare-pdf") and page.all("zs-download-compare-csv")


def test_cancel_a_running_comparison_and_compare_again(page):
    page.slider("zs-compare-seeds").v_model = 3
    page.slider("zs-compare-years").v_model = 1
    page.click("zs-compare-run")
    wait_until(lambda: page.all("zs-compare-cancel"), timeout=30)
    page.click("zs-compare-cancel")
    status = page.ui.compare_status.value
    assert status.cancelled and not status.running
    assert "afgebroken" in page.text("zs-compare-cancelled")
    assert not page.all("zs-compare-cancel") and not page.one("zs-compare-run").disabled
    request = page.ui.compare_request.value
    wait_until(lambda: request.cancel.is_set(), timeout=5)
    # the run under way finishes in its thread and is thrown away: no table, no traceback
    threading.Event().wait(3)
    assert page.ui.session.compare_table is None and page.ui.compare_status.value.cancelled
    page.slider("zs-compare-seeds").v_model = 1
    page.click("zs-compare-run")
    wait_until(lambda: page.ui.session.compare_table is not None, timeout=120)
    assert not page.ui.compare_status.value.cancelled
