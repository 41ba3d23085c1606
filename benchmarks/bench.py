"""Speed and memory benchmark of zelfsturing (issue: a 100,000-inhabitant region in seconds,
a million residents on one machine).

    .venv/bin/python benchmarks/bench.py            # full run: 10k, 100k, 1M residents, 520 weeks
    .venv/bin/python benchmarks/bench.py --quick    # 10k and 100k residents, 104 weeks

Every case runs in a fresh subprocess of this script (hidden `--case`, `--mesa` and `--profile`
arguments that print one JSON line), so that its peak memory is the operating system's own
accounting for that process (`ru_maxrss`) and no case inherits another's heap. Next to every
model case the same number of trivial Mesa agents is timed over an empty
`model.agents.shuffle_do("step")`, so that the model's resident-steps per second can be set
against Mesa's own activations per second measured in the same run on the same machine.

A full run writes `benchmarks/RESULTS.md`; `--quick` or any other choice of cases or steps
writes under `results/` instead (or to `--out`), so that it never overwrites the real results.
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import os
import platform
import resource
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "scenarios" / "regional_100k.yaml"
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
QUICK_RESULTS = ROOT / "results" / "bench_quick.md"
CUSTOM_RESULTS = ROOT / "results" / "bench_custom.md"

FULL_CASES = (10_000, 100_000, 1_000_000)
FULL_STEPS = 520
QUICK_CASES = (10_000, 100_000)
QUICK_STEPS = 104
PROFILE_RESIDENTS = 100_000
PROFILE_WARMUP = 52
PROFILE_STEPS = 52
PROFILE_TOP = 20
SEED = 1
MESA_PUBLISHED = (1.7e6, 3.3e6)  # Mesa's own figure for an empty shuffle_do("step")
JSON_MARK = "BENCH_JSON "
# benchmarks/batch_throughput.py owns the part of RESULTS.md between these markers.
BATCH_START = "<!-- batch-throughput:start -->"
BATCH_END = "<!-- batch-throughput:end -->"

# The targets of the issue.
REGION = 100_000
MILLION = 1_000_000
SMALL = 10_000
REGION_RUN_S = 10.0
REGION_PEAK_MB = 1024.0
MILLION_RUN_S = 150.0
MILLION_PEAK_MB = 4096.0
MILLION_SETUP_S = 15.0
LINEARITY_MAX = 1.5

# The week's phases of ParticipationModel.step (model/model.py) reported in the profile.
PHASES = ("_needs", "_help", "_participation", "_motivation", "_strain", "_attitudes",
          "_initiatives", "_spend", "_record_week", "_collect")
OCCASIONAL = ("_new_year", "_quarter")  # yearly and quarterly work inside step

# One core: no hidden thread pools in NumPy's BLAS or elsewhere. Set before NumPy is imported
# (the children get them in their environment as well).
THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
               "NUMEXPR_NUM_THREADS", "VECLIB_MAXIMUM_THREADS")
for _var in THREAD_VARS:
    os.environ.setdefault(_var, "1")


# ------------------------------------------------------------------------------ the children


def peak_mb() -> float:
    """This process's peak resident memory so far, in MB (2**20 bytes); Linux gives KiB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def build_scenario(residents: int, steps: int) -> Any:
    """The shipped regional scenario at exactly `residents` residents, long enough for `steps`."""
    from model import load_scenario, with_residents

    scenario = with_residents(load_scenario(SCENARIO), residents)
    years = math.ceil(steps / 52)
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


# ------------------------------------------------------------------------------ the parent


def spawn(args: list[str], pin: int | None) -> dict[str, Any]:
    """Run this script with hidden arguments in a fresh process; its JSON, or an error."""
    command = [sys.executable, str(Path(__file__).resolve()), *args]
    if pin is not None:
        command += ["--pin", str(pin)]
    env = dict(os.environ)
    for var in THREAD_VARS:
        env[var] = "1"
    done = subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True,
                          check=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith(JSON_MARK)]
    if done.returncode != 0 or not lines:
        return {"error": f"exit code {done.returncode}"}
    return json.loads(lines[-1][len(JSON_MARK):])


