"""What one copy of a text shares with a source, every copy of it shares.

Wire copy repeats a sentence word for word in dozens of sources. The candidate search
gives each sentence only its few best neighbours, so of 36 copies of a lead, each is
linked to a handful of the others and a rewrite is linked to one copy or two; yet the
same words score the same against anything. Counting through *text classes* (sentences
with the same words) gives each copy every link of every other copy, so the share of A
that B carries no longer depends on which copies the search happened to pair, and this
costs (classes x sources) numbers, not the quadratic list of copy-by-copy matches.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from analysis.models import Comparison, Match
from analysis.textnorm import match_key


def first_copies(texts: Sequence[str]) -> list[int]:
    """Index of the first text with the same words (``match_key``: case, accents and
    punctuation aside); a text without words stays apart, being nothing's copy."""
    first: dict[str, int] = {}
    ids = []
    for index, text in enumerate(texts):
        key = match_key(text)
        ids.append(first.setdefault(key, index) if key else index)
    return ids


def text_classes(texts: Sequence[str]) -> np.ndarray:
    """Class id per text, numbered in order of first appearance: copies (``first_copies``)
    share one.

    >>> text_classes(["Rain fell.", "It rained", "rain fell", "..."]).tolist()
    [0, 1, 0, 2]
    """
    if not texts:
        return np.zeros(0, dtype=np.int64)
    # a first copy's index grows with its first appearance, so sorted order is that order
    return np.unique(np.asarray(first_copies(texts)), return_inverse=True)[1].astype(np.int64)


def strongest_into_sources(
    classes: np.ndarray,
    groups: np.ndarray,
    links: tuple[np.ndarray, np.ndarray, np.ndarray],
    n_sources: int,
) -> sparse.csr_matrix:
    """Sentences x sources: the strongest link of each sentence into each source.

    ``links`` = (left, right, probability) over sentence indices. A source holding a copy
    of the sentence's text carries it with 1.0 (its own source included: callers skip
    it); otherwise the value is the best probability of any link between a copy of the
    text and a sentence of that source. Absent entries mean no link at all.
    """
    n_classes = int(classes.max()) + 1 if len(classes) else 0
    presence = sparse.csr_matrix(
        (np.ones(len(classes)), (classes, groups)), shape=(n_classes, n_sources))
    presence.sum_duplicates()
    left, right, probability = links
    c_left, c_right = classes[left], classes[right]
    # both directions, class to class (the strongest link of each pair of texts: copies
    # repeat a link many times over), then each class to every source of the other
    pairs = _max_by_cell(np.concatenate([c_left, c_right]), np.concatenate([c_right, c_left]),
                         np.concatenate([probability, probability]).astype(np.float64),
                         (n_classes, n_classes)).tocoo()
    from_class, to_class, value = pairs.row, pairs.col, pairs.data
    counts = np.diff(presence.indptr)[to_class]
    starts = presence.indptr[to_class]
    offsets = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
    sources = presence.indices[np.repeat(starts, counts) + offsets]
    rows = np.concatenate([np.repeat(from_class, counts), presence.nonzero()[0]])
    cols = np.concatenate([sources, presence.indices])
    vals = np.concatenate([np.repeat(value, counts), np.ones(presence.nnz)])
    best = _max_by_cell(rows, cols, vals, (n_classes, n_sources))
    return best[classes]


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
    values = strongest.copy()
    if threshold is not None:
        values.data = (values.data >= threshold).astype(np.float64)
    owners = sparse.csr_matrix(
        (np.ones(len(groups)), (groups, np.arange(len(groups)))),
        shape=(n_sources, len(groups)))
    return np.asarray((owners @ values).todense())


_Link = tuple[float, str, float, float]  # score, kind, b carries a, a carries b
_COPY: _Link = (1.0, "verbatim", 1.0, 1.0)  # the same words, matched whatever the model says


@dataclass(frozen=True)
class CopyLinks:
    """A comparison's matches indexed by the text classes of their two sentences, so the
    matches of any two sources can be listed through copies: the same count of carried
    sentences as ``Comparison.pairs``, sentence by sentence."""

    classes: dict[tuple[str, int], int]  # (article, sentence index) -> text class
    links: dict[tuple[int, int], _Link]  # (class, class) -> strongest link, that way round

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
        return cls(classes, links)

    def between(self, comparison: Comparison, id_a: str, id_b: str) -> tuple[Match, ...]:
        """Every match of a sentence of ``id_a`` with one of ``id_b`` (A on the ``a``
        side): the direct ones and those a copy of either sentence has."""
        by_id = {result.id: result for result in comparison.articles}
        side_b = [(s.index, self.classes[(id_b, s.index)]) for s in by_id[id_b].sentences
                  if (id_b, s.index) in self.classes]
        found = []
        for s in by_id[id_a].sentences:
            ca = self.classes.get((id_a, s.index))
            if ca is None:
                continue
            for index_b, cb in side_b:
                link = self.links.get((ca, cb)) or (_COPY if ca == cb else None)
                if link is not None:
                    score, kind, b_carries_a, a_carries_b = link
                    found.append(Match(a=id_a, a_sentence=s.index, b=id_b, b_sentence=index_b,
                                       score=score, kind=kind, b_carries_a=b_carries_a,
                                       a_carries_b=a_carries_b))
        return tuple(found)

