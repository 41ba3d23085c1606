"""The model's speed against an older revision, back to back: what the spin-up costs.

    .venv/bin/python benchmarks/compare_speed.py            # 144e2d7, 100,000 x 520, 3 each
    .venv/bin/python benchmarks/compare_speed.py 144e2d7 --residents 10000 --steps 104

Checks out the revision (by default 144e2d7, the last one before the spin-up) into a
temporary, detached git worktree and times the regional scenario at the given size, set-up
(constructing `ParticipationModel`, the spin-up included where there is one) and run
(`model.run(steps)`), once with that revision's code and once with this working tree, each in
a fresh process of benchmarks/bench_measure.py (`--checkout`: the checkout's root first on
sys.path, the editable install's import hook taken out, the checkout's own scenario file; the
process checks that the model it imported is the checkout's). The order alternates (old,
new, then new, old, ...) over `--repeats` pairs; the medians of each side give the ratios
new/old for set-up + run, run alone and set-up alone.

The issue's check is the 100,000-resident x 520-week case: set-up + run within 20% of its
time before the spin-up. Only the full default run (that revision, that case, 3 pairs) writes
`benchmarks/SPINUP.md`, which benchmarks/RESULTS.md points to; any other choice writes
`results/compare_speed.md` (or `--out`).
"""

from __future__ import annotations

import argparse
import datetime
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import spawn
from bench_measure import ROOT, SCENARIO_FILE, SEED
from bench_report import (
    FULL_STEPS,
    REGION,
    SPINUP_BEFORE,
    SPINUP_RESULTS,
    git_revision,
    load,
    machine,
)

CUSTOM_RESULTS = ROOT / "results" / "compare_speed.md"
REPEATS = 3
WITHIN = 1.20  # the issue: set-up + run at most 20% slower than before the spin-up
OLD, NEW = "old", "new"


def git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True,
                          check=True).stdout.strip()


def measure(revision: str, residents: int, steps: int, repeats: int,
            pin: int | None) -> list[dict]:
    """Every measurement, in the order taken: {"repeat", "code", "result"}."""
    taken = []
    with tempfile.TemporaryDirectory(prefix="compare-speed-") as tmp:
        worktree = Path(tmp) / "checkout"
        subprocess.run(["git", "worktree", "add", "--detach", "-q", str(worktree), revision],
                       cwd=ROOT, check=True)
        try:
            if not (worktree / SCENARIO_FILE).exists():
                raise SystemExit(f"{revision} has no {SCENARIO_FILE}")
            checkouts = {OLD: worktree, NEW: ROOT}
            for repeat in range(1, repeats + 1):
                order = (OLD, NEW) if repeat % 2 else (NEW, OLD)
                for code in order:
                    print(f"repeat {repeat}/{repeats}: {code} code, {residents:,} residents, "
                          f"{steps} steps ...", file=sys.stderr, flush=True)
                    result = spawn(["--case", str(residents), "--steps", str(steps),
                                    "--checkout", str(checkouts[code])], pin,
                                   cwd=checkouts[code])
                    if "error" not in result and not Path(result["model_file"]).is_relative_to(
                            checkouts[code].resolve()):
                        result = {"error": f"model imported from {result['model_file']}"}
                    taken.append({"repeat": repeat, "code": code, "result": result})
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(worktree)], cwd=ROOT,
                           check=False)
    return taken


def medians(taken: list[dict], code: str) -> dict[str, float] | None:
    results = [t["result"] for t in taken if t["code"] == code and "error" not in t["result"]]
    if not results:
        return None
    return {
        "total": statistics.median(r["setup_s"] + r["run_s"] for r in results),
        "run": statistics.median(r["run_s"] for r in results),
        "setup": statistics.median(r["setup_s"] for r in results),
        "cpu": statistics.median(r["setup_cpu_s"] + r["run_cpu_s"] for r in results),
        "n": len(results),
    }


def pair_ratios(taken: list[dict]) -> list[float]:
    """new/old of set-up + run, repeat by repeat."""
    ratios = []
    for repeat in sorted({t["repeat"] for t in taken}):
        pair = {t["code"]: t["result"] for t in taken if t["repeat"] == repeat}
        if all(code in pair and "error" not in pair[code] for code in (OLD, NEW)):
            old, new = pair[OLD], pair[NEW]
            ratios.append((new["setup_s"] + new["run_s"]) / (old["setup_s"] + old["run_s"]))
    return ratios


def verdict_lines(taken: list[dict], residents: int, steps: int) -> list[str]:
    old, new = medians(taken, OLD), medians(taken, NEW)
    if old is None or new is None:
        return ["- No ratio: every measurement of one side failed."]
    ratio = new["total"] / old["total"]
    pairs = ", ".join(f"{r:.3f}" for r in pair_ratios(taken))
    lines = [
        f"- Set-up + run, median: old {old['total']:.2f} s, new {new['total']:.2f} s: new/old "
        f"**{ratio:.3f}** (per pair: {pairs or '-'})",
        f"- Run alone, median: old {old['run']:.2f} s, new {new['run']:.2f} s: new/old "
        f"**{new['run'] / old['run']:.3f}**",
        f"- Set-up alone (the new one with its spin-up), median: old {old['setup']:.2f} s, new "
        f"{new['setup']:.2f} s: new/old {new['setup'] / old['setup']:.2f}",
        f"- CPU time of set-up + run, median: old {old['cpu']:.2f} s, new {new['cpu']:.2f} s: "
        f"new/old {new['cpu'] / old['cpu']:.3f} (close to the wall-time ratio when the machine "
        "let both run undisturbed)",
    ]
    if residents == REGION and steps == FULL_STEPS:
        lines.append(f"- Target, 100,000 residents x {FULL_STEPS} weeks, set-up + run within "
                     f"{100 * (WITHIN - 1):.0f}% of its time before the spin-up (new/old <= "
                     f"{WITHIN:.2f}): **{'met' if ratio <= WITHIN else 'NOT MET'}**")
    else:
        lines.append(f"- The issue's target (new/old <= {WITHIN:.2f}) is for 100,000 "
                     f"residents x {FULL_STEPS} weeks; not judged at {residents:,} x {steps}. "
                     "The spin-up's two years weigh more against a shorter run.")
    return lines


