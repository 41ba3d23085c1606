"""`rules.strain`: helpers' strain, its relief, and burning out.

Worked out by hand on small arrays; the parameter values the numbers use are pinned in
`tests/worked.py`."""

from __future__ import annotations

from numpy.testing import assert_allclose, assert_array_equal

from model.parameters import Parameters
from model.rules import strain
from tests.worked import F, P, T, arr


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


def test_boundaries_raise_sustainable_hours() -> None:
    p = Parameters(support_strain_relief=0.5, boundaries_strain_relief=0.2)
    # 4 h * (1 + 0.5 * support + 0.2 * boundaries)
    assert_allclose(4.0 * strain.relief(arr(0.0, 0.0, 1.0), arr(0.0, 1.0, 1.0), p),
                    [4.0, 4.8, 6.8])
