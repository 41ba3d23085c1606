"""`rules.initiatives`: initiatives forming, being joined and dissolving.

Worked out by hand on small arrays; the parameter values the numbers use are pinned in
`tests/worked.py`."""

from __future__ import annotations

import numpy as np
from numpy.testing import assert_allclose, assert_array_equal

from model.rules import initiatives
from tests.worked import F, P, T, arr, params, rng


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
