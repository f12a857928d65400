"""Which sentences of two articles sit side by side: oriented matches and aligned rows (pure).

The side-by-side view shows each article in its own order; matches that keep
that order are put on one row, the others (crossings) are linked. Working out
the rows is kept apart from drawing them (:mod:`components.views.diff`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from analysis.results import ArticleResult, Comparison
from analysis.story.copies import CopyLinks
from components.common.labels import source_labels


@dataclass(frozen=True)
class PairMatch:
    """A match oriented for the page: ``a`` is a sentence on the left, ``b`` on the right.

    ``score`` is the probability that the two share at least one fact; ``b_carries_a`` the
    probability that the right sentence carries all the left one says, ``a_carries_b``
    the reverse (the :class:`analysis.results.Match` values, turned to the page's sides).
    """

    a: int
    b: int
    score: float
    kind: str
    b_carries_a: float = 0.0
    a_carries_b: float = 0.0
    a_span: tuple[int, int] | None = None  # the part of each sentence that gave the link
    b_span: tuple[int, int] | None = None  # (None: the whole sentence, or not known)


@dataclass(frozen=True)
class Row:
    """One line of the side-by-side view; ``aligned`` is set when a and b match."""

    a: int | None
    b: int | None
    aligned: PairMatch | None = None


@dataclass(frozen=True)
class PairView:
    """Everything the side-by-side view of two sources needs (positions are 0-based)."""

    label_a: str
    label_b: str
    sentences_a: tuple[str, ...]
    sentences_b: tuple[str, ...]
    matches: tuple[PairMatch, ...]
    rows: tuple[Row, ...]
    id_a: str = ""  # article ids, for what the engine computed about the pair
    id_b: str = ""
    whole_a: frozenset[int] = frozenset()  # positions of A's sentences B carries whole
    whole_b: frozenset[int] = frozenset()  # and of B's sentences A carries whole


def pair_matches(comparison: Comparison, id_a: str, id_b: str) -> tuple[PairMatch, ...]:
    """Matches between two articles, oriented left (id_a) to right (id_b), by position:
    through copies, so the page lists what the overlap shares count (``analysis.story.copies``)."""
    by_id = {result.id: result for result in comparison.articles}
    pos_a = {s.index: k for k, s in enumerate(by_id[id_a].sentences)}
    pos_b = {s.index: k for k, s in enumerate(by_id[id_b].sentences)}
    spans = _evidence(comparison, id_a, id_b)
    found = [
        PairMatch(pos_a[m.a_sentence], pos_b[m.b_sentence], m.score, m.kind,
                  b_carries_a=m.b_carries_a, a_carries_b=m.a_carries_b,
                  a_span=spans.get((m.a_sentence, m.b_sentence), (None, None))[0],
                  b_span=spans.get((m.a_sentence, m.b_sentence), (None, None))[1])
        for m in copy_links(comparison).between(comparison, id_a, id_b)
    ]
    return tuple(sorted(found, key=lambda m: (m.a, m.b)))


def _evidence(comparison: Comparison, id_a: str, id_b: str
              ) -> dict[tuple[int, int], tuple[tuple[int, int] | None, tuple[int, int] | None]]:
    """(A's sentence, B's sentence) -> the evidence spans of their own match, turned to
    A on the left. A link through a copy has none: the copy's words may differ in case or
    punctuation, so offsets would not fit."""
    found = {}
    for m in comparison.matches:
        if (m.a, m.b) == (id_a, id_b):
            found[(m.a_sentence, m.b_sentence)] = (m.a_span, m.b_span)
        elif (m.a, m.b) == (id_b, id_a):
            found[(m.b_sentence, m.a_sentence)] = (m.b_span, m.a_span)
    return found


def copy_links(comparison: Comparison) -> CopyLinks:
    """The comparison's matches by text class, built once per (immutable) comparison."""
    return _copy_links(_Same(comparison))


class _Same:
    """A key that is equal only to the same object: hashing a whole comparison is slow."""

    def __init__(self, value: Comparison):
        self.value = value

    def __hash__(self) -> int:
        return id(self.value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Same) and other.value is self.value


@lru_cache(maxsize=4)
def _copy_links(key: _Same) -> CopyLinks:
    return CopyLinks.of(key.value)


def carry_text(match: PairMatch) -> str:
    """The directional reading of a match in plain words, left and right as on the page.

    >>> carry_text(PairMatch(0, 0, 0.82, "partial", b_carries_a=0.91, a_carries_b=0.4))
    'shares a fact: 0.82 · right carries all of left: 0.91 · left carries all of right: 0.40'
    """
    return (f"shares a fact: {match.score:.2f} · right carries all of left: "
            f"{match.b_carries_a:.2f} · left carries all of right: {match.a_carries_b:.2f}")


def monotone_chain(matches: tuple[PairMatch, ...]) -> list[PairMatch]:
    """The in-order matches to put side by side: as many as possible, then the best scores.

    A longest increasing subsequence over (a, b), ties broken by total score:
    chosen pairs increase in both articles, the others are crossings.
    """
    ordered = sorted(matches, key=lambda m: (m.a, m.b))
    best = [(1, m.score) for m in ordered]
    back = [-1] * len(ordered)
    for k, m in enumerate(ordered):
        for j, prev in enumerate(ordered[:k]):
            extended = (best[j][0] + 1, best[j][1] + m.score)
            if prev.a < m.a and prev.b < m.b and extended > best[k]:
                best[k], back[k] = extended, j
    chain: list[PairMatch] = []
    k = max(range(len(ordered)), key=best.__getitem__, default=-1)
    while k >= 0:
        chain.append(ordered[k])
        k = back[k]
    return chain[::-1]


def align_indices(n_a: int, n_b: int, matches: tuple[PairMatch, ...]) -> list[Row]:
    """Rows holding every sentence of both sides once, in order, matched pairs together."""
    rows: list[Row] = []
    i = j = 0
    for m in [*monotone_chain(matches), None]:
        stop_a, stop_b = (n_a, n_b) if m is None else (m.a, m.b)
        gap_a, gap_b = list(range(i, stop_a)), list(range(j, stop_b))
        for k in range(max(len(gap_a), len(gap_b))):
            rows.append(Row(gap_a[k] if k < len(gap_a) else None,
                            gap_b[k] if k < len(gap_b) else None))
        if m is not None:
            rows.append(Row(m.a, m.b, m))
            i, j = m.a + 1, m.b + 1
    return rows


def pair_view(comparison: Comparison, id_a: str, id_b: str) -> PairView:
    """Two articles of a comparison as the page shows them, id_a on the left."""
    by_id = {result.id: result for result in comparison.articles}
    labels = source_labels(comparison.articles)
    sentences_a = tuple(s.text for s in by_id[id_a].sentences)
    sentences_b = tuple(s.text for s in by_id[id_b].sentences)
    matches = pair_matches(comparison, id_a, id_b)
    rows = align_indices(len(sentences_a), len(sentences_b), matches)
    return PairView(labels[id_a], labels[id_b], sentences_a, sentences_b, matches, tuple(rows),
                    id_a, id_b, _carried_by(by_id[id_a], id_b), _carried_by(by_id[id_b], id_a))


def _carried_by(result: ArticleResult, other: str) -> frozenset[int]:
    """Positions of the article's sentences that ``other`` carries whole."""
    at = {s.index: k for k, s in enumerate(result.sentences)}
    found = dict(result.carried_whole_by).get(other, ())
    return frozenset(at[i] for i in found if i in at)


def align_rows(comparison: Comparison, id_a: str, id_b: str) -> list[Row]:
    """Rows of the side-by-side view of two articles of a comparison."""
    return list(pair_view(comparison, id_a, id_b).rows)


def coverage_summary(view: PairView) -> str:
    """'12 of A's 19 sentences are in B (9 whole, 3 in part); 9 of B's 24 are in A (...)'.

    "Whole": the other source states every claim of the sentence, in one sentence or
    several (``ArticleResult.carried_whole_by``); "in part": it shares some of them only.
    """
    found_a, found_b = {m.a for m in view.matches}, {m.b for m in view.matches}
    whole_a, whole_b = len(found_a & view.whole_a), len(found_b & view.whole_b)
    return (f"{len(found_a)} of {view.label_a}'s {len(view.sentences_a)} sentences are in "
            f"{view.label_b} ({whole_a} whole, {len(found_a) - whole_a} in part); "
            f"{len(found_b)} of {view.label_b}'s {len(view.sentences_b)} are in "
            f"{view.label_a} ({whole_b} whole, {len(found_b) - whole_b} in part).")



def detail_conflicts(comparison: Comparison, id_a: str, id_b: str) -> dict[tuple[int, int], str]:
    """(left sentence, right sentence) -> what they tell differently, for every pair of
    sentences on opposite sides of a divergence: a high match score must not read as
    agreement when a number, name, role, date, hedge or negation differs."""
    found: dict[tuple[int, int], list[str]] = {}
    for divergence in comparison.divergences:
        for one in divergence.sides:
            for other in divergence.sides:
                if one is other:
                    continue
                for m in one.members:
                    for n in other.members:
                        if m.article == id_a and n.article == id_b:
                            what = (f"{divergence.kind}: “{one.words or '(not stated)'}” "
                                    f"vs “{other.words or '(not stated)'}”")
                            found.setdefault((m.sentence, n.sentence), []).append(what)
    return {pair: "; ".join(dict.fromkeys(items)) for pair, items in found.items()}
