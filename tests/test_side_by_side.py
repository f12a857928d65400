"""Side by side: word diffs, row alignment, escaping, the pair heatmap, and the page itself."""

from __future__ import annotations

import itertools
import json
import re
import time
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from analysis.pipeline.preparation import pair_probabilities
from analysis.results import Match
from components.common.colors import KIND_COLORS, KIND_LABELS, KIND_TEXT_COLORS
from components.views.alignment_view import (
    PairMatch,
    PairView,
    align_indices,
    align_rows,
    carry_text,
    coverage_summary,
    monotone_chain,
    pair_matches,
    pair_view,
)
from components.views.diff import (
    legend_html,
    pair_detail_html,
    shared_words,
    side_by_side_html,
    word_diff,
)
from components.views.pair_heatmap import (
    MAX_SCORED_PAIRS,
    OUTLINE,
    heatmap_values,
    pair_figure,
    pair_heatmap_figure,
    scored_cells,
)
from tests.conftest import ROOT

PAGE = "app_pages/side_by_side.py"
A, B, C = "000_adeca93de2b3738f", "001_e04fe7b58e7037ad", "002_7c91d741beb2bec9"


def tags(tokens) -> list[tuple[str, str]]:
    return [(t.text, t.tag) for t in tokens if t.tag != "same"]


# --- word_diff ---------------------------------------------------------------------------

def test_identical_sentences_have_no_marks():
    left, right = word_diff("Kim met Shoigu in Pyongyang.", "Kim met Shoigu in Pyongyang.")
    assert tags(left) == tags(right) == []
    assert [t.text for t in left] == ["Kim", "met", "Shoigu", "in", "Pyongyang."]


def test_inserted_word_is_added_on_the_right():
    left, right = word_diff("Kim met Shoigu.", "Kim warmly met Shoigu.")
    assert tags(left) == []
    assert tags(right) == [("warmly", "added")]


def test_deleted_word_is_removed_on_the_left():
    left, right = word_diff("Kim warmly met Shoigu.", "Kim met Shoigu.")
    assert tags(left) == [("warmly", "removed")]
    assert tags(right) == []


def test_replaced_word_is_changed_on_both_sides():
    left, right = word_diff("Shoigu praised the army.", "Shoigu lauded the army.")
    assert tags(left) == [("praised", "changed")]
    assert tags(right) == [("lauded", "changed")]


def test_typography_and_case_are_not_changes_but_originals_are_shown():
    left, right = word_diff("It’s “Victory Day” — a pro–Russian parade",
                            "it's \"Victory Day\" - a pro-Russian parade")
    assert tags(left) == tags(right) == []
    assert left[0].text == "It’s" and right[0].text == "it's"  # displayed as written


def test_trailing_punctuation_is_not_a_change():
    left, right = word_diff("Shoigu said, smiling", "Shoigu said smiling.")
    assert tags(left) == tags(right) == []


def test_shared_words_skip_stop_words_and_keep_first_spelling():
    words = shared_words("Shoigu praised the army as the strongest.",
                         "The army, Shoigu said, is the strongest")
    assert words == ["Shoigu", "army", "strongest"]


# --- alignment ---------------------------------------------------------------------------

def match(a: int, b: int, score: float = 0.8, kind: str = "paraphrase") -> PairMatch:
    return PairMatch(a, b, score, kind)


def check_rows(rows, n_a: int, n_b: int) -> None:
    """Every sentence of both sides exactly once and in its article's order."""
    assert [r.a for r in rows if r.a is not None] == list(range(n_a))
    assert [r.b for r in rows if r.b is not None] == list(range(n_b))
    for row in rows:
        assert row.a is not None or row.b is not None
        if row.aligned:
            assert (row.aligned.a, row.aligned.b) == (row.a, row.b)


def test_in_order_matches_sit_on_one_row_each():
    matches = (match(0, 1), match(2, 2), match(4, 5))
    rows = align_indices(5, 6, matches)
    check_rows(rows, 5, 6)
    assert {(r.a, r.b) for r in rows if r.aligned} == {(0, 1), (2, 2), (4, 5)}


