"""The debrief as pictures: the charts of the debrief view (a group's path, or every group's,
against the no-change baseline's mean and band, with the what-if forks), and the debrief
pages, A4 landscape: an overview of all groups and one page per group (its path against the
baseline, its decisions with their reasoning, its events), as PNG files and one PDF.

Participants are named by pseudonym (P01, ...) on the pages, as in the CSV export.
"""

from __future__ import annotations

import io
import math
import textwrap
import zipfile
from pathlib import Path

from matplotlib.axes import Axes
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from model import LEVER_SPECS
from workshop import rules
from workshop.debrief import DebriefView, Fork, ensure_baseline, session_debrief
from workshop.events import shown_text
from workshop.store import Store
from workshop.texts import KEY_FIGURES, t
from workshop.widgets import GROUP_COLOURS, KINDS, figure_value, shown_year

BAND_COLOUR = "#9e9e9e"
FORK_STYLES = ("--", ":", "-.")
PAGE = (11.69, 8.27)  # A4 landscape, inches
PAGE_DPI = 100
REASONING_WIDTH = 70  # characters per line in a page's decisions table
EVENTS_LISTED = 24


def _scale(name: str) -> float:
    return 100.0 if KINDS[name] == "pct" else 1.0


def _title(name: str, lang: str) -> str:
    return t(name, lang) + (" (%)" if KINDS[name] == "pct" else "")


def draw_panels(axes: list[Axes], view: DebriefView, groups: list[int], through: int,
                lang: str, forks: tuple[Fork, ...] = (), fontsize: float = 10) -> None:
    """One panel per key figure: the baseline's mean and band, each group's path and the
    forks, up to the end of round `through`; the axes keep the whole session's span, so a
    replay round by round does not rescale them."""
    years = view.session.years_per_round
    last = through * years - 1
    end = max(view.played, 1) * years - 1
    band = view.baseline.band()
    n = len(view.baseline.seeds)
    for ax, name in zip(axes, KEY_FIGURES, strict=True):
        scale = _scale(name)
        span: list[float] = []
        if name in band:
            b = band[name]
            keep = b["years"] <= end
            span += [*(b["low"][keep] * scale), *(b["high"][keep] * scale)]
            shown = b["years"] <= last
            x = [shown_year(int(y)) for y in b["years"][shown]]
            label = t("debrief.band", lang).format(n=n)
            if len(x) == 1:  # one year: the band as a bar
                ax.vlines(x, b["low"][shown] * scale, b["high"][shown] * scale,
                          color=BAND_COLOUR, alpha=0.3, linewidth=14, label=label)
            else:
                ax.fill_between(x, b["low"][shown] * scale, b["high"][shown] * scale,
                                color=BAND_COLOUR, alpha=0.3, linewidth=0, label=label)
            ax.plot(x, b["mean"][shown] * scale, color=BAND_COLOUR, linewidth=1.8,
                    marker="_", markersize=10,
                    label=t("debrief.baseline", lang).format(n=n))
        for number in groups:
            rows = view.group(number).results
            colour = GROUP_COLOURS[(number - 1) % len(GROUP_COLOURS)]
            values = [(r["year"], r[name]) for r in rows if r[name] is not None]
            span += [v * scale for y, v in values if y <= end]
            shown = [(y, v) for y, v in values if y <= last]
            label = t("group_n", lang).format(n=number)
            if len(groups) == 1:
                label = t("debrief.own_seed", lang).format(group=label, seed=view.seed)
            ax.plot([shown_year(y) for y, _ in shown], [v * scale for _, v in shown],
                    marker="o", markersize=3, color=colour, linewidth=2.2, label=label)
        for i, fork in enumerate(f for f in forks if f.status == "done"):
            colour = GROUP_COLOURS[(fork.group - 1) % len(GROUP_COLOURS)]
            values = [(r["year"], r[name]) for r in fork.results if r[name] is not None]
            span += [v * scale for y, v in values if y <= end]
            shown = [(y, v) for y, v in values if y <= last]
            ax.plot([shown_year(y) for y, _ in shown], [v * scale for _, v in shown],
                    linestyle=FORK_STYLES[i % len(FORK_STYLES)], color=colour, linewidth=1.8,
                    label=t("debrief.fork_label", lang).format(fork=fork.id,
                                                               round=fork.from_round))
        ax.set_xlim(0.5, end + 1.5)
        finite = [v for v in span if v is not None and math.isfinite(v)]
        if finite:
            low, high = min(finite), max(finite)
            pad = (high - low) * 0.08 or abs(high) * 0.05 or 1.0
            ax.set_ylim(low - pad, high + pad)
        ax.set_title(_title(name, lang), fontsize=fontsize, loc="left")
        ax.set_xlabel(t("year", lang), fontsize=fontsize - 2)
        ax.tick_params(labelsize=fontsize - 2)
        ax.grid(alpha=0.3)
        if end < 12:  # a year a tick
            ax.set_xticks(range(1, end + 2))
        else:
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        for r in range(1, view.played):  # the rounds' borders
            ax.axvline(r * years + 0.5, color="#ccc", linewidth=0.8, zorder=0)


