"""The bulk set features equal ``FeatureExtractor._pair_row``, the one-pair reference."""

from __future__ import annotations

import random

import numpy as np

from analysis.features import FEATURE_NAMES, FeatureExtractor
from analysis.pair_features import PairIndex
from tests.conftest import read_sample
from tests.test_carry_features import EDGES

FIRST = FEATURE_NAMES.index("bleu1_min")


def test_bulk_rows_match_the_reference_rows():
    texts = [s for a in read_sample() for s in a.text.split(". ") if s.strip()][:120] + EDGES
    texts += ["", "The toll rose to 12 and 14.", "Maria Lopez met Maria Lopez in Geneva."]
    extractor = FeatureExtractor().fit(texts)
    rng = random.Random(5)
    n = len(texts)
    pairs = [(rng.randrange(n), rng.randrange(n)) for _ in range(400)]
    tail = range(n - len(EDGES) - 3, n)
    pairs += [(i, j) for i in tail for j in tail]
    a = np.asarray([i for i, _ in pairs])
    b = np.asarray([j for _, j in pairs])
    bulk = PairIndex(extractor).rows(a, b)
    reference = np.asarray([extractor._pair_row(i, j) for i, j in pairs])
    assert bulk.shape == reference.shape == (len(pairs), len(FEATURE_NAMES) - FIRST)
    for column, name in enumerate(FEATURE_NAMES[FIRST:]):
        np.testing.assert_allclose(bulk[:, column], reference[:, column], rtol=1e-9,
                                   atol=1e-9, err_msg=name)
