"""Divergences: one card per detail on which sources reporting the same thing disagree."""

import streamlit as st

from components.common.labels import source_labels
from components.views.divergence_view import (
    CARD_CSS,
    CARD_PAGE,
    FOCUS,
    KIND_HELP,
    KIND_TITLES,
    card_heading,
    filter_divergences,
    focused_first,
    render_card_sentences,
    value_table_html,
)
from components.widgets.navigation import open_side_by_side
from components.widgets.session import require_comparison

SHOWN = "divergences_shown"

st.title("Divergences")
st.caption("Details on which sources that report the same thing disagree: numbers, dates and "
           "times, names, titles, who said it, hedging, negation and qualifiers. One card per "
           "detail lists every source under the value it gives; cards involving the most "
           "sources come first.")
comparison = require_comparison()
labels = source_labels(comparison.articles)

left, right = st.columns(2)
kinds = left.multiselect("Kinds", list(KIND_TITLES), format_func=KIND_TITLES.get,
                         key="divergence_kinds", placeholder="all kinds")
sources = right.multiselect("Involving", list(labels), format_func=labels.get,
                            key="divergence_sources", placeholder="any source")
with st.expander("What each kind means"):
    for kind, title in KIND_TITLES.items():
        st.markdown(f"**{title}**: {KIND_HELP[kind]}")

found = focused_first(filter_divergences(comparison, kinds, sources), st.session_state.get(FOCUS))
shown = max(CARD_PAGE, int(st.session_state.get(SHOWN, CARD_PAGE)))
st.markdown(f"**{len(found)}** divergence{'s' if len(found) != 1 else ''}"
            + (f" (showing {min(shown, len(found))})" if len(found) > shown else ""))
if not comparison.divergences:
    st.info("The sources agree on the details of everything they share.")
elif not found:
    st.info("No divergence matches these filters.")
if found:
    st.html(CARD_CSS)
for divergence in found[:shown]:
    with st.container(border=True):
        st.markdown(card_heading(comparison, divergence))
        st.html(value_table_html(comparison, divergence))
        render_card_sentences(comparison, divergence)
        pair = next(((x.article, y.article) for x, y in divergence.pairs
                     if x.article != y.article), None)
        if pair and st.button(f"Side by side: {labels[pair[0]]} and {labels[pair[1]]}",
                              key=f"divergence_pair_{divergence.id}"):
            open_side_by_side(pair)
if len(found) > shown:
    if st.button(f"Show {min(CARD_PAGE, len(found) - shown)} more", key="divergences_more"):
        st.session_state[SHOWN] = shown + CARD_PAGE
        st.rerun()
