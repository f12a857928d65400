"""The coverage matrix (story elements x sources) as plain data, for figures and tables."""

from __future__ import annotations

from dataclasses import dataclass

from analysis.results import Comparison, StoryElement

_KIND_RANK = {"verbatim": 0, "near-verbatim": 1, "paraphrase": 2, "partial": 3}


@dataclass(frozen=True)
class CoverageCell:
    """How one source carries one element: its sentences and the closest match kind."""

    element: int
    source: str
    sentences: tuple[int, ...]
    kind: str  # verbatim | near-verbatim | paraphrase | partial | unique
    score: float


def element_filter(comparison: Comparison, scope: str) -> list[StoryElement]:
    """Elements by scope: 'all', 'shared' (2+ sources), 'everyone', 'some', 'single'."""
    total = len(comparison.articles)
    keep = {
        "all": lambda e: True,
        "shared": lambda e: len(e.sources) > 1,
        "everyone": lambda e: len(e.sources) == total and total > 1,
        "some": lambda e: 1 < len(e.sources) < total,
        "single": lambda e: len(e.sources) == 1,
    }[scope]
    return [e for e in comparison.elements if keep(e)]


def coverage_cells(comparison: Comparison, elements: list[StoryElement]) -> list[CoverageCell]:
    """One cell per (element, source that carries it), with the best match kind inside it."""
    best: dict[tuple[str, int], tuple[str, float]] = {}
    for m in comparison.matches:
        for key in ((m.a, m.a_sentence), (m.b, m.b_sentence)):
            current = best.get(key)
            if current is None or _better(m.kind, m.score, *current):
                best[key] = (m.kind, m.score)
    cells = []
    for element in elements:
        by_source: dict[str, list[int]] = {}
        for member in element.members:
            by_source.setdefault(member.article, []).append(member.sentence)
        for source, sentences in by_source.items():
            kinds = [best[(source, s)] for s in sentences if (source, s) in best]
            kind, score = min(kinds, key=lambda k: (_KIND_RANK[k[0]], -k[1])) if kinds and len(
                element.sources) > 1 else ("unique", 0.0)
            cells.append(CoverageCell(element.id, source, tuple(sentences), kind, score))
    return cells


def _better(kind: str, score: float, old_kind: str, old_score: float) -> bool:
    return (_KIND_RANK[kind], -score) < (_KIND_RANK[old_kind], -old_score)


def omitted_by(comparison: Comparison, element: StoryElement) -> list[str]:
    """Ids of the sources that do not carry an element."""
    carried = set(element.sources)
    return [a.id for a in comparison.articles if a.id not in carried]
