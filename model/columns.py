"""Fast building blocks for rules over resident columns.

Measured at 100,000 residents (docs/model.md, "Speed"): NumPy operations that branch on a
mask per element (`np.where(mask, a, b)`, `a[mask]`, `a[mask] = v`) cost 5-10 times a plain
multiplication when the mask is random, as residents' masks are; `np.bincount` with weights
costs about 10 times a block sum. The helpers here give the same values without the branch.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


def where_true(mask: np.ndarray, values: np.ndarray) -> np.ndarray:
    """`values` where `mask` holds, 0 elsewhere: `np.where(mask, values, 0.0)` for finite
    values, computed as a product (no branch per element)."""
    return values * mask


def pick(mask: np.ndarray, if_true: float, if_false: float) -> np.ndarray:
    """`if_true` where `mask` holds, else `if_false` (two finite numbers): the same values
    as `np.where(mask, if_true, if_false)`, as a sum of two products (no branch)."""
    return if_true * mask + if_false * ~mask


@dataclass(frozen=True)
class Blocks:
    """Contiguous groups of a sorted column (residents by neighbourhood, say): sums per
    group and spreading a per-group value over its members, without scatter or gather."""

    starts: np.ndarray  # int64, first position of each group
    sizes: np.ndarray  # int64, members of each group (may be 0)

    @classmethod
    def of_sizes(cls, sizes: np.ndarray) -> Blocks:
        sizes = np.asarray(sizes, dtype=np.int64)
        return cls(np.cumsum(sizes) - sizes, sizes)

    @classmethod
    def of_sorted(cls, keys: np.ndarray, n_groups: int) -> Blocks:
        """The groups of a sorted key column with values 0..n_groups-1."""
        starts = np.searchsorted(keys, np.arange(n_groups + 1))
        return cls(starts[:-1].astype(np.int64), np.diff(starts).astype(np.int64))

    def sums(self, values: np.ndarray) -> np.ndarray:
        """Sum of `values` over each group (0 for an empty group), as floats."""
        out = np.zeros(len(self.sizes))
        filled = self.sizes > 0
        if filled.any():  # reduceat needs strictly increasing, in-range starts
            out[filled] = np.add.reduceat(values, self.starts[filled], dtype=float)
        return out

    def spread(self, per_group: np.ndarray) -> np.ndarray:
        """Each group's value repeated for its members: `per_group[group]`, faster."""
        return np.repeat(per_group, self.sizes)
