"""One browser session: its own simulation (an `Explorer`), the lock that lets the play
thread and the page take turns with it, and the reactive values the page shows (`Ui`).

Nothing here lives at module level: the page makes one `Session` and one `Ui` per render
context (one per browser tab), so two visitors never share a model (docs/dashboard.md#starting-it).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import solara

from dashboards.boundaries import Boundaries, BoundaryError, Match, match_boundaries
from dashboards.charts import spring_positions
from dashboards.compare import Cancel
from dashboards.explorer import Explorer, KeyFigure
from dashboards.sessions import SESSIONS, Sessions
from dashboards.settings import (
    DEFAULT_SCENARIO,
    Settings,
    letting_go,
    load_shipped,
    load_uploaded,
    shipped_scenarios,
)
from model import Scenario

# Play: step a few weeks per turn of the lock; after every VIEW_INTERVAL of stepping refresh
# the cheap views (week, cards, tiles), and after every CHART_INTERVAL also redraw the
# matplotlib charts (all of them cost some 0.3-0.5 s together, the cheap views ~0.05 s).
# With n sessions playing at once both intervals are n times longer (dashboards/sessions.py).
WEEKS_PER_TURN = 2
VIEW_INTERVAL = 0.25
CHART_INTERVAL = 0.5
FRAME_TIMEOUT = 5.0  # seconds a play waits for the page to render a frame
NETWORK_SAMPLE = 120
VARIANTS = ("current", "own", "letting_go")
UPLOADED = "upload:"  # the key of an uploaded scenario: this, then its name


@dataclass
class PlayStats:
    """How fast the last play ran (weeks per second of wall time, redraws included)."""

    weeks: int = 0
    seconds: float = 0.0
    frames: int = 0

    @property
    def weeks_per_second(self) -> float:
        return self.weeks / self.seconds if self.seconds > 0 else 0.0


@dataclass(frozen=True, eq=False)
class CompareRequest:
    """What the compare tab asked for; a new object starts a new run (compared by
    identity). `names` are the variants' names when it started; `cancel` stops it."""

    variants: dict[str, Settings]
    seeds: int
    years: int
    number: int
    names: dict[str, str] = field(default_factory=dict)
    cancel: Cancel = field(default_factory=Cancel)


@dataclass(frozen=True)
class CompareStatus:
    running: bool = False
    done: int = 0
    total: int = 0
    seconds: float | None = None
    error: str | None = None
    cancelled: bool = False  # the last comparison was cancelled: its runs are dropped


@dataclass(frozen=True)
class UploadMessage:
    """The outcome of an upload, shown under the drop zone: ok, or the problem lines."""

    file: str
    ok: bool
    name: str = ""
    problems: tuple[str, ...] = ()
    error: str = ""


