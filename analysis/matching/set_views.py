"""Sets of many texts as sparse 0/1 matrices, so that pair overlaps are row-wise products.

Scoring a big story asks, for hundreds of thousands of text pairs, how many words, word
pairs, names or numbers two texts share. A row per text, a column per item, and
``shared_counts`` answers all pairs at once: one sparse product instead of a Python set
operation per pair, with the same integer counts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from itertools import count
from typing import Any

import numpy as np
from scipy import sparse


def binary_rows(sets: Iterable[Iterable[Any]],
                columns: dict[Hashable, int] | None = None) -> sparse.csr_matrix:
    """Texts x items, 1 where the text's set holds the item (columns numbered first-seen,
    into ``columns`` when given, so that another view can share them)."""
    numbering: defaultdict[Hashable, int] = defaultdict(count(len(columns or ())).__next__)
    numbering.update(columns or {})
    lengths = [0]
    flat: list[int] = []
    for items in sets:
        before = len(flat)
        # sorted: a set's order follows Python's per-process hash seed, and the column order
        # is the order weighted rows are summed in (a retrained model must come out the same)
        flat.extend(map(numbering.__getitem__, sorted(items)))  # new items: next number
        lengths.append(len(flat) - before)
    if columns is not None:
        columns.update(numbering)
    indptr = np.cumsum(lengths)
    indices = np.asarray(flat, dtype=np.int64)
    return sparse.csr_matrix((np.ones(len(indices)), indices, indptr),
                             shape=(len(lengths) - 1, max(len(numbering), 1)))


def weighted_rows(weights: list[dict[str, float]], columns: dict[Hashable, int],
                  key: Callable[[str], Hashable]) -> sparse.csr_matrix:
    """Texts x the columns of ``columns``: each cell the summed weight of the text's words
    whose ``key`` (a stem, say) is that column."""
    rows, cols, values = [], [], []
    for text, words in enumerate(weights):
        for word, weight in sorted(words.items()):  # the same order in every process
            rows.append(text)
            cols.append(columns[key(word)])
            values.append(weight)
    matrix = sparse.csr_matrix((values, (rows, cols)),
                               shape=(len(weights), max(len(columns), 1)))
    matrix.sum_duplicates()
    return matrix


def row_counts(matrix: sparse.csr_matrix, rows: np.ndarray) -> np.ndarray:
    """Number of items of each of ``rows`` (for 0/1 matrices)."""
    return np.diff(matrix.indptr)[rows].astype(np.float64)


def shared_counts(matrix: sparse.csr_matrix, a: np.ndarray, b: np.ndarray,
                  other: sparse.csr_matrix | None = None) -> np.ndarray:
    """Row-wise products: sum over columns of matrix[a[k]] * other[b[k]] (``other``
    defaults to ``matrix``), i.e. how many items a[k] and b[k] share, or their weight."""
    return np.asarray(matrix[a].multiply((matrix if other is None else other)[b])
                      .sum(axis=1)).ravel()
