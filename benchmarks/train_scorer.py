"""Retrain the pair model on the MSRP train split (train only, never test).

Writes analysis/pair_model.json (weights of the dense features, threshold,
kind bounds) and analysis/word_weights.json (the learned lexicon). The model
is one logistic regression over the standardised dense features plus binary
"word shared" / "word in one sentence only" indicators; the indicators' weights
become the lexicon, so their sum is the ``word_evidence`` feature with weight 1.
Training rows are unit pairs as the product forms them (see ``examples``).
The threshold is tuned on out-of-fold probabilities computed through the
product code path (TF-IDF fitted on the held-out sentences, clause max).

Run: python benchmarks/train_scorer.py
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.preprocessing import StandardScaler

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.alignment import Aligner, Units  # noqa: E402
from analysis.features import (  # noqa: E402
    FEATURE_NAMES,
    LEXICON_PATH,
    FeatureExtractor,
    Lexicon,
    indicators,
)
from analysis.scoring import MODEL_PATH, PairModel  # noqa: E402
from benchmarks.eval_data import EvalDataMissing, LabelledPairs, read_msrp  # noqa: E402

SEED = 0
FOLDS = 5
C = 0.3  # inverse L2 strength, chosen by 5-fold CV on train
MIN_DF = 3  # a word needs this many training pairs to get a weight
EVIDENCE = FEATURE_NAMES.index("word_evidence")
DENSE = [k for k in range(len(FEATURE_NAMES)) if k != EVIDENCE]
Pairs = Sequence[tuple[str, str]]


@dataclass(frozen=True)
class Examples:
    """Unit-pair feature rows (word_evidence left at 0), their lexicon indicators,
    labels, the pair each row comes from, and whether it is the whole-sentence pair."""

    rows: np.ndarray
    words: list[list[str]]
    labels: np.ndarray
    owner: np.ndarray
    whole: np.ndarray

    def subset(self, pairs: np.ndarray) -> Examples:
        index = np.flatnonzero(np.isin(self.owner, pairs))
        return Examples(self.rows[index], [self.words[k] for k in index], self.labels[index],
                        self.owner[index], self.whole[index])


def examples(data: LabelledPairs) -> Examples:
    """Whole-sentence rows, TF-IDF fitted on the split's units as the product does.

    Clause rows are left out on purpose: MSRP calls a pair whose clause matches
    but whose sentences differ "no paraphrase", while the product's clause match
    exists to find exactly that shared content (see docs/accuracy.md)."""
    units = Units.of([s for pair in zip(data.left, data.right, strict=True) for s in pair])
    extractor = FeatureExtractor(lexicon=Lexicon()).fit(units.texts)
    index, owner = [], []
    for k in range(len(data.labels)):
        a, b = units.of_sentence(2 * k), units.of_sentence(2 * k + 1)
        chosen = [(a[0], b[0])]  # of_sentence lists the whole sentence first
        index += chosen
        owner += [k] * len(chosen)
    left, right = (np.asarray(side, dtype=np.int64) for side in zip(*index, strict=True))
    texts = extractor.texts_
    return Examples(
        rows=extractor.transform(left, right),
        words=[indicators(texts[i], texts[j]) for i, j in index],
        labels=np.asarray(data.labels)[owner],
        owner=np.asarray(owner),
        whole=units.whole[left] & units.whole[right],
    )


def _same(names: list[str]) -> list[str]:
    return names


def fit(data: Examples) -> tuple[PairModel, Lexicon]:
    """One logistic regression; split its weights into the pair model and the lexicon."""
    scaler = StandardScaler().fit(data.rows[:, DENSE])
    vectorizer = CountVectorizer(analyzer=_same, binary=True, min_df=MIN_DF)
    indicators = vectorizer.fit_transform(data.words)
    design = sparse.hstack([scaler.transform(data.rows[:, DENSE]), indicators]).tocsr()
    classifier = LogisticRegression(C=C, max_iter=5000).fit(design, data.labels)
    coef = classifier.coef_[0]
    names = vectorizer.get_feature_names_out().tolist()
    lexicon = Lexicon(
        {n: round(float(w), 5) for n, w in zip(names, coef[len(DENSE) :], strict=True)}
    )
    mean, scale, weights = (np.insert(v, EVIDENCE, d) for v, d in (
        (scaler.mean_, 0.0), (scaler.scale_, 1.0), (coef[: len(DENSE)], 1.0)))
    model = PairModel(
        features=FEATURE_NAMES,
        mean=tuple(mean.round(6).tolist()),
        scale=tuple(scale.round(6).tolist()),
        coef=tuple(weights.round(6).tolist()),
        intercept=round(float(classifier.intercept_[0]), 6),
        threshold=0.5,
    )
    return model, lexicon


def path_probability(pairs: Pairs, model: PairModel, lexicon: Lexicon) -> np.ndarray:
    """What analysis.pairs.score_pairs computes, with a given (fold's) lexicon."""
    aligner = Aligner([s for pair in pairs for s in pair], model)
    aligner.extractor.lexicon = lexicon  # used at transform time only
    return aligner.score([(2 * k, 2 * k + 1) for k in range(len(pairs))]).probability


def with_evidence(rows: np.ndarray, data: Examples, lexicon: Lexicon) -> np.ndarray:
    rows = rows.copy()
    rows[:, EVIDENCE] = [lexicon.evidence(names) for names in data.words]
    return rows


def out_of_fold(data: Examples, pairs: Pairs) -> tuple[np.ndarray, np.ndarray]:
    """Out-of-fold probabilities: whole sentences, and through the product path."""
    whole, path = np.zeros(len(pairs)), np.zeros(len(pairs))
    labels = np.asarray([data.labels[data.owner == k][0] for k in range(len(pairs))])
    folds = StratifiedKFold(FOLDS, shuffle=True, random_state=SEED)
    for train, held in folds.split(labels, labels):
        model, lexicon = fit(data.subset(train))
        held_out = data.subset(held)
        rows = with_evidence(held_out.rows, held_out, lexicon)
        whole[held_out.owner[held_out.whole]] = model.probability(rows[held_out.whole])
        path[held] = path_probability([pairs[k] for k in held], model, lexicon)
    return whole, path


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def platt(probabilities: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    """Slope and offset on the logit that calibrate out-of-fold path scores."""
    scaler = LogisticRegression(C=1e6, max_iter=1000).fit(_logit(probabilities)[:, None], labels)
    return round(float(scaler.coef_[0, 0]), 6), round(float(scaler.intercept_[0]), 6)


def best_threshold(probabilities: np.ndarray, labels: np.ndarray) -> float:
    """Accuracy-maximising cut on out-of-fold probabilities."""
    grid = np.round(np.arange(0.2, 0.8, 0.01), 2)
    accuracy = [((probabilities >= t) == labels).mean() for t in grid]
    return float(grid[int(np.argmax(accuracy))])


def summary(name: str, probabilities: np.ndarray, labels: np.ndarray, threshold: float) -> str:
    predicted = probabilities >= threshold
    hits = (predicted & (labels == 1)).sum()
    f1 = 2 * hits / (predicted.sum() + (labels == 1).sum())
    accuracy = (predicted == labels).mean()
    return f"{name}: accuracy {accuracy:.4f}, F1 {f1:.4f} at threshold {threshold:.2f}"


def main() -> None:
    try:
        train = read_msrp("train")
    except EvalDataMissing as missing:
        print(missing, file=sys.stderr)
        raise SystemExit(2) from None
    pairs = list(zip(train.left, train.right, strict=True))
    labels = np.asarray(train.labels)
    data = examples(train)
    whole, raw = out_of_fold(data, pairs)
    calibration = platt(raw, labels)
    path = _sigmoid(calibration[0] * _logit(raw) + calibration[1])
    threshold = best_threshold(path, labels)
    print(summary(f"{FOLDS}-fold train, whole sentences", whole, labels,
                  best_threshold(whole, labels)))
    print(summary(f"{FOLDS}-fold train, product path", path, labels, threshold))
    model, lexicon = fit(data)
    model = replace(model, threshold=threshold, calibration=calibration)
    MODEL_PATH.write_text(model.to_json() + "\n", encoding="utf-8")
    LEXICON_PATH.write_text(lexicon.to_json() + "\n", encoding="utf-8")
    print(f"Platt calibration slope {calibration[0]:.3f}, offset {calibration[1]:.3f}")
    print(f"wrote {MODEL_PATH.name} and {LEXICON_PATH.name} "
          f"({len(lexicon.weights)} lexicon weights)")


if __name__ == "__main__":
    main()
