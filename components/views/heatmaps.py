"""Heatmap figures built from a Comparison (pure: testable without a server)."""

from __future__ import annotations

import html
import textwrap

import plotly.graph_objects as go
import streamlit as st

from analysis.results import Comparison
from components.common.colors import HEATMAP_SCALE, KIND_COLORS, KIND_LABELS
from components.common.coverage import coverage_cells, element_filter
from components.common.labels import source_labels, wrapped
from components.common.source_selection import overlap_matrix

_MAX_LABELLED = 12  # beyond this many sources, percentages in cells are unreadable (hover)


def overlap_figure(comparison: Comparison, sources: list[str] | None = None) -> go.Figure:
    """Source x source heatmap: how much of the row's source the column's source carries.

    ``sources``: the source ids to draw, in order (see ``shown_sources``; default all).
    The heatmap only paints the cells; a transparent marker at every cell centre carries
    the hover text and the click (Plotly reports clicks on markers, never on heatmap
    cells), and an unlimited hover distance lets a click anywhere in a cell reach it.
    """
    all_ids, full = overlap_matrix(comparison)
    ids = list(sources) if sources is not None else all_ids
    where = [all_ids.index(i) for i in ids]
    matrix = [[full[r][c] for c in where] for r in where]
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
            colorbar={"title": {"text": "share", "side": "top"}, "tickformat": ".0%",
                      "orientation": "h", "thickness": 12, "len": 0.6, "x": 0.5,
                      "xanchor": "center", "y": 1.02, "yanchor": "bottom"},
            hoverinfo="skip",
            hoverongaps=False,
        )
    )
    figure.add_trace(_click_targets(ids, names, axis, matrix))
    figure.update_layout(  # colour bar on top and slanted names: all fits a phone's width
        title={"text": "How much of each source (row)<br>another source (column) carries"},
        xaxis={"title": "found in", "side": "bottom", "tickangle": _tick_angle(len(ids)),
               "automargin": True, "fixedrange": True, "dtick": 1,
               "range": [-0.5, len(ids) - 0.5]},
        yaxis={"title": "sentences of", "automargin": True, "fixedrange": True, "dtick": 1,
               "range": [len(ids) - 0.5, -0.5]},
        margin={"l": 10, "r": 10, "t": 130, "b": 10},
        height=max(420, min(1000, 45 * len(ids) + 260)),
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


def render_overlap_heatmap(comparison: Comparison, sources: list[str] | None = None
                           ) -> tuple[str, str] | None:
    """Draw the overlap heatmap; return the pair whose cell the person clicked."""
    if len(comparison.articles) < 2:
        st.info("Add at least two articles to see how much they overlap.")
        return None
    event = st.plotly_chart(overlap_figure(comparison, sources), width="stretch",
                            key="overlap_heatmap", on_select="rerun", selection_mode="points")
    return selected_pair(event)


def render_coverage_heatmap(comparison: Comparison, scope: str,
                            sources: list[str] | None = None) -> int | None:
    """Draw the coverage matrix; return the element whose cell the person clicked."""
    event = st.plotly_chart(coverage_figure(comparison, scope, legend=False, sources=sources),
                            width="stretch", key="coverage_heatmap", on_select="rerun",
                            selection_mode="points")
    return selected_element(event)


def _top_margin(names: list[str], angle: int) -> int:
    """Room above the plot for the title *and* the source names on the top axis: the axis
    pushes its own margin (automargin) but not past the title, so long slanted names ran
    into it in the exported PNG (issue 34). About 4 px of height per character at 45°
    (checked by looking at the PNG at 5 and 30 sources); longer names wrap."""
    if not angle:
        return 60
    longest = min(max((len(n) for n in names), default=0), 22)
    return 50 + 4 * longest


def _tick_angle(sources: int) -> int:
    """Names upright while a few fit side by side, slanted when there are more."""
    return 0 if sources <= 3 else -45


def coverage_figure(comparison: Comparison, scope: str = "shared", limit: int = 60,
                    legend: bool = True, sources: list[str] | None = None) -> go.Figure:
    """Story elements (rows, widest coverage first) x sources; colour = how it is carried.

    ``sources``: the source ids to draw as columns, in order (default all).
    A heatmap paints the cells, so they fill the width on a phone and on a wide screen
    alike; transparent markers on the cells carry the hover and the click (Plotly
    reports clicks on markers, not on heatmap cells). The dashboard draws its own
    legend above the chart (``legend=False``); exports keep Plotly's.
    """
    columns = list(sources) if sources is not None else [a.id for a in comparison.articles]
    shown = set(columns)
    elements = [e for e in element_filter(comparison, scope)
                if shown.intersection(e.sources)][:limit]
    labels = source_labels(comparison.articles)
    axis = {a.id: wrapped(labels[a.id]) for a in comparison.articles}
    order = [axis[i] for i in columns]
    rows = {e.id: _row_label(e.id, e.label) for e in elements}
    cells = [c for c in coverage_cells(comparison, elements) if c.source in shown]
    kinds = list(KIND_COLORS)
    z: dict[tuple[int, str], int] = {(c.element, c.source): kinds.index(c.kind) for c in cells}
    figure = go.Figure(go.Heatmap(
        x=order, y=list(rows.values()), xgap=2, ygap=2, hoverinfo="skip", showscale=False,
        z=[[z.get((e.id, i)) for i in columns] for e in elements],
        zmin=-0.5, zmax=len(kinds) - 0.5, colorscale=_discrete_scale(kinds),
    ))
    texts = comparison.sentence_texts()
    figure.add_trace(go.Scatter(
        x=[axis[c.source] for c in cells], y=[rows[c.element] for c in cells], mode="markers",
        marker={"size": 16, "opacity": 0, "symbol": "square"}, showlegend=False,
        selected={"marker": {"opacity": 0}}, unselected={"marker": {"opacity": 0}},
        customdata=[[c.element, c.source] for c in cells], hoverinfo="text",
        hovertext=[_cell_hover(c, labels, texts) for c in cells],
    ))
    for kind in kinds if legend else ():  # legend entries for exported copies
        figure.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=KIND_LABELS[kind],
                                    marker={"symbol": "square", "size": 12,
                                            "color": KIND_COLORS[kind]}))
    figure.update_layout(
        title="Story elements and the sources that carry them",
        xaxis={"categoryorder": "array", "categoryarray": order, "side": "top",
               "title": None, "tickangle": _tick_angle(len(order)), "dtick": 1,
               "automargin": True, "fixedrange": True, "showgrid": False,
               "range": [-0.5, len(order) - 0.5]},
        yaxis={"categoryorder": "array", "categoryarray": list(rows.values())[::-1],
               "title": None, "automargin": True, "fixedrange": True, "dtick": 1,
               "showgrid": False, "range": [-0.5, max(len(rows), 1) - 0.5],
               "tickfont": {"size": 11}},
        showlegend=legend,
        legend={"orientation": "h", "y": -0.02, "yanchor": "top"},
        title_y=0.995,
        title_yanchor="top",
        margin={"l": 10, "r": 40 if _tick_angle(len(order)) else 10,
                "t": _top_margin(order, _tick_angle(len(order))), "b": 10},
        height=max(360, 34 * len(elements) + 220),
        plot_bgcolor="#f5f5f5",
        clickmode="event+select",
        dragmode=False,
        hovermode="closest",
        hoverdistance=-1,
    )
    return figure


def _discrete_scale(kinds: list[str]) -> list[list]:
    """A colour scale with one flat band per kind (z = the kind's index)."""
    scale: list[list] = []
    for k, kind in enumerate(kinds):
        scale += [[k / len(kinds), KIND_COLORS[kind]], [(k + 1) / len(kinds), KIND_COLORS[kind]]]
    return scale


def _row_label(element_id: int, label: str, width: int = 22) -> str:
    """"E3: " and the element's first words on at most two short lines (hover has more)."""
    lines = textwrap.wrap(f"E{element_id}: {label}", width)
    if len(lines) > 2:
        lines = [lines[0], lines[1][: width - 1] + "…"]
    return "<br>".join(html.escape(line, quote=False) for line in lines)


def _cell_hover(cell, labels: dict[str, str], texts: dict[tuple[str, int], str]) -> str:
    sentence = texts.get((cell.source, cell.sentences[0]), "")
    sentence = "<br>".join(textwrap.wrap(html.escape(sentence), 70))
    score = f" · score {cell.score:.2f}" if cell.kind != "unique" else ""
    return (f"<b>{html.escape(labels[cell.source])}</b> · {KIND_LABELS[cell.kind]}{score}"
            f"<br>{sentence}")