def chart(view: DebriefView, groups: list[int], through: int, lang: str,
          forks: tuple[Fork, ...] = ()) -> Figure:
    """The debrief view's chart: six panels and one legend below them."""
    figure = Figure(figsize=(12, 6.6), dpi=80, layout="constrained")
    axes = list(figure.subplots(2, 3).flat)
    draw_panels(axes, view, groups, through, lang, forks)
    _legend(figure, axes[0])
    return figure


def _legend(figure: Figure, ax: Axes, fontsize: float = 9) -> None:
    handles, labels = ax.get_legend_handles_labels()
    if handles:
        figure.legend(handles, labels, loc="outside lower center", ncols=min(4, len(labels)),
                      fontsize=fontsize, frameon=False)


def _page_legend(figure: Figure, ax: Axes) -> None:
    """The legend of a page, at its top right, off the charts."""
    handles, labels = ax.get_legend_handles_labels()
    if handles:
        figure.legend(handles, labels, loc="upper right", bbox_to_anchor=(0.985, 0.995),
                      ncols=min(3, len(labels)), fontsize=7, frameon=False)


def _made(view: DebriefView, lang: str) -> str:
    s = view.session
    return t("debrief.made", lang).format(scenario=s.scenario_name, rounds=s.rounds,
                                          years=s.years_per_round)


def _seeds_note(view: DebriefView, lang: str) -> str:
    return t("debrief.one_seed", lang).format(
        seed=view.seed, seeds=", ".join(str(s) for s in view.baseline.seeds))


def _page(view: DebriefView, lang: str, heading: str) -> Figure:
    figure = Figure(figsize=PAGE, dpi=PAGE_DPI)
    s = view.session
    figure.text(0.04, 0.955, t("debrief.page_title", lang).format(title=s.title, code=s.code)
                + f" · {heading}", ha="left", va="baseline", fontsize=14)
    note = "\n".join(textwrap.wrap(_seeds_note(view, lang) + " " + _made(view, lang), 190))
    figure.text(0.04, 0.015, note, fontsize=7, color="#555", va="bottom")
    return figure


