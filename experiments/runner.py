"""Run an experiment: plan its runs, skip the finished ones, hand the rest to an executor
(local processes, or a Dask cluster through its `concurrent.futures` executor), and write
each result as it arrives. Results are the same whichever executor runs them: a run depends
only on its resolved scenario, and only this process writes files.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import re
import signal
import socket
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import (
    FIRST_COMPLETED,
    Executor,
    Future,
    as_completed,
    wait,
)
from concurrent.futures.process import BrokenProcessPool
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tqdm import tqdm

from experiments import store
from experiments.design import salib_problem
from experiments.experiment import MAX_RUNS, SAMPLED, Experiment, load_experiment
from experiments.folders import default_out, make_out, out_problem
from experiments.runs import Result, Run, Task, canonical, execute, plan
from model import Scenario, memory_problem, spawn_pool

CLUSTER_WAIT = 60  # seconds for a Dask worker to answer before the experiment starts


class BatchError(Exception):
    """A problem with the request (folder, scheduler) that stops the experiment before it
    runs; the message says what is wrong and what to do."""


@dataclass
class Report:
    out: Path
    total: int  # distinct runs
    done: int
    failed: int
    interrupted: bool = False
    summary: Path | None = None

    @property
    def missing(self) -> int:
        return self.total - self.done - self.failed


def fingerprint(experiment: Experiment, runs: list[Run]) -> str:
    """What must not change between an experiment and its resume: every run id (they hash the
    resolved scenarios and the model version) and what each run keeps."""
    text = canonical({"runs": [r.run_id for r in runs],
                      "outputs": experiment.outputs.model_dump(mode="json")})
    return hashlib.sha256(text.encode()).hexdigest()


def _start_worker() -> None:
    """Set up a local worker process. It leaves Ctrl-C to the main process, which stops it;
    and it ends itself when the main process is gone (killed with -9, say), which a pool's
    worker would not otherwise notice: it would wait for work forever."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="watch-parent", daemon=True).start()


SCHEDULER = re.compile(r"tcp://(?P<host>\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_.-]+):(?P<port>[0-9]+)")


def check_scheduler(scheduler: str) -> None:
    """The address must be tcp://host:port: the only protocol this command can open without
    more set-up (tls:// needs certificates, ucx:// the UCX libraries, which it cannot pass).
    Checked before anything is read or written. (inproc://, a scheduler inside this very
    process, is let through for tests and embedding.)"""
    if scheduler.startswith("inproc://"):
        return
    match = SCHEDULER.fullmatch(scheduler)
    if match is None:
        scheme = scheduler.partition("://")[0] if "://" in scheduler else None
        if scheme and scheme != "tcp":
            raise BatchError(f"--scheduler: got {scheduler[:80]!r}; only tcp:// addresses "
                             f"are supported ({scheme}:// is not), for example "
                             "tcp://10.0.0.5:8786")
        raise BatchError(f"--scheduler: got {scheduler[:80]!r}; give the scheduler's "
                         "address as tcp://host:port, for example tcp://10.0.0.5:8786")
    if not 0 < int(match["port"]) < 65536:
        raise BatchError(f"--scheduler: got {scheduler!r}; the port must be 1 to 65535")


