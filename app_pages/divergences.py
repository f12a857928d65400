"""Divergences: where sources reporting the same element disagree on a detail."""

import streamlit as st

from components.divergence_view import (
    KIND_HELP,
    KIND_TITLES,
    divergence_html,
    filter_divergences,
)
from components.labels import source_labels
from components.session import require_comparison
from components.text import escape_markdown

st.title("Divergences")
st.caption("Details that differ between sources reporting the same story element: numbers, "
           "dates, names, titles, hedging and negation.")
comparison = require_comparison()
labels = source_labels(comparison.articles)
elements = {e.id: e for e in comparison.elements}

left, right = st.columns(2)
kinds = left.multiselect("Kinds", list(KIND_TITLES), format_func=KIND_TITLES.get,
                         key="divergence_kinds", placeholder="all kinds")
sources = right.multiselect("Involving", list(labels), format_func=labels.get,
                            key="divergence_sources", placeholder="any source")
with st.expander("What each kind means"):
    for kind, title in KIND_TITLES.items():
        st.markdown(f"**{title}**: {KIND_HELP[kind]}")

found = filter_divergences(comparison, kinds, sources)
st.markdown(f"**{len(found)}** divergence{'s' if len(found) != 1 else ''}")
if not comparison.divergences:
    st.info("The sources agree on the details of every element they share.")
elif not found:
    st.info("No divergence matches these filters.")
for divergence in found:
    element = elements[divergence.element]
    with st.container(border=True):
        st.markdown(f"**{KIND_TITLES[divergence.kind]}** · element E{element.id}: "
                    f"{escape_markdown(element.label)}")
        st.html(divergence_html(comparison, divergence))
