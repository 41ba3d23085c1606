"""Do two versions of the model give the same results? Speed work must not change them.

    .venv/bin/python benchmarks/compare_outputs.py e49e9d1          # that revision vs this tree
    .venv/bin/python benchmarks/compare_outputs.py e49e9d1 --quick  # small scenarios only

Runs every shipped scenario for 104 weeks, the 2015 baseline for 260 and (without --quick)
the 100,000-resident region for 156, once with the code of the given git revision (checked
out into a temporary worktree) and once with this working tree, each in its own process, and
prints per case and table the largest relative difference of any number (|a - b| /
max(1, |b|)) and whether the tables are equal bit for bit, over the columns of the older
version (columns only the newer one has are listed, not compared). tests/test_reference.py holds
the same line for one small scenario at 1e-9.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
REGION = 100_000


def cases(quick: bool) -> dict[str, tuple[str, int]]:
    """Name: (scenario path relative to the checkout, or 'region', weeks)."""
    found = {path.stem: (f"scenarios/{path.name}", 104)
             for path in sorted((ROOT / "scenarios").glob("*.yaml"))}
    found["baseline_2015_5y"] = ("scenarios/baseline_2015.yaml", 260)
    if not quick:
        found["region_100k"] = ("region", 156)
    return found


def run_cases(checkout: Path, out: Path, quick: bool) -> None:
    """In a child process: run every case with the code in `checkout`, write Parquet files."""
    sys.path.insert(0, str(checkout))
    try:  # the public API since the package layout of issue 14
        from model import ParticipationModel, load_scenario, tables, with_residents
    except ImportError:  # older revisions
        from model.model import ParticipationModel
        from model.results import tables
        from model.scenario import load_scenario, with_residents

    for name, (scenario, weeks) in cases(quick).items():
        if scenario == "region":
            config = with_residents(load_scenario(checkout / "scenarios/regional_100k.yaml"),
                                    REGION)
        elif not (checkout / scenario).exists():
            continue  # a scenario this revision does not ship
        else:
            config = load_scenario(checkout / scenario)
        model = ParticipationModel(config)
        model.run(weeks)
        for table, frame in tables(model).items():
            frame.to_parquet(out / f"{name}_{table}.parquet", index=False)


def compare(before: Path, after: Path, quick: bool) -> float:
    worst = 0.0
    print("| case | table | largest relative difference | bit for bit |")
    print("|---|---|---:|---|")
    for name in cases(quick):
        if not (before / f"{name}_model.parquet").exists():
            print(f"| {name} | all | only in one version, not compared | |")
            continue
        for table in ("model", "neighbourhoods", "years"):
            a = pd.read_parquet(after / f"{name}_{table}.parquet")
            b = pd.read_parquet(before / f"{name}_{table}.parquet")
            added = [c for c in a.columns if c not in b.columns]
            if added:
                print(f"| {name} | {table} | new columns, not compared: {', '.join(added)} | |")
            missing = [c for c in b.columns if c not in a.columns]
            if missing:
                print(f"| {name} | {table} | columns gone: {', '.join(missing)} | no |")
                worst = float("inf")
                continue
            a = a[list(b.columns)]
            numbers = b.select_dtypes("number").columns
            x, y = a[numbers].to_numpy(float), b[numbers].to_numpy(float)
            if x.shape != y.shape:
                print(f"| {name} | {table} | shapes differ: {x.shape} against {y.shape} | no |")
                worst = float("inf")
                continue
            diff = np.abs(x - y) / np.maximum(1.0, np.abs(y))
            largest = float(np.nanmax(diff)) if diff.size else 0.0
            same = a.equals(b)
            worst = max(worst, largest)
            print(f"| {name} | {table} | {largest:.2g} | {'yes' if same else 'no'} |")
    return worst


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("revision", nargs="?", help="the git revision to compare with")
    parser.add_argument("--quick", action="store_true", help="leave out the 100k region")
    parser.add_argument("--run", nargs=2, metavar=("CHECKOUT", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        run_cases(Path(args.run[0]), Path(args.run[1]), args.quick)
        return
    if not args.revision:
        parser.error("say which git revision to compare with, for example e49e9d1")
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        worktree = tmp_path / "checkout"
        subprocess.run(["git", "worktree", "add", "--detach", "-q", str(worktree),
                        args.revision], cwd=ROOT, check=True)
        try:
            for label, checkout in (("before", worktree), ("after", ROOT)):
                (tmp_path / label).mkdir()
                command = [sys.executable, __file__, "--run", str(checkout),
                           str(tmp_path / label)] + (["--quick"] if args.quick else [])
                subprocess.run(command, cwd=checkout, check=True)
            worst = compare(tmp_path / "before", tmp_path / "after", args.quick)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(worktree)], cwd=ROOT,
                           check=False)
    print(f"\nlargest relative difference over all: {worst:.2g}")


if __name__ == "__main__":
    main()