def _check_reachable(scheduler: str) -> None:
    """Fail at once, in words, when nothing listens at the address (Dask itself would retry
    for its whole timeout)."""
    check_scheduler(scheduler)
    match = SCHEDULER.fullmatch(scheduler)
    if match is None:  # inproc://: nothing to connect to
        return
    host, port = match["host"].strip("[]"), int(match["port"])
    try:
        socket.create_connection((host, port), timeout=5).close()
    except (OSError, UnicodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise BatchError(f"cannot reach the Dask scheduler at {scheduler}: {reason}; start "
                         "one with `dask scheduler` and give its tcp://host:port") from None


def cluster_check() -> str:
    """Run on a Dask worker: the model version it has (it fails if it cannot import us)."""
    from model import __version__

    return __version__


def _check_cluster(client: Any, scheduler: str) -> None:
    """The cluster must run this project at this version before any run is sent: otherwise
    every run would fail alike, and be recorded as failed, for one reason."""
    from model import __version__

    try:
        theirs = client.submit(cluster_check, pure=False).result(timeout=CLUSTER_WAIT)
    except TimeoutError:
        raise BatchError(f"no Dask worker answered within {CLUSTER_WAIT} s; start workers "
                         f"with `dask worker {scheduler} --nthreads 1`") from None
    except Exception as exc:  # noqa: BLE001 - whatever it is, the cluster cannot run us
        raise BatchError(f"the Dask cluster at {scheduler} cannot run zelfsturing "
                         f"({type(exc).__name__}: {exc}); install the project, at the same "
                         "version, on the scheduler's and every worker's machine") from None
    if theirs != __version__:
        raise BatchError(f"the Dask workers run zelfsturing {theirs}, this is {__version__}; "
                         "install the same version everywhere")


@contextmanager
def executor(workers: int, scheduler: str | None) -> Iterator[Executor]:
    if scheduler is not None:
        try:
            from distributed import Client
        except ImportError as exc:  # pragma: no cover - a dependency of the project
            raise BatchError(f"--scheduler needs dask.distributed: {exc}") from None
        try:
            client = Client(scheduler, timeout="20s")
        except Exception as exc:  # noqa: BLE001 - whatever it is, the cluster is not usable
            raise BatchError(f"cannot reach the Dask scheduler at {scheduler}: {exc}; start "
                             "one with `dask scheduler` and give its tcp://host:port") from None
        try:
            _check_cluster(client, scheduler)
            yield client.get_executor()
        finally:
            client.close()
        return
    others = set(multiprocessing.active_children())
    pool = spawn_pool(workers, initializer=_start_worker)
    try:
        yield pool
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        # The pool's workers: the children started since (the executor has no public way to
        # stop a running task).
        for process in set(multiprocessing.active_children()) - others:
            process.terminate()
        raise
    pool.shutdown(wait=True)


def _memory_problem(base: Scenario, runs: list[Run], at_once: int) -> str | None:
    """Whether the largest runs fit, `at_once` of them side by side. What the design varies
    changes a run's size only through its horizon and network; one run of each such kind is
    estimated."""
    kinds = {(r.scenario["horizon_years"], r.scenario["network"]) for r in runs
             if r.scenario is not None}
    for years, network in sorted(kinds, reverse=True):
        scenario = base.model_copy(update={"horizon_years": years, "network": network})
        if problem := memory_problem(scenario, at_once=max(1, min(at_once, len(runs)))):
            return problem
    return None


def _prepare(path: Path, out: Path | None, resume: bool, overrides: dict[str, Any],
             at_once: int = 1, max_runs: int = MAX_RUNS
             ) -> tuple[Experiment, list[Run], dict[str, Any], Path]:
    """Everything checked before the first file is written: the experiment, its runs, their
    memory, the folder; then the manifest is written."""
    experiment, base = load_experiment(path, overrides, max_runs=max_runs)
    runs = plan(experiment, base)
    if problem := _memory_problem(base, runs, at_once):
        raise BatchError(f"{path}: {problem}")
    out = default_out(experiment.name) if out is None else out
    if problem := out_problem(out):
        raise BatchError(f"{out}: {problem}")
    print_ = fingerprint(experiment, runs)
    manifest_path = out / store.MANIFEST
    if manifest_path.exists():
        if not resume:
            raise BatchError(f"{out} already holds an experiment; add --resume to finish it, "
                             "or choose another --out (nothing is deleted)")
        try:
            manifest = store.read_manifest(out, resume=True)
        except store.DamagedFolderError as exc:
            raise BatchError(str(exc)) from None
        if manifest.get("fingerprint") != print_:
            raise BatchError(f"{out} holds a different experiment "
                             f"('{manifest['experiment']['name']}' as it was when started): "
                             "the experiment file, its scenario, the overrides or the model "
                             "version changed; resume it with the same inputs, or choose "
                             "another --out")
        revision = store.git_revision()
        if revision != manifest.get("git_revision"):
            print(f"note: {out} was started at git revision {manifest.get('git_revision')}, "
                  f"and this is {revision}; runs made by different code can differ",
                  file=sys.stderr)
        manifest["resumed"].append({"when": datetime.now(UTC).isoformat(timespec="seconds"),
                                    "git_revision": revision})
    else:
        if out.exists() and not out.is_dir():
            raise BatchError(f"{out}: --out must be a folder, but this is a file")
        if out.is_dir() and any(out.iterdir()):
            raise BatchError(f"{out} is not empty and holds no experiment; choose an empty or "
                             "new folder for --out")
        design = experiment.design.model_dump(mode="json")
        if experiment.design.kind in SAMPLED:
            design["problem"] = salib_problem(experiment)
        manifest = store.new_manifest(experiment.model_dump(mode="json"), str(path), print_,
                                      design, runs, overrides)
        manifest["base_scenario"] = base.model_dump(mode="json")
    if problem := make_out(store.runs_dir(out)):
        raise BatchError(f"{out}: {problem}")
    store.write_manifest(out, manifest)
    return experiment, runs, manifest, out


def _results(todo: list[Run], outputs: dict[str, Any], workers: int, scheduler: str | None,
             run: Callable[[Task], Result]) -> Iterator[tuple[Run, Result]]:
    """Each run with its result, as it finishes. One local worker runs them here, in order,
    with no process to start; more go to a local pool or to the Dask cluster."""
    if scheduler is not None:
        yield from _cluster_results(todo, outputs, scheduler, run)
    elif workers == 1:
        for r in todo:
            yield r, run(Task(r.run_id, r.scenario, outputs))
    else:
        yield from _pool_results(todo, outputs, workers, run)


def _cluster_results(todo: list[Run], outputs: dict[str, Any], scheduler: str,
                     run: Callable[[Task], Result]) -> Iterator[tuple[Run, Result]]:
    """Dask schedules and retries on lost workers itself; a run it gives up on is failed."""
    with executor(0, scheduler) as pool:
        futures = {pool.submit(run, Task(r.run_id, r.scenario, outputs)): r for r in todo}
        for future in as_completed(futures):
            r = futures[future]
            try:
                result = future.result()
            except Exception as exc:  # noqa: BLE001 - e.g. KilledWorker: recorded, go on
                result = Result(r.run_id, error=f"{type(exc).__name__}: {exc}")
            yield r, result


def _pool_results(todo: list[Run], outputs: dict[str, Any], workers: int,
                  run: Callable[[Task], Result]) -> Iterator[tuple[Run, Result]]:
    """Local processes, given no more runs than they can run at once, so that when a process
    dies (a segfault, the out-of-memory killer) the runs it may have taken with it are known.
    Those run again, each alone in a new process: the one that kills its process is recorded
    as failed, the others finish. Then the pool starts afresh for the rest."""
    queue = deque(todo)
    while queue:
        suspects: list[Run] = []
        with executor(workers, None) as pool:
            pending: dict[Future, Run] = {}
            while (queue or pending) and not suspects:
                while queue and len(pending) < workers:
                    r = queue.popleft()
                    pending[pool.submit(run, Task(r.run_id, r.scenario, outputs))] = r
                finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    r = pending.pop(future)
                    try:
                        result = future.result()
                    except BrokenProcessPool:
                        suspects = [r, *pending.values()]
                        break
                    yield r, result
        for r in suspects:
            with executor(1, None) as alone:
                try:
                    result = alone.submit(run, Task(r.run_id, r.scenario, outputs)).result()
                except BrokenProcessPool:
                    result = Result(r.run_id, error="its worker process died (a crash or "
                                    "out of memory) while running it, also when run alone")
            yield r, result


def run_experiment(
    path: Path,
    out: Path | None,
    workers: int = 1,
    scheduler: str | None = None,
    resume: bool = False,
    overrides: dict[str, Any] | None = None,
    progress: bool = True,
    run: Callable[[Task], Result] = execute,
    max_runs: int = MAX_RUNS,
) -> Report:
    """Run what is missing of the experiment in `path`, writing into `out` (None:
    results/<experiment name>). `run` is the function the workers call (a module-level
    function; tests pass one that fails). Every input is checked before anything is
    written."""
    if scheduler is not None:
        _check_reachable(scheduler)  # before anything is written
    at_once = 1 if scheduler is not None else workers  # a cluster's memory is its own
    experiment, runs, manifest, out = _prepare(path, out, resume, overrides or {}, at_once,
                                               max_runs)
    outputs = experiment.outputs.model_dump(mode="json")
    distinct: dict[str, Run] = {}
    for r in runs:
        distinct.setdefault(r.run_id, r)
    done = store.finished(out)
    report = Report(out, len(distinct), len(done & distinct.keys()), 0)
    todo = [r for r in distinct.values() if r.run_id not in done]
    for r in [r for r in todo if r.scenario is None]:
        store.write_failure(out, r, r.error or "invalid scenario", None)
        report.failed += 1
    todo = [r for r in todo if r.scenario is not None]

    bar = tqdm(total=report.total, initial=report.done, unit="run", desc=experiment.name,
               disable=not progress, file=sys.stderr, dynamic_ncols=True)
    bar.set_postfix(failed=report.failed)
    try:
        with closing(_results(todo, outputs, workers, scheduler, run)) as results:
            for r, result in results:
                if result.ok:
                    store.write_run(out, r, result)
                    report.done += 1
                else:
                    store.write_failure(out, r, result.error, result.traceback)
                    report.failed += 1
                bar.update(1)
                bar.set_postfix(failed=report.failed)
    except KeyboardInterrupt:
        report.interrupted = True
    finally:
        bar.close()
        report.summary = store.write_summary(out, manifest)
    return report
