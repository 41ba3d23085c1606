# ruff: noqa: N802  (Solara components are named like classes)
"""Share what I set up: download the set-up (scenario, sidebar, own variants and the
compare tab's choices) as a small file, and load such a file to restore it exactly
(`dashboards/share.py` writes and checks it)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import solara

from dashboards import upload as files
from dashboards.components import Download, Heading, Help
from dashboards.i18n import t
from dashboards.session import Ui
from dashboards.settings import Settings, shipped_scenarios
from dashboards.share import read_setup, setup_yaml
from model import ScenarioError

Restart = Callable[[Ui, Settings], None]


def shipped_name(ui: Ui) -> str | None:
    """The name the running scenario is shipped under, or None for one of the user's own
    (uploaded, built on My municipality), whose content the file must carry."""
    base = ui.pending.value.base
    if base.name in shipped_scenarios() and ui.session.scenarios.get(base.name) is base:
        return base.name
    return None


@solara.component
def ShareSection(ui: Ui, restart: Restart) -> None:
    lang = ui.lang.value
    pending, setup = ui.pending.value, ui.compare_setup.value
    outcome = solara.use_reactive(None)  # (ok, file, lines)

    def loaded(info: dict) -> None:
        name = info["name"]
        data = info.get("data")
        try:
            restored = read_setup(name, data if data is not None else info["file_obj"].read())
        except ScenarioError as exc:
            outcome.value = (False, name, [str(p) for p in exc.problems])
            return
        except Exception as exc:  # anything else the file trips: words, not a traceback
            outcome.value = (False, name, [f"{name}: {exc or type(exc).__name__}"])
            return
        base = restored.base
        if restored.shipped is None:
            ui.session.add_uploaded(base)
        else:
            base = ui.session.scenario(restored.shipped)
        ui.compare_setup.value = restored.setup
        restart(ui, replace(restored.settings, base=base))
        outcome.value = (True, name, [t("share.restored", lang).format(
            file=name, scenario=base.name, variants=len(restored.setup.variants))])

    stem = f"zelfsturing-{pending.base.name}"
    with solara.Column(classes=["zs-share"], gap="4px"):
        Heading(t("share.title", lang), t("share.help", lang))
        Download(lambda: setup_yaml(pending, setup, shipped_name(ui)).encode("utf-8"),
                 f"{stem}-setup.yaml", t("share.download", lang), "setup",
                 "application/x-yaml")
        with solara.Div(classes=["zs-share-drop"], style="max-width: 520px;"):
            files.FileDrop(label=t("share.drop", lang), on_file=loaded, lazy=False,
                           button=t("upload.choose", lang), accept=".yaml,.yml", lang=lang)
        if outcome.value is not None:
            ok, name, lines = outcome.value
            if ok:
                solara.Success(lines[0], dense=True, classes=["zs-share-ok"])
            else:
                with solara.Error(classes=["zs-share-error"], dense=True):
                    solara.Text(t("share.invalid", lang).format(file=name))
                    with solara.v.Html(tag="ul", style_="margin: 4px 0 0 0;"):
                        for line in lines:
                            solara.v.Html(tag="li", children=[line], class_="zs-problem")
        Help(t("share.what", lang))
