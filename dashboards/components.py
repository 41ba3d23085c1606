# ruff: noqa: N802  (Solara components are named like classes; the page must be `Page`)
"""The views of the dashboard: key-figure cards, charts, the neighbourhood tiles (or map,
with boundaries the user adds), the network sample, and the export tab. Each reads the
session's state through `Ui`; the controls in the sidebar and the page itself are in
`app.py`, the compare tab in `compare_view.py`, My municipality in `builder_page.py`.

Every important element has a stable class (`zs-...`) for browser tests; texts come from
`i18n.t` only.
"""

from __future__ import annotations

from collections.abc import Callable

import solara
from matplotlib.figure import Figure

from dashboards import charts
from dashboards import upload as files
from dashboards.boundaries import MAX_MEGABYTES, Match, read_boundaries, size_problem
from dashboards.explorer import DOMAIN_FIGURES, MAP_OUTCOMES, KeyFigure, metric_kind
from dashboards.i18n import format_value, t
from dashboards.map_chart import map_figure
from dashboards.report import format_change
from dashboards.session import NETWORK_SAMPLE, Ui
from dashboards.settings import Settings
from model import DOMAINS

MUTED = "color: #555; font-size: 0.85rem;"


@solara.component
def Heading(text: str, help_text: str | None = None, level: int = 3) -> None:
    solara.v.Html(tag=f"h{level}", children=[text], class_="zs-heading",
                  style_="margin: 12px 0 2px 0; font-weight: 500;")
    if help_text:
        Help(help_text)


@solara.component
def Help(text: str, classes: list[str] | None = None) -> None:
    """A one-line explanation under a control or a heading."""
    solara.Text(text, classes=["zs-help", *(classes or [])], style=MUTED)


@solara.component
def ProblemList(heading: str, problems: list, classes: list[str]) -> None:
    """What is wrong with an input: a heading line and one item per problem (CSS class
    `zs-problem`), in an error box with `classes`."""
    with solara.Error(classes=classes, dense=True):
        solara.Text(heading)
        with solara.v.Html(tag="ul", style_="margin: 4px 0 0 0;"):
            for problem in problems:
                solara.v.Html(tag="li", children=[str(problem)], class_="zs-problem")


@solara.component
def Chart(make: Callable[[], Figure], dependencies: list, name: str) -> None:
    """A matplotlib figure, made and converted to PNG only when `dependencies` change (the
    figure is the expensive part of a redraw)."""
    figure = solara.use_memo(make, dependencies)
    with solara.Div(classes=["zs-chart", f"zs-chart-{name}"]):
        solara.FigureMatplotlib(figure, dependencies=dependencies, format="png")


# --- explore --------------------------------------------------------------------------------
@solara.component
def StatusBar(ui: Ui) -> None:
    """Week and year, and whether the run is playing or has reached its horizon."""
    lang, _ = ui.lang.value, ui.tick.value
    week, total, year, finished = ui.session.status()
    text = f"{t('status.week', lang).format(week=week, total=total)} · " \
           f"{t('status.year', lang).format(year=year)}"
    with solara.Row(style="align-items: center;", classes=["zs-status"]):
        solara.Text(text, classes=["zs-week"], style="font-size: 1.1rem; font-weight: 500;")
        if ui.playing.value:
            solara.Text(t("status.playing", lang), classes=["zs-playing"], style=MUTED)
        elif finished:
            solara.Text(t("status.finished", lang), classes=["zs-finished"], style=MUTED)
        elif week == 0:
            solara.Text(t("status.not_started", lang), classes=["zs-not-started"], style=MUTED)


@solara.component
def KeyFigureCard(figure: KeyFigure, lang: str) -> None:
    change = format_change(figure, lang)
    with solara.Div(classes=["zs-card", f"zs-card-{figure.metric}"],
                    style="border: 1px solid #ddd; border-radius: 8px; padding: 10px 12px; "
                          "width: 190px; background: #fafafa;"):
        solara.Text(t(figure.metric, lang), style="font-weight: 500;")
        solara.Text(format_value(figure.value, figure.kind, lang), classes=["zs-card-value"],
                    style="display: block; font-size: 1.5rem;")
        if change:
            solara.Text(f"{change} {t('since_start', lang)}", classes=["zs-card-change"],
                        style=MUTED)
        solara.Text(t(figure.metric + ".help", lang), classes=["zs-help"],
                    style="display: block; color: #666; font-size: 0.75rem;")


