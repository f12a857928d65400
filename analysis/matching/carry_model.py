"""Directional evidence: does one text carry everything another says?

Sources rarely copy each other: one writes a headline, another a long lead that
contains it plus more; one merges two facts into a sentence, another splits
them. Coverage is therefore asked one way round: "is what ``carried`` says also
in ``carrier``?". Words and names of the carried text missing from the carrier
count against it; extra material in the carrier does not. The semantic signal
(a sentence-embedding cosine) catches the same fact in other words, the lexical
signals keep look-alike events apart (same kind of event, other names/numbers).

The model is a logistic regression over ``CARRY_FEATURES`` trained by
``benchmarks/train_coverage.py`` and stored in ``coverage_model.json``: one set
of weights with the semantic signal and one without it (lexical-only mode).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from analysis.matching.scales import saturate

if TYPE_CHECKING:  # the model file is read by Settings without loading scikit-learn
    from analysis.matching.features import FeatureExtractor

COVERAGE_MODEL_PATH = Path(__file__).with_name("coverage_model.json")

CARRY_FEATURES: tuple[str, ...] = (
    "semantic_cosine",
    "semantic_cosine_sq",
    "paraphrase_logit",
    "cover_carried",
    "cover_carrier",
    "cover_x_cosine",
    "bigrams_carried",
    "names_missing",
    "names_extra",
    "numbers_missing",
    "numbers_conflict",
    "carried_length",
    "length_log_ratio",
    "partial_ratio",
)
SEMANTIC_FEATURES = frozenset({"semantic_cosine", "semantic_cosine_sq", "cover_x_cosine"})
LOGIT_BOUND = 12.0


def directional_row(
    extractor: FeatureExtractor,
    carried: int,
    carrier: int,
    *,
    cosine: float,
    paraphrase_logit: float,
    partial_ratio: float,
) -> list[float]:
    """One row of CARRY_FEATURES for "unit ``carrier`` carries unit ``carried``"."""
    a, b = extractor.texts_[carried], extractor.texts_[carrier]
    weights_a, weights_b = extractor.weights_[carried], extractor.weights_[carrier]
    cover_a = _cover(weights_a, b.stems, a.stems, b.stems)
    cover_b = _cover(weights_b, a.stems, b.stems, a.stems)
    bigrams, words_a = a.ngrams(2), a.ngrams(1)  # built when asked: read each once
    bigram_share = len(bigrams & b.ngrams(2)) / len(bigrams) if bigrams else float(
        bool(words_a & b.ngrams(1)) or not words_a
    )
    missing_numbers = a.numbers - b.numbers
    conflict = bool(a.numbers) and bool(b.numbers) and not (a.numbers & b.numbers)
    length_a, length_b = max(len(a.tokens), 1), max(len(b.tokens), 1)
    return [
        cosine,
        cosine * cosine,
        max(-LOGIT_BOUND, min(LOGIT_BOUND, paraphrase_logit)),
        cover_a,
        cover_b,
        cover_a * cosine,
        bigram_share,
        saturate(len(a.names - b.names), 1.0),
        saturate(len(b.names - a.names), 1.0),
        saturate(len(missing_numbers), 1.0),
        float(conflict),
        saturate(length_a, 10.0),
        max(-3.0, min(3.0, math.log(length_b / length_a))),
        partial_ratio,
    ]


def _cover(
    weights: dict[str, float], other_stems: frozenset[str], own: frozenset[str],
    other: frozenset[str],
) -> float:
    """IDF-weighted share of one side's content words whose stem the other side has."""
    total = sum(weights.values())
    if not total:
        return float(not own and not other) if not own else 0.0
    hit = sum(v for w, v in weights.items() if w[:5] in other_stems)
    return hit / total


@dataclass(frozen=True)
class CarryModel:
    """Standardised logistic regression over CARRY_FEATURES plus Platt calibration."""

    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    calibration: tuple[float, float] = (1.0, 0.0)
    # Platt slope and offset that turn the strongest carry between two sentences into
    # the probability that they share at least one fact (fitted on held-out stories)
    link_calibration: tuple[float, float] = (1.0, 0.0)

    def link_probability(self, strongest: np.ndarray) -> np.ndarray:
        p = np.clip(np.asarray(strongest, dtype=np.float64), 1e-6, 1 - 1e-6)
        slope, offset = self.link_calibration
        z = slope * np.log(p / (1 - p)) + offset
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0)))

    def logit(self, rows: np.ndarray) -> np.ndarray:
        z = ((rows - np.asarray(self.mean)) / np.asarray(self.scale)) @ np.asarray(self.coef)
        return z + self.intercept

    def probability(self, rows: np.ndarray) -> np.ndarray:
        if rows.shape[0] == 0:
            return np.zeros(0)
        slope, offset = self.calibration
        z = slope * self.logit(rows) + offset
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0)))

    def as_dict(self) -> dict[str, object]:
        return {k: list(v) if isinstance(v, tuple) else v for k, v in self.__dict__.items()}

    @classmethod
    def from_dict(cls, raw: dict[str, object]) -> CarryModel:
        fields: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v  # JSON values
                                  for k, v in raw.items()}
        model = cls(**{k: v for k, v in fields.items() if k in cls.__dataclass_fields__})
        if model.features != CARRY_FEATURES:
            raise ValueError(f"{COVERAGE_MODEL_PATH.name} was trained on other features")
        return model


@dataclass(frozen=True)
class CoverageModels:
    """Carry models with and without the semantic signal, and the match threshold."""

    semantic: CarryModel
    lexical: CarryModel
    threshold: float
    lexical_threshold: float
    provenance: dict[str, object]

    def for_mode(self, semantic: bool) -> tuple[CarryModel, float]:
        if semantic:
            return self.semantic, self.threshold
        return self.lexical, self.lexical_threshold

    def to_json(self) -> str:
        return json.dumps(
            {"semantic": self.semantic.as_dict(), "lexical": self.lexical.as_dict(),
             "threshold": self.threshold, "lexical_threshold": self.lexical_threshold,
             "provenance": self.provenance},
            indent=1,
        )

    @classmethod
    def from_json(cls, text: str) -> CoverageModels:
        raw = json.loads(text)
        return cls(
            semantic=CarryModel.from_dict(raw["semantic"]),
            lexical=CarryModel.from_dict(raw["lexical"]),
            threshold=float(raw["threshold"]),
            lexical_threshold=float(raw["lexical_threshold"]),
            provenance=dict(raw.get("provenance", {})),
        )


@lru_cache(maxsize=1)
def default_coverage_models() -> CoverageModels:
    return CoverageModels.from_json(COVERAGE_MODEL_PATH.read_text(encoding="utf-8"))
