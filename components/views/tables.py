"""Tables of sources and figures, as DataFrames (pure) plus a thin render function."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.results import Comparison


def sources_frame(comparison: Comparison) -> pd.DataFrame:
    rows = [
        {
            "source": a.article.source,
            "title": a.article.title,
            "published": a.article.published or "",
            "sentences": len(a.sentences),
            "shared": round(100 * a.matched_share),
            "fully carried": round(100 * a.fully_carried_share),
            "partly carried": round(100 * a.partly_carried_share),
            "unique": round(100 * a.unique_share),
            "lines removed": len(a.removed),
        }
        for a in comparison.articles
    ]
    return pd.DataFrame(rows)


def render_sources_table(comparison: Comparison) -> None:
    st.dataframe(
        sources_frame(comparison),
        hide_index=True,
        width="stretch",
        column_config={
            "source": st.column_config.TextColumn("source", width="medium"),
            "title": st.column_config.TextColumn("title", width="medium"),
            "published": st.column_config.TextColumn("published", width="small"),
            "sentences": st.column_config.NumberColumn("sentences", width="small"),
            "lines removed": st.column_config.NumberColumn("lines removed", width="small"),
            "shared": st.column_config.ProgressColumn(
                "shared", help="share of its sentences another source carries, whole or in part "
                "(fully carried + partly carried)",
                format="%d%%", min_value=0, max_value=100, width="small",
            ),
            "fully carried": st.column_config.ProgressColumn(
                "fully carried", help="share of its sentences that another source carries "
                "whole: everything the sentence says is in the other source",
                format="%d%%", min_value=0, max_value=100, width="small",
            ),
            "partly carried": st.column_config.ProgressColumn(
                "partly carried", help="share of its sentences that other sources carry only "
                "in part: they state some of what the sentence says, never all of it",
                format="%d%%", min_value=0, max_value=100, width="small",
            ),
            "unique": st.column_config.ProgressColumn(
                "unique", help="share of its sentences no other source carries",
                format="%d%%", min_value=0, max_value=100, width="small",
            ),
        },
    )
