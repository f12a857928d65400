"""What one copy of a text shares with a source, every copy of it shares.

Wire copy repeats a sentence word for word in dozens of sources. The candidate search
gives each sentence only its few best neighbours, so of 36 copies of a lead, each is
linked to a handful of the others and a rewrite is linked to one copy or two; yet the
same words score the same against anything. Counting through *text classes* (sentences
with the same words) gives each copy every link of every other copy, so the share of A
that B carries no longer depends on which copies the search happened to pair, and this
costs (classes x sources) numbers, not the quadratic list of copy-by-copy matches.

Lightly edited copies ("said on Tuesday" / "said Tuesday") are not one class, yet each
carries everything the other says. Such *equivalent* texts form a family: whatever one
member is linked with, the others are too, at most at the family's floor probability
(``FAMILY_CARRY``). Without it a 200-source story under-reports what two given sources
share, since each sentence is only compared with a few sources' sentences (issue 10).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from analysis.results import Comparison, Match
from analysis.text.same_words import text_classes

# Two texts are equivalent, for families, when each carries everything the other says
# with at least this probability. Tuned on a story generated from the development stories
# (benchmarks/family_floor.py), not on the sample: the share of links inferred through a
# family that scoring the pair itself confirms.
FAMILY_CARRY = 0.95
# A member's link with another text counts for its family-mates only this strong or
# stronger: a weak link hangs on the member's exact words (tuned with FAMILY_CARRY).
FAMILY_LINK = 0.8
_EXPANDED_CHUNK = 4_000_000  # (id, source) candidates strongest_into_sources holds at once


def infers_families(threshold: float) -> bool:
    """Whether two members of one family count as linked at ``threshold``: an inferred
    link is ``FAMILY_CARRY`` at most, so above it only scored pairs match."""
    return threshold <= FAMILY_CARRY


def families(classes: np.ndarray, pairs: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
             floor: float | None = None) -> np.ndarray:
    """Family id per text class: classes joined by equivalence links.

    ``pairs`` = (left, right, forward, backward) over sentence indices (forward: right
    carries left). Equivalence (each carries all of the other) is transitive, unlike a
    match, so connected components do not chain different claims together.

    >>> families(np.array([0, 1, 2]), (np.array([0]), np.array([1]),
    ...          np.array([0.98]), np.array([0.96]))).tolist()
    [0, 0, 1]
    """
    n_classes = int(classes.max()) + 1 if len(classes) else 0
    left, right, forward, backward = (np.asarray(x) for x in pairs)
    floor = FAMILY_CARRY if floor is None else floor
    same = (forward >= floor) & (backward >= floor)
    a, b = classes[left[same].astype(np.int64)], classes[right[same].astype(np.int64)]
    graph = sparse.coo_matrix((np.ones(len(a)), (a, b)), shape=(n_classes, n_classes))
    return connected_components(graph, directed=False)[1].astype(np.int64)


def strongest_into_sources(
    classes: np.ndarray,
    groups: np.ndarray,
    links: tuple[np.ndarray, np.ndarray, np.ndarray],
    n_sources: int,
    family: np.ndarray | None = None,
) -> sparse.csr_matrix:
    """Sentences x sources: the strongest link of each sentence into each source.

    ``links`` = (left, right, probability) over sentence indices. A source holding a copy
    of the sentence's text carries it with 1.0 (its own source included: callers skip
    it); otherwise the value is the best probability of any link between a copy of the
    text and a sentence of that source. With ``family`` (``families()``, per class), the
    same is done family to family, at most at ``FAMILY_CARRY`` and only through links of
    ``FAMILY_LINK`` or more, and the stronger of the two counts (as ``CopyLinks.link``).
    Absent entries mean no link at all.
    """
    return strongest_by_class(classes, groups, links, n_sources, family)[classes]


def strongest_by_class(
    classes: np.ndarray,
    groups: np.ndarray,
    links: tuple[np.ndarray, np.ndarray, np.ndarray],
    n_sources: int,
    family: np.ndarray | None = None,
) -> sparse.csr_matrix:
    """Text classes x sources: ``strongest_into_sources`` before it is spread to every
    copy of each text (a sentence's row is its class's row)."""
    left, right, probability = links
    best = _into_sources(classes, groups, (classes[left], classes[right], probability),
                         n_sources, 1.0)
    if family is not None and len(family):
        strong = probability >= FAMILY_LINK
        members = family[classes]
        by_family = _into_sources(
            members, groups, (members[left[strong]], members[right[strong]],
                              np.minimum(probability[strong], FAMILY_CARRY)),
            n_sources, FAMILY_CARRY)
        best = best.maximum(by_family[family]).tocsr()
    return best


def _into_sources(ids: np.ndarray, groups: np.ndarray,
                  links: tuple[np.ndarray, np.ndarray, np.ndarray], n_sources: int,
                  present: float) -> sparse.csr_matrix:
    """Ids x sources: ``present`` where a source holds a sentence of the id, else the
    strongest link of the id with an id the source holds. ``links`` are id to id."""
    n_ids = int(ids.max()) + 1 if len(ids) else 0
    presence = sparse.csr_matrix((np.ones(len(ids)), (ids, groups)), shape=(n_ids, n_sources))
    presence.sum_duplicates()
    a, b, probability = links
    # both directions, id to id (the strongest link of each pair: copies repeat a link
    # many times over), then each id to every source of the other
    pairs = _max_by_cell(np.concatenate([a, b]), np.concatenate([b, a]),
                         np.concatenate([probability, probability]).astype(np.float64),
                         (n_ids, n_ids)).tocoo()  # sorted by from_id
    from_id, to_id, value = pairs.row, pairs.col, pairs.data
    held = np.diff(presence.indptr)
    counts = held[to_id]
    present_rows = np.repeat(np.arange(n_ids), held)
    # a link to a sentence every source copies reaches every source, so the (id, source)
    # candidates grow with links x sources: they are expanded for ranges of ids, each
    # range's cells its own (the same matrix), which bounds them whatever the story
    sizes = np.bincount(from_id, weights=counts, minlength=n_ids) + held
    bounds = _row_ranges(sizes, _EXPANDED_CHUNK)
    pair_at = np.searchsorted(from_id, bounds)
    parts = []
    for k in range(len(bounds) - 1):
        p0, p1 = int(pair_at[k]), int(pair_at[k + 1])
        q0, q1 = int(presence.indptr[bounds[k]]), int(presence.indptr[bounds[k + 1]])
        c = counts[p0:p1]
        starts = presence.indptr[to_id[p0:p1]]
        offsets = np.arange(int(c.sum())) - np.repeat(np.cumsum(c) - c, c)
        sources = presence.indices[np.repeat(starts, c) + offsets]
        rows = np.concatenate([np.repeat(from_id[p0:p1], c), present_rows[q0:q1]])
        cols = np.concatenate([sources, presence.indices[q0:q1]])
        vals = np.concatenate([np.repeat(value[p0:p1], c), np.full(q1 - q0, present)])
        parts.append(_max_by_cell(rows, cols, vals, (n_ids, n_sources)).tocoo())
    if not parts:
        return sparse.csr_matrix((n_ids, n_sources), dtype=np.float64)
    return sparse.csr_matrix((np.concatenate([p.data for p in parts]),
                              (np.concatenate([p.row for p in parts]),
                               np.concatenate([p.col for p in parts]))),
                             shape=(n_ids, n_sources))


def _row_ranges(sizes: np.ndarray, budget: int) -> list[int]:
    """Boundaries 0 = b0 < b1 < ... = len(sizes) of row ranges holding at most ``budget``
    entries each (a row bigger than that gets a range of its own).

    >>> _row_ranges(np.array([2, 2, 5, 1]), 4)
    [0, 2, 3, 4]
    """
    ends = np.cumsum(sizes)
    bounds = [0]
    done = 0.0
    while bounds[-1] < len(sizes):
        reach = int(np.searchsorted(ends, done + budget, side="right"))
        bounds.append(min(max(reach, bounds[-1] + 1), len(sizes)))
        done = float(ends[bounds[-1] - 1])
    return bounds


def _max_by_cell(rows: np.ndarray, cols: np.ndarray, values: np.ndarray,
                 shape: tuple[int, int]) -> sparse.csr_matrix:
    """A sparse matrix keeping the largest value given for each cell (scipy would sum)."""
    if not len(rows):
        return sparse.csr_matrix(shape, dtype=np.float64)
    order = np.lexsort((-values, cols, rows))
    rows, cols, values = rows[order], cols[order], values[order]
    first = np.r_[True, (rows[1:] != rows[:-1]) | (cols[1:] != cols[:-1])]
    return sparse.csr_matrix((values[first], (rows[first], cols[first])), shape=shape)


def source_totals(strongest: sparse.csr_matrix, groups: np.ndarray, n_sources: int,
                  threshold: float | None = None) -> np.ndarray:
    """Sources x sources: row A, column B, how many of A's sentences B carries (links at
    or above ``threshold``), or with no threshold the sum of their strongest
    probabilities (the expected number). The diagonal means nothing."""
    return class_totals(strongest, np.arange(len(groups)), groups, n_sources, threshold)


def class_totals(by_class: sparse.csr_matrix, classes: np.ndarray, groups: np.ndarray,
                 n_sources: int, threshold: float | None = None) -> np.ndarray:
    """``source_totals`` of ``strongest_by_class``: each source counts a class's row once
    per copy of the text it holds, so the sentences x sources matrix is never built (a
    wire sentence every source copies would have a full row for each copy, quadratic in
    its copies); memory is (classes x sources). With one class per sentence this is
    ``source_totals`` itself."""
    held = sparse.csr_matrix((np.ones(len(groups)), (groups, classes)),
                             shape=(n_sources, by_class.shape[0]))
    held.sum_duplicates()
    values = by_class.copy()
    if threshold is not None:
        values.data = (values.data >= threshold).astype(np.float64)
    return np.asarray((held @ values).todense())


_Link = tuple[float, str, float, float]  # score, kind, b carries a, a carries b
_COPY: _Link = (1.0, "verbatim", 1.0, 1.0)  # the same words, matched whatever the model says


_LOOSENESS = ("verbatim", "near-verbatim", "paraphrase", "partial")


@dataclass(frozen=True)
class CopyLinks:
    """A comparison's matches indexed by the text classes of their two sentences, so the
    matches of any two sources can be listed through copies and families: the same count
    of carried sentences as ``Comparison.pairs``, sentence by sentence."""

    classes: dict[tuple[str, int], int]  # (article, sentence index) -> text class
    links: dict[tuple[int, int], _Link]  # (class, class) -> strongest link, that way round
    family: np.ndarray  # class -> family (``families``)
    family_links: dict[tuple[int, int], _Link]  # (family, family) -> strongest link
    family_kind: dict[int, str]  # family -> the loosest wording among its equivalences
    threshold: float  # an inferred link weaker than this is no match

    @classmethod
    def of(cls, comparison: Comparison) -> CopyLinks:
        min_chars = comparison.settings.get("min_chars", 0)
        keys = [(result.id, s.index, s.text) for result in comparison.articles
                for s in result.sentences if len(s.text) >= min_chars]
        ids = text_classes([text for _, _, text in keys]).tolist()
        classes = {(article, index): c for (article, index, _), c in zip(keys, ids, strict=True)}
        links: dict[tuple[int, int], _Link] = {}
        for m in comparison.matches:
            ca, cb = classes.get((m.a, m.a_sentence)), classes.get((m.b, m.b_sentence))
            if ca is None or cb is None:  # not from this comparison's corpus: nothing to add
                continue
            for key, link in (((ca, cb), (m.score, m.kind, m.b_carries_a, m.a_carries_b)),
                              ((cb, ca), (m.score, m.kind, m.a_carries_b, m.b_carries_a))):
                if key not in links or link[0] > links[key][0]:
                    links[key] = link
        pairs = [(a, b, link[2], link[3]) for (a, b), link in links.items() if a < b]
        family = families(np.arange(max(ids, default=-1) + 1), tuple(
            np.asarray([row[k] for row in pairs]) for k in range(4)))  # type: ignore[arg-type]
        family_links: dict[tuple[int, int], _Link] = {}
        family_kind: dict[int, str] = {}
        for (a, b), link in links.items():
            fa, fb = int(family[a]), int(family[b])
            if fa == fb:
                kind = link[1]
                if _LOOSENESS.index(kind) > _LOOSENESS.index(family_kind.get(fa, "verbatim")):
                    family_kind[fa] = kind
            elif link[0] >= FAMILY_LINK and (
                    (fa, fb) not in family_links or link[0] > family_links[(fa, fb)][0]):
                family_links[(fa, fb)] = link
        threshold = float(comparison.settings.get("threshold", 0.0))
        return cls(classes, links, family, family_links, family_kind, threshold)

    def link(self, ca: int, cb: int) -> _Link | None:
        """The strongest link of a text of class ``ca`` with one of class ``cb``: direct,
        through copies, or through their families (at most ``FAMILY_CARRY``)."""
        direct = self.links.get((ca, cb)) or (_COPY if ca == cb else None)
        if direct is not None and direct[0] >= FAMILY_CARRY:
            return direct
        fa, fb = int(self.family[ca]), int(self.family[cb])
        inferred: _Link | None = None
        if fa == fb:
            kind = max(self.family_kind.get(fa, "near-verbatim"), "near-verbatim",
                       key=_LOOSENESS.index)
            inferred = (FAMILY_CARRY, kind, FAMILY_CARRY, FAMILY_CARRY)
        elif (found := self.family_links.get((fa, fb))) is not None:
            score, kind, b_carries_a, a_carries_b = found
            inferred = (min(score, FAMILY_CARRY), kind, min(b_carries_a, FAMILY_CARRY),
                        min(a_carries_b, FAMILY_CARRY))
        if inferred is None or inferred[0] < self.threshold or (
                direct is not None and direct[0] >= inferred[0]):
            return direct
        return inferred

    def holders(self) -> tuple[dict[int, set[str]], dict[int, set[str]]]:
        """The articles holding each text class, and each family, among their sentences."""
        by_class: dict[int, set[str]] = {}
        for (article, _), c in self.classes.items():
            by_class.setdefault(c, set()).add(article)
        by_family: dict[int, set[str]] = {}
        for c, found in by_class.items():
            by_family.setdefault(int(self.family[c]), set()).update(found)
        return by_class, by_family

    def carried_by(self) -> dict[tuple[str, int], frozenset[str]]:
        """(article, sentence) -> the other articles that carry it: through a match of any
        copy, a copy of its words, or its family (as ``link`` infers it), so that a list of
        sentences agrees with Side by side and the shares without asking every pair of
        sentences."""
        holders, by_family = self.holders()
        reach: dict[int, set[str]] = {c: set(found) for c, found in holders.items()}
        for ca, cb in self.links:
            reach[ca] |= holders.get(cb, set())
        family_reach: dict[int, set[str]] = {}
        if infers_families(self.threshold):
            family_reach = {f: set(found) for f, found in by_family.items()}
        for (fa, fb), strongest in self.family_links.items():
            if min(strongest[0], FAMILY_CARRY) >= self.threshold:
                family_reach.setdefault(fa, set()).update(by_family.get(fb, set()))
        return {
            (article, index): frozenset(
                (reach[c] | family_reach.get(int(self.family[c]), set())) - {article})
            for (article, index), c in self.classes.items()
        }

    def between(self, comparison: Comparison, id_a: str, id_b: str) -> tuple[Match, ...]:
        """Every match of a sentence of ``id_a`` with one of ``id_b`` (A on the ``a``
        side): the direct ones and those a copy or family member of either sentence has."""
        by_id = {result.id: result for result in comparison.articles}
        side_b = [(s.index, self.classes[(id_b, s.index)]) for s in by_id[id_b].sentences
                  if (id_b, s.index) in self.classes]
        found = []
        for s in by_id[id_a].sentences:
            ca = self.classes.get((id_a, s.index))
            if ca is None:
                continue
            for index_b, cb in side_b:
                link = self.link(ca, cb)
                if link is not None:
                    score, kind, b_carries_a, a_carries_b = link
                    found.append(Match(a=id_a, a_sentence=s.index, b=id_b, b_sentence=index_b,
                                       score=score, kind=kind, b_carries_a=b_carries_a,
                                       a_carries_b=a_carries_b))
        return tuple(found)
