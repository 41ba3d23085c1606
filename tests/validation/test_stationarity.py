"""A run that changes nothing stays flat, and the waiting list behaves like one
(validation/stationarity.py; docs/validation.md#stationarity)."""

from __future__ import annotations

import pytest

from validation.stationarity import (
    check_stationarity,
    check_waiting_lists,
    waiting_lists,
    yearly_means,
)

pytestmark = pytest.mark.slow


def test_the_unchanged_baseline_is_flat_for_ten_years() -> None:
    verdict = check_stationarity(yearly_means(workers=2))
    assert verdict.holds, verdict.describe()


def test_the_baseline_keeps_a_waiting_list_and_deep_cuts_lengthen_it() -> None:
    verdict = check_waiting_lists(waiting_lists(workers=2))
    assert verdict.holds, verdict.describe()
