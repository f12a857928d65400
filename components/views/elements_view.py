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


def render_element(comparison: Comparison, element: StoryElement) -> None:
    """The sentences behind one element, source by source, then who leaves it out."""
    labels = source_labels(comparison.articles)
    for source, kind, sentences in element_sentences(comparison, element):
        badge = f":{_badge_color(kind)}-badge[{KIND_LABELS[kind]}]"
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
