"""What each measuring process of benchmarks/bench.py runs, one case per fresh process:
the model set up and run (`--case`), Mesa's baseline of trivial agents (`--mesa`) and the
profile of the week's phases (`--profile`). Each prints one JSON line and exits, so that its
peak memory is the operating system's own accounting for that process (`ru_maxrss`) and no
case inherits another's heap.

Nothing here imports the model before a case times that import: the module itself uses the
standard library only.

    .venv/bin/python benchmarks/bench_measure.py --case 10000 --steps 52
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "scenarios" / "regional_100k.yaml"
SEED = 1
MILLION = 1_000_000
PROFILE_TOP = 20
JSON_MARK = "BENCH_JSON "

# The week's phases of ParticipationModel.step (model/model.py) reported in the profile.
PHASES = ("_needs", "_help", "_participation", "_motivation", "_strain", "_attitudes",
          "_initiatives", "_spend", "_collect")
OCCASIONAL = ("_turn_of_year", "_quarter")  # yearly and quarterly work inside step

# One core: no hidden thread pools in NumPy's BLAS or elsewhere. Set before NumPy is imported
# (the children get them in their environment as well).
THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
               "NUMEXPR_NUM_THREADS", "VECLIB_MAXIMUM_THREADS")
for _var in THREAD_VARS:
    os.environ.setdefault(_var, "1")


def peak_mb() -> float:
    """This process's peak resident memory so far, in MB (2**20 bytes); Linux gives KiB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def build_scenario(residents: int, steps: int) -> Any:
    """The shipped regional scenario at exactly `residents` residents, long enough for `steps`."""
    from model import WEEKS_PER_YEAR, load_scenario, with_residents

    scenario = with_residents(load_scenario(SCENARIO), residents)
    years = math.ceil(steps / WEEKS_PER_YEAR)
    if scenario.horizon_years < years:
        scenario = scenario.model_copy(update={"horizon_years": years})
    return scenario


def child_case(residents: int, steps: int) -> dict[str, Any]:
    """Set up and run the model once; times, CPU times and peak memory."""
    start = time.perf_counter()
    from model import ParticipationModel

    import_s = time.perf_counter() - start

    start = time.perf_counter()
    scenario = build_scenario(residents, steps)
    scenario_s = time.perf_counter() - start

    cpu, start = time.process_time(), time.perf_counter()
    model = ParticipationModel(scenario, rng=SEED)
    setup_s, setup_cpu = time.perf_counter() - start, time.process_time() - cpu
    setup_peak = peak_mb()
    n = len(model.residents)
    if n != residents:
        raise RuntimeError(f"asked for {residents} residents, the model has {n}")

    cpu, start = time.process_time(), time.perf_counter()
    model.run(steps)
    run_s, run_cpu = time.perf_counter() - start, time.process_time() - cpu
    if model.steps != steps:
        raise RuntimeError(f"asked for {steps} steps, the model ran {model.steps}")
    return {
        "residents": n, "steps": steps, "import_s": import_s, "scenario_s": scenario_s,
        "setup_s": setup_s, "setup_cpu_s": setup_cpu, "setup_peak_mb": setup_peak,
        "run_s": run_s, "run_cpu_s": run_cpu, "peak_mb": peak_mb(),
        "rate": n * steps / run_s,
    }


def child_mesa(agents: int) -> dict[str, Any]:
    """Mesa's baseline: `agents` trivial agents, timed over an empty shuffle_do("step")."""
    import mesa

    class Idle(mesa.Agent):
        def step(self) -> None:
            pass

    model = mesa.Model(rng=SEED)
    start = time.perf_counter()
    for _ in range(agents):
        Idle(model)
    create_s = time.perf_counter() - start

    start = time.perf_counter()
    model.agents.shuffle_do("step")  # warm-up, and the cost of one step
    first = time.perf_counter() - start
    budget = 3.0 if agents < MILLION else 2.0
    steps = max(3, min(2000, math.ceil(budget / max(first, 1e-9))))
    cpu, start = time.process_time(), time.perf_counter()
    for _ in range(steps):
        model.agents.shuffle_do("step")
    run_s, run_cpu = time.perf_counter() - start, time.process_time() - cpu
    return {
        "agents": agents, "create_s": create_s, "steps": steps, "run_s": run_s,
        "run_cpu_s": run_cpu, "rate": agents * steps / run_s, "peak_mb": peak_mb(),
    }


