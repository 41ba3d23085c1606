"""Worker processes for independent model runs: one way to start them, used by
`model.replicate.run_many` and the batch experiments' executor."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor

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
