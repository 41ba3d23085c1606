"""The help phase of a week: who asks whom, and how much each gets.

Own strength covers part of a need; the rest is asked of (a) helper ties with spare hours,
(b) volunteers of initiatives in reach, (c) helpers found by matching beyond direct ties,
and (d) the neighbourhood team, for eligible cases while its hours last. What remains is
unmet need (docs/model.md#week). The side that asks is computed for the residents in need
only (a quarter of all, or fewer); the side that gives for helpers and volunteers. The
formulas are in `model/rules/flows.py`; this module wires them over the columns.

Reads the resident columns `need`, `self_reliance`, `in_care`, `need_domain`,
`multi_domain`, `role`, `hours_available`, `neighbourhood`, `team`, `waiting_weeks`,
`care_weeks`, `main_carer`; writes the week's flows (`need_hours`, `own_hours`,
`informal_received`, `volunteer_received`, `professional_received`, `unmet_hours`,
`given_hours`), `waiting_weeks`, `in_care`, `care_weeks`, `main_carer` and
`year_long_carer`, and the teams' weekly counts.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from model.columns import Blocks, where_true
from model.domains import TeamPlan
from model.levers import Lever
from model.network import FirstTies, Network
from model.parameters import DOMAINS, Parameters
from model.policy import LeverTerms
from model.population import HELPER, VOLUNTEER, Layout, Residents
from model.rules import flows
from model.rules.flows import HelpWeek
from model.teams import Teams

LONG_CARE_WEEKS = 13  # 'longer than three months' in the narrow definition of informal care


@dataclass(frozen=True)
class HelpSetting:
    """What the help phase needs besides the columns: fixed for a run or a lever change."""

    network: Network
    first_ties: FirstTies
    layout: Layout
    suitable: np.ndarray  # informal-suitable share by need domain (last entry: no need)
    intake_extra: float  # extra team hours for a second intake (0 with integrated teams)
    helping: bool  # the help mechanism is on


def help_week(r: Residents, teams: Teams, levers: np.ndarray, terms: LeverTerms,
              mean_belonging: np.ndarray, setting: HelpSetting, p: Parameters) -> HelpWeek:
    """One week of help. `levers` are per neighbourhood (`neighbourhoods x levers`),
    `mean_belonging` is each neighbourhood's mean belonging this week."""
    K = len(setting.layout.neighbourhood_names)
    n = len(r)

    # Residents in need: their hours, what they ask of whom.
    needy = np.flatnonzero(r.need > 0.0)
    need, team_n = r.need[needy], case_teams(r, needy, setting.layout.plan)
    needy_blocks = Blocks.of_sorted(r.neighbourhood[needy], K)
    hours_n, own_n = flows.need_hours(need, r.self_reliance[needy],
                                      p.need_hours_at_full_severity)
    request = hours_n - own_n
    boundaries_n = needy_blocks.spread(levers[:, Lever.BOUNDARIES])
    complex_need = flows.complex_needs(need, boundaries_n, p)
    eligible = flows.team_eligible(need, r.in_care[needy], complex_need,
                                   teams.access_threshold[team_n])
    share = flows.informal_share(eligible, setting.suitable[r.need_domain[needy]],
                                 boundaries_n, p)
    ask = where_true(~complex_need, request * share)
    informal_ask = _scatter(n, needy, ask)

    # Residents who give: helpers' capacity and volunteers' time, for them only.
    helpers = np.flatnonzero(r.role == HELPER)
    volunteers = np.flatnonzero(r.role == VOLUNTEER)
    if not setting.helping:
        helpers = volunteers = np.zeros(0, dtype=np.int64)
    helper_blocks = Blocks.of_sorted(r.neighbourhood[helpers], K)
    volunteer_blocks = Blocks.of_sorted(r.neighbourhood[volunteers], K)
    capacity_h = r.hours_available[helpers] * helper_blocks.spread(terms.cap_factor)
    capacity = _scatter(n, helpers, capacity_h)

    # (a) helper ties
    ties = flows.tie_help(informal_ask, capacity, setting.network, p.carers_per_need,
                          setting.first_ties)
    tie_received = ties.received[needy]
    remaining = np.maximum(ask - tie_received, 0.0)  # no rounding below 0
    referral, referral_part = neighbourhood_referral(teams, setting.layout.plan, p)

    # (b) volunteers of initiatives: part of their time is care, of which paperwork takes
    # a share
    volunteer_hours, care_kept = flows.volunteer_time(
        r.hours_available[volunteers], volunteer_blocks.spread(terms.cap_factor),
        volunteer_blocks.spread(terms.paperwork_free), p)
    v_reach = flows.volunteer_reach(levers[:, Lever.CONNECT], referral, p)
    offered = care_kept * volunteer_blocks.spread(v_reach)
    from_initiatives = flows.pool_help(remaining, offered, volunteer_blocks, needy_blocks)
    remaining = np.maximum(remaining - from_initiatives.received, 0.0)

    # (c) matching beyond fixed ties
    reach = flows.matching_reach(levers[:, Lever.CONNECT], referral, mean_belonging, p)
    spare = np.maximum(capacity_h - ties.given[helpers], 0.0)
    matched = flows.pool_help(remaining, spare * helper_blocks.spread(reach), helper_blocks,
                              needy_blocks)

    # (d) the neighbourhood team serves its eligible cases by severity while its hours last,
    # once their intake is done
    informal_total = tie_received + matched.received + from_initiatives.received
    pro_request = where_true(eligible, np.maximum(request - informal_total, 0.0))
    in_intake = flows.in_intake(pro_request, r.in_care[needy], r.waiting_weeks[needy], p)
    pro_request[in_intake] = 0.0
    cost = flows.intake_cost(pro_request, r.multi_domain[needy], setting.intake_extra)
    received, used, waiting = flows.professional_help(
        pro_request, cost, need, team_n, teams.direct_hours)
    queued = waiting.copy()  # waiting for the team's hours, beyond the intake
    waiting |= in_intake
    unmet = np.maximum(request - informal_total - received, 0.0)

    _record_received(r, needy, hours_n, own_n, ties, matched, from_initiatives, received,
                     unmet)
    effort = _record_given(r, helpers, volunteers, ties, matched, from_initiatives,
                           volunteer_hours - care_kept)
    _record_waiting_and_care(r, needy, waiting, received, ties.main)
    teams.record_week(team_n, used, eligible, waiting, queued, r.need_domain[needy])

    asked = np.flatnonzero(hours_n > 0)
    # The help that came through referrals, by domain: of the team that referred (with
    # per-domain teams), else of the need that was helped.
    via_referral = (matched.received * needy_blocks.spread(_share(referral, reach))
                    + from_initiatives.received * needy_blocks.spread(_share(referral, v_reach)))
    if referral_part is None:
        by_domain = tuple(np.bincount(r.need_domain[needy], weights=via_referral,
                                      minlength=len(DOMAINS)).tolist())
    else:
        by_domain = tuple(
            float((via_referral * needy_blocks.spread(part)).sum()) for part in referral_part)
    return HelpWeek(
        asked=needy[asked], met_share=(hours_n[asked] - unmet[asked]) / hours_n[asked],
        effort=effort,
        tie_hours=float(tie_received.sum()),
        matched_hours=float(matched.received.sum()),
        referral_hours=float(
            (matched.received * needy_blocks.spread(_share(referral, reach))).sum()
            + (from_initiatives.received * needy_blocks.spread(_share(referral, v_reach))).sum()),
        intake_extra_hours=float((used - received).sum()),
        referral_hours_by_domain=by_domain,
    )


