"""What single NumPy operations cost over one column of residents, and what the weekly rules
use instead (docs/model.md, "Speed"; model/columns.py).

    .venv/bin/python benchmarks/primitives.py [--residents 100000]

Prints one table: the best of 5 repeats of 50 calls each, in microseconds per call, on a
random mask (about 40% true, as residents' role masks are) and random values. The pairs give
the same values; the ratio is what the replacement saves.
"""

from __future__ import annotations

import argparse
import os
import sys
import timeit
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from model.columns import Blocks, pick, where_true  # noqa: E402

NEIGHBOURHOODS = 20


def cases(n: int) -> list[tuple[str, str, str, dict]]:
    """(what, the plain expression, the replacement, their variables)."""
    rng = np.random.default_rng(1)
    values = rng.random(n)
    mask = rng.random(n) < 0.4
    keys = np.sort(rng.integers(0, NEIGHBOURHOODS, n))
    names = {"np": np, "values": values, "mask": mask, "keys": keys,
             "rows": np.flatnonzero(mask), "blocks": Blocks.of_sorted(keys, NEIGHBOURHOODS),
             "where_true": where_true, "pick": pick, "K": NEIGHBOURHOODS,
             "per_group": rng.random(NEIGHBOURHOODS)}
    return [
        ("values where mask, else 0", "np.where(mask, values, 0.0)",
         "where_true(mask, values)", names),
        ("one of two numbers by mask", "np.where(mask, 0.004, 0.02)",
         "pick(mask, 0.004, 0.02)", names),
        ("values where mask (a subset)", "values[mask]", "values[np.flatnonzero(mask)]", names),
        ("set where mask", "values[mask] = 0.5", "values[np.flatnonzero(mask)] = 0.5", names),
        ("sum per neighbourhood", "np.bincount(keys, weights=values, minlength=K)",
         "blocks.sums(values)", names),
        ("neighbourhood value per resident", "per_group[keys]", "blocks.spread(per_group)",
         names),
    ]


def best_us(statement: str, names: dict) -> float:
    return 1e6 * min(timeit.repeat(statement, globals=names, number=50, repeat=5)) / 50


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--residents", type=int, default=100_000)
    n = parser.parse_args().residents
    print(f"{n:,} residents, one thread; microseconds per call (best of 5 x 50)\n")
    print("| operation | plain | µs | replacement | µs | ratio |")
    print("|---|---|---:|---|---:|---:|")
    for what, plain, replacement, names in cases(n):
        a, b = best_us(plain, names), best_us(replacement, names)
        print(f"| {what} | `{plain}` | {a:.0f} | `{replacement}` | {b:.0f} | {a / b:.1f} |")


if __name__ == "__main__":
    main()
