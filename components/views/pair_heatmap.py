"""Sentence x sentence similarity of two sources, as a heatmap (pure builder + render).

Matched pairs show their match score (the same number as everywhere else in the
dashboard); every other cell shows the probability the story's own model gives the pair
(``analysis.pipeline.preparation.pair_probabilities``, passed in by the page), so
near-misses below the threshold are visible too, on the same scale.
"""

from __future__ import annotations

import html
from collections.abc import Callable

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from analysis.results import MATCH_KINDS, Comparison
from components.common.colors import HEATMAP_SCALE, KIND_COLORS
from components.views.alignment_view import PairView, pair_view

MAX_SCORED_PAIRS = 6000  # beyond this, only matched cells get a value (keeps the page fast)
Similarities = Callable[[str, str], np.ndarray]  # (id A, id B) -> rows A x columns B
_HOVER_CHARS = 90
OUTLINE = "match outline"  # name of the trace that rings every matched cell in dark grey


def heatmap_values(view: PairView, similarities: np.ndarray | None = None) -> np.ndarray:
    """Rows A, columns B: the match score where matched, else the computed similarity."""
    shape = (len(view.sentences_a), len(view.sentences_b))
    values = np.zeros(shape) if similarities is None else np.array(similarities, dtype=float)
    for m in view.matches:
        values[m.a, m.b] = m.score
    return np.clip(values, 0.0, 1.0)


def _short(text: str) -> str:
    text = text if len(text) <= _HOVER_CHARS else text[: _HOVER_CHARS - 1] + "…"
    return html.escape(text)


def _hover(view: PairView) -> list[list[str]]:
    """The two sentences of each cell, escaped."""
    short_b = [_short(t) for t in view.sentences_b]
    rows = []
    for i, text_a in enumerate(view.sentences_a):
        head = f"<b>{html.escape(view.label_a)} {i + 1}</b>: {_short(text_a)}<br>"
        rows.append([f"{head}<b>{html.escape(view.label_b)} {j + 1}</b>: {short_b[j]}"
                     for j in range(len(short_b))])
    return rows


def _match_hover(view: PairView) -> list[list[str]]:
    """'not matched', or the kind and the directional reading of the match in that cell."""
    rows = [["not matched"] * len(view.sentences_b) for _ in view.sentences_a]
    for m in view.matches:
        rows[m.a][m.b] = (f"matched · {html.escape(m.kind)}<br>right carries all of left: "
                          f"{m.b_carries_a:.2f}<br>left carries all of right: "
                          f"{m.a_carries_b:.2f}")
    return rows


def pair_heatmap_figure(view: PairView, values: np.ndarray) -> go.Figure:
    """Heatmap of sentence similarity; matched cells outlined in their kind's colour."""
    n_a, n_b = len(view.sentences_a), len(view.sentences_b)
    figure = go.Figure(go.Heatmap(
        z=values.tolist(), x=list(range(1, n_b + 1)), y=list(range(1, n_a + 1)),
        customdata=_hover(view), text=_match_hover(view), colorscale=HEATMAP_SCALE,
        zmin=0, zmax=1, colorbar={"title": {"text": "similarity"}},
        hovertemplate="%{customdata}<br>shares a fact: %{z:.2f}<br>%{text}<extra></extra>",
    ))
    if view.matches:  # a dark ring under the coloured one: visible on light cells too
        figure.add_trace(go.Scatter(
            x=[m.b + 1 for m in view.matches], y=[m.a + 1 for m in view.matches],
            mode="markers", name=OUTLINE, hoverinfo="skip", showlegend=False,
            marker={"symbol": "square-open", "size": 18, "color": "#222222",
                    "line": {"width": 1.5}},
        ))
    for kind in MATCH_KINDS:
        cells = [m for m in view.matches if m.kind == kind]
        if cells:
            figure.add_trace(go.Scatter(
                x=[m.b + 1 for m in cells], y=[m.a + 1 for m in cells], mode="markers",
                name=f"matched: {kind}", hoverinfo="skip",
                marker={"symbol": "square-open", "size": 13, "color": KIND_COLORS[kind],
                        "line": {"width": 3}},
            ))
    figure.update_layout(
        xaxis={"title": f"sentence of {html.escape(view.label_b)}", "side": "top",
               "range": [0.5, n_b + 0.5], "dtick": 1 if n_b <= 30 else None},
        yaxis={"title": f"sentence of {html.escape(view.label_a)}",
               "range": [n_a + 0.5, 0.5], "dtick": 1 if n_a <= 30 else None},
        legend={"orientation": "h", "y": -0.08, "x": 0},
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        height=int(min(1000, max(380, 22 * n_a + 170))),
        plot_bgcolor="rgba(0,0,0,0)",
    )
    return figure


def scored_cells(view: PairView, similarities: Similarities | None) -> np.ndarray | None:
    """The story's scores of the pair's cells, or None when there are too many to score."""
    cells = len(view.sentences_a) * len(view.sentences_b)
    if similarities is None or not cells or cells > MAX_SCORED_PAIRS:
        return None
    return similarities(view.id_a, view.id_b)


def render_pair_heatmap(view: PairView, similarities: Similarities | None = None) -> None:
    if not view.sentences_a or not view.sentences_b:
        st.info("One of the two sources has no sentences to compare.")
        return
    values = scored_cells(view, similarities)
    st.caption("Rows are the left source's sentences, columns the right source's. Outlined "
               "cells are matches (coloured by kind); the other cells show how close the "
               "story's model finds the two sentences, so near-misses below the threshold "
               "show too." if values is not None else
               "Rows are the left source's sentences, columns the right source's. Outlined "
               "cells are matches (coloured by kind); these two sources are too long for "
               f"every pair to be scored (over {MAX_SCORED_PAIRS:,}), so only matches show.")
    figure = pair_heatmap_figure(view, heatmap_values(view, values))
    st.plotly_chart(figure, width="stretch", key="pair_heatmap")


def pair_figure(comparison: Comparison, id_a: str, id_b: str,
                similarities: Similarities | None = None) -> go.Figure:
    """The sentence x sentence heatmap of two sources, straight from a comparison."""
    view = pair_view(comparison, id_a, id_b)
    return pair_heatmap_figure(view, heatmap_values(view, scored_cells(view, similarities)))
