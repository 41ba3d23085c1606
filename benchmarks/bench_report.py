"""The report of benchmarks/bench.py: the description of the machine, the table of cases,
the issue's targets one by one, the linearity, the profile, and the writing of RESULTS.md
(keeping the part benchmarks/batch_throughput.py owns)."""

from __future__ import annotations

import os
import platform
import subprocess
from importlib import metadata
from pathlib import Path

from bench_measure import MILLION, OCCASIONAL, PHASES, ROOT, SEED

from model import WEEKS_PER_YEAR

FULL_STEPS = 10 * WEEKS_PER_YEAR  # run times are judged (or projected) at ten years
MESA_PUBLISHED = (1.7e6, 3.3e6)  # Mesa's own figure for an empty shuffle_do("step")
# benchmarks/batch_throughput.py owns the part of RESULTS.md between these markers.
BATCH_START = "<!-- batch-throughput:start -->"
BATCH_END = "<!-- batch-throughput:end -->"

# The targets of the issue (and MILLION, from bench_measure.py).
REGION = 100_000
SMALL = 10_000
REGION_RUN_S = 10.0
REGION_PEAK_MB = 1024.0
MILLION_RUN_S = 150.0
MILLION_PEAK_MB = 4096.0
MILLION_SETUP_S = 15.0
LINEARITY_MAX = 1.5


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
