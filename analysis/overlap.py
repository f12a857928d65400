"""How much of each source the others carry."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from itertools import combinations

import numpy as np

from analysis.models import Match, PairOverlap


def matched_sentences(matches: Sequence[Match]) -> dict[tuple[str, str], set[int]]:
    """(article, other article) -> indices of the article's sentences found in the other."""
    found: dict[tuple[str, str], set[int]] = defaultdict(set)
    for m in matches:
        found[(m.a, m.b)].add(m.a_sentence)
        found[(m.b, m.a)].add(m.b_sentence)
    return found


def pair_overlaps(
    ids: Sequence[str],
    matchable: dict[str, int],
    carried: np.ndarray,
    expected: np.ndarray | None = None,
) -> tuple[PairOverlap, ...]:
    """One entry per unordered pair of sources, in the order of ``ids``.

    ``carried[A, B]`` (positions in ``ids``) is how many of A's sentences B carries, so
    ``a_in_b`` is the share of A's matchable sentences matched somewhere in B;
    ``similarity`` pools both directions: with ``expected`` ([A, B] -> expected number of
    A's sentences B carries, from match probabilities), the expected share of both
    articles' sentences that the other carries; without it, the matched share.
    """
    soft = carried if expected is None else expected
    pairs = []
    for (x, a), (y, b) in combinations(enumerate(ids), 2):
        in_b, in_a = int(round(carried[x, y])), int(round(carried[y, x]))
        total = matchable[a] + matchable[b]
        pairs.append(
            PairOverlap(
                a=a,
                b=b,
                a_in_b=_share(in_b, matchable[a]),
                b_in_a=_share(in_a, matchable[b]),
                similarity=_share(float(soft[x, y] + soft[y, x]), total),
            )
        )
    return tuple(pairs)


def _share(part: float, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def with_names(pairs: Sequence[PairOverlap], names: Mapping[str, set[str]]
               ) -> tuple[PairOverlap, ...]:
    """The pairs with ``shared_names`` (Jaccard share of the name keys the two sources
    use, ``analysis.divergence.names_used``) and ``event_similarity`` filled in.

    On ECB+ dev topics (../shared/eval/ecbplus, odd topics), same event against look-alike
    event: ROC-AUC 0.871 for ``similarity``, 0.891 for the shared names, 0.905 for their
    mean (no weight fitted), TF-IDF cosine of the whole articles 0.851.

    >>> pair = PairOverlap("a", "b", 0.5, 0.5, 0.4)
    >>> found = with_names([pair], {"a": {"kim", "seoul"}, "b": {"kim", "tokyo"}})[0]
    >>> found.shared_names, found.event_similarity
    (0.3333, 0.3667)
    """
    found = []  # built field by field: dataclasses.replace was a tenth of this at 1,000 sources
    for pair in pairs:
        left, right = names.get(pair.a, set()), names.get(pair.b, set())
        either = left | right
        shared = len(left & right) / len(either) if either else 0.0
        found.append(PairOverlap(pair.a, pair.b, pair.a_in_b, pair.b_in_a, pair.similarity,
                                 shared_names=round(shared, 4),
                                 event_similarity=round((pair.similarity + shared) / 2, 4)))
    return tuple(found)
