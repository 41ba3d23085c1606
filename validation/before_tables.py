"""The "before" tables of docs/validation.md: the model at an older revision, measured the
same way as now, so that the page can show each table before and after.

    .venv/bin/python -m validation.before_tables            # 144e2d7, the model before the
                                                             # spin-up (issue 16)

Checks the revision out into a temporary, detached git worktree and, in a child process
that imports the model from that checkout (its root first on sys.path, as
benchmarks/compare_outputs.py does), runs:
- `stationarity_<rev>.csv`: `baseline_2015` unchanged for 10 years, seeds 1-6; per year the
  means of the weekly outputs the stationarity check compares, and crisis spending as a share
  of the budget;
- `levers_<rev>.csv`: each lever set alone from the baseline to 0 and 1 (steering pressure
  to 0.25, 0.5 and 1), seeds 1-3, the third year's means of participation, unmet share, mean
  trust and waiting list; the lever is set through the model's keyword arguments, which at
  that revision meant "from the start" and now means "a change at week 0".
Both files go to validation/before/, where validation/page_honesty.py reads them.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "validation" / "before"
REVISION = "144e2d7"
COLUMNS = ["participation", "volunteer_share", "informal_helper_share", "unmet_share",
           "mean_trust", "mean_belonging", "people_in_need_share", "initiatives",
           "waiting_list"]
PRESSURES = (0.25, 0.5, 1.0)  # steering pressure starts at 0: only upward settings


def lever_settings() -> list[tuple[str | None, float | None]]:
    """The baseline, each lever but steering pressure at 0 and at 1, and steering pressure
    at `PRESSURES` (the levers of the imported model)."""
    from model import LEVERS, STEERING_PRESSURE

    return [(None, None)] + [(lever, value) for lever in LEVERS for value in (
        PRESSURES if lever == STEERING_PRESSURE else (0.0, 1.0))]


STATIONARITY_SEEDS = range(1, 7)
LEVER_SEEDS = (1, 2, 3)


def _weekly(model) -> pd.DataFrame:
    from model import tables  # the checkout's, on sys.path first

    weekly = tables(model)["model"]
    return weekly[weekly["week"] > 0]


def stationarity_rows(seed: int) -> pd.DataFrame:
    """One seed of the unchanged baseline, 10 years: yearly means."""
    from model import WEEKS_PER_YEAR, ParticipationModel

    model = ParticipationModel("scenarios/baseline_2015.yaml", rng=seed)
    model.run(10 * WEEKS_PER_YEAR)
    grouped = _weekly(model).groupby("year")
    out = grouped[COLUMNS].mean()
    out["crisis_share"] = grouped["spending_crisis"].sum() / grouped["budget_week"].sum()
    out["seed"] = seed
    return out.reset_index()


def lever_row(job: tuple[tuple[str | None, float | None], int]) -> dict:
    """One lever setting and seed: the third year's means."""
    from model import WEEKS_PER_YEAR, ParticipationModel

    (lever, value), seed = job
    model = ParticipationModel("scenarios/baseline_2015.yaml", rng=seed,
                               **({} if lever is None else {lever: value}))
    model.run(3 * WEEKS_PER_YEAR)
    weekly = _weekly(model)
    third = weekly[weekly["year"] == 2]
    means = third[["participation", "unmet_share", "mean_trust", "waiting_list"]].mean()
    return {"lever": lever or "none", "value": value, "seed": seed, **means.to_dict()}


def run_in_checkout(checkout: Path, out: Path, revision: str) -> None:
    """In the child process: measure with the checkout's model, write the two files."""
    with ProcessPoolExecutor(2) as pool:
        stationarity = pd.concat(list(pool.map(stationarity_rows, STATIONARITY_SEEDS)))
        levers = pd.DataFrame(list(pool.map(
            lever_row, [(s, seed) for s in lever_settings() for seed in LEVER_SEEDS])))
    stationarity.to_csv(out / f"stationarity_{revision}.csv", index=False)
    levers.to_csv(out / f"levers_{revision}.csv", index=False)
    print(f"wrote {out / f'stationarity_{revision}.csv'} and {out / f'levers_{revision}.csv'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("revision", nargs="?", default=REVISION)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--run", metavar="CHECKOUT", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        sys.path.insert(0, args.run)
        os.chdir(args.run)  # the checkout's scenario files
        run_in_checkout(Path(args.run), args.out.resolve(), args.revision)
        return
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        checkout = Path(tmp) / "checkout"
        subprocess.run(["git", "worktree", "add", "--detach", "-q", str(checkout),
                        args.revision], cwd=ROOT, check=True)
        try:
            subprocess.run([sys.executable, str(Path(__file__).resolve()), args.revision,
                            "--out", str(args.out.resolve()), "--run", str(checkout)],
                           cwd=checkout, check=True)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(checkout)], cwd=ROOT,
                           check=False)


if __name__ == "__main__":
    main()
