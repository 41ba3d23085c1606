# ruff: noqa: N802  (Solara components are named like classes; the page must be `Page`)
"""The policy maker's dashboard (Solara): explore a scenario, compare variants, take a report
away. Run it with `python run.py dashboard` (or `solara run dashboards.app` from the
project's folder).

Each browser session gets its own model: `Dashboard` makes a `Session` (its simulation) and its
reactive values with `use_memo`/`use_reactive`, which live in the render context of that
one page. Nothing model-like lives at module level (docs/dashboard.md#starting-it).

Playing steps the model in a background thread (`use_thread`), two weeks per turn of the
session's lock. After every 0.25 s of stepping the week, the cards and the tiles refresh,
after every 0.5 s the matplotlib charts too (all charts together cost some 0.3-0.5 s to
draw, the rest ~0.05-0.15 s), and the play waits until the page has rendered the frame:
stepping and drawing take turns, some 60 weeks a second for the baseline. Pause sets the
thread's cancel event, checked before every turn. Among other tabs, `Page` admits the
session (or shows the full page) and releases it when the tab's kernel closes; the plays
take turns and pace their redraws by how many play (dashboards/sessions.py).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import replace

import solara
import solara.lab

from dashboards import upload as files
from dashboards.admission import Full, use_admission
from dashboards.builder_page import MunicipalityTab
from dashboards.compare import CompareCancelledError, compare
from dashboards.compare_view import CompareTab, ComparisonDownloads
from dashboards.components import ExploreTab, ExportTab, Heading, Help, ProblemList
from dashboards.i18n import DEFAULT_LANGUAGE, number, t
from dashboards.session import (
    UPLOADED,
    CompareStatus,
    Session,
    Ui,
    read_upload,
)
from dashboards.sessions import SESSIONS, Sessions
from dashboards.settings import MAX_BUDGET_CUT, MAX_DOMAIN_BUDGET_CHANGE, MAX_HORIZON, Settings
from dashboards.share_view import OutcomeNote, ShareSection, use_setup_link
from dashboards.variants import CompareSetup
from model import DOMAINS, LEVERS, SCALES

# Telemetry off by default (docs/dashboard.md#starting-it), also under a plain `solara run`
# (run.py switches it off before solara starts; from here it can only stop the reports after
# start-up). An explicit SOLARA_TELEMETRY_MIXPANEL_ENABLE is respected.
if "SOLARA_TELEMETRY_MIXPANEL_ENABLE" not in os.environ:
    from solara.server import settings as _server_settings

    _server_settings.telemetry.mixpanel_enable = False

PRIMARY = "#1f5f8b"
MINE = 3  # the index of the My municipality tab
# Charts shrink with a narrow window instead of running off the page.
CSS = """
.zs-chart img { max-width: 100%; height: auto; }
/* room above each slider for its value, which is always shown */
.zs-lever, .zs-budget-cut, .zs-horizon, .zs-compare-seeds, .zs-compare-years,
.zs-domain-budget {
    padding-top: 22px;
}
"""


def use_ui(admitted: Session | None = None) -> Ui:
    """This page's session (`admitted`, or a new one) and reactive values, made once per
    render context."""
    session = solara.use_memo(lambda: admitted or Session(), [])
    lang = solara.use_reactive(DEFAULT_LANGUAGE)
    playing = solara.use_reactive(False)
    tick = solara.use_reactive(0)
    chart_tick = solara.use_reactive(0)
    pending = solara.use_reactive(session.settings)
    upload = solara.use_reactive(None)
    map_metric = solara.use_reactive("unmet_share")
    neighbourhood = solara.use_reactive(0)
    compare_request = solara.use_reactive(None)
    compare_status = solara.use_reactive(CompareStatus())
    boundaries = solara.use_reactive(None)
    boundaries_error = solara.use_reactive(None)
    compare_setup = solara.use_reactive(CompareSetup())
    return solara.use_memo(lambda: Ui(session, lang, playing, tick, chart_tick, pending,
                                      upload, map_metric, neighbourhood, compare_request,
                                      compare_status, boundaries, boundaries_error,
                                      compare_setup), [])


def use_play(ui: Ui) -> None:
    """While `playing`, step the model in a thread; pausing cancels it."""
    playing = ui.playing.value

    def run(cancel: threading.Event) -> None:
        if not playing:
            return
        try:
            ui.session.play(cancel, ui.refresh)
        finally:
            if not cancel.is_set():  # the horizon, not a pause
                ui.playing.value = False

    solara.use_thread(run, dependencies=[playing], intrusive_cancel=False)


def use_compare(ui: Ui, parallel: bool) -> None:
    """Run the requested comparison in a thread (the runs go to worker processes)."""
    request = ui.compare_request.value

    def run(cancel: threading.Event) -> None:
        if request is None:
            return
        total = len(request.variants) * request.seeds
        ui.compare_status.value = CompareStatus(True, 0, total)
        start = time.monotonic()

        def stopped() -> bool:  # the page's cancel button, or this thread given up
            return cancel.is_set() or request.cancel.is_set()

        def progress(done: int, total: int) -> None:
            if not stopped():
                ui.compare_status.value = CompareStatus(True, done, total)

        try:
            table = compare(request.variants, request.seeds, request.years, progress=progress,
                            parallel=parallel, cancel=request.cancel)
        except CompareCancelledError:  # the cancel button already said so in the page
            return
        except Exception as exc:  # shown in the page in words, never as a traceback
            ui.compare_status.value = CompareStatus(False, 0, total,
                                                    error=str(exc) or type(exc).__name__)
            return
        if not stopped():
            session = ui.session
            session.compare_table = table
            session.compare_names = dict(request.names)
            session.compare_settings = dict(request.variants)
            ui.compare_status.value = CompareStatus(False, total, total,
                                                    seconds=time.monotonic() - start)

    solara.use_thread(run, dependencies=[request], intrusive_cancel=False)


def restart(ui: Ui, settings: Settings) -> None:
    """Stop playing, and start the model over from `settings`."""
    ui.playing.value = False
    ui.pending.value = settings
    ui.session.reset(settings)
    ui.refresh()


@solara.component
def FrameDone(ui: Ui) -> solara.Element:
    """Tells a play that the page has rendered its latest frame (effects run after a render
    has been committed)."""
    tick, chart_tick = ui.tick.value, ui.chart_tick.value
    solara.use_effect(ui.session.rendered.set, [tick, chart_tick])
    return solara.Div(style="display: none;")


# --- the sidebar ------------------------------------------------------------------------
@solara.component
def LanguageToggle(ui: Ui) -> None:
    lang = ui.lang.value
    other = "en" if lang == "nl" else "nl"
    with solara.Tooltip(t("language.switch.help", lang)):
        solara.Button(t("language.switch", lang), icon_name="mdi-translate", text=True,
                      on_click=lambda: ui.lang.set(other), classes=["zs-language"],
                      style="color: white;")


@solara.component
def UploadFeedback(ui: Ui) -> None:
    lang, message = ui.lang.value, ui.upload.value
    if message is None:
        return
    if message.ok:
        solara.Success(t("upload.loaded", lang).format(name=message.name, file=message.file),
                       dense=True, classes=["zs-upload-ok"])
        return
    if message.problems:
        ProblemList(t("upload.invalid", lang).format(file=message.file), message.problems,
                    ["zs-upload-error"])
        return
    with solara.Error(classes=["zs-upload-error"], dense=True):
        solara.Text(t("upload.failed", lang).format(file=message.file, error=message.error))


@solara.component
def ScenarioPicker(ui: Ui) -> None:
    """A shipped scenario, or one the user drops in; picking one starts over."""
    lang, base = ui.lang.value, ui.pending.value.base
    session = ui.session
    labels = {(f"{key.removeprefix(UPLOADED)} ({t('upload.custom', lang)})"
               if key.startswith(UPLOADED) else key): key for key in session.scenario_names()}
    current = next((label for label, key in labels.items()
                    if session.scenarios.get(key) is base), base.name)

    def upload(file: dict) -> None:
        data = file.get("data")
        if data is None:
            data = file["file_obj"].read()
        message, scenario = read_upload(file["name"], data)
        ui.upload.value = message
        if scenario is not None:
            session.add_uploaded(scenario)
            restart(ui, Settings.of(scenario))

    with solara.Div(classes=["zs-scenario"]):
        solara.Select(t("scenario", lang), values=list(labels), value=current,
                      on_value=lambda label: restart(
                          ui, Settings.of(session.scenario(labels[label]))))
    Help(getattr(base.description, lang))
    municipalities = base.region.municipalities
    Help(t("scenario.size", lang).format(
        residents=number(f"{base.residents:,}", lang), municipalities=len(municipalities),
        neighbourhoods=sum(len(m.neighbourhoods) for m in municipalities)))
    with solara.Div(classes=["zs-upload"]):
        files.FileDrop(label=t("upload.label", lang), on_file=upload, lazy=False,
                       button=t("upload.choose", lang), accept=".yaml,.yml", lang=lang)
    UploadFeedback(ui)


@solara.component
def PlayControls(ui: Ui) -> None:
    lang, playing, _ = ui.lang.value, ui.playing.value, ui.tick.value
    finished = ui.session.explorer.finished

    def step() -> None:
        ui.session.step(1)
        ui.refresh()

    with solara.Row(gap="4px", style="flex-wrap: wrap;", classes=["zs-controls"]):
        solara.Button(t("play", lang), icon_name="mdi-play", color=PRIMARY,
                      disabled=playing or finished, on_click=lambda: ui.playing.set(True),
                      classes=["zs-play"])
        solara.Button(t("pause", lang), icon_name="mdi-pause", disabled=not playing,
                      on_click=lambda: ui.playing.set(False), classes=["zs-pause"])
        solara.Button(t("step", lang), icon_name="mdi-skip-next",
                      disabled=playing or finished, on_click=step, classes=["zs-step"])
        solara.Button(t("reset", lang), icon_name="mdi-restart", classes=["zs-reset"],
                      on_click=lambda: restart(ui, ui.pending.value))


@solara.component
def LeverSliders(ui: Ui) -> None:
    """The six levers; they act on the running model at once."""
    lang, levers = ui.lang.value, ui.pending.value.levers

    def move(name: str, value: float) -> None:
        value = round(float(value), 2)
        ui.session.set_levers({name: value})
        ui.pending.value = ui.pending.value.with_levers({name: value})

    Heading(t("levers.title", lang), t("levers.now", lang), level=4)
    for name in LEVERS:
        with solara.Div(classes=["zs-lever", f"zs-lever-{name}"]):
            solara.SliderFloat(t(f"lever.{name}", lang), value=levers[name], min=0.0, max=1.0,
                               step=0.05, thumb_label="always",
                               on_value=lambda v, name=name: move(name, v))
            Help(t(f"lever.{name}.help", lang))


@solara.component
def RegionSettings(ui: Ui) -> None:
    """Budget cut, scale and horizon: they shape the region, so they apply at reset. The
    scale sets every domain's too (`Settings.with_scale`)."""
    lang, pending = ui.lang.value, ui.pending.value
    scales = {t(f"scale.{s}", lang): s for s in SCALES}

    def change(**values: object) -> None:
        ui.pending.value = replace(ui.pending.value, **values)

    Heading(t("region.title", lang), t("region.at_reset", lang), level=4)
    with solara.Div(classes=["zs-budget-cut"]):
        solara.SliderInt(f"{t('budget_cut', lang)} (%)", value=round(100 * pending.budget_cut),
                         min=0, max=round(100 * MAX_BUDGET_CUT), thumb_label="always",
                         on_value=lambda v: change(budget_cut=v / 100))
        Help(t("budget_cut.help", lang))
    with solara.Div(classes=["zs-scale"]):
        solara.Select(t("scale", lang), values=list(scales),
                      value=t(f"scale.{pending.scale}", lang),
                      on_value=lambda label: ui.pending.set(
                          ui.pending.value.with_scale(scales[label])))
        Help(t("scale.help", lang))
    with solara.Div(classes=["zs-horizon"]):
        solara.SliderInt(t("horizon", lang), value=pending.horizon_years, min=1,
                         max=MAX_HORIZON, thumb_label="always",
                         on_value=lambda v: change(horizon_years=v))
        Help(t("horizon.help", lang))


