"""Sources: add, edit and remove the story's articles; check what cleaning removed."""

import streamlit as st

from analysis.errors import AnalysisError
from components.common.text import escape_markdown
from components.widgets import sources_widgets as sources
from components.widgets.session import ARTICLES, current_comparison

st.title("Sources")
st.caption("Add the articles to compare, fix their names and dates, "
           "and check the lines that cleaning removed.")

sources.render_add_section()
sources.render_notices()
sources.render_set_aside()
sources.render_problems()

try:
    comparison = current_comparison()
except AnalysisError as error:
    st.error(f"These articles cannot be compared: {escape_markdown(str(error))}")
    comparison = None

sources.render_articles(st.session_state.get(ARTICLES, []), comparison)
if comparison is not None:
    sources.render_cleaning(comparison)
