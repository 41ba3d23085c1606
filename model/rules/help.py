"""Help flows: own strength, then ties, matching, initiatives, and the neighbourhood team.

Every flow is computed as hours moving from givers to receivers over arrays, so what is
given equals what is received by construction (up to rounding).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from model.columns import Blocks
from model.network import FirstTies, Network


class Flow(NamedTuple):
    received: np.ndarray  # hours per receiving resident
    given: np.ndarray  # hours per giving resident (or per team for professionals)
    main: np.ndarray | None = None  # tie help only: each receiver's main carer, -1 if none


def group_starts(keys: np.ndarray) -> np.ndarray:
    """For sorted `keys`, the position where each element's run of equal keys begins."""
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    return np.repeat(starts, np.diff(np.r_[starts, len(keys)]))


def need_hours(need: np.ndarray, self_reliance: np.ndarray,
               hours_at_full: float) -> tuple[np.ndarray, np.ndarray]:
    """Hours of help a need takes this week, and the part the resident covers alone."""
    hours = need * hours_at_full
    return hours, hours * self_reliance


def tie_help(request: np.ndarray, capacity: np.ndarray, network: Network,
             max_helpers: int | None = None, first_ties: FirstTies | None = None) -> Flow:
    """Residents ask their helper ties; each helper shares out its capacity pro rata.

    A request is split equally over the resident's ties who have capacity (at most
    `max_helpers` of them: informal care rests on one or two main carers); a helper who is
    asked more than it can give scales every ask down by the same factor. `first_ties`
    (for `max_helpers` ties) remembers the usable ties from week to week.
    """
    n = len(request)
    main = np.full(n, -1, dtype=np.int64)
    askers = np.flatnonzero(request > 0.0)
    if first_ties is not None:
        if first_ties.k != max_helpers:
            raise ValueError(f"first_ties keeps {first_ties.k} ties, not {max_helpers}")
        c, per_asker = first_ties.of(askers, capacity > 0.0)
    else:
        c, per_asker = network.first_flagged_ties(askers, capacity > 0.0, max_helpers)
    if len(c) == 0:
        return Flow(np.zeros(n), np.zeros(n), main)
    helped = per_asker > 0
    receivers, counts = askers[helped], per_asker[helped]
    first = np.cumsum(counts) - counts  # each receiver's first usable tie: the main carer
    main[receivers] = c[first]
    ask = np.repeat(request[receivers] / counts, counts)
    demand = np.bincount(c, weights=ask, minlength=n)
    scale = np.ones(n)
    short = np.flatnonzero(demand > capacity)  # helpers asked more than they can give
    scale[short] = capacity[short] / demand[short]
    flow = ask * scale[c]
    received = np.zeros(n)
    received[receivers] = np.add.reduceat(flow, first)
    return Flow(received, np.bincount(c, weights=flow, minlength=n), main)


def pool_help(demand: np.ndarray, supply: np.ndarray, group: Blocks,
              demand_group: Blocks | None = None) -> Flow:
    """Within each group, supply meets demand pro rata on both sides.

    Used for matching helpers beyond direct ties, and for initiatives' volunteers, both
    within the neighbourhood. Groups are contiguous blocks (residents are sorted by
    neighbourhood). `demand_group` gives the demand's blocks when the demand covers other
    residents than the supply (only those in need, say); by default `group`.
    """
    if demand_group is None:
        demand_group = group
    n_groups = len(group.sizes)
    total_demand = demand_group.sums(demand)
    total_supply = group.sums(supply)
    moved = np.minimum(total_demand, total_supply)
    demand_met = np.divide(moved, total_demand, out=np.zeros(n_groups), where=total_demand > 0)
    supply_used = np.divide(moved, total_supply, out=np.zeros(n_groups), where=total_supply > 0)
    return Flow(demand * demand_group.spread(demand_met), supply * group.spread(supply_used))


def professional_help(
    request: np.ndarray, cost: np.ndarray, severity: np.ndarray, team: np.ndarray,
    capacity: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each team serves its eligible cases in order of severity while its hours last.

    `request` is the help a case needs (0 if not eligible), `cost` the team hours that takes
    (more than `request` when two intakes are needed). Returns help received per resident,
    team hours used per resident, and who waits (not, or not fully, served).
    """
    n = len(request)
    received, used = np.zeros(n), np.zeros(n)
    waiting = np.zeros(n, dtype=bool)
    cases = np.flatnonzero(request > 0.0)
    if len(cases) == 0:
        return received, used, waiting
    # By team, then by severity, highest first (stable sorts: ties keep resident order).
    cases = cases[np.argsort(-severity[cases], kind="stable")]
    if team[cases].min() != team[cases].max():
        cases = cases[np.argsort(team[cases], kind="stable")]
    case_team, case_cost = team[cases], cost[cases]
    before = np.cumsum(case_cost) - case_cost
    before_in_team = before - before[group_starts(case_team)]
    served = np.clip(capacity[case_team] - before_in_team, 0.0, case_cost)
    fraction = np.divide(served, case_cost, out=np.zeros(len(cases)), where=case_cost > 0)
    received[cases] = request[cases] * fraction
    used[cases] = served
    waiting[cases] = fraction < 1.0 - 1e-9
    return received, used, waiting
