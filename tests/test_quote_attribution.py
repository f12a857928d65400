"""Quotations need speech; the same quotation credited to two speakers is seen (issue 32).

tests/fixtures/misattributed_quote holds six invented articles (written for these tests;
no real outlet or event) about an art theft: five credit one quotation to Detective
Sergeant Maya Holt, art_weekly.txt to "museum director Paul Grieve"; every article names
a painting in quote marks ("Harbour at Dusk") next to a speech verb.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.ingest.loading import load_paths
from analysis.pipeline.comparison import compare
from analysis.pipeline.settings import Settings
from analysis.quotes.tracking import is_quoted_name
from analysis.results import Article
from components.views.quotes_view import filter_groups

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "misattributed_quote"
QUOTE = "We believe the thieves knew the building very well"


@pytest.fixture(scope="module")
def comparison():
    return compare(list(load_paths([FIXTURE]).articles))


@pytest.mark.parametrize(("quoted", "sentence"), [
    ("Harbour at Dusk", 'Among them was "Harbour at Dusk", a 1902 oil painting, the director '
                        "said."),
    ("The Long Goodbye", 'The studio said "The Long Goodbye" would open in cinemas in May.'),
    ("Clean Water Act", 'The council admitted it had broken the "Clean Water Act" twice.'),
    ("Operation Northern Shield", 'Troops began "Operation Northern Shield" on Monday, the '
                                  "army said."),
    ("A Brief History of Rain", 'Her book "A Brief History of Rain" sold 40,000 copies, her '
                                "publisher said."),
    ("Bohemian Rhapsody", 'The band played "Bohemian Rhapsody" twice, fans said.'),
])
def test_a_quoted_title_is_no_quotation(quoted, sentence):
    assert is_quoted_name(quoted, sentence)


@pytest.mark.parametrize(("quoted", "sentence"), [
    ("We will rebuild the pier", '"We will rebuild the pier," the mayor said.'),
    ("We Will Rebuild", 'Mayor: "We Will Rebuild"'),  # a headline in title case: speech
    ("Historic", '"Historic", Patel said.'),  # one word: a short quotation
    ("special military operation", 'Russia calls it a "special military operation".'),
    ("I Am Sorry. We Failed", 'He said "I Am Sorry. We Failed" at the hearing.'),
])
def test_speech_in_quote_marks_is_not_taken_for_a_title(quoted, sentence):
    assert not is_quoted_name(quoted, sentence)


def test_the_painting_gets_no_speaker(comparison):
    titles = [g for g in comparison.quotes if g.text == "Harbour at Dusk"]
    assert titles and all(v.speaker is None for g in titles for v in g.variants)
    assert all(g.short for g in titles)  # a quoted term: hidden unless asked for
    shown = filter_groups(comparison, "All quotations", include_short=False)
    assert "Harbour at Dusk" not in {g.text for g in shown}


def test_a_quotation_credited_to_two_speakers_names_both(comparison):
    group = next(g for g in comparison.quotes if g.text == QUOTE)
    assert group.attribution_differs
    assert set(group.speakers) == {"Maya Holt", "Paul Grieve"}
    assert {v.article: v.speaker for v in group.variants}["art_weekly"] == "Paul Grieve"
    listed = filter_groups(comparison, "Attribution differs", include_short=False)
    assert [g.text for g in listed] == [QUOTE]
    card = next(d for d in comparison.divergences if d.kind == "attribution")
    assert {side.words for side in card.sides} == {"Maya Holt", "Paul Grieve"}
    assert dict((side.words, side.sources) for side in card.sides)["Paul Grieve"] == (
        "art_weekly",)


@pytest.mark.parametrize(("after", "name"), [
    (" museum director Paul Grieve said.", "Paul Grieve"),
    (" said museum director Paul Grieve.", "Paul Grieve"),
    (" said nurse Brian O'Neill, who has worked there for 22 years.", "Brian O'Neill"),
    (" police spokesman John Reyes said on Monday.", "John Reyes"),
    (" Detective Sergeant Maya Holt said.", "Maya Holt"),
])
def test_a_role_before_the_name_still_names_the_speaker(after, name):
    article = Article(id="one", text=f'"We will reopen the galleries on Friday,"{after}')
    quotes = compare([article], Settings(semantic=False)).quotes
    assert [v.speaker for g in quotes for v in g.variants] == [name]
