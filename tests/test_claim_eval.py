"""Claim-label metrics of benchmarks/claim_eval.py on a tiny hand-made story."""

import json

import pytest

from analysis.results import (
    Article,
    ArticleResult,
    Comparison,
    ElementMember,
    Match,
    Sentence,
    StoryElement,
)
from benchmarks.claim_eval import ClaimLabelError, evaluate_claims, load_claims

TEXTS = {
    "A": ["Fire destroyed the warehouse on Monday.",
          "Two firefighters were hurt and the owner was arrested.",
          "Short.",
          "The mayor praised the crews at length."],
    "B": ["A fire destroyed a warehouse on Monday.",
          "Two firefighters were injured.",
          "Weather was mild this week in town."],
    "C": ["The warehouse burned down Monday night.",
          "Police arrested the owner of the building."],
}
LABELS = {
    "story": "tiny_fire", "note": "hand-made for the test",
    "claims": {"C1": "fire destroyed the warehouse", "C2": "firefighters hurt",
               "C3": "owner arrested", "C4": "mayor praised crews"},
    "sentences": [
        {"article": "A", "text": TEXTS["A"][0], "claims": ["C1"]},
        {"article": "A", "text": TEXTS["A"][1], "claims": ["C2", "C3"], "divergent": ["C2"]},
        {"article": "A", "text": TEXTS["A"][2], "claims": ["C2"]},
        {"article": "A", "text": "The  mayor praised\nthe crews at length.", "claims": ["C4"]},
        {"article": "B", "text": TEXTS["B"][0], "claims": ["C1"]},
        {"article": "B", "text": TEXTS["B"][1], "claims": ["C2"]},
        {"article": "C", "text": TEXTS["C"][0], "claims": ["C1"]},
        {"article": "C", "text": TEXTS["C"][1], "claims": ["C3"]},
        {"article": "C", "text": "A sentence the project never produced.", "claims": ["C1"]},
    ],
}
MATCHES = [("A", 0, "B", 0), ("A", 1, "B", 1), ("B", 2, "C", 1)]
ELEMENTS = [[("A", 0), ("B", 0)], [("A", 1), ("B", 1)], [("B", 2), ("C", 1)],
            [("A", 3)], [("C", 0)]]
MATCHED_SHARE = {"A": 2 / 3, "B": 1.0, "C": 0.5}


def _article(article_id: str) -> ArticleResult:
    texts = TEXTS[article_id]
    sentences, start = [], 0
    for index, text in enumerate(texts):
        sentences.append(Sentence(index=index, text=text, start=start, end=start + len(text)))
        start += len(text) + 1
    return ArticleResult(
        article=Article(id=article_id, text="\n".join(texts)), sentences=tuple(sentences),
        removed=(), cleaned_text="\n".join(texts), matched_share=MATCHED_SHARE[article_id],
        unique_share=1 - MATCHED_SHARE[article_id])


def _comparison() -> Comparison:
    elements = tuple(
        StoryElement(id=n, label="", sources=tuple(sorted({a for a, _ in members})),
                     members=tuple(ElementMember(article=a, sentence=s) for a, s in members))
        for n, members in enumerate(ELEMENTS))
    return Comparison(
        articles=tuple(_article(a) for a in TEXTS),
        matches=tuple(Match(a=a, a_sentence=i, b=b, b_sentence=j, score=0.8, kind="paraphrase")
                      for a, i, b, j in MATCHES),
        pairs=(), elements=elements, settings={"min_chars": 15})


@pytest.fixture
def scores(tmp_path):
    path = tmp_path / "claims.json"
    path.write_text(json.dumps(LABELS), encoding="utf-8")
    return evaluate_claims(_comparison(), load_claims(path))


def test_labels_match_by_exact_then_normalised_text(scores):
    assert scores.story == "tiny_fire"
    assert scores.labels == 9
    assert scores.unmatched_labels == 1  # the sentence the project never produced
    assert scores.sentences == 8  # "Short." is under min_chars
    assert scores.unlabelled == 1  # the weather sentence


def test_shared_shares_per_source(scores):
    gold = {s.article: round(s.gold, 4) for s in scores.sources}
    assert gold == {"A": 0.6667, "B": 0.6667, "C": 1.0}
    assert [s.sentences for s in scores.sources] == [3, 3, 2]
    assert scores.share_mae == pytest.approx((0 + 1 / 3 + 1 / 2) / 3)


def test_sentence_level_shared(scores):
    assert (scores.shared.hits, scores.shared.predicted, scores.shared.gold) == (5, 6, 6)
    assert scores.shared.precision == pytest.approx(5 / 6)
    assert scores.shared.f1 == pytest.approx(5 / 6)


def test_directed_coverage(scores):
    cov = scores.coverage
    assert (cov.covered, cov.carried, cov.partly, cov.covered_carried, cov.covered_partly) == (
        6, 8, 2, 3, 1)
    assert cov.precision == pytest.approx(4 / 6)
    assert cov.strict_precision == pytest.approx(0.5)
    assert cov.recall == pytest.approx(3 / 8)
    assert cov.partly_recall == pytest.approx(0.5)


def test_story_elements(scores):
    elements = scores.elements
    assert (elements.claims, elements.together, elements.bcubed_items) == (3, 1, 6)
    assert elements.source_completeness == pytest.approx((2 / 3 + 1 + 1 / 2) / 3)
    assert elements.bcubed_precision == pytest.approx(1.0)
    assert elements.bcubed_recall == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 3) / 6)


def test_what_only_one_source_reports(scores):
    by_source = {k: (c.hits, c.predicted, c.gold) for k, c in scores.only_here_by_source.items()}
    assert by_source == {"A": (1, 1, 1), "B": (0, 0, 0), "C": (0, 1, 0)}
    assert scores.only_here.precision == pytest.approx(0.5)
    assert scores.only_here.recall == pytest.approx(1.0)
    assert json.dumps(scores.as_dict())  # the script prints it as JSON


def test_unknown_claim_is_refused(tmp_path):
    path = tmp_path / "claims.json"
    bad = {**LABELS, "sentences": [{"article": "A", "text": "x", "claims": ["C9"]}]}
    path.write_text(json.dumps(bad), encoding="utf-8")
    with pytest.raises(ClaimLabelError, match="C9"):
        load_claims(path)


def test_sentence_pair_links(scores):
    """Gold: scored sentences of two sources sharing a claim (C1 three ways, C2 and C3 once;
    "Short." is under min_chars). Shown: the three matches, one of them between sentences
    with no common claim."""
    assert (scores.links.hits, scores.links.predicted, scores.links.gold) == (2, 3, 5)
    assert scores.partial_links.predicted == 0 and scores.partial_links.precision is None
    assert scores.as_dict()["links"]["f1"] == pytest.approx(2 * 2 / (3 + 5))
