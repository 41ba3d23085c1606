"""What each measuring process of benchmarks/bench.py and benchmarks/compare_speed.py runs,
one case per fresh process: the model set up and run (`--case`; with `--setup-only` set up
only, with `--spinup-years N` under `parameters: {spinup_years: N}`), Mesa's baseline of
trivial agents (`--mesa`) and the profile of the set-up and of the week's phases
(`--profile`). Each prints one JSON line and exits, so that its peak memory is the operating
system's own accounting for that process (`ru_maxrss`) and no case inherits another's heap.

`--checkout DIR` imports the model from another checkout of the project (a git worktree of an
older revision): DIR goes first on sys.path, the editable install's import hook is taken
out, and the case uses DIR's own scenario file. The process stops with an error when the
model it imported is not DIR's.

Nothing here imports the model before a case times that import: the module itself uses the
standard library only.

    .venv/bin/python benchmarks/bench_measure.py --case 10000 --steps 104
    .venv/bin/python benchmarks/bench_measure.py --case 10000 --steps 104 --setup-only \
        --spinup-years 0
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
SCENARIO_FILE = Path("scenarios") / "regional_100k.yaml"  # relative to a checkout
SCENARIO = ROOT / SCENARIO_FILE
SEED = 1
MILLION = 1_000_000
PROFILE_TOP = 20
JSON_MARK = "BENCH_JSON "

# The functions the profile reports, by name; in model/model.py unless PHASE_FILES says
# otherwise. ParticipationModel.step calls PHASES every week and OCCASIONAL at the turn of a
# year or quarter; WEEK, the week's own work, calls WEEK_PHASES. The spin-up in
# ParticipationModel.__init__ (SPIN_UP) runs WEEK and OCCASIONAL too, before week 0.
MODEL_FILE = "model/model.py"
WEEK = "_live_week"
WEEK_PHASES = ("_needs", "_help", "_drive_noise", "_participation", "_motivation", "_strain",
               "_attitudes", "_initiatives", "_spend")
PHASES = (WEEK, "record_week", "_collect")
OCCASIONAL = ("_turn_of_year", "_quarter")  # yearly and quarterly work inside step
SPIN_UP = "_spin_up"
# Where a profiled function lives when not in MODEL_FILE, and the label the report gives it.
PHASE_FILES = {"record_week": "model/population.py", "compute": "model/metrics.py",
               "collect_year": "model/metrics.py", "build_residents": "model/population.py",
               "build_network": "model/network.py", "create_agents": "model/agents.py"}
PHASE_LABELS = {"record_week": "Residents.record_week", "compute": "metrics.compute",
                "collect_year": "metrics.collect_year"}
# The set-up's parts reported in the profile: the population, its network, the spin-up and
# Mesa's agents, inside ParticipationModel.__init__.
SETUP_PHASES = ("build_residents", "build_network", SPIN_UP, "create_agents")

# One core: no hidden thread pools in NumPy's BLAS or elsewhere. Set before NumPy is imported
# (the children get them in their environment as well).
THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
               "NUMEXPR_NUM_THREADS", "VECLIB_MAXIMUM_THREADS")
for _var in THREAD_VARS:
    os.environ.setdefault(_var, "1")


def peak_mb() -> float:
    """This process's peak resident memory so far, in MB (2**20 bytes); Linux gives KiB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def build_scenario(residents: int, steps: int, spinup_years: int | None = None,
                   source: Path = SCENARIO) -> Any:
    """The shipped regional scenario (`source`) at exactly `residents` residents, long enough
    for `steps`; with `spinup_years` set as `parameters: {spinup_years: N}` when given."""
    from model import WEEKS_PER_YEAR, load_scenario, with_residents

    scenario = with_residents(load_scenario(source), residents)
    years = math.ceil(steps / WEEKS_PER_YEAR)
    if scenario.horizon_years < years:
        scenario = scenario.model_copy(update={"horizon_years": years})
    if spinup_years is not None:
        from model import with_overrides

        scenario = with_overrides(scenario, {"parameters.spinup_years": spinup_years})
    return scenario


def use_checkout(checkout: Path) -> None:
    """Import the project from `checkout` rather than from this tree or the editable install:
    its root first on sys.path, and the editable install's finder (which maps `model` to the
    tree it was installed from) out of sys.meta_path."""
    sys.path.insert(0, str(checkout))
    sys.meta_path[:] = [finder for finder in sys.meta_path
                        if not getattr(finder, "__module__", "").startswith("__editable__")]


def check_imported_from(checkout: Path) -> str:
    """The file the model was imported from, which must lie in `checkout`."""
    import model

    where = Path(model.__file__).resolve()
    if not where.is_relative_to(checkout.resolve()):
        raise RuntimeError(f"the model was imported from {where}, not from {checkout}")
    return str(where)


