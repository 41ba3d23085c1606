"""The report of benchmarks/bench.py: the description of the machine, the table of cases,
the issue's targets one by one, the spin-up's cost, the linearity, the profile, and the
writing of RESULTS.md (keeping the part benchmarks/batch_throughput.py owns)."""

from __future__ import annotations

import os
import platform
import subprocess
from importlib import metadata
from pathlib import Path

from bench_measure import MILLION, ROOT, SEED
from bench_profile import profile_section

from model import WEEKS_PER_YEAR

FULL_STEPS = 10 * WEEKS_PER_YEAR  # run times are judged (or projected) at ten years
MESA_PUBLISHED = (1.7e6, 3.3e6)  # Mesa's own figure for an empty shuffle_do("step")
# benchmarks/batch_throughput.py owns the part of RESULTS.md between these markers.
BATCH_START = "<!-- batch-throughput:start -->"
BATCH_END = "<!-- batch-throughput:end -->"
# benchmarks/workshop_load.py owns the part between these.
WORKSHOP_START = "<!-- workshop-load:start -->"
WORKSHOP_END = "<!-- workshop-load:end -->"
# benchmarks/dashboard_sessions.py owns the part between these.
SESSIONS_START = "<!-- dashboard-sessions:start -->"
SESSIONS_END = "<!-- dashboard-sessions:end -->"
# benchmarks/compare_speed.py writes the back-to-back comparison with the model before the
# spin-up here (a full run only); the report points to it.
SPINUP_RESULTS = ROOT / "benchmarks" / "SPINUP.md"
SPINUP_BEFORE = "144e2d7"  # the last revision without the spin-up

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


def spin_up(row: dict) -> dict | None:
    """The case's set-up split into the population, network and agents (the construction
    with `spinup_years: 0`, measured in its own process) and the spin-up (the rest of the
    construction); None when either process failed."""
    case, bare = row["case"], row.get("nospin", {"error": "not measured"})
    if "error" in case or "error" in bare:
        return None
    weeks = case["spinup_years"] * WEEKS_PER_YEAR
    seconds = case["setup_s"] - bare["setup_s"]
    run_week = case["run_s"] / case["steps"]
    return {
        "years": case["spinup_years"], "weeks": weeks, "setup_s": bare["setup_s"],
        "total_s": case["setup_s"], "spinup_s": seconds,
        "spinup_cpu_s": case["setup_cpu_s"] - bare["setup_cpu_s"],
        "share": seconds / case["run_s"],
        "share_full": seconds / (run_week * FULL_STEPS),
        "week_s": seconds / weeks if weeks else None, "run_week_s": run_week,
        "week_ratio": seconds / weeks / run_week if weeks else None,
    }


def case_targets(residents: int, steps: int, case: dict, mesa: dict,
                 nospin: dict | None = None) -> list[tuple[str, bool]]:
    """This case's targets as (target, met); run times projected to 520 steps if need be.
    The set-up target is judged on the set-up without the spin-up (population, network,
    agents), or on the whole construction when that was not measured."""
    found: list[tuple[str, bool]] = []
    if "error" in case:
        return found
    setup = nospin["setup_s"] if nospin and "error" not in nospin else case["setup_s"]
    star = "" if steps == FULL_STEPS else "*"
    run_520 = case["run_s"] * FULL_STEPS / steps
    if "rate" in mesa:
        found.append(("ratio > 1", case["rate"] / mesa["rate"] > 1))
    if residents == REGION:
        found.append((f"run <= {REGION_RUN_S:g} s{star}", run_520 <= REGION_RUN_S))
        found.append((f"peak <= {REGION_PEAK_MB:.0f} MB", case["peak_mb"] <= REGION_PEAK_MB))
    if residents == MILLION:
        found.append((f"set-up <= {MILLION_SETUP_S:g} s", setup <= MILLION_SETUP_S))
        found.append((f"run <= {MILLION_RUN_S:g} s{star}", run_520 <= MILLION_RUN_S))
        found.append((f"peak <= {MILLION_PEAK_MB:.0f} MB", case["peak_mb"] <= MILLION_PEAK_MB))
    return found


def verdict(targets: list[tuple[str, bool]]) -> str:
    if not targets:
        return "-"
    failed = [text.split(" ")[0] for text, ok in targets if not ok]
    return "yes" if not failed else f"NO ({', '.join(failed)})"


