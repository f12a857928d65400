"""What each source alone reports, what it leaves out, and what it reports differently.

Sentence by sentence (``unshared_sentences``) and element by element (``source_gaps``).
"""

from __future__ import annotations

from analysis.results import Comparison, Sentence, SourceGaps


def unshared_sentences(comparison: Comparison) -> dict[str, tuple[Sentence, ...]]:
    """Article id -> the sentences only that source reports: matched with no sentence of
    another source, in no story element two sources share, and long enough to be matched at
    all (the ``min_chars`` setting). The one reading of "what only one source reports"
    that the text summary, the report and the dashboard print.
    """
    carried = {(m.a, m.a_sentence) for m in comparison.matches}
    carried |= {(m.b, m.b_sentence) for m in comparison.matches}
    carried |= {(m.article, m.sentence) for e in comparison.elements if len(e.sources) > 1
                for m in e.members}
    shortest = int(comparison.settings.get("min_chars", 0))
    return {a.id: tuple(s for s in a.sentences
                        if (a.id, s.index) not in carried and len(s.text) >= shortest)
            for a in comparison.articles}


def source_gaps(comparison: Comparison) -> tuple[SourceGaps, ...]:
    """Per source: the elements only it carries, the elements others carry that it leaves
    out (its blind spots), and those it reports with another value (``differs``)."""
    ids = [a.id for a in comparison.articles]
    needed = 1 if len(ids) == 2 else 2
    # each element's sources read into a set once, not scanned once per source: a
    # membership test is one lookup, so the pass is not quadratic in sources
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