def case_teams(r: Residents, rows: np.ndarray, plan: TeamPlan) -> np.ndarray:
    """The team of each resident in `rows` for the domain of its need: the one team of its
    area, or with per-domain teams the team of its need's domain."""
    if plan.n_groups == 1:
        return r.team[rows]
    group = plan.domain_group[np.maximum(r.need_domain[rows], 0)]
    return plan.team_of_neighbourhood[group, r.neighbourhood[rows]]


def neighbourhood_referral(teams: Teams, plan: TeamPlan, p: Parameters
                           ) -> tuple[np.ndarray, list[np.ndarray] | None]:
    """Extra reach of informal help from professionals' referrals, per neighbourhood, and
    the part of it each domain's team makes (DOMAINS order; None with one team for all
    domains). With per-domain teams every
    domain's team refers from its own network hours and proximity; their support adds up,
    at most to what helpers need (1)."""
    per_team = flows.referral(teams.proximity, teams.support, p)
    team_of = plan.team_of_neighbourhood
    if plan.n_groups == 1:
        return per_team[team_of[0]], None
    support = sum(teams.support[t] for t in team_of)
    parts = [per_team[t] / np.maximum(support, 1.0) for t in team_of]
    referral = sum(parts)
    return referral, [_share(part, referral) for part in parts]


