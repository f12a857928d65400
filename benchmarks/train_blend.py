"""Tune the manual blend's own threshold, one per fuzzy weight, on MSRP train only.

The manual scoring mode scores a pair as (1 - w) * TF-IDF cosine + w * fuzzy
token-set ratio (best clause pair, as the product scores it). That number is not a
probability, so the learned model's threshold means nothing for it. For the weights 0,
0.1, ..., 1 (the slider's steps of 0.05 between them are interpolated) this script picks
the accuracy-maximising cut on MSRP train through the product path
(``Aligner(..., blend=w)``), and prints MSRP test accuracy at the cuts of 0, 0.5 and 1,
which nothing here is tuned on (one weight takes about a minute on 2 busy cores).

Writes analysis/pipeline/blend_thresholds.json (``--check``: writes nothing, exit 1 if it would
change). Run: python benchmarks/train_blend.py [--check]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.matching.alignment import Aligner  # noqa: E402
from analysis.matching.paraphrase_model import default_model  # noqa: E402
from analysis.pipeline.settings import BLEND_THRESHOLDS_PATH  # noqa: E402
from benchmarks.eval_data import EvalDataMissing, LabelledPairs, read_msrp  # noqa: E402
from benchmarks.model_record import check_files  # noqa: E402

WEIGHTS = [round(0.1 * k, 1) for k in range(11)]
TESTED = (0.0, 0.5, 1.0)
CUTS = np.round(np.arange(0.05, 1.0, 0.01), 2)  # the threshold slider's range and step


def blend_scores(data: LabelledPairs, weight: float) -> np.ndarray:
    sentences = [s for pair in zip(data.left, data.right, strict=True) for s in pair]
    aligner = Aligner(sentences, default_model(), blend=weight)
    return aligner.score([(2 * k, 2 * k + 1) for k in range(len(data.left))]).probability


def best_cut(scores: np.ndarray, labels: np.ndarray) -> float:
    accuracy = [((scores >= t) == labels).mean() for t in CUTS]
    return float(CUTS[int(np.argmax(accuracy))])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="write nothing, exit 1 if the shipped file would change")
    args = parser.parse_args(argv)
    try:
        train, test = read_msrp("train"), read_msrp("test")
    except EvalDataMissing as missing:
        print(missing, file=sys.stderr)
        return 2
    train_labels, test_labels = np.asarray(train.labels) == 1, np.asarray(test.labels) == 1
    thresholds = []
    for weight in WEIGHTS:
        train_scores = blend_scores(train, weight)
        cut = best_cut(train_scores, train_labels)
        train_acc = ((train_scores >= cut) == train_labels).mean()
        thresholds.append(cut)
        line = (f"fuzzy weight {weight:.1f}: threshold {cut:.2f}  MSRP train accuracy "
                f"{100 * train_acc:.1f}")
        if weight in TESTED:
            test_acc = ((blend_scores(test, weight) >= cut) == test_labels).mean()
            line += f", test {100 * test_acc:.1f}"
        print(line, flush=True)
    text = json.dumps({
        "source": "benchmarks/train_blend.py: accuracy-maximising cut on MSRP train "
                  "(never test) of each fuzzy weight's blended score, product path",
        "weights": WEIGHTS, "thresholds": thresholds}, indent=1) + "\n"
    if args.check:
        return check_files({BLEND_THRESHOLDS_PATH: text})
    BLEND_THRESHOLDS_PATH.write_text(text, encoding="utf-8")
    print(f"wrote {BLEND_THRESHOLDS_PATH.name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
