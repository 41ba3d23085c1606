"""The social network as CSR arrays: most ties inside the own neighbourhood, some across.

Ties are undirected and stored in both directions, so row i of the CSR lists everyone i is
tied to. No Python object per tie: a million residents with eight ties each are two arrays.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np


@dataclass(frozen=True)
class Network:
    """Compressed sparse rows: the ties of resident i are `indices[indptr[i]:indptr[i+1]]`."""

    indptr: np.ndarray  # int64, length n + 1
    indices: np.ndarray  # int32, length 2 * ties: the tied resident
    rows: np.ndarray  # int32, length 2 * ties: the resident the tie belongs to
    # Shares of ties over the whole group (the ties and the resident itself) instead of over
    # the ties: set for the complete network, where that is Granovetter's k/N.
    share_of_group: bool = False

    @property
    def size(self) -> int:
        return len(self.indptr) - 1

    @cached_property
    def degree(self) -> np.ndarray:
        """Ties per resident (the network never changes, so it is computed once)."""
        return np.diff(self.indptr)

    def ties_of(self, residents: np.ndarray) -> np.ndarray:
        """Positions in the CSR arrays of all ties of `residents` (ascending), row by row:
        the rules then touch only the ties that matter this week, not all of them."""
        starts = self.indptr[residents]
        sizes = self.indptr[residents + 1] - starts
        offsets = np.cumsum(sizes) - sizes
        return np.arange(int(sizes.sum())) + np.repeat(starts - offsets, sizes)

    def first_flagged_ties(self, residents: np.ndarray, flag: np.ndarray,
                           k: int | None = None) -> tuple[np.ndarray, np.ndarray]:
        """The residents that `residents` are tied to and whose `flag` is set (the first `k`
        of each row, in row order; all without `k`), and how many each resident has."""
        tied = self.indices[self.ties_of(residents)]  # row by row, each row in order
        flagged = np.flatnonzero(flag[tied])
        # Flagged ties per resident: how many fall before the end of each resident's run.
        per_row = np.diff(np.searchsorted(flagged, np.cumsum(self.degree[residents])),
                          prepend=0)
        if k is not None:
            flagged = flagged[rank_in_rows(per_row) < k]
            per_row = np.minimum(per_row, k)
        return tied[flagged], per_row

    def any_flagged(self, residents: np.ndarray, flag: np.ndarray) -> np.ndarray:
        """For each of `residents`, whether any of its ties has `flag` set."""
        out = np.zeros(len(residents), dtype=bool)
        tied = np.flatnonzero(self.degree[residents] > 0)  # reduceat needs non-empty rows
        if len(tied):
            degree = self.degree[residents[tied]]
            ties = self.ties_of(residents[tied])
            out[tied] = np.logical_or.reduceat(flag[self.indices[ties]],
                                               np.cumsum(degree) - degree)
        return out

    @cached_property
    def divisor(self) -> np.ndarray:
        """The degree as floats, 1 for residents without ties: per-resident shares of ties
        are counts over this (0 without ties), without a mask. With `share_of_group`, the
        degree plus one: the size of the group of the resident and its ties, so in the
        complete network of N residents a share of k active ties is k/N."""
        if self.share_of_group:
            return (self.degree + 1).astype(float)
        return np.maximum(self.degree, 1).astype(float)

    def neighbour_share(self, flag: np.ndarray) -> np.ndarray:
        """Per resident, the share of ties for which `flag` is true (0 without ties).

        Counts over every tie; the weekly step keeps its counts up to date instead
        (`TieCounter`).
        """
        counts = np.bincount(self.rows, weights=flag[self.indices], minlength=self.size)
        return counts / self.divisor


def rank_in_rows(per_row: np.ndarray) -> np.ndarray:
    """For items listed row by row, `per_row[i]` of them in row i: each item's place in its
    row (0 for the first)."""
    return np.arange(int(per_row.sum())) - np.repeat(np.cumsum(per_row) - per_row, per_row)


def from_pairs(n: int, a: np.ndarray, b: np.ndarray,
               rng: np.random.Generator | None = None) -> Network:
    """An undirected network from tie pairs; self-ties and repeated ties are dropped.

    Within a row, ties are sorted by the tied resident, or shuffled when `rng` is given: rules
    that lean on "the first ties" (a resident's main carers) then pick random ones, not the
    lowest-numbered.
    """
    keep = a != b
    a, b = a[keep].astype(np.int64), b[keep].astype(np.int64)
    src = np.concatenate([a, b])
    dst = np.concatenate([b, a])
    keys = np.sort(src * n + dst)  # sorted by source, then target
    keys = keys[np.r_[True, keys[1:] != keys[:-1]][:len(keys)]]  # repeated ties dropped
    src, dst = keys // n, keys % n
    if rng is not None:
        order = np.lexsort((rng.random(len(src)), src))
        src, dst = src[order], dst[order]
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(src, minlength=n), out=indptr[1:])
    return Network(indptr=indptr, indices=dst.astype(np.int32), rows=src.astype(np.int32))


def build_network(
    neighbourhood: np.ndarray,
    mean_ties: np.ndarray,
    outside_share: float,
    rng: np.random.Generator,
) -> Network:
    """Random ties: each resident starts about half its ties, mostly to neighbours.

    `neighbourhood` must be sorted (residents of one neighbourhood are contiguous), so a
    random neighbour is an offset into that neighbourhood's block.
    """
    n = len(neighbourhood)
    if n == 0:
        return from_pairs(0, np.zeros(0, np.int64), np.zeros(0, np.int64))
    sizes = np.bincount(neighbourhood)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    stubs = rng.poisson(mean_ties[neighbourhood] / 2.0)
    a = np.repeat(np.arange(n, dtype=np.int64), stubs)
    home = neighbourhood[a]
    outside = rng.random(len(a)) < outside_share
    local = starts[home] + (rng.random(len(a)) * sizes[home]).astype(np.int64)
    anywhere = rng.integers(0, n, size=len(a))
    b = np.where(outside, anywhere, local)
    return from_pairs(n, a, b, rng)


def complete_network(n: int) -> Network:
    """Everyone tied to everyone (for the threshold-cascade check), with shares of ties
    taken over the whole group: a resident who sees k of the others active has a share of
    k/N, Granovetter's (1978) proportion of the group, not k/(N - 1)."""
    a, b = np.triu_indices(n, k=1)
    return replace(from_pairs(n, a, b), share_of_group=True)


class TieCounter:
    """Per resident, how many of its ties have a flag set, kept up to date week by week.

    Few residents change (start or stop helping, get or lose a need) in a week, so instead of
    counting over all ties again, only the ties of those who changed are visited. The counts
    are exact integers (held as floats, which the shares are computed from), the same as
    counting afresh.
    """

    def __init__(self, network: Network) -> None:
        self.network = network
        self.flag = np.zeros(network.size, dtype=bool)
        self.counts = np.zeros(network.size)

    def update(self, flag: np.ndarray) -> np.ndarray:
        """The counts for `flag` (a bool per resident); visits only the residents whose flag
        changed since the last call."""
        changed = np.flatnonzero(flag != self.flag)
        if len(changed):
            net = self.network
            ties = net.ties_of(changed)
            sizes = net.degree[changed]
            step = np.where(flag[changed], 1.0, -1.0)
            np.add.at(self.counts, net.indices[ties], np.repeat(step, sizes))
            self.flag = flag.copy()
        return self.counts


class FirstTies:
    """For residents who ask, their first `k` ties (in row order) to residents whose flag is
    set, remembered from week to week.

    Tie help asks this every week of everyone in need. Needs last for months and few
    residents start or stop being able to help in a week, so a resident's answer is kept
    and found again only when it is asked for the first time, or when one of its ties
    changed its flag since. The answers are the same as `Network.first_flagged_ties`.
    """

    def __init__(self, network: Network, k: int) -> None:
        self.network = network
        self.k = k
        self.flag = np.zeros(network.size, dtype=bool)
        self.slots = np.full((network.size, k), -1, dtype=np.int64)  # tied residents
        self.count = np.zeros(network.size, dtype=np.int64)  # slots filled
        self.fresh = np.zeros(network.size, dtype=bool)  # slots valid for `flag`

    def of(self, residents: np.ndarray, flag: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """As `network.first_flagged_ties(residents, flag, k)`: the flagged residents that
        `residents` lean on, row by row, and how many each has."""
        net, k = self.network, self.k
        changed = np.flatnonzero(flag != self.flag)
        if len(changed):
            self.flag = flag.copy()
            if len(changed) * 8 > net.size:  # many changed (at the start, say): forget all
                self.fresh[:] = False
            else:  # the residents tied to one who changed must look again
                self.fresh[net.indices[net.ties_of(changed)]] = False
        stale = residents[~self.fresh[residents]]
        if len(stale):
            tied, per_row = net.first_flagged_ties(stale, self.flag, k)
            self.slots.ravel()[np.repeat(stale * k, per_row) + rank_in_rows(per_row)] = tied
            self.count[stale] = per_row
            self.fresh[stale] = True
        per_row = self.count[residents]
        # Row by row, the filled slots (np.take: much faster than indexing rows).
        slots = np.take(self.slots, residents, axis=0).ravel()
        filled = np.flatnonzero(np.arange(k) < per_row[:, None])
        return slots[filled], per_row
