"""Heatmap figures built from a Comparison (pure: testable without a server)."""

from __future__ import annotations

import html
import textwrap

import plotly.graph_objects as go
import streamlit as st

from analysis.models import Comparison
from components.colors import HEATMAP_SCALE, KIND_COLORS, KIND_LABELS
from components.coverage import coverage_cells, element_filter
from components.labels import source_labels, wrapped

_MAX_LABELLED = 12  # beyond this many sources, percentages in cells are unreadable (hover)


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
    """Source x source heatmap: how much of the row's source the column's source carries.

    The heatmap only paints the cells; a transparent marker at every cell centre carries
    the hover text and the click (Plotly reports clicks on markers, never on heatmap
    cells), and an unlimited hover distance lets a click anywhere in a cell reach it.
    """
    ids, matrix = overlap_matrix(comparison)
    labels = source_labels(comparison.articles)
    names = [labels[i] for i in ids]
    axis = [wrapped(name) for name in names]
    text = [["" if v is None else f"{v:.0%}" for v in row] for row in matrix]
    figure = go.Figure(
        go.Heatmap(
            z=matrix,
            x=axis,
            y=axis,
            text=text,
            texttemplate="%{text}" if len(ids) <= _MAX_LABELLED else "",
            colorscale=HEATMAP_SCALE,
            zmin=0,
            zmax=1,
            colorbar={"title": {"text": "share"}, "tickformat": ".0%"},
            hoverinfo="skip",
            hoverongaps=False,
        )
    )
    figure.add_trace(_click_targets(ids, names, axis, matrix))
    figure.update_layout(
        title="How much of each source (row) another source (column) carries",
        xaxis={"title": "found in", "side": "bottom", "tickangle": -30, "automargin": True,
               "fixedrange": True},
        yaxis={"title": "sentences of", "autorange": "reversed", "automargin": True,
               "fixedrange": True},
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        height=max(360, min(900, 45 * len(ids) + 160)),
        clickmode="event+select",
        dragmode=False,
        hovermode="closest",
        hoverdistance=-1,
    )
    return figure


def _click_targets(ids: list[str], names: list[str], axis: list[str],
                   matrix: list[list[float | None]]) -> go.Scatter:
    """Invisible markers on every cell: they show the cell's hover and report its click."""
    cells = [(i, j) for i in range(len(ids)) for j in range(len(ids))]
    return go.Scatter(
        x=[axis[j] for _, j in cells],
        y=[axis[i] for i, _ in cells],
        mode="markers",
        marker={"size": 40, "opacity": 0, "color": "white", "symbol": "square"},
        customdata=[[ids[i], ids[j]] for i, j in cells],
        hovertext=[_overlap_hover(names[i], names[j], matrix[i][j]) for i, j in cells],
        hoverinfo="text",
        selected={"marker": {"opacity": 0}},
        unselected={"marker": {"opacity": 0}},
        showlegend=False,
    )


def _overlap_hover(row: str, column: str, value: float | None) -> str:
    if value is None:
        return f"<b>{html.escape(row)}</b>"
    return (f"{value:.0%} of <b>{html.escape(row)}</b>'s sentences are also in "
            f"<b>{html.escape(column)}</b><br>click to read them side by side")


def selected_pair(event: object) -> tuple[str, str] | None:
    """The (row, column) source ids of a clicked overlap cell, if any."""
    points = _points(event)
    for point in points:
        data = point.get("customdata")
        if isinstance(data, list | tuple) and len(data) == 2 and data[0] != data[1]:
            return str(data[0]), str(data[1])
    return None


def selected_element(event: object) -> int | None:
    """The element id of a clicked coverage cell, if any."""
    for point in _points(event):
        data = point.get("customdata")
        if isinstance(data, list | tuple) and data:
            return int(data[0])
    return None


