"""Headline and standfirst of each source, with the story elements it leads with.

Which facts a source puts first is its framing: two outlets may carry the same
elements and still tell different stories through what they lead with.
"""

from __future__ import annotations

from analysis.results import ArticleResult, Comparison, Framing

LEAD_SENTENCES = 3  # body sentences read as the lead after headline and standfirst
_TERMINAL = (".", "!", "?", '"', "”", "’", "'")


def _is_display_line(text: str) -> bool:
    """Headlines and standfirsts are short lines without a closing full stop."""
    return len(text.split()) <= 30 and not text.rstrip().endswith(_TERMINAL)


def _framing_of(result: ArticleResult, element_of: dict[tuple[str, int], int]) -> Framing:
    sentences = result.sentences
    headline = standfirst = ""
    position = 0
    if sentences and _is_display_line(sentences[0].text):
        headline, position = sentences[0].text, 1
        if len(sentences) > 1 and _is_display_line(sentences[1].text):
            standfirst, position = sentences[1].text, 2
    lead = tuple(s.index for s in sentences[: position + LEAD_SENTENCES])
    elements: list[int] = []
    for index in lead:
        element = element_of.get((result.id, index))
        if element is not None and element not in elements:
            elements.append(element)
    return Framing(result.id, headline, standfirst, lead, tuple(elements))


def headline_framing(comparison: Comparison) -> tuple[Framing, ...]:
    element_of = comparison.element_of()
    return tuple(_framing_of(result, element_of) for result in comparison.articles)
