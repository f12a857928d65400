"""Heatmap figures built from a Comparison (pure: testable without a server)."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from analysis.models import Comparison
from components.labels import source_labels

COLOR_SCALE = "Viridis"  # perceptually uniform and colour-blind safe


def overlap_matrix(comparison: Comparison) -> tuple[list[str], list[list[float | None]]]:
    """Row A, column B: share of A's sentences found in B (diagonal left empty)."""
    ids = [a.id for a in comparison.articles]
    index = {article_id: k for k, article_id in enumerate(ids)}
    matrix: list[list[float | None]] = [[None] * len(ids) for _ in ids]
    for pair in comparison.pairs:
        matrix[index[pair.a]][index[pair.b]] = pair.a_in_b
        matrix[index[pair.b]][index[pair.a]] = pair.b_in_a
    return ids, matrix


def overlap_figure(comparison: Comparison) -> go.Figure:
    """Source x source heatmap: how much of the row's source the column's source carries."""
    ids, matrix = overlap_matrix(comparison)
    labels = source_labels(comparison.articles)
    names = [labels[i] for i in ids]
    text = [["" if v is None else f"{v:.0%}" for v in row] for row in matrix]
    figure = go.Figure(
        go.Heatmap(
            z=matrix,
            x=names,
            y=names,
            text=text,
            texttemplate="%{text}",
            colorscale=COLOR_SCALE,
            zmin=0,
            zmax=1,
            colorbar={"title": {"text": "share"}, "tickformat": ".0%"},
            hovertemplate="%{z:.0%} of <b>%{y}</b>'s sentences are also in <b>%{x}</b>"
            "<extra></extra>",
            hoverongaps=False,
        )
    )
    figure.update_layout(
        title="How much of each source (row) another source (column) carries",
        xaxis={"title": "found in", "side": "bottom", "tickangle": -30},
        yaxis={"title": "sentences of", "autorange": "reversed"},
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        height=max(360, 70 * len(ids) + 160),
    )
    return figure


def render_overlap_heatmap(comparison: Comparison) -> None:
    if len(comparison.articles) < 2:
        st.info("Add at least two articles to see how much they overlap.")
        return
    st.plotly_chart(overlap_figure(comparison), width="stretch", key="overlap_heatmap")
