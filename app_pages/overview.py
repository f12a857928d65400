"""First screen: the sources of the story and how much they overlap."""

import streamlit as st

from components.heatmaps import render_overlap_heatmap
from components.session import current_comparison
from components.tables import render_sources_table

st.title("Coverage Lens")
st.caption("How different news sources cover the same story, sentence by sentence.")

comparison = current_comparison()
if comparison is None:
    st.info("Add at least two articles to compare.")
    st.stop()

shared = sum(1 for e in comparison.elements if len(e.sources) > 1)
left, middle, right = st.columns(3)
left.metric("Sources", len(comparison.articles))
middle.metric("Sentences", sum(len(a.sentences) for a in comparison.articles))
right.metric("Shared story elements", shared)

st.subheader("Sources")
render_sources_table(comparison)
st.subheader("Overlap between sources")
render_overlap_heatmap(comparison)