def test_crossing_match_keeps_order_and_links_to_its_counterpart():
    matches = (match(0, 0), match(1, 3, 0.9), match(2, 1), match(3, 2))
    rows = align_indices(4, 4, matches)
    check_rows(rows, 4, 4)
    aligned = {(r.a, r.b) for r in rows if r.aligned}
    assert aligned == {(0, 0), (2, 1), (3, 2)}  # the longest in-order chain wins
    view = PairView("Left", "Right", ("a0", "a1", "a2", "a3"), ("b0", "b1", "b2", "b3"),
                    matches, tuple(rows))
    page = side_by_side_html(view)
    assert 'href="#sbs-b-4"' in page and 'id="sbs-b-4"' in page  # left 2 -> right 4
    assert 'href="#sbs-a-2"' in page and 'id="sbs-a-2"' in page  # and back
    assert "matches <a" in page


def test_sentence_matched_several_times_lists_every_counterpart():
    matches = (match(0, 0, 0.9), match(0, 2, 0.7))
    view = PairView("L", "R", ("a0",), ("b0", "b1", "b2"), matches,
                    tuple(align_indices(1, 3, matches)))
    page = side_by_side_html(view)
    assert "also matches <a href=\"#sbs-b-3\">sentence 3</a>" in page
    assert page.count('href="#sbs-a-1"') == 1  # right 3 links back; right 1 sits beside it


def test_chain_prefers_more_matches_then_higher_scores():
    many = (match(0, 0, 0.5), match(1, 1, 0.5), match(2, 2, 0.5), match(3, 0, 1.0))
    assert [(m.a, m.b) for m in monotone_chain(many)] == [(0, 0), (1, 1), (2, 2)]
    tie = (match(0, 1, 0.6), match(1, 0, 0.9))
    assert [(m.a, m.b) for m in monotone_chain(tie)] == [(1, 0)]
    assert monotone_chain(()) == []


pairs_strategy = st.integers(0, 7).flatmap(
    lambda n_a: st.integers(0, 7).flatmap(
        lambda n_b: st.tuples(
            st.just(n_a), st.just(n_b),
            st.sets(st.tuples(st.integers(0, max(n_a - 1, 0)), st.integers(0, max(n_b - 1, 0))),
                    max_size=7 if n_a and n_b else 0),
        )
    )
)


@settings(max_examples=150, deadline=None)
@given(pairs_strategy)
def test_alignment_invariants_against_brute_force(case):
    n_a, n_b, cells = case
    matches = tuple(match(a, b, 0.5 + 0.05 * k) for k, (a, b) in enumerate(sorted(cells)))
    rows = align_indices(n_a, n_b, matches)
    check_rows(rows, n_a, n_b)
    longest = max(
        (r for r in range(len(matches) + 1) for combo in itertools.combinations(matches, r)
         if all(x.a < y.a and x.b < y.b for x, y in itertools.pairwise(combo))),
        default=0,
    )
    assert sum(1 for r in rows if r.aligned) == longest


def test_sample_story_rows(sample_comparison):
    view = pair_view(sample_comparison, A, B)
    rows = align_rows(sample_comparison, A, B)
    check_rows(rows, len(view.sentences_a), len(view.sentences_b))
    aligned = [r for r in rows if r.aligned]
    assert len(aligned) >= 8
    crossing = [m for m in view.matches if m not in {r.aligned for r in aligned}]
    assert crossing, "the sample pair has out-of-order matches"
    page = side_by_side_html(view)
    for m in crossing:
        assert f'href="#sbs-b-{m.b + 1}"' in page and f'href="#sbs-a-{m.a + 1}"' in page
    flipped = pair_view(sample_comparison, B, A)  # orientation follows the pick
    assert {(m.b, m.a) for m in flipped.matches} == {(m.a, m.b) for m in view.matches}
    assert coverage_summary(view).startswith(f"{len({m.a for m in view.matches})} of {A}'s 19")


# --- directional coverage ------------------------------------------------------------------

def two_source_comparison(match: Match):
    """A comparison of two one-sentence articles holding exactly ``match``."""
    from analysis.results import Article, ArticleResult, Comparison, Sentence

    def result(article_id: str, text: str) -> ArticleResult:
        return ArticleResult(Article(article_id, text, source=article_id.upper()),
                             (Sentence(0, text, 0, len(text)),), (), text)

    return Comparison(articles=(result("x", "Kim met Shoigu in Pyongyang."),
                                result("y", "Kim met Shoigu in Pyongyang on Thursday.")),
                      matches=(match,), pairs=(), elements=())


