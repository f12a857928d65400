"""The story's title and sample label, at the top of the sidebar on every page."""

from __future__ import annotations

import streamlit as st

from components.common.story import GENERATION, IS_SAMPLE, TITLE
from components.common.text import escape_markdown
from components.widgets.story_link import render_forget_button

SAMPLE_NOTE = ("**Sample story**: five example articles, preloaded. Add your own on "
               "**Sources**: the first one starts your own story.")


def story_title() -> str:
    return str(st.session_state.get(TITLE, "")).strip() or "Untitled story"


def _title_changed(key: str) -> None:
    st.session_state[TITLE] = st.session_state[key]


def render_story_sidebar() -> None:
    """An editable title (exports are named after it) and, on the sample, a clear label."""
    key = f"story_title_input_{st.session_state.get(GENERATION, 0)}"
    with st.sidebar:
        st.text_input("Story title", value=st.session_state.get(TITLE, ""), key=key,
                      on_change=_title_changed, args=(key,),
                      help="Shown on the report; exported files are named after it.")
        if st.session_state.get(IS_SAMPLE):
            st.info(SAMPLE_NOTE, icon=":material/science:")
        render_forget_button()


def render_story_heading() -> None:
    """The story's title under a page's heading, with a badge while it is the sample."""
    badge = ":orange-badge[Sample story] " if st.session_state.get(IS_SAMPLE) else ""
    st.markdown(f"{badge}**{escape_markdown(story_title())}**")
