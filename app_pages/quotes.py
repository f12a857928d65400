"""Quotes: who is quoted, by which sources, in which words, and credited to whom."""

import streamlit as st

from components.common.text import escape_markdown
from components.views.quotes_view import (
    FILTERS,
    filter_groups,
    group_html,
    group_title,
    legend_html,
)
from components.widgets.session import require_comparison

st.title("Quotes")
st.caption("Direct quotations found in the articles, grouped when several sources carry the "
           "same words. Differences in wording are marked against the most common wording; "
           "a quotation credited to different speakers is flagged.")
comparison = require_comparison()

left, middle, right = st.columns([2, 2, 1])
view = left.selectbox("Show", list(FILTERS), key="quotes_view")
speaker = middle.text_input("Speaker", key="quotes_speaker", placeholder="part of a speaker's name")
include_short = right.toggle("Short terms", value=False, key="quotes_short",
                             help="Quoted terms of one to three words, such as “Victory Day”.")
groups = filter_groups(comparison, view, include_short=include_short, speaker=speaker)
st.markdown(f"**{len(groups)}** quotation{'s' if len(groups) != 1 else ''}")
if not comparison.quotes:
    st.info("No direct quotation was found in these articles.")
elif not groups:
    st.info("No quotation matches these filters.")
else:
    st.html(legend_html())
for group in groups:
    with st.expander(escape_markdown(group_title(group)), expanded=len(groups) <= 4):
        speakers = ", ".join(group.speakers) or "not named"
        st.markdown(f"**Speaker{'s' if len(group.speakers) > 1 else ''}:** "
                    f"{escape_markdown(speakers)}")
        st.html(group_html(comparison, group))
