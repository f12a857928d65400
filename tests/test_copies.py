"""Copies of one text share their links: the overlap shares and Side by side count every copy."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import permutations

import numpy as np
import pytest

from analysis.pipeline import comparison as pipeline
from analysis.pipeline.comparison import compare
from analysis.pipeline.settings import Settings
from analysis.results import Article, Comparison
from analysis.story import copies as copies_module
from analysis.story.copies import (
    CopyLinks,
    class_totals,
    families,
    source_totals,
    strongest_by_class,
    strongest_into_sources,
)
from analysis.text.same_words import text_classes
from components.views.alignment_view import pair_matches

# Invented for this test (not from the sample): one wire sentence that 12 outlets copy word
# for word, one outlet's rewrite of it, and a second sentence that each outlet words its own way.
WIRE = "The regional council approved a new flood barrier for the river port on Tuesday."
REWRITE = "On Tuesday the regional council gave its approval to a new river port flood barrier."
OWN = [
    "Residents of the {n} district queued for sandbags outside the town hall.",
    "Engineers inspected the {n} embankment after two nights of heavy rain.",
    "A school in the {n} quarter was closed while pumps cleared its basement.",
]
QUARTERS = ["north", "south", "east", "west", "old", "harbour", "market", "mill", "abbey",
            "castle", "station", "bridge"]


def wire_story(edits: Sequence[str] = ("",) * 12) -> list[Article]:
    """12 outlets' copies of the wire sentence, each with ``edits[k]`` added before its
    full stop (none by default: word-for-word copies), and one rewrite."""
    articles = [
        Article(id=f"copy{k:02d}", source=f"Outlet {k}",
                text=f"{WIRE[:-1]}{edits[k]}. {OWN[k % 3].format(n=QUARTERS[k])}")
        for k in range(12)
    ]
    articles.append(Article(id="rewrite", source="Rewrite desk", text=REWRITE))
    return articles


def as_a_very_large_story(articles: list[Article], families_on: bool = True) -> Comparison:
    """The story as a very large story runs: the candidate search cut to one neighbour per
    sentence, and no element small enough for its pairs to be scored one by one
    (``_IMPLIED_LIMIT``, 300 members, is 2 here), so the matches list only a few of the
    copy-to-copy links."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pipeline, "_IMPLIED_LIMIT", 2)
        if not families_on:  # no two texts are that equivalent: every family is one text
            patch.setattr(copies_module, "FAMILY_CARRY", 1.01)
        return compare(articles, Settings(semantic=False, top_k=1, per_source=0))


@pytest.fixture(scope="module")
def narrow() -> Comparison:
    return as_a_very_large_story(wire_story())


def pair_matches_oriented(comparison: Comparison, a: str, b: str):
    return CopyLinks.of(comparison).between(comparison, a, b)


def test_text_classes_join_copies_whatever_their_case_and_punctuation():
    assert text_classes(["Rain fell.", "RAIN FELL", "Snow fell.", "", "!"]).tolist() == [
        0, 0, 1, 2, 3]


def test_strongest_link_into_each_source_goes_through_every_copy():
    # sentences 0-2 are copies in sources 0-2; 3 (source 3) is linked to the copy in
    # source 0 only; 4 (source 2) is weakly linked to 3
    classes, groups = np.array([0, 0, 0, 1, 2]), np.array([0, 1, 2, 3, 2])
    links = (np.array([0, 4]), np.array([3, 3]), np.array([0.7, 0.4]))
    strongest = strongest_into_sources(classes, groups, links, 4).toarray()
    assert strongest.tolist() == [
        [1.0, 1.0, 1.0, 0.7],  # every copy reaches source 3 through the copy in source 0
        [1.0, 1.0, 1.0, 0.7],
        [1.0, 1.0, 1.0, 0.7],
        [0.7, 0.7, 0.7, 1.0],  # the strongest of 0.7 and 0.4 into source 2
        [0.0, 0.0, 1.0, 0.4],
    ]
    counts = source_totals(strongest_into_sources(classes, groups, links, 4), groups, 4, 0.5)
    assert counts[3].tolist() == [1, 1, 1, 1]  # source 3's one sentence, in every source
    assert counts[2, 3] == 1  # of source 2's two sentences, only the copy reaches source 3


def test_every_pair_of_outlets_shares_the_wire_sentence(narrow):
    shares = {(p.a, p.b): (p.a_in_b, p.b_in_a) for p in narrow.pairs}
    copies = [f"copy{k:02d}" for k in range(12)]
    # the search proposed few copy pairs, yet each outlet's wire sentence is found in all
    proposed = {(m.a, m.b) for m in narrow.matches}
    assert len(proposed) < 30  # the narrow search listed 20 of the 78 pairs of sources
    for a, b in zip(copies, copies[1:], strict=False):
        assert shares[(a, b)] == (0.5, 0.5)  # the wire sentence of two: one in two
    for a in copies:  # the rewrite, matched with one copy, carries every outlet's copy
        assert shares[(a, "rewrite")] == (0.5, 1.0)


