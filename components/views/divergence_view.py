"""Divergences, blind spots and framing as HTML/tables (pure) plus thin renderers."""

from __future__ import annotations

import html
import re

import streamlit as st

from analysis.results import ArticleResult, Comparison, Divergence
from analysis.text.lexicon import ENGLISH_STOP_WORDS
from components.common.colors import DIFF_COLORS
from components.common.labels import source_labels
from components.common.text import escape_markdown

KIND_TITLES = {
    "number": "Numbers",
    "date": "Dates and times",
    "name": "Names",
    "role": "Titles and roles",
    "attribution": "Who said it",
    "hedging": "Hedging",
    "negation": "Negation",
    "scope": "Qualifiers",
}
KIND_HELP = {
    "number": "Different numbers, amounts or counts for the same fact (digits or words).",
    "date": "Different days, dates, years, times or parts of the day for the same event.",
    "name": "A different person, organisation or place in the same place in the sentence.",
    "role": "The same person given a different title, or a qualifier such as deputy, "
            "former or acting that only some sources give.",
    "attribution": "The same statement or quotation credited to different speakers.",
    "hedging": "One source hedges (believed, reportedly, may) where another states it as fact.",
    "negation": "One source negates what another affirms.",
    "scope": "A qualifier that changes how far a claim goes: at least, nearly, only, all, "
             "the first.",
}
CARD_PAGE = 20  # cards shown at first; "Show more" adds as many again
HEADLINES_SHOWN = 6  # sources a narrow screen lists by headline before "Every headline"
# The framing table's four columns wrap into 80-px strips on a phone (390 px wide): the
# sample story's five rows were 4,100 px tall. A narrow screen gets the short view instead
# (source and headline, then every source's standfirst and leads behind one expander); a
# wider one keeps the table. Fixed rules on the two keyed containers, no user text.
FRAMING_CSS = """<style>
@media (max-width: 640px) { .st-key-framing_wide { display: none; } }
@media not all and (max-width: 640px) { .st-key-framing_narrow { display: none; } }
</style>"""
FOCUS = "divergence_focus"  # id of a card another page asked to show first
SENTENCES_OPEN = 6  # a card's sentences start open, on a wide screen, up to this many
# Each card's sentences, open, made the Divergences page 6,817 px tall on a phone (390 px
# wide) for the sample's six cards. A narrow screen gets them closed ("Read the N
# sentences", one tap), a wider one open as before: both are sent, these rules show one.
# (The hidden copy's wrapper goes too: left in the card, it added a 16-px gap to each.)
CARD_CSS = """<style>
@media (max-width: 640px) { [class*="st-key-divergence_open_"],
  [data-testid="stLayoutWrapper"]:has(> [class*="st-key-divergence_open_"]) { display: none; } }
@media not all and (max-width: 640px) { [class*="st-key-divergence_closed_"],
  [data-testid="stLayoutWrapper"]:has(> [class*="st-key-divergence_closed_"]) { display: none; } }
</style>"""


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


def render_card_sentences(comparison: Comparison, divergence: Divergence) -> None:
    """A card's sentences behind "Read the N sentences": open on a wide screen when there
    are few, closed on a narrow one (``CARD_CSS``, sent once by the page, picks the copy)."""
    members = sum(len(side.members) for side in divergence.sides)
    label = f"Read the {members} sentences"
    body = divergence_html(comparison, divergence)
    if members > SENTENCES_OPEN:
        with st.expander(label):
            st.html(body)
        return
    with st.container(key=f"divergence_open_{divergence.id}"), st.expander(label, expanded=True):
        st.html(body)
    with st.container(key=f"divergence_closed_{divergence.id}"), st.expander(label):
        st.html(body)


def value_table_html(comparison: Comparison, divergence: Divergence) -> str:
    """The card's value table: each value, how many sources give it, and which."""
    labels = source_labels(comparison.articles)
    rows = "".join(
        f'<tr><td style="padding:2px 10px 2px 0"><b>'
        f'{html.escape(side.words) or "<i>not stated</i>"}</b></td>'
        f'<td style="padding:2px 10px;text-align:right">{len(side.sources)}</td>'
        f'<td style="padding:2px 0">{html.escape(", ".join(labels[s] for s in side.sources))}'
        "</td></tr>"
        for side in divergence.sides
    )
    return ('<table style="border-collapse:collapse;font-size:0.95rem;margin-bottom:6px">'
            '<tr style="color:#666;text-align:left"><th>Value given</th><th>Sources</th>'
            f"<th></th></tr>{rows}</table>")


def card_heading(comparison: Comparison, divergence: Divergence) -> str:
    """Markdown heading: kind, how many sources and values, and where it was found."""
    elements = {e.id: e for e in comparison.elements}
    n_sources, n_values = len(divergence.sources), len(divergence.sides)
    where = ("a quotation credited to different speakers" if divergence.origin == "quotation"
             else "matched sentences")
    if divergence.element is not None and divergence.element in elements:
        where += f" of element E{divergence.element}: " + escape_markdown(
            elements[divergence.element].label)
    elif divergence.elements:
        where += " across elements " + ", ".join(f"E{e}" for e in divergence.elements[:6])
    return (f"**{KIND_TITLES[divergence.kind]}** · {n_sources} sources give {n_values} "
            f"values · {where}")


