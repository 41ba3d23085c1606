# ruff: noqa: N802  (Solara components are named like classes)
"""Uploading a file by dropping it or by choosing it: Solara's FileDrop takes a drag and
drop only (solara 1.64: no click, no file input), which many users never try and some
cannot do (a keyboard, a touch screen, a remote desktop). `FileDrop` here is the same drop
zone with a button beside it, and a click on the zone, that opens the browser's file
chooser; both hand the file to `on_file` the way Solara's FileDrop does.

Call it as `upload.FileDrop(...)` (the module's attribute, looked up at render time), so
that a test can put a stand-in in its place (tests/dashboard_page.py).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import solara
import traitlets
from solara.components.file_drop import FileDropZone, FileInfo

from dashboards.i18n import DEFAULT_LANGUAGE, t


class ChooserDropZone(FileDropZone):
    """Solara's drop zone widget with a template that adds the file chooser."""

    template_file = (__file__, "file_upload.vue")
    button_label = traitlets.Unicode().tag(sync=True)
    accept = traitlets.Unicode().tag(sync=True)


@solara.component
def FileDrop(label: str = "", on_file: Callable[[FileInfo], Any] | None = None,
             lazy: bool = True, button: str = "", accept: str = "",
             lang: str = DEFAULT_LANGUAGE) -> solara.Element:
    """A drop zone labelled `label` with a button `button` that opens the file chooser
    (limited to `accept`, e.g. ".yaml,.yml"; the user can still pick any file, and the
    reader says what is wrong with it). `on_file` gets one file as Solara's FileDrop gives
    it: name, size, file_obj, and data when not `lazy`. A file whose transfer breaks off
    (or a reader that slips) gets a line under the zone, in `lang`, not a traceback."""
    failed = solara.use_reactive(None)
    with solara.Column(gap="0px") as column:
        DropZone(label, button or label, accept, on_file, lazy, failed.set)
        if failed.value:
            solara.Error(t("upload.broken", lang).format(error=failed.value), dense=True,
                         classes=["zs-upload-broken"])
    return column


@solara.component
def DropZone(label: str, button: str, accept: str, on_file: Callable[[FileInfo], Any] | None,
             lazy: bool, on_failed: Callable[[str | None], None]) -> solara.Element:
    """The zone itself, as Solara's _FileDrop wires it: the widget's files, once the browser
    has named them, read in a thread and handed to `on_file`."""
    file_info, set_file_info = solara.use_state(None)
    wired, set_wired = solara.use_state(None)
    zone = ChooserDropZone.element(label=label, button_label=button, accept=accept,
                                   on_file_info=set_file_info, multiple=False)

    def wire() -> None:
        if not file_info:
            return
        widget = solara.get_widget(zone)
        widget.version += 1  # as Solara's FileDrop: a new file, new chunk listeners
        widget.reset_stats()
        set_wired(widget.get_files())

    solara.use_effect(wire, [file_info])

    def hand_over(cancel: threading.Event) -> None:
        if not wired or on_file is None:
            return
        file = wired[0]
        try:
            file["data"] = None if lazy else file["file_obj"].read()
            on_file(file)
        except Exception as exc:  # the transfer broke off, or a reader slipped: words
            on_failed(f"{file.get('name', '')}: {exc or type(exc).__name__}")
        else:
            on_failed(None)

    solara.use_thread(hand_over, [wired])
    return zone