@solara.component
def KeyFigureCards(ui: Ui) -> None:
    lang, _ = ui.lang.value, ui.tick.value
    Heading(t("section.key_figures", lang), t("section.key_figures.help", lang))
    with solara.Row(style="flex-wrap: wrap;", classes=["zs-cards"]):
        for figure in ui.session.key_figures():
            KeyFigureCard(figure, lang)


@solara.component
def DomainFigures(ui: Ui) -> None:
    """The key figures per domain: a row per domain with its scale, a column per figure,
    each the mean of the last 4 weeks with its change since the start, as on the cards."""
    lang, _ = ui.lang.value, ui.tick.value
    session = ui.session
    settings = session.settings
    figures = session.domain_figures()
    cell = "padding: 4px 12px 4px 0; vertical-align: top; text-align: left;"
    with solara.Div(classes=["zs-domains"]):
        Heading(t("section.domains", lang),
                t("section.domains.own_teams" if settings.per_domain
                  else "section.domains.one_team", lang))
        with solara.v.Html(tag="table", class_="zs-domain-table",
                           style_="border-collapse: collapse; margin: 4px 0;"):
            with solara.v.Html(tag="tr"):
                solara.v.Html(tag="th", children=[t("domain", lang)], style_=cell)
                for figure, _ in DOMAIN_FIGURES:
                    solara.v.Html(tag="th", children=[t(figure, lang)], style_=cell)
            for domain in DOMAINS:
                DomainRow(settings, domain, figures[domain], lang, cell)
        Help(t("section.domains.columns", lang))


@solara.component
def DomainRow(settings: Settings, domain: str, figures: list[KeyFigure], lang: str,
              cell: str) -> None:
    with solara.v.Html(tag="tr", class_=f"zs-domain-row zs-domain-row-{domain}",
                       style_="border-top: 1px solid #ddd;"):
        with solara.v.Html(tag="td", style_=cell):
            solara.Text(t(f"domain.{domain}", lang), style="display: block;")
            solara.Text(t(f"scale.{settings.domain_scale(domain)}", lang),
                        classes=["zs-domain-scale-now"], style=MUTED)
        for figure in figures:
            change = format_change(figure, lang)
            with solara.v.Html(tag="td", class_=f"zs-domain-cell zs-domain-{figure.metric}",
                               style_=cell):
                solara.Text(format_value(figure.value, figure.kind, lang),
                            classes=["zs-domain-value"],
                            style="display: block; font-size: 1.1rem;")
                if change:
                    solara.Text(f"{change} {t('since_start', lang)}",
                                classes=["zs-domain-change"], style=MUTED)


@solara.component
def TimeSeries(ui: Ui) -> None:
    lang, tick = ui.lang.value, ui.chart_tick.value
    session = ui.session
    Heading(t("section.timeseries", lang), t("section.timeseries.help", lang))
    Chart(lambda: charts.timeseries_figure(session.history(), lang,
                                           session.settings.horizon_years),
          [tick, lang, session.generation], "timeseries")


@solara.component
def Tile(name: str, value: str, colour: str) -> None:
    with solara.Div(classes=["zs-tile"],
                    style=f"background: {colour}; color: {charts.text_colour(colour)}; "
                          "border-radius: 6px; padding: 8px 10px; width: 150px;"):
        solara.Text(name, classes=["zs-tile-name"], style="display: block;")
        solara.Text(value, classes=["zs-tile-value"],
                    style="display: block; font-size: 1.2rem; font-weight: 500;")