def test_hover_text_reads_the_directions_of_the_columns_on_screen():
    # y's sentence says more: it carries all of x's (0.91); x's carries only part of y's.
    comparison = two_source_comparison(
        Match("x", 0, "y", 0, 0.82, "partial", b_carries_a=0.91, a_carries_b=0.40))
    x_left = pair_matches(comparison, "x", "y")[0]
    assert (x_left.b_carries_a, x_left.a_carries_b) == (0.91, 0.40)
    assert carry_text(x_left) == ("shares a fact: 0.82 · right carries all of left: 0.91 · "
                                  "left carries all of right: 0.40")
    y_left = pair_matches(comparison, "y", "x")[0]  # swapped columns, swapped directions
    assert (y_left.b_carries_a, y_left.a_carries_b) == (0.40, 0.91)
    assert carry_text(y_left) == ("shares a fact: 0.82 · right carries all of left: 0.40 · "
                                  "left carries all of right: 0.91")
    page = side_by_side_html(pair_view(comparison, "y", "x"))
    title = ("partial · shares a fact: 0.82 · right carries all of left: 0.40 · "
             "left carries all of right: 0.91")
    assert page.count(title) == 2  # the hover of both sentences of the row
    assert f'title="{KIND_LABELS["partial"]} · shares a fact: 0.82' in page  # the gutter


def test_a_partial_row_has_the_partial_colour_and_legend_label():
    comparison = two_source_comparison(
        Match("x", 0, "y", 0, 0.7, "partial", b_carries_a=0.9, a_carries_b=0.3))
    view = pair_view(comparison, "x", "y")
    page = side_by_side_html(view)
    assert page.count(f"--k:{KIND_COLORS['partial']}") == 2
    assert 'class="sbs-cell sbs-partial sbs-pair"' in page
    assert f"color:{KIND_TEXT_COLORS['partial']}" in page  # readable, not pale yellow text
    assert "Partial (carries part of what the other says)" in legend_html()
    detail = pair_detail_html(view, view.matches[0])
    assert "right carries all of left: 0.90" in detail and "Partial (" in detail
    figure = pair_heatmap_figure(view, heatmap_values(view))
    assert [t.name for t in figure.data[1:]] == [OUTLINE, "matched: partial"]
    assert figure.data[2].marker.color == KIND_COLORS["partial"]
    assert "right carries all of left: 0.90" in figure.data[0].text[0][0]


def test_every_match_kind_has_a_colour_and_a_label():
    from analysis.results import MATCH_KINDS

    assert set(MATCH_KINDS) <= set(KIND_COLORS) & set(KIND_LABELS) & set(KIND_TEXT_COLORS)


# --- escaping ----------------------------------------------------------------------------

EVIL = 'He wrote <script>alert(1)</script> and "quotes" & <b>tags</b>.'


def evil_view() -> PairView:
    matches = (match(0, 0, 0.77),)
    sentences = (EVIL, "Only <i>here</i>.")
    other = ('He wrote <script>alert(2)</script> and "quotes" & <b>tags</b>.',)
    return PairView("<b>Evil</b> & co", 'Src "B"', sentences, other, matches,
                    tuple(align_indices(2, 1, matches)))


def test_user_text_is_escaped_in_every_html_builder():
    view = evil_view()
    for page in (side_by_side_html(view), pair_detail_html(view, view.matches[0])):
        assert "<script>" not in page and "<b>tags" not in page and "<i>here" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert "&quot;quotes&quot; &amp; &lt;b&gt;tags&lt;/b&gt;" in page
        assert "&lt;b&gt;Evil&lt;/b&gt; &amp; co" in page
    assert 'title="' in side_by_side_html(view)
    assert "&lt;i&gt;here&lt;/i&gt;" in side_by_side_html(view)
    assert "<script" not in legend_html()


def test_heatmap_hover_is_escaped():
    view = evil_view()
    figure = pair_heatmap_figure(view, heatmap_values(view))
    hover = json.dumps(figure.to_plotly_json()["data"][0]["customdata"])
    assert "<script>" not in hover and "&lt;script&gt;" in hover
    assert "&lt;b&gt;Evil&lt;/b&gt;" in hover


