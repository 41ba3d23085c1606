"""`model.network`: the social network's ties, built and counted.

Worked out by hand on small arrays."""

from __future__ import annotations

import numpy as np
from numpy.testing import assert_allclose, assert_array_equal

from model.network import FirstTies, TieCounter, build_network, complete_network, from_pairs
from tests.worked import F, T, arr, rng


def tie_pairs(net) -> list[tuple[int, int]]:
    return list(zip(net.rows.tolist(), net.indices.tolist(), strict=True))


class TestNetwork:
    def test_from_pairs(self) -> None:
        # 0-1 twice (once reversed), two self-ties, 2-3
        net = from_pairs(5, np.array([0, 1, 1, 2, 3]), np.array([1, 0, 1, 3, 3]))
        assert net.size == 5
        assert sorted(tie_pairs(net)) == [(0, 1), (1, 0), (2, 3), (3, 2)]
        assert_array_equal(net.indptr, [0, 1, 2, 3, 4, 4])
        assert_array_equal(net.degree, [1, 1, 1, 1, 0])

    def test_csr_rows_match_indptr(self) -> None:
        net = from_pairs(4, np.array([0, 0, 0, 2]), np.array([1, 2, 3, 3]))
        for i in range(4):
            ties = net.indices[net.indptr[i]:net.indptr[i + 1]]
            assert_array_equal(net.rows[net.indptr[i]:net.indptr[i + 1]], i)
            assert list(ties) == sorted(set(ties.tolist()))
        assert_array_equal(net.degree, [3, 1, 2, 2])

    def test_random_pairs_symmetric_no_self_no_duplicates(self) -> None:
        generator = rng(11)
        a, b = generator.integers(0, 6, 40), generator.integers(0, 6, 40)
        net = from_pairs(6, a, b)
        pairs = tie_pairs(net)
        assert len(pairs) == len(set(pairs))
        assert all(i != j for i, j in pairs)
        assert set(pairs) == {(j, i) for i, j in pairs}
        expected = {(int(i), int(j)) for i, j in zip(a, b, strict=True) if i != j}
        assert set(pairs) == expected | {(j, i) for i, j in expected}

    def test_build_network_inside_neighbourhoods(self) -> None:
        neighbourhood = np.repeat(np.arange(3, dtype=np.int32), [20, 30, 10])
        net = build_network(neighbourhood, arr(6.0, 8.0, 4.0), 0.0, rng(4))
        assert len(net.rows) > 0
        assert_array_equal(neighbourhood[net.rows], neighbourhood[net.indices])
        assert np.all(net.rows != net.indices)
        pairs = tie_pairs(net)
        assert set(pairs) == {(j, i) for i, j in pairs}

    def test_build_network_with_outside_ties(self) -> None:
        neighbourhood = np.repeat(np.arange(3, dtype=np.int32), [20, 30, 10])
        net = build_network(neighbourhood, arr(6.0, 8.0, 4.0), 1.0, rng(4))
        assert np.any(neighbourhood[net.rows] != neighbourhood[net.indices])

    def test_build_network_empty(self) -> None:
        net = build_network(np.zeros(0, np.int32), arr(8.0), 0.2, rng())
        assert net.size == 0 and len(net.indices) == 0

    def test_neighbour_share(self) -> None:
        # path 0-1-2, and 3 without ties
        net = from_pairs(4, np.array([0, 1]), np.array([1, 2]))
        assert_allclose(net.neighbour_share(np.array([T, F, F, F])), [0.0, 0.5, 0.0, 0.0])
        assert_allclose(net.neighbour_share(np.array([F, T, F, T])), [1.0, 0.0, 1.0, 0.0])

    def test_tie_counter_follows_changes_exactly(self) -> None:
        generator = rng(4)
        net = build_network(np.repeat(np.arange(3), 40), arr(6.0, 8.0, 4.0), 0.2, generator)
        counter = TieCounter(net)
        flag = np.zeros(net.size, dtype=bool)
        for _ in range(20):  # a few residents change each round, some not at all
            flip = generator.random(net.size) < 0.1
            flag = flag ^ flip
            counts = counter.update(flag)
            assert_array_equal(counts, np.rint(net.neighbour_share(flag) * net.degree))
        assert counter.update(flag) is counts  # nothing changed: nothing recounted

    def test_any_flagged(self) -> None:
        generator = rng(6)
        net = build_network(np.repeat(np.arange(2), 50), arr(3.0, 1.0), 0.1, generator)
        flag = generator.random(net.size) < 0.2
        residents = np.arange(0, net.size, 3)
        assert (net.degree[residents] == 0).any()  # residents without ties are asked too
        assert_array_equal(net.any_flagged(residents, flag),
                           net.neighbour_share(flag)[residents] > 0)
        assert net.any_flagged(np.zeros(0, dtype=np.int64), flag).shape == (0,)

    def test_first_ties_remembered_equal_a_fresh_search(self) -> None:
        generator = rng(5)
        net = build_network(np.repeat(np.arange(3), 60), arr(6.0, 9.0, 4.0), 0.2, generator)
        for k in (1, 2, 3):
            first = FirstTies(net, k)
            flag = generator.random(net.size) < 0.3
            for week in range(30):  # a few flags change each week, sometimes many
                flip = generator.random(net.size) < (0.5 if week == 10 else 0.02)
                flag = flag ^ flip
                asking = np.flatnonzero(generator.random(net.size) < 0.3)
                remembered = first.of(asking, flag)
                fresh = net.first_flagged_ties(asking, flag, k)
                assert_array_equal(remembered[0], fresh[0])
                assert_array_equal(remembered[1], fresh[1])

    def test_complete_network(self) -> None:
        assert_array_equal(complete_network(4).degree, [3, 3, 3, 3])

    def test_complete_network_shares_are_over_the_whole_group(self) -> None:
        # Granovetter's k/N: one of the four active is a share of 1/4 for the other three.
        net = complete_network(4)
        assert_array_equal(net.divisor, [4.0] * 4)
        assert_array_equal(net.neighbour_share(np.array([T, F, F, F])), [0.0, 0.25, 0.25, 0.25])
        assert_array_equal(complete_network(1).divisor, [1.0])

    def test_other_networks_share_over_their_ties(self) -> None:
        # path 0-1-2, and 3 without ties: the degree, 1 without ties
        net = from_pairs(4, np.array([0, 1]), np.array([1, 2]))
        assert not net.share_of_group
        assert_array_equal(net.divisor, [1.0, 2.0, 1.0, 1.0])


def test_from_pairs_with_rng_shuffles_ties_within_rows() -> None:
    rng = np.random.default_rng(1)
    a = np.zeros(30, dtype=np.int64)
    b = np.arange(1, 31)
    plain = from_pairs(31, a, b)
    shuffled = from_pairs(31, a, b, rng)
    row = slice(plain.indptr[0], plain.indptr[1])
    assert_array_equal(plain.indices[row], np.arange(1, 31))
    assert sorted(shuffled.indices[row].tolist()) == list(range(1, 31))
    assert shuffled.indices[row].tolist() != list(range(1, 31))
    assert_array_equal(shuffled.rows, plain.rows)
