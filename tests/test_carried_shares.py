""""Fully carried" and "partly carried" as two numbers, the same on every output (issue 31).

tests/fixtures/carried_shares holds three invented articles (written for these tests; no
real outlet or event): town_weekly.txt is harbour_herald.txt word for word under another
headline; coast_radio.txt rewrites two of its sentences, joining the council's vote and a
fishermen's protest no other outlet reports in one sentence, and adds a line of its own.
A sentence is fully carried when another source states every claim it states (in one
sentence or several), partly carried when it shares some of them only.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analysis.ingest.loading import load_paths
from analysis.output.report import to_json, to_text
from analysis.pipeline.comparison import compare
from analysis.pipeline.settings import Settings
from analysis.story.carried import FULLY_CARRIED_CUT
from components.views.alignment_view import coverage_summary, pair_view
from components.views.tables import sources_frame

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "carried_shares"


@pytest.fixture(scope="module", params=[False, True], ids=["lexical", "semantic"])
def comparison(request):
    return compare(list(load_paths([FIXTURE]).articles), Settings(semantic=request.param))


def test_fully_and_partly_carried_add_up_to_shared(comparison):
    for a in comparison.articles:
        assert 0.0 <= a.fully_carried_share <= a.matched_share
        assert a.partly_carried_share == pytest.approx(a.matched_share - a.fully_carried_share,
                                                       abs=1e-4)


def test_word_for_word_copies_are_fully_carried(comparison):
    by_id = {a.id: a for a in comparison.articles}
    # three of the copy's four sentences are the wire's words: carried whole
    assert by_id["town_weekly"].fully_carried_share >= 0.75
    assert by_id["harbour_herald"].fully_carried_share >= 0.75


def test_a_sentence_that_adds_a_claim_of_its_own_is_only_partly_carried(comparison):
    radio = {a.id: a for a in comparison.articles}["coast_radio"]
    vote_and_protest = next(k for k, s in enumerate(radio.sentences)
                            if s.text.startswith("Councillors approved"))
    cost = next(k for k, s in enumerate(radio.sentences) if "42 million" in s.text)
    linked = {m.a_sentence for m in comparison.matches if m.a == "coast_radio"} | {
        m.b_sentence for m in comparison.matches if m.b == "coast_radio"}
    assert radio.sentences[vote_and_protest].index in linked  # the vote is shared...
    assert radio.carried_whole[vote_and_protest] < FULLY_CARRIED_CUT  # ...the protest is not
    assert radio.carried_whole[cost] >= FULLY_CARRIED_CUT  # a rewording of one claim is
    assert radio.partly_carried_share > 0


def test_the_shares_count_the_sentences_carried_whole(comparison):
    """Recount each article from its sentences: fully carried = matched and
    carried_whole at the cut; partly carried = matched, below it."""
    min_chars = comparison.settings["min_chars"]
    linked: dict[str, set[int]] = {}
    for m in comparison.matches:
        linked.setdefault(m.a, set()).add(m.a_sentence)
        linked.setdefault(m.b, set()).add(m.b_sentence)
    for a in comparison.articles:
        assert len(a.carried_whole) == len(a.sentences)
        matchable = [k for k, s in enumerate(a.sentences) if len(s.text) >= min_chars]
        hit = [k for k in matchable if a.sentences[k].index in linked.get(a.id, set())]
        fully = [k for k in hit if a.carried_whole[k] >= FULLY_CARRIED_CUT]
        assert a.fully_carried_share == pytest.approx(len(fully) / len(matchable), abs=1e-4)
        assert a.partly_carried_share == pytest.approx(
            (len(hit) - len(fully)) / len(matchable), abs=1e-4)
        unmatched = [k for k in matchable if k not in hit]
        assert all(a.carried_whole[k] == 0.0 for k in unmatched)


def test_json_text_and_sources_table_give_the_same_numbers(comparison):
    stored = {a["id"]: a for a in json.loads(to_json(comparison))["articles"]}
    text = to_text(comparison)
    table = sources_frame(comparison).set_index("source")
    for a in comparison.articles:
        assert [s["carried_whole"] for s in stored[a.id]["sentences"]] == list(a.carried_whole)
        assert stored[a.id]["fully_carried_share"] == a.fully_carried_share
        assert stored[a.id]["partly_carried_share"] == a.partly_carried_share
        assert (f"{a.matched_share:.0%} shared ({a.fully_carried_share:.0%} fully, "
                f"{a.partly_carried_share:.0%} partly carried)") in text
        row = table.loc[a.article.source]
        assert row["fully carried"] == round(100 * a.fully_carried_share)
        assert row["partly carried"] == round(100 * a.partly_carried_share)


def test_per_source_lists_agree_with_the_shares_and_side_by_side(comparison):
    """A sentence is fully carried exactly when some other source carries it whole; Side by
    side splits "in B" into whole and in part from the same lists."""
    min_chars = comparison.settings["min_chars"]
    stored = {a["id"]: a for a in json.loads(to_json(comparison))["articles"]}
    for a in comparison.articles:
        whole = {i for _, found in a.carried_whole_by for i in found}
        matchable = [s for s in a.sentences if len(s.text) >= min_chars]
        assert a.fully_carried_share == pytest.approx(len(whole) / len(matchable), abs=1e-4)
        assert stored[a.id]["carried_whole_by"] == {s: list(f) for s, f in a.carried_whole_by}
    view = pair_view(comparison, "coast_radio", "harbour_herald")
    summary = coverage_summary(view)
    vote = next(k for k, s in enumerate(view.sentences_a) if s.startswith("Councillors"))
    assert vote not in view.whole_a  # the protest is in no other source
    in_b = {m.a for m in view.matches}
    assert summary.startswith(f"{len(in_b)} of coast_radio's 4 sentences are in harbour_herald "
                              f"({len(in_b & view.whole_a)} whole, "
                              f"{len(in_b - view.whole_a)} in part)")
    assert len(in_b - view.whole_a) >= 1
