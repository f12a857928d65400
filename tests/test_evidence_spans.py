"""The evidence of a link: the part of each sentence that states the shared claim (issue 31).

A link joins two sentences when one clause of one states what the other says; the match
records where that clause lies ([start, end) characters, None for the whole sentence), the
JSON lists it, and Side by side marks it under the sentence. Fixture: the invented
tests/fixtures/carried_shares story (see tests/test_carried_shares.py).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from analysis.ingest.loading import load_paths
from analysis.output.report import to_json
from analysis.pipeline.comparison import compare
from analysis.pipeline.settings import Settings
from analysis.results import Article
from analysis.text.clauses import clause_spans, clauses
from components.views.alignment_view import pair_matches, pair_view
from components.views.diff import side_by_side_html

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "carried_shares"
VOTE = "Councillors approved a new ferry terminal on Tuesday after a three-hour debate"


@pytest.fixture(scope="module", params=[False, True], ids=["lexical", "semantic"])
def comparison(request):
    return compare(list(load_paths([FIXTURE]).articles), Settings(semantic=request.param))


def _text(comparison, article, index):
    found = {a.id: a for a in comparison.articles}[article]
    return next(s.text for s in found.sentences if s.index == index)


@pytest.mark.parametrize("sentence", [
    "Rain fell overnight in the city, and roads were closed by the police.",
    "The blaze began at 2 a.m.; crews fought it until dawn, officials said on Tuesday.",
    "He said, while smiling, that the plan, which costs 42 million dollars, was fair.",
    "Short one.",
    "  Leading space, then a clause, which follows the first one here.",
])
def test_clause_spans_point_at_each_clause(sentence):
    spans = clause_spans(sentence)
    found = clauses(sentence)
    assert len(spans) == len(found)
    for (start, end), clause in zip(spans, found, strict=True):
        assert 0 <= start < end <= len(sentence)
        # merged short parts are joined with ", " in the clause text; the span covers them
        # with their own separators
        assert _words(sentence[start:end]) == _words(clause)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))  # in order


def _words(text: str) -> str:
    return re.sub(r"[\s,;]+", " ", text).strip()


def test_the_shared_clause_is_the_evidence_in_the_match_and_the_json(comparison):
    stored = json.loads(to_json(comparison))["matches"]
    evidence = []
    for m in comparison.matches:
        for article, index, span in ((m.a, m.a_sentence, m.a_span), (m.b, m.b_sentence, m.b_span)):
            if span is not None:
                text = _text(comparison, article, index)
                assert 0 <= span[0] < span[1] <= len(text)
                evidence.append(text[span[0]:span[1]])
    assert VOTE in evidence  # the vote, not the protest no one else reports
    assert not any("protested" in e for e in evidence)
    for m, row in zip(comparison.matches, stored, strict=True):
        assert row["evidence"] == {"a": list(m.a_span) if m.a_span else None,
                                   "b": list(m.b_span) if m.b_span else None}


def test_side_by_side_marks_the_shared_part(comparison):
    matches = pair_matches(comparison, "coast_radio", "harbour_herald")
    assert any(m.a_span is not None for m in matches)
    html = side_by_side_html(pair_view(comparison, "coast_radio", "harbour_herald"))
    assert f"<mark>{VOTE}</mark>" in html
    assert 'class="sbs-claim"' in html


def test_the_marked_part_is_escaped():
    hostile = [
        Article(id="one", text="Officials <b>approved</b> the new ferry terminal on Tuesday "
                "after a long debate, and <script>alert(1)</script> fishermen protested "
                "outside the town hall during the vote."),
        Article(id="two", text="Officials <b>approved</b> the new ferry terminal on Tuesday "
                "after a long debate."),
    ]
    result = compare(hostile, Settings(semantic=False))
    html = side_by_side_html(pair_view(result, "one", "two"))
    assert "<script>" not in html and "<b>approved" not in html
    assert "&lt;b&gt;approved&lt;/b&gt;" in html
