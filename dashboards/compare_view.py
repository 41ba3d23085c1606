# ruff: noqa: N802  (Solara components are named like classes)
"""The compare tab: the built-in variants and the user's own named ones (saved from the
sidebar's settings, renamed, deleted), up to MAX_VARIANTS side by side over the same seeds,
with progress and a cancel button; the chart and a table at the end under the variants'
names; and the comparison's downloads for the export tab. The choices live in
`dashboards/variants.py`; the runs in `dashboards/compare.py`.
"""

from __future__ import annotations

from dataclasses import replace

import solara

from dashboards import charts
from dashboards.components import MUTED, Chart, Download, Heading, Help
from dashboards.i18n import format_value, t
from dashboards.report import compare_csv, domain_lines
from dashboards.session import VARIANTS, CompareRequest, CompareStatus, Ui, compare_variants
from dashboards.settings import Settings
from dashboards.variants import (
    MAX_SAVED,
    MAX_SEEDS,
    MAX_VARIANTS,
    MAX_YEARS,
    CompareSetup,
    Variant,
    chosen_settings,
    describe,
    labels,
    name_problem,
    named,
    summary,
)

CELL = "padding: 3px 12px 3px 0; vertical-align: top; text-align: left;"


def setup_of(ui: Ui) -> solara.Reactive[CompareSetup]:
    return ui.compare_setup


@solara.component
def DomainLines(settings: Settings, lang: str) -> None:
    """Each domain's scale and budget change, when the variant's run has teams per domain
    (as the report gives them)."""
    lines = domain_lines(settings, lang)
    if lines:
        Help(t("domains.variant", lang).format(domains="; ".join(lines)),
             classes=["zs-variant-domains"])


@solara.component
def SaveVariant(ui: Ui) -> None:
    """Name the sidebar's settings and keep them as an own variant."""
    lang = ui.lang.value
    setup = setup_of(ui)
    name = solara.use_reactive("")
    problem = solara.use_reactive(None)
    full = len(setup.value.variants) >= MAX_SAVED

    def save() -> None:
        why = name_problem(name.value, setup.value, lang)
        problem.value = why
        if why is None:
            setup.value = setup.value.add(name.value, ui.pending.value)
            name.value = ""

    Heading(t("variants.title", lang), t("variants.help", lang).format(
        limit=MAX_VARIANTS, saved=MAX_SAVED), level=4)
    with solara.Row(style="align-items: flex-start; flex-wrap: wrap;"):
        solara.InputText(t("variants.name", lang), value=name, continuous_update=True,
                         dense=True, disabled=full, classes=["zs-variants-name"],
                         placeholder=t("variants.placeholder", lang),
                         style="width: 320px; max-width: 320px;")
        solara.Button(t("variants.save", lang), icon_name="mdi-content-save-outline",
                      outlined=True, disabled=full, on_click=save, classes=["zs-variants-save"])
    if full:
        solara.Warning(t("variants.full", lang).format(limit=MAX_SAVED), dense=True,
                       classes=["zs-variants-full"])
    if problem.value:
        solara.Error(problem.value, dense=True, classes=["zs-variants-error"])


