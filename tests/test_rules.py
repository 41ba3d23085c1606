"""Each weekly rule on its own, on small hand-made arrays with numbers worked out by hand.

The parameter values the numbers use are pinned in `BASE` below; a test that needs other
values says so.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from model.columns import Blocks
from model.metrics import gini
from model.network import FirstTies, TieCounter, build_network, complete_network, from_pairs
from model.parameters import Parameters
from model.population import BURNED_OUT, HELPER, NONE, VOLUNTEER
from model.rules import (
    attitudes,
    flows,
    initiatives,
    motivation,
    municipality,
    needs,
    participation,
    strain,
)

# The values these tests were worked out with, pinned so that retuning a default does not
# break them (they were the defaults when the tests were written).
BASE: dict[str, object] = {
    "need_hazard_by_age": (0.0015, 0.0012, 0.0015, 0.0015, 0.002, 0.003, 0.008),
    "need_ses_gradient": 1.2, "escalation_rate": 0.01, "recovery_rate": 0.006,
    "spontaneous_resolution": 0.01, "resolution_severity": 0.05, "crisis_severity_after": 0.6,
    "crisis_rate": 0.0, "pressure_push_limit": 1.0, "crowd_out_room_power": 1.0,
    "short_need_share": 0.5, "short_need_resolution": 0.15,
    "drive_noise": 0.06, "drive_noise_persistence": 0.95, "initial_need_weeks": 65.0,
    "weight_motivation": 0.6, "weight_social": 0.3, "weight_belonging": 0.2,
    "weight_pressure": 0.2, "room_floor": 0.5, "volunteer_propensity": 0.55,
    "volunteer_ses_effect": 0.3, "crowd_out_rate": 0.03, "motivation_recovery": 0.004,
    "motivation_decline": 0.02, "motivation_room_effect": 0.3, "motivation_trust_effect": 0.2,
    "strain_gain": 0.15, "strain_recovery": 0.05, "burnout_strain": 1.0,
    "support_strain_relief": 0.5, "trust_rate": 0.01, "trust_met_effect": 0.3,
    "trust_lever_effect": 0.15, "trust_pressure_effect": 0.2, "trust_volatility_effect": 0.3,
    "trust_proximity_effect": 0.1, "scale_proximity": {"local": 0.85}, "belonging_rate": 0.005,
    "belonging_lever_effect": 0.2, "belonging_social_effect": 0.2,
    "initiative_formation_rate": 0.003, "initiative_min_members": 4,
    "initiative_dissolve_rate": 0.03, "fte_cost": 75000.0, "fte_hours": 36.0,
    "admin_share_base": 0.3, "admin_trust_relief": 0.5, "access_threshold_step": 0.03,
    "waiting_tolerance": 0.1, "access_threshold_min": 0.1, "access_threshold_max": 0.85,
    "learning_step": 0.05,
}


def params(**changes: object) -> Parameters:
    return Parameters(**{**BASE, **changes})


P = params()
F, T = False, True


def arr(*values: float) -> np.ndarray:
    return np.array(values, dtype=float)


def rng(seed: int = 0) -> np.random.Generator:
    return np.random.default_rng(seed)


# ----------------------------------------------------------------------------- needs


class TestNeedHazard:
    def test_by_age_at_middle_ses(self) -> None:
        # At SES 0.5 the SES factor is exp(0) = 1: the hazard is the age group's base rate.
        ages = np.array([0, 1, 4, 5, 6])
        hazard = needs.need_hazard(ages, np.full(5, 0.5), P)
        assert_allclose(hazard, [0.0015, 0.0012, 0.002, 0.003, 0.008])

    def test_oldest_have_the_highest_hazard(self) -> None:
        hazard = needs.need_hazard(np.arange(7), np.full(7, 0.5), P)
        assert hazard.argmax() == 6

    def test_ses_gradient(self) -> None:
        # gradient ln 4: exp(ln4 * (0.5 - ses)) is 2 at SES 0, 1 at 0.5 and 1/2 at SES 1.
        p = params(need_ses_gradient=math.log(4.0))
        hazard = needs.need_hazard(np.full(3, 6), arr(0.0, 0.5, 1.0), p)
        assert_allclose(hazard, [0.016, 0.008, 0.004])

    def test_default_gradient_lower_ses_more_needs(self) -> None:
        hazard = needs.need_hazard(np.full(4, 3), arr(0.9, 0.6, 0.3, 0.0), P)
        assert np.all(np.diff(hazard) > 0)
        assert hazard[3] == pytest.approx(0.0015 * math.exp(0.6))

    def test_clipped_to_one(self) -> None:
        p = params(need_hazard_by_age=(0.9,) * 7, need_ses_gradient=math.log(4.0))
        hazard = needs.need_hazard(np.zeros(3, dtype=int), arr(0.0, 0.5, 1.0), p)
        assert_allclose(hazard, [1.0, 0.9, 0.45])


class TestArise:
    certain = params(need_hazard_by_age=(1.0,) * 7, need_ses_gradient=0.0)

    def test_no_new_need_for_someone_who_has_one(self) -> None:
        need = arr(0.0, 0.3, 0.0, 1.0, 0.0)
        new, severity, domain, multi = needs.arise(need, np.zeros(5, dtype=int),
                                                   np.full(5, 0.5), self.certain, rng(1))
        assert_array_equal(new, [0, 2, 4])
        assert len(severity) == len(domain) == len(multi) == 3

    def test_nobody_without_hazard(self) -> None:
        p = params(need_hazard_by_age=(0.0,) * 7)
        new, severity, _, _ = needs.arise(np.zeros(5), np.arange(5), np.zeros(5), p, rng(1))
        assert len(new) == 0 and len(severity) == 0

    def test_severity_range(self) -> None:
        new, severity, _, _ = needs.arise(np.zeros(6), np.arange(6), np.full(6, 0.5),
                                          self.certain, rng(2))
        assert len(new) == 6
        assert np.all(severity >= P.resolution_severity + 0.01)
        assert np.all(severity <= 1.0)

    def test_domains(self) -> None:
        ages = np.zeros(4, dtype=int)
        care = params(need_hazard_by_age=(1.0,) * 7, care_domain_share_by_age=(1.0,) * 7,
                          multi_domain_share=1.0)
        youth = params(need_hazard_by_age=(1.0,) * 7, care_domain_share_by_age=(0.0,) * 7,
                           youth_share_of_rest_by_age=(1.0,) * 7, multi_domain_share=0.0)
        work = params(need_hazard_by_age=(1.0,) * 7, care_domain_share_by_age=(0.0,) * 7,
                          youth_share_of_rest_by_age=(0.0,) * 7)
        _, _, domain, multi = needs.arise(np.zeros(4), ages, np.full(4, 0.5), care, rng(3))
        assert_array_equal(domain, [0, 0, 0, 0])
        assert multi.all()
        _, _, domain, multi = needs.arise(np.zeros(4), ages, np.full(4, 0.5), youth, rng(3))
        assert_array_equal(domain, [1, 1, 1, 1])
        assert not multi.any()
        _, _, domain, _ = needs.arise(np.zeros(4), ages, np.full(4, 0.5), work, rng(3))
        assert_array_equal(domain, [2, 2, 2, 2])
        assert domain.dtype == np.int8

    def test_deterministic_with_seeded_rng(self) -> None:
        p = params(need_hazard_by_age=(0.5,) * 7)
        need = arr(0.0, 0.0, 0.2, 0.0, 0.0, 0.0)
        args = (need, np.arange(6), arr(0.1, 0.3, 0.5, 0.7, 0.9, 0.5), p)
        first = needs.arise(*args, rng(42))
        second = needs.arise(*args, rng(42))
        for a, b in zip(first, second, strict=True):
            assert_array_equal(a, b)
        assert 2 not in first[0]


class TestInitialPrevalence:
    def test_steady_state_share(self) -> None:
        # hazard h and expected length D: h*D / (1 + h*D); 0.01 * 100 = 1 -> 1/2
        p = params(need_hazard_by_age=(0.01,) * 7, need_ses_gradient=0.0,
                   initial_need_weeks=100.0)
        share = needs.initial_prevalence(np.arange(3), arr(0.0, 0.5, 1.0), p)
        assert_allclose(share, [0.5, 0.5, 0.5])
        p = params(need_hazard_by_age=(0.01,) * 7, need_ses_gradient=math.log(4.0),
                   initial_need_weeks=100.0)
        share = needs.initial_prevalence(np.zeros(3, dtype=int), arr(0.0, 0.5, 1.0), p)
        assert_allclose(share, [2 / 3, 1 / 2, 1 / 3])

    def test_no_weeks_no_needs(self) -> None:
        p = params(initial_need_weeks=0.0)
        assert_array_equal(needs.initial_prevalence(np.arange(7), np.full(7, 0.2), p), 0.0)

    def test_arise_with_chance(self) -> None:
        need = arr(0.0, 0.4, 0.0, 0.0)
        new, _, _, _ = needs.arise(need, np.zeros(4, dtype=int), np.full(4, 0.5), P, rng(),
                                   chance=arr(1.0, 1.0, 0.0, 1.0))
        assert_array_equal(new, [0, 3])


class TestProgress:
    p = params(spontaneous_resolution=0.0)

    def test_worked_example(self) -> None:
        need = arr(0.5, 0.5, 0.995, 0.053, 0.0, 0.5)
        met = arr(1.0, 0.0, 0.0, 1.0, 1.0, 0.5)
        updated, crisis = needs.progress(need, met, self.p, rng())
        # met: -0.006; unmet: +0.01; 0.995 + 0.01 >= 1 is a crisis -> 0.6;
        # 0.053 - 0.006 = 0.047 < 0.05 resolves; half met: -0.003 + 0.005 = +0.002.
        assert_allclose(updated, [0.494, 0.51, 0.6, 0.0, 0.0, 0.502])
        assert_array_equal(crisis, [F, F, T, F, F, F])

    def test_met_need_falls_unmet_rises(self) -> None:
        need = arr(0.4, 0.4, 0.4)
        updated, _ = needs.progress(need, arr(1.0, 0.6, 0.0), self.p, rng())
        assert updated[0] < 0.4 < updated[2]
        # the break-even share is escalation / (escalation + recovery) = 0.625
        assert updated[1] == pytest.approx(0.4 - 0.006 * 0.6 + 0.01 * 0.4)

    def test_crisis_resets_to_crisis_severity_after(self) -> None:
        p = params(spontaneous_resolution=0.0, crisis_severity_after=0.7)
        updated, crisis = needs.progress(arr(0.995, 1.0, 0.98), arr(0.0, 0.0, 0.0), p, rng())
        assert_allclose(updated, [0.7, 0.7, 0.99])
        assert_array_equal(crisis, [T, T, F])

    def test_resolution_below_resolution_severity(self) -> None:
        p = params(spontaneous_resolution=0.0, resolution_severity=0.1)
        updated, _ = needs.progress(arr(0.105, 0.107, 0.2), arr(1.0, 0.0, 1.0), p, rng())
        assert_allclose(updated, [0.0, 0.117, 0.194])

    def test_spontaneous_resolution_ends_all_but_crises(self) -> None:
        p = params(spontaneous_resolution=1.0)
        updated, crisis = needs.progress(arr(0.5, 0.995, 0.0), arr(1.0, 0.0, 1.0), p, rng())
        assert_allclose(updated, [0.0, P.crisis_severity_after, 0.0])
        assert_array_equal(crisis, [F, T, F])

    def test_no_need_stays_none(self) -> None:
        updated, crisis = needs.progress(np.zeros(3), arr(0.0, 0.5, 1.0), self.p, rng())
        assert_array_equal(updated, 0.0)
        assert not crisis.any()

    def test_each_need_ends_with_its_own_chance(self) -> None:
        updated, _ = needs.progress(arr(0.5, 0.5), arr(1.0, 1.0), self.p, rng(),
                                    ends_by_itself=arr(1.0, 0.0))
        assert_allclose(updated, [0.0, 0.494])

    def test_sudden_crisis_scales_with_severity_squared_and_unmet_share(self) -> None:
        p = params(spontaneous_resolution=0.0, crisis_rate=1.0)
        # severity 0.9 fully unmet: chance 0.81; fully met: chance 0; no need: none
        _, crisis = needs.progress(np.full(4000, 0.9), np.zeros(4000), p, rng(5))
        assert crisis.mean() == pytest.approx(0.81, abs=0.02)
        _, crisis = needs.progress(arr(0.9, 0.0), arr(1.0, 0.0), p, rng(5))
        assert not crisis.any()
        _, crisis = needs.progress(np.full(4000, 0.5), np.full(4000, 0.5), p, rng(6))
        assert crisis.mean() == pytest.approx(0.125, abs=0.015)


class TestNeedLength:
    def test_end_chance_short_and_long(self) -> None:
        assert_array_equal(needs.end_chance(3, params(short_need_share=1.0), rng()), 0.15)
        assert_array_equal(needs.end_chance(3, params(short_need_share=0.0), rng()), 0.01)
        assert_array_equal(needs.end_chance(3, P, rng(), short_share=0.0), 0.01)
        mixed = needs.end_chance(10000, P, rng(2))
        assert (mixed == 0.15).mean() == pytest.approx(0.5, abs=0.02)

    def test_short_share_in_stock(self) -> None:
        # half of new needs short (10 weeks), half long (30 weeks): a quarter of the stock
        p = params(short_need_share=0.5, short_need_resolution=0.1, initial_need_weeks=30.0)
        assert needs.short_share_in_stock(p) == pytest.approx(0.25)
        assert needs.short_share_in_stock(params(short_need_share=0.0)) == 0.0


# ----------------------------------------------------------------------------- help


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


# ----------------------------------------------------------------------------- participation


class TestDrive:
    motivation = arr(0.5, 0.5, 1.0)
    room = arr(0.0, 1.0, 0.5)
    share = arr(0.5, 0.0, 1.0)
    belonging = arr(0.5, 0.0, 1.0)
    pressure = arr(0.0, 0.0, 1.0)

    def test_weights(self) -> None:
        # 0: 0.6*0.5*0.5 + 0.3*0.5 + 0.2*0.5 = 0.40;  1: 0.6*0.5*1 = 0.30;
        # 2: 0.6*1*0.75 + 0.3 + 0.2 + 0.2 = 1.15
        d = participation.drive(self.motivation, self.room, self.share, self.belonging,
                                self.pressure, P)
        assert_allclose(d, [0.40, 0.30, 1.15])

    def test_pressure_push_stops_at_its_limit(self) -> None:
        # resident 2 is under full pressure: with the push capped at 0.4, 1.15 - 0.2*0.6
        d = participation.drive(self.motivation, self.room, self.share, self.belonging,
                                self.pressure, params(pressure_push_limit=0.4))
        assert_allclose(d, [0.40, 0.30, 1.03])

    def test_room_floor(self) -> None:
        # Without a floor, no room to act means motivation does not count at all.
        p = params(room_floor=0.0)
        d = participation.drive(self.motivation, self.room, self.share, self.belonging,
                                self.pressure, p)
        assert_allclose(d, [0.25, 0.30, 1.00])
        # With a floor of 1, room to act makes no difference.
        p = params(room_floor=1.0)
        d = participation.drive(arr(0.5, 0.5), arr(0.0, 1.0), np.zeros(2), np.zeros(2),
                                np.zeros(2), p)
        assert_allclose(d, [0.3, 0.3])

    def test_volunteer_chance(self) -> None:
        # 0.55 + 0.3 * (ses - 0.5)
        assert_allclose(participation.volunteer_chance(arr(0.0, 0.5, 1.0), P),
                        [0.40, 0.55, 0.70])


class TestDriveNoise:
    def test_without_persistence_fresh_noise_every_week(self) -> None:
        p = params(drive_noise=0.1, drive_noise_persistence=0.0)
        shock = participation.next_shock(np.full(20000, 5.0), p, rng(1))
        assert shock.mean() == pytest.approx(0.0, abs=0.005)
        assert shock.std() == pytest.approx(0.1, rel=0.03)

    def test_persistent_noise_keeps_its_spread_and_correlation(self) -> None:
        p = params(drive_noise=0.1, drive_noise_persistence=0.9)
        generator = rng(2)
        start = generator.normal(0.0, 0.1, 20000)
        shock = start
        for _ in range(30):
            shock = participation.next_shock(shock, p, generator)
        assert shock.std() == pytest.approx(0.1, rel=0.03)  # stationary
        following = participation.next_shock(shock, p, generator)
        assert np.corrcoef(shock, following)[0, 1] == pytest.approx(0.9, abs=0.01)


class TestNextRoles:
    def test_keep_drop_and_burned_out(self) -> None:
        role = np.array([NONE, HELPER, VOLUNTEER, BURNED_OUT, HELPER, VOLUNTEER, BURNED_OUT],
                        dtype=np.int8)
        active = np.array([F, T, T, T, F, F, F])
        new = participation.next_roles(role, active, np.ones(7, bool), 1.0, np.ones(7),
                                       np.ones(7, bool), rng())
        assert_array_equal(new, [NONE, HELPER, VOLUNTEER, BURNED_OUT, NONE, NONE, BURNED_OUT])
        assert_array_equal(role, [NONE, HELPER, VOLUNTEER, BURNED_OUT, HELPER, VOLUNTEER,
                                  BURNED_OUT])  # input untouched

    def test_newcomers(self) -> None:
        role = np.zeros(5, dtype=np.int8)
        active = np.array([T, T, T, T, F])
        tie_in_need = np.array([T, F, F, F, T])
        chance = arr(1.0, 1.0, 1.0, 0.0, 1.0)
        nearby = np.array([T, T, F, T, T])
        new = participation.next_roles(role, active, tie_in_need, 1.0, chance, nearby, rng())
        # 0: a tie in need and carer_pull 1 -> informal helper, even with an initiative near;
        # 1: volunteer chance 1 and an initiative nearby -> volunteer;
        # 2: no initiative nearby -> helper; 3: chance 0 -> helper; 4: inactive -> none.
        assert_array_equal(new, [HELPER, VOLUNTEER, HELPER, HELPER, NONE])

    def test_no_carer_pull(self) -> None:
        new = participation.next_roles(np.zeros(2, np.int8), np.ones(2, bool),
                                       np.ones(2, bool), 0.0, arr(1.0, 0.0),
                                       np.ones(2, bool), rng())
        assert_array_equal(new, [VOLUNTEER, HELPER])


# ----------------------------------------------------------------------------- motivation


class TestMotivation:
    @staticmethod
    def update(motivation_: np.ndarray, baseline: np.ndarray, room: np.ndarray,
               trust: np.ndarray, pressure: np.ndarray, p: Parameters) -> np.ndarray:
        return motivation.update(motivation_, baseline, trust, motivation.room_lift(room, p),
                                 motivation.crowding(room, pressure, p), p)

    def test_target(self) -> None:
        # baseline * (1 + 0.3 (room - 0.5) + 0.2 (trust - 0.5))
        lift = motivation.room_lift(arr(0.5, 1.0, 0.0, 1.0), P)
        target = motivation.target(arr(0.5, 0.5, 0.5, 1.0), lift, arr(0.5, 1.0, 0.5, 1.0), P)
        assert_allclose(target, [0.5, 0.625, 0.425, 1.0])

    def test_pressure_without_room_erodes(self) -> None:
        # target 0.5 * 0.85 = 0.425 = motivation, so only crowding out: 0.03 * 0.425
        updated = self.update(arr(0.425), arr(0.5), arr(0.0), arr(0.5), arr(1.0), P)
        assert_allclose(updated, [0.425 * 0.97])

    def test_pressure_with_full_room_does_not_erode(self) -> None:
        # target 0.5 * 1.15 = 0.575 = motivation: nothing moves
        updated = self.update(arr(0.575), arr(0.5), arr(1.0), arr(0.5), arr(1.0), P)
        assert_allclose(updated, [0.575])

    def test_recovery_slower_than_decline(self) -> None:
        # target 0.5; gap +0.1 moves 0.004 * 0.1, gap -0.1 moves 0.02 * 0.1
        updated = self.update(arr(0.4, 0.6), arr(0.5, 0.5), arr(0.5, 0.5),
                              arr(0.5, 0.5), arr(0.0, 0.0), P)
        assert_allclose(updated, [0.4004, 0.598])
        up, down = updated[0] - 0.4, 0.6 - updated[1]
        assert 0 < up < down

    def test_clipped(self) -> None:
        p = params(crowd_out_rate=1.0, motivation_decline=0.0)
        updated = self.update(arr(0.8), arr(0.9), arr(0.0), arr(0.5), arr(1.0), p)
        assert_allclose(updated, [0.0])


# ----------------------------------------------------------------------------- strain


class TestStrain:
    def test_sustainable_hours(self) -> None:
        # raised by 50% at full support
        assert_allclose(arr(4.0, 4.0, 0.0, 4.0) * strain.relief(arr(0.0, 1.0, 1.0, 0.5), 0.0, P),
                        [4.0, 6.0, 0.0, 5.0])

    def test_update(self) -> None:
        # overload: 8/4 - 1 = 1; none; load without sustainable hours counts as 1; none.
        # new = 0.95 strain + 0.15 overload
        updated = strain.update(arr(0.0, 0.5, 0.2, 0.1), arr(8.0, 2.0, 5.0, 0.0),
                                arr(4.0, 4.0, 0.0, 0.0), P)
        assert_allclose(updated, [0.15, 0.475, 0.34, 0.095])

    def test_burning_out(self) -> None:
        assert_array_equal(strain.burning_out(arr(0.0, 0.99, 1.0, 1.5), P), [F, F, T, T])


# ----------------------------------------------------------------------------- attitudes


class TestAttitudes:
    def test_trust_target(self) -> None:
        base = arr(0.5, 0.5, 0.5, 0.9)
        met = arr(0.5, 1.0, 0.0, 1.0)
        in_need = np.array([T, T, F, T])
        lever = arr(0.5, 1.0, 0.5, 1.0)
        pressure = arr(0.0, 0.0, 1.0, 0.0)
        volatility = arr(0.0, 0.0, 0.5, 0.0)
        proximity = arr(0.85, 1.0, 0.85, 1.0)
        anchor = attitudes.trust_anchor(base, lever, pressure, volatility, proximity, P)
        target = attitudes.trust_target(anchor, met, in_need, P)
        # 0: neutral reference; 1: 0.5 + 0.3*0.5 + 0.15*0.5 + 0.1*0.15 = 0.74;
        # 2: met ignored without need, 0.5 - 0.2 - 0.3*0.5 = 0.15; 3: 1.14 clipped to 1
        assert_allclose(target, [0.5, 0.74, 0.15, 1.0])

    def test_update_trust_proximity_scales_speed(self) -> None:
        trust = arr(0.5, 0.5, 0.5, 0.5)
        target = arr(0.7, 0.7, 0.7, 0.3)
        updated = attitudes.update_trust(trust, target, arr(1.0, 0.5, 0.0, 1.0), P)
        assert_allclose(updated, [0.502, 0.501, 0.5, 0.498])

    def test_update_belonging(self) -> None:
        # targets: 0.5 + 0.1 + 0.1 = 0.7; 0.5; 1.24 clipped to 1; 0.5 - 0.1 - 0.06 = 0.34
        anchor = attitudes.belonging_anchor(arr(0.5, 0.5, 1.0, 0.5), arr(1.0, 0.5, 1.0, 0.0), P)
        updated = attitudes.update_belonging(arr(0.5, 0.4, 0.9, 0.5), anchor,
                                             arr(0.8, 0.3, 1.0, 0.0), P)
        assert_allclose(updated, [0.501, 0.4005, 0.9005, 0.4992])


# ----------------------------------------------------------------------------- initiatives


class TestInitiatives:
    def test_members(self) -> None:
        assert_array_equal(initiatives.members(np.array([-1, 0, 2, 2, -1], np.int32), 4),
                           [1, 0, 2, 0])

    def test_dissolving(self) -> None:
        alive = np.array([T, T, F, T])
        members = np.array([1, 5, 0, 3])
        certain = params(initiative_dissolve_rate=1.0)
        never = params(initiative_dissolve_rate=0.0)
        assert_array_equal(initiatives.dissolving(alive, members, certain, rng()),
                           [T, F, F, T])
        assert not initiatives.dissolving(alive, members, never, rng()).any()

    def test_formation_rate(self) -> None:
        # 0.003 * residents/1000 * (0.5 + 0.5 room) * 2 * belonging
        rate = initiatives.formation_rate(arr(1000.0, 2000.0, 500.0), arr(1.0, 0.0, 1.0),
                                          arr(0.5, 0.5, 1.0), P)
        assert_allclose(rate, [0.003, 0.003, 0.003])

    def test_forming(self) -> None:
        p = params(initiative_formation_rate=1.0)
        residents, room, belonging = arr(3000.0, 0.0, 1000.0), arr(1.0, 1.0, 0.0), arr(1, 1, 1)
        founded = initiatives.forming(residents, room, belonging, p, rng(5))
        expected = rng(5).poisson(initiatives.formation_rate(residents, room, belonging, p))
        assert_array_equal(np.bincount(founded, minlength=3), expected)
        assert 1 not in founded  # no residents, no initiatives
        assert founded.dtype == np.int32
        assert np.all(np.diff(founded) >= 0)

    def test_add_and_alive_per_neighbourhood(self) -> None:
        inits = initiatives.Initiatives.empty()
        inits.add(np.array([0, 2, 2]), week=3)
        inits.alive[1] = False
        inits.add(np.array([1]), week=5)
        assert len(inits) == 4
        assert_array_equal(inits.founded, [3, 3, 3, 5])
        assert_array_equal(inits.alive_per_neighbourhood(4), [1, 1, 1, 0])

    def make(self) -> initiatives.Initiatives:
        return initiatives.Initiatives(neighbourhood=np.array([0, 1, 0, 2, 1], np.int32),
                                       alive=np.array([T, T, F, F, T]),
                                       founded=np.zeros(5, np.int32))

    def test_choose_alive_in_own_neighbourhood(self) -> None:
        # neighbourhood 0: only initiative 0 alive; 2: only a dead one; 3: none at all
        chosen = initiatives.choose(np.array([0, 2, 3, 0]), self.make(), 4, rng())
        assert_array_equal(chosen, [0, -1, -1, 0])
        assert chosen.dtype == np.int32

    def test_choose_among_several(self) -> None:
        joiners = np.ones(200, dtype=int)  # neighbourhood 1 has initiatives 1 and 4
        chosen = initiatives.choose(joiners, self.make(), 4, rng(3))
        assert set(chosen.tolist()) == {1, 4}

    def test_choose_without_initiatives(self) -> None:
        chosen = initiatives.choose(np.array([0, 1]), initiatives.Initiatives.empty(), 2, rng())
        assert_array_equal(chosen, [-1, -1])


# ----------------------------------------------------------------------------- municipality


class TestMunicipality:
    def test_staff_fte(self) -> None:
        # (1,000,000 - 250,000) / (75,000 * 1.2) = 8.33; committed over budget: 0
        fte = municipality.staff_fte(arr(1_000_000, 100_000), arr(250_000, 200_000), 0.2, P)
        assert_allclose(fte, [750_000 / 90_000, 0.0])

    def test_admin_share(self) -> None:
        assert_allclose(municipality.admin_share(arr(0.0, 0.5, 1.0), P), [0.3, 0.225, 0.15])

    def test_team_hours(self) -> None:
        # 10 FTE * 36 h * 0.75 = 270 productive; 20% of it network work
        direct, network = municipality.team_hours(arr(10.0, 0.0), arr(0.25, 0.1), 0.2, P)
        assert_allclose(direct, [216.0, 0.0])
        assert_allclose(network, [54.0, 0.0])

    def test_adjust_access(self) -> None:
        threshold = arr(0.35, 0.35, 0.35, 0.35, 0.84, 0.11)
        waiting = arr(0.2, 0.0, 0.0, 0.05, 0.5, 0.0)
        idle = arr(0.5, 0.0, 0.5, 0.05, 0.0, 0.9)
        overspent = np.array([F, T, F, F, F, F])
        updated = municipality.adjust_access(threshold, waiting, idle, overspent, P)
        # long waiting list (even if idle) / overspent: +0.03; idle: -0.03; neither: same;
        # clipped to 0.1..0.85
        assert_allclose(updated, [0.38, 0.38, 0.32, 0.35, 0.85, 0.1])

    levers = {"room_to_act": 0.5, "connect": 0.98, "belonging": 0.5, "boundaries": 0.2,
              "trust": 0.5, "steering_pressure": 0.5}

    def test_learn_all_worse(self) -> None:
        change = {"unmet_share": 0.01, "overburdened_share": 0.01, "participation": -0.01,
                  "mean_trust": -0.01}
        learned = municipality.learn(self.levers, change, P)
        assert learned == pytest.approx({"room_to_act": 0.5, "connect": 1.0, "belonging": 0.5,
                                         "boundaries": 0.25, "trust": 0.55,
                                         "steering_pressure": 0.45})

    def test_learn_all_better(self) -> None:
        change = {"unmet_share": -0.01, "overburdened_share": 0.0, "participation": 0.01,
                  "mean_trust": 0.01}
        assert municipality.learn(self.levers, change, P) == pytest.approx(self.levers)

    def test_learn_no_pressure_to_ease(self) -> None:
        change = {"unmet_share": 0.0, "overburdened_share": 0.0, "participation": -0.1,
                  "mean_trust": 0.0}
        learned = municipality.learn({**self.levers, "steering_pressure": 0.0}, change, P)
        assert learned["steering_pressure"] == 0.0


# ----------------------------------------------------------------------------- network


def tie_pairs(net) -> list[tuple[int, int]]:
    return list(zip(net.rows.tolist(), net.indices.tolist(), strict=True))


class TestNetwork:
    def test_from_pairs(self) -> None:
        # 0-1 twice (once reversed), two self-ties, 2-3
        net = from_pairs(5, np.array([0, 1, 1, 2, 3]), np.array([1, 0, 1, 3, 3]))
        assert net.size == 5
        assert sorted(tie_pairs(net)) == [(0, 1), (1, 0), (2, 3), (3, 2)]
        assert_array_equal(net.indptr, [0, 1, 2, 3, 4, 4])
        assert_array_equal(net.degree, [1, 1, 1, 1, 0])

    def test_csr_rows_match_indptr(self) -> None:
        net = from_pairs(4, np.array([0, 0, 0, 2]), np.array([1, 2, 3, 3]))
        for i in range(4):
            ties = net.indices[net.indptr[i]:net.indptr[i + 1]]
            assert_array_equal(net.rows[net.indptr[i]:net.indptr[i + 1]], i)
            assert list(ties) == sorted(set(ties.tolist()))
        assert_array_equal(net.degree, [3, 1, 2, 2])

    def test_random_pairs_symmetric_no_self_no_duplicates(self) -> None:
        generator = rng(11)
        a, b = generator.integers(0, 6, 40), generator.integers(0, 6, 40)
        net = from_pairs(6, a, b)
        pairs = tie_pairs(net)
        assert len(pairs) == len(set(pairs))
        assert all(i != j for i, j in pairs)
        assert set(pairs) == {(j, i) for i, j in pairs}
        expected = {(int(i), int(j)) for i, j in zip(a, b, strict=True) if i != j}
        assert set(pairs) == expected | {(j, i) for i, j in expected}

    def test_build_network_inside_neighbourhoods(self) -> None:
        neighbourhood = np.repeat(np.arange(3, dtype=np.int32), [20, 30, 10])
        net = build_network(neighbourhood, arr(6.0, 8.0, 4.0), 0.0, rng(4))
        assert len(net.rows) > 0
        assert_array_equal(neighbourhood[net.rows], neighbourhood[net.indices])
        assert np.all(net.rows != net.indices)
        pairs = tie_pairs(net)
        assert set(pairs) == {(j, i) for i, j in pairs}

    def test_build_network_with_outside_ties(self) -> None:
        neighbourhood = np.repeat(np.arange(3, dtype=np.int32), [20, 30, 10])
        net = build_network(neighbourhood, arr(6.0, 8.0, 4.0), 1.0, rng(4))
        assert np.any(neighbourhood[net.rows] != neighbourhood[net.indices])

    def test_build_network_empty(self) -> None:
        net = build_network(np.zeros(0, np.int32), arr(8.0), 0.2, rng())
        assert net.size == 0 and len(net.indices) == 0

    def test_neighbour_share(self) -> None:
        # path 0-1-2, and 3 without ties
        net = from_pairs(4, np.array([0, 1]), np.array([1, 2]))
        assert_allclose(net.neighbour_share(np.array([T, F, F, F])), [0.0, 0.5, 0.0, 0.0])
        assert_allclose(net.neighbour_share(np.array([F, T, F, T])), [1.0, 0.0, 1.0, 0.0])

    def test_tie_counter_follows_changes_exactly(self) -> None:
        generator = rng(4)
        net = build_network(np.repeat(np.arange(3), 40), arr(6.0, 8.0, 4.0), 0.2, generator)
        counter = TieCounter(net)
        flag = np.zeros(net.size, dtype=bool)
        for _ in range(20):  # a few residents change each round, some not at all
            flip = generator.random(net.size) < 0.1
            flag = flag ^ flip
            counts = counter.update(flag)
            assert_array_equal(counts, np.rint(net.neighbour_share(flag) * net.degree))
        assert counter.update(flag) is counts  # nothing changed: nothing recounted

    def test_any_flagged(self) -> None:
        generator = rng(6)
        net = build_network(np.repeat(np.arange(2), 50), arr(3.0, 1.0), 0.1, generator)
        flag = generator.random(net.size) < 0.2
        residents = np.arange(0, net.size, 3)
        assert (net.degree[residents] == 0).any()  # residents without ties are asked too
        assert_array_equal(net.any_flagged(residents, flag),
                           net.neighbour_share(flag)[residents] > 0)
        assert net.any_flagged(np.zeros(0, dtype=np.int64), flag).shape == (0,)

    def test_first_ties_remembered_equal_a_fresh_search(self) -> None:
        generator = rng(5)
        net = build_network(np.repeat(np.arange(3), 60), arr(6.0, 9.0, 4.0), 0.2, generator)
        for k in (1, 2, 3):
            first = FirstTies(net, k)
            flag = generator.random(net.size) < 0.3
            for week in range(30):  # a few flags change each week, sometimes many
                flip = generator.random(net.size) < (0.5 if week == 10 else 0.02)
                flag = flag ^ flip
                asking = np.flatnonzero(generator.random(net.size) < 0.3)
                remembered = first.of(asking, flag)
                fresh = net.first_flagged_ties(asking, flag, k)
                assert_array_equal(remembered[0], fresh[0])
                assert_array_equal(remembered[1], fresh[1])

    def test_complete_network(self) -> None:
        assert_array_equal(complete_network(4).degree, [3, 3, 3, 3])


# ----------------------------------------------------------------------------- metrics


class TestGini:
    def test_equal_values(self) -> None:
        assert gini(arr(0.3, 0.3, 0.3)) == pytest.approx(0.0)

    def test_known_value(self) -> None:
        assert gini(arr(0.0, 0.0, 0.0, 1.0)) == pytest.approx(0.75)
        assert gini(arr(1.0, 0.0, 0.0, 0.0)) == pytest.approx(0.75)  # order does not matter

    def test_another_known_value(self) -> None:
        # sorted [1, 2, 3]: (-2*1 + 0*2 + 2*3) / (3 * 6) = 4/18
        assert gini(arr(3.0, 1.0, 2.0)) == pytest.approx(2 / 9)

    def test_degenerate(self) -> None:
        assert gini(np.zeros(0)) == 0.0
        assert gini(np.zeros(3)) == 0.0


def test_from_pairs_with_rng_shuffles_ties_within_rows() -> None:
    rng = np.random.default_rng(1)
    a = np.zeros(30, dtype=np.int64)
    b = np.arange(1, 31)
    plain = from_pairs(31, a, b)
    shuffled = from_pairs(31, a, b, rng)
    row = slice(plain.indptr[0], plain.indptr[1])
    assert_array_equal(plain.indices[row], np.arange(1, 31))
    assert sorted(shuffled.indices[row].tolist()) == list(range(1, 31))
    assert shuffled.indices[row].tolist() != list(range(1, 31))
    assert_array_equal(shuffled.rows, plain.rows)


def test_boundaries_raise_sustainable_hours() -> None:
    p = Parameters(support_strain_relief=0.5, boundaries_strain_relief=0.2)
    # 4 h * (1 + 0.5 * support + 0.2 * boundaries)
    assert_allclose(4.0 * strain.relief(arr(0.0, 0.0, 1.0), arr(0.0, 1.0, 1.0), p),
                    [4.0, 4.8, 6.8])