def report(info: dict, taken: list[dict], residents: int, steps: int) -> str:
    m = info["machine"]
    lines = [
        "# Speed against the model before the spin-up",
        "",
        f"Made by `{info['command']}`.",
        "",
        f"- Date: {info['date']}",
        f"- Old: {info['old']}; new: this tree at {info['new']}",
        f"- CPU: {m['cpu']}",
        f"- Cores: {m['cores']}",
        f"- RAM: {m['memory']}",
        f"- OS: {m['os']}",
        f"- Python {m['python']}; {m['versions']}",
        f"- Load average (1, 5, 15 min) at start: {info['load_start']}; at end: "
        f"{info['load_end']}; total wall time {info['total_s']:.0f} s",
        "",
        f"Scenario `{SCENARIO_FILE.as_posix()}` of each revision, scaled by `with_residents` to "
        f"{residents:,} residents aged 15+, seed {SEED}, {steps} weeks. Every measurement is a "
        "fresh process of `benchmarks/bench_measure.py --checkout` with one thread for "
        "NumPy/BLAS, importing the model from that revision's checkout (a temporary detached "
        "git worktree for the old one; its root first on sys.path, the editable install's "
        "import hook taken out, and the process checks where `model` came from). Set-up: "
        "constructing `ParticipationModel` (with the new code, the spin-up included); run: "
        "`model.run(steps)`. The order alternates (old, new; new, old; ...) so that a drift "
        "in the machine's speed falls on both sides; the ratios are of the medians. The "
        "machine is shared and noisy: compare the ratios within this run, not absolute times "
        "between runs. The run alone also differs when the weekly work changed between the "
        "revisions, not only by the spin-up.",
        "",
        "| repeat | code | spin-up years | set-up s | run s | set-up + run s | set-up CPU s | "
        "run CPU s | peak MB |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for t in taken:
        r = t["result"]
        if "error" in r:
            lines.append(f"| {t['repeat']} | {t['code']} | failed ({r['error']}) | | | | | | |")
            continue
        lines.append(f"| {t['repeat']} | {t['code']} | {r['spinup_years']} | {r['setup_s']:.2f} "
                     f"| {r['run_s']:.2f} | {r['setup_s'] + r['run_s']:.2f} | "
                     f"{r['setup_cpu_s']:.2f} | {r['run_cpu_s']:.2f} | {r['peak_mb']:.0f} |")
    if all("error" not in t["result"] for t in taken):
        lines += ["", "Every old process imported `model` from the temporary worktree of the old "
                  "revision, every new one from this tree (checked in the process and again "
                  "by this script)."]
    lines += ["", *verdict_lines(taken, residents, steps)]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("revision", nargs="?", default=SPINUP_BEFORE,
                        help=f"the older git revision (default {SPINUP_BEFORE}, before the "
                             "spin-up)")
    parser.add_argument("--residents", type=int, default=REGION,
                        help=f"residents aged 15+ (default {REGION:,})")
    parser.add_argument("--steps", type=int, default=FULL_STEPS,
                        help=f"weeks to run (default {FULL_STEPS})")
    parser.add_argument("--repeats", type=int, default=REPEATS,
                        help=f"measurements of each revision (default {REPEATS})")
    parser.add_argument("--pin", type=int, help="pin every measuring process to this CPU")
    parser.add_argument("--out", help="write the report here instead")
    args = parser.parse_args()
    if args.steps < 1 or args.repeats < 1 or args.residents < 1:
        parser.error("--residents, --steps and --repeats must be at least 1")
    try:
        old = git("rev-parse", "--short", "--verify", f"{args.revision}^{{commit}}")
    except subprocess.CalledProcessError:
        parser.error(f"{args.revision} is not a git revision of this repository")
    full = (old == git("rev-parse", "--short", "--verify", f"{SPINUP_BEFORE}^{{commit}}")
            and args.residents == REGION and args.steps == FULL_STEPS
            and args.repeats == REPEATS)
    default_out = SPINUP_RESULTS if full else CUSTOM_RESULTS
    out = Path(args.out).resolve() if args.out else default_out

    began = time.perf_counter()
    info = {
        "command": " ".join([".venv/bin/python", "benchmarks/compare_speed.py", *sys.argv[1:]]),
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "old": old, "new": git_revision(out), "machine": machine(), "load_start": load(),
    }
    taken = measure(old, args.residents, args.steps, args.repeats, args.pin)
    info["load_end"] = load()
    info["total_s"] = time.perf_counter() - began

    text = report(info, taken, args.residents, args.steps)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text)
    print(text)
    print(f"written to {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    if any("error" in t["result"] for t in taken):
        sys.exit(1)


if __name__ == "__main__":
    main()
