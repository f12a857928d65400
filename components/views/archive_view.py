"""Archive page pieces: the story list, the outlet charts, opening a story in the other
pages. Pure figure and table builders first (tested without Streamlit's runtime), widgets
after. Every label is user data: plotly renders text, never markup, and markdown goes
through ``escape_markdown``.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from analysis.corpus.results import CorpusFolder, StoryEntry
from components.common.colors import KIND_COLORS

SORTS = {"Largest first": "size", "Newest first": "date", "Oldest first": "date_asc",
         "Label A-Z": "label"}
TOP_OUTLETS = 30  # outlets charted before "show all"


def stories_frame(result: CorpusFolder, search: str = "", sort: str = "size") -> pd.DataFrame:
    """One row per story, filtered by ``search`` (in its label, sources or titles, any
    case) and sorted."""
    needle = search.strip().casefold()
    rows = []
    for s in result.stories:
        haystack = " ".join([s.label, *s.sources, *(str(a.get("title", "")) for a in s.articles)])
        if needle and needle not in haystack.casefold():
            continue
        rows.append({"story": s.id, "label": s.label, "articles": s.size,
                     "sources": ", ".join(s.sources[:6]) + (" …" if len(s.sources) > 6 else ""),
                     "first published": s.first_published,
                     "compared": result.comparison_path(s.id) is not None})
    frame = pd.DataFrame(rows, columns=["story", "label", "articles", "sources",
                                        "first published", "compared"])
    if sort == "date":
        return frame.sort_values(["first published", "articles"], ascending=[False, False],
                                 kind="stable")
    if sort == "date_asc":
        dated = frame["first published"] == ""
        return pd.concat([frame[~dated].sort_values("first published", kind="stable"),
                          frame[dated]])
    if sort == "label":
        return frame.sort_values("label", key=lambda c: c.str.casefold(), kind="stable")
    return frame.sort_values(["articles", "story"], ascending=[False, True], kind="stable")


def outlets_frame(result: CorpusFolder) -> pd.DataFrame:
    columns = ["outlet", "stories", "articles", "sentences", "copied_share", "shared_share",
               "alone_share", "overlaps_most"]
    frame = pd.DataFrame(list(result.outlets))
    return frame.reindex(columns=columns) if len(frame) else pd.DataFrame(columns=columns)


def outlet_profile_figure(result: CorpusFolder, limit: int | None = TOP_OUTLETS) -> go.Figure:
    """Per outlet, what share of its sentences other outlets hold in the same words, in
    other words, or not at all: the agency-copy picture at a glance."""
    frame = outlets_frame(result)
    frame = frame[frame["sentences"].fillna(0) > 0].sort_values(
        ["copied_share", "outlet"], ascending=[False, True], kind="stable")
    if limit:
        frame = frame.head(limit)
    frame = frame.iloc[::-1]  # the top of the chart is the first row
    names = frame["outlet"].astype(str).tolist()
    reworded = (frame["shared_share"] - frame["copied_share"]).clip(lower=0)
    figure = go.Figure()
    for label, values, color in (
            ("same words in another outlet", frame["copied_share"], KIND_COLORS["verbatim"]),
            ("other words in another outlet", reworded, KIND_COLORS["paraphrase"]),
            ("in no other outlet", frame["alone_share"], KIND_COLORS["unique"])):
        figure.add_bar(y=names, x=values.tolist(), name=label, orientation="h",
                       marker_color=color, hovertemplate="%{y}: %{x:.0%} " + label
                       + "<extra></extra>")
    figure.update_layout(barmode="stack", height=max(260, 26 * len(names) + 120),
                         xaxis={"tickformat": ".0%", "range": [0, 1],
                                "title": "share of the outlet's sentences"},
                         yaxis={"automargin": True, "type": "category"},
                         legend={"orientation": "h", "y": 1.0, "yanchor": "bottom",
                                 "x": 0, "xanchor": "left", "traceorder": "normal"},
                         margin={"t": 90, "l": 10, "r": 10, "b": 40},
                         title="What each outlet shares with the others")
    return figure


def outlet_pairs_figure(result: CorpusFolder, limit: int | None = TOP_OUTLETS) -> go.Figure:
    """Rows: an outlet; columns: another; cell: the share of the row's sentences (in the
    stories both cover) that the column outlet carries. Ordered by stories covered."""
    outlets = outlets_frame(result).sort_values(["stories", "outlet"], ascending=[False, True],
                                                kind="stable")
    names = outlets["outlet"].astype(str).tolist()
    if limit:
        names = names[:limit]
    index = {n: k for k, n in enumerate(names)}
    z: list[list[float | None]] = [[None] * len(names) for _ in names]
    stories: list[list[int]] = [[0] * len(names) for _ in names]
    for row in result.pairs:
        a, b = str(row["outlet"]), str(row["other"])
        if a in index and b in index:
            z[index[a]][index[b]] = float(row["carried_share"])  # type: ignore[arg-type]
            stories[index[a]][index[b]] = int(row["stories_together"])  # type: ignore[call-overload]
    figure = go.Figure(go.Heatmap(
        z=z, x=names, y=names, zmin=0, zmax=1, colorscale="Blues", customdata=stories,
        colorbar={"title": "carried", "tickformat": ".0%"},
        hovertemplate="%{x} carries %{z:.0%} of %{y}'s sentences<br>"
                      "in %{customdata} stories both cover<extra></extra>"))
    figure.update_layout(height=max(320, 22 * len(names) + 160),
                         xaxis={"type": "category", "tickangle": -45, "automargin": True},
                         yaxis={"type": "category", "autorange": "reversed", "automargin": True},
                         margin={"t": 40, "l": 10, "r": 10, "b": 10},
                         title="How much of each outlet another carries")
    return figure


def story_options(result: CorpusFolder, ids: Sequence[int]) -> dict[int, str]:
    """Picker labels: 'number · label (n articles)', searchable by typing."""
    by_id = {s.id: s for s in result.stories}
    return {i: _option(by_id[i]) for i in ids if i in by_id}


def _option(story: StoryEntry) -> str:
    label = story.label if len(story.label) <= 90 else story.label[:89] + "…"
    return f"{story.id} · {label} ({story.size} article{'s' if story.size != 1 else ''})"
