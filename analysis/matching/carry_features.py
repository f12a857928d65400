"""The directional features of many unit pairs at once, as sparse-matrix products.

``carrying.directional_row`` computes one row with Python sets; the aligner needs two rows
per scored pair, so set loops would cost Python work per row. Here the sets are the
extractor's sparse views (``pair_features.PairIndex``, built once for the set features),
and a pair's overlaps are row-wise products, with no Python work per pair.
``tests/test_carry_features.py`` checks the two agree on every feature.
"""

from __future__ import annotations

import numpy as np

from analysis.matching.carry_model import LOGIT_BOUND
from analysis.matching.features import FeatureExtractor
from analysis.matching.scales import saturate
from analysis.matching.set_views import row_counts, shared_counts


class CarryIndex:
    """The directional reading of one fitted extractor's set views."""

    def __init__(self, extractor: FeatureExtractor):
        self.views = extractor.pair_index()
        self.length = np.maximum(self.views.length, 1.0)

    def rows(self, carried: np.ndarray, carrier: np.ndarray, *, cosine: np.ndarray,
             paraphrase_logit: np.ndarray, partial_ratio: np.ndarray) -> np.ndarray:
        """Rows of CARRY_FEATURES for "unit ``carrier[k]`` carries unit ``carried[k]``"."""
        views = self.views
        a = views.row_of[np.asarray(carried, dtype=np.int64)]
        b = views.row_of[np.asarray(carrier, dtype=np.int64)]
        words, bigrams = views.grams[0], views.grams[1]
        cover_a = views.cover(a, b)
        cover_b = views.cover(b, a)
        bigrams_a = row_counts(bigrams, a)
        shared_bigrams = shared_counts(bigrams, a, b)
        no_words = row_counts(words, a) == 0
        fallback = ((shared_counts(words, a, b) > 0) | no_words).astype(np.float64)
        bigram_share = np.where(bigrams_a > 0, shared_bigrams / np.maximum(bigrams_a, 1),
                                fallback)
        shared_names = shared_counts(views.names, a, b)
        names_missing = row_counts(views.names, a) - shared_names
        names_extra = row_counts(views.names, b) - shared_names
        numbers_a, numbers_b = row_counts(views.numbers, a), row_counts(views.numbers, b)
        shared_numbers = shared_counts(views.numbers, a, b)
        conflict = (numbers_a > 0) & (numbers_b > 0) & (shared_numbers == 0)
        length_a, length_b = self.length[a], self.length[b]
        cosine = np.asarray(cosine, dtype=np.float64)
        return np.column_stack([
            cosine,
            cosine * cosine,
            np.clip(np.asarray(paraphrase_logit, dtype=np.float64), -LOGIT_BOUND,
                    LOGIT_BOUND),
            cover_a,
            cover_b,
            cover_a * cosine,
            bigram_share,
            saturate(names_missing, 1.0),
            saturate(names_extra, 1.0),
            saturate(numbers_a - shared_numbers, 1.0),
            conflict.astype(np.float64),
            saturate(length_a, 10.0),
            np.clip(np.log(length_b / length_a), -3.0, 3.0),
            np.asarray(partial_ratio, dtype=np.float64),
        ])
