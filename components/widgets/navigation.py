"""One page opening another on a chosen item: the session key and the call, in one place."""

from __future__ import annotations

import streamlit as st

SIDE_BY_SIDE_PAGE = "app_pages/side_by_side.py"
SIDE_BY_SIDE_PAIR = "side_by_side_pair"  # (left id, right id): the pair Side by side opens on


def open_side_by_side(pair: tuple[str, str]) -> None:
    """Switch to Side by side with ``pair`` preselected (the page validates the ids)."""
    st.session_state[SIDE_BY_SIDE_PAIR] = tuple(pair)
    st.switch_page(SIDE_BY_SIDE_PAGE)
