"""One way to run a model many times: a list of `RunSpec`s, each simulated and read.

The calibration, the stylized facts, the dashboard's compare and batch experiments all
describe their runs as `RunSpec`s (a scenario, a seed, a length, lever values) and hand a
module-level `read` function that turns a finished model into what they keep; `run_many`
runs them in worker processes or here, and returns the results in the order given.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Executor, Future, as_completed
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from model.model import ParticipationModel
from model.parallel import spawn_pool


@dataclass(frozen=True)
class RunSpec:
    """One run: a scenario (a path, a dict or its JSON dump: picklable), a seed (None: the
    scenario's own), how many weeks (None: to the scenario's horizon) and lever values that
    replace the scenario's for every municipality."""

    scenario: str | Path | dict[str, Any]
    seed: int | None = None
    weeks: int | None = None
    levers: dict[str, float] = field(default_factory=dict)


def simulate(spec: RunSpec) -> ParticipationModel:
    """Build the model of `spec` and run it."""
    model = ParticipationModel(spec.scenario, rng=spec.seed, **spec.levers)
    model.run(spec.weeks)
    return model


def _simulate_and_read(read: Callable[[ParticipationModel], Any], spec: RunSpec) -> Any:
    return read(simulate(spec))


def run_many[T](specs: Sequence[RunSpec], read: Callable[[ParticipationModel], T],
                workers: int = 1, progress: Callable[[int, int], None] | None = None,
                pool: Executor | None = None) -> list[T]:
    """`[read(simulate(spec)) for spec in specs]`, in `pool` or in up to `workers` fresh
    processes (`read` must then be a module-level function or a partial of one).
    `progress(done, total)` is called at the start and as runs finish."""
    total = len(specs)
    if progress:
        progress(0, total)
    task = partial(_simulate_and_read, read)
    results: list[Any] = [None] * total
    if pool is None and (workers <= 1 or total <= 1):
        for i, spec in enumerate(specs):
            results[i] = task(spec)
            if progress:
                progress(i + 1, total)
        return results
    own = pool is None
    executor = spawn_pool(min(workers, total)) if own else pool
    try:
        futures: dict[Future, int] = {executor.submit(task, spec): i
                                      for i, spec in enumerate(specs)}
        for done, future in enumerate(as_completed(futures), start=1):
            results[futures[future]] = future.result()
            if progress:
                progress(done, total)
    finally:
        if own:
            executor.shutdown()
    return results


def replications(scenario: str | Path | dict[str, Any], seed_list: Iterable[int],
          weeks: int | None = None, levers: dict[str, float] | None = None) -> list[RunSpec]:
    """The same run once per seed: the usual replications."""
    return [RunSpec(scenario, int(seed), weeks, dict(levers or {})) for seed in seed_list]


__all__ = ["RunSpec", "replications", "run_many", "simulate"]