@solara.component
def OwnVariant(ui: Ui, variant: Variant) -> None:
    """One own variant: choose it, rename it, delete it."""
    lang = ui.lang.value
    setup = setup_of(ui)
    editing = solara.use_reactive(False)
    text = solara.use_reactive(variant.name)
    problem = solara.use_reactive(None)
    chosen = variant.key in setup.value.chosen

    def rename() -> None:
        why = name_problem(text.value, setup.value, lang, renaming=variant.key)
        problem.value = why
        if why is None:
            setup.value = setup.value.rename(variant.key, text.value)
            if variant.key in ui.session.compare_names:  # the last comparison follows
                ui.session.compare_names[variant.key] = text.value.strip()
            editing.value = False

    def start() -> None:
        text.value, problem.value, editing.value = variant.name, None, True

    with solara.Div(classes=["zs-own-variant"]):
        with solara.Row(style="align-items: center; flex-wrap: wrap;", gap="4px"):
            with solara.Div(classes=["zs-own-variant-choose"]):
                solara.Checkbox(label="" if editing.value else variant.name, value=chosen,
                                on_value=lambda on: setup.set(
                                    setup.value.choose(variant.key, on)))
            if editing.value:
                solara.InputText(t("variants.name", lang), value=text, continuous_update=True,
                                 dense=True, classes=["zs-own-variant-rename-input"],
                                 style="width: 300px; max-width: 300px;")
                solara.Button(t("variants.rename.ok", lang), icon_name="mdi-check", text=True,
                              on_click=rename, classes=["zs-own-variant-rename-ok"])
                solara.Button(t("variants.rename.cancel", lang), text=True,
                              on_click=lambda: editing.set(False),
                              classes=["zs-own-variant-rename-cancel"])
            else:
                solara.Button(t("variants.rename", lang), icon_name="mdi-pencil-outline",
                              text=True, on_click=start, classes=["zs-own-variant-rename"])
                solara.Button(t("variants.delete", lang), icon_name="mdi-delete-outline",
                              text=True, classes=["zs-own-variant-delete"],
                              on_click=lambda: setup.set(setup.value.delete(variant.key)))
        Help(describe(variant.settings, lang), classes=["zs-own-variant-settings"])
        DomainLines(variant.settings, lang)
        if problem.value:
            solara.Error(problem.value, dense=True, classes=["zs-own-variant-error"])


@solara.component
def CompareProgress(ui: Ui) -> None:
    lang, status = ui.lang.value, ui.compare_status.value
    if status.total and not status.cancelled:
        solara.ProgressLinear(100 * status.done / status.total if status.running else 100,
                              color=charts.LINE_COLOUR, classes=["zs-compare-bar"])
        text = t("compare.progress", lang).format(done=status.done, total=status.total)
        if status.seconds is not None:
            text = t("compare.done", lang).format(total=status.total,
                                                  seconds=f"{status.seconds:.0f}")
        solara.Text(text, classes=["zs-compare-progress"])
    if status.cancelled:
        solara.Warning(t("compare.cancelled", lang).format(done=status.done,
                                                           total=status.total),
                       dense=True, classes=["zs-compare-cancelled"])
    if status.error:
        solara.Error(t("compare.failed", lang).format(error=status.error),
                     classes=["zs-compare-error"])


@solara.component
def CompareChart(ui: Ui) -> None:
    """The last comparison that ran to its end, under the variants' names now."""
    lang, status, setup = ui.lang.value, ui.compare_status.value, setup_of(ui).value
    table = ui.session.compare_table
    if table is None or status.running:
        if not status.running:
            Help(t("compare.none", lang))
        return
    names = labels(setup, lang, ui.session.compare_names)
    key = tuple(sorted(names.items()))
    Chart(lambda: charts.compare_figure(table, lang, names), [id(table), lang, key],
          "compare")
    SummaryTable(table, names, lang)


@solara.component
def SummaryTable(table, names: dict[str, str], lang: str) -> None:  # noqa: ANN001
    """Each variant at the end: the mean over the seeds, and the lowest to highest run."""
    rows = summary(table, names)
    Heading(t("compare.table", lang), t("compare.table.help", lang), level=4)
    with solara.v.Html(tag="table", class_="zs-compare-table",
                       style_="border-collapse: collapse; margin: 4px 0; font-size: 0.9rem;"):
        with solara.v.Html(tag="tr"):
            solara.v.Html(tag="th", children=[t("compare.variant", lang)], style_=CELL)
            for metric in dict.fromkeys(rows["metric"]):
                solara.v.Html(tag="th", children=[t(metric, lang)], style_=CELL)
        for variant, group in rows.groupby("variant", sort=False):
            with solara.v.Html(tag="tr", class_="zs-compare-row",
                               style_="border-top: 1px solid #ddd;"):
                solara.v.Html(tag="td", children=[str(variant)], class_="zs-compare-name",
                              style_=CELL + " font-weight: 500;")
                for row in group.itertuples():
                    value = format_value(row.mean, row.kind, lang)
                    spread = f"{format_value(row.low, row.kind, lang)} - " \
                             f"{format_value(row.high, row.kind, lang)}"
                    solara.v.Html(tag="td", style_=CELL, children=[
                        solara.v.Html(tag="div", children=[value]),
                        solara.v.Html(tag="div", children=[spread], style_=MUTED)])


