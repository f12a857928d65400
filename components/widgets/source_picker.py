"""The Overview's controls for stories with more sources than a chart can show."""

from __future__ import annotations

import streamlit as st

from analysis.results import Comparison
from components.common.labels import source_labels
from components.common.source_selection import READABLE_SOURCES, shown_sources


def pick_shown_sources(comparison: Comparison) -> list[str]:
    """Source ids for the Overview's heatmaps: all of a small story; past
    ``READABLE_SOURCES``, those that share most or those closest to a source the person
    finds by typing its name, unless they ask for all of them."""
    total = len(comparison.articles)
    if total <= READABLE_SOURCES:
        return shown_sources(comparison, None)
    labels = source_labels(comparison.articles)
    left, right = st.columns([1, 2])
    show_all = left.toggle(f"Show all {total} sources", key="overview_all_sources")
    focus = right.selectbox(
        "Centre the charts on a source", [a.id for a in comparison.articles],
        index=None, format_func=labels.__getitem__, key="overview_focus",
        placeholder="Type a source's name", disabled=show_all)
    if show_all:
        st.caption(f"All {total} sources; similar sources sit side by side. Hover a cell "
                   "for the names.")
        return shown_sources(comparison, None)
    which = (f"the {READABLE_SOURCES - 1} closest to {labels[focus]}" if focus
             else "those that share most with the others")
    st.caption(f"Showing {READABLE_SOURCES} of {total} sources: {which}; similar sources "
               "sit side by side.")
    return shown_sources(comparison, READABLE_SOURCES, focus)
