"""Analysis settings: every number that changes a result, in one hashable object."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from analysis.results import SettingsRecord

BLEND_THRESHOLDS_PATH = Path(__file__).with_name("blend_thresholds.json")


@cache
def _blend_table() -> tuple[tuple[float, ...], tuple[float, ...]]:
    raw = json.loads(BLEND_THRESHOLDS_PATH.read_text(encoding="utf-8"))
    return tuple(raw["weights"]), tuple(raw["thresholds"])


def blend_threshold(weight: float) -> float:
    """The manual blend's own default threshold for a fuzzy weight (tuned on MSRP train by
    benchmarks/train_blend.py), linear between the tuned weights."""
    weights, cuts = _blend_table()
    for k in range(len(weights) - 1):
        w0, w1, c0, c1 = weights[k], weights[k + 1], cuts[k], cuts[k + 1]
        if w0 <= weight <= w1:
            return round(c0 + (c1 - c0) * (weight - w0) / (w1 - w0), 2)
    return cuts[0] if weight < weights[0] else cuts[-1]


@dataclass(frozen=True)
class Settings:
    """Knobs of one comparison; ``None`` means "the default learned on MSRP train".

    threshold: minimum match probability for two sentences to count as a match.
    min_chars: sentences shorter than this are listed but never matched
        (fragments such as "He left." match too easily to mean anything).
    clean: drop web-page furniture before segmenting.
    top_k: candidates per sentence taken from the TF-IDF index before fuzzy scoring.
    candidate_floor: minimum TF-IDF cosine for a pair to be scored at all.
    element_link: minimum average match probability inside one story element;
        ``None`` follows the threshold, so every view agrees on what is linked.
    blend: ``None`` scores pairs with the learned coverage model (recommended). A
        weight w in [0, 1] instead scores (1 - w) * TF-IDF cosine + w * fuzzy
        token-set ratio, a transparent score for people who want to see each signal.
    semantic: use the sentence-embedding model alongside the lexical evidence
        (finds the same fact in other words); ``False`` is the lexical-only mode,
        which is also used when the model is not installed.
    semantic_floor: minimum embedding cosine for a pair to be proposed by the
        semantic neighbour search.
    per_source: besides the ``top_k`` best candidates overall, each sentence is also
        compared with its ``per_source`` best sentences in each other source (up to
        ``source_limit`` sources, the most similar first; a very large story gets at most
        2 per source, in fewer sources), so that "does that source carry this sentence?"
        is asked of every source, not only of the k most similar sentences. 0 turns it
        off. 4 by default: on ECB+ dev topics 2 left a quarter of the sentence pairs
        people linked unscored.
    """

    threshold: float | None = None
    min_chars: int = 15
    clean: bool = True
    top_k: int = 8
    candidate_floor: float = 0.15
    element_link: float | None = None
    blend: float | None = None
    semantic: bool = True
    semantic_floor: float = 0.45
    per_source: int = 4
    source_limit: int = 40

    def __post_init__(self) -> None:
        if self.threshold is not None and not 0.0 <= self.threshold <= 1.0:
            raise ValueError("threshold must be between 0 and 1")
        link = 0.5 if self.element_link is None else self.element_link
        if not all(0.0 <= v <= 1.0 for v in (self.candidate_floor, link, self.semantic_floor)):
            raise ValueError(
                "candidate_floor, element_link and semantic_floor must be between 0 and 1")
        if self.blend is not None and not 0.0 <= self.blend <= 1.0:
            raise ValueError("blend must be between 0 and 1")
        if self.min_chars < 0 or self.top_k < 1:
            raise ValueError("min_chars must be >= 0 and top_k >= 1")
        if self.per_source < 0 or self.source_limit < 0:
            raise ValueError("per_source and source_limit must be >= 0")

    @property
    def match_threshold(self) -> float:
        """The threshold in force. The default depends on the scoring: the manual blend's
        own (``blend_threshold``), else the learned model's for the mode (``for_mode``)."""
        if self.threshold is not None:
            return self.threshold
        if self.blend is not None:
            return blend_threshold(self.blend)
        from analysis.matching.carry_model import default_coverage_models  # keeps settings light

        return default_coverage_models().for_mode(self.semantic)[1]

    @property
    def element_threshold(self) -> float:
        return self.match_threshold if self.element_link is None else self.element_link

    def for_mode(self, semantic_available: bool) -> Settings:
        """These settings as they run: lexical-only when the model is not installed."""
        return replace(self, semantic=self.semantic and semantic_available)

    def as_dict(self) -> SettingsRecord:
        """Every field, with the thresholds in force instead of ``None``."""
        return SettingsRecord(
            threshold=self.match_threshold, min_chars=self.min_chars, clean=self.clean,
            top_k=self.top_k, candidate_floor=self.candidate_floor,
            element_link=self.element_threshold, blend=self.blend, semantic=self.semantic,
            semantic_floor=self.semantic_floor, per_source=self.per_source,
            source_limit=self.source_limit,
        )
