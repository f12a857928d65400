"""The set-based pair features (FEATURE_NAMES from ``bleu1_min``) of many pairs at once.

``FeatureExtractor._pair_row`` computes them for one pair with Python sets; this does the
same for all pairs of a scoring call with sparse row-wise products (``set_views``): word
1- to 4-grams, stems and their IDF weights, character trigrams, numbers, names and the
lexicon's word evidence. ``tests/test_pair_features.py`` checks that both agree.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import cast

import numpy as np
from scipy import sparse

from analysis.matching.scales import saturate
from analysis.matching.sentence_views import EVIDENCE_BOUND, STEM_LETTERS, SentenceView
from analysis.matching.set_views import binary_rows, row_counts, shared_counts, weighted_rows


class PairIndex:
    """Per-text sparse views of one fitted extractor."""

    def __init__(self, row_of: np.ndarray, texts: Sequence[SentenceView],
                 idf_weights: Sequence[dict[str, float]], word_weights: Mapping[str, float]):
        # one row per distinct text (``row_of`` maps a text of the fit to its row)
        self.row_of = row_of
        words: dict[Hashable, int] = {}
        bigrams: dict[Hashable, int] = {}
        stems: dict[Hashable, int] = {}
        self.grams = [binary_rows((t.ngrams(1) for t in texts), words),
                      binary_rows((t.ngrams(2) for t in texts), bigrams),
                      binary_rows(t.ngrams(3) for t in texts),
                      binary_rows(t.ngrams(4) for t in texts)]
        self.stems = binary_rows((t.stems for t in texts), stems)
        self.stem_weights = weighted_rows(list(idf_weights), stems, _stem)
        self.total_weight = np.asarray(self.stem_weights.sum(axis=1)).ravel()
        self.chars = binary_rows(t.chars for t in texts)
        self.numbers = binary_rows(t.numbers for t in texts)
        self.names = binary_rows(t.names for t in texts)
        self.length = np.asarray([len(t.tokens) for t in texts], dtype=np.float64)
        get = word_weights.get
        word_list = list(words)
        shared_weight = np.asarray([get(f"s {w}", 0.0) for w in word_list] or [0.0])
        diff_weight = np.asarray([get(f"d {w}", 0.0) for w in word_list] or [0.0])
        pair_weight = np.asarray([get("b " + " ".join(cast(tuple[str, str], pair)), 0.0)
                                  for pair in bigrams] or [0.0])
        self.shared_words = _weighted_columns(self.grams[0], shared_weight)
        self.diff_words = _weighted_columns(self.grams[0], diff_weight)
        self.diff_pairs = _weighted_columns(self.grams[1], pair_weight)

    def rows(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Columns ``bleu1_min`` .. ``word_evidence`` for the pairs of texts (a[k], b[k])."""
        a, b = self.row_of[a], self.row_of[b]
        columns: list[np.ndarray] = []
        for view in (*self.grams, self.stems):
            columns.extend(_shares(view, a, b))
        columns.extend(_min_max(self.cover(a, b), self.cover(b, a)))
        stems_a, stems_b = row_counts(self.stems, a), row_counts(self.stems, b)
        shared_stems = shared_counts(self.stems, a, b)
        columns.extend(_min_max(saturate(stems_a - shared_stems, 3.0),
                                saturate(stems_b - shared_stems, 3.0)))
        chars_a, chars_b = row_counts(self.chars, a), row_counts(self.chars, b)
        both = chars_a + chars_b
        columns.append(np.where(both > 0, 2 * shared_counts(self.chars, a, b)
                                / np.where(both > 0, both, 1.0), 1.0))
        columns.extend(_lengths(self.length[a], self.length[b]))
        columns.extend(self._numbers(a, b))
        columns.extend(self._names(a, b))
        columns.append(self._evidence(a, b))
        return np.column_stack(columns)

    def cover(self, own: np.ndarray, other: np.ndarray) -> np.ndarray:
        """IDF-weighted share of ``own``'s content words whose stem ``other`` has; with
        no weight, 1.0 when neither has a stem. ``own``, ``other``: rows, not texts."""
        hit = shared_counts(self.stem_weights, own, other, self.stems)
        total = self.total_weight[own]
        neither = ((row_counts(self.stems, own) == 0)
                   & (row_counts(self.stems, other) == 0)).astype(np.float64)
        return np.where(total > 0, hit / np.where(total > 0, total, 1.0), neither)

    def _numbers(self, a: np.ndarray, b: np.ndarray) -> list[np.ndarray]:
        count_a, count_b = row_counts(self.numbers, a), row_counts(self.numbers, b)
        shared = shared_counts(self.numbers, a, b)
        same = (count_a > 0) & (shared == count_a) & (shared == count_b)
        nested = (shared == count_a) | (shared == count_b)
        differ = (count_a > 0) & (count_b > 0) & ~nested
        return [same.astype(np.float64), differ.astype(np.float64),
                saturate(count_a + count_b - 2 * shared, 1.0)]

    def _names(self, a: np.ndarray, b: np.ndarray) -> list[np.ndarray]:
        count_a, count_b = row_counts(self.names, a), row_counts(self.names, b)
        shared = shared_counts(self.names, a, b)
        union = count_a + count_b - shared
        jaccard = np.where(union > 0, shared / np.where(union > 0, union, 1.0), 1.0)
        return [jaccard, saturate(count_a + count_b - 2 * shared, 1.0)]

    def _evidence(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """The lexicon's log-odds of shared words, words in one sentence only and word
        pairs in one sentence only, summed and clipped as ``WordWeights.evidence`` does."""
        shared = shared_counts(self.shared_words, a, b, self.grams[0])
        one_side = (_row_sums(self.diff_words, a) + _row_sums(self.diff_words, b)
                    - 2 * shared_counts(self.diff_words, a, b, self.grams[0]))
        pairs = (_row_sums(self.diff_pairs, a) + _row_sums(self.diff_pairs, b)
                 - 2 * shared_counts(self.diff_pairs, a, b, self.grams[1]))
        return np.clip(shared + one_side + pairs, -EVIDENCE_BOUND, EVIDENCE_BOUND)


def _weighted_columns(binary: sparse.csr_matrix, weight: np.ndarray) -> sparse.csr_matrix:
    """The 0/1 matrix with each item's weight in place of its 1."""
    weighted = binary.copy()
    weighted.data = weight[binary.indices]
    return weighted


def _row_sums(matrix: sparse.csr_matrix, rows: np.ndarray) -> np.ndarray:
    return np.asarray(matrix.sum(axis=1)).ravel()[rows]


def _shares(view: sparse.csr_matrix, a: np.ndarray, b: np.ndarray) -> list[np.ndarray]:
    """Min and max of the shared share of each side; an empty side shares nothing, two
    empty sides everything."""
    count_a, count_b = row_counts(view, a), row_counts(view, b)
    shared = shared_counts(view, a, b)
    share_a = shared / np.where(count_a > 0, count_a, 1.0)
    share_b = shared / np.where(count_b > 0, count_b, 1.0)
    empty = (count_a == 0) | (count_b == 0)
    both_empty = ((count_a == 0) & (count_b == 0)).astype(np.float64)
    low = np.where(empty, both_empty, np.minimum(share_a, share_b))
    high = np.where(empty, both_empty, np.maximum(share_a, share_b))
    return [low, high]


def _min_max(x: np.ndarray, y: np.ndarray) -> list[np.ndarray]:
    return [np.minimum(x, y), np.maximum(x, y)]


def _lengths(a: np.ndarray, b: np.ndarray) -> list[np.ndarray]:
    """Length ratio, relative gap, and how short the shorter sentence is."""
    low, high = np.minimum(a, b), np.maximum(a, b)
    return [low / np.maximum(high, 1.0), np.abs(a - b) / np.maximum(a + b, 1.0),
            saturate(low, 10.0)]


def _stem(word: str) -> str:
    return word[:STEM_LETTERS]
