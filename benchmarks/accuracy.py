"""Accuracy of the pair scorer against simple baselines and published figures.

Reads ../shared/eval (never copied into the repository) and prints, in one run:
MSRP test accuracy/F1 and STS-news test Pearson/Spearman for the project's
scorer (through ``analysis.cli.pairs.score_pairs``, the `pairs` command's path) and
three baselines, each with a threshold tuned on MSRP train only; the project's
reliability table on MSRP test; and how long scoring takes.

``--record`` also writes the table and the reliability bins into docs/figures.json, from
which ``benchmarks/figures.py`` regenerates docs/accuracy.md's tables.

Run: python benchmarks/accuracy.py [--record]   (exit code 2 if the data is missing)
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from difflib import SequenceMatcher
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz
from scipy.stats import pearsonr, spearmanr
from sklearn.feature_extraction.text import TfidfVectorizer

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.cli.pairs import score_pairs  # noqa: E402
from analysis.matching.alignment import Aligner  # noqa: E402
from analysis.matching.paraphrase_model import default_model  # noqa: E402
from benchmarks import figures  # noqa: E402
from benchmarks.eval_data import (  # noqa: E402
    EVAL_DIR,
    EvalDataMissing,
    LabelledPairs,
    read_msrp,
    read_sts,
)

Scorer = Callable[[LabelledPairs], np.ndarray]
PUBLISHED = (  # MSRP test accuracy / F1, from ../shared/eval/README.md
    ("always 'paraphrase'", 66.5, 79.9),
    ("TF-IDF cosine, tuned threshold", 71.0, 80.0),
    ("Wan et al. 2006", 75.6, 83.0),
    ("Madnani et al. 2012 (MT metrics)", 77.4, 84.1),
)
THROUGHPUT_PAIRS = 20_000


def project(data: LabelledPairs) -> np.ndarray:
    """The product's paraphrase scorer: TF-IDF fitted on the file's sentences, clause max."""
    verdicts = score_pairs(list(zip(data.left, data.right, strict=True)))
    return np.asarray([v.paraphrase for v in verdicts])


def mutual_coverage(data: LabelledPairs) -> np.ndarray:
    """How fully each sentence carries the other (the `pairs` command's similarity)."""
    verdicts = score_pairs(list(zip(data.left, data.right, strict=True)))
    return np.asarray([v.score for v in verdicts])


def tfidf_cosine(data: LabelledPairs) -> np.ndarray:
    """Word uni+bigram TF-IDF cosine, fitted on the split's own sentences."""
    matrix = TfidfVectorizer(ngram_range=(1, 2)).fit_transform(data.left + data.right)
    n = len(data.left)
    return np.asarray(matrix[:n].multiply(matrix[n:]).sum(axis=1)).ravel()


def token_set(data: LabelledPairs) -> np.ndarray:
    pairs = zip(data.left, data.right, strict=True)
    return np.asarray([fuzz.token_set_ratio(a, b) / 100 for a, b in pairs])


def sequence_matcher(data: LabelledPairs) -> np.ndarray:
    return np.asarray([
        SequenceMatcher(None, a, b, autojunk=False).ratio()
        for a, b in zip(data.left, data.right, strict=True)
    ])


def tuned_threshold(scores: np.ndarray, labels: np.ndarray) -> float:
    """Accuracy-maximising cut on MSRP train."""
    grid = np.round(np.arange(0.0, 1.0, 0.005), 3)
    accuracy = [((scores >= t) == labels).mean() for t in grid]
    return float(grid[int(np.argmax(accuracy))])


def accuracy_f1(scores: np.ndarray, labels: np.ndarray, threshold: float) -> tuple[float, float]:
    predicted = scores >= threshold
    hits = (predicted & (labels == 1)).sum()
    return 100 * (predicted == labels).mean(), 100 * 2 * hits / (predicted.sum() + labels.sum())


def reliability(scores: np.ndarray, labels: np.ndarray) -> list[dict[str, object]]:
    """Share of true paraphrases per score bin: calibrated scores track the bin."""
    bins = np.minimum((scores * 10).astype(int), 9)
    rows: list[dict[str, object]] = []
    for k in range(10):
        inside = bins == k
        count = int(inside.sum())
        rows.append({"bin": f"{k / 10:.1f}-{(k + 1) / 10:.1f}", "pairs": count,
                     "positives": int(labels[inside].sum()),
                     "share": round(float(labels[inside].mean()), 3) if count else None,
                     "mean": round(float(scores[inside].mean()), 3) if count else None})
    return rows


def throughput(data: LabelledPairs) -> float:
    """Seconds to score THROUGHPUT_PAIRS candidate pairs (features + model + clause max)."""
    sentences = data.left + data.right
    aligner = Aligner(sentences, default_model())
    rng = np.random.default_rng(0)
    pairs = rng.integers(0, len(sentences), size=(THROUGHPUT_PAIRS, 2))
    started = time.perf_counter()
    aligner.score([(int(a), int(b)) for a, b in pairs])
    return time.perf_counter() - started


def evaluate(name: str, scorer: Scorer, splits: dict[str, LabelledPairs],
             threshold: float | None = None) -> tuple[dict[str, object], np.ndarray]:
    """One table row; the threshold is tuned on MSRP train unless given."""
    if threshold is None:
        threshold = tuned_threshold(scorer(splits["train"]), np.asarray(splits["train"].labels))
    test, sts = scorer(splits["test"]), scorer(splits["sts"])
    accuracy, f1 = accuracy_f1(test, np.asarray(splits["test"].labels), threshold)
    gold = np.asarray(splits["sts"].labels)
    row = {"scorer": name, "threshold": f"{threshold:.3f}", "accuracy": round(accuracy, 2),
           "f1": round(f1, 2), "pearson": round(float(pearsonr(sts, gold)[0]), 4),
           "spearman": round(float(spearmanr(sts, gold)[0]), 4)}
    return row, test


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--record", action="store_true",
                        help="also write the figures into docs/figures.json")
    args = parser.parse_args(argv)
    try:
        splits = {"train": read_msrp("train"), "test": read_msrp("test"), "sts": read_sts("test")}
    except EvalDataMissing as missing:
        print(missing, file=sys.stderr)
        return 2
    print(f"Evaluation data: {EVAL_DIR}\n")
    started = time.perf_counter()
    project_row, project_test = evaluate(
        "Coverage Lens paraphrase model", project, splits, default_model().threshold)
    project_row.update(ours=True, threshold=f"{default_model().threshold:.2f}")
    seconds = time.perf_counter() - started
    rows = [project_row, evaluate("Coverage Lens mutual coverage", mutual_coverage, splits)[0]] + [
        evaluate(name, scorer, splits)[0]
        for name, scorer in (("TF-IDF cosine (1-2 grams)", tfidf_cosine),
                             ("rapidfuzz token_set_ratio", token_set),
                             ("difflib SequenceMatcher", sequence_matcher))
    ]
    section = {"rows": rows, "bins": reliability(project_test, np.asarray(splits["test"].labels))}
    print(figures.msrp_sts(section))
    print("Published MSRP test figures (accuracy / F1):")
    for name, accuracy, f1 in PUBLISHED:
        print(f"  {name}: {accuracy:.1f} / {f1:.1f}")
    print("\nReliability of the project's scores on MSRP test:")
    print(figures.reliability(section))
    print(f"\nScoring MSRP test + STS-news test through score_pairs: {seconds:.2f} s")
    print(f"Scoring {THROUGHPUT_PAIRS:,} candidate sentence pairs: "
          f"{throughput(splits['test']):.2f} s")
    if args.record:
        figures.save({**figures.load(), "accuracy": section})
        print(f"recorded in {figures.FIGURES.relative_to(figures.ROOT)}; "
              "python benchmarks/figures.py updates the docs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