def filter_divergences(
    comparison: Comparison, kinds: list[str], sources: list[str]
) -> list[Divergence]:
    """Divergences of the chosen kinds that involve every chosen source (on any side)."""
    return [
        d for d in comparison.divergences
        if (not kinds or d.kind in kinds)
        and set(sources) <= {s for side in d.sides for s in side.sources}
    ]


def focused_first(found: list[Divergence], focus: object) -> list[Divergence]:
    """The card another page linked to first, then the rest in their order."""
    return sorted(found, key=lambda d: d.id != focus)


def gaps_rows(comparison: Comparison, source: str
              ) -> tuple[list[str], list[tuple[str, int]], list[tuple[str, int]]]:
    """Labels of what only ``source`` reports, its blind spots with coverage, and the
    elements it reports differently with the divergence card that says how."""
    elements = {e.id: e for e in comparison.elements}
    gaps = next((g for g in comparison.gaps if g.source == source), None)
    if gaps is None:
        return [], [], []
    unique = [elements[e].label for e in gaps.unique]
    omitted = [(elements[e].label, len(elements[e].sources)) for e in gaps.omitted]
    differs = [(elements[e].label, d) for e, d in getattr(gaps, "differs", ())]
    return unique, omitted, differs


def framing_rows(comparison: Comparison) -> list[dict[str, str]]:
    """One row per source: headline, standfirst and the elements its opening leads with,
    every cell escaped: ``st.table`` renders Markdown, and an uploaded headline such as
    ``![x](https://tracker/p.gif)`` must stay text, not fetch an image for every reader."""
    labels = source_labels(comparison.articles)
    elements = {e.id: e for e in comparison.elements}
    results = {a.id: a for a in comparison.articles}
    rows = []
    for framing in comparison.framing:
        leads = [elements[e] for e in framing.lead_elements[:4]]
        rows.append({
            "source": labels[framing.source],
            "headline": framing.headline or _given_title(results.get(framing.source))
            or "(no headline)",
            "standfirst": framing.standfirst,
            "leads with": " · ".join(
                f"{e.label} [{len(e.sources)} src]" for e in leads
            ),
        })
    return [{key: escape_markdown(value) for key, value in row.items()} for row in rows]


def headline_rows(rows: list[dict[str, str]],
                  shown: int = HEADLINES_SHOWN) -> list[dict[str, str]]:
    """The short view's table: the source and headline of the first ``shown`` rows of
    :func:`framing_rows` (already escaped), every name and headline whole."""
    return [{"source": row["source"], "headline": row["headline"]} for row in rows[:shown]]


def framing_markdown(row: dict[str, str]) -> str:
    """One source of :func:`framing_rows` as a short block for a narrow screen: name and
    headline, standfirst, then what it leads with (the cells are escaped already)."""
    lines = [f"**{row['source']}**: {row['headline']}"]
    if row["standfirst"]:
        lines.append(f"*Standfirst*: {row['standfirst']}")
    if row["leads with"]:
        lines.append(f"*Leads with*: {row['leads with']}")
    return "  \n".join(lines)


def render_framing(comparison: Comparison) -> None:
    """Headlines and leads: a table on a wide screen; on a narrow one the headlines, and
    the rest behind "Every headline (N sources)" (both are sent, CSS shows one)."""
    rows = framing_rows(comparison)
    st.html(FRAMING_CSS)
    with st.container(key="framing_narrow"):
        st.table(headline_rows(rows), hide_index=True)
        if len(rows) > HEADLINES_SHOWN:
            st.caption(f"Headlines of the first {HEADLINES_SHOWN} of {len(rows)} sources.")
        with st.expander(f"Every headline ({len(rows)} sources): standfirst and what each "
                         "leads with"):
            for row in rows:
                st.markdown(framing_markdown(row))
    with st.container(key="framing_wide"):
        st.table(rows, hide_index=True)  # wraps: every column readable


def _given_title(result: ArticleResult | None) -> str:
    """The title the file or bundle gave (a CSV's title column), not the one the analysis
    made up from the first sentence when there was none."""
    if result is None or not result.article.title or not result.sentences:
        return ""
    first = result.sentences[0].text
    made_up = result.article.title.rstrip("…")
    return "" if first.startswith(made_up) else result.article.title


def render_gaps_panel(comparison: Comparison) -> None:
    """What only one source reports, what it leaves out and what it reports differently."""
    labels = source_labels(comparison.articles)
    source: str | None = st.selectbox("Source", list(labels), format_func=labels.__getitem__,
                                      key="gaps_source")
    if source is None:  # a comparison always has an article; the widget's type says maybe
        return
    unique, omitted, differs = gaps_rows(comparison, source)
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
    if differs:
        right.markdown(f"**What {escape_markdown(labels[source])} reports differently** "
                       f"({len(differs)})")
        for n, (label, divergence) in enumerate(differs[:12]):
            if right.button(f"{_short(label)} → divergence", key=f"gaps_differs_{n}"):
                st.session_state[FOCUS] = divergence
                st.switch_page("app_pages/divergences.py")


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