class Session:
    """One browser session: its simulation, the lock around it, and the caches of what the
    page draws from it."""

    def __init__(self, scenario_name: str = DEFAULT_SCENARIO) -> None:
        self.scenarios: dict[str, Scenario] = {}
        base = self.scenario(scenario_name)
        self.explorer = Explorer(Settings.of(base))
        self.lock = threading.RLock()
        self.generation = 0  # bumped at every reset: caches keyed on it start over
        self.play_stats = PlayStats()
        self.rendered = threading.Event()  # the page has rendered the last frame of a play
        self.compare_table: pd.DataFrame | None = None
        # the last comparison's variants when it ran: names and settings, by key
        self.compare_names: dict[str, str] = {}
        self.compare_settings: dict[str, Settings] = {}
        self._layouts: dict[tuple[int, int], dict[int, tuple[float, float]]] = {}
        self._match: tuple[Boundaries, Scenario, Match] | None = None
        # the sessions this one plays among (their turns and pace); Sessions.admit sets it
        self.pacer: Sessions = SESSIONS
        self.released = threading.Event()  # set by release(): the tab is gone
        # the shared link (its ?setup= code) this session last restored: a reload of the
        # same address keeps what was changed since, a new link restores its own set-up
        self.link_applied: str | None = None

    # --- scenarios ------------------------------------------------------------------------
    def scenario_names(self) -> list[str]:
        return list(dict.fromkeys([*shipped_scenarios(), *self.scenarios]))

    def scenario(self, name: str) -> Scenario:
        """A shipped scenario by name, or one this session uploaded (by its key)."""
        if name not in self.scenarios:
            self.scenarios[name] = load_shipped(name)
        return self.scenarios[name]

    def add_uploaded(self, scenario: Scenario) -> str:
        """Keep an uploaded scenario under its own key (a shipped one of the same name stays
        as it is); a later upload of the same name replaces it."""
        key = UPLOADED + scenario.name
        self.scenarios[key] = scenario
        return key

    # --- the model ------------------------------------------------------------------------
    def reset(self, settings: Settings | None = None) -> None:
        with self.lock:
            self.explorer.reset(settings)
            self.generation += 1

    def step(self, weeks: int = 1) -> None:
        with self.lock:
            self.explorer.step(weeks)

    def set_levers(self, changes: Mapping[str, float]) -> None:
        """Move levers (by name) in the running model."""
        with self.lock:
            self.explorer.set_levers(changes)

    def release(self) -> None:
        """The tab is gone: stop a play and drop the model (Sessions.release calls this)."""
        self.released.set()
        with self.lock:
            self.explorer = None  # type: ignore[assignment]  # nothing reads it any more
            self.scenarios.clear()
            self.compare_table = None
            self._layouts.clear()
            self._match = None

    def play(self, cancel: threading.Event, frame: Callable[[bool], None]) -> None:
        """Step until `cancel` is set, the session is released or the horizon is reached.
        Every VIEW_INTERVAL of stepping, `frame(charts)` asks the page to refresh
        (charts=True every CHART_INTERVAL), and the play waits until the page has rendered
        it (`rendered`, set by the page after each render): stepping and drawing take turns,
        so neither starves the other, whichever thread the render runs in.

        Among other sessions (`pacer`): each batch of weeks and each frame is one turn, first
        come first served, and with n sessions playing both intervals are n times longer, so
        that together they draw as often as one alone and none starves."""
        pacer = self.pacer
        start = time.monotonic()
        weeks = frames = 0

        def stopped() -> bool:
            return cancel.is_set() or self.released.is_set()

        def show(charts: bool) -> float:
            self.rendered.clear()
            with pacer.turn():
                frame(charts)
            waited = time.monotonic()
            while not self.rendered.wait(0.02) and not stopped() \
                    and time.monotonic() - waited < FRAME_TIMEOUT:
                pass
            return time.monotonic()

        last_view = last_chart = start
        with pacer.playing():
            while True:
                with pacer.turn(), self.lock:
                    # checked under the lock: a reset sets `cancel` before it takes the lock,
                    # so the new model never gets a stray step from an old play
                    if stopped() or self.explorer.finished:
                        break
                    before = self.explorer.week
                    self.explorer.step(WEEKS_PER_TURN)
                    weeks += self.explorer.week - before
                now = time.monotonic()
                charts = now - last_chart >= pacer.pace(CHART_INTERVAL)
                if charts or now - last_view >= pacer.pace(VIEW_INTERVAL):
                    frames += 1
                    last_view = show(charts)  # intervals count from the end of the render
                    if charts:
                        last_chart = last_view
        self.play_stats = PlayStats(weeks, time.monotonic() - start, frames + 1)
        if not self.released.is_set():
            with pacer.turn():
                frame(True)

    # --- what the page reads --------------------------------------------------------------
    @property
    def settings(self) -> Settings:
        return self.explorer.settings

    def status(self) -> tuple[int, int, int, bool]:
        """Week, weeks in total, year, finished."""
        with self.lock:
            model = self.explorer.model
            return self.explorer.week, model.weeks_total, self.explorer.year, \
                self.explorer.finished

    def key_figures(self) -> list[KeyFigure]:
        with self.lock:
            return self.explorer.key_figures()

    def domain_figures(self) -> dict[str, list[KeyFigure]]:
        with self.lock:
            return self.explorer.domain_figures()

    def history(self) -> pd.DataFrame:
        with self.lock:
            return self.explorer.history()

    def neighbourhoods(self) -> pd.DataFrame:
        with self.lock:
            return self.explorer.neighbourhoods()

    def weak_strong_gap(self) -> pd.DataFrame:
        with self.lock:
            return self.explorer.weak_strong_gap()

    def network(self, neighbourhood: int
                ) -> tuple[pd.DataFrame, np.ndarray, dict[int, tuple[float, float]]]:
        """The network sample of a neighbourhood with its roles now, and a layout computed
        once per neighbourhood and reset, so the nodes do not jump between redraws."""
        with self.lock:
            nodes, ties = self.explorer.network_sample(neighbourhood, NETWORK_SAMPLE)
            key = (self.generation, neighbourhood)
        if key not in self._layouts:
            self._layouts = {k: v for k, v in self._layouts.items() if k[0] == key[0]}
            self._layouts[key] = spring_positions(nodes, ties)
        return nodes, ties, self._layouts[key]

    def map_match(self, boundaries: Boundaries | None) -> Match | None:
        """The user's boundaries matched to the running scenario, or None without
        boundaries; matched again only when either changes (levers, budget and the other
        settings keep the scenario, so they keep the match)."""
        if boundaries is None:
            return None
        base = self.settings.base
        cached = self._match
        if cached is None or cached[0] is not boundaries or cached[1] is not base:
            cached = self._match = (boundaries, base, match_boundaries(boundaries, base))
        return cached[2]

    def report(self, kind: str, lang: str, boundaries: Boundaries | None = None,
               metric: str = "unmet_share") -> bytes:
        """The one-page report; with boundaries that match the scenario it has the map,
        coloured by `metric` (what the page's map shows)."""
        from dashboards.report import report_bytes

        match = self.map_match(boundaries)
        with self.lock:
            return report_bytes(self.explorer, lang, kind, match, metric)

    def history_csv(self) -> bytes:
        from dashboards.report import history_csv

        with self.lock:
            return history_csv(self.explorer)


