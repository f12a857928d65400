"""Story elements: every claim or event, its sentences per source, and who omits it."""

import streamlit as st

from components.common.coverage import element_filter
from components.common.labels import source_labels
from components.common.text import escape_markdown
from components.views.elements_view import SCOPES, legend_html, render_element
from components.widgets.session import require_comparison

PAGE_SIZE = 40

st.title("Story elements")
st.caption("Each element groups the sentences of different sources that report the same "
           "claim or event. Elements reported by more sources come first.")
comparison = require_comparison()
labels = source_labels(comparison.articles)

left, middle, right = st.columns([2, 2, 3])
scope_name = left.selectbox("Show", list(SCOPES), index=1 if len(comparison.articles) > 2 else 0,
                            key="elements_scope")
wanted = middle.multiselect("Carried by", list(labels), format_func=labels.get,
                            key="elements_sources", placeholder="any source")
query = right.text_input("Search the sentences", key="elements_query",
                         placeholder="a word, name or number")

texts = {key: text.lower() for key, text in comparison.sentence_texts().items()}
elements = [
    e for e in element_filter(comparison, SCOPES[scope_name])
    if set(wanted) <= set(e.sources)
    and (not query or any(query.lower() in texts[(m.article, m.sentence)] for m in e.members))
]
st.html(f'<div style="font-size:0.85rem">{legend_html()}</div>')
st.markdown(f"**{len(elements)}** elements")
if not elements:
    st.info("No story element matches these filters.")
shown = st.session_state.get("elements_shown", PAGE_SIZE)
for element in elements[:shown]:
    count = len(element.sources)
    plural = "s" if count > 1 else ""
    title = f"[{count} source{plural}]  E{element.id}: {escape_markdown(element.label)}"
    with st.expander(title, expanded=len(elements) <= 3):
        render_element(comparison, element)
if len(elements) > shown and st.button(f"Show {min(PAGE_SIZE, len(elements) - shown)} more"):
    st.session_state["elements_shown"] = shown + PAGE_SIZE
    st.rerun()
