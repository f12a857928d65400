"""Score a file of sentence pairs with the same code path that ``compare`` uses."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from analysis.errors import AnalysisError
from analysis.ingest.budgets import MAX_SENTENCE_CHARS
from analysis.matching.alignment import Aligner, match_kind
from analysis.matching.embedding import default_encoder
from analysis.matching.features import EmptyVocabularyError
from analysis.matching.paraphrase_model import PairModel, default_model
from analysis.pipeline.settings import Settings

# Sentence pairs scored from one file: MSRP's test split has 1,725 and STS news 1,500; a
# file ten times the largest benchmark scores in minutes, not hours.
MAX_PAIRS = 20_000


@dataclass(frozen=True)
class PairVerdict:
    """``score``: how fully each sentence carries the other (graded, both directions);
    ``second_carries_first`` / ``first_carries_second``: one direction each;
    ``kind``: the match kind as ``compare`` would give it, or "none";
    ``equivalent``: the strict paraphrase verdict of the MSRP-trained pair model."""

    score: float
    kind: str
    second_carries_first: float = 0.0
    first_carries_second: float = 0.0
    paraphrase: float = 0.0  # probability that the two are paraphrases (MSRP's sense)
    equivalent: bool = False  # paraphrase at the pair model's threshold


def read_pair_lines(text: str) -> list[tuple[str, str]]:
    """Last two tab-separated columns of each line; a header line is detected and skipped."""
    rows = [line.split("\t") for line in text.splitlines() if line.strip()]
    pairs = [(r[-2].strip(), r[-1].strip()) for r in rows if len(r) >= 2]
    if pairs and _looks_like_header(pairs[0]):
        pairs = pairs[1:]
    return pairs


def check_pairs(pairs: Sequence[tuple[str, str]], name: str) -> None:
    """Refuse a file the scoring cannot finish in reasonable time and memory: more pairs
    than MAX_PAIRS (290,000 short pairs grew past 3 GB), or a "sentence" longer than one
    sentence may be (two 200 KB ones did not finish in 120 s). The output has one line per
    input pair, so a bad pair stops the file rather than being skipped silently."""
    if len(pairs) > MAX_PAIRS:
        raise AnalysisError(
            f"{name}: {len(pairs):,} sentence pairs; the limit is {MAX_PAIRS:,} pairs per file "
            "(split the file and score the parts one after the other)")
    for number, pair in enumerate(pairs, start=1):
        longest = max(len(pair[0]), len(pair[1]))
        if longest > MAX_SENTENCE_CHARS:
            raise AnalysisError(
                f"{name}: pair {number:,} has a sentence of {longest:,} characters; the limit "
                f"is {MAX_SENTENCE_CHARS:,} characters per sentence")


def _looks_like_header(first: tuple[str, str]) -> bool:
    names = {"sentence1", "sentence2", "sentence_1", "sentence_2", "string1", "string2",
             "#1 string", "#2 string", "text1", "text2", "a", "b", "left", "right"}
    return all(cell.lower() in names for cell in first)


def score_pairs(
    pairs: Sequence[tuple[str, str]],
    *,
    threshold: float | None = None,
    model: PairModel | None = None,
    semantic: bool = True,
) -> list[PairVerdict]:
    """Similarity and match kind per pair, TF-IDF fitted on all sentences of the file."""
    model = model or default_model()
    encoder = default_encoder() if semantic else None
    cut = Settings(threshold=threshold, semantic=encoder is not None).match_threshold
    same = model.threshold
    if not pairs:
        return []
    sentences = [s for pair in pairs for s in pair]
    try:
        aligner = Aligner(sentences, model, encoder=encoder)
    except EmptyVocabularyError:
        return [PairVerdict(0.0, "none") for _ in pairs]
    scored = aligner.score([(2 * k, 2 * k + 1) for k in range(len(pairs))])
    return [
        PairVerdict(round(mutual_coverage(fwd, bwd), 4), match_kind(link, fwd, bwd, kind, cut),
                    round(fwd, 4), round(bwd, 4), round(para, 4), para >= same)
        for link, fwd, bwd, kind, para in zip(
            scored.probability.tolist(), scored.forward.tolist(), scored.backward.tolist(),
            scored.kinds, scored.paraphrase.tolist(), strict=True)
    ]


def mutual_coverage(forward: float, backward: float) -> float:
    """How fully each sentence carries the other: the geometric mean of both directions."""
    return float(math.sqrt(max(forward, 0.0) * max(backward, 0.0)))

