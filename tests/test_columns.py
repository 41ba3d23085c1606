"""The fast column helpers give what the plain NumPy expressions they replace give."""

from __future__ import annotations

import numpy as np
from numpy.testing import assert_array_equal

from model.columns import Blocks, pick, where_true


def test_where_true_and_pick_equal_np_where() -> None:
    rng = np.random.default_rng(3)
    values = rng.random(1000) * 10
    mask = rng.random(1000) < 0.4
    assert_array_equal(where_true(mask, values), np.where(mask, values, 0.0))
    assert_array_equal(pick(mask, 0.004, 0.02), np.where(mask, 0.004, 0.02))


def test_blocks_with_empty_groups_anywhere() -> None:
    # groups 0, 2 and 4 empty: at the start, in the middle and at the end
    keys = np.array([1, 1, 3, 3, 3])
    values = np.array([1.0, 2.0, 3.0, 4.0, 5.0])
    blocks = Blocks.of_sorted(keys, 5)
    assert_array_equal(blocks.sizes, [0, 2, 0, 3, 0])
    assert_array_equal(blocks.sums(values), np.bincount(keys, values, 5))
    assert_array_equal(blocks.spread(np.arange(5) * 10.0), [10, 10, 30, 30, 30])
    assert_array_equal(Blocks.of_sizes(blocks.sizes).starts, blocks.starts)


def test_blocks_sums_of_bools_and_of_nothing() -> None:
    blocks = Blocks.of_sizes(np.array([2, 3]))
    assert_array_equal(blocks.sums(np.array([True, False, True, True, False])), [1.0, 2.0])
    assert_array_equal(Blocks.of_sorted(np.zeros(0, dtype=np.int64), 3).sums(np.zeros(0)),
                       [0.0, 0.0, 0.0])


def test_blocks_sums_match_bincount_on_random_groups() -> None:
    rng = np.random.default_rng(4)
    keys = np.sort(rng.integers(0, 40, 5000))
    values = rng.random(5000)
    np.testing.assert_allclose(Blocks.of_sorted(keys, 50).sums(values),
                               np.bincount(keys, values, 50), rtol=1e-12)