def child_case(residents: int, steps: int, spinup_years: int | None = None,
               setup_only: bool = False, checkout: Path = ROOT) -> dict[str, Any]:
    """Set up (and unless `setup_only`, run) the model once; times, CPU times and peak
    memory. `spinup_years` overrides the scenario's `parameters.spinup_years`."""
    start = time.perf_counter()
    from model import ParticipationModel

    import_s = time.perf_counter() - start
    imported_from = check_imported_from(checkout)

    start = time.perf_counter()
    scenario = build_scenario(residents, steps, spinup_years, checkout / SCENARIO_FILE)
    scenario_s = time.perf_counter() - start

    cpu, start = time.process_time(), time.perf_counter()
    model = ParticipationModel(scenario, rng=SEED)
    setup_s, setup_cpu = time.perf_counter() - start, time.process_time() - cpu
    setup_peak = peak_mb()
    n = len(model.residents)
    if n != residents:
        raise RuntimeError(f"asked for {residents} residents, the model has {n}")
    # Revisions before the spin-up have no such parameter: no spin-up.
    spun = int(getattr(model.params, "spinup_years", 0))
    common = {
        "residents": n, "spinup_years": spun, "import_s": import_s, "scenario_s": scenario_s,
        "setup_s": setup_s, "setup_cpu_s": setup_cpu, "setup_peak_mb": setup_peak,
        "model_file": imported_from,
    }
    if setup_only:
        return {**common, "steps": 0, "peak_mb": peak_mb()}

    cpu, start = time.process_time(), time.perf_counter()
    model.run(steps)
    run_s, run_cpu = time.perf_counter() - start, time.process_time() - cpu
    if model.steps != steps:
        raise RuntimeError(f"asked for {steps} steps, the model ran {model.steps}")
    return {**common, "steps": steps, "run_s": run_s, "run_cpu_s": run_cpu,
            "peak_mb": peak_mb(), "rate": n * steps / run_s}


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
    """cProfile of `steps` weeks after `warmup` weeks: top functions and the week's phases;
    and, with a profiler of its own, of the set-up (ParticipationModel.__init__, the spin-up
    in it)."""
    import cProfile
    import pstats

    from model import ParticipationModel

    scenario = build_scenario(residents, warmup + steps)
    start = time.perf_counter()
    model = ParticipationModel(scenario, rng=SEED)
    setup_plain_s = time.perf_counter() - start
    model.run(warmup)
    start = time.perf_counter()
    model.run(steps)
    plain_s = time.perf_counter() - start
    del model
    scenario = build_scenario(residents, warmup + steps)  # a fresh one, as the first model's
    setup_profiler = cProfile.Profile()
    start = time.perf_counter()
    setup_profiler.enable()
    model = ParticipationModel(scenario, rng=SEED)
    setup_profiler.disable()
    setup_profiled_s = time.perf_counter() - start
    model.run(warmup)
    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.enable()
    model.run(steps)
    profiler.disable()
    profiled_s = time.perf_counter() - start

    stats = pstats.Stats(profiler).stats  # {(file, line, name): (cc, nc, tt, ct, callers)}
    top = sorted(stats.items(), key=lambda item: item[1][2], reverse=True)[:PROFILE_TOP]
    names = ("step", *PHASES, *WEEK_PHASES, *OCCASIONAL, "compute", "collect_year")
    setup_names = ("__init__", *SETUP_PHASES, WEEK, *OCCASIONAL)
    return {
        "residents": residents, "warmup": warmup, "steps": steps, "plain_s": plain_s,
        "profiled_s": profiled_s, "setup_plain_s": setup_plain_s,
        "setup_profiled_s": setup_profiled_s,
        "top": [{"function": label(key), "ncalls": v[1], "tottime": v[2], "cumtime": v[3]}
                for key, v in top],
        "phases": found_phases(stats, names),
        "setup_phases": found_phases(pstats.Stats(setup_profiler).stats, setup_names),
    }


def found_phases(stats: dict, names: tuple[str, ...]) -> dict[str, dict[str, float]]:
    """The profiled functions `names` (in PHASE_FILES' file, else MODEL_FILE), by their
    report label (PHASE_LABELS, else the name); the one with the most cumulative time when a
    file has several of that name (`__init__`)."""
    phases = {}
    for name in names:
        tail = PHASE_FILES.get(name, MODEL_FILE)
        matches = [(nc, tt, ct) for (file, _line, func), (_cc, nc, tt, ct, _callers)
                   in stats.items()
                   if func == name and file.replace(os.sep, "/").endswith(tail)]
        if matches:
            nc, tt, ct = max(matches, key=lambda m: m[2])
            phases[PHASE_LABELS.get(name, name)] = {"ncalls": nc, "tottime": tt, "cumtime": ct}
    return phases


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
    parser.add_argument("--spinup-years", type=int,
                        help="set the scenario's parameters.spinup_years (--case)")
    parser.add_argument("--setup-only", action="store_true",
                        help="set the model up but do not run it (--case); --steps still sets "
                             "the horizon")
    parser.add_argument("--checkout", help="import the model from this checkout of the project "
                                           "and use its scenario (--case)")
    parser.add_argument("--pin", type=int, help="pin this process to this CPU")
    args = parser.parse_args()
    if args.mesa is None and (args.steps is None or args.steps < 1):
        parser.error("--steps must be given, and at least 1")
    if args.profile is not None and args.warmup is None:
        parser.error("--profile needs --warmup")
    if args.case is None and (args.spinup_years is not None or args.setup_only
                              or args.checkout):
        parser.error("--spinup-years, --setup-only and --checkout go with --case")

    if args.pin is not None:
        os.sched_setaffinity(0, {args.pin})
    checkout = Path(args.checkout).resolve() if args.checkout else ROOT
    if args.checkout:
        use_checkout(checkout)
    elif str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    if args.case is not None:
        result = child_case(args.case, args.steps, args.spinup_years, args.setup_only,
                            checkout)
    elif args.mesa is not None:
        result = child_mesa(args.mesa)
    else:
        result = child_profile(args.profile, args.warmup, args.steps)
    print(JSON_MARK + json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
