"""The profile section of the report of benchmarks/bench.py: the top functions, the week's
phases as shares of `ParticipationModel.step` and the set-up's parts as shares of
`ParticipationModel.__init__`, from what `bench_measure.py --profile` found."""

from __future__ import annotations

from bench_measure import (
    OCCASIONAL,
    PHASE_LABELS,
    PHASES,
    SETUP_PHASES,
    SPIN_UP,
    WEEK,
    WEEK_PHASES,
)


def phase_rows(phases: dict, order: list[tuple[str, str | None]], total: str) -> list[str]:
    """Table rows of profiled phases, each (name, the phase it runs inside or None), with
    their share of `total`; after the phases inside another, a row for the rest of it."""
    whole = phases.get(total, {}).get("cumtime")
    if not whole:
        return [f"| `{total}` | not found in the profile | - | - |"]

    def row(shown: str, calls: object, seconds: float) -> str:
        return f"| {shown} | {calls} | {seconds:.3f} | {100 * seconds / whole:.1f} % |"

    lines = []
    inside: dict[str | None, float] = {}
    for i, (name, parent) in enumerate(order):
        entry = phases.get(name)
        shown = f"`{name}`" + (f" (inside `{parent}`)" if parent else "")
        if entry is None:
            lines.append(f"| {shown} | 0 | - | - |")
        else:
            inside[parent] = inside.get(parent, 0.0) + entry["cumtime"]
            lines.append(row(shown, entry["ncalls"], entry["cumtime"]))
        group_ends = i + 1 == len(order) or order[i + 1][1] != parent
        if parent is not None and group_ends and parent in phases:
            lines.append(row(f"rest of `{parent}`", "",
                             phases[parent]["cumtime"] - inside.get(parent, 0.0)))
    lines.append(row(f"rest of `{total}`", "", whole - inside.get(None, 0.0)))
    lines.append(f"| **`{total}`** | {phases[total]['ncalls']} | {whole:.3f} | 100.0 % |")
    return lines


def profile_section(profile: dict) -> str:
    if "error" in profile:
        return f"The profiling process failed ({profile['error']})."
    phases = profile["phases"]
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
    label = PHASE_LABELS.get
    order: list[tuple[str, str | None]] = [(WEEK, None)]
    order += [(name, WEEK) for name in WEEK_PHASES]
    for name in PHASES[1:]:
        order.append((label(name, name), None))
        if name == "_collect":
            order.append((label("compute", "compute"), "_collect"))
    order += [(name, None) for name in OCCASIONAL]
    order.append((label("collect_year", "collect_year"), None))
    lines += [
        "",
        f"The week's phases (`ParticipationModel` methods in model/model.py: `step` calls "
        f"`{WEEK}`, the week's own work, which calls the phases marked inside it; plus "
        "`Residents.record_week` in model/population.py and `metrics.compute` and "
        "`metrics.collect_year` in model/metrics.py) by cumulative time, with their share of "
        "`ParticipationModel.step`:",
        "",
        "| phase | calls | cumtime s | share of step |",
        "|---|---:|---:|---:|",
        *phase_rows(phases, order, "step"),
    ]
    setup = profile.get("setup_phases")
    if setup:
        setup_order: list[tuple[str, str | None]] = []
        for name in SETUP_PHASES:
            setup_order.append((name, None))
            if name == SPIN_UP:
                setup_order += [(WEEK, SPIN_UP)] + [(n, SPIN_UP) for n in OCCASIONAL]
        lines += [
            "",
            f"The set-up, profiled in the same process (a second construction, with a "
            f"profiler of its own): {profile['setup_plain_s']:.2f} s without the profiler, "
            f"{profile['setup_profiled_s']:.2f} s with it. The parts of "
            "`ParticipationModel.__init__` (`build_residents` in model/population.py, "
            "`build_network` in model/network.py, `create_agents` in model/agents.py, the "
            f"spin-up `{SPIN_UP}` with the weeks and turns of the year and quarter it runs) "
            "by cumulative time, with their share of `__init__`:",
            "",
            "| part | calls | cumtime s | share of `__init__` |",
            "|---|---:|---:|---:|",
            *phase_rows(setup, setup_order, "__init__"),
        ]
    return "\n".join(lines)
