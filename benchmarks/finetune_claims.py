"""Fine-tune the MiniLM sentence encoder on claim pairs, cross-validated by story (issue 31).

``claim_ceiling.py`` showed the pair scorer is the bottleneck: even perfect claim spans
scored by MiniLM cosine reach held-out link F1 59. This asks whether the same small model,
fine-tuned on the development stories' claim labels, separates "states a common claim" from
"same story, different claim" better on stories it was not trained on.

Protocol: the 11 stories of ``benchmarks/stories`` (never the sample) in 4 folds by story
(sorted names, index mod 4, so the three ECB+ stories fall in three folds). For each fold a
copy of the installed weights is trained on the other folds' stories only:

- sentence pairs of two outlets (gold: they share a labelled claim): every positive, as many
  negatives of the highest base cosine (same topic, different claim) and as many random;
- mention pairs: two outlets' mention spans of one claim (positives, at most half as many as
  the sentence positives) and as many of different claims with the highest base cosine;
- only layers ``FROZEN_LAYERS``.. are trained (the embeddings and lower layers stay: a third
  of the time a step, and the weights that change are a small file);
- loss: binary cross-entropy on ``scale * (cosine - bias)`` (both learned), plus the mean
  squared error of cosine against STS-news *train* score / 5 on a small batch each step, so
  the model keeps its general similarity scale.

Every sentence pair of the held-out stories (>= 15 characters, two outlets) is then scored by
cosine; the link threshold is chosen on the training stories (in-sample for the fine-tuned
model: that bias is part of what is measured). Printed per fold and pooled: link F1 / P / R
for the base and the fine-tuned encoder, the held-out-best F1 (not reportable, shows the
threshold's cost) and STS-news test Spearman (forgetting). Fold models are saved to
``benchmarks/.cache/finetuned/fold<k>/`` (a model folder: ``COVERAGE_LENS_MODEL_DIR``).

Run: python benchmarks/finetune_claims.py [--epochs 1] [--folds 0,1,2,3]   (~10 min a fold)
Needs torch (CPU build; ``benchmarks/torch_minilm.py``).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from scipy.stats import spearmanr  # noqa: E402

from benchmarks.claim_ceiling import best_cut, f1  # noqa: E402
from benchmarks.ecb_stories import resolved  # noqa: E402
from benchmarks.eval_data import read_sts  # noqa: E402
from benchmarks.torch_minilm import Batcher, CrossEncoder, encode, load, save  # noqa: E402

STORIES = ROOT / "benchmarks" / "stories"
OUT = ROOT / "benchmarks" / ".cache" / "finetuned"
FOLDS = 4
BATCH = 32
FROZEN_LAYERS = 3  # embeddings and the lower layers stay as installed


@dataclass
class Story:
    name: str
    texts: list[str]
    article: list[str]
    claims: list[set[str]]
    mentions: list[tuple[int, str, str]]  # (sentence row, claim, text)

    def pairs(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        left, right = np.triu_indices(len(self.texts), 1)
        art = np.asarray(self.article)
        keep = art[left] != art[right]
        left, right = left[keep], right[keep]
        gold = np.asarray([bool(self.claims[a] & self.claims[b])
                           for a, b in zip(left.tolist(), right.tolist(), strict=True)])
        return left, right, gold


def read_story(path: Path) -> Story:
    raw = json.loads(path.read_text(encoding="utf-8"))
    if "ecbplus" in raw:
        raw = resolved(raw)
    rows = [r for r in raw["sentences"] if len(r["text"]) >= 15]
    mentions = [(k, c, m) for k, r in enumerate(rows)
                for c, ms in (r.get("mentions") or {}).items() for m in ms if m]
    return Story(path.parent.name, [r["text"] for r in rows], [r["article"] for r in rows],
                 [set(r.get("claims") or []) for r in rows], mentions)


def training_pairs(stories: list[Story], base: dict[str, np.ndarray],
                   rng: random.Random) -> list[tuple[str, str, float]]:
    out: list[tuple[str, str, float]] = []
    for story in stories:
        vec = base[story.name]
        left, right, gold = story.pairs()
        cos = (vec[left] * vec[right]).sum(1)
        pos = np.flatnonzero(gold)
        neg = np.flatnonzero(~gold)
        hard = neg[np.argsort(-cos[neg])][: len(pos)]
        easy = rng.sample(sorted(set(neg.tolist()) - set(hard.tolist())),
                          min(len(pos), len(neg) - len(hard)))
        for k in (*pos.tolist(), *hard.tolist(), *easy):
            out.append((story.texts[left[k]], story.texts[right[k]], float(gold[k])))
        # mention pairs of two outlets
        ms = story.mentions
        mvec = base[story.name + "::mentions"]
        positives, negatives = [], []
        for i in range(len(ms)):
            for j in range(i + 1, len(ms)):
                if story.article[ms[i][0]] == story.article[ms[j][0]]:
                    continue
                if ms[i][1] == ms[j][1]:
                    positives.append((i, j))
                else:
                    negatives.append((float(mvec[i] @ mvec[j]), i, j))
        negatives.sort(reverse=True)
        positives = rng.sample(positives, min(len(positives), len(pos) // 2))
        for i, j in positives:
            out.append((ms[i][2], ms[j][2], 1.0))
        for _, i, j in negatives[: len(positives)]:
            out.append((ms[i][2], ms[j][2], 0.0))
    # batches of similar length (less padding), in random order
    out.sort(key=lambda p: max(len(p[0]), len(p[1])))
    batches = [out[k:k + BATCH] for k in range(0, len(out), BATCH)]
    rng.shuffle(batches)
    return [pair for b in batches for pair in b]


def freeze_below(encoder: torch.nn.Module, frozen: int) -> None:
    """Train only encoder layers ``frozen``.. (the embeddings and lower layers stay)."""
    for name, parameter in encoder.named_parameters():
        layer = name.split(".")[2] if name.startswith("encoder.layer.") else None
        parameter.requires_grad = layer is not None and int(layer) >= frozen


def fit(model: torch.nn.Module, extra: list[torch.nn.Parameter],
        pairs: list[tuple[str, str, float]], epochs: int, seed: int, lr: float, log: str,
        batch_loss: Callable[[list[tuple[str, str, float]], random.Random], torch.Tensor]
        ) -> None:
    """AdamW with linear warm-up and decay over the pairs in order, ``BATCH`` at a time;
    ``batch_loss`` turns one batch into a loss (it may draw from the run's ``rng``)."""
    trainable = [p for p in model.parameters() if p.requires_grad]
    optimiser = torch.optim.AdamW([*trainable, *extra], lr=lr, weight_decay=0.01)
    steps = epochs * ((len(pairs) + BATCH - 1) // BATCH)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: min(1.0, (s + 1) / max(1, steps // 10)) * max(0.0, 1 - s / steps))
    rng = random.Random(seed)
    model.train()
    started, step = time.time(), 0
    for _ in range(epochs):
        for start in range(0, len(pairs), BATCH):
            loss = batch_loss(pairs[start:start + BATCH], rng)
            optimiser.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(trainable, 1.0)
            optimiser.step()
            schedule.step()
            step += 1
            if step % 25 == 0:
                print(f"  {log} step {step}/{steps} loss {loss.item():.3f} "
                      f"{time.time() - started:.0f}s", file=sys.stderr, flush=True)
    model.eval()


def train(pairs: list[tuple[str, str, float]], epochs: int, seed: int,
          log: str) -> torch.nn.Module:
    torch.manual_seed(seed)
    model, path = load()
    batcher = Batcher(path, max_length=96)
    freeze_below(model, FROZEN_LAYERS)
    scale = torch.nn.Parameter(torch.tensor(20.0))
    bias = torch.nn.Parameter(torch.tensor(0.5))
    sts = read_sts("train")
    sts_rows = list(zip(sts.left, sts.right, [s / 5 for s in sts.labels], strict=True))

    def batch_loss(chunk: list[tuple[str, str, float]], rng: random.Random) -> torch.Tensor:
        extra = rng.sample(sts_rows, 4)
        texts = [a for a, _, _ in chunk] + [b for _, b, _ in chunk] + \
            [a for a, _, _ in extra] + [b for _, b, _ in extra]
        vectors = model(*batcher(texts))
        n, m = len(chunk), len(extra)
        cos = (vectors[:n] * vectors[n:2 * n]).sum(1)
        target = torch.tensor([g for _, _, g in chunk])
        loss = F.binary_cross_entropy_with_logits(scale * (cos - bias), target)
        sts_cos = (vectors[2 * n:2 * n + m] * vectors[2 * n + m:]).sum(1)
        return loss + F.mse_loss(sts_cos, torch.tensor([s for _, _, s in extra]))

    fit(model, [scale, bias], pairs, epochs, seed, 2e-5, log, batch_loss)
    return model


def train_cross(pairs: list[tuple[str, str, float]], epochs: int, seed: int, frozen: int,
                log: str) -> CrossEncoder:
    """A cross-encoder on the same pairs (each pair shown in a random order)."""
    torch.manual_seed(seed)
    encoder, path = load()
    model = CrossEncoder(encoder)
    batcher = Batcher(path, max_length=160)
    freeze_below(encoder, frozen)

    def batch_loss(chunk: list[tuple[str, str, float]], rng: random.Random) -> torch.Tensor:
        shown = [(a, b) if rng.random() < 0.5 else (b, a) for a, b, _ in chunk]
        target = torch.tensor([g for _, _, g in chunk])
        return F.binary_cross_entropy_with_logits(model(*batcher.pairs(shown)), target)

    fit(model, [], pairs, epochs, seed, 3e-5, log, batch_loss)
    return model


def cross_scores(model: CrossEncoder, batcher: Batcher, story: Story) -> tuple[np.ndarray,
                                                                            np.ndarray]:
    left, right, gold = story.pairs()
    pairs = [(story.texts[a], story.texts[b]) for a, b in zip(left.tolist(), right.tolist(),
                                                              strict=True)]
    order = sorted(range(len(pairs)), key=lambda k: len(pairs[k][0]) + len(pairs[k][1]))
    out = np.zeros(len(pairs))
    with torch.inference_mode():
        for start in range(0, len(order), 128):
            chunk = order[start:start + 128]
            out[chunk] = torch.sigmoid(model(*batcher.pairs([pairs[k] for k in chunk]))).numpy()
    return out, gold


def cross_main(stories: list[Story], base: dict[str, np.ndarray], folds: list[int],
               epochs: int, frozen: int) -> int:
    _, path = load()
    batcher = Batcher(path, max_length=160)
    parts: dict[str, list] = {"cross@0.5": [], "cross_best": []}
    for fold in folds:
        held = [s for k, s in enumerate(stories) if k % FOLDS == fold]
        rest = [s for k, s in enumerate(stories) if k % FOLDS != fold]
        pairs = training_pairs(rest, base, random.Random(fold))
        print(f"cross fold {fold}: held out {[s.name for s in held]}; {len(pairs)} pairs",
              file=sys.stderr, flush=True)
        model = train_cross(pairs, epochs, fold, frozen, f"cross fold {fold}")
        torch.save(model.state_dict(), OUT / f"cross_fold{fold}.pt")
        scored = [cross_scores(model, batcher, s) for s in held]
        x = np.concatenate([x for x, _ in scored])
        g = np.concatenate([g for _, g in scored])
        parts["cross@0.5"].append((x >= 0.5, g))
        parts["cross_best"].append((x >= best_cut(x, g), g))
        np.save(OUT / f"cross_fold{fold}_scores.npy", x)
        print(json.dumps({"fold": fold, "cross@0.5": f1(x >= 0.5, g),
                          "cross_best": f1(x >= best_cut(x, g), g)}), flush=True)
    for name, p in parts.items():
        f, pr, r = f1(np.concatenate([a for a, _ in p]), np.concatenate([g for _, g in p]))
        print(f"pooled held-out links, {name:10}: F1 {100 * f:.1f}  P {100 * pr:.1f}  "
              f"R {100 * r:.1f}")
    return 0


def link_scores(story: Story, vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    left, right, gold = story.pairs()
    return (vectors[left] * vectors[right]).sum(1), gold


def sts_spearman(model, batcher: Batcher) -> float:
    test = read_sts("test")
    a = encode(model, batcher, list(test.left))
    b = encode(model, batcher, list(test.right))
    return float(spearmanr((a * b).sum(1), test.labels).statistic)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--folds", default=",".join(str(k) for k in range(FOLDS)))
    parser.add_argument("--cross", action="store_true", help="train a cross-encoder instead")
    parser.add_argument("--frozen", type=int, default=FROZEN_LAYERS)
    args = parser.parse_args(argv)
    torch.set_num_threads(int(os.environ.get("TORCH_THREADS", "2")))
    stories = [read_story(p) for p in sorted(STORIES.glob("*/claims.json"))]
    base_model, path = load()
    batcher = Batcher(path)
    base: dict[str, np.ndarray] = {}
    for s in stories:
        base[s.name] = encode(base_model, batcher, s.texts)
        base[s.name + "::mentions"] = encode(base_model, batcher, [m for _, _, m in s.mentions])
    OUT.mkdir(parents=True, exist_ok=True)
    if args.cross:
        return cross_main(stories, base, [int(k) for k in args.folds.split(",")],
                          args.epochs, args.frozen)
    results: dict[str, list] = {"base": [], "tuned": [], "tuned_best": []}
    report = []
    for fold in [int(k) for k in args.folds.split(",")]:
        held = [s for k, s in enumerate(stories) if k % FOLDS == fold]
        rest = [s for k, s in enumerate(stories) if k % FOLDS != fold]
        pairs = training_pairs(rest, base, random.Random(fold))
        print(f"fold {fold}: held out {[s.name for s in held]}; {len(pairs)} training pairs",
              file=sys.stderr, flush=True)
        model = train(pairs, args.epochs, fold, f"fold {fold}")
        save(model, path, OUT / f"fold{fold}")
        tuned = {s.name: encode(model, batcher, s.texts) for s in (*held, *rest)}
        row = {"fold": fold, "held": [s.name for s in held]}
        for name, vecs in (("base", base), ("tuned", tuned)):
            train_scores = [link_scores(s, vecs[s.name]) for s in rest]
            cut = best_cut(np.concatenate([x for x, _ in train_scores]),
                           np.concatenate([g for _, g in train_scores]))
            held_scores = [link_scores(s, vecs[s.name]) for s in held]
            x = np.concatenate([x for x, _ in held_scores])
            g = np.concatenate([g for _, g in held_scores])
            results[name].append((x >= cut, g))
            row[name] = dict(zip(("f1", "p", "r"), f1(x >= cut, g), strict=True)) | {"cut": cut}
            if name == "tuned":
                best = best_cut(x, g)
                results["tuned_best"].append((x >= best, g))
        row["sts_spearman"] = sts_spearman(model, batcher)
        report.append(row)
        print(json.dumps(row), flush=True)
    print(f"base STS-news test Spearman {sts_spearman(base_model, batcher):.3f}")
    for name, parts in results.items():
        if parts:
            f, p, r = f1(np.concatenate([a for a, _ in parts]),
                         np.concatenate([g for _, g in parts]))
            print(f"pooled held-out links, {name:10}: F1 {100 * f:.1f}  P {100 * p:.1f}  "
                  f"R {100 * r:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
