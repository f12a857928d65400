"""all-MiniLM-L6-v2 in PyTorch, for fine-tuning experiments only (the product never imports torch).

Parameter names are the safetensors keys of the installed model, so fine-tuned weights are
saved as a model folder the engine reads unchanged (``COVERAGE_LENS_MODEL_DIR``): the numpy
pass, the ONNX graph and int8 all take them as they take the original.

Needs the CPU build of torch (``pip install torch==2.13.0`` on this machine; not a project
dependency).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from analysis.matching.embedding import find_model_dir


class _Attention(nn.Module):
    def __init__(self, hidden: int) -> None:
        super().__init__()
        self.self = nn.Module()
        self.self.query = nn.Linear(hidden, hidden)
        self.self.key = nn.Linear(hidden, hidden)
        self.self.value = nn.Linear(hidden, hidden)
        self.output = nn.Module()
        self.output.dense = nn.Linear(hidden, hidden)
        self.output.LayerNorm = nn.LayerNorm(hidden, eps=1e-12)


class _Layer(nn.Module):
    def __init__(self, hidden: int, inter: int) -> None:
        super().__init__()
        self.attention = _Attention(hidden)
        self.intermediate = nn.Module()
        self.intermediate.dense = nn.Linear(hidden, inter)
        self.output = nn.Module()
        self.output.dense = nn.Linear(inter, hidden)
        self.output.LayerNorm = nn.LayerNorm(hidden, eps=1e-12)


class MiniLM(nn.Module):
    """BERT encoder with mean pooling; ``forward`` gives unit-length sentence vectors."""

    def __init__(self, config: dict) -> None:
        super().__init__()
        hidden = int(config["hidden_size"])
        self.heads = int(config["num_attention_heads"])
        self.embeddings = nn.Module()
        self.embeddings.word_embeddings = nn.Embedding(int(config["vocab_size"]), hidden)
        self.embeddings.position_embeddings = nn.Embedding(
            int(config["max_position_embeddings"]), hidden)
        self.embeddings.token_type_embeddings = nn.Embedding(int(config["type_vocab_size"]),
                                                             hidden)
        self.embeddings.LayerNorm = nn.LayerNorm(hidden, eps=1e-12)
        self.encoder = nn.Module()
        self.encoder.layer = nn.ModuleList(
            _Layer(hidden, int(config["intermediate_size"]))
            for _ in range(int(config["num_hidden_layers"])))
        self.dropout = float(config.get("hidden_dropout_prob", 0.1))

    def hidden(self, ids: torch.Tensor, mask: torch.Tensor,
               types: torch.Tensor | None = None) -> torch.Tensor:
        b, n = ids.shape
        e = self.embeddings
        x = e.word_embeddings(ids) + e.position_embeddings.weight[:n][None]
        x = x + e.token_type_embeddings(types if types is not None else torch.zeros_like(ids))
        x = F.dropout(e.LayerNorm(x), self.dropout, self.training)
        head = x.shape[-1] // self.heads
        bias = torch.zeros(b, 1, 1, n, dtype=x.dtype).masked_fill(~mask[:, None, None, :],
                                                                   -1e4)
        for layer in self.encoder.layer:
            a = layer.attention
            q, k, v = (lin(x).view(b, n, self.heads, head).transpose(1, 2)
                       for lin in (a.self.query, a.self.key, a.self.value))
            ctx = F.scaled_dot_product_attention(q, k, v, attn_mask=bias,
                                                 dropout_p=self.dropout if self.training else 0)
            ctx = ctx.transpose(1, 2).reshape(b, n, -1)
            x = a.output.LayerNorm(x + F.dropout(a.output.dense(ctx), self.dropout,
                                                 self.training))
            h = F.gelu(layer.intermediate.dense(x))
            x = layer.output.LayerNorm(x + F.dropout(layer.output.dense(h), self.dropout,
                                                     self.training))
        return x

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        x = self.hidden(ids, mask)
        m = mask[..., None].to(x.dtype)
        return F.normalize((x * m).sum(1) / m.sum(1).clamp(min=1e-9), dim=-1)


def load(model_dir: Path | None = None) -> tuple[MiniLM, Path]:
    from safetensors.torch import load_file

    path = Path(model_dir) if model_dir else find_model_dir()
    if path is None:
        raise SystemExit("the MiniLM weights are not installed (scripts/setup.sh)")
    model = MiniLM(json.loads((path / "config.json").read_text()))
    stored = load_file(str(path / "model.safetensors"))
    weights = {k.removeprefix("bert."): v for k, v in stored.items()
               if not k.endswith("position_ids") and not k.startswith("pooler")}
    missing, unexpected = model.load_state_dict(weights, strict=False)
    if missing or unexpected:
        raise SystemExit(f"weights do not fit: missing {missing}, unexpected {unexpected}")
    return model, path


def save(model: MiniLM, source: Path, target: Path) -> None:
    """A model folder like the installed one, with these weights."""
    from safetensors.torch import save_file

    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("model.safetensors"))
    save_file({k: v.detach().contiguous() for k, v in model.state_dict().items()},
              str(target / "model.safetensors"))


class Batcher:
    """Tokenise with the model's tokenizer (truncated) into padded id and mask tensors."""

    def __init__(self, path: Path, max_length: int = 128) -> None:
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(max_length=max_length)

    def __call__(self, texts: list[str]) -> tuple[torch.Tensor, torch.Tensor]:
        ids = [e.ids for e in self.tokenizer.encode_batch(texts)]
        tensor = torch.from_numpy(_padded(ids))
        return tensor, tensor != 0

    def pairs(self, pairs: list[tuple[str, str]]) -> tuple[torch.Tensor, ...]:
        """``[CLS] a [SEP] b [SEP]`` with segment ids, for a cross-encoder."""
        encoded = self.tokenizer.encode_batch(pairs)
        ids = torch.from_numpy(_padded([e.ids for e in encoded]))
        types = torch.from_numpy(_padded([e.type_ids for e in encoded]))
        return ids, ids != 0, types


def _padded(rows: list[list[int]]) -> np.ndarray:
    out = np.zeros((len(rows), max(len(r) for r in rows)), dtype=np.int64)
    for k, seq in enumerate(rows):
        out[k, :len(seq)] = seq
    return out


class CrossEncoder(nn.Module):
    """The MiniLM encoder reading both sentences at once, a linear head on the mean."""

    def __init__(self, encoder: MiniLM) -> None:
        super().__init__()
        self.encoder = encoder
        self.head = nn.Linear(384, 1)

    def forward(self, ids: torch.Tensor, mask: torch.Tensor, types: torch.Tensor) -> torch.Tensor:
        x = self.encoder.hidden(ids, mask, types)
        m = mask[..., None].to(x.dtype)
        return self.head((x * m).sum(1) / m.sum(1).clamp(min=1e-9))[:, 0]


def encode(model: MiniLM, batcher: Batcher, texts: list[str], batch: int = 64) -> np.ndarray:
    model.eval()
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    out = np.zeros((len(texts), 384), dtype=np.float32)
    with torch.inference_mode():
        for start in range(0, len(order), batch):
            chunk = order[start:start + batch]
            ids, mask = batcher([texts[i] for i in chunk])
            out[chunk] = model(ids, mask).numpy()
    return out
