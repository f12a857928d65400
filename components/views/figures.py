"""The charts a comparison can be exported as, under stable keys (used for file names)."""

from __future__ import annotations

import html

import plotly.graph_objects as go

from analysis.results import Comparison
from components.common.labels import source_labels
from components.views import heatmaps
from components.views.pair_heatmap import Similarities, pair_figure

FIGURE_TITLES: dict[str, str] = {
    "overlap_heatmap": "Overlap between sources",
    "coverage_heatmap": "Story elements and the sources that carry them",
    "pair_heatmap": "Sentence similarity of the closest pair",
}


def all_figures(comparison: Comparison, similarities: Similarities | None = None
                ) -> dict[str, go.Figure]:
    """key -> figure, in the order the Export page and the report show them.

    ``similarities`` gives the story's scores of a pair's sentences
    (``components.widgets.session.pair_scores``); without it the pair heatmap shows the
    matches only."""
    figures = {"overlap_heatmap": heatmaps.overlap_figure(comparison)}
    if comparison.elements:
        figures["coverage_heatmap"] = heatmaps.coverage_figure(comparison)
    if comparison.pairs:
        closest = max(comparison.pairs, key=lambda p: p.similarity)
        pair = pair_figure(comparison, closest.a, closest.b, similarities)
        labels = source_labels(comparison.articles)
        pair.update_layout(title={"text": f"Sentence similarity: {html.escape(labels[closest.a])}"
                                  f" (rows) and {html.escape(labels[closest.b])} (columns)"},
                           margin={"t": 110})
        figures["pair_heatmap"] = pair
    return {key: export_ready(figure) for key, figure in figures.items()}


def export_ready(figure: go.Figure) -> go.Figure:
    """Room for long tick labels and a white page: outside Streamlit's theme, plotly's
    defaults clip source names at a 10-pixel margin."""
    margin = figure.layout.margin
    right = max(margin.r or 0, 30)
    axis = figure.layout.xaxis
    if axis.side == "top" and (axis.tickangle or 0) < 0:
        right = max(right, 170)  # labels slant up and right; automargin under-counts them
    figure.update_xaxes(automargin=True)
    figure.update_yaxes(automargin=True)
    figure.update_layout(template="plotly_white",
                         margin={"r": right, "t": max(margin.t or 0, 70)})
    return figure


def figure_title(key: str) -> str:
    return FIGURE_TITLES.get(key, key.replace("_", " ").capitalize())
