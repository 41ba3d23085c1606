# ruff: noqa: N802  (Solara components are named like classes)
"""The pieces both workshop pages use: the database of this server, the poll that keeps a
page current, the trajectories chart, the QR code, the language switch, a refusal shown in
words.

Nothing here keeps state between requests: `use_store` rebuilds a `Store` (a path) per
page from the environment the command line set, and the poll only counts.
"""

from __future__ import annotations

import math
import os
import threading
import time
from collections.abc import Callable
from html import escape
from pathlib import Path

import solara
from matplotlib.figure import Figure

from dashboards.i18n import LANGUAGES, format_value
from workshop.texts import KEY_FIGURES, t

GROUP_COLOURS = ("#1f5f8b", "#d9822b", "#3a9a5b", "#b5472d", "#7b5ea7", "#8c6d31",
                 "#d45d9a", "#5f6b73", "#17a2b8", "#a6a61e", "#e377c2", "#2f4f4f")
KINDS = {"participation": "pct", "unmet_share": "pct", "waiting_list": "int",
         "mean_trust": "num", "cost_per_inhabitant": "eur", "budget_balance": "eur"}
MUTED = "color: #666; font-size: 0.9rem;"
DPI = 80


def use_store():
    """This server's database (a path only; each read or write connects anew)."""
    from workshop.store import DATA_ENV, Store, default_data

    return solara.use_memo(lambda: Store.open(Path(os.environ.get(DATA_ENV) or
                                                   default_data())), [])


def use_poll(seconds: float) -> int:
    """A counter that goes up every `seconds` while the page is open: reading it makes a
    component read the database again that often."""
    tick = solara.use_reactive(0)

    def loop(cancel: threading.Event) -> None:
        while not cancel.wait(seconds):
            tick.value += 1

    solara.use_thread(loop, dependencies=[], intrusive_cancel=False)
    return tick.value