def overview_page(view: DebriefView, lang: str) -> Figure:
    """Every group against the baseline, and each group's last year next to the baseline's."""
    figure = _page(view, lang, t("debrief.all_groups", lang))
    grid = figure.add_gridspec(3, 3, left=0.06, right=0.98, top=0.9, bottom=0.1, hspace=0.55,
                               wspace=0.25, height_ratios=[1, 1, 0.9])
    axes = [figure.add_subplot(grid[i // 3, i % 3]) for i in range(6)]
    draw_panels(axes, view, [g.number for g in view.groups], view.played, lang, fontsize=9)
    _page_legend(figure, axes[0])
    table = figure.add_subplot(grid[2, :])
    table.axis("off")
    end = view.played * view.session.years_per_round - 1
    table.set_title(t("debrief.end_figures", lang).format(year=shown_year(end)), loc="left",
                    fontsize=10)
    band = view.baseline.band()
    rows = []
    for g in view.groups:
        last = next((r for r in g.results if r["year"] == end), None)
        rows.append([t("group_n", lang).format(n=g.number),
                     *(figure_value(k, last[k] if last else None, lang) for k in KEY_FIGURES)])
    if band:
        rows.append([t("debrief.baseline", lang).format(n=len(view.baseline.seeds)),
                     *(figure_value(k, mean_at(band, k, end), lang) for k in KEY_FIGURES)])
    if rows:
        high = min(0.16, 0.98 / (len(rows) + 1)) * (len(rows) + 1)
        shown = table.table(cellText=rows, colLabels=["", *(t(k, lang) for k in KEY_FIGURES)],
                            loc="upper left", cellLoc="left",
                            bbox=(0.0, 1.0 - high, 1.0, high))
        shown.auto_set_font_size(False)
        shown.set_fontsize(8)
    return figure


def mean_at(band: dict, name: str, year: int) -> float | None:
    b = band[name]
    hits = [i for i, y in enumerate(b["years"]) if int(y) == year]
    return float(b["mean"][hits[0]]) if hits else None


def _lever_short(name: str, lang: str) -> str:
    words = t(f"lever.{name}", lang)
    return words if len(words) <= 16 else words[:15] + "."


def group_page(view: DebriefView, number: int, lang: str) -> Figure:
    """One group: its path against the baseline (and its forks), its decisions per round
    with the reasoning, and the round's events."""
    g = view.group(number)
    figure = _page(view, lang, t("group_n", lang).format(n=number))
    grid = figure.add_gridspec(3, 3, left=0.06, right=0.98, top=0.9, bottom=0.1, hspace=0.55,
                               wspace=0.25, height_ratios=[1, 1, 1.25])
    axes = [figure.add_subplot(grid[i // 3, i % 3]) for i in range(6)]
    draw_panels(axes, view, [number], view.played, lang, view.forks_of(number), fontsize=9)
    _page_legend(figure, axes[0])
    table = figure.add_subplot(grid[2, :2])
    table.axis("off")
    table.set_title(t("facilitator.decisions", lang), loc="left", fontsize=10)
    lines = []
    for step in g.steps:
        levers = ", ".join(f"{_lever_short(s.name, lang)} {step.levers[s.name]:.2f}"
                           for s in LEVER_SPECS)
        head = f"{t('round', lang)} {step.round}: {levers}"
        if step.submitted:
            text = step.reasoning or t("debrief.no_reasoning", lang)
            if step.by_pseudonym:
                text += f" ({t('debrief.by', lang).format(name=step.by_pseudonym)})"
        else:
            text = t("debrief.kept" if step.round > 1 else "debrief.start_levers", lang)
        lines += textwrap.wrap(head, REASONING_WIDTH + 40)
        lines += ["   " + line for line in textwrap.wrap(" ".join(text.split()),
                                                         REASONING_WIDTH + 30)][:6]
    size = 8 if len(lines) <= 22 else max(5.0, 8 * 22 / len(lines))
    table.text(0, 1, "\n".join(lines), va="top", fontsize=size, transform=table.transAxes,
               family="DejaVu Sans")
    log = figure.add_subplot(grid[2, 2])
    log.axis("off")
    log.set_title(t("debrief.events", lang), loc="left", fontsize=10)
    events = [f"{t('round', lang)} {step.round}: {line}" for step in g.steps
              for line in [*(f"{t('debrief.injected', lang)}: {shown_text(e, lang)}"
                             for e in step.injected),
                           *(event_text(e, lang) for e in step.events)]]
    if len(events) > EVENTS_LISTED:
        events = events[:EVENTS_LISTED - 1] + [f"... (+{len(events) - EVENTS_LISTED + 1})"]
    lines = [wrapped for line in events for wrapped in textwrap.wrap(line, 56)]
    log.text(0, 1, "\n".join(lines) or "-", va="top", fontsize=7, transform=log.transAxes)
    return figure


def event_text(event: dict, lang: str) -> str:
    """A log line in words: known kinds by name, others as they are, with their detail."""
    key = f"debrief.log.{event['kind']}"
    from workshop.texts import TEXTS

    if key in TEXTS:
        return t(key, lang)
    detail = str(event.get("detail") or "")
    return event["kind"] + (f": {detail[:60]}" if detail else "")


def pages(view: DebriefView, lang: str) -> list[tuple[str, Figure]]:
    """(file stem, page) for the overview and every group."""
    code = view.session.code
    found = [(f"debrief-{code}-overview", overview_page(view, lang))]
    found += [(f"debrief-{code}-group-{g.number}", group_page(view, g.number, lang))
              for g in view.groups]
    return found


def page_files(view: DebriefView, lang: str) -> dict[str, bytes]:
    """File name -> bytes: a PNG per page and one PDF of them all."""
    files: dict[str, bytes] = {}
    pdf = io.BytesIO()
    with PdfPages(pdf) as document:
        for stem, figure in pages(view, lang):
            png = io.BytesIO()
            figure.savefig(png, format="png")
            files[f"{stem}.png"] = png.getvalue()
            document.savefig(figure)
    files[f"debrief-{view.session.code}.pdf"] = pdf.getvalue()
    return files


def pages_zip(store: Store, token: str | None, session_id: object, lang: str) -> bytes:
    """The debrief pages in one zip, for the debrief view's download (facilitator only)."""
    with store.read() as conn:
        session = rules.facilitator_session(conn, token, session_id)
    view = session_debrief(store, session["id"])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in page_files(view, lang).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def write_pages(store: Store, out: Path, session_ids: list[int], lang: str = "nl",
                processes: bool = True) -> list[Path]:
    """The command line's export: the pages of each session with a round played, written
    to `out` (the baseline is computed first where it is not stored yet)."""
    written = []
    for sid in session_ids:
        view = session_debrief(store, sid)
        if view.played == 0:
            continue
        if view.baseline.status != "done":
            ensure_baseline(store, sid, processes)
            view = session_debrief(store, sid)
        for name, data in page_files(view, lang).items():
            path = out / name
            path.write_bytes(data)
            written.append(path)
    return written
