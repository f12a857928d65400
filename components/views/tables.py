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
                "shared", help="share of its sentences that another source also carries",
                format="%d%%", min_value=0, max_value=100, width="small",
            ),
            "unique": st.column_config.ProgressColumn(
                "unique", help="share of its sentences no other source carries",
                format="%d%%", min_value=0, max_value=100, width="small",
            ),
        },
    )
