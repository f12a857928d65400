"""The MiniLM sentence encoder written as an ONNX graph, from its safetensors weights.

Why: onnxruntime runs the same arithmetic as the numpy forward pass in ``embedding.py`` with
fused kernels (layer norm, GELU, attention matmuls) on every core, and can run an int8 copy
of the weights. Writing the graph with ``onnx.helper`` needs no torch (the usual export does).

The graph takes one batch of token ids of a single length (the encoder never pads: see
``SentenceEncoder._batches``), so it needs no attention mask, and returns the mean of the
last hidden states over the tokens: the caller L2-normalises it, exactly as after the numpy
pass. Numerically it is the numpy pass in a different order of float operations (cosines
agree to ~1e-6).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np

OPSET = 17  # LayerNormalization is a standard operator from opset 17
INPUT = "input_ids"
OUTPUT = "mean_hidden"


class _Builder:
    """Collects nodes and initialisers; names are made unique by a counter."""

    def __init__(self, helper: Any, numpy_helper: Any) -> None:
        self.helper = helper
        self.numpy_helper = numpy_helper
        self.nodes: list[Any] = []
        self.initializers: list[Any] = []
        self._count = 0

    def name(self, stem: str) -> str:
        self._count += 1
        return f"{stem}_{self._count}"

    def const(self, stem: str, value: np.ndarray) -> str:
        name = self.name(stem)
        self.initializers.append(self.numpy_helper.from_array(np.ascontiguousarray(value), name))
        return name

    def op(self, op_type: str, inputs: list[str], **attributes: Any) -> str:
        out = self.name(op_type.lower())
        self.nodes.append(self.helper.make_node(op_type, inputs, [out], **attributes))
        return out

    def linear(self, x: str, weight_t: np.ndarray, bias: np.ndarray, stem: str) -> str:
        product = self.op("MatMul", [x, self.const(f"{stem}_w", weight_t)])
        return self.op("Add", [product, self.const(f"{stem}_b", bias)])

    def layer_norm(self, x: str, gain: np.ndarray, bias: np.ndarray, eps: float) -> str:
        return self.op(
            "LayerNormalization",
            [x, self.const("ln_g", gain), self.const("ln_b", bias)],
            axis=-1,
            epsilon=eps,
        )


def _heads(g: _Builder, x: str, weight_t: np.ndarray, bias: np.ndarray, split: str,
           perm: list[int]) -> str:
    """One of query/key/value, split into heads: (batch, heads, tokens, head_dim), or the
    key already transposed for the score product (``perm`` [0, 2, 3, 1])."""
    projected = g.linear(x, weight_t, bias, "proj")
    return g.op("Transpose", [g.op("Reshape", [projected, split])], perm=perm)


def build_model(weights: Mapping[str, np.ndarray], config: Mapping[str, Any]) -> Any:
    """An ``onnx.ModelProto`` of the BERT encoder + mean pooling (before normalisation)."""
    from onnx import TensorProto, helper, numpy_helper

    def get(name: str) -> np.ndarray:
        key = name if name in weights else f"bert.{name}"
        return np.asarray(weights[key], dtype=np.float32)

    def t(prefix: str) -> np.ndarray:
        return np.ascontiguousarray(get(f"{prefix}.weight").T)

    hidden = int(config["hidden_size"])
    heads = int(config["num_attention_heads"])
    head_dim = hidden // heads
    eps = float(config.get("layer_norm_eps", 1e-12))
    scale = np.float32(1.0 / math.sqrt(head_dim))
    g = _Builder(helper, numpy_helper)

    x = g.op("Gather", [g.const("word", get("embeddings.word_embeddings.weight")), INPUT])
    shape = g.op("Shape", [INPUT])
    width = g.op("Slice", [shape, g.const("one", np.array([1], np.int64)),
                           g.const("two", np.array([2], np.int64))])
    positions = g.op("Slice", [g.const("pos", get("embeddings.position_embeddings.weight")),
                               g.const("zero", np.array([0], np.int64)), width,
                               g.const("axis0", np.array([0], np.int64))])
    x = g.op("Add", [x, positions])
    x = g.op("Add", [x, g.const("type0", get("embeddings.token_type_embeddings.weight")[0])])
    x = g.layer_norm(x, get("embeddings.LayerNorm.weight"), get("embeddings.LayerNorm.bias"), eps)

    split_heads = g.const("split_heads", np.array([0, 0, heads, head_dim], np.int64))
    merge_heads = g.const("merge_heads", np.array([0, 0, hidden], np.int64))
    half = g.const("half", np.array(0.5, np.float32))
    one = g.const("one_f", np.array(1.0, np.float32))
    root2 = g.const("root2", np.array(math.sqrt(2.0), np.float32))
    for i in range(int(config["num_hidden_layers"])):
        p = f"encoder.layer.{i}"
        att = f"{p}.attention.self"

        q = _heads(g, x, t(f"{att}.query") * scale, get(f"{att}.query.bias") * scale,
                   split_heads, [0, 2, 1, 3])
        k = _heads(g, x, t(f"{att}.key"), get(f"{att}.key.bias"), split_heads, [0, 2, 3, 1])
        v = _heads(g, x, t(f"{att}.value"), get(f"{att}.value.bias"), split_heads, [0, 2, 1, 3])
        probabilities = g.op("Softmax", [g.op("MatMul", [q, k])], axis=-1)
        context = g.op("Transpose", [g.op("MatMul", [probabilities, v])], perm=[0, 2, 1, 3])
        context = g.op("Reshape", [context, merge_heads])
        h = g.linear(context, t(f"{p}.attention.output.dense"),
                     get(f"{p}.attention.output.dense.bias"), "attn_out")
        x = g.layer_norm(g.op("Add", [h, x]), get(f"{p}.attention.output.LayerNorm.weight"),
                         get(f"{p}.attention.output.LayerNorm.bias"), eps)
        inter = g.linear(x, t(f"{p}.intermediate.dense"), get(f"{p}.intermediate.dense.bias"),
                         "inter")
        # Exact GELU, x * (1 + erf(x / sqrt 2)) / 2: the pattern onnxruntime fuses into Gelu.
        erf = g.op("Erf", [g.op("Div", [inter, root2])])
        inter = g.op("Mul", [g.op("Mul", [inter, g.op("Add", [erf, one])]), half])
        h = g.linear(inter, t(f"{p}.output.dense"), get(f"{p}.output.dense.bias"), "ffn")
        x = g.layer_norm(g.op("Add", [h, x]), get(f"{p}.output.LayerNorm.weight"),
                         get(f"{p}.output.LayerNorm.bias"), eps)
    pooled = g.op("ReduceMean", [x], axes=[1], keepdims=0)
    g.nodes.append(helper.make_node("Identity", [pooled], [OUTPUT]))

    graph = helper.make_graph(
        g.nodes,
        "minilm_mean_pooled",
        [helper.make_tensor_value_info(INPUT, TensorProto.INT64, ["batch", "tokens"])],
        [helper.make_tensor_value_info(OUTPUT, TensorProto.FLOAT, ["batch", hidden])],
        g.initializers,
    )
    model = helper.make_model(
        graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="coverage-lens"
    )
    model.ir_version = 8  # readable by every onnxruntime that knows opset 17
    return model
