"""The whole engine on the sample story and on generated text."""

import random
from itertools import combinations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.pipeline.comparison import AnalysisError, compare
from analysis.pipeline.settings import Settings
from analysis.results import Article
from tests.conftest import sentence_text

STRONGEST = "strongest"


def _sentences_with(comparison, word):
    return [
        (a.id, s.index) for a in comparison.articles for s in a.sentences
        if word in s.text.lower()
    ]


def _matched_pairs(comparison):
    return {
        frozenset({(m.a, m.a_sentence), (m.b, m.b_sentence)}) for m in comparison.matches
    }


def test_shoigu_praise_is_matched_across_the_sources_that_carry_it(sample_comparison):
    carriers = _sentences_with(sample_comparison, STRONGEST)
    assert {article for article, _ in carriers} == {
        "000_adeca93de2b3738f", "001_e04fe7b58e7037ad", "002_7c91d741beb2bec9",
        "004_1ba25c30ac1e166f",
    }
    matched = _matched_pairs(sample_comparison)
    for first, second in combinations(carriers, 2):
        assert frozenset({first, second}) in matched, (first, second)
    element = next(e for e in sample_comparison.elements if set(carriers) <= {
        (m.article, m.sentence) for m in e.members})
    assert {a for a, _ in carriers} <= set(element.sources)


def test_furniture_never_becomes_a_sentence(sample_comparison):
    sentences = [s.text for a in sample_comparison.articles for s in a.sentences]
    assert not any("LEAVE A REPLY" in s or "Telegram" in s for s in sentences)
    removed = {a.id: [r.text for r in a.removed] for a in sample_comparison.articles}
    assert "LEAVE A REPLY" in removed["001_e04fe7b58e7037ad"]
    assert any("Telegram" in line for line in removed["000_adeca93de2b3738f"])


def test_known_paraphrases_and_copies_are_matched(sample_comparison):
    matched = {
        (m.a, m.a_sentence, m.b, m.b_sentence): m for m in sample_comparison.matches
    }
    drones = [
        m for key, m in matched.items()
        if "flyover" in sentence_text(sample_comparison, key[0], key[1])
        and "flyover" in sentence_text(sample_comparison, key[2], key[3])
    ]
    assert {m.kind for m in drones} & {"verbatim", "near-verbatim"}
    patel = [m for m in sample_comparison.matches
             if "Vedant Patel" in sentence_text(sample_comparison, m.a, m.a_sentence)
             and "Vedant Patel" in sentence_text(sample_comparison, m.b, m.b_sentence)]
    assert len(patel) == 3  # 000, 002 and 004 all quote him


def test_unrelated_sentences_are_not_matched(sample_comparison):
    for m in sample_comparison.matches:
        a = sentence_text(sample_comparison, m.a, m.a_sentence).lower()
        b = sentence_text(sample_comparison, m.b, m.b_sentence).lower()
        assert not ("luncheon" in a and "strongest" in b and "reception" not in b)


def test_shares_and_pairs_are_consistent(sample_comparison):
    ids = [a.id for a in sample_comparison.articles]
    assert ids == sorted(ids)
    assert len(sample_comparison.pairs) == len(ids) * (len(ids) - 1) // 2
    for pair in sample_comparison.pairs:
        for value in (pair.a_in_b, pair.b_in_a, pair.similarity):
            assert 0.0 <= value <= 1.0
    asymmetric = [p for p in sample_comparison.pairs if p.a_in_b != p.b_in_a]
    assert asymmetric, "overlap should differ by direction for sources of different length"
    for result in sample_comparison.articles:
        assert result.matched_share + result.unique_share == pytest.approx(1.0)


def test_each_unordered_pair_once_and_never_within_an_article(sample_comparison):
    seen = set()
    for m in sample_comparison.matches:
        assert m.a < m.b
        key = (m.a, m.a_sentence, m.b, m.b_sentence)
        assert key not in seen
        seen.add(key)
        assert m.kind in {"verbatim", "near-verbatim", "paraphrase", "partial"}
        assert 0.0 <= m.score <= 1.0
        assert 0.0 <= m.b_carries_a <= 1.0 and 0.0 <= m.a_carries_b <= 1.0
        if m.kind != "partial":  # one of the two carries all the other says
            assert max(m.b_carries_a, m.a_carries_b) >= sample_comparison.settings["threshold"]


def test_elements_cover_every_matchable_sentence_once(sample_comparison):
    members = [(m.article, m.sentence) for e in sample_comparison.elements for m in e.members]
    assert len(members) == len(set(members))
    min_chars = sample_comparison.settings["min_chars"]
    matchable = {(a.id, s.index) for a in sample_comparison.articles for s in a.sentences
                 if len(s.text) >= min_chars}
    assert set(members) == matchable
    widths = [len(e.sources) for e in sample_comparison.elements]
    assert widths == sorted(widths, reverse=True)
    biggest = max(len(e.members) for e in sample_comparison.elements)
    # five sources, each with a headline and a body sentence on the same claim at most
    assert biggest <= 12, "one element swallowed too much of the story"


def test_order_of_input_does_not_change_the_result(sample_articles, sample_comparison):
    shuffled = list(sample_articles)
    random.Random(7).shuffle(shuffled)
    assert compare(shuffled) == sample_comparison