@solara.component
def NeighbourhoodTiles(ui: Ui) -> None:
    """The neighbourhoods coloured by the chosen outcome: a map when the user has added
    boundaries that match the running scenario, else a tile per neighbourhood, grouped by
    municipality; and the control to add or remove the boundaries."""
    lang, _ = ui.lang.value, ui.tick.value
    metric = ui.map_metric.value
    match = ui.session.map_match(ui.boundaries.value)
    on_map = match is not None and match.any
    labels = {t(m, lang): m for m in MAP_OUTCOMES}
    with solara.Div(classes=["zs-neighbourhoods"]):
        Heading(t("section.map", lang),
                t("map.help.boundaries" if on_map else "map.help", lang))
        with solara.Div(classes=["zs-map-metric"], style="max-width: 320px;"):
            solara.Select(t("map.colour_by", lang), values=list(labels),
                          value=t(metric, lang),
                          on_value=lambda label: ui.map_metric.set(labels[label]))
        if on_map:
            NeighbourhoodMap(ui, match, metric)
        else:
            Tiles(ui, metric)
        BoundariesControl(ui, match)


@solara.component
def Tiles(ui: Ui, metric: str) -> None:
    lang, _ = ui.lang.value, ui.tick.value
    table = ui.session.neighbourhoods()
    if table.empty:
        return
    colours, low, high = charts.tile_colours(table[metric], metric)
    kind = metric_kind(metric)
    table = table.assign(colour=colours)
    with solara.Div(classes=["zs-map"]):
        for municipality, group in table.groupby("municipality", sort=False):
            with solara.Column(gap="4px", classes=["zs-municipality"],
                               style="margin-bottom: 8px;"):
                solara.Text(str(municipality), style="font-weight: 500;")
                with solara.Row(gap="6px", style="flex-wrap: wrap;"):
                    for row in group.itertuples():
                        Tile(str(row.neighbourhood).split("/", 1)[-1],
                             format_value(float(getattr(row, metric)), kind, lang),
                             row.colour)
    Help(t("map.range", lang).format(low=format_value(low, kind, lang),
                                     high=format_value(high, kind, lang)))


@solara.component
def NeighbourhoodMap(ui: Ui, match: Match, metric: str) -> None:
    """The map (redrawn with the charts), how many neighbourhoods it shows, and, listed,
    what it leaves out on either side."""
    lang, tick = ui.lang.value, ui.chart_tick.value
    session = ui.session
    Chart(lambda: map_figure(match, session.neighbourhoods(), metric, lang),
          [tick, lang, metric, id(match), session.generation], "map")
    how = list(match.how.values())
    Help(t("boundaries.status", lang).format(
        matched=len(match.matched), total=len(match.places), code=how.count("code"),
        name=how.count("name")), classes=["zs-map-status"])
    for kind, heading, items in match.listing(lang):
        with solara.Div(classes=[f"zs-map-{kind}"], style=MUTED):
            solara.Text(heading)
            with solara.v.Html(tag="ul", style_="margin: 2px 0 6px 0; padding-left: 20px; "
                                                "list-style: disc; max-height: 9em; "
                                                "overflow-y: auto;"):
                for item in items:
                    solara.v.Html(tag="li", children=[item], class_="zs-map-item")


@solara.component
def BoundariesControl(ui: Ui, match: Match | None) -> None:
    """Add the wijk or buurt boundaries as a GeoJSON file (dropped, like a scenario), or
    remove them. They belong to this browser tab and stay when the scenario changes."""
    lang = ui.lang.value
    boundaries, error = ui.boundaries.value, ui.boundaries_error.value
    adding = solara.use_reactive(False)

    def upload(file: dict) -> None:
        problem = size_problem(file["name"], int(file.get("size") or 0))
        loaded = None
        if problem is None:  # read only what may be used: the size came first
            data = file.get("data")
            loaded, problem = read_boundaries(file["name"],
                                              data if data is not None else file["file_obj"].read())
        ui.boundaries_error.value = problem
        if loaded is not None:
            ui.boundaries.value = loaded
            adding.value = False

    def remove() -> None:
        ui.boundaries.value = None
        ui.boundaries_error.value = None

    with solara.Column(classes=["zs-boundaries"], gap="4px", style="margin-top: 8px;"):
        if boundaries is not None:
            with solara.Row(style="align-items: center; flex-wrap: wrap;"):
                solara.Text(t("boundaries.loaded", lang).format(
                    file=boundaries.file, count=len(boundaries.features)),
                    classes=["zs-boundaries-loaded"], style=MUTED)
                solara.Button(t("boundaries.remove", lang), icon_name="mdi-map-minus",
                              text=True, on_click=remove, classes=["zs-boundaries-remove"])
            if match is not None and not match.any:
                solara.Warning(t("boundaries.none_match", lang).format(file=boundaries.file),
                               dense=True, classes=["zs-boundaries-none"])
        elif not adding.value:
            solara.Button(t("boundaries.add", lang), icon_name="mdi-map-plus", outlined=True,
                          on_click=lambda: adding.set(True), classes=["zs-boundaries-add"],
                          style="max-width: 260px;")
        else:
            Help(t("boundaries.where", lang).format(limit=MAX_MEGABYTES))
            with solara.Div(classes=["zs-boundaries-drop"], style="max-width: 520px;"):
                files.FileDrop(label=t("boundaries.drop", lang), on_file=upload, lazy=True,
                               button=t("upload.choose", lang), accept=".geojson,.json", lang=lang)
        if error is not None:
            solara.Error(error.text(lang), dense=True, classes=["zs-boundaries-error"])


