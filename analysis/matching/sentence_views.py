"""What pair features read of one sentence, and the learned word weights.

A sentence is folded, split into words and read once into a ``SentenceView`` (words,
content words, their stems, numbers, names); the single-pair features
(``analysis.matching.features``) and the bulk ones (``analysis.matching.pair_features``)
both read these views, so both define a word, a stem, a number and a name the same way.
``WordWeights`` are the learned log-odds of words shared or in one sentence only
(``word_weights.json``, trained with the pair model by ``benchmarks/train_scorer.py``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from analysis.text.lexicon import ENGLISH_STOP_WORDS
from analysis.text.textnorm import MATCHING_STEM_LETTERS, words

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)(?<![\"'(])\b[A-Z][\w\-']+")
STEM_LETTERS = MATCHING_STEM_LETTERS  # words sharing their first 5 letters: one word
WORD_WEIGHTS_PATH = Path(__file__).with_name("word_weights.json")
EVIDENCE_BOUND = 20.0  # word_evidence is a sum of log-odds; clipped to +-this


@dataclass(frozen=True)
class WordWeights:
    """Learned log-odds of words and word pairs being shared or in one sentence only.

    Trained with the pair model on MSRP train (benchmarks/train_scorer.py): a
    missing "said" or "Tuesday" barely matters, a missing number or "not" does.
    Keys are the names ``indicators`` gives.
    """

    weights: Mapping[str, float] = field(default_factory=dict)

    def evidence(self, names: Sequence[str]) -> float:
        get = self.weights.get
        total = sum(get(name, 0.0) for name in names)
        return max(-EVIDENCE_BOUND, min(EVIDENCE_BOUND, total))

    def to_json(self) -> str:
        return json.dumps({"weights": self.weights}, indent=0, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> WordWeights:
        return cls(weights=dict(json.loads(text)["weights"]))


@lru_cache(maxsize=1)
def default_word_weights() -> WordWeights:
    """The shipped word weights; an empty lexicon if the file is missing (retrain)."""
    if not WORD_WEIGHTS_PATH.is_file():
        return WordWeights()
    return WordWeights.from_json(WORD_WEIGHTS_PATH.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class SentenceView:
    """Everything about one sentence that pair features need, computed once."""

    lowered: str
    tokens: list[str]
    stems: frozenset[str]  # stems of content words
    content: frozenset[str]
    numbers: frozenset[str]
    names: frozenset[str]

    @classmethod
    def of(cls, folded: str) -> SentenceView:
        tokens = words(folded)
        content = [t for t in tokens if t not in ENGLISH_STOP_WORDS]
        return cls(
            lowered=folded.lower(),
            tokens=tokens,
            stems=frozenset(t[:STEM_LETTERS] for t in content),
            content=frozenset(content),
            numbers=frozenset(n.replace(",", "") for n in _NUMBER.findall(folded)),
            names=frozenset(n.lower() for n in _NAME.findall(folded)),
        )

    # The n-gram and character-trigram sets are built when asked, not kept: they are read once
    # into sparse views (analysis.matching.pair_features), so a fit holds them as sparse rows
    # only; kept as Python sets per text they would be most of a big story's memory.
    def ngrams(self, n: int) -> frozenset:
        """Word n-grams: strings for n = 1, tuples of n words above."""
        return frozenset(self.tokens) if n == 1 else ngrams(self.tokens, n)

    @property
    def grams(self) -> tuple[frozenset, ...]:
        """Word 1-grams (strings), 2- to 4-grams (tuples)."""
        return tuple(self.ngrams(n) for n in (1, 2, 3, 4))

    @property
    def chars(self) -> frozenset[tuple[str, str, str]]:
        """Character trigrams of the word sequence."""
        joined = " ".join(self.tokens)
        return frozenset(zip(joined, joined[1:], joined[2:], strict=False))


def ngrams(tokens: list[str], n: int) -> frozenset[tuple[str, ...]]:
    return frozenset(zip(*(tokens[k:] for k in range(n)), strict=False))


def indicators(a: SentenceView, b: SentenceView) -> list[str]:
    """Names of the lexicon entries a pair fires: shared words, words and word pairs
    in one sentence only."""
    words_a, words_b = a.ngrams(1), b.ngrams(1)
    return [
        *(f"s {w}" for w in words_a & words_b),
        *(f"d {w}" for w in words_a ^ words_b),
        *(f"b {x} {y}" for x, y in a.ngrams(2) ^ b.ngrams(2)),
    ]