def read_upload(file: str, data: bytes) -> tuple[UploadMessage, Scenario | None]:
    """An uploaded scenario, or the message saying what is wrong with it, problem by
    problem, in words (never a traceback)."""
    from model import ScenarioError

    try:
        scenario = load_uploaded(file, data)
    except ScenarioError as exc:
        return UploadMessage(file, False, problems=tuple(str(p) for p in exc.problems)), None
    except Exception as exc:  # anything else the file trips: still words, not a traceback
        return UploadMessage(file, False, error=str(exc) or type(exc).__name__), None
    return UploadMessage(file, True, name=scenario.name), scenario


def compare_variants(chosen: list[str], pending: Settings) -> dict[str, Settings]:
    """The variants the compare tab can run: the settings as the sidebar shows them, the
    scenario as it comes, and letting go (with the current budget cut and scale)."""
    every = {"current": pending, "own": Settings.of(pending.base),
             "letting_go": letting_go(pending)}
    return {name: every[name] for name in VARIANTS if name in chosen}


@dataclass(eq=False)
class Ui:
    """The reactive values of one session's page. Components read `.value` while rendering,
    which subscribes them: they redraw when (and only when) what they read changes."""

    session: Session
    lang: solara.Reactive[str]
    playing: solara.Reactive[bool]
    tick: solara.Reactive[int]  # the model moved: week, cards and tiles
    chart_tick: solara.Reactive[int]  # the model moved and the charts should redraw
    pending: solara.Reactive[Settings]  # what the sliders show; some apply only at reset
    upload: solara.Reactive[UploadMessage | None]
    map_metric: solara.Reactive[str]
    neighbourhood: solara.Reactive[int]
    compare_request: solara.Reactive[CompareRequest | None]
    compare_status: solara.Reactive[CompareStatus]
    # the neighbourhood map: this tab's boundaries (kept across scenarios and settings), and
    # the problem with the last file dropped, if it was refused
    boundaries: solara.Reactive[Boundaries | None]
    boundaries_error: solara.Reactive[BoundaryError | None]
    # the compare tab's own variants, choice, seeds and years: a dashboards.variants.
    # CompareSetup (which imports this module, so it is not named here)
    compare_setup: solara.Reactive | None = None

    def refresh(self, charts: bool = True) -> None:
        """Tell the page the model changed."""
        self.tick.value += 1
        if charts:
            self.chart_tick.value += 1
