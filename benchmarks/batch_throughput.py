"""Batch throughput benchmark (issue: on a 2-core machine, 2 workers complete a 40-run
experiment in at most 0.6x the time 1 worker takes).

    .venv/bin/python benchmarks/batch_throughput.py [--repeats N] [--out FILE]

Runs `scenarios/experiments/throughput.yaml` (40 runs) with 1 worker and with 2 workers, each
time in a fresh subprocess of this script (hidden `--child` argument) that calls
`experiments.runner.run_experiment` on a fresh temporary folder, so that every timing includes the
interpreter, the imports, the worker processes' start-up, every run's file and the summary.
The order alternates across repeats (1,2 then 2,1, ...) so that a drift in the machine's
speed falls on both sides. Both must give the same summary and the same runs, or the script
stops with an error: a faster experiment that computes something else is no speed-up.

A shared machine's two logical cores need not give two cores' worth of work. So at the start
of every repeat the same model runs are timed bare in one process and then in two processes
side by side (hidden `--capacity`): the best ratio the machine allowed at the time, to tell
the runner's own cost apart from the machine's.

It prints a table and replaces its own section of `benchmarks/RESULTS.md` (between
`<!-- batch-throughput:start -->` and `<!-- batch-throughput:end -->`, appended the first
time), leaving the rest of the file (bench.py's report) byte for byte as it was.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXPERIMENT = ROOT / "scenarios" / "experiments" / "throughput.yaml"
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
TARGET = 0.6  # t(2 workers) / t(1 worker), on a 2-core machine
TARGET_CORES = 2
CAPACITY_RUNS = 4  # model runs per process when measuring what the machine can do in parallel
JSON_MARK = "THROUGHPUT_JSON "
# The environment as the user has it: importing bench.py sets one BLAS thread in os.environ,
# and the experiments must run as `run.py` would run them.
ENVIRONMENT = dict(os.environ)


# ------------------------------------------------------------------------------ the child


def child(workers: int, into: Path) -> dict[str, Any]:
    """Run the experiment once into `into`; its own timings and when each file was written
    (seconds after the start), to tell worker start-up, the runs and the summary apart."""
    from experiments.runner import run_experiment

    start_wall, start = time.time(), time.perf_counter()
    report = run_experiment(EXPERIMENT, into, workers=workers, progress=False)
    seconds = time.perf_counter() - start
    written = sorted(p.stat().st_mtime - start_wall for p in (into / "runs").glob("*.parquet"))
    return {
        "workers": workers, "seconds": seconds, "total": report.total, "done": report.done,
        "failed": report.failed, "written": written,
        "summary_at": (into / "summary.parquet").stat().st_mtime - start_wall,
    }


def child_capacity(runs: int) -> dict[str, Any]:
    """The experiment's first `runs` runs, bare (no runner, no files): what one process
    does on this machine, to set two side by side against one."""
    from experiments.experiment import load_experiment
    from experiments.runs import Task, execute, plan

    experiment, base = load_experiment(EXPERIMENT)
    outputs = experiment.outputs.model_dump(mode="json")
    tasks = [Task(r.run_id, r.scenario, outputs) for r in plan(experiment, base)[:runs]]
    start = time.perf_counter()
    for task in tasks:
        if not execute(task).ok:
            raise RuntimeError(f"run {task.run_id} failed")
    return {"runs": runs, "seconds": time.perf_counter() - start}


# ------------------------------------------------------------------------------ the parent


@dataclass
class Measurement:
    """One experiment as the parent saw it (wall, CPU of the whole process tree) and as the
    child reported it (run_experiment's own time, when the files appeared)."""

    repeat: int
    workers: int
    wall_s: float
    cpu_s: float
    child: dict[str, Any] = field(repr=False)


@dataclass
class Capacity:
    """The same bare model runs in one process alone, then in two processes side by side.
    On two free cores the pair takes as long as one alone; on one core, twice as long."""

    repeat: int
    solo_s: float
    pair_s: tuple[float, float]

    @property
    def best_ratio(self) -> float:
        """The lowest t(2 workers) / t(1 worker) this machine allowed at the time: twice the
        work side by side, against twice the work one after the other."""
        return max(self.pair_s) / (2 * self.solo_s)


@dataclass
class Outputs:
    """What an experiment produced, to compare one worker's results with two workers'."""

    summary: Any  # pandas.DataFrame
    run_ids: list[str]
    tables: dict[str, Any]  # run id -> pandas.DataFrame


def bench_module() -> ModuleType:
    """benchmarks/bench.py, for its description of the machine and the markers it keeps."""
    here = str(Path(__file__).resolve().parent)
    if here not in sys.path:
        sys.path.insert(0, here)
    import bench

    return bench


def children_cpu() -> float:
    """User + system CPU seconds of the finished children and their waited-for descendants
    (the worker processes), so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def launch(*args: str) -> subprocess.Popen[str]:
    """This script in a fresh process with hidden arguments, in the user's environment."""
    command = [sys.executable, str(Path(__file__).resolve()), *args]
    return subprocess.Popen(command, cwd=ROOT, env=ENVIRONMENT, stdout=subprocess.PIPE,
                            text=True)


def answer(process: subprocess.Popen[str], what: str) -> dict[str, Any]:
    """The JSON a child printed; stops everything if it failed."""
    stdout, _ = process.communicate()
    lines = [line for line in stdout.splitlines() if line.startswith(JSON_MARK)]
    if process.returncode != 0 or not lines:
        raise SystemExit(f"{what} failed (exit code {process.returncode}); its output is above")
    return json.loads(lines[-1][len(JSON_MARK):])


def capacity(repeat: int) -> Capacity:
    """What the machine gives two processes at once now, with the experiment's own runs."""
    runs = str(CAPACITY_RUNS)
    print(f"repeat {repeat}: machine capacity, {runs} runs alone, then two processes ...",
          file=sys.stderr, flush=True)
    solo = answer(launch("--capacity", runs), "the capacity measurement")
    pair = [launch("--capacity", runs), launch("--capacity", runs)]
    both = [answer(process, "the capacity measurement") for process in pair]
    return Capacity(repeat, solo["seconds"], (both[0]["seconds"], both[1]["seconds"]))


def spawn(repeat: int, workers: int, into: Path) -> Measurement:
    """One experiment in a fresh process of this script; stops everything if it fails."""
    cpu, began = children_cpu(), time.perf_counter()
    result = answer(launch("--child", str(workers), "--into", str(into)),
                    f"the {workers}-worker experiment")
    wall, cpu = time.perf_counter() - began, children_cpu() - cpu
    if result["failed"] or result["done"] != result["total"]:
        raise SystemExit(f"the {workers}-worker experiment finished {result['done']} of "
                         f"{result['total']} runs, {result['failed']} failed")
    return Measurement(repeat, workers, wall, cpu, result)


def read_outputs(into: Path) -> Outputs:
    import pandas as pd

    paths = sorted((into / "runs").glob("*.parquet"))
    return Outputs(pd.read_parquet(into / "summary.parquet"), [p.stem for p in paths],
                   {p.stem: pd.read_parquet(p) for p in paths})


def check_same(reference: Outputs, other: Outputs, what: str) -> None:
    """Stop loudly unless `other` is exactly `reference`: same run ids, summary and rows."""
    if other.run_ids != reference.run_ids:
        raise SystemExit(f"{what}: different run ids than the first experiment")
    if not other.summary.equals(reference.summary):
        raise SystemExit(f"{what}: summary.parquet differs from the first experiment's")
    for run_id, table in reference.tables.items():
        if not other.tables[run_id].equals(table):
            raise SystemExit(f"{what}: run {run_id} has other rows than in the first experiment")


def orders(repeats: int) -> list[tuple[int, int]]:
    """(repeat, workers) in the order run: 1,2 then 2,1, and so on, to cancel drift."""
    return [(i + 1, w) for i in range(repeats) for w in ((1, 2) if i % 2 == 0 else (2, 1))]


def measure(repeats: int) -> tuple[list[Measurement], list[Capacity]]:
    """Every experiment, each into its own fresh folder, each checked against the first; and
    at the start of every repeat, what the machine allowed two processes at the time."""
    rows: list[Measurement] = []
    capacities: list[Capacity] = []
    reference: Outputs | None = None
    for repeat, workers in orders(repeats):
        if len(capacities) < repeat:
            capacities.append(capacity(repeat))
        print(f"repeat {repeat}: {workers} worker(s) ...", file=sys.stderr, flush=True)
        folder = Path(tempfile.mkdtemp(prefix=f"throughput-{workers}w-"))
        try:
            rows.append(spawn(repeat, workers, folder / "experiment"))
            outputs = read_outputs(folder / "experiment")
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        if reference is None:
            reference = outputs
        else:
            check_same(reference, outputs, f"repeat {repeat}, {workers} worker(s)")
        print(f"  {rows[-1].wall_s:.1f} s", file=sys.stderr, flush=True)
    return rows, capacities


def ratios(rows: list[Measurement], key: str = "wall") -> list[float]:
    """t(2 workers) / t(1 worker) within each repeat; `key` wall (the whole process) or
    inner (run_experiment alone)."""
    def time_of(row: Measurement) -> float:
        return row.wall_s if key == "wall" else row.child["seconds"]

    found = []
    for repeat in sorted({row.repeat for row in rows}):
        by_workers = {row.workers: time_of(row) for row in rows if row.repeat == repeat}
        found.append(by_workers[2] / by_workers[1])
    return found


def table(rows: list[Measurement]) -> str:
    head = ("repeat", "workers", "wall s", "run_experiment s", "CPU s", "first run written s",
            "last run written s", "summary written s")
    lines = ["| " + " | ".join(head) + " |", "|---:|---:|" + "---:|" * (len(head) - 2)]
    for row in rows:
        c = row.child
        cells = [str(row.repeat), str(row.workers), f"{row.wall_s:.2f}", f"{c['seconds']:.2f}",
                 f"{row.cpu_s:.2f}", f"{c['written'][0]:.2f}", f"{c['written'][-1]:.2f}",
                 f"{c['summary_at']:.2f}"]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def capacity_table(rows: list[Measurement], capacities: list[Capacity]) -> str:
    """Per repeat: the machine's best ratio at the time against the experiment's ratio."""
    head = ("repeat", f"{CAPACITY_RUNS} bare runs, one process s",
            "the same in two processes side by side s", "best possible ratio",
            "measured ratio (wall)", "measured / best")
    lines = ["| " + " | ".join(head) + " |", "|" + "---:|" * len(head)]
    for cap, ratio in zip(capacities, ratios(rows, "wall"), strict=True):
        cells = [str(cap.repeat), f"{cap.solo_s:.2f}",
                 " and ".join(f"{x:.2f}" for x in cap.pair_s), f"{cap.best_ratio:.3f}",
                 f"{ratio:.3f}", f"{ratio / cap.best_ratio:.2f}"]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def verdict(rows: list[Measurement], capacities: list[Capacity]) -> list[str]:
    """The ratios, the machine's share in them and the target, as Markdown list items."""
    wall, inner = ratios(rows, "wall"), ratios(rows, "inner")
    median = statistics.median(wall)
    best = statistics.median(cap.best_ratio for cap in capacities)
    one = [row for row in rows if row.workers == 1]
    per_run = statistics.median(row.child["seconds"] / row.child["total"] for row in one)
    found = [
        f"- t(2 workers) / t(1 worker), whole process, per repeat: "
        f"{', '.join(f'{r:.3f}' for r in wall)}",
        f"- The same for run_experiment alone: {', '.join(f'{r:.3f}' for r in inner)} "
        f"(median {statistics.median(inner):.3f})",
        f"- One run with 1 worker (run_experiment time / runs, median): {per_run:.2f} s",
        f"- Best ratio the machine allowed (bare runs, two processes side by side against one; "
        f"0.5 on two free cores, 1.0 on one): median {best:.3f}; the runner's own cost, "
        f"measured / best: {median / best:.2f} (1.00 = none)",
        f"- Target, on a {TARGET_CORES}-core machine, 2 workers in at most {TARGET:g}x the "
        f"time of 1 worker: median ratio **{median:.3f}** - "
        f"**{'met' if median <= TARGET else 'NOT MET'}**",
    ]
    if best > TARGET:
        found.append(f"- The machine itself did not allow the target while this ran: two bare "
                     f"processes side by side already took {best:.2f}x the time of the same "
                     f"work one after the other, above {TARGET:g}; its "
                     f"{TARGET_CORES} logical cores did not give two cores' worth of work.")
    return found


def machine_lines(info: dict[str, Any]) -> list[str]:
    m = info["machine"]
    return [
        f"- Date: {info['date']}",
        f"- Git revision: {info['revision']}",
        f"- CPU: {m['cpu']}",
        f"- Cores: {m['cores']}",
        f"- RAM: {m['memory']}",
        f"- OS: {m['os']}",
        f"- Python {m['python']}; {m['versions']}, pyarrow {info['pyarrow']}",
        f"- Load average (1, 5, 15 min) at start: {info['load_start']}; at end: "
        f"{info['load_end']}; total wall time of the benchmark {info['total_s']:.0f} s",
    ]


def section(info: dict[str, Any], rows: list[Measurement], capacities: list[Capacity],
            start: str, end: str) -> str:
    """This script's part of RESULTS.md, markers included."""
    runs = rows[0].child["total"]
    parts = [
        start,
        "",
        "## Batch throughput",
        "",
        f"Made by `{info['command']}`.",
        "",
        *machine_lines(info),
        "",
        f"`scenarios/experiments/throughput.yaml`: {runs} runs of the 2015 baseline (10,000 "
        "residents aged 15+, 8 years, yearly rows of the model and its neighbourhoods). Each "
        "experiment runs in a fresh process (`experiments.runner.run_experiment` into a fresh "
        "temporary folder), with 1 worker (the runs one by one in that process) or 2 (a spawn "
        "process pool), in the order 1, 2, 2, 1, ... to cancel drift. Wall s: the whole "
        "process, from its start to its exit (interpreter, imports, worker start-up, the "
        "runs, their files, the summary); the target is judged on it. run_experiment s: that "
        "call alone. CPU s: user + system time of the process and its workers. First and "
        "last run written, summary written: seconds after run_experiment started. Every "
        "experiment gave the same run ids, the same `summary.parquet` and the same rows in "
        "every run file as the first.",
        "",
        f"At the start of every repeat the machine's capacity is measured with the same "
        f"work: the experiment's first {CAPACITY_RUNS} runs, bare (no runner, no files), in "
        f"one process, then in two processes side by side. The best ratio the machine allows "
        f"is then the pair's time over twice the single time; measured / best is what the "
        f"runner itself (worker start-up, passing results, writing files, the summary, an "
        f"uneven end of the queue) adds.",
        "",
        "The machine is shared and noisy; compare the ratios within this run, not absolute "
        "times between runs.",
        "",
        table(rows),
        "",
        capacity_table(rows, capacities),
        "",
        *verdict(rows, capacities),
        "",
        end,
    ]
    return "\n".join(parts)


def replace_section(old: str | None, new: str, start: str, end: str) -> str:
    """`old` with its section between the markers replaced by `new`, or `new` appended after
    a blank line; every other byte of `old` stays as it was."""
    if not old:
        return new + "\n"
    starts, ends = old.count(start), old.count(end)
    if starts == ends == 0:
        return old + ("" if old.endswith("\n") else "\n") + "\n" + new + "\n"
    begin, stop = old.find(start), old.find(end)
    if starts != 1 or ends != 1 or stop < begin:
        raise SystemExit(f"the markers {start} and {end} must occur once each, in that "
                         "order; mend the file first")
    return old[:begin] + new + old[stop + len(end):]


def write(path: Path, new: str, start: str, end: str) -> None:
    old = path.read_text() if path.exists() else None
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(replace_section(old, new, start, end))


def parent(args: argparse.Namespace) -> None:
    bench = bench_module()
    out = Path(args.out).resolve() if args.out else RESULTS
    if out.exists():  # a damaged file stops us now, not after the measurements
        replace_section(out.read_text(), "", bench.BATCH_START, bench.BATCH_END)
    began = time.perf_counter()
    info: dict[str, Any] = {
        "command": " ".join([".venv/bin/python", "benchmarks/batch_throughput.py",
                             *sys.argv[1:]]),
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "revision": bench.git_revision(out),
        "machine": bench.machine(),
        "pyarrow": metadata.version("pyarrow"),
        "load_start": bench.load(),
    }
    rows, capacities = measure(args.repeats)
    info["load_end"] = bench.load()
    info["total_s"] = time.perf_counter() - began

    start, end = bench.BATCH_START, bench.BATCH_END
    write(out, section(info, rows, capacities, start, end), start, end)
    print(table(rows))
    print()
    print(capacity_table(rows, capacities))
    print()
    print("\n".join(verdict(rows, capacities)))
    print(f"\nwritten to {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")


def main() -> None:
    parser = argparse.ArgumentParser(description="Batch throughput: 1 worker against 2.")
    parser.add_argument("--repeats", type=int, default=2,
                        help="pairs of experiments (1 and 2 workers), default 2")
    parser.add_argument("--out", help=f"write the report here instead of "
                                      f"{RESULTS.relative_to(ROOT)}")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--into", help=argparse.SUPPRESS)
    parser.add_argument("--capacity", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.repeats < 1:
        parser.error("--repeats must be at least 1")
    if args.child is None and args.capacity is None:
        parent(args)
        return
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    result = (child(args.child, Path(args.into)) if args.capacity is None else
              child_capacity(args.capacity))
    print(JSON_MARK + json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
