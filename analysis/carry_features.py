"""The directional features of many unit pairs at once, as sparse-matrix products.

``carrying.directional_row`` computes one row with Python sets; the aligner needs two rows
per scored pair, 200,000 rows in a 200-article story, where the set loops were a sixth
of the run. Here each unit's stems (with their IDF weights), word pairs, names and
numbers are columns of sparse matrices built once, and a pair's overlaps are row-wise
products. ``tests/test_carry_features.py`` checks the two agree on every feature.
"""

from __future__ import annotations

from collections.abc import Hashable

import numpy as np

from analysis.carrying import _LOGIT_BOUND
from analysis.features import _STEM, FeatureExtractor
from analysis.set_views import binary_rows, row_counts, shared_counts, weighted_rows


class CarryIndex:
    """Per-unit sparse views of one fitted extractor (units x vocabulary)."""

    def __init__(self, extractor: FeatureExtractor):
        texts, weights = extractor.texts_, extractor.weights_
        stems: dict[Hashable, int] = {}
        self.stems = binary_rows((t.stems for t in texts), stems)
        self.stem_weights = weighted_rows(weights, stems, _stem)
        self.bigrams = binary_rows(t.grams[1] for t in texts)
        self.words = binary_rows(t.grams[0] for t in texts)
        self.names = binary_rows(t.names for t in texts)
        self.numbers = binary_rows(t.numbers for t in texts)
        self.total_weight = np.asarray(self.stem_weights.sum(axis=1)).ravel()
        self.length = np.asarray([max(len(t.tokens), 1) for t in texts], dtype=np.float64)

    def rows(self, carried: np.ndarray, carrier: np.ndarray, *, cosine: np.ndarray,
             paraphrase_logit: np.ndarray, partial_ratio: np.ndarray) -> np.ndarray:
        """Rows of CARRY_FEATURES for "unit ``carrier[k]`` carries unit ``carried[k]``"."""
        a, b = np.asarray(carried, dtype=np.int64), np.asarray(carrier, dtype=np.int64)
        cover_a = self._cover(a, b)
        cover_b = self._cover(b, a)
        bigrams_a = row_counts(self.bigrams, a)
        shared_bigrams = shared_counts(self.bigrams, a, b)
        no_words = row_counts(self.words, a) == 0
        fallback = ((shared_counts(self.words, a, b) > 0) | no_words).astype(np.float64)
        bigram_share = np.where(bigrams_a > 0, shared_bigrams / np.maximum(bigrams_a, 1),
                                fallback)
        shared_names = shared_counts(self.names, a, b)
        names_missing = row_counts(self.names, a) - shared_names
        names_extra = row_counts(self.names, b) - shared_names
        numbers_a, numbers_b = row_counts(self.numbers, a), row_counts(self.numbers, b)
        shared_numbers = shared_counts(self.numbers, a, b)
        conflict = (numbers_a > 0) & (numbers_b > 0) & (shared_numbers == 0)
        length_a, length_b = self.length[a], self.length[b]
        cosine = np.asarray(cosine, dtype=np.float64)
        return np.column_stack([
            cosine,
            cosine * cosine,
            np.clip(np.asarray(paraphrase_logit, dtype=np.float64), -_LOGIT_BOUND,
                    _LOGIT_BOUND),
            cover_a,
            cover_b,
            cover_a * cosine,
            bigram_share,
            _saturate(names_missing, 1.0),
            _saturate(names_extra, 1.0),
            _saturate(numbers_a - shared_numbers, 1.0),
            conflict.astype(np.float64),
            _saturate(length_a, 10.0),
            np.clip(np.log(length_b / length_a), -3.0, 3.0),
            np.asarray(partial_ratio, dtype=np.float64),
        ])

    def _cover(self, own: np.ndarray, other: np.ndarray) -> np.ndarray:
        """IDF-weighted share of ``own``'s content words whose stem ``other`` has; with no
        content words, 1.0 when the other has none either."""
        hit = shared_counts(self.stem_weights, own, other, self.stems)
        total = self.total_weight[own]
        empty = (row_counts(self.stems, other) == 0).astype(np.float64)
        return np.where(total > 0, hit / np.where(total > 0, total, 1.0),
                        np.where(row_counts(self.stems, own) == 0, empty, 0.0))


def _saturate(count: np.ndarray, half: float) -> np.ndarray:
    return count / (count + half)


def _stem(word: str) -> str:
    return word[:_STEM]
