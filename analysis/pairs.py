"""Score a file of sentence pairs with the same code path that ``compare`` uses."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass

from analysis.alignment import Aligner
from analysis.features import EmptyVocabularyError
from analysis.scoring import PairModel, default_model


@dataclass(frozen=True)
class PairVerdict:
    score: float
    kind: str  # a match kind, or "none"


def read_pair_lines(text: str) -> list[tuple[str, str]]:
    """Last two tab-separated columns of each line; a header line is detected and skipped."""
    csv.field_size_limit(10_000_000)
    rows = [line.split("\t") for line in text.splitlines() if line.strip()]
    pairs = [(r[-2].strip(), r[-1].strip()) for r in rows if len(r) >= 2]
    if pairs and _looks_like_header(pairs[0]):
        pairs = pairs[1:]
    return pairs


def _looks_like_header(first: tuple[str, str]) -> bool:
    names = {"sentence1", "sentence2", "sentence_1", "sentence_2", "string1", "string2",
             "#1 string", "#2 string", "text1", "text2", "a", "b", "left", "right"}
    return all(cell.lower() in names for cell in first)


def score_pairs(
    pairs: Sequence[tuple[str, str]],
    *,
    threshold: float | None = None,
    model: PairModel | None = None,
) -> list[PairVerdict]:
    """Similarity and match kind per pair, TF-IDF fitted on all sentences of the file."""
    model = model or default_model()
    cut = model.threshold if threshold is None else threshold
    if not pairs:
        return []
    sentences = [s for pair in pairs for s in pair]
    try:
        aligner = Aligner(sentences, model)
    except EmptyVocabularyError:
        return [PairVerdict(0.0, "none") for _ in pairs]
    scored = aligner.score([(2 * k, 2 * k + 1) for k in range(len(pairs))])
    return [
        PairVerdict(round(float(p), 4), kind if p >= cut else "none")
        for p, kind in zip(scored.probability.tolist(), scored.kinds, strict=True)
    ]
