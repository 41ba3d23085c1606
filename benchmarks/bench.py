"""Speed and memory benchmark of zelfsturing (issue: a 100,000-inhabitant region in seconds,
a million residents on one machine).

    .venv/bin/python benchmarks/bench.py            # full run: 10k, 100k, 1M residents, 520 weeks
    .venv/bin/python benchmarks/bench.py --quick    # 10k and 100k residents, 104 weeks

Every case runs in a fresh process of benchmarks/bench_measure.py (which prints one JSON
line), so that its peak memory is the operating system's own accounting for that process
(`ru_maxrss`) and no case inherits another's heap. Next to every model case the same number
of trivial Mesa agents is timed over an empty `model.agents.shuffle_do("step")`, so that the
model's resident-steps per second can be set against Mesa's own activations per second
measured in the same run on the same machine; and, in a third process, the model's set-up
without the spin-up (`parameters: {spinup_years: 0}`), so that the construction splits into
the population and agents and the spin-up. benchmarks/bench_report.py writes the report
(benchmarks/bench_profile.py its profile section).

The comparison with the model before the spin-up is benchmarks/compare_speed.py.

A full run writes `benchmarks/RESULTS.md`; `--quick` or any other choice of cases or steps
writes under `results/` instead (or to `--out`), so that it never overwrites the real results.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench_measure import JSON_MARK, ROOT, THREAD_VARS
from bench_report import (
    BATCH_END,
    BATCH_START,
    FULL_STEPS,
    batch_section,
    case_name,
    case_targets,
    git_revision,
    load,
    machine,
    report,
    summary,
    table,
    write_keeping_batch,
)

from model import WEEKS_PER_YEAR

MEASURE = Path(__file__).resolve().parent / "bench_measure.py"
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
QUICK_RESULTS = ROOT / "results" / "bench_quick.md"
CUSTOM_RESULTS = ROOT / "results" / "bench_custom.md"

FULL_CASES = (10_000, 100_000, 1_000_000)
QUICK_CASES = (10_000, 100_000)
QUICK_STEPS = 2 * WEEKS_PER_YEAR
PROFILE_RESIDENTS = 100_000
PROFILE_WARMUP = WEEKS_PER_YEAR
PROFILE_STEPS = WEEKS_PER_YEAR

# benchmarks/batch_throughput.py takes the markers and the machine's description from here.
# benchmarks/compare_speed.py takes spawn (one measuring process) as well.
__all__ = ["BATCH_END", "BATCH_START", "git_revision", "load", "machine", "main", "spawn"]


def spawn(args: list[str], pin: int | None, cwd: Path = ROOT) -> dict[str, Any]:
    """Run one measurement (bench_measure.py) in a fresh process; its JSON, or an error."""
    command = [sys.executable, str(MEASURE), *args]
    if pin is not None:
        command += ["--pin", str(pin)]
    env = dict(os.environ)
    for var in THREAD_VARS:
        env[var] = "1"
    done = subprocess.run(command, cwd=cwd, env=env, stdout=subprocess.PIPE, text=True,
                          check=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith(JSON_MARK)]
    if done.returncode != 0 or not lines:
        return {"error": f"exit code {done.returncode}"}
    return json.loads(lines[-1][len(JSON_MARK):])


def parent(args: argparse.Namespace) -> None:
    cases = QUICK_CASES if args.quick else FULL_CASES
    steps = QUICK_STEPS if args.quick else FULL_STEPS
    if args.cases:
        cases = tuple(int(x.replace("_", "")) for x in args.cases.split(",") if x.strip())
    if args.steps:
        steps = args.steps
    if args.out:
        out = Path(args.out).resolve()
    elif args.quick:
        out = QUICK_RESULTS
    elif tuple(cases) == FULL_CASES and steps == FULL_STEPS:
        out = RESULTS
    else:
        out = CUSTOM_RESULTS
    batch_section(out)  # a damaged batch-throughput section stops us now, not after the run

    began = time.perf_counter()
    info = {
        "command": " ".join([".venv/bin/python", "benchmarks/bench.py", *sys.argv[1:]]),
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "revision": git_revision(out),
        "machine": machine(),
        "load_start": load(),
    }
    rows = []
    for residents in cases:
        print(f"{case_name(residents)}: Mesa baseline ...", file=sys.stderr, flush=True)
        mesa = spawn(["--mesa", str(residents)], args.pin)
        print(f"{case_name(residents)}: model, {steps} steps ...", file=sys.stderr, flush=True)
        case = spawn(["--case", str(residents), "--steps", str(steps)], args.pin)
        print(f"{case_name(residents)}: model set-up without the spin-up ...", file=sys.stderr,
              flush=True)
        nospin = spawn(["--case", str(residents), "--steps", str(steps), "--setup-only",
                        "--spinup-years", "0"], args.pin)
        rows.append({"residents": residents, "steps": steps, "case": case, "mesa": mesa,
                     "nospin": nospin,
                     "targets": case_targets(residents, steps, case, mesa, nospin)})
    profile = None
    if not args.no_profile:
        print(f"profile: {PROFILE_RESIDENTS:,} residents, {PROFILE_WARMUP} + {PROFILE_STEPS} "
              "steps ...", file=sys.stderr, flush=True)
        profile = spawn(["--profile", str(PROFILE_RESIDENTS), "--warmup", str(PROFILE_WARMUP),
                         "--steps", str(PROFILE_STEPS)], args.pin)
    info["load_end"] = load()
    info["total_s"] = time.perf_counter() - began

    text = report(info, rows, profile, steps)
    out.parent.mkdir(parents=True, exist_ok=True)
    write_keeping_batch(out, text)
    targets, _ = summary(rows, steps)
    print(table(rows))
    print()
    print("\n".join(targets))
    print(f"\nwritten to {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")


def main() -> None:
    parser = argparse.ArgumentParser(description="Speed and memory benchmark of the model.")
    parser.add_argument("--quick", action="store_true",
                        help=f"cases {', '.join(map(str, QUICK_CASES))} with {QUICK_STEPS} "
                             f"steps; writes {QUICK_RESULTS.relative_to(ROOT)}")
    parser.add_argument("--cases", help="comma-separated numbers of residents, e.g. 10000,100000")
    parser.add_argument("--steps", type=int, help=f"weeks per case (default {FULL_STEPS})")
    parser.add_argument("--out", help="write the results here instead")
    parser.add_argument("--no-profile", action="store_true", help="skip the cProfile section")
    parser.add_argument("--pin", type=int, help="pin every measuring process to this CPU")
    args = parser.parse_args()
    if args.steps is not None and args.steps < 1:
        parser.error("--steps must be at least 1")
    parent(args)


if __name__ == "__main__":
    main()
