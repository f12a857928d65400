"""A proxy check of the divergence finder on real coverage: ECB+ look-alike events.

ECB+ has no divergence labels, but each topic mixes two look-alike events (two different
earthquakes, two rehab stays...). Two similar sentences (TF-IDF cosine >= COSINE) of articles
about *different* events mostly differ in a detail (when, where, who, how many); two that
mention the *same* annotated event agree far more often (news of one event does still differ,
as reports are updated). So the finder should flag the first group much more often than the
second. Printed: how often each group is flagged, by kind. Development topics only (odd
numbers, ../shared/eval/ecbplus); the even test topics are never read.

Run: .venv/bin/python -m benchmarks.divergence_ecb
"""

from __future__ import annotations

from collections import Counter
from itertools import combinations

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

from analysis.divergence.detail_diff import DETAIL_KINDS, compare_details
from benchmarks.ecbplus_data import EvalDataMissing, read_gold

COSINE = 0.4  # sentences this similar would be matched as reporting the same thing


def _pairs(docs: list) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(same-event pairs, look-alike pairs) of similar annotated sentences in one topic."""
    rows = [(doc, n, text) for doc in docs for n, text in doc.sentences if n in doc.annotated]
    if len(rows) < 2:
        return [], []
    matrix = TfidfVectorizer(stop_words="english").fit_transform([r[2] for r in rows])
    sims = cosine_similarity(matrix)
    same, alike = [], []
    for x, y in combinations(range(len(rows)), 2):
        (doc_x, n_x, text_x), (doc_y, n_y, text_y) = rows[x], rows[y]
        if doc_x.doc_id == doc_y.doc_id or sims[x, y] < COSINE:
            continue
        if doc_x.subtopic != doc_y.subtopic:
            alike.append((text_x, text_y))
        elif doc_x.linked(n_x, doc_y, n_y):
            same.append((text_x, text_y))
    return same, alike


def _flags(pairs: list[tuple[str, str]]) -> tuple[float, Counter[str]]:
    kinds: Counter[str] = Counter()
    flagged = 0
    for a, b in pairs:
        found = {f.kind for f in compare_details(a, b)}
        flagged += bool(found)
        kinds.update(found)
    return (flagged / len(pairs) if pairs else 0.0), kinds


def main() -> None:
    try:
        gold = read_gold()
    except EvalDataMissing as problem:
        print(problem)
        return
    topics: dict[str, list] = {}
    for doc in gold.values():
        topics.setdefault(doc.topic, []).append(doc)
    same, alike = [], []
    for docs in topics.values():
        s, a = _pairs(docs)
        same += s
        alike += a
    for name, pairs in (("same event", same), ("look-alike event", alike)):
        rate, kinds = _flags(pairs)
        detail = ", ".join(f"{k} {kinds[k] / len(pairs):.0%}" for k in DETAIL_KINDS
                           if kinds[k]) if pairs else ""
        print(f"{name:17} pairs {len(pairs):5}  flagged {rate:5.1%}  ({detail})")


if __name__ == "__main__":
    main()