def _points(event: object) -> list[dict]:
    selection = getattr(event, "selection", None) or (
        event.get("selection") if isinstance(event, dict) else None)
    if not selection:
        return []
    points = getattr(selection, "points", None) or (
        selection.get("points") if isinstance(selection, dict) else None)
    return list(points or [])


def render_overlap_heatmap(comparison: Comparison) -> tuple[str, str] | None:
    """Draw the overlap heatmap; return the pair whose cell the person clicked."""
    if len(comparison.articles) < 2:
        st.info("Add at least two articles to see how much they overlap.")
        return None
    event = st.plotly_chart(overlap_figure(comparison), width="stretch", key="overlap_heatmap",
                            on_select="rerun", selection_mode="points")
    return selected_pair(event)


def render_coverage_heatmap(comparison: Comparison, scope: str) -> int | None:
    """Draw the coverage matrix; return the element whose cell the person clicked."""
    event = st.plotly_chart(coverage_figure(comparison, scope), width="stretch",
                            key="coverage_heatmap", on_select="rerun", selection_mode="points")
    return selected_element(event)


def coverage_figure(comparison: Comparison, scope: str = "shared", limit: int = 60) -> go.Figure:
    """Story elements (rows, widest coverage first) x sources; colour = how it is carried.

    Drawn as square markers rather than a heatmap trace so that a click selects a
    cell (Streamlit reports selections for marker traces, not heatmap cells).
    """
    elements = element_filter(comparison, scope)[:limit]
    labels = source_labels(comparison.articles)
    axis = {a.id: wrapped(labels[a.id]) for a in comparison.articles}
    order = [axis[a.id] for a in comparison.articles]
    texts = comparison.sentence_texts()
    rows = {e.id: _row_label(e.id, e.label) for e in elements}
    all_cells = coverage_cells(comparison, elements)
    figure = go.Figure()
    for kind, color in KIND_COLORS.items():
        cells = [c for c in all_cells if c.kind == kind]
        if not cells:
            continue
        figure.add_trace(go.Scatter(
            x=[axis[c.source] for c in cells],
            y=[rows[c.element] for c in cells],
            mode="markers",
            marker={"symbol": "square", "size": _marker_size(len(order)), "color": color,
                    "line": {"width": 1, "color": "white"}},
            name=KIND_LABELS[kind],
            customdata=[[c.element, c.source] for c in cells],
            hovertext=[_cell_hover(c, labels, texts) for c in cells],
            hoverinfo="text",
        ))
    figure.update_layout(
        title="Story elements and the sources that carry them",
        xaxis={"categoryorder": "array", "categoryarray": order, "side": "top",
               "title": None, "tickangle": -30},
        yaxis={"categoryorder": "array", "categoryarray": list(rows.values())[::-1],
               "title": None, "automargin": True},
        legend={"orientation": "h", "y": -0.02, "yanchor": "top"},
        title_y=0.995,
        title_yanchor="top",
        margin={"l": 10, "r": 170, "t": 150, "b": 10},
        height=max(360, 28 * len(elements) + 240),
        plot_bgcolor="#f5f5f5",
        clickmode="event+select",
    )
    return figure


def _marker_size(sources: int) -> int:
    """Squares that fill their cell without overlapping the next source's column."""
    return max(7, min(22, 520 // max(sources, 1)))


def _row_label(element_id: int, label: str, width: int = 60) -> str:
    short = label if len(label) <= width else label[: width - 1] + "…"
    return f"E{element_id}: {short}"


def _cell_hover(cell, labels: dict[str, str], texts: dict[tuple[str, int], str]) -> str:
    sentence = texts.get((cell.source, cell.sentences[0]), "")
    sentence = "<br>".join(textwrap.wrap(html.escape(sentence), 70))
    score = f" · score {cell.score:.2f}" if cell.kind != "unique" else ""
    return (f"<b>{html.escape(labels[cell.source])}</b> · {KIND_LABELS[cell.kind]}{score}"
            f"<br>{sentence}")