# --- heatmap -----------------------------------------------------------------------------

def test_pair_heatmap_shape_values_and_matches(sample_comparison, sample_prepared):
    view = pair_view(sample_comparison, A, C)
    scored = pair_probabilities(sample_prepared, A, C)
    values = heatmap_values(view, scored)
    assert values.shape == scored.shape == (len(view.sentences_a), len(view.sentences_b))
    assert values.min() >= 0.0 and values.max() <= 1.0
    for m in view.matches:
        assert values[m.a, m.b] == pytest.approx(m.score)
        # the engine's own cell: the matched cells and the near-misses are on one scale
        assert scored[m.a, m.b] == pytest.approx(m.score)
    unmatched = np.ones_like(values, dtype=bool)
    for m in view.matches:
        unmatched[m.a, m.b] = False
    assert np.median(values[unmatched]) < 0.3  # most sentence pairs say different things
    assert values[unmatched].max() > 0.0  # and near-misses are shown, not blanked
    figure = pair_heatmap_figure(view, values)
    heat = figure.data[0]
    assert np.asarray(heat.z).shape == values.shape
    assert list(heat.y)[:2] == [1, 2] and len(heat.x) == len(view.sentences_b)
    by_kind = [t for t in figure.data[1:] if t.name.startswith("matched: ")]
    assert sum(len(trace.x) for trace in by_kind) == len(view.matches)
    assert [len(t.x) for t in figure.data if t.name == OUTLINE] == [len(view.matches)]


def test_the_heatmap_reads_the_engine_and_scores_only_what_it_can_show(sample_comparison):
    view = pair_view(sample_comparison, A, C)
    asked = []

    def scores(id_a: str, id_b: str) -> np.ndarray:
        asked.append((id_a, id_b))
        return np.full((len(view.sentences_a), len(view.sentences_b)), 0.25)

    assert scored_cells(view, scores).tolist()[0][0] == 0.25 and asked == [(A, C)]
    assert scored_cells(view, None) is None
    big = replace(view, sentences_a=("x",) * (MAX_SCORED_PAIRS + 1), sentences_b=("y",))
    assert scored_cells(big, scores) is None and asked == [(A, C)]
    figure = pair_figure(sample_comparison, A, C)  # no scores: the matches alone
    z = np.asarray(figure.data[0].z)
    assert np.count_nonzero(z) == len({(m.a, m.b) for m in view.matches})


def test_engine_scores_of_a_pair_have_the_articles_shape(sample_prepared):
    ids = [a.id for a in sample_prepared.articles]
    sizes = [len(s) for s in sample_prepared.sentences]
    assert pair_probabilities(sample_prepared, ids[0], ids[1]).shape == (sizes[0], sizes[1])
    same = pair_probabilities(sample_prepared, ids[0], ids[0])
    assert same.shape == (sizes[0], sizes[0]) and not same.any()


# --- the page through AppTest ----------------------------------------------------------------

def open_page(**state) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.run()
    for key, value in state.items():
        at.session_state[key] = value
    at.switch_page(PAGE)
    at.run()
    assert not at.exception, at.exception
    return at


def shown_pair(at: AppTest) -> tuple[str, str]:
    return at.selectbox(key="side_a").value, at.selectbox(key="side_b").value


def grid_html(at: AppTest) -> str:
    return next(h.proto.body for h in at.get("html") if "sbs-grid'>" in h.proto.body)


def test_page_opens_on_the_most_similar_pair_and_switches():
    at = open_page()
    assert at.title[0].value == "Side by side"
    assert shown_pair(at) == (A, B)  # highest similarity in the sample story
    assert '<div class="sbs-head">Unnamed news site</div>' in grid_html(at)  # the manifest
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert np.asarray(spec["data"][0]["z"]).shape == (19, 14)

    at.selectbox(key="side_b").set_value(C).run()
    assert not at.exception, at.exception
    assert shown_pair(at) == (A, C)
    assert '<div class="sbs-head">Metro</div>' in grid_html(at)
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert np.asarray(spec["data"][0]["z"]).shape == (19, 24)

    started = time.perf_counter()
    at.run()
    assert time.perf_counter() - started < 2.0  # well under a second on a warm cache
    at.selectbox(key="side_b").set_value(A).run()
    assert not at.exception
    assert any("same source twice" in w.value for w in at.warning)


