"""Which sources a chart shows, in which order, once a story has too many to read.

A heatmap of 120 sources has cells a few pixels wide and names nobody can read. Past
``READABLE_SOURCES`` the charts show the sources that share most (or those closest to
one source the person picks), ordered so that similar sources sit side by side
(average-linkage clustering of their overlap); "show all" brings back every source.
Small stories keep their own order, which people know.
"""

from __future__ import annotations

import numpy as np

from analysis.results import Comparison

READABLE_SOURCES = 30  # about the most a heatmap shows with legible names on a laptop
_CLUSTERED_FROM = 13  # below this many sources, the story's own order reads best


def overlap_matrix(comparison: Comparison) -> tuple[list[str], list[list[float | None]]]:
    """Row A, column B: share of A's sentences found in B (diagonal left empty)."""
    ids = [a.id for a in comparison.articles]
    index = {article_id: k for k, article_id in enumerate(ids)}
    matrix: list[list[float | None]] = [[None] * len(ids) for _ in ids]
    for pair in comparison.pairs:
        matrix[index[pair.a]][index[pair.b]] = pair.a_in_b
        matrix[index[pair.b]][index[pair.a]] = pair.b_in_a
    return ids, matrix


def shown_sources(comparison: Comparison, limit: int | None = READABLE_SOURCES,
                  focus: str | None = None) -> list[str]:
    """Source ids to draw, in drawing order.

    ``limit``: at most this many (None: all); the kept ones share the most with the
    others, or with ``focus`` when one is given (``focus`` itself is always kept).
    """
    ids, matrix = overlap_matrix(comparison)
    shared = _symmetric(matrix)
    keep = list(range(len(ids)))
    if limit is not None and len(ids) > limit:
        if focus in ids:
            centre = ids.index(focus)
            closeness = shared[centre].copy()
            closeness[centre] = np.inf
        else:
            closeness = shared.sum(axis=1)
        keep = sorted(np.argsort(-closeness, kind="stable")[:limit].tolist())
    if len(keep) >= _CLUSTERED_FROM:
        keep = [keep[k] for k in _cluster_order(shared[np.ix_(keep, keep)])]
    return [ids[k] for k in keep]


def _symmetric(matrix: list[list[float | None]]) -> np.ndarray:
    """How much two sources share, either way round (0 on the diagonal)."""
    values = np.asarray([[0.0 if v is None else v for v in row] for row in matrix],
                        dtype=np.float64).reshape(len(matrix), len(matrix))
    return (values + values.T) / 2


def _cluster_order(shared: np.ndarray) -> list[int]:
    """Leaf order of average-linkage clustering: similar sources end up adjacent."""
    # imported here: a story too small to cluster (most) opens without scipy.cluster
    from scipy.cluster.hierarchy import leaves_list, linkage
    from scipy.spatial.distance import squareform

    distance = np.clip(1.0 - shared, 0.0, 1.0)
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform(distance, checks=False), method="average")
    return leaves_list(tree).tolist()
