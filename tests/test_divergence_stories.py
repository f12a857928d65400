"""The divergence finder on invented stories it was not tuned on (benchmarks/divergence_stories).

The held-out and final splits were written and labelled before the rules were tuned; the
rules were written on the dev split. final2 (details inside heavily reworded sentences) was
run once, after the second round of rules; its first-run figures are 0.92 / 0.86.
See benchmarks/divergence_stories/README.md.
"""

from __future__ import annotations

import pytest

from analysis.pipeline.comparison import compare
from benchmarks.divergence_eval import load_stories, score_story, split_figures


@pytest.fixture(scope="module")
def figures():
    stories = [s for s in load_stories() if s.split in ("heldout", "final", "final2")]
    scores = [score_story(s, compare(list(s.articles))) for s in stories]
    planted = {s.slug: len(s.conflicts) for s in stories}
    return {f.split: (f, scores) for f in split_figures(scores, planted)}


@pytest.mark.parametrize("split", ["heldout", "final", "final2"])
def test_planted_conflicts_are_found_and_few_false_alarms(figures, split):
    fig, scores = figures[split]
    details = [(s.slug, s.missed, s.false_alarms) for s in scores if s.split == split]
    assert fig.planted >= 10
    assert fig.recall is not None and fig.recall >= 0.8, details
    assert fig.precision is not None and fig.precision >= 0.8, details


def test_at_least_twenty_planted_conflicts_across_every_kind():
    stories = load_stories()
    conflicts = [c for s in stories for c in s.conflicts]
    assert len(conflicts) >= 20
    assert {c.kind for c in conflicts} == {"number", "date", "name", "role", "attribution",
                                           "hedging", "negation", "scope"}
    assert {s.split for s in stories} == {"dev", "heldout", "final", "final2"}
