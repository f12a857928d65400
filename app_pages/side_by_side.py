"""Two sources side by side: aligned sentences, word differences, sentence similarity."""

from __future__ import annotations

import html
from functools import partial

import streamlit as st

from analysis.results import Comparison
from components.common.labels import source_labels
from components.common.summary import pair_event_line
from components.exports.export import file_name
from components.exports.pair_export import pair_diff_html, pair_file_stem
from components.views.alignment_view import PairView, coverage_summary, detail_conflicts, pair_view
from components.views.diff import legend_html, pair_detail_html, side_by_side_html
from components.views.pair_heatmap import render_pair_heatmap
from components.widgets.navigation import SIDE_BY_SIDE_PAIR
from components.widgets.session import pair_scores, require_comparison
from components.widgets.story_view import story_title

PAIR = SIDE_BY_SIDE_PAIR  # (left id, right id); other pages set it through open_side_by_side
SIDE_KEYS = ("side_a", "side_b")
# On a phone (the columns stacked) the first rows show, the rest on request: the sample's
# 21 rows were about 5,700 of the page's 8,046 px at 390 px wide. Wider screens show all.
NARROW_ROWS = 6


def _default_pair(comparison: Comparison) -> tuple[str, str]:
    """The two sources that overlap most: the most telling pair to open on."""
    best = max(comparison.pairs, key=lambda p: p.similarity, default=None)
    ids = [a.id for a in comparison.articles]
    return (best.a, best.b) if best else (ids[0], ids[1])


def _valid(pair: object, ids: list[str]) -> bool:
    return isinstance(pair, tuple | list) and len(pair) == 2 and all(p in ids for p in pair)


def _sync_pair(comparison: Comparison) -> None:
    """Preselection (session, then URL), else the default; then the selectboxes follow it."""
    ids = [a.id for a in comparison.articles]
    pair = st.session_state.get(PAIR)
    if not _valid(pair, ids):
        pair = (st.query_params.get("a"), st.query_params.get("b"))
    if not _valid(pair, ids):
        pair = _default_pair(comparison)
    st.session_state[PAIR] = tuple(pair)
    for key, value in zip(SIDE_KEYS, pair, strict=True):
        if st.session_state.get(key) != value:
            st.session_state[key] = value


def _remember_pair() -> None:
    st.session_state[PAIR] = tuple(st.session_state[key] for key in SIDE_KEYS)


def _swap() -> None:
    left, right = (st.session_state[key] for key in SIDE_KEYS)
    st.session_state[PAIR] = (right, left)


def _pick_pair(comparison: Comparison) -> tuple[str, str]:
    _sync_pair(comparison)
    labels = source_labels(comparison.articles)
    ids = [a.id for a in comparison.articles]
    left, right, swap = st.columns([6, 6, 1], vertical_alignment="bottom")
    for column, key, name in ((left, "side_a", "Left source"), (right, "side_b", "Right source")):
        column.selectbox(name, ids, format_func=labels.__getitem__, key=key,
                         on_change=_remember_pair)
    swap.button("", icon=":material/swap_horiz:", key="side_swap", on_click=_swap,
                help="Swap left and right")
    id_a, id_b = st.session_state[PAIR]
    st.query_params.update(a=id_a, b=id_b)
    return id_a, id_b


def _render_inspector(view: PairView) -> None:
    st.subheader("Inspect a matched pair")
    if not view.matches:
        st.caption("No sentence of one source matches a sentence of the other.")
        return
    by_score = sorted(range(len(view.matches)), key=lambda k: -view.matches[k].score)

    def describe(k: int) -> str:
        m = view.matches[k]
        text = view.sentences_a[m.a]
        return (f"{m.a + 1} ↔ {m.b + 1} · {m.kind} · {m.score:.2f} · "
                f"{text[:70] + '…' if len(text) > 70 else text}")

    chosen = st.selectbox("Matched pair", by_score, format_func=describe,
                          key=f"side_inspect:{view.label_a}:{view.label_b}",
                          help="Sentence numbers left ↔ right, best scores first.")
    st.html(pair_detail_html(view, view.matches[chosen]))


st.title("Side by side")
st.caption("Two sources sentence by sentence: matched sentences on one row, word differences "
           "marked. Hover a sentence for its score and shared words; ▲ prev and ▼ next step "
           "through the differences.")
comparison = require_comparison()
id_a, id_b = _pick_pair(comparison)
if id_a == id_b:
    st.warning("You picked the same source twice: choose two different sources to compare.")
    st.stop()

view = pair_view(comparison, id_a, id_b)
st.html(f"<p style='font-size:1.05rem;margin:0'><b>{html.escape(coverage_summary(view))}</b></p>"
        + legend_html())
pair = next((p for p in comparison.pairs if {p.a, p.b} == {id_a, id_b}), None)
if pair is not None:
    st.caption(pair_event_line(pair))
conflicts = detail_conflicts(comparison, id_a, id_b)
st.download_button(
    "Download this comparison (HTML, prints as two columns)",
    data=partial(pair_diff_html, view, story_title(), conflicts=conflicts), mime="text/html",
    file_name=file_name(pair_file_stem(view), "html", story_title()), key="side_download",
    icon=":material/print:", on_click="ignore",
    help="A standalone page with both sources and their word differences; open it "
    "offline, or print it (or save it as PDF) from the browser.")
if conflicts:
    st.caption(f"≠ details: {len(conflicts)} matched pair{'' if len(conflicts) == 1 else 's'} "
               "tell a number, name, role, date, hedge or negation differently, however "
               "close their wording (hover ≠ to see what differs).")
st.html(side_by_side_html(view, conflicts, narrow_rows=NARROW_ROWS))
_render_inspector(view)
st.subheader("Sentence similarity")
render_pair_heatmap(view, pair_scores)
