"""The sentence encoder on onnxruntime: the MiniLM graph in fp32, or with int8 weights.

Why: the int8 copy reads sentences about twice as fast per CPU-second as the numpy pass
(``benchmarks/embedding_speed.py`` prints both), and its drift on the public checks is
printed by the same script. The graph is built once from the installed weights and kept as
a file in a cache folder, keyed on the weights, the graph's version and the quantiser's.

Each sentence runs on its own. Dynamic int8 quantisation scales the activations of a whole
input tensor, so a sentence batched with others would get an embedding that depends on its
batch mates (a warm and a cold run of one story would then differ). Sentences run in as many
threads as the process may use, one core each (onnxruntime releases Python's lock).

Weights are quantised per output channel with 7-bit range (``reduce_range``): without VNNI
instructions (the usual 2-core cloud machine) 8-bit products can saturate, and 7 bits gives
the same integers on every x86 machine.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import logging
import os
import tempfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

ROUTE_ENV = "COVERAGE_LENS_ENCODER"
CACHE_ENV = "COVERAGE_LENS_CACHE"
INT8, FP32, NUMPY = "int8", "onnx", "numpy"
ROUTES = (INT8, FP32, NUMPY)
GRAPH_VERSION = "1"  # bump when onnx_graph.build_model or the quantisation options change


class OnnxUnavailable(RuntimeError):
    """onnxruntime cannot run the graph here (not installed, or the graph would not build)."""


def onnx_installed() -> bool:
    return all(importlib.util.find_spec(name) is not None for name in ("onnx", "onnxruntime"))


def chosen_route() -> str:
    """``$COVERAGE_LENS_ENCODER`` when it names a route, else int8 if onnxruntime is here."""
    wanted = os.environ.get(ROUTE_ENV, "").strip().lower()
    if wanted in ROUTES:
        return wanted
    return INT8 if onnx_installed() else NUMPY


def cache_dir() -> Path | None:
    """The stored results' folder (``$COVERAGE_LENS_CACHE``, else ~/.cache/coverage-lens);
    None when the person asked for nothing to be stored (``off``)."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen is not None:
        if chosen.strip().lower() in {"", "off", "0", "no", "none"}:
            return None
        return Path(chosen).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "coverage-lens"


class OnnxForward:
    """Mean-pooled last hidden states of token id sequences, one sentence per run."""

    def __init__(self, model_dir: Path, config: dict[str, Any], route: str, threads: int
                 ) -> None:
        if route not in (INT8, FP32):
            raise ValueError(f"not an onnxruntime route: {route!r}")
        if not onnx_installed():
            raise OnnxUnavailable("onnx and onnxruntime are not installed")
        import onnxruntime as ort

        self.route = route
        self.threads = max(1, threads)
        self.model_path = _model_file(model_dir, config, route)
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1  # parallel over sentences instead (see the module)
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.log_severity_level = 3  # errors only: no notes about unused initialisers
        try:
            self._session = ort.InferenceSession(
                str(self.model_path), options, providers=["CPUExecutionProvider"])
        except Exception:  # a damaged cache file (onnxruntime raises its own types): rebuild
            self.model_path.unlink(missing_ok=True)
            self.model_path = _model_file(model_dir, config, route)
            try:
                self._session = ort.InferenceSession(
                    str(self.model_path), options, providers=["CPUExecutionProvider"])
            except Exception as exc:
                raise OnnxUnavailable(
                    f"onnxruntime could not load {self.model_path}: {exc}") from exc
        self._input = self._session.get_inputs()[0].name
        self._output = self._session.get_outputs()[0].name
        self._pool = ThreadPoolExecutor(self.threads, thread_name_prefix="encoder")

    def mean_hidden(self, token_ids: Sequence[Sequence[int]]) -> np.ndarray:
        """(n, hidden) float32, unnormalised, in input order."""
        rows = list(self._pool.map(self._one, token_ids))
        return np.vstack(rows) if rows else np.zeros((0, 0), np.float32)

    def _one(self, ids: Sequence[int]) -> np.ndarray:
        batch = np.asarray([ids], dtype=np.int64)
        out: np.ndarray = self._session.run([self._output], {self._input: batch})[0]
        return out.astype(np.float32, copy=False)


def _model_file(model_dir: Path, config: dict[str, Any], route: str) -> Path:
    """The cached graph for these weights and route, built (and written atomically) if absent."""
    weights = model_dir / "model.safetensors"
    key = _cache_key(weights, config, route)
    name = f"minilm-{route}-{key}.onnx"
    folder = cache_dir()
    if folder is not None:
        target = folder / name
        if target.is_file():
            return target
        try:
            folder.mkdir(parents=True, exist_ok=True)
            _write_model(weights, config, route, target)
            return target
        except OSError:
            pass
    # Nothing to be stored, or no writable folder: a private temporary one for this process.
    fallback = Path(tempfile.mkdtemp(prefix="coverage-lens-onnx-")) / name
    _write_model(weights, config, route, fallback)
    return fallback


def _cache_key(weights: Path, config: dict[str, Any], route: str) -> str:
    """Names the weights by path, size and time (pip replaces, never edits, a file: hashing
    90 MB cost 0.3 s per process) and the libraries by version (importing onnx costs more
    than a second; only a build needs it)."""
    stat = weights.stat()
    digest = hashlib.sha256()
    digest.update(f"{weights.resolve()}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    digest.update(json.dumps(config, sort_keys=True).encode())
    versions = "/".join(_version(name) for name in ("onnx", "onnxruntime"))
    digest.update(f"{GRAPH_VERSION}/{route}/{versions}".encode())
    return digest.hexdigest()[:16]


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "-"


def _write_model(weights: Path, config: dict[str, Any], route: str, target: Path) -> None:
    from safetensors.numpy import load_file

    from analysis.matching.onnx_graph import build_model

    try:
        model = build_model(load_file(str(weights)), config)
    except (KeyError, ValueError) as exc:
        raise OnnxUnavailable(f"the weights do not fit the graph: {exc}") from exc
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".part")
    os.close(handle)
    try:
        if route == INT8:
            from onnxruntime.quantization import QuantType, quantize_dynamic

            logging.disable(logging.WARNING)  # its advice to pre-process applies to CNNs
            try:
                quantize_dynamic(model, temporary, weight_type=QuantType.QInt8, per_channel=True,
                                 reduce_range=True, op_types_to_quantize=["MatMul"])
            finally:
                logging.disable(logging.NOTSET)
        else:
            Path(temporary).write_bytes(model.SerializeToString())
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
