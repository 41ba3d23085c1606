"""`rules.attitudes`: trust and belonging drifting week by week.

Worked out by hand on small arrays; the parameter values the numbers use are pinned in
`tests/worked.py`."""

from __future__ import annotations

import numpy as np
from numpy.testing import assert_allclose

from model.rules import attitudes
from tests.worked import F, P, T, arr


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