def test_side_by_side_lists_what_the_shares_count(narrow):
    """For every ordered pair of sources, the sentences Side by side links are exactly as
    many as the overlap share says B carries."""
    matchable = {a.id: len(a.sentences) for a in narrow.articles}
    shares = {}
    for p in narrow.pairs:
        shares[(p.a, p.b)], shares[(p.b, p.a)] = p.a_in_b, p.b_in_a
    for a, b in permutations([a.id for a in narrow.articles], 2):
        linked = {m.a for m in pair_matches(narrow, a, b)}
        assert round(len(linked) / matchable[a], 4) == shares[(a, b)], (a, b)


def test_the_sample_story_is_unchanged_by_counting_through_copies(sample_comparison):
    """The five sample articles share no sentence word for word beyond what the search
    pairs already, so Side by side lists exactly the listed matches there."""
    for a, b in permutations([a.id for a in sample_comparison.articles], 2):
        listed = {(m.a_sentence, m.b_sentence) if m.a == a else (m.b_sentence, m.a_sentence)
                  for m in sample_comparison.matches if {m.a, m.b} == {a, b}}
        through = {(m.a_sentence, m.b_sentence)
                   for m in pair_matches_oriented(sample_comparison, a, b)}
        assert through == listed, (a, b)


def test_families_join_texts_that_carry_each_other_both_ways():
    # pairs over sentences 0-3 (each its own class): 0~1 both ways, 1~2 both ways (so 0~2),
    # 2 carried by 3 but not the other way round (containment: not the same content)
    classes = np.arange(4)
    left, right = np.array([0, 1, 2]), np.array([1, 2, 3])
    forward, backward = np.array([0.99, 0.97, 0.99]), np.array([0.98, 0.96, 0.30])
    assert families(classes, (left, right, forward, backward)).tolist() == [0, 0, 0, 1]
    assert families(classes, (left, right, forward, backward), floor=0.975).tolist() == [
        0, 0, 1, 2]


def test_a_family_shares_its_strong_links_and_not_its_weak_ones():
    # sentence 0 (source 0) and its light edit 1 (source 1) carry each other; 0 alone was
    # compared with sources 2 and 3: strongly with 2 (0.9), weakly with 3 (0.3)
    classes, groups = np.arange(4), np.arange(4)
    family = np.array([0, 0, 1, 2])
    links = (np.array([0, 0, 0]), np.array([1, 2, 3]), np.array([0.99, 0.9, 0.3]))
    alone = strongest_into_sources(classes, groups, links, 4).toarray()
    assert alone[1].tolist() == [0.99, 1.0, 0.0, 0.0]  # the edit never met sources 2, 3
    shared = strongest_into_sources(classes, groups, links, 4, family).toarray()
    assert shared[1].tolist() == [0.99, 1.0, 0.9, 0.0]  # 0's strong link counts for 1
    assert shared[2].tolist() == [0.9, 0.9, 1.0, 0.0]  # and 1 carries 2 through 0
    assert shared[0].tolist() == alone[0].tolist()  # the direct links stay as they were


def edited_wire_story() -> list[Article]:
    """The wire story with every outlet's copy lightly edited its own way (a word dropped
    or changed), as republished copy is: no two copies share a text class."""
    return wire_story(["", " yesterday", " in a vote", " after a debate", " unanimously",
                       " by vote", " at last", " after months", " in full", " on appeal",
                       " again", " finally"])


def _narrow_edited(families_on: bool) -> Comparison:
    return as_a_very_large_story(edited_wire_story(), families_on)


def test_edited_copies_share_their_links_through_families():
    def sharing(comparison: Comparison) -> int:  # pairs of outlets found to share anything
        return sum(1 for p in comparison.pairs if p.a_in_b > 0)

    with_families, without = _narrow_edited(True), _narrow_edited(False)
    assert sharing(with_families) >= 2 * sharing(without)
    assert sharing(with_families) >= 0.75 * len(with_families.pairs)


def test_side_by_side_lists_what_the_shares_count_through_families():
    """With edited copies and a search cut to one neighbour, every ordered pair of
    sources has Side by side list exactly as many sentences as its share counts."""
    comparison = _narrow_edited(True)
    matchable = {a.id: len(a.sentences) for a in comparison.articles}
    shares = {}
    for p in comparison.pairs:
        shares[(p.a, p.b)], shares[(p.b, p.a)] = p.a_in_b, p.b_in_a
    for a, b in permutations([a.id for a in comparison.articles], 2):
        linked = {m.a for m in pair_matches(comparison, a, b)}
        assert round(len(linked) / matchable[a], 4) == shares[(a, b)], (a, b)