@solara.component
def GapChart(ui: Ui) -> None:
    lang, tick = ui.lang.value, ui.chart_tick.value
    session = ui.session
    Heading(t("section.gap", lang), t("gap.help", lang))
    Chart(lambda: charts.gap_figure(session.weak_strong_gap(), lang,
                                    session.settings.horizon_years),
          [tick, lang, session.generation], "gap")


@solara.component
def NetworkView(ui: Ui) -> None:
    """A sample of one neighbourhood's residents and ties, coloured by role."""
    lang, tick = ui.lang.value, ui.chart_tick.value
    session = ui.session
    names = [str(name) for name in session.neighbourhoods()["neighbourhood"]]
    chosen = min(ui.neighbourhood.value, len(names) - 1)
    Heading(t("section.network", lang),
            t("network.help", lang).format(size=NETWORK_SAMPLE))
    with solara.Div(classes=["zs-network-neighbourhood"], style="max-width: 320px;"):
        solara.Select(t("network.neighbourhood", lang), values=names, value=names[chosen],
                      on_value=lambda name: ui.neighbourhood.set(names.index(name)))

    def make() -> Figure:
        nodes, ties, positions = session.network(chosen)
        return charts.network_figure(nodes, ties, positions, lang)

    Chart(make, [tick, lang, chosen, session.generation], "network")


@solara.component
def ExploreTab(ui: Ui) -> None:
    with solara.Column(classes=["zs-explore"]):
        StatusBar(ui)
        KeyFigureCards(ui)
        DomainFigures(ui)
        TimeSeries(ui)
        NeighbourhoodTiles(ui)
        GapChart(ui)
        NetworkView(ui)


# --- export ---------------------------------------------------------------------------------
@solara.component
def Download(data: Callable[[], bytes], filename: str, label: str, name: str,
             mime_type: str) -> None:
    with solara.FileDownload(data, filename, mime_type=mime_type):
        solara.Button(label, icon_name="mdi-download", outlined=True,
                      classes=["zs-download", f"zs-download-{name}"])


@solara.component
def ExportTab(ui: Ui) -> None:
    """The one-page report and the data, to take to the council (the comparison's
    downloads follow it: compare_view.ComparisonDownloads)."""
    lang = ui.lang.value
    boundaries, metric = ui.boundaries.value, ui.map_metric.value  # the map, as shown
    session = ui.session
    stem = f"zelfsturing-{ui.pending.value.base.name}"
    with solara.Column(classes=["zs-export"]):
        Help(t("export.intro", lang))
        with solara.Row(style="flex-wrap: wrap;"):
            Download(lambda: session.report("pdf", lang, boundaries, metric),
                     f"{stem}-report.pdf", t("export.pdf", lang), "pdf", "application/pdf")
            Download(lambda: session.report("png", lang, boundaries, metric),
                     f"{stem}-report.png", t("export.png", lang), "png", "image/png")
            Download(session.history_csv, f"{stem}-weeks.csv", t("export.csv", lang), "csv",
                     "text/csv")
