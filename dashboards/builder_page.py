# ruff: noqa: N802  (Solara components are named like classes)
"""The "My municipality" tab: build a scenario without YAML (dashboards/builder.py holds the
form and its checks), or fill it from a CBS file (`cbs_section.py`); see its size and
measured run time; download the YAML; load it into Explore as the running scenario.

Every control has a stable class (`zs-mine-...`) for tests; texts come from `i18n.t`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import replace

import solara

from dashboards.builder import (
    NEIGHBOURHOODS,
    Checked,
    Draft,
    FieldSpec,
    Row,
    budget_specs,
    check,
    neighbourhood_specs,
    scenario_yaml,
)
from dashboards.cbs_section import CbsImportSection
from dashboards.components import MUTED, Heading, Help, ProblemList
from dashboards.i18n import number, t
from dashboards.run_time import RunTime, measure
from dashboards.session import Ui, UploadMessage
from dashboards.settings import Settings, load_uploaded
from model import SCALES, Scenario, ScenarioError

PAGE_SIZE = 20  # neighbourhoods shown at once (a buurt import can have hundreds)
MEASURE_DELAY = 0.6  # seconds without typing before the run time is measured again
Restart = Callable[[Ui, Settings], None]


def range_text(spec: FieldSpec, lang: str) -> str:
    """"standaard 0,5; 0 tot 1" from the schema's field, in the page's language."""
    def show(x: float) -> str:
        text = f"{x:,.0f}" if spec.integer or float(x).is_integer() else f"{x:g}"
        return number(text, lang)

    if spec.low is not None and spec.high is not None:
        key = "mine.range.open" if spec.low_open else "mine.range"
        allowed = t(key, lang).format(low=show(spec.low), high=show(spec.high))
    else:
        allowed = t(f"mine.rule.{spec.name}", lang)
    default = t("mine.required", lang) if spec.default is None else \
        t("mine.default", lang).format(value=show(spec.default))
    return f"{default}; {allowed}"


def fixed(width: str) -> str:
    """A field of this width whatever the row around it (a flex row stretches its
    children)."""
    return f"width: {width}; min-width: {width}; max-width: {width}; flex: 0 0 {width};"


@solara.component
def NumberInput(label: str, text: str, on_text: Callable[[str], None], errors: list[str],
                cls: str, style: str = fixed("100px")) -> None:
    solara.InputText(label, value=text, on_value=on_text, continuous_update=True,
                     error=" · ".join(errors) if errors else False, dense=True,
                     classes=[cls], style=style)


@solara.component
def FieldLegend(lang: str) -> None:
    """What each column means, its default and what it allows: read off the schema."""
    with solara.Column(gap="0px", classes=["zs-mine-legend"]):
        for name, spec in neighbourhood_specs().items():
            solara.Text(f"{t(f'mine.field.{name}', lang)}: {t(f'mine.field.{name}.help', lang)} "
                        f"({range_text(spec, lang)})", style=MUTED)


@solara.component
def Neighbourhood(draft: solara.Reactive[Draft], row: Row, checked: Checked, lang: str,
                  index: int) -> None:
    """One neighbourhood's row: its name, its figures, remove; its CBS code if it has one.
    The row comes as a prop (the draft is read only when a field changes), so a row removed
    is never looked up by a render of its own."""
    where = f"{NEIGHBOURHOODS}[{index}]"
    with solara.Row(gap="6px", style="flex-wrap: wrap; align-items: flex-start;",
                    classes=["zs-mine-row"]):
        solara.InputText(t("mine.field.name", lang), value=row.name, continuous_update=True,
                         on_value=lambda text, i=index: draft.set(
                             draft.value.rename_row(i, text)),
                         error=" · ".join(checked.at(f"{where}.name")) or False,
                         dense=True, classes=["zs-mine-name"],
                         style=fixed("180px"))
        for name in neighbourhood_specs():
            NumberInput(t(f"mine.field.{name}", lang), row.values.get(name, ""),
                        lambda text, i=index, name=name: draft.set(
                            draft.value.set_value(i, name, text)),
                        checked.at(f"{where}.{name}"), f"zs-mine-{name}")
        solara.Button(icon_name="mdi-delete-outline", text=True,
                      on_click=lambda i=index: draft.set(draft.value.remove_row(i)),
                      classes=["zs-mine-remove"])
        if "code" in row.carried:
            solara.Text(t("mine.code", lang).format(code=row.carried["code"]),
                        style=MUTED + " align-self: center;")


@solara.component
def NeighbourhoodRows(draft: solara.Reactive[Draft], checked: Checked, lang: str) -> None:
    """The neighbourhoods, PAGE_SIZE at a time: rename, edit, remove; and add one."""
    rows = draft.value.rows
    page = solara.use_reactive(0)
    pages = max(1, -(-len(rows) // PAGE_SIZE))
    shown = min(page.value, pages - 1)
    first = shown * PAGE_SIZE
    def add() -> None:
        draft.value = draft.value.add_row(t("mine.new_row", lang))
        page.value = (len(draft.value.rows) - 1) // PAGE_SIZE

    # the rows in a column of their own, and the add button right after it: a row more or
    # less leaves the button where it is (a quick second click still finds it)
    with solara.Column(gap="6px", classes=["zs-mine-rows"]):
        for index in range(first, min(first + PAGE_SIZE, len(rows))):
            Neighbourhood(draft, rows[index], checked, lang, index).key(f"row-{index}")
    solara.Button(t("mine.add", lang), icon_name="mdi-plus", outlined=True, on_click=add,
                  classes=["zs-mine-add"], style="max-width: 240px;")
    if pages > 1:
        with solara.Row(style="align-items: center;", classes=["zs-mine-pages"]):
            solara.Button(icon_name="mdi-chevron-left", text=True, disabled=shown == 0,
                          on_click=lambda: page.set(shown - 1), classes=["zs-mine-previous"])
            solara.Text(t("mine.page", lang).format(first=first + 1,
                                                    last=min(first + PAGE_SIZE, len(rows)),
                                                    total=len(rows)))
            solara.Button(icon_name="mdi-chevron-right", text=True,
                          disabled=shown >= pages - 1, on_click=lambda: page.set(shown + 1),
                          classes=["zs-mine-next"])
    for problem in checked.at(NEIGHBOURHOODS):
        solara.Error(problem, dense=True, classes=["zs-mine-rows-error"])



@solara.component
def RegionFields(draft: solara.Reactive[Draft], checked: Checked, lang: str) -> None:
    """Budget per inhabitant, its yearly cut, and the scale."""
    value = draft.value
    scales = {t(f"scale.{s}", lang): s for s in SCALES}
    with solara.Row(gap="12px", style="flex-wrap: wrap; align-items: flex-start;"):
        for name, spec in budget_specs().items():
            with solara.Column(gap="0px", style="max-width: 300px;"):
                NumberInput(t(f"mine.budget.{name}", lang), value.budget.get(name, ""),
                            lambda text, name=name: draft.set(draft.value.set_budget(name, text)),
                            checked.at(f"budget.{name}"), f"zs-mine-{name}",
                            style="width: 260px;")
                Help(f"{t(f'mine.budget.{name}.help', lang)} ({range_text(spec, lang)})")
        with solara.Column(gap="0px", classes=["zs-mine-scale"], style="width: 240px;"):
            solara.Select(t("scale", lang), values=list(scales),
                          value=t(f"scale.{value.scale}", lang),
                          on_value=lambda label: draft.set(
                              replace(draft.value, scale=scales[label])))
            Help(t("mine.scale.help", lang))


@solara.component
def Problems(checked: Checked, lang: str) -> None:
    """Every problem, as `run.py validate` would print it for the downloaded file."""
    if checked.scenario is not None:
        solara.Success(t("mine.valid", lang), dense=True, classes=["zs-mine-valid"])
        return
    ProblemList(t("mine.invalid", lang).format(count=len(checked.problems)), checked.problems,
                ["zs-mine-problems"])


def measure_key(scenario: Scenario) -> tuple:
    """What the run time depends on: size, ties and the weekly work (not the names)."""
    hoods = [n for m in scenario.region.municipalities for n in m.neighbourhoods]
    return (scenario.residents, len(hoods), round(sum(n.residents * n.mean_ties
                                                      for n in hoods)), scenario.scale,
            scenario.parameters.spinup_years)


@solara.component
def Preview(scenario: Scenario | None, lang: str, active: bool) -> None:
    """Size now; the run time measured on a sample of it, once the typing has paused, and
    only while the tab is shown (a visitor who never opens it costs the server nothing)."""
    measured = solara.use_reactive(None)  # (key, RunTime) of the last measurement
    failed = solara.use_reactive(None)
    key = measure_key(scenario) if scenario is not None else None

    def run(cancel: threading.Event) -> None:
        if key is None or not active:
            return
        end = time.monotonic() + MEASURE_DELAY
        while time.monotonic() < end:
            if cancel.wait(0.05):
                return
        try:
            found = measure(scenario)
        except Exception as exc:  # words on the page, never a traceback
            failed.value = str(exc) or type(exc).__name__
            return
        if not cancel.is_set():
            failed.value = None
            measured.value = (key, found)

    solara.use_thread(run, dependencies=[key, active], intrusive_cancel=False)
    if scenario is None:
        Help(t("mine.preview.none", lang), classes=["zs-mine-preview"])
        return
    hoods = sum(len(m.neighbourhoods) for m in scenario.region.municipalities)
    with solara.Column(gap="2px", classes=["zs-mine-preview"]):
        solara.Text(t("mine.preview.size", lang).format(
            residents=number(f"{scenario.residents:,}", lang),
            inhabitants=number(f"{scenario.inhabitants:,}", lang),
            neighbourhoods=t("mine.count.one" if hoods == 1 else "mine.count.many",
                             lang).format(count=hoods)),
            classes=["zs-mine-size"])
        if failed.value:
            solara.Text(t("mine.preview.failed", lang).format(error=failed.value), style=MUTED)
        elif measured.value is None or measured.value[0] != key:
            solara.Text(t("mine.preview.measuring", lang), classes=["zs-mine-measuring"],
                        style=MUTED)
        else:
            RunTimeText(measured.value[1], lang)


@solara.component
def RunTimeText(found: RunTime, lang: str) -> None:
    def seconds(x: float) -> str:
        return number(f"{x:,.1f}" if x < 10 else f"{x:,.0f}", lang)

    solara.Text(t("mine.preview.time", lang).format(
        year=seconds(found.seconds_per_year), start=seconds(found.start_seconds),
        spinup=found.spinup_years,
        memory=number(f"{found.memory_bytes / 1e9:.1f}", lang)), classes=["zs-mine-time"])
    Help(t("mine.preview.how", lang).format(
        rate=number(f"{found.resident_weeks_per_second / 1e6:.2f}", lang),
        sample=number(f"{found.sample_residents:,}", lang), weeks=found.sample_weeks))


@solara.component
def MunicipalityTab(ui: Ui, restart: Restart, show_explorer: Callable[[], None],
                    active: bool = True) -> None:
    """Build a municipality: the form, its problems, its size and run time, its YAML.
    `active`: the tab is the one shown."""
    lang = ui.lang.value
    draft = solara.use_reactive(solara.use_memo(
        lambda: Draft.new(t("mine.new_row", lang)), []))
    value = draft.value
    checked = solara.use_memo(lambda: check(value), [value])

    load_error = solara.use_reactive(None)

    def load() -> None:
        """Into Explore, by the very path an uploaded file takes (the same checks)."""
        text = scenario_yaml(draft.value, checked)
        try:
            scenario = load_uploaded(draft.value.filename, text.encode("utf-8"))
        except ScenarioError as exc:  # checked already; words all the same, if it comes
            load_error.value = "; ".join(str(p) for p in exc.problems)
            return
        load_error.value = None
        ui.session.add_uploaded(scenario)
        restart(ui, Settings.of(scenario))
        ui.upload.value = UploadMessage(t("mine.source", lang), True, name=scenario.name)
        show_explorer()

    with solara.Column(classes=["zs-mine"], gap="6px"):
        Help(t("mine.intro", lang))
        CbsImportSection(lang, lambda filled: draft.set(filled))
        Heading(t("mine.names", lang), level=4)
        with solara.Row(gap="12px", style="flex-wrap: wrap;"):
            solara.InputText(t("mine.scenario_name", lang), value=value.name,
                             continuous_update=True, dense=True,
                             on_value=lambda text: draft.set(replace(draft.value, name=text)),
                             error=" · ".join(checked.at("name")) or False,
                             classes=["zs-mine-scenario-name"], style=fixed("280px"))
            solara.InputText(t("mine.municipality", lang), value=value.municipality,
                             continuous_update=True, dense=True,
                             on_value=lambda text: draft.set(replace(draft.value,
                                                                    municipality=text)),
                             error=" · ".join(checked.at("region.municipalities[0].name"))
                             or False, classes=["zs-mine-municipality"], style=fixed("280px"))
        Heading(t("mine.neighbourhoods", lang), level=4)
        FieldLegend(lang)
        NeighbourhoodRows(draft, checked, lang)
        Heading(t("mine.region", lang), level=4)
        RegionFields(draft, checked, lang)
        Heading(t("mine.check", lang), t("mine.check.help", lang), level=4)
        Problems(checked, lang)
        Preview(checked.scenario, lang, active)
        with solara.Row(style="flex-wrap: wrap;"):
            ok = checked.scenario is not None
            with solara.FileDownload(lambda: scenario_yaml(draft.value, checked).encode("utf-8"),
                                     value.filename, mime_type="application/x-yaml"):
                solara.Button(t("mine.download", lang), icon_name="mdi-download",
                              outlined=True, disabled=not ok, classes=["zs-mine-download"])
            solara.Button(t("mine.load", lang), icon_name="mdi-play-circle-outline",
                          color="#1f5f8b", disabled=not ok, on_click=load,
                          classes=["zs-mine-load"])
            solara.Button(t("mine.start_over", lang), icon_name="mdi-restore", text=True,
                          on_click=lambda: draft.set(Draft.new(t("mine.new_row", lang))),
                          classes=["zs-mine-start-over"])
        if load_error.value:
            solara.Error(load_error.value, dense=True, classes=["zs-mine-load-error"])
