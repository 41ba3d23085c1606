"""`rules.flows`: the hours a need asks, and help along ties, from the pool and from professionals.

Worked out by hand on small arrays; the parameter values the numbers use are pinned in
`tests/worked.py`."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from model.columns import Blocks
from model.network import complete_network, from_pairs
from model.rules import flows
from tests.worked import F, T, arr, params, rng


def test_need_hours() -> None:
    hours, own = flows.need_hours(arr(0.0, 0.5, 1.0, 0.25), arr(0.5, 0.2, 1.0, 0.0), 20.0)
    assert_allclose(hours, [0.0, 10.0, 20.0, 5.0])
    assert_allclose(own, [0.0, 2.0, 20.0, 0.0])


class TestTieHelp:
    # Ties 0-1, 0-2, 1-3; residents 4 and 5 have no ties.
    net = from_pairs(6, np.array([0, 0, 1]), np.array([1, 2, 3]))

    def flow(self) -> flows.Flow:
        request = arr(6.0, 0.0, 0.0, 4.0, 0.0, 5.0)
        capacity = arr(0.0, 2.0, 10.0, 0.0, 100.0, 0.0)
        return flows.tie_help(request, capacity, self.net)

    def test_pro_rata_split_and_capacity_cap(self) -> None:
        # 0 asks 3 of each of its helpers 1 and 2; 3 asks 4 of helper 1. Helper 1 is asked
        # 7 but has 2: every ask scaled by 2/7 -> 6/7 to 0 and 8/7 to 3. Helper 2 gives 3.
        flow = self.flow()
        assert_allclose(flow.received, [6 / 7 + 3, 0, 0, 8 / 7, 0, 0])
        assert_allclose(flow.given, [0, 2, 3, 0, 0, 0])

    def test_given_equals_received(self) -> None:
        flow = self.flow()
        assert flow.given.sum() == pytest.approx(flow.received.sum())
        assert flow.given.sum() == pytest.approx(5.0)

    def test_capacity_respected(self) -> None:
        capacity = arr(0.0, 2.0, 10.0, 0.0, 100.0, 0.0)
        assert np.all(self.flow().given <= capacity + 1e-12)

    def test_no_help_over_a_non_tie(self) -> None:
        flow = self.flow()
        assert flow.given[4] == 0.0  # plenty of capacity, but tied to nobody
        assert flow.received[5] == 0.0  # asks, but tied to nobody

    def test_max_helpers(self) -> None:
        # Leaning on one helper only: 0 asks all 6 of helper 1 (its first tie with
        # capacity); helper 1 is asked 6 + 4 = 10 and has 2 -> 1.2 to 0 and 0.8 to 3.
        request = arr(6.0, 0.0, 0.0, 4.0, 0.0, 5.0)
        capacity = arr(0.0, 2.0, 10.0, 0.0, 100.0, 0.0)
        flow = flows.tie_help(request, capacity, self.net, 1)
        assert_allclose(flow.received, [1.2, 0, 0, 0.8, 0, 0])
        assert_allclose(flow.given, [0, 2, 0, 0, 0, 0])
        # two helpers allowed: the same as no limit here
        for limit in (2, None):
            flow = flows.tie_help(request, capacity, self.net, limit)
            assert_allclose(flow.received, [6 / 7 + 3, 0, 0, 8 / 7, 0, 0])

    def test_request_met_in_full_when_capacity_suffices(self) -> None:
        flow = flows.tie_help(arr(2.0, 0.0, 0.0), arr(0.0, 5.0, 5.0),
                             from_pairs(3, np.array([0, 0]), np.array([1, 2])))
        assert_allclose(flow.received, [2.0, 0.0, 0.0])
        assert_allclose(flow.given, [0.0, 1.0, 1.0])

    def test_helper_without_capacity_is_not_asked(self) -> None:
        # 0 is tied to 1 (no capacity) and 2 (capacity): the whole request goes to 2.
        flow = flows.tie_help(arr(3.0, 0.0, 0.0), arr(0.0, 0.0, 5.0),
                             from_pairs(3, np.array([0, 0]), np.array([1, 2])))
        assert_allclose(flow.given, [0.0, 0.0, 3.0])

    def test_nobody_asks(self) -> None:
        flow = flows.tie_help(np.zeros(3), arr(1.0, 1.0, 1.0), complete_network(3))
        assert_array_equal(flow.received, 0.0)
        assert_array_equal(flow.given, 0.0)
        assert_array_equal(flow.main, -1)

    def test_main_carer_is_the_first_tie_that_helps(self) -> None:
        # 0 leans on 1 then 2 (row order), 3 on 1; 5 asks but has no ties.
        assert_array_equal(self.flow().main, [1, -1, -1, 1, -1, -1])
        # without capacity at 1, 0's main carer is 2 and 3 has none
        flow = flows.tie_help(arr(6.0, 0.0, 0.0, 4.0, 0.0, 5.0), arr(0.0, 0.0, 10.0, 0.0, 0.0, 0.0),
                             self.net)
        assert_array_equal(flow.main, [2, -1, -1, -1, -1, -1])


class TestPoolHelp:
    demand = arr(4.0, 6.0, 0.0, 3.0, 0.0, 2.0)
    supply = arr(0.0, 0.0, 5.0, 0.0, 10.0, 0.0)
    group = np.array([0, 0, 0, 1, 1, 2])

    def test_worked_example(self) -> None:
        # Group 0: demand 10, supply 5 -> half of each demand met, all supply used.
        # Group 1: demand 3, supply 10 -> demand met, 30% of supply used.
        # Group 2: demand but no supply. Group 3: empty.
        flow = flows.pool_help(self.demand, self.supply, Blocks.of_sorted(self.group, 4))
        assert_allclose(flow.received, [2.0, 3.0, 0.0, 3.0, 0.0, 0.0])
        assert_allclose(flow.given, [0.0, 0.0, 5.0, 0.0, 3.0, 0.0])

    def test_conservation_per_group(self) -> None:
        flow = flows.pool_help(self.demand, self.supply, Blocks.of_sorted(self.group, 4))
        assert_allclose(np.bincount(self.group, flow.received, 4),
                        np.bincount(self.group, flow.given, 4))

    def test_never_more_than_demand_or_supply(self) -> None:
        generator = rng(7)
        for _ in range(20):
            demand = generator.exponential(2.0, 6) * (generator.random(6) < 0.6)
            supply = generator.exponential(2.0, 6) * (generator.random(6) < 0.6)
            group = np.sort(generator.integers(0, 3, 6))
            flow = flows.pool_help(demand, supply, Blocks.of_sorted(group, 3))
            assert np.all(flow.received <= demand + 1e-12)
            assert np.all(flow.given <= supply + 1e-12)
            assert np.all(flow.received >= 0) and np.all(flow.given >= 0)
            moved = np.minimum(np.bincount(group, demand, 3), np.bincount(group, supply, 3))
            assert_allclose(np.bincount(group, flow.received, 3), moved, atol=1e-12)
            assert_allclose(np.bincount(group, flow.given, 3), moved, atol=1e-12)


class TestProfessionalHelp:
    def test_severity_order_within_a_team(self) -> None:
        # One team with 5 hours: the most severe case (row 1) first, then row 2, then row 0.
        received, used, waiting = flows.professional_help(
            request=arr(3.0, 3.0, 3.0), cost=arr(3.0, 3.0, 3.0),
            severity=arr(0.4, 0.9, 0.6), team=np.zeros(3, dtype=int), capacity=arr(5.0))
        assert_allclose(received, [0.0, 3.0, 2.0])
        assert_allclose(used, [0.0, 3.0, 2.0])
        assert_array_equal(waiting, [T, F, T])

    def test_teams_capacity_and_intake_cost(self) -> None:
        # rows:      B    D    A    E    G    C    F
        request = arr(6.0, 3.0, 6.0, 0.0, 1.0, 2.0, 2.0)
        cost = arr(6.0, 3.9, 6.0, 0.0, 1.0, 2.6, 2.0)  # D and C need two intakes (+30%)
        severity = arr(0.5, 0.4, 0.9, 0.8, 1.0, 0.7, 0.3)
        team = np.array([0, 1, 0, 1, 2, 0, 1])
        capacity = arr(10.0, 5.0, 0.0)
        received, used, waiting = flows.professional_help(request, cost, severity, team,
                                                         capacity)
        # Team 0 (10 h): A 6, C 2.6 (full), B gets the last 1.4 of its 6 and waits.
        # Team 1 (5 h): D costs 3.9 for 3 hours of help, F gets 1.1 of 2 and waits.
        # Team 2 has no hours: G waits. E asks nothing and is not a case.
        assert_allclose(used, [1.4, 3.9, 6.0, 0.0, 0.0, 2.6, 1.1])
        assert_allclose(received, [1.4, 3.0, 6.0, 0.0, 0.0, 2.0, 1.1])
        assert_array_equal(waiting, [T, F, F, F, T, F, T])
        assert_allclose(np.bincount(team, used, 3), [10.0, 5.0, 0.0])
        assert np.all(np.bincount(team, used, 3) <= capacity + 1e-12)
        # extra intake: the team spends more than the help the resident gets
        assert used[1] > received[1] and used[5] > received[5]

    def test_no_cases(self) -> None:
        received, used, waiting = flows.professional_help(
            np.zeros(3), np.zeros(3), arr(0.5, 0.5, 0.5), np.zeros(3, dtype=int), arr(10.0))
        assert_array_equal(received, 0.0)
        assert_array_equal(used, 0.0)
        assert not waiting.any()

    def test_ample_capacity_serves_everyone(self) -> None:
        received, used, waiting = flows.professional_help(
            arr(1.0, 2.0, 3.0), arr(1.3, 2.0, 3.9), arr(0.2, 0.5, 0.9),
            np.array([0, 1, 0]), arr(100.0, 100.0))
        assert_allclose(received, [1.0, 2.0, 3.0])
        assert_allclose(used, [1.3, 2.0, 3.9])
        assert not waiting.any()


# ------------------------------------------------------- the formulas of the help phase

def test_met_share_is_one_without_a_need() -> None:
    # hours 10 with 4 unmet: 0.6; no need hours: 1; all unmet: 0
    assert_allclose(flows.met_share(arr(10.0, 0.0, 5.0), arr(4.0, 0.0, 5.0)), [0.6, 1.0, 0.0])


def test_complex_needs_follow_boundaries() -> None:
    p = params(boundaries_complex_limit=0.4)
    # the limit is 1 - 0.4 * boundaries: 1.0 at boundaries 0, 0.8 at 0.5, 0.6 at 1
    need = arr(0.9, 0.9, 0.7, 0.7)
    assert_array_equal(flows.complex_needs(need, arr(0.0, 0.5, 0.5, 1.0), p), [F, T, F, T])


def test_team_eligibility() -> None:
    # in care already, too complex, at the threshold, below it
    eligible = flows.team_eligible(arr(0.1, 0.1, 0.5, 0.49), np.array([T, F, F, F]),
                                   np.array([F, T, F, F]), arr(0.5, 0.5, 0.5, 0.5))
    assert_array_equal(eligible, [T, T, T, F])


def test_informal_share_fills_the_gap_without_access() -> None:
    p = params(informal_gap_fill=0.5)
    # eligible: only the suitable share (0.6); not eligible: 0.6 + 0.4 * 0.5 * (1 - b)
    share = flows.informal_share(np.array([T, F, F]), arr(0.6, 0.6, 0.6), arr(0.0, 0.0, 1.0), p)
    assert_allclose(share, [0.6, 0.8, 0.6])


def test_referral_grows_with_proximity_and_support() -> None:
    p = params(referral_strength=0.2)
    assert_allclose(flows.referral(0.5, arr(0.0, 1.0), p), [0.0, 0.1])


def test_volunteer_time_is_capped_and_loses_paperwork() -> None:
    p = params(volunteer_hours_cap=6.0, volunteer_care_share=0.5)
    # 10 h * 0.8 = 8, capped at 6; 4 h * 1 = 4; care: half of it, times the paperwork-free
    # share (0.5 and 1)
    hours, care = flows.volunteer_time(arr(10.0, 4.0), arr(0.8, 1.0), arr(0.5, 1.0), p)
    assert_allclose(hours, [6.0, 4.0])
    assert_allclose(care, [1.5, 2.0])


def test_reaches_are_shares() -> None:
    p = params(volunteer_reach_base=0.3, volunteer_reach_connect=0.4, connect_reach_base=0.1,
               connect_reach=0.5, belonging_reach=0.2)
    # 0.3 + 0.4 * connect + referral, clipped to 0..1
    assert_allclose(flows.volunteer_reach(arr(0.5, 1.0), arr(0.1, 0.5), p), [0.6, 1.0])
    # 0.1 + 0.5 * connect + referral + 0.2 * (belonging - 0.5)
    assert_allclose(flows.matching_reach(arr(0.5, 0.0), arr(0.0, 0.0), arr(0.5, 0.0), p),
                    [0.35, 0.0])


def test_a_second_intake_costs_extra_team_hours() -> None:
    assert_allclose(flows.intake_cost(arr(4.0, 4.0), np.array([F, T]), 0.25), [4.0, 5.0])
    assert_allclose(flows.intake_cost(arr(4.0, 4.0), np.array([F, T]), 0.0), [4.0, 4.0])