def figure_value(figure: str, value: float | None, lang: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    return format_value(float(value), KINDS[figure], lang)


def remaining_text(deadline: float | None, lang: str, now: float | None = None) -> str:
    """'4:31 left' for a deadline, '' without one."""
    if deadline is None:
        return ""
    left = max(0, int(deadline - (time.time() if now is None else now)))
    return t("time_left", lang).format(time=f"{left // 60}:{left % 60:02d}")


def trajectories(results: tuple[dict, ...], lang: str, highlight: int | None = None
                 ) -> Figure:
    """Every group's key figures per year, one line per group, one panel per figure."""
    figure = Figure(figsize=(12, 6), dpi=DPI, layout="constrained")
    axes = figure.subplots(2, 3)
    groups = sorted({r["group"] for r in results})
    for ax, name in zip(axes.flat, KEY_FIGURES, strict=True):
        for group in groups:
            rows = [r for r in results if r["group"] == group]
            colour = GROUP_COLOURS[(group - 1) % len(GROUP_COLOURS)]
            width = 3.0 if group == highlight else 1.8
            ax.plot([shown_year(r["year"]) for r in rows], [r[name] for r in rows], marker="o",
                    color=colour, linewidth=width,
                    label=t("group_n", lang).format(n=group))
        ax.set_title(t(name, lang), fontsize=11)
        ax.set_xlabel(t("year", lang))
        ax.grid(alpha=0.3)
        ax.xaxis.get_major_locator().set_params(integer=True)
    if groups:
        axes.flat[0].legend(fontsize=9)
    return figure


@solara.component
def Trajectories(results: tuple[dict, ...], lang: str, highlight: int | None = None) -> None:
    if not results:
        solara.Text(t("no_results", lang), style=MUTED)
    else:
        TrajectoryChart(results, lang, highlight)


@solara.component
def TrajectoryChart(results: tuple[dict, ...], lang: str, highlight: int | None) -> None:
    key = [len(results), results[-1] if results else None, lang, highlight]
    figure = solara.use_memo(lambda: trajectories(results, lang, highlight), key)
    with solara.Div(classes=["zs-chart", "zs-trajectories"]):
        solara.FigureMatplotlib(figure, dependencies=key, format="png")


@solara.component
def Heading(text: str, size: str = "1.35rem") -> None:
    solara.Text(text, style=f"font-size: {size}; font-weight: 500; display: block; "
                            "margin: 18px 0 6px;")


@solara.component
def Table(header: list[str], rows: list[list[str]], classes: list[str] | None = None) -> None:
    """A plain HTML table of texts (escaped: participants' reasoning is free text)."""
    head = "".join(f"<th style='text-align:left; padding:4px 8px;'>{escape(h)}</th>"
                   for h in header)
    body = "".join("<tr>" + "".join(f"<td style='padding:4px 8px; border-top:1px solid #ddd;"
                                    f" vertical-align:top;'>{escape(c)}</td>" for c in row)
                   + "</tr>" for row in rows)
    with solara.Div(classes=classes or [], style="overflow-x: auto;"):
        solara.HTML(tag="table", unsafe_innerHTML=f"<thead><tr>{head}</tr></thead>"
                                                  f"<tbody>{body}</tbody>",
                    style="border-collapse: collapse; font-size: 0.95rem;")


def shown_year(year: int) -> int:
    """The model's year 0 is a person's year 1: pages count years from 1 (the export
    keeps the model's years)."""
    return year + 1


def years_text(current, years_per_round: int, lang: str) -> str:  # a views.RoundState
    """'year 3' or 'years 5 to 8': the years a round plays, counted from 1."""
    first = shown_year(current.first_year(years_per_round))
    if years_per_round == 1:
        return t("year_single", lang).format(year=first)
    return t("years_span", lang).format(first=first, last=first + years_per_round - 1)


def qr_svg(text: str) -> str:
    """A QR code of `text` as SVG markup (qrcode's pure-Python writer)."""
    import qrcode
    from qrcode.image.svg import SvgPathImage

    image = qrcode.make(text, image_factory=SvgPathImage, box_size=12, border=2)
    return image.to_string(encoding="unicode")


@solara.component
def QrCode(text: str, size: int = 220) -> None:
    svg = solara.use_memo(lambda: qr_svg(text), [text])
    solara.HTML(tag="div", unsafe_innerHTML=svg, classes=["zs-qr"],
                style=f"width: {size}px; height: {size}px;")


@solara.component
def LanguageSwitch(lang: solara.Reactive[str]) -> None:
    solara.ToggleButtonsSingle(value=lang, values=list(LANGUAGES), classes=["zs-lang"])


@solara.component
def Message(text: str, kind: str = "info", classes: list[str] | None = None) -> None:
    """A refusal or a confirmation, in words."""
    colours = {"info": "#e8f1f8", "error": "#fbe9e7", "ok": "#e8f5e9"}
    solara.Div(children=[solara.Text(text)], classes=["zs-message", f"zs-{kind}",
                                                      *(classes or [])],
               style=f"background: {colours[kind]}; padding: 8px 12px; border-radius: 6px; "
                     "margin: 6px 0;")


def attempt(action: Callable[[], object], lang: str, shown: solara.Reactive,
            ok: str | None = None) -> object | None:
    """Run a page's action; a refusal (or any failure) becomes a message in `shown`, never
    a traceback. Returns what the action returned, or None when it was refused."""
    from workshop.rules import RefusedError
    from workshop.store import StoreError

    try:
        result = action()
    except RefusedError as exc:
        shown.set(("error", exc.message(lang)))
        return None
    except StoreError as exc:
        shown.set(("error", str(exc)))
        return None
    shown.set(("ok", ok) if ok else None)
    return result


def query(search: str | None) -> dict[str, str]:
    """The page's query string as a dict of first values."""
    from urllib.parse import parse_qs

    return {key: values[0] for key, values in parse_qs(search or "").items() if values}
