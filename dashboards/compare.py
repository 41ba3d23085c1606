"""Compare two or three variants over several seeds, in worker processes, with progress.

Every variant runs with the same seeds (common random numbers), so the spread between
variants is not luck. The runs go through the model's one way to run many
(`model.run_many`); the pool of worker processes is started once and kept: the first
compare pays for starting Python in each worker, the next ones do not.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
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
) -> pd.DataFrame:
    """Weekly key figures of every variant and seed: columns variant, seed, week, metrics.
    Seeds are 0..seeds-1 added to each variant's own seed. `progress(done, total)` is called
    as runs finish."""
    runs: list[tuple[str, int]] = []
    specs: list[RunSpec] = []
    for name, settings in variants.items():
        # the horizon is `years`: a scenario's shorter horizon would stop the runs early
        scenario = replace(settings, horizon_years=years).scenario().model_dump(mode="json")
        for offset in range(seeds):
            runs.append((name, offset))
            specs.append(RunSpec(scenario, settings.seed + offset, years * WEEKS_PER_YEAR))
    pool = _pool() if parallel and len(specs) > 1 else None
    frames = run_many(specs, weekly_key_figures, progress=progress, pool=pool)
    parts = [frame.assign(variant=name, seed=offset)
             for (name, offset), frame in zip(runs, frames, strict=True)]
    table = pd.concat(parts, ignore_index=True)
    return table[["variant", "seed", "week", *METRICS]]


def spread(table: pd.DataFrame, metric: str) -> pd.DataFrame:
    """Per variant and week: mean, lowest and highest over the seeds."""
    grouped = table.groupby(["variant", "week"], sort=False)[metric]
    return grouped.agg(["mean", "min", "max"]).reset_index()