def _record_received(r: Residents, needy: np.ndarray, hours: np.ndarray, own: np.ndarray,
                     ties: flows.Flow, matched: flows.Flow, initiatives: flows.Flow,
                     professional: np.ndarray, unmet: np.ndarray) -> None:
    """The receiving side of the week's flows, per resident."""
    n = len(r)
    r.need_hours, r.own_hours = _scatter(n, needy, hours), _scatter(n, needy, own)
    r.informal_received = ties.received
    r.informal_received[needy] += matched.received
    r.volunteer_received = _scatter(n, needy, initiatives.received)
    r.professional_received = _scatter(n, needy, professional)
    r.unmet_hours = _scatter(n, needy, unmet)


def _record_given(r: Residents, helpers: np.ndarray, volunteers: np.ndarray,
                  ties: flows.Flow, matched: flows.Flow, initiatives: flows.Flow,
                  volunteer_other: np.ndarray) -> np.ndarray:
    """The giving side: helpers give over ties and through matching, volunteers through
    initiatives. Returns the effort: what helpers gave; for volunteers also their time that
    is not care, or that paperwork took (`volunteer_other`)."""
    r.given_hours = ties.given
    r.given_hours[helpers] += matched.given
    r.given_hours[volunteers] = initiatives.given
    effort = r.given_hours.copy()
    effort[volunteers] += volunteer_other
    return effort


def _record_waiting_and_care(r: Residents, needy: np.ndarray, waiting: np.ndarray,
                             professional: np.ndarray, main: np.ndarray) -> None:
    """Weeks on the waiting list, admission to care, and weeks with the same main carer
    (+1 with the same one, 1 with a new one), which make a long-term carer."""
    n = len(r)
    waiting_rows = needy[waiting]
    waiting_weeks = r.waiting_weeks[waiting_rows] + 1
    r.waiting_weeks = np.zeros(n, dtype=np.int16)
    r.waiting_weeks[waiting_rows] = waiting_weeks
    r.in_care[needy[professional > 0.0]] = True
    carers = np.flatnonzero(main >= 0)
    same = main[carers] == r.main_carer[carers]
    care_weeks = np.zeros(n, dtype=np.int16)
    care_weeks[carers] = (r.care_weeks[carers] + 1) * same + ~same
    r.care_weeks = care_weeks
    r.main_carer = main
    long_care = carers[care_weeks[carers] >= LONG_CARE_WEEKS]
    r.year_long_carer[main[long_care]] = True


def _scatter(n: int, rows: np.ndarray, values: np.ndarray) -> np.ndarray:
    """A full column of `n` zeros with `values` at `rows`."""
    out = np.zeros(n)
    out[rows] = values
    return out


def _share(part: np.ndarray, whole: np.ndarray) -> np.ndarray:
    return np.divide(part, whole, out=np.zeros_like(whole), where=whole > 0)


__all__ = ["HelpSetting", "LONG_CARE_WEEKS", "help_week"]