def test_preselected_pair_from_another_page():
    at = open_page(side_by_side_pair=(C, "004_1ba25c30ac1e166f"))
    assert shown_pair(at) == (C, "004_1ba25c30ac1e166f")
    at.button(key="side_swap").click().run()
    assert shown_pair(at) == ("004_1ba25c30ac1e166f", C)


def test_preselected_pair_from_the_url():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.query_params["a"] = C
    at.query_params["b"] = "003_c4549c38badeb659"
    at.run()
    at.switch_page(PAGE)
    at.run()
    assert not at.exception, at.exception
    assert shown_pair(at) == (C, "003_c4549c38badeb659")


def test_the_page_says_how_many_names_the_pair_shares(sample_comparison):
    at = open_page()
    pair = next(p for p in sample_comparison.pairs if {p.a, p.b} == {A, B})
    line = next(c.value for c in at.caption if "names either one uses" in c.value)
    assert f"{pair.shared_names:.0%}" in line and f"{pair.event_similarity:.2f}" in line


def test_a_look_alike_event_is_flagged_and_the_same_event_is_not():
    from analysis.results import PairOverlap
    from components.common.summary import LOOK_ALIKE_BELOW, pair_event_line

    look_alike = PairOverlap("a", "b", 0.2, 0.2, 0.1, shared_names=0.05,
                             event_similarity=0.075)
    assert look_alike.event_similarity < LOOK_ALIKE_BELOW
    assert "similar but different event" in pair_event_line(look_alike)
    same = PairOverlap("a", "b", 0.5, 0.5, 0.4, shared_names=0.5, event_similarity=0.45)
    assert "different event" not in pair_event_line(same)
    assert "50% of the names" in pair_event_line(same)
    unrelated = PairOverlap("a", "b", 0.0, 0.0, 0.0)  # nothing shared: no event claimed
    assert "different event" not in pair_event_line(unrelated)


# --- a phone's first rows (narrow_rows) ---------------------------------------------------

def folded_view(rows: int = 5) -> PairView:
    matches = tuple(match(k, k, 0.9) for k in range(rows - 1))  # the last row: left only
    return PairView("Left", "Right", tuple(f"a{k}" for k in range(rows)),
                    tuple(f"b{k}" for k in range(rows - 1)), matches,
                    tuple(align_indices(rows, rows - 1, matches)))


def test_a_narrow_screen_folds_the_rows_after_the_first():
    """Every grid item of a later row (both cells and the gutter, an empty cell too) is
    marked, the first rows are not, and one toggle says how many rows there are."""
    page = side_by_side_html(folded_view(5), narrow_rows=2)
    items = re.findall(r'<div class="(sbs-(?:cell|gut)\b[^"]*)"', page)  # cell, gutter, cell
    rows = [items[k:k + 3] for k in range(0, len(items), 3)]
    assert len(rows) == 5
    assert not any("sbs-later" in item for row in rows[:2] for item in row)
    assert all("sbs-later" in item for row in rows[2:] for item in row)
    assert 'class="sbs-cell sbs-empty sbs-later"' in page  # the last row's missing right
    assert page.count('id="sbs-more"') == 1 and page.count('for="sbs-more"') == 1
    assert "Show all 5 rows (3 more)" in page and "Show the first 2 rows only" in page


def test_rows_fold_only_when_asked_and_when_there_are_more():
    """The export and any wide use get every row, with no toggle; a pair with no more rows
    than are shown gets no toggle either."""
    for page in (side_by_side_html(folded_view(5)),
                 side_by_side_html(folded_view(5), narrow_rows=5)):
        assert "sbs-later" not in page.split("</style>", 1)[1]
        assert 'id="sbs-more"' not in page
    assert side_by_side_html(folded_view(5), narrow_rows=4).count(" sbs-later") == 3


def test_folding_keeps_user_text_escaped():
    page = side_by_side_html(evil_view(), narrow_rows=1)
    assert " sbs-later" in page and "<script>" not in page and "<i>here" not in page
    assert "&lt;b&gt;Evil&lt;/b&gt; &amp; co" in page


def test_the_page_sends_the_phone_fold():
    at = open_page()
    page = grid_html(at)
    assert 'id="sbs-more"' in page and "Show all 21 rows (15 more)" in page
