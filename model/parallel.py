"""Worker processes for independent model runs: one way to start them, used by the
calibration, the stylized facts, batch experiments and the dashboard's compare."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any

# One thread per worker: the model runs one thread of Python and NumPy, and BLAS threads
# spinning beside several workers slowed a 2-core machine down about five times.
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def available_cores() -> int:
    """The cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else \
        (os.cpu_count() or 1)


def spawn_pool(workers: int, initializer: Callable[[], None] | None = None
               ) -> ProcessPoolExecutor:
    """A pool of fresh interpreters (spawn), not forks of a caller that may run threads
    (pytest, a dashboard), each with one BLAS thread unless the user set otherwise."""
    for name in THREAD_VARIABLES:  # read by NumPy's BLAS when a worker starts
        os.environ.setdefault(name, "1")
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=initializer)


def run_all[T](func: Callable[[T], Any], tasks: Sequence[T], workers: int) -> list[Any]:
    """`[func(task) for task in tasks]`, in up to `workers` processes; `func` must be a
    module-level function (or a partial of one)."""
    if workers > 1 and len(tasks) > 1:
        with spawn_pool(min(workers, len(tasks))) as pool:
            return list(pool.map(func, tasks))
    return [func(task) for task in tasks]