@solara.component
def CompareTab(ui: Ui) -> None:
    """The variants, built-in and own, run over the same seeds in worker processes."""
    lang = ui.lang.value
    setup = setup_of(ui)
    value = setup.value
    status = ui.compare_status.value
    chosen = [k for k in value.chosen if k in value.every_key()]

    def start() -> None:
        previous = ui.compare_request.value
        ui.compare_request.value = CompareRequest(
            chosen_settings(setup.value, ui.pending.value), setup.value.seeds,
            setup.value.years, (previous.number if previous else 0) + 1,
            names=labels(setup.value, lang))

    def cancel() -> None:
        request = ui.compare_request.value
        if request is not None:
            request.cancel.set()
        now = ui.compare_status.value
        ui.compare_status.value = CompareStatus(False, now.done, now.total, cancelled=True)

    with solara.Column(classes=["zs-compare"]):
        Help(t("compare.intro.own", lang).format(limit=MAX_VARIANTS))
        every = compare_variants(list(VARIANTS), ui.pending.value)
        for name in VARIANTS:
            with solara.Div(classes=[f"zs-variant-{name}"]):
                solara.Checkbox(label=t(f"compare.{name}", lang), value=name in chosen,
                                on_value=lambda on, name=name: setup.set(
                                    setup.value.choose(name, on)))
                Help(t(f"compare.{name}.help", lang))
                DomainLines(every[name], lang)
        SaveVariant(ui)
        for variant in value.variants:
            OwnVariant(ui, variant).key(variant.key)
        with solara.Div(classes=["zs-compare-seeds"], style="max-width: 420px;"):
            solara.SliderInt(t("compare.seeds", lang), value=value.seeds, min=1,
                             max=MAX_SEEDS, thumb_label="always",
                             on_value=lambda n: setup.set(replace(setup.value, seeds=n)))
        with solara.Div(classes=["zs-compare-years"], style="max-width: 420px;"):
            solara.SliderInt(t("compare.years", lang), value=value.years, min=1,
                             max=MAX_YEARS, thumb_label="always",
                             on_value=lambda n: setup.set(replace(setup.value, years=n)))
        if len(chosen) < 2:
            solara.Warning(t("compare.pick_two", lang), classes=["zs-compare-warning"])
        if len(chosen) > MAX_VARIANTS:
            solara.Warning(t("compare.too_many", lang).format(limit=MAX_VARIANTS,
                                                              count=len(chosen)),
                           classes=["zs-compare-warning"])
        with solara.Row():
            solara.Button(t("compare.run", lang), on_click=start, color=charts.LINE_COLOUR,
                          disabled=status.running or not 2 <= len(chosen) <= MAX_VARIANTS,
                          classes=["zs-compare-run"], style="max-width: 200px;")
            if status.running:
                solara.Button(t("compare.cancel", lang), icon_name="mdi-stop", outlined=True,
                              on_click=cancel, classes=["zs-compare-cancel"])
        CompareProgress(ui)
        CompareChart(ui)


@solara.component
def ComparisonDownloads(ui: Ui, stem: str) -> None:
    """The last comparison as CSV (every variant, seed and week, under the variants'
    names) and as a one-page report; or a line saying there is none yet."""
    lang, _ = ui.lang.value, ui.compare_status.value
    setup = setup_of(ui).value
    session = ui.session
    table = session.compare_table
    if table is None:
        Help(t("export.no_compare", lang), classes=["zs-no-compare"])
        return
    names = labels(setup, lang, session.compare_names)

    def report(kind: str) -> bytes:
        from dashboards.compare_report import comparison_bytes

        return comparison_bytes(table, names, session.compare_settings, lang, kind)

    with solara.Row(style="flex-wrap: wrap;"):
        Download(lambda: compare_csv(named(table, names)), f"{stem}-compare.csv",
                 t("export.compare_csv", lang), "compare-csv", "text/csv")
        Download(lambda: report("pdf"), f"{stem}-compare.pdf", t("export.compare_pdf", lang),
                 "compare-pdf", "application/pdf")
        Download(lambda: report("png"), f"{stem}-compare.png", t("export.compare_png", lang),
                 "compare-png", "image/png")

