# ruff: noqa: N802  (Solara components are named like classes)
"""The "My municipality" tab's import: a CBS Kerncijfers wijken en buurten file (the kwb
file as CSV or .xlsx, or a StatLine CSV download) uploaded, a municipality and a level
chosen, and the form filled through `cbs.scenario_from_cbs`, the same import as `run.py
scenario from-cbs`, with every missing or secret value it reports listed on the page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import solara

import cbs
from cbs.read import MAX_BYTES
from dashboards import upload as files
from dashboards.builder import Draft
from dashboards.components import MUTED, Heading, Help
from dashboards.i18n import t


@dataclass(frozen=True)
class CbsFile:
    """An uploaded CBS file and the municipalities in it."""

    name: str
    data: bytes
    municipalities: tuple[str, ...]


def read_cbs_upload(name: str, size: int, read: Callable[[], bytes]
                    ) -> tuple[CbsFile | None, str | None]:
    """The file and its municipalities, or the one line that says why not (the size is
    checked before the file is read)."""
    if size > MAX_BYTES:
        return None, f"{name}: larger than the limit of {MAX_BYTES // 2**20} MB"
    try:
        data = read()
        names = cbs.municipalities(data, name)
    except cbs.CbsError as exc:
        return None, f"{name}: {exc}"
    except Exception as exc:  # anything else the file trips: still one line, no traceback
        return None, f"{name}: cannot be read ({exc or type(exc).__name__})"
    if not names:
        return None, f"{name}: no municipality rows in the file"
    return CbsFile(name, data, tuple(names)), None


def import_report(result: cbs.CbsImport) -> str:
    """The comment head of the import's YAML: source, rules and every missing value."""
    lines = []
    for line in result.yaml.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line)
    return "\n".join(lines) + "\n"


def fill_from(file: CbsFile, municipality: str, level: str
              ) -> tuple[Draft | None, cbs.CbsImport | None, str | None]:
    """The form filled from one municipality of the file, the import, or the one line
    that says why it cannot be."""
    try:
        result = cbs.scenario_from_cbs(file.data, file.name, municipality, level)
    except cbs.CbsError as exc:
        return None, None, f"{file.name}: {exc}"
    except Exception as exc:  # a bug of the import: words on the page all the same
        return None, None, f"{file.name}: cannot be imported ({exc or type(exc).__name__})"
    return Draft.from_scenario(result.scenario, import_report(result), file.name), result, None


@solara.component
def CbsImportSection(lang: str, on_fill: Callable[[Draft], None]) -> None:
    """Upload, choose, fill; then what the import reports."""
    file = solara.use_reactive(None)
    error = solara.use_reactive(None)
    municipality = solara.use_reactive(None)
    level = solara.use_reactive(cbs.LEVELS[0])
    result = solara.use_reactive(None)

    def uploaded(info: dict) -> None:
        def read() -> bytes:
            data = info.get("data")
            return data if data is not None else info["file_obj"].read()

        found, problem = read_cbs_upload(info["name"], int(info.get("size") or 0), read)
        error.value = problem
        if found is not None:
            file.value = found
            municipality.value = found.municipalities[0]
            result.value = None

    def fill() -> None:
        draft, imported, problem = fill_from(file.value, municipality.value, level.value)
        error.value = problem
        result.value = imported
        if draft is not None:
            on_fill(draft)

    with solara.Column(classes=["zs-mine-cbs"], gap="4px"):
        Heading(t("mine.cbs", lang), t("mine.cbs.help", lang), level=4)
        with solara.Div(style="max-width: 520px;", classes=["zs-mine-cbs-drop"]):
            files.FileDrop(label=t("mine.cbs.drop", lang), on_file=uploaded, lazy=True,
                           button=t("upload.choose", lang), accept=".csv,.xlsx,.txt", lang=lang)
        loaded = file.value
        if loaded is not None:
            Help(t("mine.cbs.loaded", lang).format(file=loaded.name,
                                                   count=len(loaded.municipalities)),
                 classes=["zs-mine-cbs-loaded"])
            levels = {t(f"mine.cbs.level.{x}", lang): x for x in cbs.LEVELS}
            with solara.Row(gap="12px", style="flex-wrap: wrap; align-items: center;"):
                with solara.Div(classes=["zs-mine-cbs-municipality"], style="width: 280px;"):
                    solara.Select(t("mine.cbs.municipality", lang),
                                  values=list(loaded.municipalities), value=municipality)
                with solara.Div(classes=["zs-mine-cbs-level"], style="width: 200px;"):
                    solara.Select(t("mine.cbs.level", lang), values=list(levels),
                                  value=t(f"mine.cbs.level.{level.value}", lang),
                                  on_value=lambda label: level.set(levels[label]))
                solara.Button(t("mine.cbs.fill", lang), icon_name="mdi-table-arrow-down",
                              outlined=True, on_click=fill, classes=["zs-mine-cbs-fill"])
        if error.value:
            solara.Error(error.value, dense=True, classes=["zs-mine-cbs-error"])
        if result.value is not None:
            ImportFindings(result.value, lang)


@solara.component
def ImportFindings(result: cbs.CbsImport, lang: str) -> None:
    """What the import filled, and every value it lacked, each with what was used."""
    missing = [str(f) for f in result.problems if not f.left_out]
    left_out = [str(f) for f in result.problems if f.left_out]
    solara.Success(t("mine.cbs.filled", lang).format(
        municipality=result.municipality, count=len(result.neighbourhoods),
        level=result.level, missing=len(missing)), dense=True, classes=["zs-mine-cbs-ok"])
    for kind, items in (("missing", missing), ("left_out", left_out),
                        ("notes", list(result.notes))):
        if not items:
            continue
        with solara.Div(classes=[f"zs-mine-cbs-{kind}"], style=MUTED):
            solara.Text(t(f"mine.cbs.{kind}", lang).format(count=len(items)))
            with solara.v.Html(tag="ul", style_="margin: 2px 0 6px 0; padding-left: 20px; "
                                                "list-style: disc; max-height: 12em; "
                                                "overflow-y: auto;"):
                for item in items:
                    solara.v.Html(tag="li", children=[item], class_="zs-mine-cbs-item")
