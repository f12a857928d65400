"""Detectors of disagreement between matched sentences, gaps and framing."""

import pytest

from analysis.divergence import compare_details
from analysis.framing import headline_framing
from analysis.gaps import source_gaps
from analysis.models import Article
from analysis.pipeline import compare


def kinds(a: str, b: str) -> list[tuple[str, str, str]]:
    return [(f.kind, f.words_a, f.words_b) for f in compare_details(a, b)]


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("The parade was held on Thursday in the capital.",
         "The parade was held on Wednesday in the capital.", ("date", "Thursday", "Wednesday")),
        ("Five drones crossed the border on Monday.", "Six drones crossed the border on Monday.",
         ("number", "Five", "Six")),
        ("The company lost $2.5 billion last year.", "The company lost $1.8 billion last year.",
         ("number", "$2.5", "$1.8")),
        ("Talks were held in July in Geneva.", "Talks were held in June in Geneva.",
         ("date", "July", "June")),
        ("Smith met Jones in Paris on Friday.", "Smith met Brown in Paris on Friday.",
         ("name", "Jones", "Brown")),
        ("State Department deputy spokesperson Vedant Patel said the US was concerned.",
         "State Department spokesperson Vedant Patel said the US was concerned.",
         ("role", "deputy spokesperson", "spokesperson")),
        ("The spokesman John Smith said talks failed.",
         "The minister John Smith said talks failed.", ("role", "spokesman", "minister")),
        ("The missiles are believed to have the range to hit targets anywhere in the country.",
         "The missiles are capable of hitting targets anywhere in the country.",
         ("hedging", "believed to have the range to hit targets", "capable of hitting targets")),
        ("The ministry said it would attend the summit.",
         "The ministry said it would not attend the summit.",
         ("negation", "attend", "not attend")),
    ],
)
def test_each_kind_of_divergence(a, b, expected):
    assert expected in kinds(a, b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Pyongyang and Moscow have denied holding any arms transactions.",
         "North Korea and Russia have denied holding any arms transactions."),
        ("Kim hosted Shoigu at the palace.", "Kim Jong-un hosted Mr Shoigu at the palace."),
        ("Korea’s “Victory Day” parade was held.", "Korea's \"Victory Day\" parade was held."),
        ("The Russian defence minister arrived.", "The Russian Defence Minister arrived."),
        ("The officials met.", "The official met."),
        ("He said the talks may resume.", "He said the talks may resume soon."),
    ],
)
def test_same_details_in_other_words_are_not_flagged(a, b):
    assert kinds(a, b) == []


def test_a_hedge_in_a_clause_the_other_lacks_is_not_a_conflict():
    short = "The parade included the new missiles, according to state media."
    long = ("The parade included the new missiles, believed to have the range to strike "
            "targets anywhere in the United States.")
    assert [k for k in kinds(short, long) if k[0] == "hedging"] == []


def test_sample_story_divergences(sample_comparison):
    found = {(d.kind, tuple(s.words for s in d.sides)): d for d in sample_comparison.divergences}
    role = found[("role", ("deputy spokesperson", "spokesperson"))]
    assert set(role.sides[0].sources) >= {"000_adeca93de2b3738f", "002_7c91d741beb2bec9"}
    assert role.sides[1].sources == ("004_1ba25c30ac1e166f",)
    hedges = [d for d in sample_comparison.divergences if d.kind == "hedging"]
    assert any(
        any("believed" in s.words for s in d.sides) and any("capable" in s.words for s in d.sides)
        for d in hedges
    )
    assert len(sample_comparison.divergences) <= 6, "too many alarms on a consistent story"


def test_gaps_rank_blind_spots_by_coverage(sample_comparison):
    gaps = {g.source: g for g in source_gaps(sample_comparison)}
    widths = {e.id: len(e.sources) for e in sample_comparison.elements}
    for gap in gaps.values():
        assert all(widths[e] == 1 for e in gap.unique)
        omitted = [widths[e] for e in gap.omitted]
        assert omitted == sorted(omitted, reverse=True)
        assert all(w >= 2 for w in omitted)
    assert len(gaps["003_c4549c38badeb659"].omitted) > len(gaps["001_e04fe7b58e7037ad"].omitted)


def test_framing_finds_headline_and_standfirst(sample_comparison):
    framing = {f.source: f for f in headline_framing(sample_comparison)}
    independent = framing["004_1ba25c30ac1e166f"]
    assert independent.headline.startswith("Putin thanks North Korea")
    assert independent.standfirst.startswith("North Korea joined by allies")
    assert framing["000_adeca93de2b3738f"].headline == ""
    assert all(f.lead_elements for f in framing.values())


def test_divergences_on_two_tiny_articles():
    result = compare([
        Article(id="a", text="Officials said five people were injured in the blast on Monday."),
        Article(id="b", text="Officials said six people were injured in the blast on Monday."),
    ])
    assert [(d.kind, [s.words for s in d.sides]) for d in result.divergences] == [
        ("number", ["five", "six"])
    ]
