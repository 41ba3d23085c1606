"""Help flows: own strength, then ties, matching, initiatives, and the neighbourhood team.

Every flow is computed as hours moving from givers to receivers over arrays, so what is
given equals what is received by construction (up to rounding).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from model.columns import Blocks
from model.network import FirstTies, Network
from model.parameters import Parameters


class Flow(NamedTuple):
    received: np.ndarray  # hours per receiving resident
    given: np.ndarray  # hours per giving resident (or per team for professionals)
    main: np.ndarray | None = None  # tie help only: each receiver's main carer, -1 if none


@dataclass(frozen=True)
class HelpWeek:
    """What the help phase hands the later phases of its week and the outputs.

    `asked` are the residents who asked for help this week and `met_share` the share of
    their need hours met (for trust); `effort` the hours each resident spent helping
    (volunteers also count their time that is not care; for strain and the yearly record);
    the four totals are hours this week, for the outputs.
    """

    asked: np.ndarray
    met_share: np.ndarray
    effort: np.ndarray
    tie_hours: float = 0.0
    matched_hours: float = 0.0
    referral_hours: float = 0.0
    intake_extra_hours: float = 0.0
    # Per need domain (DOMAINS order): referral hours by the referring domain's team.
    referral_hours_by_domain: tuple[float, float, float] = (0.0, 0.0, 0.0)

    @classmethod
    def quiet(cls, residents: int) -> HelpWeek:
        """Before the first week: nobody asked, nobody helped."""
        return cls(np.zeros(0, dtype=np.int64), np.zeros(0), np.zeros(residents))


def group_starts(keys: np.ndarray) -> np.ndarray:
    """For sorted `keys`, the position where each element's run of equal keys begins."""
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    return np.repeat(starts, np.diff(np.r_[starts, len(keys)]))


def need_hours(need: np.ndarray, self_reliance: np.ndarray,
               hours_at_full: float) -> tuple[np.ndarray, np.ndarray]:
    """Hours of help a need takes this week, and the part the resident covers alone."""
    hours = need * hours_at_full
    return hours, hours * self_reliance


def met_share(need_hours: np.ndarray, unmet_hours: np.ndarray) -> np.ndarray:
    """Share of each resident's need hours met in the last help round (1 without a need)."""
    met = np.ones(len(need_hours))
    needy = np.flatnonzero(need_hours > 0)
    hours = need_hours[needy]
    met[needy] = (hours - unmet_hours[needy]) / hours
    return met


def complex_needs(need: np.ndarray, boundaries: np.ndarray, p: Parameters) -> np.ndarray:
    """Needs too complex for informal help: above `1 - boundaries_complex_limit * boundaries`
    (boundaries send the heaviest needs to professionals)."""
    return need > 1.0 - p.boundaries_complex_limit * boundaries


def team_eligible(need: np.ndarray, in_care: np.ndarray, complex_need: np.ndarray,
                  access_threshold: np.ndarray) -> np.ndarray:
    """Eligible for the neighbourhood team: in care already, too complex for informal help,
    or at or above the team's access threshold."""
    return in_care | complex_need | (need >= access_threshold)


def in_intake(request: np.ndarray, in_care: np.ndarray, waiting_weeks: np.ndarray,
              p: Parameters) -> np.ndarray:
    """Eligible cases that need the team (`request` > 0) but are not in care yet wait
    `intake_weeks` for the assessment before the team can start (they are on the waiting
    list meanwhile)."""
    return (request > 0.0) & ~in_care & (waiting_weeks < p.intake_weeks)


def informal_share(eligible: np.ndarray, suitable: np.ndarray, boundaries: np.ndarray,
                   p: Parameters) -> np.ndarray:
    """Share of the requested hours asked of informal help: what suits informal help in the
    need's domain; without access to a professional, carers also take on part of the rest
    (`informal_gap_fill`), which boundaries hold back."""
    gap_fill = p.informal_gap_fill * (1.0 - boundaries)
    return np.where(eligible, suitable, suitable + (1.0 - suitable) * gap_fill)


def referral(proximity: float, support: np.ndarray, p: Parameters) -> np.ndarray:
    """Extra reach of informal help from professionals' referrals, per team: stronger when
    professionals are near (scale) and support helpers (network hours)."""
    return p.referral_strength * proximity * support


def volunteer_time(hours_available: np.ndarray, cap_factor: np.ndarray,
                   paperwork_free: np.ndarray, p: Parameters) -> tuple[np.ndarray, np.ndarray]:
    """A volunteer's hours this week (spare hours, capped by boundaries and by
    `volunteer_hours_cap`) and the part of them that is care left after paperwork."""
    hours = np.minimum(hours_available * cap_factor, p.volunteer_hours_cap)
    return hours, hours * p.volunteer_care_share * paperwork_free


def volunteer_reach(connect: np.ndarray, referral_reach: np.ndarray,
                    p: Parameters) -> np.ndarray:
    """Share of volunteers' care hours that reach those in need, per neighbourhood."""
    return np.clip(p.volunteer_reach_base + p.volunteer_reach_connect * connect
                   + referral_reach, 0.0, 1.0)


def matching_reach(connect: np.ndarray, referral_reach: np.ndarray,
                   mean_belonging: np.ndarray, p: Parameters) -> np.ndarray:
    """Share of helpers' spare hours that matching finds a need for beyond fixed ties, per
    neighbourhood; belonging widens the circle (new acquaintances nearby)."""
    return np.clip(p.connect_reach_base + p.connect_reach * connect + referral_reach
                   + p.belonging_reach * (mean_belonging - 0.5), 0.0, 1.0)


def intake_cost(request: np.ndarray, multi_domain: np.ndarray, extra: float) -> np.ndarray:
    """Team hours a request takes: more when a resident with needs in two domains goes
    through two intakes (`extra` is 0 with integrated teams)."""
    return request * (1.0 + extra * multi_domain)


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
