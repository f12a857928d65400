"""Directional coverage on small invented cases: the questions a reader asks of two sources."""

from __future__ import annotations

import pytest

from analysis.cli.pairs import score_pairs
from analysis.matching.embedding import default_encoder
from analysis.pipeline.comparison import compare
from analysis.pipeline.settings import Settings
from analysis.results import Article, Comparison

LEAD = ("Lindsay Lohan checks into rehab at Betty Ford Center, rehires longtime lawyer "
        "Shawn Holley")
HEADLINE = "Lindsay Lohan checks into rehab at Betty Ford Center"


def test_a_sentence_contained_in_a_longer_one_is_carried_by_it() -> None:
    (verdict,) = score_pairs([(HEADLINE, LEAD)])
    assert verdict.kind != "none"
    assert verdict.second_carries_first >= 0.7  # the lead says all the headline says
    assert verdict.first_carries_second < verdict.second_carries_first  # not the lawyer


def test_the_same_fact_in_other_words_is_carried() -> None:
    verdicts = score_pairs([
        ("Police arrested two men after the robbery on Main Street.",
         "Two men were taken into custody following the Main Street robbery."),
        ("The company recalled 40,000 air fryers because they can overheat and start fires.",
         "About 40,000 air fryers are being pulled from shelves over a risk that they "
         "overheat and catch fire."),
    ])
    for verdict in verdicts:
        assert verdict.kind in {"paraphrase", "near-verbatim"}
        assert min(verdict.second_carries_first, verdict.first_carries_second) >= 0.5


def test_a_look_alike_event_is_not_carried() -> None:
    (verdict,) = score_pairs([
        ("Tara Reid checked herself into Promises Treatment Center, her rep said.",
         "Lindsay Lohan checked into the Betty Ford Center, her lawyer said."),
    ])
    assert verdict.second_carries_first < 0.5 and verdict.first_carries_second < 0.5


def _story() -> list[Article]:
    return [
        Article(id="a", text=(
            "Fire destroys warehouse in Carrow Falls\n"
            "A fire destroyed a furniture warehouse in Carrow Falls on Monday night, and two "
            "firefighters were treated for smoke inhalation.\n"
            "The mayor thanked volunteers who handed out water to the crews.")),
        Article(id="b", text=(
            "Warehouse blaze in Carrow Falls\n"
            "A furniture warehouse in Carrow Falls burned down late on Monday.\n"
            "Investigators have not yet said what started the blaze.")),
    ]


@pytest.fixture(scope="module")
def story() -> Comparison:
    return compare(_story())


def test_one_of_two_facts_gives_a_partial_or_directional_match(story: Comparison) -> None:
    texts = story.sentence_texts()
    merged = next(m for m in story.matches
                  if "smoke inhalation" in texts[(m.a, m.a_sentence)]
                  and "burned down" in texts[(m.b, m.b_sentence)])
    assert merged.b_carries_a < merged.a_carries_b  # b lacks the firefighters


def test_every_view_tells_one_story(story: Comparison) -> None:
    """Two sentences in one element are linked; a linked sentence is never 'only here'."""
    linked = {(m.a, m.a_sentence) for m in story.matches} | {
        (m.b, m.b_sentence) for m in story.matches}
    pairs = {((m.a, m.a_sentence), (m.b, m.b_sentence)) for m in story.matches}
    for element in story.elements:
        members = [(x.article, x.sentence) for x in element.members]
        if len(element.sources) == 1:
            assert not linked & set(members)
        for left in members:
            for right in members:
                if left[0] < right[0]:
                    assert (left, right) in pairs


def test_the_threshold_moves_elements_with_the_matches() -> None:
    loose, strict = (compare(_story(), Settings(threshold=t)) for t in (0.2, 0.95))
    shared = [sum(len(e.members) for e in c.elements if len(e.sources) > 1)
              for c in (loose, strict)]
    assert len(loose.matches) > len(strict.matches)
    assert shared[0] > shared[1]
    assert loose.settings["element_link"] == 0.2


def test_settings_say_which_evidence_was_used() -> None:
    semantic = compare(_story())
    lexical = compare(_story(), Settings(semantic=False))
    assert semantic.settings["matching"] == "semantic (all-MiniLM-L6-v2, int8) + lexical"
    assert lexical.settings["matching"] == "lexical only"
    assert semantic.settings["semantic"] is True and lexical.settings["semantic"] is False


def test_moving_the_threshold_never_embeds_again(story: Comparison) -> None:
    encoder = default_encoder()
    assert encoder is not None
    before = encoder.sentences_computed
    compare(_story(), Settings(threshold=0.8))
    assert encoder.sentences_computed == before
