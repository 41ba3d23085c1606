"""Stylized fact: each task at its own scale (validation/domain_facts.py,
docs/scenarios.md#domains), on the full model."""

from __future__ import annotations

import pytest

from validation import domain_facts

pytestmark = pytest.mark.slow  # statistical: several seeds of the full model


@pytest.fixture(scope="module")
def youth_scales():
    return domain_facts.youth_scales(seeds=(1, 2), years=3, workers=2)


def test_regional_youth_care_costs_less_overhead_and_refers_less(youth_scales):
    verdict = domain_facts.check_youth_scales(youth_scales)
    assert all(c.holds for c in verdict.comparisons), verdict.describe()
    for comparison in verdict.comparisons:  # in every seed, not only on average
        assert all(d < 0 for d in comparison.differences), comparison.describe()


def test_the_other_domains_change_only_through_shared_residents(youth_scales):
    verdict = domain_facts.check_youth_scales(youth_scales)
    assert all(c.holds for c in verdict.checks), verdict.describe()


def test_moving_youth_care_back_shows_its_dip_and_recovers():
    moving, staying = domain_facts.move_back()
    checks = domain_facts.check_move_back(moving, staying)
    assert all(c.holds for c in checks), "\n".join(c.describe() for c in checks)
