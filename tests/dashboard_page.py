"""A dashboard page rendered into widgets without a browser (solara.render), and the means
to find, read, click and slide its parts from Python. The tests of the page use it, and so
does the script that loads the page as the Solara server does."""

from __future__ import annotations

import io
import time
from collections.abc import Iterator

import ipyvuetify as v
import ipywidgets
import solara

from dashboards import app, upload
from dashboards.i18n import t
from dashboards.session import Ui


def kernel_context(name: str):
    """A fresh kernel context: what the Solara server makes for each browser page. (Its
    close() assumes the server's patched widget registry, so the pages are closed instead.)"""
    from solara.server import kernel, kernel_context

    return kernel_context.VirtualKernelContext(id=name, kernel=kernel.Kernel(),
                                               session_id=f"session-{name}")


@solara.component
def at_address(address: str, push, child) -> solara.Element:  # noqa: ANN001
    """`child` under a router at `address`, as the server's router would hold it."""
    from solara import routing

    solara.provide_context(routing.router_context, routing.Router(address, [], push))
    return child


class Page:
    """One rendered page: its widgets, its render context and its session's state."""

    def __init__(self, parallel: bool = False, component=None,
                 address: str | None = None) -> None:
        """`address`: the page's address (path and query, e.g. "/?setup=..."), as the
        browser would report it; the addresses the page pushes go to `pushed`."""
        uis: list[Ui] = []
        self.pushed: list[str] = []
        element = component() if component else app.Dashboard(on_ui=uis.append,
                                                             parallel=parallel)
        if address is not None:
            element = at_address(address, self.pushed.append, element)
        # the server puts the module's Layout around the page; so does this
        self.box, self.rc = solara.render(app.Layout(children=[element]), handle_error=False)
        self.ui = uis[0] if uis else None

    def all(self, cls: str) -> list[ipywidgets.Widget]:
        """Every widget with the CSS class `cls`."""
        found, seen, queue = [], set(), [self.box]
        while queue:
            item = queue.pop()
            if id(item) in seen:
                continue
            seen.add(id(item))
            if isinstance(item, ipywidgets.Widget):
                if cls in (getattr(item, "class_", None) or "").split():
                    found.append(item)
                queue.extend(getattr(item, key) for key in item.keys)
            elif isinstance(item, list | tuple):
                queue.extend(item)
            elif isinstance(item, dict):
                queue.extend(item.values())
        return found

    def ordered(self, cls: str) -> list[ipywidgets.Widget]:
        """The widgets with the CSS class `cls` in the order the page shows them (`all`
        does not keep it; this follows the children, not the app bar's or a dialog's)."""
        return [w for w in descendants(self.box)
                if cls in (getattr(w, "class_", None) or "").split()]

    def one(self, cls: str) -> ipywidgets.Widget:
        widgets = self.all(cls)
        assert len(widgets) == 1, f"{len(widgets)} widgets with class {cls}"
        return widgets[0]

    def text(self, cls: str) -> str:
        """The text inside the widgets with class `cls`."""
        return " ".join(widget_texts(self.all(cls)))

    def button_label(self, cls: str) -> str:
        return [c for c in self.one(cls).children if isinstance(c, str)][0]

    def slider(self, cls: str) -> v.Slider:
        """The slider inside the element with class `cls`."""
        return next(w for w in descendants(self.one(cls)) if isinstance(w, v.Slider))

    def select(self, cls: str) -> v.Select:
        """The drop-down inside the element with class `cls`."""
        return next(w for w in descendants(self.one(cls)) if isinstance(w, v.Select))

    def open_tab(self, index: int) -> None:
        """Choose a tab as a click on it does (My municipality, 3, is made when first
        opened)."""
        self.rc.find(v.Tabs).widgets[0].v_model = index

    def click(self, cls: str) -> None:
        self.one(cls).click()

    @property
    def week(self) -> int:
        return self.ui.session.explorer.week

    def close(self) -> None:
        if self.ui is not None:
            self.ui.playing.value = False
        self.rc.close()


def descendants(widget: ipywidgets.Widget) -> Iterator[ipywidgets.Widget]:
    for child in getattr(widget, "children", []) or []:
        if isinstance(child, ipywidgets.Widget):
            yield child
            yield from descendants(child)


def widget_texts(widgets) -> Iterator[str]:
    for widget in widgets:
        for child in getattr(widget, "children", []) or []:
            if isinstance(child, str):
                yield child
            elif isinstance(child, ipywidgets.Widget):
                yield from widget_texts([child])


def wait_until(condition, timeout: float = 20.0) -> None:
    end = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.05)



SCENARIO_DROP = t("upload.label", "nl")


def fake_file_drop(name: str, data: bytes, only: str | None = SCENARIO_DROP,
                   cls: str = "fake-drop", size: int | None = None):
    """Stands in for the page's drop zones (`dashboards.upload.FileDrop`, which a test
    puts it in place of): a button (class `cls`) that 'drops' this file. Only the drop zone
    labelled `only` is replaced (the scenario's, in Dutch, unless told otherwise; None:
    every zone) and the others stay as they were (so two fakes, each for its own zone, can
    be in place at once). `size` is what the browser would report, if not the data's
    length."""
    other = upload.FileDrop

    @solara.component
    def FileDrop(label: str = "", on_file=None, lazy: bool = True, button: str = "",  # noqa: N802
                 accept: str = "", lang: str = "nl"):
        if only is not None and label != only:
            return other(label=label, on_file=on_file, lazy=lazy, button=button,
                         accept=accept, lang=lang)
        info = {"name": name, "size": len(data) if size is None else size,
                "file_obj": io.BytesIO(data), "data": None if lazy else data}
        return solara.Button(label, on_click=lambda: on_file(info), classes=[cls])

    return FileDrop
