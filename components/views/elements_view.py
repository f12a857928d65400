"""Story elements with their sentences from each source and the sources that omit them."""

from __future__ import annotations

import streamlit as st

from analysis.results import Comparison, StoryElement
from components.common.colors import KIND_COLORS, KIND_LABELS
from components.common.coverage import coverage_cells, omitted_by
from components.common.labels import source_labels
from components.common.text import escape_markdown

SCOPES = {
    "Shared by all sources": "everyone",
    "Shared by some sources": "some",
    "Only one source": "single",
    "All elements": "all",
}


def element_sentences(
    comparison: Comparison, element: StoryElement
) -> list[tuple[str, str, list[str]]]:
    """(source id, match kind, sentence texts) for each source carrying the element."""
    texts = comparison.sentence_texts()
    cells = coverage_cells(comparison, [element])
    order = {a.id: k for k, a in enumerate(comparison.articles)}
    return [
        (c.source, c.kind, [texts[(c.source, s)] for s in c.sentences])
        for c in sorted(cells, key=lambda c: order[c.source])
    ]


def element_versions(comparison: Comparison, element: StoryElement
                     ) -> list[tuple[str, list[tuple[str, tuple[str, ...], bool]]]]:
    """The details the element's sources disagree on: (kind, [(value words, source ids,
    minority)]) per divergence inside the element, the most common value first; a value
    fewer sources give than the most common one is a minority version (``Divergence.minority``;
    a tie has none)."""
    found = []
    for divergence in comparison.divergences:
        if element.id != divergence.element and element.id not in divergence.elements:
            continue
        sides = sorted(divergence.sides, key=lambda side: -len(side.sources))
        minority = set(divergence.minority)
        found.append((divergence.kind, [
            (side.words or "(not stated)", side.sources, side in minority) for side in sides]))
    return found


def minority_sources(comparison: Comparison, element: StoryElement) -> set[str]:
    """Sources that give a minority version of one of the element's details."""
    return {source for _, sides in element_versions(comparison, element)
            for _, sources, minority in sides if minority for source in sources}


def render_element(comparison: Comparison, element: StoryElement) -> None:
    """The sentences behind one element, source by source, then who leaves it out."""
    labels = source_labels(comparison.articles)
    for kind, sides in element_versions(comparison, element):
        values = " · ".join(
            f"{escape_markdown(words)} ({', '.join(escape_markdown(labels[s]) for s in sources)}"
            f"{': a minority version' if minority else ''})"
            for words, sources, minority in sides)
        st.warning(f"Sources disagree on a {escape_markdown(kind)}: {values}",
                   icon=":material/rule:")
    minority = minority_sources(comparison, element)
    for source, kind, sentences in element_sentences(comparison, element):
        badge = f":{_badge_color(kind)}-badge[{KIND_LABELS[kind]}]"
        if source in minority:
            badge += " :red-badge[minority version]"
        st.markdown(f"**{escape_markdown(labels[source])}** {badge}")
        for sentence in sentences:
            st.markdown(f"> {escape_markdown(sentence)}")
    missing = omitted_by(comparison, element)
    if missing:
        st.caption("Not reported by: " + ", ".join(escape_markdown(labels[m]) for m in missing))


def _badge_color(kind: str) -> str:
    colors = {"verbatim": "blue", "near-verbatim": "violet", "paraphrase": "orange",
              "partial": "yellow"}
    return colors.get(kind, "gray")




def legend_html() -> str:
    return "".join(
        f'<span style="display:inline-flex;align-items:center;gap:4px;margin-right:14px">'
        f'<span style="width:12px;height:12px;border-radius:2px;background:{color}"></span>'
        f"{KIND_LABELS[kind]}</span>"
        for kind, color in KIND_COLORS.items()
    )
