"""The bulk set features equal ``FeatureExtractor._pair_row``, the one-pair reference."""

from __future__ import annotations

import random

import numpy as np

from analysis.matching.features import FEATURE_NAMES, FeatureExtractor
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
    bulk = extractor.pair_index().rows(a, b)
    reference = np.asarray([extractor._pair_row(i, j) for i, j in pairs])
    assert bulk.shape == reference.shape == (len(pairs), len(FEATURE_NAMES) - FIRST)
    for column, name in enumerate(FEATURE_NAMES[FIRST:]):
        np.testing.assert_allclose(bulk[:, column], reference[:, column], rtol=1e-9,
                                   atol=1e-9, err_msg=name)


def test_bulk_rows_do_not_depend_on_the_hash_seed():
    """Set order follows Python's per-process hash seed; the features (and so a retrained
    model, which --check compares byte for byte) must not."""
    import hashlib
    import os
    import subprocess
    import sys
    from pathlib import Path

    script = (
        "import hashlib, numpy as np\n"
        "from analysis.matching.features import FeatureExtractor\n"
        "from analysis.matching.carry_features import CarryIndex\n"
        "from tests.conftest import read_sample\n"
        "texts = [s for a in read_sample() for s in a.text.split('. ') if s.strip()][:80]\n"
        "e = FeatureExtractor().fit(texts)\n"
        "a, b = np.arange(len(texts)), np.arange(len(texts))[::-1].copy()\n"
        "z = np.zeros(len(texts))\n"
        "rows = [e.pair_index().rows(a, b),\n"
        "        CarryIndex(e).rows(a, b, cosine=z, paraphrase_logit=z, partial_ratio=z)]\n"
        "print(hashlib.sha256(b''.join(r.tobytes() for r in rows)).hexdigest())\n"
    )
    root = Path(__file__).resolve().parents[1]
    digests = {
        subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True, text=True,
                       check=True, env={**os.environ, "PYTHONHASHSEED": seed}).stdout.strip()
        for seed in ("1", "2")
    }
    assert len(digests) == 1 and len(next(iter(digests))) == len(hashlib.sha256().hexdigest())
