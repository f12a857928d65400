"""Analysis settings: every number that changes a result, in one hashable object."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from analysis.scoring import default_model


@dataclass(frozen=True)
class Settings:
    """Knobs of one comparison; ``None`` means "the default learned on MSRP train".

    threshold: minimum match probability for two sentences to count as a match.
    min_chars: sentences shorter than this are listed but never matched
        (fragments such as "He left." match too easily to mean anything).
    clean: drop web-page furniture before segmenting.
    top_k: candidates per sentence taken from the TF-IDF index before fuzzy scoring.
    candidate_floor: minimum TF-IDF cosine for a pair to be scored at all.
    element_link: minimum average match probability inside one story element.
    blend: ``None`` scores pairs with the model learned on MSRP (recommended). A
        weight w in [0, 1] instead scores (1 - w) * TF-IDF cosine + w * fuzzy
        token-set ratio, a transparent score for people who want to see each signal.
    """

    threshold: float | None = None
    min_chars: int = 15
    clean: bool = True
    top_k: int = 8
    candidate_floor: float = 0.15
    element_link: float = 0.5
    blend: float | None = None

    def __post_init__(self) -> None:
        if self.threshold is not None and not 0.0 <= self.threshold <= 1.0:
            raise ValueError("threshold must be between 0 and 1")
        if not 0.0 <= self.candidate_floor <= 1.0 or not 0.0 <= self.element_link <= 1.0:
            raise ValueError("candidate_floor and element_link must be between 0 and 1")
        if self.blend is not None and not 0.0 <= self.blend <= 1.0:
            raise ValueError("blend must be between 0 and 1")
        if self.min_chars < 0 or self.top_k < 1:
            raise ValueError("min_chars must be >= 0 and top_k >= 1")

    @property
    def match_threshold(self) -> float:
        return default_model().threshold if self.threshold is None else self.threshold

    def as_dict(self) -> dict[str, object]:
        return {**asdict(self), "threshold": self.match_threshold}
