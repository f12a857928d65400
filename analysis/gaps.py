"""What each source alone reports, what it leaves out, and what it reports differently."""

from __future__ import annotations

from dataclasses import dataclass

from analysis.models import Comparison


@dataclass(frozen=True)
class SourceGaps:
    """Element ids: ``unique`` only this source carries; ``omitted`` its blind spots.

    Blind spots are elements at least two other sources carry (or the only other
    source, when there are two), most widely covered first. An element the source
    reports with a conflicting detail is not a blind spot: it is in ``differs`` as
    (element id, divergence id), so the Overview says "reports differently".
    """

    source: str
    unique: tuple[int, ...]
    omitted: tuple[int, ...]
    differs: tuple[tuple[int, int], ...] = ()


def source_gaps(comparison: Comparison) -> tuple[SourceGaps, ...]:
    ids = [a.id for a in comparison.articles]
    needed = 1 if len(ids) == 2 else 2
    gaps = []
    for source in ids:
        unique = tuple(e.id for e in comparison.elements if e.sources == (source,))
        missing = [
            e for e in comparison.elements
            if source not in e.sources and len(e.sources) >= needed
        ]
        missing.sort(key=lambda e: (-len(e.sources), e.id))
        conflicts = _conflicting(comparison, source)
        differs = tuple((e.id, conflicts[e.id]) for e in missing if e.id in conflicts)
        omitted = tuple(e.id for e in missing if e.id not in conflicts)
        gaps.append(SourceGaps(source, unique, omitted, differs))
    return tuple(gaps)


def _conflicting(comparison: Comparison, source: str) -> dict[int, int]:
    """Element id -> the first divergence where ``source`` gives another value for it."""
    found: dict[int, int] = {}
    for divergence in comparison.divergences:
        if source in divergence.sources:
            for element in divergence.elements:
                found.setdefault(element, divergence.id)
    return found