def test_restoring_a_removed_line_brings_it_back(sample_articles):
    article = next(a for a in sample_articles if a.id == "004_1ba25c30ac1e166f")
    line = "Join our commenting forum"
    result = compare(sample_articles, restore={article.id: [line]})
    restored = next(a for a in result.articles if a.id == article.id)
    assert line in restored.cleaned_text
    assert line not in [r.text for r in restored.removed]


def test_single_article_and_empty_article():
    lone = compare([Article(id="a", text="One sentence here. Another one there.")])
    assert lone.matches == () and lone.pairs == ()
    assert lone.articles[0].unique_share == 1.0
    empty = compare([Article(id="a", text=""), Article(id="b", text="Some real text here.")])
    assert empty.articles[0].sentences == ()


def test_bad_input_raises_a_clear_error():
    with pytest.raises(AnalysisError, match="no readable article"):
        compare([])
    with pytest.raises(AnalysisError, match="share the id"):
        compare([Article(id="x", text="a"), Article(id="x", text="b")])


def test_threshold_setting_changes_matches(sample_articles, sample_comparison):
    strict = compare(sample_articles, Settings(threshold=0.99))
    assert len(strict.matches) < len(sample_comparison.matches)
    assert all(m.score >= 0.99 for m in strict.matches)


_WORDS = st.sampled_from(
    "Kim Shoigu parade missiles Korea’s Moscow “firm” support 70th 1991 drones said the a "
    "of in — U.S. Mr. Pyongyang arms deal Xi é 北京 !? ,".split()
)
_SENTENCE = st.lists(_WORDS, min_size=1, max_size=25).map(lambda w: " ".join(w) + ".")
_ARTICLE = st.lists(_SENTENCE, min_size=0, max_size=8).map(" ".join)
_FAST = settings(max_examples=40, deadline=None,
                 suppress_health_check=[HealthCheck.too_slow])


@_FAST
@given(st.text(max_size=300), st.text(max_size=300))
def test_any_unicode_never_raises_and_scores_stay_in_range(first, second):
    result = compare([Article(id="a", text=first), Article(id="b", text=second)])
    for m in result.matches:
        assert 0.0 <= m.score <= 1.0
    for p in result.pairs:
        assert 0.0 <= p.a_in_b <= 1.0 and 0.0 <= p.b_in_a <= 1.0


@_FAST
@given(_ARTICLE)
def test_an_article_compared_with_itself_matches_every_sentence_verbatim(text):
    result = compare([Article(id="a", text=text), Article(id="b", text=text)])
    min_chars = result.settings["min_chars"]
    verbatim = {(m.a, m.a_sentence) for m in result.matches if m.kind == "verbatim"}
    for sentence in result.articles[0].sentences:
        if len(sentence.text) >= min_chars:
            assert ("a", sentence.index) in verbatim, sentence.text


@_FAST
@given(st.lists(_ARTICLE, min_size=2, max_size=4), st.randoms())
def test_input_order_never_changes_the_result(texts, rnd):
    articles = [Article(id=f"s{k}", text=t) for k, t in enumerate(texts)]
    shuffled = list(articles)
    rnd.shuffle(shuffled)
    assert compare(shuffled) == compare(articles)


def test_manual_blend_scores_are_the_stated_mix(sample_articles):
    pure_fuzzy = compare(sample_articles, Settings(blend=1.0, threshold=0.9))
    assert pure_fuzzy.matches
    assert all(0.9 <= m.score <= 1.0 for m in pure_fuzzy.matches)
    assert pure_fuzzy.settings["blend"] == 1.0
    with pytest.raises(ValueError, match="blend"):
        Settings(blend=1.5)


def test_sources_come_in_natural_order_and_elements_list_them_so():
    text = "The council approved the new bridge over the river on Monday evening."
    articles = [Article(id=f"story {n}", text=text + f" Reporter number {n} wrote this.")
                for n in (10, 2, 1)]
    comparison = compare(articles, Settings(semantic=False))
    assert [a.article.id for a in comparison.articles] == ["story 1", "story 2", "story 10"]
    shared = [e for e in comparison.elements if len(e.sources) == 3]
    assert shared and shared[0].sources == ("story 1", "story 2", "story 10")


def test_a_copied_sentence_of_stop_words_only_is_still_a_verbatim_match():
    # found by hypothesis: "the the the the." states no fact, but a copy is a copy
    text = "It is what it is, after all. The bridge opened in the city today."
    result = compare([Article(id="a", text=text), Article(id="b", text=text)],
                     Settings(semantic=False))
    assert {(m.a_sentence, m.b_sentence, m.kind) for m in result.matches} == {
        (0, 0, "verbatim"), (1, 1, "verbatim")}


def test_the_score_cache_gives_back_each_pair_as_stored():
    import numpy as np

    from analysis.matching.score_cache import ScoreCache

    cache = ScoreCache(width=5)
    cache.put((0, 4), "paraphrase", 0.25, 0.75, 0.5)
    cache.put((1, 0), "verbatim", 1.0, 1.0, 1.0)  # a * width + b: (1, 0) is not (0, 5)
    assert (0, 4) in cache and (1, 0) in cache and (4, 0) not in cache and len(cache) == 2
    kinds, first, second, same = cache.get_many(np.asarray([0, 1]), np.asarray([4, 0]))
    assert [cache.KINDS[k] for k in kinds.tolist()] == ["paraphrase", "verbatim"]
    assert first.tolist() == [0.25, 1.0] and second.tolist() == [0.75, 1.0]
    assert same.tolist() == [0.5, 1.0]