def child_profile(residents: int, warmup: int, steps: int) -> dict[str, Any]:
    """cProfile of `steps` weeks after `warmup` weeks: top functions and the week's phases."""
    import cProfile
    import pstats

    from model import ParticipationModel

    model = ParticipationModel(build_scenario(residents, warmup + steps), rng=SEED)
    model.run(warmup)
    start = time.perf_counter()
    model.run(steps)
    plain_s = time.perf_counter() - start
    del model
    model = ParticipationModel(build_scenario(residents, warmup + steps), rng=SEED)
    model.run(warmup)
    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.enable()
    model.run(steps)
    profiler.disable()
    profiled_s = time.perf_counter() - start

    stats = pstats.Stats(profiler).stats  # {(file, line, name): (cc, nc, tt, ct, callers)}
    top = sorted(stats.items(), key=lambda item: item[1][2], reverse=True)[:PROFILE_TOP]

    def find(file_tail: str, name: str) -> tuple[int, float, float] | None:
        for (file, _line, func), (_cc, nc, tt, ct, _callers) in stats.items():
            if func == name and file.replace(os.sep, "/").endswith(file_tail):
                return nc, tt, ct
        return None

    phases = {}
    for name in ("step", *PHASES, *OCCASIONAL):
        found = find("model/model.py", name)
        if found:
            phases[name] = found
    for name in ("compute", "collect_year"):
        found = find("model/metrics.py", name)
        if found:
            phases[f"metrics.{name}"] = found
    return {
        "residents": residents, "warmup": warmup, "steps": steps, "plain_s": plain_s,
        "profiled_s": profiled_s,
        "top": [{"function": label(key), "ncalls": v[1], "tottime": v[2], "cumtime": v[3]}
                for key, v in top],
        "phases": {name: {"ncalls": v[0], "tottime": v[1], "cumtime": v[2]}
                   for name, v in phases.items()},
    }


def label(key: tuple[str, int, str]) -> str:
    """A short name for a profiled function: path relative to the project or site-packages."""
    file, line, name = key
    if file == "~":
        return name
    path = file.replace(os.sep, "/")
    root = str(ROOT).replace(os.sep, "/") + "/"
    if "site-packages/" in path:
        path = path.split("site-packages/", 1)[1]
    elif path.startswith(root):
        path = path[len(root):]
    return f"{path}:{line}({name})"


def main() -> None:
    parser = argparse.ArgumentParser(description="One measurement of benchmarks/bench.py, "
                                                 "printed as one JSON line.")
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--case", type=int, help="set up and run the model with this many "
                                               "residents")
    what.add_argument("--mesa", type=int, help="time this many trivial Mesa agents")
    what.add_argument("--profile", type=int, help="profile the model with this many residents")
    parser.add_argument("--steps", type=int, help="weeks to run (--case) or profile (--profile)")
    parser.add_argument("--warmup", type=int, help="weeks run before profiling (--profile)")
    parser.add_argument("--pin", type=int, help="pin this process to this CPU")
    args = parser.parse_args()
    if args.mesa is None and (args.steps is None or args.steps < 1):
        parser.error("--steps must be given, and at least 1")
    if args.profile is not None and args.warmup is None:
        parser.error("--profile needs --warmup")

    if args.pin is not None:
        os.sched_setaffinity(0, {args.pin})
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    if args.case is not None:
        result = child_case(args.case, args.steps)
    elif args.mesa is not None:
        result = child_mesa(args.mesa)
    else:
        result = child_profile(args.profile, args.warmup, args.steps)
    print(JSON_MARK + json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
