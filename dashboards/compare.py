"""Compare variants over several seeds, in worker processes, with progress; cancel them.

Every variant runs with the same seeds (common random numbers), so the spread between
variants is not luck. The runs go through the model's one way to run many
(`model.run_many`); the pool of worker processes is started once and kept: the first
compare pays for starting Python in each worker, the next ones do not.

A comparison is cancelled with its `Cancel`: the runs not yet started are dropped from the
pool at once, and `compare` raises `CompareCancelledError`. A run a worker has already
started cannot be stopped from outside; it finishes in the background (at most one per
worker, and one the pool has queued) and its result is thrown away, as are the runs that
finished before the cancel: a cancelled comparison gives no table.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import CancelledError, Executor, Future, ProcessPoolExecutor
from dataclasses import replace

import pandas as pd

from dashboards.explorer import DOMAIN_FIGURES, KEY_FIGURES, domain_metric
from dashboards.settings import Settings
from model import (
    DOMAINS,
    WEEKS_PER_YEAR,
    ParticipationModel,
    RunSpec,
    available_cores,
    run_many,
    spawn_pool,
)

# What a compare keeps of every run: the key figures (its chart), and the key figures per
# domain (for the CSV).
METRICS = (*(metric for metric, _ in KEY_FIGURES),
           *(domain_metric(figure, d) for d in DOMAINS for figure, _ in DOMAIN_FIGURES))
_POOL: ProcessPoolExecutor | None = None
_POOL_LOCK = threading.Lock()


def _pool() -> ProcessPoolExecutor:
    global _POOL
    with _POOL_LOCK:
        if _POOL is None:
            _POOL = spawn_pool(available_cores())
        return _POOL


class CompareCancelledError(Exception):
    """A comparison was cancelled; `done` runs had finished (and are thrown away)."""

    def __init__(self, done: int, total: int) -> None:
        super().__init__(f"cancelled after {done} of {total} runs")
        self.done, self.total = done, total


class Cancel:
    """A comparison's cancel switch, set from the page: it cancels the runs the pool has
    not started, and `compare` stops at the next finished run."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._lock = threading.Lock()
        self._futures: list[Future] = []

    def set(self) -> None:
        self._event.set()
        with self._lock:
            futures = list(self._futures)
        for future in futures:
            future.cancel()  # False for a run already started: it finishes, unread

    def is_set(self) -> bool:
        return self._event.is_set()

    def watch(self, future: Future) -> None:
        with self._lock:
            self._futures.append(future)
        if self.is_set():
            future.cancel()


class _Watched(Executor):
    """The shared pool, as `run_many` sees it, with every run it submits watched by a
    `Cancel` (run_many leaves a pool it is given running)."""

    def __init__(self, pool: Executor, cancel: Cancel) -> None:
        self._pool, self._cancel = pool, cancel

    def submit(self, fn, /, *args, **kwargs) -> Future:  # noqa: ANN001 (Executor's own)
        future = self._pool.submit(fn, *args, **kwargs)
        self._cancel.watch(future)
        return future


def weekly_key_figures(model: ParticipationModel) -> pd.DataFrame:
    """What a compare keeps of a finished run: the weekly key figures, also per domain
    (week 0, the start, left out). Runs in a worker process."""
    frame = model.datacollector.get_model_vars_dataframe()
    frame = frame[frame["week"] > 0]
    return frame[["week", *METRICS]].reset_index(drop=True)


def compare(
    variants: dict[str, Settings],
    seeds: int,
    years: int,
    progress: Callable[[int, int], None] | None = None,
    parallel: bool = True,
    cancel: Cancel | None = None,
) -> pd.DataFrame:
    """Weekly key figures of every variant and seed: columns variant, seed, week, metrics.
    Seeds are 0..seeds-1 added to each variant's own seed. `progress(done, total)` is called
    as runs finish. Setting `cancel` stops it: CompareCancelledError, and no table."""
    runs: list[tuple[str, int]] = []
    specs: list[RunSpec] = []
    for name, settings in variants.items():
        # the horizon is `years`: a scenario's shorter horizon would stop the runs early
        scenario = replace(settings, horizon_years=years).scenario().model_dump(mode="json")
        for offset in range(seeds):
            runs.append((name, offset))
            specs.append(RunSpec(scenario, settings.seed + offset, years * WEEKS_PER_YEAR))
    pool: Executor | None = _pool() if parallel and len(specs) > 1 else None
    done = [0]

    def step(finished: int, total: int) -> None:
        done[0] = finished
        if cancel is not None and cancel.is_set():
            raise CompareCancelledError(finished, total)
        if progress:
            progress(finished, total)

    if pool is not None and cancel is not None:
        pool = _Watched(pool, cancel)
    try:
        frames = run_many(specs, weekly_key_figures, progress=step, pool=pool)
    except CancelledError:  # a run dropped from the pool: the cancel came first
        raise CompareCancelledError(done[0], len(specs)) from None
    parts = [frame.assign(variant=name, seed=offset)
             for (name, offset), frame in zip(runs, frames, strict=True)]
    table = pd.concat(parts, ignore_index=True)
    return table[["variant", "seed", "week", *METRICS]]


def spread(table: pd.DataFrame, metric: str) -> pd.DataFrame:
    """Per variant and week: mean, lowest and highest over the seeds."""
    grouped = table.groupby(["variant", "week"], sort=False)[metric]
    return grouped.agg(["mean", "min", "max"]).reset_index()
