"""`rules.needs`: needs arising with age and SES, progressing, escalating to crises and ending.

Worked out by hand on small arrays; the parameter values the numbers use are pinned in
`tests/worked.py`."""

from __future__ import annotations

import math

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from model.rules import needs
from tests.worked import F, P, T, arr, params, rng


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
        # hazard h and expected length D: h*D / (1 + h*D); 0.01 * 100 = 1 -> 1/2 (only
        # long-term needs here, of 100 weeks)
        p = params(need_hazard_by_age=(0.01,) * 7, need_ses_gradient=0.0,
                   initial_need_weeks=100.0, short_need_share=0.0)
        share = needs.initial_prevalence(np.arange(3), arr(0.0, 0.5, 1.0), p)
        assert_allclose(share, [0.5, 0.5, 0.5])
        p = params(need_hazard_by_age=(0.01,) * 7, need_ses_gradient=math.log(4.0),
                   initial_need_weeks=100.0, short_need_share=0.0)
        share = needs.initial_prevalence(np.zeros(3, dtype=int), arr(0.0, 0.5, 1.0), p)
        assert_allclose(share, [2 / 3, 1 / 2, 1 / 3])

    def test_mixed_lengths(self) -> None:
        # half short episodes (1/0.15 weeks), half of 100 weeks: D = 3.33 + 50
        p = params(short_need_share=0.5, short_need_resolution=0.15, initial_need_weeks=100.0)
        assert needs.mean_need_weeks(p) == pytest.approx(0.5 / 0.15 + 50.0)

    def test_no_weeks_no_needs(self) -> None:
        p = params(initial_need_weeks=0.0, short_need_share=0.0)
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
