"""`model.metrics`: the Gini coefficient.

Worked out by hand on small arrays."""

from __future__ import annotations

import numpy as np
import pytest

from model.metrics import gini
from tests.worked import arr


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
