"""Overview and Story elements pages through AppTest, plus their pure builders."""

import json
import re

from analysis.pipeline.comparison import compare
from analysis.results import Article
from components.common.coverage import coverage_cells, element_filter, omitted_by
from components.common.summary import story_summary
from components.views.elements_view import element_sentences
from components.views.heatmaps import coverage_figure, selected_element, selected_pair


def test_overview_has_summary_and_both_heatmaps(app, sample_comparison):
    markdown = " ".join(m.value for m in app.markdown)
    assert "carries most of the shared story" in markdown
    assert "adds most of its own" in markdown
    # fully and partly carried, two numbers
    assert re.search(r"\d+% of a source's sentences are carried whole by another source "
                     r"\(fully carried\) and \d+% only in part", markdown)
    assert story_summary(sample_comparison)[1] in markdown  # the engine's own figures
    charts = [json.loads(c.proto.spec) for c in app.get("plotly_chart")]
    assert len(charts) == 2
    coverage = charts[1]
    cells, targets = coverage["data"][:2]  # painted cells, then their click targets
    assert cells["type"] == "heatmap" and targets["type"] == "scatter"
    assert len(coverage["data"]) == 2 and not coverage["layout"]["showlegend"]  # one legend
    rows = set(cells["y"])
    assert any("Shoigu" in row for row in rows)
    assert len(rows) >= 10  # the shared story elements, one row each


def test_elements_page_filters(app):
    app.switch_page("app_pages/elements.py")
    app.run()
    assert not app.exception
    assert app.title[0].value == "Story elements"
    shared_some = len(app.expander)
    assert shared_some > 0
    app.selectbox(key="elements_scope").set_value("Only one source").run()
    assert len(app.expander) > 0
    app.text_input(key="elements_query").set_value("strongest").run()
    app.selectbox(key="elements_scope").set_value("All elements").run()
    assert 1 <= len(app.expander) <= 3
    assert any("strongest" in e.label for e in app.expander)


def test_coverage_cells_and_omissions(sample_comparison):
    shared = element_filter(sample_comparison, "shared")
    cells = coverage_cells(sample_comparison, shared)
    assert len(cells) == sum(len(e.sources) for e in shared)
    assert {c.kind for c in cells} <= {"verbatim", "near-verbatim", "paraphrase", "partial"}
    single = element_filter(sample_comparison, "single")
    assert {c.kind for c in coverage_cells(sample_comparison, single)} == {"unique"}
    element = shared[0]
    assert set(omitted_by(sample_comparison, element)) | set(element.sources) == {
        a.id for a in sample_comparison.articles}
    per_source = element_sentences(sample_comparison, element)
    assert [s for s, _, _ in per_source] == sorted(element.sources)


def test_coverage_figure_orders_widest_elements_first(sample_comparison):
    figure = coverage_figure(sample_comparison, "shared")
    order = list(figure.layout.yaxis.categoryarray)[::-1]
    widths = {f"E{e.id}": len(e.sources) for e in sample_comparison.elements}
    counts = [widths[label.split(":")[0]] for label in order]
    assert counts == sorted(counts, reverse=True)


def test_hover_text_is_escaped():
    hostile = "<img src=x onerror=alert(1)> Officials met in Geneva on Monday to talk."
    result = compare([Article(id="a", text=hostile), Article(id="b", text=hostile)])
    figure = coverage_figure(result, "all")
    hovers = [h for t in figure.data if t.hovertext for h in t.hovertext]
    assert hovers and all("<img" not in h for h in hovers)
    assert any("&lt;img" in h for h in hovers)


def test_summary_names_sources(sample_comparison):
    lines = story_summary(sample_comparison)
    assert lines[0].startswith("5 sources")
    assert any("reported by only one source" in line for line in lines)


def test_click_events_are_decoded():
    event = {"selection": {"points": [{"customdata": ["a", "b"]}]}}
    assert selected_pair(event) == ("a", "b")
    assert selected_element({"selection": {"points": [{"customdata": [7, "a"]}]}}) == 7
    assert selected_pair({"selection": {"points": []}}) is None
    assert selected_element(None) is None


def test_partial_cells_have_their_own_trace_and_badge(sample_comparison):
    from components.common.colors import KIND_COLORS, KIND_LABELS
    from components.views.elements_view import _badge_color, legend_html

    cells = coverage_cells(sample_comparison, element_filter(sample_comparison, "all"))
    assert any(c.kind == "partial" for c in cells)  # the sample story has partial matches
    figure = coverage_figure(sample_comparison, "all")
    partial = [t for t in figure.data if t.name == KIND_LABELS["partial"]]
    assert len(partial) == 1 and partial[0].marker.color == KIND_COLORS["partial"]
    assert _badge_color("partial") == "yellow"
    assert KIND_LABELS["partial"] in legend_html()
