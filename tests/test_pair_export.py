"""Difference navigation and the standalone pair comparison (pure HTML builders)."""

from __future__ import annotations

import re

from components.exports.pair_export import pair_diff_html, pair_file_stem
from components.views.alignment_view import pair_view
from components.views.diff import difference_numbers, side_by_side_html

A, B = "000_adeca93de2b3738f", "002_7c91d741beb2bec9"


def test_every_difference_links_to_its_neighbours(sample_comparison):
    view = pair_view(sample_comparison, A, B)
    numbers = difference_numbers(view)
    assert numbers and sorted(numbers.values()) == list(range(1, len(numbers) + 1))
    for row, _ in numbers.items():  # verbatim rows are not differences
        aligned = view.rows[row].aligned
        assert aligned is None or aligned.kind != "verbatim"
    page = side_by_side_html(view)
    anchors = set(re.findall(r'id="sbs-diff-(\d+)"', page))
    targets = set(re.findall(r'href="#sbs-diff-(\d+)"', page))
    assert anchors == {str(n) for n in numbers.values()}
    assert targets <= anchors  # no link points nowhere
    assert f"{len(numbers)} differences" in page


def test_the_pair_page_stands_alone(sample_comparison):
    view = pair_view(sample_comparison, A, B)
    page = pair_diff_html(view, story="Harbour <fire>")
    assert page.startswith("<!DOCTYPE html>") and "<script" not in page
    assert "Harbour &lt;fire&gt;" in page and "sbs-grid" in page
    assert "@media print" in page
    assert pair_file_stem(view) == f"side-by-side_{A.replace('_', '-')}-vs-{B.replace('_', '-')}"


def test_a_close_pair_that_tells_a_detail_differently_says_so(sample_comparison):
    from components.views.alignment_view import detail_conflicts

    left, right = "000_adeca93de2b3738f", "004_1ba25c30ac1e166f"
    conflicts = detail_conflicts(sample_comparison, left, right)
    assert conflicts[(17, 23)] == "role: “deputy spokesperson” vs “spokesperson”"
    # the solidarity line: Putin's message in 000, Shoigu's words in 004 (issue 9's finder)
    assert set(conflicts) <= {(17, 23), (15, 14)}
    assert conflicts.get((15, 14), "attribution").startswith("attribution")
    view = pair_view(sample_comparison, left, right)
    assert any((m.a, m.b) == (17, 23) and m.score > 0.9 for m in view.matches)
    page = side_by_side_html(view, conflicts)
    assert 1 <= page.count('class="sbs-warn"') <= len(conflicts) and "≠ details" in page
    warnings = page.split('class="sbs-warn" title="')[1:]
    assert any("deputy spokesperson" in warning.split('"', 1)[0] for warning in warnings)


def test_the_download_keeps_the_conflict_markers_and_says_what_differs(sample_comparison):
    """Issue 34: the pair download dropped the "≠ details" markers the page shows; a
    printed page has no hover, so it also lists what each marked pair tells differently."""
    from components.views.alignment_view import detail_conflicts

    left, right = "000_adeca93de2b3738f", "004_1ba25c30ac1e166f"
    conflicts = detail_conflicts(sample_comparison, left, right)
    view = pair_view(sample_comparison, left, right)
    page = pair_diff_html(view, conflicts=conflicts)
    assert page.count('class="sbs-warn"') == side_by_side_html(view, conflicts).count(
        'class="sbs-warn"') >= 1
    assert f"what {len(conflicts)} matched pair" in page
    assert "sentence 18 ↔" in page and "deputy spokesperson" in page
    assert "≠ details" not in pair_diff_html(view)  # none given, none shown
