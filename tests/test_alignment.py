"""The candidate search's building blocks, against the plain scipy they replace."""

from __future__ import annotations

import numpy as np
from scipy import sparse

from analysis.alignment import dense_product


def test_dense_product_is_the_sparse_product_cell_for_cell():
    """The candidate search's product skips scipy's counting pass: the same floats."""
    rng = np.random.default_rng(0)
    left = sparse.random(37, 300, density=0.05, format="csr", random_state=rng)
    right = sparse.random(300, 53, density=0.08, format="csr", random_state=rng)
    assert np.array_equal(dense_product(left, right), (left @ right).toarray())
    empty = sparse.csr_matrix((4, 300))
    assert np.array_equal(dense_product(empty, right), np.zeros((4, 53)))
