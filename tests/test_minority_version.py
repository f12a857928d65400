"""One outlet contradicts a number the others agree on (issue 31).

tests/fixtures/minority_number holds five invented articles (written for these tests; no
real outlet or event): four give "all 63 people" for a ferry rescue, morning_post.txt gives
"all 36 people" in an otherwise word-for-word copy of the wire's lead. The story element is
labelled with the majority's wording, and the contradicting pair is never called verbatim
("verbatim" means the same words); identical sentences still are.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.ingest.loading import load_paths
from analysis.pipeline.comparison import _majority_labels, compare
from analysis.pipeline.settings import Settings
from analysis.results import (
    Article,
    Divergence,
    DivergenceSide,
    ElementMember,
    Sentence,
    StoryElement,
)

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "minority_number"
MINORITY = ("morning_post", 1)


@pytest.fixture(scope="module", params=[False, True], ids=["lexical", "semantic"])
def comparison(request):
    return compare(list(load_paths([FIXTURE]).articles), Settings(semantic=request.param))


def test_the_element_is_labelled_with_the_majority_wording(comparison):
    holding = [e for e in comparison.elements
               if ElementMember(*MINORITY) in e.members]
    assert len(holding) == 1
    assert "all 63 people" in holding[0].label
    number = [d for d in comparison.divergences if d.kind == "number"]
    assert [sorted(len(side.sources) for side in d.sides) for d in number] == [[1, 4]]


def test_the_contradicting_pair_is_never_verbatim_and_copies_still_are(comparison):
    texts = comparison.sentence_texts()
    touching = [m for m in comparison.matches
                if MINORITY in ((m.a, m.a_sentence), (m.b, m.b_sentence))]
    assert touching and all(m.kind != "verbatim" for m in touching)
    assert any(m.kind == "near-verbatim" for m in touching)
    same_words = [m for m in comparison.matches
                  if texts[(m.a, m.a_sentence)] == texts[(m.b, m.b_sentence)]]
    assert same_words and all(m.kind == "verbatim" for m in same_words)


def test_a_minority_member_is_no_label_even_when_it_is_the_most_central():
    """The most central member (strongest links) gives a value only one source gives: the
    label goes to the most central member of the majority."""
    articles = [Article(id=name, text="") for name in ("a", "b", "c")]
    corpus = [(0, Sentence(0, "Rescuers saved all 36 people.", 0, 29)),
              (1, Sentence(0, "Rescuers saved all 63 people.", 0, 29)),
              (2, Sentence(0, "All 63 people were saved by rescuers.", 0, 37))]
    edges = [(0, 1, 0.99), (0, 2, 0.9), (1, 2, 0.6)]  # the minority (0) is the hub
    element = StoryElement(id=0, label=corpus[0][1].text, sources=("a", "b", "c"),
                           members=tuple(ElementMember(x, 0) for x in "abc"))
    sides = (DivergenceSide("63", "63", ("b", "c"),
                            (ElementMember("b", 0), ElementMember("c", 0))),
             DivergenceSide("36", "36", ("a",), (ElementMember("a", 0),)))
    divergence = Divergence(id=0, kind="number", element=0, sides=sides, summary="")
    relabelled = _majority_labels((element,), (divergence,), corpus, articles, edges)
    assert relabelled[0].label == "Rescuers saved all 63 people."
    tie = Divergence(id=0, kind="number", element=0, summary="",
                     sides=(sides[0], DivergenceSide("36", "36", ("a", "d"), sides[1].members)))
    assert _majority_labels((element,), (tie,), corpus, articles, edges)[0] == element


def test_the_story_elements_page_lists_the_minority_version(comparison):
    from components.views.elements_view import element_versions, minority_sources

    element = next(e for e in comparison.elements if ElementMember(*MINORITY) in e.members)
    versions = element_versions(comparison, element)
    assert [(kind, [(words, minority) for words, _, minority in sides])
            for kind, sides in versions] == [("number", [("63", False), ("36", True)])]
    assert minority_sources(comparison, element) == {"morning_post"}
    assert all(not minority_sources(comparison, e) for e in comparison.elements
               if e.id != element.id)
