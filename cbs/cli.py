"""`run.py scenario from-cbs`: import, report every missing value on stderr, write the file,
print a one-line summary. Bad input is one line on stderr and the exit code run.py gives
invalid input, never a traceback."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cbs.build import scenario_from_cbs
from cbs.read import CbsError

SHOWN = 200  # characters of a path a message shows


def out_problem(out: Path, force: bool) -> str | None:
    """Why --out cannot be written, checked before the import starts."""
    if out.is_dir():
        return "is a folder; give a file name such as scenario.yaml"
    if out.exists() and not force:
        return "exists; add --force to overwrite it"
    return None


def from_cbs(args: argparse.Namespace, invalid: int) -> int:
    """The command; `invalid` is the exit code for bad input."""
    source, out = Path(args.file), Path(args.out)
    if problem := out_problem(out, args.force):
        print(f"{str(out)[:SHOWN]}: {problem}", file=sys.stderr)
        return invalid
    try:
        result = scenario_from_cbs(source, source.name, args.municipality, args.level,
                                   national_income=args.national_income)
    except CbsError as exc:
        print(f"{str(source)[:SHOWN]}: {exc}", file=sys.stderr)
        return invalid
    for finding in result.problems:
        print(f"{source}: {finding}", file=sys.stderr)
    for note in result.notes:
        print(f"{source}: note: {note}", file=sys.stderr)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("w" if args.force else "x", encoding="utf-8") as handle:
            handle.write(result.yaml)
    except OSError as exc:
        print(f"{str(out)[:SHOWN]}: cannot be written: {exc.strerror or exc}", file=sys.stderr)
        return invalid
    print(f"{result.summary()}; written to {out}")
    return 0
