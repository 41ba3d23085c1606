"""Write docs/validation.md and its figures: the calibration table and the stylized facts.

    .venv/bin/python -m validation.make_validation [--quick] [--workers 2] [--out DIR]

Every number on the page comes from the runs this script makes: the calibration of the 2015
baseline (`validation/calibration.py`) and one experiment per stylized fact (listed in
`validation/stylized_facts.py`, the same functions the tests call). The figures are drawn by
`validation/figures.py`, the text is written by `validation/page.py`. `--quick` runs two
seeds per fact and three calibration seeds, to try the script out; it writes to
results/validation_quick/ unless `--out` says otherwise. The committed page comes from the
full run.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from model import BOUNDARIES, load_scenario
from validation import (
    budget_facts,
    calibration,
    cascade,
    domain_facts,
    figures,
    lever_facts,
    magnitudes,
    page,
    page_honesty,
    stationarity,
)
from validation.facts import BURN_IN, REGION, ROOT, TOWN, YEARS, Verdict

QUICK_SEEDS = 2
QUICK_CALIBRATION_SEEDS = 3
QUICK_CASCADE_DRAWS = 15


def git_version() -> str:
    """The commit the page is made from (`git describe`), or "unknown"."""
    try:
        return subprocess.run(["git", "describe", "--always", "--dirty"], cwd=ROOT,
                              capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="two seeds per fact and three calibration seeds (to try it out)")
    parser.add_argument("--workers", type=int, default=2, help="processes for the runs")
    parser.add_argument("--out", type=Path, default=None,
                        help="folder for validation.md and figures/ (default: docs/, or "
                        "results/validation_quick/ with --quick)")
    args = parser.parse_args(argv)
    out = args.out or (ROOT / "results" / "validation_quick" if args.quick else ROOT / "docs")
    folder = out / "figures"
    folder.mkdir(parents=True, exist_ok=True)
    workers = args.workers
    start = time.perf_counter()

    def seeds(default: Sequence[int]) -> tuple[int, ...]:
        return tuple(default[:QUICK_SEEDS]) if args.quick else tuple(default)

    timings: dict[str, float] = {}
    sections: list[str] = []
    summary: list[tuple[str, Verdict]] = []

    def timed(name: str, func: Callable[..., Any], *a: Any, **kw: Any) -> Any:
        t0 = time.perf_counter()
        result = func(*a, **kw)
        timings[name] = time.perf_counter() - t0
        print(f"{name}: {timings[name]:.0f} s", flush=True)
        return result

    town = load_scenario(TOWN)
    region = load_scenario(REGION)
    town_text = (f"`{TOWN.relative_to(ROOT)}` ({town.inhabitants:,} inhabitants, "
                 f"{town.residents:,} residents aged 15+ in "
                 f"{len(town.region.municipalities[0].neighbourhoods)} neighbourhoods from SES "
                 "0.15 to 0.85)")
    window = (f"Outcomes are weekly means over years {BURN_IN + 1}-{YEARS} of a "
              f"{YEARS}-year run after the spin-up (the first year is left out while the "
              "setting, made at week 0, takes hold)")
    ctx = page.Context(town, region, town_text, window)

    # Calibration
    cal_seeds = (calibration.CALIBRATION_SEEDS[:QUICK_CALIBRATION_SEEDS] if args.quick
                 else calibration.CALIBRATION_SEEDS)
    t0 = time.perf_counter()
    result = calibration.compare(calibration.measure(cal_seeds, workers=workers))
    timings["calibration"] = time.perf_counter() - t0
    calibration_text = page.calibration_section(result, cal_seeds, timings["calibration"])
    print(f"calibration: {timings['calibration']:.0f} s", flush=True)

    # Honesty: a flat baseline, every year's calibration, effect sizes, the Sobol study
    s = seeds(stationarity.SEEDS)
    frame = timed("stationarity", stationarity.yearly_means, seeds=s, workers=workers)
    waiting = timed("waiting_list", stationarity.waiting_lists, seeds=s, workers=workers)
    every = timed("calibration_every_year", calibration.measure_every_year, cal_seeds,
                  workers=workers)
    verdicts = (stationarity.check_stationarity(frame), stationarity.check_waiting_lists(waiting))
    summary += [("A run that changes nothing stays flat", verdicts[0]),
                ("The waiting list", verdicts[1])]
    honesty = [page_honesty.stationarity_section(frame, verdicts[0], waiting, verdicts[1],
                                                 calibration.compare_every_year(every))]
    s = seeds(magnitudes.SEEDS)
    effects = timed("effect_sizes", magnitudes.effect_table, seeds=s, workers=workers)
    verdict = magnitudes.check_magnitudes(effects)
    summary.append(("Effect sizes within their sources", verdict))
    crowding = timed("crowding_decomposition", magnitudes.crowding_decomposition, seeds=s,
                     workers=workers)
    honesty += [page_honesty.effects_section(effects, verdict, list(s)),
                page_honesty.crowding_section(crowding), page_honesty.sobol_section()]

    # Crowding out
    s = seeds(lever_facts.CROWDING_OUT_SEEDS)
    frame = timed("crowding_out", lever_facts.crowding_out, seeds=s, workers=workers)
    verdict = lever_facts.check_crowding_out(frame)
    figures.figure_crowding_out(frame, folder / "crowding_out.png")
    summary.append(("Crowding out", verdict))
    sections.append(page.crowding_out_section(frame, verdict, s, ctx))

    # Hysteresis
    s = seeds(lever_facts.HYSTERESIS_SEEDS)
    frame, weekly = timed("hysteresis", lever_facts.hysteresis_with_weekly, seeds=s,
                          workers=workers)
    marks = {k: int(frame[f"week_{k}"].iloc[0]) for k in ("before", "lifted", "after")}
    verdict = lever_facts.check_hysteresis(frame)
    figures.figure_hysteresis(weekly, frame, marks, folder / "hysteresis.png")
    summary.append(("Hysteresis", verdict))
    sections.append(page.hysteresis_section(frame, verdict, s, ctx, marks))

    # Cuts
    s = seeds(budget_facts.CUTS_SEEDS)
    frame = timed("cuts", budget_facts.cuts, seeds=s, workers=workers)
    verdict = budget_facts.check_cuts(frame)
    figures.figure_cuts(frame, town.inhabitants, YEARS, folder / "cuts.png")
    summary.append(("Cuts shift burden", verdict))
    sections.append(page.cuts_section(frame, verdict, s, ctx))

    # Boundaries
    s = seeds(lever_facts.BOUNDARIES_SEEDS)
    frame = timed(BOUNDARIES, lever_facts.boundaries, seeds=s, workers=workers)
    verdict = lever_facts.check_boundaries(frame)
    figures.figure_boundaries(frame, folder / "boundaries.png")
    summary.append(("Boundaries protect", verdict))
    sections.append(page.boundaries_section(frame, verdict, s, ctx))

    # Inequality
    s = seeds(budget_facts.INEQUALITY_SEEDS)
    frame = timed("inequality", budget_facts.inequality, seeds=s, workers=workers)
    verdict = budget_facts.check_inequality(frame)
    figures.figure_inequality(frame, folder / "inequality.png")
    summary.append(("Inequality", verdict))
    sections.append(page.inequality_section(frame, verdict, s, ctx))

    # Scale
    s = seeds(budget_facts.SCALE_SEEDS)
    frame = timed("scale", budget_facts.scale, seeds=s, workers=workers)
    verdict = budget_facts.check_scale(frame)
    figures.figure_scale(frame, folder / "scale.png")
    summary.append(("Scale", verdict))
    sections.append(page.scale_section(frame, verdict, s, ctx))

    # Each task at its own scale
    s = seeds(domain_facts.SEEDS)
    frame = timed("domain_scales", domain_facts.youth_scales, seeds=s, workers=workers)
    moving, staying = timed("domain_move", domain_facts.move_back)
    verdict = domain_facts.check_youth_scales(frame)
    verdict = Verdict(verdict.fact, verdict.claim, verdict.comparisons,
                      verdict.checks + domain_facts.check_move_back(moving, staying))
    figures.figure_domain_scales(frame, moving, staying, folder / "domain_scales.png")
    summary.append(("Each task at its own scale", verdict))
    sections.append(page.domain_section(frame, verdict, s))

    # Threshold cascade
    draws = QUICK_CASCADE_DRAWS if args.quick else cascade.CASCADE_DRAWS
    uniform = timed("threshold_cascade_uniform", cascade.uniform_cascades)
    frame = timed("threshold_cascade", cascade.threshold_cascade_sweep, draws=draws)
    verdict = cascade.check_threshold_cascade(frame)
    figures.figure_cascade(frame, uniform, folder / "threshold_cascade.png")
    summary.append(("Threshold cascade", verdict))
    sections.append(page.cascade_section(frame, verdict, uniform, draws))

    elapsed = time.perf_counter() - start
    header = page.page_header(summary, timings, elapsed, workers, args.quick, git_version())
    text = "\n".join(header + [calibration_text, ""] + honesty
                     + [section + "\n" for section in sections])
    (out / "validation.md").write_text(text, encoding="utf-8")
    print(f"wrote {out / 'validation.md'} and {len(summary)} figures in {elapsed:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
