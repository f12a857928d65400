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

# Average linkage needs a dense distance matrix: at most this many rows (about 130 MB).
# A bigger component (wire copy repeated in hundreds of sources) is clustered over its
# distinct texts, and split by stronger links first if those are still too many.
_LINKAGE_LIMIT = 4000
_MAX_CUT = 0.99  # no stronger split is tried past this: such a component is one claim
Pairs = tuple[np.ndarray, np.ndarray, np.ndarray]  # (left, right, similarity)


def group_sentences(
    n: int,
    edges: Sequence[tuple[int, int, float]],
    link: float,
    similarities: Pairs | None = None,
    sources: Sequence[int] | None = None,
    links: Sequence[tuple[int, int, float]] | None = None,
    classes: np.ndarray | None = None,
) -> list[list[int]]:
    """Clusters of corpus indices (every index in exactly one cluster).

    ``edges`` are matches (i, j, probability); ``similarities`` give every other pair
    whose similarity is known (the scored candidates), so that members of one component
    that are not matches still get their real similarity; a pair in neither counts as
    unrelated (nothing is scored here: scoring every pair inside a component grows with
    the square of its size). With ``sources`` (the source of each index), a matched sentence
    never ends up in an element of its source alone: it joins the element of its
    strongest match, so "only this source reports it" means the same on every page.
    ``links`` (default: ``edges``) are the matches that count for that. ``classes``
    (text class per index, ``analysis.story.copies.text_classes``) lets a component too big for
    one dense matrix be clustered over its distinct texts: copies of one text always
    share an element.
    """
    if n == 0:
        return []
    edges = [e for e in edges if e[2] >= link]
    left = np.asarray([e[0] for e in edges], dtype=np.int64)
    right = np.asarray([e[1] for e in edges], dtype=np.int64)
    weight = np.asarray([e[2] for e in edges], dtype=np.float64)
    graph = coo_matrix((np.ones(len(edges)), (left, right)), shape=(n, n))
    count, labels = connected_components(graph, directed=False)
    known = _by_component(similarities, (left, right, weight), labels, count)
    clusters: list[list[int]] = []
    for component, members in enumerate(_members(labels, count)):
        clusters.extend(_split(members, known(component), link, classes))
    if sources is not None:
        clusters = _attach_orphans(clusters, edges if links is None else links, sources)
    return sorted(clusters, key=lambda c: c[0])


def _members(labels: np.ndarray, count: int) -> list[np.ndarray]:
    """Sorted member indices of each component, in one pass."""
    order, bounds = _grouped(labels, count)
    return [order[bounds[c]:bounds[c + 1]] for c in range(count)]


def _grouped(labels: np.ndarray, count: int) -> tuple[np.ndarray, np.ndarray]:
    """(positions sorted by label, stably; where each of the ``count`` labels starts
    and ends in that order)."""
    order = np.argsort(labels, kind="stable")
    return order, np.searchsorted(labels[order], np.arange(count + 1))


def _by_component(similarities: Pairs | None, edges: Pairs, labels: np.ndarray, count: int
                  ) -> Callable[[int], Pairs]:
    """component -> the known pairs with both ends in it, each pair once (an edge's
    value wins over the same pair among ``similarities``)."""
    parts = [edges] if similarities is None else [edges, similarities]
    left, right, value = (np.concatenate([np.asarray(p[k]) for p in parts]) for k in range(3))
    left, right = np.minimum(left, right).astype(np.int64), np.maximum(left, right).astype(np.int64)
    _, first = np.unique(left * len(labels) + right, return_index=True)  # edges come first
    left, right, value = left[first], right[first], value[first].astype(np.float64)
    inside = labels[left] == labels[right]
    left, right, value = left[inside], right[inside], value[inside]
    order, bounds = _grouped(labels[left], count)
    left, right, value = left[order], right[order], value[order]
    return lambda c: (left[bounds[c]:bounds[c + 1]], right[bounds[c]:bounds[c + 1]],
                      value[bounds[c]:bounds[c + 1]])


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


def _split(members: np.ndarray, known: Pairs, link: float, classes: np.ndarray | None
           ) -> list[list[int]]:
    if len(members) <= 2:
        return [members.tolist()]
    if len(members) <= _LINKAGE_LIMIT:
        return [members[group].tolist() for group in _average_link(len(members), _local(
            members, known), link)]
    if classes is None:
        return [members.tolist()]
    return _split_by_text(members, known, link, classes)


def _local(members: np.ndarray, known: Pairs) -> Pairs:
    """The known pairs in positions of ``members`` (sorted) instead of corpus indices."""
    left, right, value = known
    return np.searchsorted(members, left), np.searchsorted(members, right), value


def _average_link(n: int, local: Pairs, link: float) -> list[np.ndarray]:
    """Positions 0..n-1 grouped by average linkage cut at ``link``."""
    if n <= 1:
        return [np.arange(n)]
    similarity = _similarity(n, local)
    distance = squareform(1.0 - similarity, checks=False)
    tree = linkage(distance, method="average")
    labels = fcluster(tree, t=1.0 - link, criterion="distance")
    return [np.flatnonzero(labels == label) for label in np.unique(labels)]


def _split_by_text(members: np.ndarray, known: Pairs, link: float, classes: np.ndarray
                   ) -> list[list[int]]:
    """A huge component as groups of its distinct texts (copies score alike, so a pair of
    texts has one similarity whichever copies were scored), then expanded to sentences."""
    node_of = np.unique(classes[members], return_inverse=True)[1].astype(np.int64)
    count = int(node_of.max()) + 1
    left, right, value = _local(members, known)
    a, b = node_of[left], node_of[right]
    apart = a != b
    nodes = (np.minimum(a, b)[apart], np.maximum(a, b)[apart], value[apart])
    order, bounds = _grouped(node_of, count)
    return [sorted(members[np.concatenate([order[bounds[x]:bounds[x + 1]] for x in group])
                           ].tolist())
            for group in _cluster_nodes(np.arange(count), nodes, link, link)]


def _cluster_nodes(nodes: np.ndarray, pairs: Pairs, link: float, cut: float
                   ) -> list[np.ndarray]:
    """Average linkage of ``nodes`` when few enough for a dense matrix; otherwise split by
    the links at a stronger ``cut`` (halfway to 1) first and cluster each piece."""
    local = _local(nodes, _inside(nodes, pairs))
    if len(nodes) <= _LINKAGE_LIMIT:
        return [nodes[group] for group in _average_link(len(nodes), local, link)]
    cut = (cut + 1.0) / 2
    if cut > _MAX_CUT:
        return [nodes]
    strong = local[2] >= cut
    graph = coo_matrix((np.ones(int(strong.sum())), (local[0][strong], local[1][strong])),
                       shape=(len(nodes), len(nodes)))
    count, labels = connected_components(graph, directed=False)
    return [group for piece in _members(labels, count)
            for group in _cluster_nodes(nodes[piece], pairs, link, cut)]


def _inside(nodes: np.ndarray, pairs: Pairs) -> Pairs:
    """The pairs with both ends among ``nodes`` (sorted)."""
    left, right, value = pairs
    inside = np.isin(left, nodes) & np.isin(right, nodes)
    return left[inside], right[inside], value[inside]


def _similarity(n: int, local: Pairs) -> np.ndarray:
    """Dense similarity of n positions: known pairs, 0 elsewhere, 1 on the diagonal."""
    left, right, value = local
    similarity = np.zeros((n, n))
    similarity[left, right] = value
    similarity[right, left] = value
    np.fill_diagonal(similarity, 1.0)
    return np.clip(similarity, 0.0, 1.0)
