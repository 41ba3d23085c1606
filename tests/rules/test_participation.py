"""`rules.participation`: the drive to take part, its noise, and the roles that follow.

Worked out by hand on small arrays; the parameter values the numbers use are pinned in
`tests/worked.py`."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from model.population import BURNED_OUT, HELPER, NONE, VOLUNTEER
from model.rules import participation
from tests.worked import F, P, T, arr, params, rng


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
        # The floor is bounded: room to act may take at most half of motivation's pull away.
        with pytest.raises(ValueError):
            params(room_floor=0.4)
        # With a floor of 1, room to act makes no difference.
        p = params(room_floor=1.0)
        d = participation.drive(arr(0.5, 0.5), arr(0.0, 1.0), np.zeros(2), np.zeros(2),
                                np.zeros(2), p)
        assert_allclose(d, [0.3, 0.3])

    def test_being_connected_adds_the_pull_of_being_asked(self) -> None:
        p = params(weight_connect=0.04)
        zero = np.zeros(3)
        d = participation.drive(zero, zero, zero, zero, zero, p, connect=arr(0.0, 0.5, 1.0))
        assert_allclose(d, [-0.02, 0.0, 0.02])

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