@solara.component
def DomainSettings(ui: Ui) -> None:
    """Each domain's scale and budget from week 0, in a section that opens by itself for a
    scenario with teams per domain (docs/dashboard.md#per-domain). Like the scale they shape
    the teams, so they apply at reset."""
    lang, pending = ui.lang.value, ui.pending.value
    scales = {t(f"scale.{s}", lang): s for s in SCALES}
    integrated = pending.base.policy.integrated_teams  # one team: one scale, one budget
    limit = round(100 * MAX_DOMAIN_BUDGET_CHANGE)

    def change(domain: str, **values: object) -> None:
        ui.pending.value = ui.pending.value.with_domain(domain, **values)

    with solara.Div(classes=["zs-domains-settings"]), \
            solara.Details(summary=t("domains.title", lang), expand=pending.base.by_domain):
        Help(t("domains.help", lang))
        if integrated:
            solara.Info(t("domains.integrated", lang), dense=True,
                        classes=["zs-domains-integrated"])
        for domain in DOMAINS:
            with solara.Div(classes=["zs-domain-setting", f"zs-domain-setting-{domain}"],
                            style="margin-top: 8px;"):
                solara.Text(t(f"domain.{domain}", lang),
                            style="display: block; font-weight: 500;")
                Help(t(f"domain.{domain}.help", lang))
                with solara.Div(classes=["zs-domain-scale"]):
                    solara.Select(t("domains.scale", lang), values=list(scales),
                                  value=t(f"scale.{pending.domain_scale(domain)}", lang),
                                  disabled=integrated,
                                  on_value=lambda label, domain=domain: change(
                                      domain, scale=scales[label]))
                with solara.Div(classes=["zs-domain-budget"]):
                    solara.SliderInt(t("domains.budget", lang),
                                     value=round(100 * pending.domain_budget(domain)),
                                     min=-limit, max=limit, step=5, thumb_label="always",
                                     disabled=integrated,
                                     on_value=lambda v, domain=domain: change(
                                         domain, budget_change=v / 100))
                Help(t("domains.budget.help", lang))
        Help(t("domains.own_teams" if pending.per_domain else "domains.one_team", lang),
             classes=["zs-domains-status"])


