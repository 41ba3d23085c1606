"""`rules.motivation`: own motivation rising with room to act and trust, crowded out by pressure.

Worked out by hand on small arrays; the parameter values the numbers use are pinned in
`tests/worked.py`."""

from __future__ import annotations

import numpy as np
from numpy.testing import assert_allclose

from model.parameters import Parameters
from model.rules import motivation
from tests.worked import P, arr, params


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

    def test_pressure_without_room_lowers_the_target(self) -> None:
        # target 0.5 * 0.85 = 0.425 = motivation; full pressure, no room: the target falls by
        # crowd_out_depth (0.3) to 0.2975, and motivation moves 0.02 of the gap toward it
        updated = self.update(arr(0.425), arr(0.5), arr(0.0), arr(0.5), arr(1.0), P)
        assert_allclose(updated, [0.425 + 0.02 * (0.2975 - 0.425)])

    def test_crowding_out_is_bounded_by_its_depth(self) -> None:
        m = arr(0.425)
        for _ in range(2000):
            m = self.update(m, arr(0.5), arr(0.0), arr(0.5), arr(1.0), P)
        assert_allclose(m, [0.425 * (1 - 0.3)], rtol=1e-6)

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
        p = params(crowd_out_depth=0.6, motivation_decline=1.0, motivation_recovery=1.0)
        updated = self.update(arr(0.8), arr(0.9), arr(0.0), arr(0.5), arr(1.0), p)
        assert_allclose(updated, [0.9 * 0.85 * 0.4])
        updated = self.update(arr(0.8), arr(2.0), arr(1.0), arr(1.0), arr(0.0), p)
        assert_allclose(updated, [1.0])
