# ruff: noqa: N802  (Solara components are named like classes)
"""Share what I set up: download the set-up (scenario, sidebar, own variants and the
compare tab's choices) as a small file, or put it in the page address as a link, and
restore it exactly from either (`dashboards/share.py` writes and checks both)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from urllib.parse import parse_qs

import solara

from dashboards import upload as files
from dashboards.components import Download, Heading, Help, ProblemList
from dashboards.i18n import t
from dashboards.session import Ui
from dashboards.settings import Settings, shipped_scenarios
from dashboards.share import (
    LINK_KEY,
    Restored,
    link_problem,
    read_setup,
    read_setup_code,
    setup_code,
    setup_yaml,
)
from model import ScenarioError

Restart = Callable[[Ui, Settings], None]


def shipped_name(ui: Ui) -> str | None:
    """The name the running scenario is shipped under, or None for one of the user's own
    (uploaded, built on My municipality), whose content the file must carry."""
    base = ui.pending.value.base
    if base.name in shipped_scenarios() and ui.session.scenarios.get(base.name) is base:
        return base.name
    return None


def restore(ui: Ui, restored: Restored, restart: Restart) -> Settings:
    """Make the page what a set-up (from a file or a link) describes; the run starts over."""
    base = restored.base
    if restored.shipped is None:
        ui.session.add_uploaded(base)
    else:
        base = ui.session.scenario(restored.shipped)
    ui.compare_setup.value = restored.setup
    settings = replace(restored.settings, base=base)
    restart(ui, settings)
    return settings


Outcome = tuple[bool, str, list[str]] | None  # (restored, from what, lines to show)


def restore_from(ui: Ui, source: str, read: Callable[[], Restored], restart: Restart,
                 lang: str) -> Outcome:
    """Read a set-up (`read`) and restore it; what to tell the visitor, in words either
    way: a set-up that does not fit leaves everything as it was."""
    try:
        restored = read()
    except ScenarioError as exc:
        return False, source, [str(p) for p in exc.problems]
    except Exception as exc:  # anything else the file or link trips: words, no traceback
        return False, source, [f"{source}: {exc or type(exc).__name__}"]
    settings = restore(ui, restored, restart)
    return True, source, [t("share.restored", lang).format(
        file=source, scenario=settings.base.name, variants=len(restored.setup.variants))]


def use_setup_link(ui: Ui, restart: Restart) -> Outcome:
    """Restore the set-up in the page address (`?setup=...`) when the page opens with a link
    this session has not restored yet (a reload of the same address keeps what was changed
    since). Returns what to tell the visitor, or None."""
    router = solara.use_router()
    outcome = solara.use_reactive(None)
    asked = parse_qs(router.search or "").get(LINK_KEY, [None])[0]

    def apply() -> None:
        if asked is None or asked == ui.session.link_applied:
            return
        ui.session.link_applied = asked
        lang = ui.lang.value
        source = t("share.link_source", lang)
        outcome.value = restore_from(ui, source, lambda: read_setup_code(asked, source),
                                     restart, lang)

    solara.use_effect(apply, [asked])
    return outcome.value


@solara.component
def OutcomeNote(outcome: Outcome, lang: str, prefix: str) -> None:
    """A restored set-up's line, or what is wrong with the file or link (CSS classes
    `{prefix}-ok` and `{prefix}-error`)."""
    if outcome is None:
        return
    ok, name, lines = outcome
    if ok:
        solara.Success(lines[0], dense=True, classes=[f"{prefix}-ok"])
        return
    ProblemList(t("share.invalid", lang).format(file=name), lines, [f"{prefix}-error"])


@solara.component
def ShareLink(ui: Ui) -> None:
    """Put the set-up in the page address: the visitor copies the address bar (or this
    link) and sends it. Only on request, so that moving a slider adds no history entry."""
    lang = ui.lang.value
    router = solara.use_router()
    made = solara.use_reactive(None)  # (code, problem) of the last request

    def make() -> None:
        code = setup_code(ui.pending.value, ui.compare_setup.value, shipped_name(ui))
        problem = link_problem(code)
        made.value = (code, problem)
        if problem is None:
            ui.session.link_applied = code  # this page already shows it
            router.push(f"{router.path or '/'}?{LINK_KEY}={code}")

    solara.Button(t("share.link", lang), icon_name="mdi-link-variant", outlined=True,
                  on_click=make, classes=["zs-share-link"])
    if made.value is None:
        return
    code, problem = made.value
    if problem is not None:
        solara.Warning(t("share.link_too_long", lang).format(why=problem), dense=True,
                       classes=["zs-share-link-error"])
        return
    with solara.Div(classes=["zs-share-link-made"]):
        solara.Text(t("share.link_made", lang).format(chars=len(code)))
        solara.v.Html(tag="a", attributes={"href": f"?{LINK_KEY}={code}"},
                      children=[t("share.link_anchor", lang)], class_="zs-share-link-anchor")


@solara.component
def ShareSection(ui: Ui, restart: Restart) -> None:
    lang = ui.lang.value
    pending, setup = ui.pending.value, ui.compare_setup.value
    outcome = solara.use_reactive(None)  # (ok, file, lines)

    def loaded(info: dict) -> None:
        name = info["name"]
        data = info.get("data")
        outcome.value = restore_from(ui, name, lambda: read_setup(
            name, data if data is not None else info["file_obj"].read()), restart, lang)

    stem = f"zelfsturing-{pending.base.name}"
    with solara.Column(classes=["zs-share"], gap="4px"):
        Heading(t("share.title", lang), t("share.help", lang))
        Download(lambda: setup_yaml(pending, setup, shipped_name(ui)).encode("utf-8"),
                 f"{stem}-setup.yaml", t("share.download", lang), "setup",
                 "application/x-yaml")
        with solara.Div(classes=["zs-share-drop"], style="max-width: 520px;"):
            files.FileDrop(label=t("share.drop", lang), on_file=loaded, lazy=False,
                           button=t("upload.choose", lang), accept=".yaml,.yml", lang=lang)
        OutcomeNote(outcome.value, lang, "zs-share")
        ShareLink(ui)
        Help(t("share.what", lang))