@solara.component
def PendingNote(ui: Ui) -> None:
    """Says so when settings that apply at reset differ from those of the running model."""
    lang, pending, _ = ui.lang.value, ui.pending.value, ui.tick.value
    if at_reset(pending) != at_reset(ui.session.settings):
        solara.Warning(t("region.pending", lang), dense=True, classes=["zs-pending"])


def at_reset(settings: Settings) -> tuple:
    """What of the settings applies only at reset."""
    return (settings.budget_cut, settings.scale, settings.horizon_years,
            tuple(settings.domain_scale(d) for d in DOMAINS),
            tuple(settings.domain_budget(d) for d in DOMAINS))


@solara.component
def Controls(ui: Ui) -> None:
    with solara.Column(classes=["zs-sidebar"], gap="8px"):
        ScenarioPicker(ui)
        PlayControls(ui)
        LeverSliders(ui)
        RegionSettings(ui)
        DomainSettings(ui)
        PendingNote(ui)


# --- the page ---------------------------------------------------------------------------
@solara.component
def Dashboard(on_ui: Callable[[Ui], None] | None = None, parallel: bool = True,
              session: Session | None = None) -> None:
    """The whole page; its controls go to the layout's sidebar and app bar. `on_ui` hands
    this session's state to a test; `parallel=False` runs comparisons in this process;
    `session` is the one `Page` admitted (else the page makes its own)."""
    ui = use_ui(session)
    solara.use_memo(lambda: on_ui(ui) if on_ui else None, [])
    use_play(ui)
    use_compare(ui, parallel)
    lang = ui.lang.value
    FrameDone(ui)
    solara.Style(CSS)
    solara.Title(t("app.title", lang))
    with solara.AppBar():
        LanguageToggle(ui)
    with solara.Sidebar():
        Controls(ui)
    link = use_setup_link(ui, restart)
    with solara.Column(classes=["zs-main"], style="padding: 8px 16px;"):
        Help(t("app.intro", lang))
        OutcomeNote(link, lang, "zs-link")
        # The tab bar without content, and the tabs' content below it: solara.lab.Tabs puts
        # its content inside the bar under ipyvuetify 3, where the 48-pixel bar clips it.
        # Every tab stays rendered once made (hidden when not chosen), so it keeps its state.
        tab = solara.use_reactive(0)
        # My municipality is made when first opened, then kept: every widget on the page
        # costs each refresh while playing, and most visitors never open it
        mine_opened = solara.use_reactive(False)

        def choose(index: int) -> None:
            tab.set(index)
            if index == MINE:
                mine_opened.set(True)

        with solara.lab.Tabs(value=tab.value, on_value=choose, color=PRIMARY):
            for name in ("explore", "compare", "export", "mine"):
                solara.lab.Tab(t(f"tab.{name}", lang), classes=[f"zs-tab-{name}"])

        def shown(index: int) -> str | None:
            return None if tab.value == index else "display: none;"

        with solara.Div(style=shown(0)):
            ExploreTab(ui)
        with solara.Div(style=shown(1)):
            CompareTab(ui)
        with solara.Div(style=shown(2)):
            ExportTab(ui)
            ComparisonDownloads(ui, f"zelfsturing-{ui.pending.value.base.name}")
            ShareSection(ui, restart)
        with solara.Div(style=shown(MINE)):
            if mine_opened.value:
                MunicipalityTab(ui, restart, show_explorer=lambda: tab.set(0),
                                active=tab.value == MINE)


@solara.component
def Admitted(sessions: Sessions, parallel: bool = True,
             on_ui: Callable[[Ui], None] | None = None) -> None:
    """The dashboard in an admitted session, or the full page."""
    session, retry = use_admission(sessions, Session)
    if session is None:
        Full(sessions, retry)
    else:
        Dashboard(on_ui=on_ui, parallel=parallel, session=session)


@solara.component
def Page() -> None:
    Admitted(SESSIONS)


@solara.component
def Layout(children: list | None = None) -> solara.Element:
    """The app layout the server puts around `Page`: title bar, sidebar, main area."""
    return solara.AppLayout(children=children or [], color=PRIMARY)
