"""Two numbers conflict only when they cannot both be true (issue 32).

The everyday cases of the issue, decided and kept: a figure and a bound it satisfies, an
approximate figure and a close exact one, "dozens" and a count inside it, clock times a
quarter of an hour apart under "about" are refinements, not divergences; different exact
figures, a figure on the wrong side of a bound, and times that cannot meet are conflicts.
"""

from __future__ import annotations

import pytest

from analysis.divergence.detail_diff import compare_details
from analysis.divergence.values import compatible, number_range


@pytest.mark.parametrize(("a", "b"), [
    ("more than 50", "60"),
    ("About 120", "More than 100"),
    ("dozens of", "60"),
    ("At least 12", "Fifteen"),
    ("Nearly 300", "About 280"),
    ("about 8.40pm", "8.49pm"),
    ("around 9pm", "before 9pm"),
    ("about 20:45 GMT", "around 9pm"),
    ("about 20:45 GMT", "8.49pm"),
])
def test_ranges_that_overlap_can_both_be_true(a, b):
    assert compatible(a, b) and compatible(b, a)


@pytest.mark.parametrize(("a", "b"), [
    ("Twelve", "Fifteen"),
    ("a dozen", "14"),
    ("About 300", "500"),
    ("more than 300", "300"),  # 300 is not more than 300
    ("fewer than 20", "20"),
    ("before 9pm", "9.30pm"),
    ("8.40pm", "8.49pm"),  # two exact times
    ("dozens of", "200"),
])
def test_ranges_apart_are_a_conflict(a, b):
    assert not compatible(a, b) and not compatible(b, a)


def test_a_qualifier_both_share_is_read_from_the_sentence():
    assert number_range("50", "More than 50 people fled.") == number_range("more than 50")
    assert not compare_details("More than 50 people fled the block.",
                               "More than 60 people fled the block.")


@pytest.mark.parametrize(("a", "b", "conflict"), [
    ("More than 50 people were evacuated from the block.",
     "Sixty people were evacuated from the block.", False),
    ("Dozens of people were evacuated from the block.",
     "Sixty people were evacuated from the block.", False),
    ("The fire started at about 8.40pm on Friday.",
     "The fire started at 8.49pm on Friday.", False),
    ("Twelve people were injured in the blast.",
     "Fifteen people were injured in the blast.", True),
    ("More than 300 residents were told to stay indoors.",
     "300 residents were told to stay indoors.", True),
])
def test_the_finder_reports_conflicts_only(a, b, conflict):
    found = [f for f in compare_details(a, b) if f.kind in ("number", "date", "scope")]
    assert bool(found) == conflict, found
