"""The encoder on onnxruntime (fp32 graph and int8 weights) against the numpy reference pass.

onnx and onnxruntime are runtime dependencies (requirements.txt), so their absence fails
these tests rather than skipping them; only the fallback test fakes it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from analysis.matching import onnx_route
from analysis.matching.embedding import SentenceEncoder
from analysis.pipeline import result_cache

TEXTS = [
    "The ministry said 12,000 troops took part in the parade on Thursday morning.",
    "Russia's defence minister attended the ceremony in the capital.",
    "Police have released no description of the two suspects.",
    "A short one.",
    "Zürich — «quoted» text with 北京 and emoji 🚀.",
    " ".join(f"word{i}" for i in range(300)),  # truncated at 256 tokens
]


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("onnx-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(onnx_route.CACHE_ENV, str(folder))
        yield folder


@pytest.fixture(scope="module")
def reference(cache: Path) -> np.ndarray:
    return SentenceEncoder(cache_size=0, route="numpy").encode(TEXTS)


@pytest.fixture(scope="module")
def int8(cache: Path) -> SentenceEncoder:
    encoder = SentenceEncoder(cache_size=0, route="int8")
    assert encoder.route == "int8", encoder.fallback_reason
    return encoder


def test_fp32_graph_is_the_numpy_pass(cache: Path, reference: np.ndarray) -> None:
    encoder = SentenceEncoder(cache_size=0, route="onnx")
    assert encoder.route == "onnx", encoder.fallback_reason
    vectors = encoder.encode(TEXTS)
    np.testing.assert_allclose(vectors, reference, atol=2e-6, rtol=0)


def test_int8_stays_close_to_the_reference(int8: SentenceEncoder, reference: np.ndarray
                                           ) -> None:
    vectors = int8.encode(TEXTS)
    assert vectors.dtype == np.float32 and vectors.shape == reference.shape
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    drift = 1.0 - np.sum(vectors * reference, axis=1)
    assert float(drift.max()) < 0.03 and float(drift.mean()) < 0.015
    # what matters downstream: which sentences are alike keeps its order
    assert np.array_equal(np.argsort(vectors @ vectors.T, axis=1)[:, -2:],
                          np.argsort(reference @ reference.T, axis=1)[:, -2:])


def test_int8_row_does_not_depend_on_its_call_mates(int8: SentenceEncoder) -> None:
    """Activations are quantised per input tensor, so sentences must run alone: a warm and a
    cold run of one story would otherwise differ."""
    together = int8.encode(TEXTS)
    alone = np.vstack([int8.encode([text]) for text in TEXTS[::-1]])[::-1]
    np.testing.assert_array_equal(together, alone)


def test_graph_is_built_once_and_reused(cache: Path, int8: SentenceEncoder) -> None:
    files = sorted(cache.glob("minilm-int8-*.onnx"))
    assert len(files) == 1 and int8.route == "int8"
    stamp = files[0].stat().st_mtime_ns
    again = SentenceEncoder(cache_size=0, route="int8")
    assert again.route == "int8" and files[0].stat().st_mtime_ns == stamp
    assert not list(cache.glob("*.part"))  # written atomically, no leftovers


def test_damaged_cache_file_is_rebuilt(cache: Path, int8: SentenceEncoder) -> None:
    (target,) = cache.glob("minilm-int8-*.onnx")
    target.write_bytes(b"not a model")
    repaired = SentenceEncoder(cache_size=0, route="int8")
    assert repaired.route == "int8" and target.stat().st_size > 10_000_000
    np.testing.assert_array_equal(repaired.encode(TEXTS[:2]), int8.encode(TEXTS[:2]))


def test_unwritable_cache_builds_in_a_private_temporary_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, reference: np.ndarray
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("the cache path is a file, so no folder can be made there")
    monkeypatch.setenv(onnx_route.CACHE_ENV, str(blocked / "cache"))
    encoder = SentenceEncoder(cache_size=0, route="onnx")
    assert encoder.route == "onnx"
    assert not str(encoder._onnx.model_path).startswith(str(blocked))  # type: ignore[union-attr]
    np.testing.assert_allclose(encoder.encode(TEXTS[:1]), reference[:1], atol=2e-6, rtol=0)


def test_route_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(onnx_route.ROUTE_ENV, "numpy")
    assert onnx_route.chosen_route() == "numpy"
    monkeypatch.setenv(onnx_route.ROUTE_ENV, "ONNX")
    assert onnx_route.chosen_route() == "onnx"
    monkeypatch.setenv(onnx_route.ROUTE_ENV, "gpu-please")  # not a route: the default
    assert onnx_route.chosen_route() == "int8"
    monkeypatch.delenv(onnx_route.ROUTE_ENV)
    assert onnx_route.chosen_route() == "int8"


def test_without_onnxruntime_the_numpy_pass_is_used(
    monkeypatch: pytest.MonkeyPatch, reference: np.ndarray
) -> None:
    monkeypatch.delenv(onnx_route.ROUTE_ENV, raising=False)
    monkeypatch.setattr(onnx_route, "onnx_installed", lambda: False)
    assert onnx_route.chosen_route() == "numpy"
    asked = SentenceEncoder(cache_size=0, route="int8")  # asked for, but cannot run here
    assert asked.route == "numpy" and "not installed" in asked.fallback_reason
    np.testing.assert_array_equal(asked.encode(TEXTS), reference)


def test_cache_folder_is_the_stored_results_folder(monkeypatch: pytest.MonkeyPatch,
                                                  tmp_path: Path) -> None:
    monkeypatch.delenv(onnx_route.CACHE_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert onnx_route.cache_dir() == tmp_path / "coverage-lens" == result_cache.default_directory()
    monkeypatch.setenv(onnx_route.CACHE_ENV, "~/elsewhere")
    assert onnx_route.cache_dir() == Path(os.path.expanduser("~/elsewhere"))
    monkeypatch.setenv(onnx_route.CACHE_ENV, "off")  # store nothing: a temporary folder
    assert onnx_route.cache_dir() is None
    encoder = SentenceEncoder(cache_size=0, route="onnx")
    assert encoder.route == "onnx" and "coverage-lens-onnx-" in str(encoder._onnx.model_path)  # type: ignore[union-attr]