def _random_links(seed: int, sentences: int, sources: int, n_classes: int, n_links: int
                  ) -> tuple[np.ndarray, np.ndarray, tuple, np.ndarray]:
    """(groups, classes, links, family) of an arbitrary story, for checks of one
    computation against another."""
    rng = np.random.default_rng(seed)
    groups = rng.integers(0, sources, size=sentences)
    classes = rng.integers(0, n_classes, size=sentences)
    left, right = rng.integers(0, sentences, size=n_links), rng.integers(0, sentences,
                                                                         size=n_links)
    family = rng.integers(0, max(n_classes // 2, 1), size=n_classes)
    return groups, classes, (left, right, rng.random(n_links)), family


def test_sources_reached_in_row_ranges_make_the_same_matrix(monkeypatch):
    """strongest_into_sources expands links in ranges of ids (memory): any range size
    gives the same sparse matrix, entry for entry."""
    groups, classes, links, family = _random_links(3, 80, 6, 30, 200)
    whole = strongest_into_sources(classes, groups, links, 6, family)
    monkeypatch.setattr(copies_module, "_EXPANDED_CHUNK", 7)
    ranged = strongest_into_sources(classes, groups, links, 6, family)
    assert whole.nnz > 50
    for name in ("data", "indices", "indptr"):
        assert np.array_equal(getattr(ranged, name), getattr(whole, name))


def test_class_totals_count_each_copy_as_the_sentence_matrix_does():
    """class_totals works per text class; source_totals over the sentence matrix is its
    definition: the same counts at a threshold, the same expected numbers without."""
    groups, classes, links, family = _random_links(5, 60, 5, 20, 150)
    by_class = strongest_by_class(classes, groups, links, 5, family)
    sentences = strongest_into_sources(classes, groups, links, 5, family)
    for threshold in (0.5, 0.9):
        assert np.array_equal(class_totals(by_class, classes, groups, 5, threshold),
                              source_totals(sentences, groups, 5, threshold))
    assert np.allclose(class_totals(by_class, classes, groups, 5),
                       source_totals(sentences, groups, 5), rtol=0, atol=1e-9)


def test_family_mates_in_one_element_are_linked_without_being_listed(monkeypatch):
    """Edited copies of the wire sentence form families inside one element: the pairs the
    search did not propose are not scored one by one when a family links them (issue 10:
    at 200 articles such pairs were 93% of those an element implies), yet Side by side and
    the sentence list link every two members of an element, as the shares count them."""
    from components.exports.export import sentences_frame

    listed = []
    for families_on in (True, False):
        with monkeypatch.context() as patch:
            if not families_on:
                patch.setattr(copies_module, "FAMILY_CARRY", 1.01)
            comparison = compare(edited_wire_story(),
                                 Settings(semantic=False, top_k=1, per_source=0))
        listed.append(len(comparison.matches))
        if not families_on:
            continue
        rows = sentences_frame(comparison)
        labels = {a.id: a.article.source for a in comparison.articles}
        checked = 0
        for element in comparison.elements:
            for x, y in permutations(element.members, 2):
                if x.article == y.article:
                    continue
                assert any(m.a_sentence == x.sentence and m.b_sentence == y.sentence
                           for m in pair_matches_oriented(comparison, x.article, y.article))
                row = rows[(rows.article == x.article) & (rows.sentence == x.sentence + 1)]
                assert labels[y.article] in row.iloc[0].also_in.split("; ")
                checked += 1
        assert checked >= 12 * 11  # the wire element holds at least 12 outlets
    assert listed[0] < listed[1]


def test_outlet_counts_of_corpus_mode_agree_with_side_by_side():
    """Corpus mode's per-outlet counts read the same links as Side by side: through copies
    and families, not only the listed matches."""
    from analysis.corpus.outlets import summarise

    comparison = compare(edited_wire_story(), Settings(semantic=False, top_k=1, per_source=0))
    summary = summarise(0, comparison)
    outlet = {a.id: a.article.source for a in comparison.articles}
    for a, b in permutations([a.id for a in comparison.articles], 2):
        carried = {m.a_sentence for m in pair_matches_oriented(comparison, a, b)}
        assert summary.carried.get((outlet[a], outlet[b]), 0) == len(carried), (a, b)
    copies = [c for c in summary.articles if c.article.startswith("copy")]
    assert all(c.copied >= 1 for c in copies)  # each outlet's edited wire copy
