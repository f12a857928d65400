"""Divergences, blind spots and framing as HTML/tables (pure) plus thin renderers."""

from __future__ import annotations

import html
import re

import streamlit as st
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from analysis.divergence import Divergence
from analysis.models import Comparison
from components.colors import DIFF_COLORS
from components.labels import source_labels
from components.text import escape_markdown

KIND_TITLES = {
    "number": "Numbers",
    "date": "Days and dates",
    "name": "Names",
    "role": "Titles and roles",
    "hedging": "Hedging",
    "negation": "Negation",
}
KIND_HELP = {
    "number": "Different numbers, amounts or ranges for the same fact.",
    "date": "Different days, dates, months or years for the same event.",
    "name": "A different person, organisation or place in the same place in the sentence.",
    "role": "The same person given a different title or role.",
    "hedging": "One source hedges (believed, reportedly, may) where another states it as fact.",
    "negation": "One source negates what another affirms.",
}


def highlight(sentence: str, words: str, color: str = DIFF_COLORS["changed"]) -> str:
    """Escaped sentence with the phrase ``words`` marked (quotes, case, spacing ignored).

    The whole phrase is marked where it occurs; if the sentence words it with other
    punctuation in between, its content words are marked one by one instead.
    """
    tokens = [re.escape(w).replace("'", "['’]") for w in words.split() if w.strip()]
    if not tokens:
        return html.escape(sentence)
    phrase = re.compile(r"(?<!\w)" + r"\W+".join(tokens) + r"(?!\w)", re.IGNORECASE)
    if not phrase.search(sentence):
        content = [t for t, w in zip(tokens, words.split(), strict=False)
                   if w.lower() not in ENGLISH_STOP_WORDS] or tokens
        phrase = re.compile(r"(?<!\w)(" + "|".join(content) + r")(?!\w)", re.IGNORECASE)
    parts, position = [], 0
    for match in phrase.finditer(sentence):
        parts.append(html.escape(sentence[position : match.start()]))
        parts.append(
            f'<mark style="background:{color}33;border-bottom:2px solid {color};'
            f'padding:0 1px">{html.escape(match.group(0))}</mark>'
        )
        position = match.end()
    parts.append(html.escape(sentence[position:]))
    return "".join(parts)


def divergence_html(comparison: Comparison, divergence: Divergence) -> str:
    """The wordings of one divergence side by side, differing words highlighted."""
    labels = source_labels(comparison.articles)
    texts = comparison.sentence_texts()
    columns = []
    for side in divergence.sides:
        heading = html.escape(side.words) if side.words else "<i>not stated</i>"
        sentences = "".join(
            f'<div style="margin:6px 0"><b>{html.escape(labels[m.article])}</b>'
            f' <span style="color:#666">sentence {m.sentence + 1}</span><br>'
            f'{highlight(texts[(m.article, m.sentence)], side.words)}</div>'
            for m in side.members
        )
        columns.append(
            f'<div style="flex:1;min-width:260px;border:1px solid #ddd;border-radius:6px;'
            f'padding:8px 10px"><div style="font-weight:600;margin-bottom:4px">“{heading}”'
            f"</div>{sentences}</div>"
        )
    return f'<div style="display:flex;gap:12px;flex-wrap:wrap">{"".join(columns)}</div>'


def filter_divergences(
    comparison: Comparison, kinds: list[str], sources: list[str]
) -> list[Divergence]:
    """Divergences of the chosen kinds that involve every chosen source (on any side)."""
    return [
        d for d in comparison.divergences
        if (not kinds or d.kind in kinds)
        and set(sources) <= {s for side in d.sides for s in side.sources}
    ]


def gaps_rows(comparison: Comparison, source: str) -> tuple[list[str], list[tuple[str, int]]]:
    """Labels of the elements only ``source`` reports, and of its blind spots with coverage."""
    elements = {e.id: e for e in comparison.elements}
    gaps = next((g for g in comparison.gaps if g.source == source), None)
    if gaps is None:
        return [], []
    unique = [elements[e].label for e in gaps.unique]
    omitted = [(elements[e].label, len(elements[e].sources)) for e in gaps.omitted]
    return unique, omitted


def framing_rows(comparison: Comparison) -> list[dict[str, str]]:
    """One row per source: headline, standfirst and the elements its opening leads with."""
    labels = source_labels(comparison.articles)
    elements = {e.id: e for e in comparison.elements}
    rows = []
    for framing in comparison.framing:
        leads = [elements[e] for e in framing.lead_elements[:4]]
        rows.append({
            "source": labels[framing.source],
            "headline": framing.headline or "(no headline)",
            "standfirst": framing.standfirst,
            "leads with": " · ".join(
                f"{e.label} [{len(e.sources)} src]" for e in leads
            ),
        })
    return rows


def render_gaps_panel(comparison: Comparison) -> None:
    """What only one source reports and what it leaves out, for a chosen source."""
    labels = source_labels(comparison.articles)
    source = st.selectbox("Source", list(labels), format_func=labels.get, key="gaps_source")
    unique, omitted = gaps_rows(comparison, source)
    left, right = st.columns(2)
    name = escape_markdown(labels[source])
    left.markdown(f"**What only {name} reports** ({len(unique)})")
    for label in unique[:12]:
        left.text(f"• {label}")
    if not unique:
        left.caption("Nothing: every element it reports appears elsewhere too.")
    right.markdown(f"**What {name} leaves out** ({len(omitted)})")
    for label, count in omitted[:12]:
        right.text(f"• [{count} sources] {label}")
    if not omitted:
        right.caption("Nothing that two or more other sources report.")