def git_revision(exclude: Path) -> str:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True,
                              check=True).stdout

    try:
        revision = git("rev-parse", "--short", "HEAD").strip()
        skip = str(exclude.relative_to(ROOT)) if exclude.is_relative_to(ROOT) else ""
        changes = [line for line in git("status", "--porcelain").splitlines()
                   if line[3:].strip() != skip]
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"
    return revision + ("-dirty" if changes else "")


def read_field(path: str, field: str, sep: str = ":") -> str | None:
    try:
        for line in Path(path).read_text().splitlines():
            key, _, value = line.partition(sep)
            if key.strip() == field:
                return value.strip().strip('"')
    except OSError:
        pass
    return None


def machine() -> dict[str, str]:
    memory = read_field("/proc/meminfo", "MemTotal")
    if memory and memory.endswith("kB"):
        memory = f"{int(memory.split()[0]) / 1024**2:.1f} GiB"
    system = read_field("/etc/os-release", "PRETTY_NAME", "=") or platform.system()
    versions = {}
    for package in ("numpy", "mesa", "scipy", "pandas"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "not installed"
    return {
        "cpu": read_field("/proc/cpuinfo", "model name") or platform.processor() or "unknown",
        "cores": f"{os.cpu_count()} logical ({len(os.sched_getaffinity(0))} available to "
                 f"this process)",
        "memory": memory or "unknown",
        "os": f"{system} (kernel {platform.release()}, {platform.machine()})",
        "python": platform.python_version(),
        "versions": ", ".join(f"{k} {v}" for k, v in versions.items()),
    }


def load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def case_name(residents: int) -> str:
    if residents % 1_000_000 == 0:
        return f"{residents // 1_000_000}M"
    if residents % 1000 == 0:
        return f"{residents // 1000}k"
    return str(residents)


def millions(rate: float) -> str:
    return f"{rate / 1e6:.2f} M"


def yes(ok: bool) -> str:
    return "met" if ok else "NOT MET"


def case_targets(residents: int, steps: int, case: dict, mesa: dict) -> list[tuple[str, bool]]:
    """This case's targets as (target, met); run times projected to 520 steps if need be."""
    found: list[tuple[str, bool]] = []
    if "error" in case:
        return found
    star = "" if steps == FULL_STEPS else "*"
    run_520 = case["run_s"] * FULL_STEPS / steps
    if "rate" in mesa:
        found.append(("ratio > 1", case["rate"] / mesa["rate"] > 1))
    if residents == REGION:
        found.append((f"run <= {REGION_RUN_S:g} s{star}", run_520 <= REGION_RUN_S))
        found.append((f"peak <= {REGION_PEAK_MB:.0f} MB", case["peak_mb"] <= REGION_PEAK_MB))
    if residents == MILLION:
        found.append((f"set-up <= {MILLION_SETUP_S:g} s", case["setup_s"] <= MILLION_SETUP_S))
        found.append((f"run <= {MILLION_RUN_S:g} s{star}", run_520 <= MILLION_RUN_S))
        found.append((f"peak <= {MILLION_PEAK_MB:.0f} MB", case["peak_mb"] <= MILLION_PEAK_MB))
    return found


def verdict(targets: list[tuple[str, bool]]) -> str:
    if not targets:
        return "-"
    failed = [text.split(" ")[0] for text, ok in targets if not ok]
    return "yes" if not failed else f"NO ({', '.join(failed)})"


def table(rows: list[dict]) -> str:
    head = ("case", "residents", "steps", "set-up s", "run s", "run CPU s", "resident-steps/s",
            "Mesa activations/s", "ratio", "peak MB", "target", "met")
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    for row in rows:
        case, mesa = row["case"], row["mesa"]
        targets = row["targets"]
        mesa_rate = millions(mesa["rate"]) if "rate" in mesa else f"failed ({mesa['error']})"
        if "error" in case:
            cells = [case_name(row["residents"]), f"{row['residents']:,}", str(row["steps"]),
                     f"failed ({case['error']})", "", "", "", mesa_rate, "", "", "", "NOT MET"]
        else:
            ratio = f"{case['rate'] / mesa['rate']:.1f}" if "rate" in mesa else ""
            cells = [case_name(row["residents"]), f"{case['residents']:,}", str(case["steps"]),
                     f"{case['setup_s']:.2f}", f"{case['run_s']:.2f}", f"{case['run_cpu_s']:.2f}",
                     millions(case["rate"]), mesa_rate, ratio, f"{case['peak_mb']:.0f}",
                     "; ".join(text for text, _ in targets) or "-", verdict(targets)]
        lines.append("| " + " | ".join(cells) + " |")
    steps = {row["steps"] for row in rows}
    if steps != {FULL_STEPS}:
        lines += ["", f"\\* run time projected linearly to {FULL_STEPS} steps from the "
                  f"{', '.join(map(str, sorted(steps)))} steps measured."]
    return "\n".join(lines)


def summary(rows: list[dict], steps: int) -> tuple[list[str], str]:
    """The issue's targets one by one, and the linearity paragraph."""
    by_size = {row["residents"]: row for row in rows if "error" not in row["case"]}
    note = "" if steps == FULL_STEPS else f", projected linearly from {steps} steps"
    missing = "not measured in this run"
    out = []

    region = by_size.get(REGION)
    if region:
        c = region["case"]
        run = c["run_s"] * FULL_STEPS / steps
        out.append(f"- 100,000 residents, 520 steps, run <= {REGION_RUN_S:g} s on one core: "
                   f"{run:.2f} s{note} (set-up + run {c['setup_s'] + run:.2f} s) - "
                   f"**{yes(run <= REGION_RUN_S)}**")
        out.append(f"- 100,000 residents, peak memory <= 1 GB: {c['peak_mb']:.0f} MB - "
                   f"**{yes(c['peak_mb'] <= REGION_PEAK_MB)}**")
    else:
        out.append(f"- 100,000 residents, 520 steps <= {REGION_RUN_S:g} s and <= 1 GB: {missing}")

    million = by_size.get(MILLION)
    if million:
        c = million["case"]
        run = c["run_s"] * FULL_STEPS / steps
        out.append(f"- 1,000,000 residents, 520 steps, run <= {MILLION_RUN_S:g} s: "
                   f"{run:.1f} s{note} - **{yes(run <= MILLION_RUN_S)}**")
        out.append(f"- 1,000,000 residents, peak memory <= 4 GB: {c['peak_mb']:.0f} MB - "
                   f"**{yes(c['peak_mb'] <= MILLION_PEAK_MB)}**")
        out.append(f"- 1,000,000 residents, set-up (constructing ParticipationModel) <= "
                   f"{MILLION_SETUP_S:g} s: {c['setup_s']:.2f} s - "
                   f"**{yes(c['setup_s'] <= MILLION_SETUP_S)}**")
    else:
        out.append(f"- 1,000,000 residents: run <= {MILLION_RUN_S:g} s, <= 4 GB, set-up <= "
                   f"{MILLION_SETUP_S:g} s: {missing}")

    per_step = {n: 1e9 / row["case"]["rate"] for n, row in by_size.items()}
    if MILLION in per_step and SMALL in per_step:
        ratio = per_step[MILLION] / per_step[SMALL]
        out.append(f"- Linear cost, time per resident-step at 1,000,000 / at 10,000 <= "
                   f"{LINEARITY_MAX:g}: {ratio:.2f} - **{yes(ratio <= LINEARITY_MAX)}**")
    else:
        out.append(f"- Linear cost (1,000,000 against 10,000): {missing}")

    for row in rows:
        c, m = row["case"], row["mesa"]
        if "error" in c or "error" in m:
            out.append(f"- {row['residents']:,} residents, faster than Mesa's empty loop: "
                       f"{missing} (a child process failed)")
            continue
        ratio = c["rate"] / m["rate"]
        out.append(f"- {row['residents']:,} residents, model resident-steps/s above Mesa's empty "
                   f"`shuffle_do(\"step\")` activations/s: {millions(c['rate'])} against "
                   f"{millions(m['rate'])}, ratio {ratio:.1f} - **{yes(ratio > 1)}** "
                   f"(above the top of Mesa's published {MESA_PUBLISHED[0] / 1e6:g}-"
                   f"{MESA_PUBLISHED[1] / 1e6:g} M: {yes(c['rate'] > MESA_PUBLISHED[1])})")

    lines = ["Time per resident-step (run time / (residents x steps)):", ""]
    for n in sorted(per_step):
        lines.append(f"- {n:,} residents: {per_step[n]:.1f} ns")
    if len(per_step) >= 2:
        big, small = max(per_step), min(per_step)
        lines += ["", f"Linearity ratio (time per resident-step at {big:,} / at {small:,}): "
                  f"**{per_step[big] / per_step[small]:.2f}** (target at 1,000,000 / 10,000: "
                  f"at most {LINEARITY_MAX:g})"]
    return out, "\n".join(lines)


def profile_section(profile: dict) -> str:
    if "error" in profile:
        return f"The profiling process failed ({profile['error']})."
    phases = profile["phases"]
    step = phases.get("step", {}).get("cumtime")
    lines = [
        f"cProfile of {profile['steps']} weekly steps of the {profile['residents']:,}-resident "
        f"case, after {profile['warmup']} warm-up steps, in its own process. The same "
        f"{profile['steps']} steps took {profile['plain_s']:.2f} s without the profiler and "
        f"{profile['profiled_s']:.2f} s with it; the profiler adds a fixed cost to every Python "
        "call, so Python-heavy functions look relatively more expensive than they are.",
        "",
        f"Top {len(profile['top'])} functions by total time (tottime, time inside the function "
        "itself):",
        "",
        "| function | calls | tottime s | cumtime s |",
        "|---|---:|---:|---:|",
    ]
    for entry in profile["top"]:
        name = entry["function"].replace("|", "\\|")
        lines.append(f"| `{name}` | {entry['ncalls']} | {entry['tottime']:.3f} | "
                     f"{entry['cumtime']:.3f} |")
    lines += [
        "",
        "The week's phases (`ParticipationModel` methods in model/model.py, plus "
        "`metrics.compute`) by cumulative time, with their share of `ParticipationModel.step`:",
        "",
        "| phase | calls | cumtime s | share of step |",
        "|---|---:|---:|---:|",
    ]
    accounted = 0.0
    order = [*PHASES, "metrics.compute", *OCCASIONAL, "metrics.collect_year"]
    for name in order:
        if name not in phases:
            lines.append(f"| `{name}` | 0 | - | - |")
            continue
        entry = phases[name]
        nested = name == "metrics.compute"  # called from _collect
        if not nested:
            accounted += entry["cumtime"]
        share = f"{100 * entry['cumtime'] / step:.1f} %" if step else "-"
        shown = f"`{name}` (inside `_collect`)" if nested else f"`{name}`"
        lines.append(f"| {shown} | {entry['ncalls']} | {entry['cumtime']:.3f} | {share} |")
    if step:
        rest = step - accounted
        lines.append(f"| rest of `step` | | {rest:.3f} | {100 * rest / step:.1f} % |")
        lines.append(f"| **`step`** | {phases['step']['ncalls']} | {step:.3f} | 100.0 % |")
    return "\n".join(lines)


def report(info: dict, rows: list[dict], profile: dict | None, steps: int) -> str:
    targets, linearity = summary(rows, steps)
    parts = [
        "# Benchmark results",
        "",
        f"Made by `{info['command']}`.",
        "",
        f"- Date: {info['date']}",
        f"- Git revision: {info['revision']}",
        f"- CPU: {info['machine']['cpu']}",
        f"- Cores: {info['machine']['cores']}",
        f"- RAM: {info['machine']['memory']}",
        f"- OS: {info['machine']['os']}",
        f"- Python {info['machine']['python']}; {info['machine']['versions']}",
        f"- Load average (1, 5, 15 min) at start: {info['load_start']}; at end: "
        f"{info['load_end']}; total wall time of the benchmark {info['total_s']:.0f} s",
        "",
        "The machine is shared and noisy: other work on it slows any single timing down, "
        "sometimes by a lot. The meaningful comparisons are the ratios within one run (the "
        "model against Mesa's empty loop at the same size, measured back to back; time per "
        "resident-step across sizes), not absolute times between runs. A run CPU time well "
        "below the run wall time means the process was waiting for the CPU.",
        "",
        "## Cases",
        "",
        f"Scenario `scenarios/regional_100k.yaml` scaled by `with_residents` to exactly the "
        f"given number of residents aged 15+, every rule and the data collection on, seed "
        f"{SEED}. Each case runs in a fresh process with one thread for NumPy/BLAS. Set-up is "
        f"the construction of `ParticipationModel` (population, network, agents); run is "
        f"`model.run(steps)`; resident-steps/s = residents x steps / run s. Mesa "
        f"activations/s: a fresh process with a plain `mesa.Model(rng={SEED})` and as many "
        f"trivial `mesa.Agent` subclasses (`step` does nothing), timed over "
        f"`model.agents.shuffle_do(\"step\")`; ratio = model resident-steps/s / Mesa "
        f"activations/s. Peak MB: the process's `ru_maxrss` at its end (MB = 2^20 bytes, "
        f"1 GB = 1024 MB).",
        "",
        table(rows),
        "",
        "## Targets",
        "",
        *targets,
        "",
        "## Linearity",
        "",
        linearity,
        "",
        "## Details",
        "",
        "| case | scenario s | set-up CPU s | peak after set-up MB | Mesa: create agents s | "
        "Mesa: steps timed | Mesa: run s | Mesa: peak MB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        c, m = row["case"], row["mesa"]
        cells = [case_name(row["residents"])]
        cells += (["-"] * 3 if "error" in c else
                  [f"{c['scenario_s']:.2f}", f"{c['setup_cpu_s']:.2f}",
                   f"{c['setup_peak_mb']:.0f}"])
        cells += (["-"] * 4 if "error" in m else
                  [f"{m['create_s']:.2f}", str(m["steps"]), f"{m['run_s']:.2f}",
                   f"{m['peak_mb']:.0f}"])
        parts.append("| " + " | ".join(cells) + " |")
    parts += ["", "## Profile", ""]
    parts.append(profile_section(profile) if profile else "Not run (`--no-profile`).")
    return "\n".join(parts) + "\n"


def batch_section(path: Path) -> str | None:
    """The batch-throughput section of the report at `path` (markers included), or None.
    It belongs to benchmarks/batch_throughput.py, so this script must not lose it."""
    try:
        old = path.read_text()
    except FileNotFoundError:
        return None
    starts, ends = old.count(BATCH_START), old.count(BATCH_END)
    if starts == ends == 0:
        return None
    begin, end = old.find(BATCH_START), old.find(BATCH_END)
    if starts != 1 or ends != 1 or end < begin:
        raise SystemExit(f"{path}: the markers {BATCH_START} and {BATCH_END} must occur once "
                         "each, in that order; mend the file (or rerun "
                         "benchmarks/batch_throughput.py) first")
    return old[begin:end + len(BATCH_END)]


def write_keeping_batch(path: Path, text: str) -> None:
    """Write this script's report to `path`, with any batch-throughput section already there
    after it, as batch_throughput.py appends it the first time."""
    kept = batch_section(path)
    path.write_text(text if kept is None else f"{text}\n{kept}\n")


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
        rows.append({"residents": residents, "steps": steps, "case": case, "mesa": mesa,
                     "targets": case_targets(residents, steps, case, mesa)})
    profile = None
    if not args.no_profile:
        print(f"profile: {PROFILE_RESIDENTS:,} residents, {PROFILE_WARMUP} + {PROFILE_STEPS} "
              "steps ...", file=sys.stderr, flush=True)
        profile = spawn(["--profile", str(PROFILE_RESIDENTS)], args.pin)
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
    parser.add_argument("--case", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--mesa", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--profile", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.steps is not None and args.steps < 1:
        parser.error("--steps must be at least 1")

    if args.case is None and args.mesa is None and args.profile is None:
        parent(args)
        return
    if args.pin is not None:
        os.sched_setaffinity(0, {args.pin})
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    if args.case is not None:
        result = child_case(args.case, args.steps or FULL_STEPS)
    elif args.mesa is not None:
        result = child_mesa(args.mesa)
    else:
        result = child_profile(args.profile, PROFILE_WARMUP, PROFILE_STEPS)
    print(JSON_MARK + json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
