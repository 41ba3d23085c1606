"""Compare two or three variants over several seeds, in worker processes, with progress.

Every variant runs with the same seeds (common random numbers), so the spread between
variants is not luck. The pool of worker processes is started once and kept: the first
compare pays for starting Python in each worker, the next ones do not.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import replace
from typing import Any

import pandas as pd

from dashboards.session import KEY_FIGURES, Settings
from model import available_cores, spawn_pool

METRICS = tuple(metric for metric, _ in KEY_FIGURES)
_POOL: ProcessPoolExecutor | None = None
_POOL_LOCK = threading.Lock()


def _pool() -> ProcessPoolExecutor:
    global _POOL
    with _POOL_LOCK:
        if _POOL is None:
            _POOL = spawn_pool(available_cores())
        return _POOL


def run_variant(task: tuple[dict[str, Any], int, int]) -> pd.DataFrame:
    """One run of a variant: the weekly key figures. Runs in a worker process."""
    from model import ParticipationModel

    scenario, seed, weeks = task
    model = ParticipationModel(scenario, rng=seed)
    model.run(weeks)
    frame = model.datacollector.get_model_vars_dataframe()
    frame = frame[frame["week"] > 0]
    return frame[["week", *METRICS]].reset_index(drop=True)


def compare(
    variants: dict[str, Settings],
    seeds: int,
    years: int,
    progress: Callable[[int, int], None] | None = None,
    parallel: bool = True,
) -> pd.DataFrame:
    """Weekly key figures of every variant and seed: columns variant, seed, week, metrics.
    Seeds are 0..seeds-1 added to each variant's own seed. `progress(done, total)` is called
    as runs finish."""
    tasks = []
    for name, settings in variants.items():
        # the horizon is `years`: a scenario's shorter horizon would stop the runs early
        scenario = replace(settings, horizon_years=years).scenario().model_dump(mode="json")
        for offset in range(seeds):
            tasks.append((name, offset, (scenario, settings.seed + offset, years * 52)))
    total, done = len(tasks), 0
    if progress:
        progress(0, total)
    frames = {}
    if parallel and total > 1:
        pool = _pool()
        futures: dict[Future, tuple[str, int]] = {
            pool.submit(run_variant, task): (name, offset) for name, offset, task in tasks}
        for future in as_completed(futures):
            frames[futures[future]] = future.result()
            done += 1
            if progress:
                progress(done, total)
    else:
        for name, offset, task in tasks:
            frames[(name, offset)] = run_variant(task)
            done += 1
            if progress:
                progress(done, total)
    parts = [frames[(name, offset)].assign(variant=name, seed=offset)
             for name, offset, _ in tasks]
    table = pd.concat(parts, ignore_index=True)
    return table[["variant", "seed", "week", *METRICS]]


def spread(table: pd.DataFrame, metric: str) -> pd.DataFrame:
    """Per variant and week: mean, lowest and highest over the seeds."""
    grouped = table.groupby(["variant", "week"], sort=False)[metric]
    return grouped.agg(["mean", "min", "max"]).reset_index()
