"""Group matched sentences into story elements without chaining the story together.

Matches are transitive only loosely: A~B and B~C does not make A~C. Plain
connected components would glue a whole story into one blob through a few
bridging sentences, so each component is split by average-linkage clustering:
a group stays together only while its members' average match probability is at
least ``link``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from scipy.spatial.distance import squareform

_FULL_SCORING_LIMIT = 300  # components larger than this use candidate scores only


def group_sentences(
    n: int,
    edges: Sequence[tuple[int, int, float]],
    link: float,
    score_all: Callable[[np.ndarray, np.ndarray], np.ndarray],
    sources: Sequence[int] | None = None,
    links: Sequence[tuple[int, int, float]] | None = None,
) -> list[list[int]]:
    """Clusters of corpus indices (every index in exactly one cluster).

    ``edges`` are matches (i, j, probability); ``score_all`` scores arbitrary index
    pairs so that members of one component that were never candidates still get
    a real similarity instead of an assumed zero. With ``sources`` (the source of
    each index), a matched sentence never ends up in an element of its source
    alone: it joins the element of its strongest match, so "only this source
    reports it" means the same on every page. ``links`` (default: ``edges``) are the
    matches that count for that.
    """
    if n == 0:
        return []
    edges = [e for e in edges if e[2] >= link]
    rows = [e[0] for e in edges]
    cols = [e[1] for e in edges]
    graph = coo_matrix((np.ones(len(edges)), (rows, cols)), shape=(n, n))
    count, labels = connected_components(graph, directed=False)
    known = {(min(i, j), max(i, j)): p for i, j, p in edges}
    clusters: list[list[int]] = []
    for component in range(count):
        members = np.flatnonzero(labels == component)
        clusters.extend(_split(members, known, link, score_all))
    if sources is not None:
        clusters = _attach_orphans(clusters, edges if links is None else links, sources)
    return sorted(clusters, key=lambda c: c[0])


def _attach_orphans(
    clusters: list[list[int]], edges: Sequence[tuple[int, int, float]], sources: Sequence[int]
) -> list[list[int]]:
    """Move matched members of single-source clusters to their best match's cluster."""
    where = {k: n for n, cluster in enumerate(clusters) for k in cluster}
    best: dict[int, tuple[float, int]] = {}
    for i, j, p in edges:
        for own, other in ((i, j), (j, i)):
            if p > best.get(own, (-1.0, -1))[0]:
                best[own] = (p, other)
    for n, cluster in enumerate(clusters):
        if len({sources[k] for k in cluster}) > 1:
            continue
        for k in list(cluster):
            if k in best and where[best[k][1]] != n:
                target = where[best[k][1]]
                clusters[n].remove(k)
                clusters[target].append(k)
                where[k] = target
    return [sorted(c) for c in clusters if c]


def _split(
    members: np.ndarray,
    known: dict[tuple[int, int], float],
    link: float,
    score_all: Callable[[np.ndarray, np.ndarray], np.ndarray],
) -> list[list[int]]:
    if len(members) <= 2:
        return [members.tolist()]
    similarity = _similarity(members, known, score_all)
    distance = squareform(1.0 - similarity, checks=False)
    tree = linkage(distance, method="average")
    labels = fcluster(tree, t=1.0 - link, criterion="distance")
    return [members[labels == label].tolist() for label in np.unique(labels)]


def _similarity(
    members: np.ndarray,
    known: dict[tuple[int, int], float],
    score_all: Callable[[np.ndarray, np.ndarray], np.ndarray],
) -> np.ndarray:
    size = len(members)
    upper_i, upper_j = np.triu_indices(size, k=1)
    if size <= _FULL_SCORING_LIMIT:
        values = score_all(members[upper_i], members[upper_j])
    else:
        values = np.zeros(len(upper_i))
    for k, (a, b) in enumerate(zip(members[upper_i].tolist(), members[upper_j].tolist(),
                                   strict=True)):
        values[k] = known.get((a, b), values[k])
    similarity = np.eye(size)
    similarity[upper_i, upper_j] = values
    similarity[upper_j, upper_i] = values
    return np.clip(similarity, 0.0, 1.0)
