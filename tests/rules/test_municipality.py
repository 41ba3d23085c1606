"""`rules.municipality`: staff, administration, team hours, access and learning.

Worked out by hand on small arrays; the parameter values the numbers use are pinned in
`tests/worked.py`."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose

from model import BELONGING, BOUNDARIES, CONNECT, ROOM_TO_ACT, STEERING_PRESSURE, TRUST
from model.rules import municipality
from tests.worked import F, P, T, arr


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
        updated = municipality.adjust_access(threshold, waiting, idle, overspent, 0.85, P)
        # long waiting list (even if idle) / overspent: +0.03; idle: -0.03; neither: same;
        # clipped to 0.1..0.85
        assert_allclose(updated, [0.38, 0.38, 0.32, 0.35, 0.85, 0.1])

    levers = {ROOM_TO_ACT: 0.5, CONNECT: 0.98, BELONGING: 0.5, BOUNDARIES: 0.2, TRUST: 0.5,
              STEERING_PRESSURE: 0.5}

    def test_learn_all_worse(self) -> None:
        change = {"unmet_share": 0.01, "overburdened_share": 0.01, "participation": -0.01,
                  "mean_trust": -0.01}
        learned = municipality.learn(self.levers, change, P)
        assert learned == pytest.approx({ROOM_TO_ACT: 0.5, CONNECT: 1.0, BELONGING: 0.5,
                                         BOUNDARIES: 0.25, TRUST: 0.55,
                                         STEERING_PRESSURE: 0.45})

    def test_learn_all_better(self) -> None:
        change = {"unmet_share": -0.01, "overburdened_share": 0.0, "participation": 0.01,
                  "mean_trust": 0.01}
        assert municipality.learn(self.levers, change, P) == pytest.approx(self.levers)

    def test_learn_no_pressure_to_ease(self) -> None:
        change = {"unmet_share": 0.0, "overburdened_share": 0.0, "participation": -0.1,
                  "mean_trust": 0.0}
        learned = municipality.learn({**self.levers, STEERING_PRESSURE: 0.0}, change, P)
        assert learned[STEERING_PRESSURE] == 0.0
