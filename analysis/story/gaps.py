"""What each source alone reports, what it leaves out, and what it reports differently."""

from __future__ import annotations

from analysis.results import Comparison, SourceGaps


def source_gaps(comparison: Comparison) -> tuple[SourceGaps, ...]:
    ids = [a.id for a in comparison.articles]
    needed = 1 if len(ids) == 2 else 2
    # read once, not once per source: at 1,000 sources each element's and divergence's
    # sources were scanned a thousand times
    held = [(e, frozenset(e.sources)) for e in comparison.elements]
    widest = sorted((pair for pair in held if len(pair[0].sources) >= needed),
                    key=lambda pair: (-len(pair[0].sources), pair[0].id))
    unique: dict[str, list[int]] = {}
    for e in comparison.elements:
        if len(e.sources) == 1:
            unique.setdefault(e.sources[0], []).append(e.id)
    conflicts = _conflicting(comparison)
    gaps = []
    for source in ids:
        mine = conflicts.get(source, {})
        missing = [e for e, sources in widest if source not in sources]
        differs = tuple((e.id, mine[e.id]) for e in missing if e.id in mine)
        omitted = tuple(e.id for e in missing if e.id not in mine)
        gaps.append(SourceGaps(source, tuple(unique.get(source, ())), omitted, differs))
    return tuple(gaps)


def _conflicting(comparison: Comparison) -> dict[str, dict[int, int]]:
    """Source -> element id -> the first divergence where the source gives another value
    for it."""
    found: dict[str, dict[int, int]] = {}
    for divergence in comparison.divergences:
        for source in divergence.sources:
            mine = found.setdefault(source, {})
            for element in divergence.elements:
                mine.setdefault(element, divergence.id)
    return found
