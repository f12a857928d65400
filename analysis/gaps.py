"""What each source alone reports, and what it leaves out that the others carry."""

from __future__ import annotations

from dataclasses import dataclass

from analysis.models import Comparison


@dataclass(frozen=True)
class SourceGaps:
    """Element ids: ``unique`` only this source carries; ``omitted`` its blind spots.

    Blind spots are elements at least two other sources carry (or the only other
    source, when there are two), most widely covered first.
    """

    source: str
    unique: tuple[int, ...]
    omitted: tuple[int, ...]


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
        gaps.append(SourceGaps(source, unique, tuple(e.id for e in missing)))
    return tuple(gaps)
