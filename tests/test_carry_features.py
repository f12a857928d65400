"""The bulk directional features equal the one-pair reference on every feature."""

from __future__ import annotations

import random

import numpy as np

from analysis.matching.carry_features import CarryIndex
from analysis.matching.carry_model import CARRY_FEATURES, directional_row
from analysis.matching.features import FeatureExtractor
from tests.conftest import read_sample

# Edge cases beside the sample's sentences: no content words, no words at all apart from
# one, numbers that conflict, names on one side only, a text with only a number.
EDGES = ["It is what it is.", "Yes.", "The toll rose to 12 on Monday.",
         "The toll rose to 14 on Monday.", "Officials in Geneva met Maria Lopez.",
         "Officials met.", "2023"]


def test_bulk_rows_match_the_reference_rows():
    texts = [s for a in read_sample() for s in a.text.split(". ") if s.strip()][:120] + EDGES
    extractor = FeatureExtractor().fit(texts)
    index = CarryIndex(extractor)
    rng = random.Random(3)
    n = len(texts)
    pairs = [(rng.randrange(n), rng.randrange(n)) for _ in range(400)]
    pairs += [(i, j) for i in range(n - len(EDGES), n) for j in range(n - len(EDGES), n)]
    carried = np.asarray([i for i, _ in pairs])
    carrier = np.asarray([j for _, j in pairs])
    cosine = np.asarray([rng.uniform(-0.2, 1.0) for _ in pairs])
    logit = np.asarray([rng.uniform(-20, 20) for _ in pairs])
    partial = np.asarray([rng.uniform(0, 1) for _ in pairs])
    bulk = index.rows(carried, carrier, cosine=cosine, paraphrase_logit=logit,
                      partial_ratio=partial)
    reference = np.asarray([
        directional_row(extractor, i, j, cosine=float(cosine[k]),
                        paraphrase_logit=float(logit[k]), partial_ratio=float(partial[k]))
        for k, (i, j) in enumerate(pairs)
    ])
    assert bulk.shape == (len(pairs), len(CARRY_FEATURES))
    for column, name in enumerate(CARRY_FEATURES):
        np.testing.assert_allclose(bulk[:, column], reference[:, column], rtol=1e-12,
                                   atol=1e-12, err_msg=name)
