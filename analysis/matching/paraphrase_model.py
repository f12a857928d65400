"""Turn pair features into a match probability and a match kind.

The weights come from a logistic regression trained on the MSRP train split
(``benchmarks/train_scorer.py`` writes ``analysis/matching/pair_model.json``; the word
weights behind the ``word_evidence`` feature are in ``word_weights.json``), then
recalibrated (Platt) on out-of-fold scores of the product code path, so a score
of 0.8 means roughly "eight in ten pairs scored like this are paraphrases" on
news text. Kinds describe the wording, not the meaning: verbatim copies,
near-verbatim (same words in the same order, a few edits), and paraphrase.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from analysis.matching.features import FEATURE_NAMES

MODEL_PATH = Path(__file__).with_name("pair_model.json")


@dataclass(frozen=True)
class PairModel:
    """A standardised logistic regression over FEATURE_NAMES, plus decision bounds.

    ``word_evidence`` is already a log-odds sum, so it enters unscaled with weight 1.
    """

    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    threshold: float  # match when probability >= threshold (tuned on MSRP train)
    verbatim: float = 0.95  # word-sequence similarity at or above: verbatim
    near_verbatim: float = 0.7  # word-sequence similarity at or above: near-verbatim
    calibration: tuple[float, ...] = (1.0, 0.0)  # Platt slope and offset on the logit

    def probability(self, rows: np.ndarray) -> np.ndarray:
        """Calibrated probability that each row's pair is a paraphrase, in [0, 1]."""
        if rows.shape[0] == 0:
            return np.zeros(0)
        slope, offset = self.calibration
        z = slope * self.logit(rows) + offset
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0)))

    def logit(self, rows: np.ndarray) -> np.ndarray:
        """Uncalibrated log-odds of the logistic regression."""
        z = ((rows - np.asarray(self.mean)) / np.asarray(self.scale)) @ np.asarray(self.coef)
        return z + self.intercept

    def kinds(self, rows: np.ndarray) -> list[str]:
        sequence = rows[:, FEATURE_NAMES.index("word_sequence")]
        return [
            "verbatim" if s >= self.verbatim else "near-verbatim" if s >= self.near_verbatim
            else "paraphrase"
            for s in sequence.tolist()
        ]

    def to_json(self) -> str:
        return json.dumps(self.__dict__, indent=2)

    @classmethod
    def from_json(cls, text: str) -> PairModel:
        raw = json.loads(text)
        fields: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v  # JSON values
                                  for k, v in raw.items()}
        model = cls(**{k: v for k, v in fields.items() if k in cls.__dataclass_fields__})
        if model.features != FEATURE_NAMES:
            raise ValueError(f"{MODEL_PATH.name} was trained on other features; retrain it")
        return model


@lru_cache(maxsize=1)
def default_model() -> PairModel:
    return PairModel.from_json(MODEL_PATH.read_text(encoding="utf-8"))
