"""Run independent model runs in worker processes, results in the order of the tasks."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any


def run_all[T](func: Callable[[T], Any], tasks: Sequence[T], workers: int) -> list[Any]:
    """`[func(task) for task in tasks]`, in up to `workers` processes. The processes are
    fresh interpreters (spawn), not forks of a caller that may run threads (pytest, a
    dashboard); `func` must be a module-level function (or a partial of one)."""
    if workers > 1 and len(tasks) > 1:
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(min(workers, len(tasks)), mp_context=context) as pool:
            return list(pool.map(func, tasks))
    return [func(task) for task in tasks]