def table(rows: list[dict]) -> str:
    head = ("case", "residents", "steps", "set-up s", "spin-up s", "run s", "run CPU s",
            "resident-steps/s", "Mesa activations/s", "ratio", "peak MB", "target", "met")
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    for row in rows:
        case, mesa = row["case"], row["mesa"]
        targets = row["targets"]
        mesa_rate = millions(mesa["rate"]) if "rate" in mesa else f"failed ({mesa['error']})"
        if "error" in case:
            cells = [case_name(row["residents"]), f"{row['residents']:,}", str(row["steps"]),
                     f"failed ({case['error']})", "", "", "", "", mesa_rate, "", "", "",
                     "NOT MET"]
        else:
            ratio = f"{case['rate'] / mesa['rate']:.1f}" if "rate" in mesa else ""
            spun = spin_up(row)
            setup, spin = ((f"{spun['setup_s']:.2f}", f"{spun['spinup_s']:.2f}") if spun else
                           (f"{case['setup_s']:.2f} (with spin-up)", "failed"))
            cells = [case_name(row["residents"]), f"{case['residents']:,}", str(case["steps"]),
                     setup, spin, f"{case['run_s']:.2f}", f"{case['run_cpu_s']:.2f}",
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
                   f"{run:.2f} s{note} (set-up with the spin-up + run {c['setup_s'] + run:.2f} "
                   f"s) - **{yes(run <= REGION_RUN_S)}**")
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
        spun = spin_up(million)
        if spun:
            out.append(f"- 1,000,000 residents, set-up (population, network and agents: "
                       f"constructing ParticipationModel without the spin-up) <= "
                       f"{MILLION_SETUP_S:g} s: {spun['setup_s']:.2f} s - "
                       f"**{yes(spun['setup_s'] <= MILLION_SETUP_S)}**; the "
                       f"{spun['weeks']}-week spin-up adds {spun['spinup_s']:.2f} s (the whole "
                       f"construction {spun['total_s']:.2f} s; see Spin-up)")
        else:
            out.append(f"- 1,000,000 residents, set-up (constructing ParticipationModel, the "
                       f"spin-up included: the set-up without it failed) <= "
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


def spinup_section(rows: list[dict], steps: int) -> str:
    """What the spin-up in the construction costs, per case: against the run, and per
    simulated week against a reported week."""
    years = sorted({row["case"]["spinup_years"] for row in rows if "error" not in row["case"]})
    said = " or ".join(map(str, years)) if years else "?"
    lines = [
        f"Constructing `ParticipationModel` runs `spinup_years` ({said} here) unreported years "
        "before week 0 (`ParticipationModel._spin_up`), so that a run starts in the steady "
        "state of its starting conditions. The set-up without it is the same construction "
        "with `parameters: {spinup_years: 0}`, in a fresh process of its own right after the "
        "case's; spin-up s = the case's construction s - that. The two timings come from two "
        "processes, so the noise of both falls on the difference (the CPU-time difference "
        "is a check). Spin-up / run: the spin-up's seconds over the run's. Per week: the "
        "spin-up's seconds per simulated week over the run's seconds per reported week (a "
        "spin-up week does the week's work but no `Residents.record_week`, no outputs and no "
        "yearly figures, and its years turn without the schedule's changes).",
        "",
    ]
    projected = steps != FULL_STEPS
    head = ["case", "spin-up weeks", "construction s", "without spin-up s", "spin-up s",
            "spin-up CPU s", "run s", "steps", "spin-up / run"]
    if projected:
        head.append(f"spin-up / run of {FULL_STEPS} weeks\\*")
    head += ["ms per spin-up week", "ms per reported week", "spin-up week / reported week"]
    lines += ["| " + " | ".join(head) + " |", "|---|" + "---:|" * (len(head) - 1)]
    for row in rows:
        spun = spin_up(row)
        if spun is None:
            failed = "the case" if "error" in row["case"] else "the set-up without spin-up"
            lines.append(f"| {case_name(row['residents'])} | {failed} failed |"
                         + " |" * (len(head) - 2))
            continue
        c = row["case"]
        cells = [case_name(row["residents"]), str(spun["weeks"]), f"{spun['total_s']:.2f}",
                 f"{spun['setup_s']:.2f}", f"{spun['spinup_s']:.2f}",
                 f"{spun['spinup_cpu_s']:.2f}", f"{c['run_s']:.2f}", str(c["steps"]),
                 f"{100 * spun['share']:.1f} %"]
        if projected:
            cells.append(f"{100 * spun['share_full']:.1f} %")
        week = spun["week_s"]
        cells += ["-" if week is None else f"{1000 * week:.2f}",
                  f"{1000 * spun['run_week_s']:.2f}",
                  "-" if week is None else f"{spun['week_ratio']:.2f}"]
        lines.append("| " + " | ".join(cells) + " |")
    if projected:
        lines += ["", f"\\* the run time projected linearly to {FULL_STEPS} weeks."]
    region = next((spin_up(row) for row in rows if row["residents"] == REGION), None)
    if region:
        lines += ["", f"At 100,000 residents the spin-up adds {region['spinup_s']:.2f} s to a "
                  f"{FULL_STEPS}-week run{' (projected)' if projected else ''}: "
                  f"{100 * region['share_full']:.1f} % of its run time."]
    lines += [
        "",
        f"The issue's check, that the 100,000-resident x {FULL_STEPS}-week benchmark (set-up "
        "+ run) stays within 20% of its time before the spin-up, is a back-to-back "
        f"comparison with the model at {SPINUP_BEFORE}, in "
        f"`{SPINUP_RESULTS.relative_to(ROOT)}`, written by "
        f"`.venv/bin/python benchmarks/compare_speed.py {SPINUP_BEFORE}`.",
    ]
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
        f"{SEED}. Each case runs in a fresh process with one thread for NumPy/BLAS. "
        f"Constructing `ParticipationModel` builds the population, its network and the agents "
        f"and then runs the spin-up, unreported years before week 0. Set-up s is that "
        f"construction without the spin-up (`parameters: {{spinup_years: 0}}`, timed in a "
        f"fresh process of its own); spin-up s is the rest of the construction (see Spin-up); "
        f"run is `model.run(steps)`; resident-steps/s = residents x steps / run s. Mesa "
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
        "## Spin-up",
        "",
        spinup_section(rows, steps),
        "",
        "## Linearity",
        "",
        linearity,
        "",
        "## Details",
        "",
        "Construction s: `ParticipationModel(...)` with the spin-up (set-up s + spin-up s of "
        "the Cases table); without spin-up: the same construction with `spinup_years: 0`, in "
        "its own process.",
        "",
        "| case | scenario s | construction s | construction CPU s | peak after construction MB "
        "| without spin-up: CPU s | without spin-up: peak MB | Mesa: create agents s | "
        "Mesa: steps timed | Mesa: run s | Mesa: peak MB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        c, m = row["case"], row["mesa"]
        bare = row.get("nospin", {"error": "not measured"})
        cells = [case_name(row["residents"])]
        cells += (["-"] * 4 if "error" in c else
                  [f"{c['scenario_s']:.2f}", f"{c['setup_s']:.2f}", f"{c['setup_cpu_s']:.2f}",
                   f"{c['setup_peak_mb']:.0f}"])
        cells += (["-"] * 2 if "error" in bare else
                  [f"{bare['setup_cpu_s']:.2f}", f"{bare['peak_mb']:.0f}"])
        cells += (["-"] * 4 if "error" in m else
                  [f"{m['create_s']:.2f}", str(m["steps"]), f"{m['run_s']:.2f}",
                   f"{m['peak_mb']:.0f}"])
        parts.append("| " + " | ".join(cells) + " |")
    parts += ["", "## Profile", ""]
    parts.append(profile_section(profile) if profile else "Not run (`--no-profile`).")
    return "\n".join(parts) + "\n"


def batch_section(path: Path, start: str = BATCH_START, end: str = BATCH_END) -> str | None:
    """The section of the report at `path` between `start` and `end` (markers included), or
    None. Such sections belong to other scripts (batch_throughput.py, workshop_load.py), so
    this script must not lose them."""
    try:
        old = path.read_text()
    except FileNotFoundError:
        return None
    starts, ends = old.count(start), old.count(end)
    if starts == ends == 0:
        return None
    begin, stop = old.find(start), old.find(end)
    if starts != 1 or ends != 1 or stop < begin:
        raise SystemExit(f"{path}: the markers {start} and {end} must occur once "
                         "each, in that order; mend the file (or rerun the script that "
                         "writes them) first")
    return old[begin:stop + len(end)]


def write_keeping_batch(path: Path, text: str) -> None:
    """Write this script's report to `path`, with the sections of other scripts already
    there (batch throughput, the workshop under load, dashboard sessions) after it."""
    kept = [section for section in (batch_section(path),
                                    batch_section(path, WORKSHOP_START, WORKSHOP_END),
                                    batch_section(path, SESSIONS_START, SESSIONS_END))
            if section is not None]
    path.write_text("\n\n".join([text.rstrip("\n"), *kept]) + "\n")


def write_section(path: Path, text: str, start: str, end: str) -> None:
    """Replace the section of the report at `path` between `start` and `end` (markers
    included, as `text` has them) with `text`, or append it; the rest stays."""
    old = path.read_text() if path.exists() else ""
    if batch_section(path, start, end) is not None:
        new = old[:old.find(start)] + text + old[old.find(end) + len(end):]
    else:
        new = old.rstrip("\n") + "\n\n" + text + "\n"
    path.write_text(new)
