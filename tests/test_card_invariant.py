"""Every divergence card is true by construction (issue 32): each side a distinct value, each
source on one side only, at least two sides, every side backed by its sentences.

Run over every development story with divergence labels (benchmarks/divergence_stories,
the default semantic mode), the invented claim-labelled stories (benchmarks/stories,
lexical mode, for speed), the sample story, the frozen 30-article generated story and a
generated story whose count, day and speaker vary from outlet to outlet.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.ingest.loading import load_paths
from analysis.pipeline.comparison import compare
from analysis.pipeline.settings import Settings
from analysis.results import Article, Comparison

ROOT = Path(__file__).resolve().parents[1]
DIVERGENCE_STORIES = sorted(p.parent for p in (ROOT / "benchmarks" / "divergence_stories")
                            .glob("*/labels.json"))
CLAIM_STORIES = sorted(p.parent / "articles" for p in (ROOT / "benchmarks" / "stories")
                       .glob("*/claims.json") if (p.parent / "articles").is_dir())
COUNTS = ["twelve", "13", "fourteen", "15", "sixteen", "twenty", "21", "thirty"]
DAYS = ["Monday", "Tuesday", "Wednesday"]
SPEAKERS = ["the fire service", "the police", "the council"]


def generated(n: int = 12) -> list[Article]:
    return [
        Article(id=f"{k:03d}", text=(
            f"{COUNTS[k % len(COUNTS)].capitalize()} people were injured when a gas main "
            f"exploded in Dunmore Street on {DAYS[k % len(DAYS)]}, "
            f"{SPEAKERS[k % len(SPEAKERS)]} said.\n"
            "Residents of nearby houses were moved to a school hall overnight.\n"
            "Witnesses described a loud bang before the flames."))
        for k in range(n)
    ]


def assert_true_cards(comparison: Comparison) -> None:
    sentences = {(a.id, s.index) for a in comparison.articles for s in a.sentences}
    for card in comparison.divergences:
        where = f"card {card.id} ({card.summary})"
        assert len(card.sides) >= 2, where
        values = [side.value for side in card.sides]
        assert len(values) == len(set(values)), f"{where}: a value on two sides"
        seen: set[str] = set()
        for side in card.sides:
            assert side.sources and side.members, f"{where}: an empty side"
            assert not seen & set(side.sources), f"{where}: a source on two sides"
            seen |= set(side.sources)
            assert {m.article for m in side.members} == set(side.sources), where
            assert all((m.article, m.sentence) in sentences for m in side.members), where
        members = {m for side in card.sides for m in side.members}
        assert all(a in members and b in members for a, b in card.pairs), where


@pytest.mark.parametrize("story", DIVERGENCE_STORIES, ids=lambda p: p.name)
def test_cards_of_the_divergence_stories(story):
    assert_true_cards(compare(list(load_paths(sorted(story.glob("*.txt"))).articles)))


@pytest.mark.parametrize("story", CLAIM_STORIES, ids=lambda p: p.parent.name)
def test_cards_of_the_claim_stories(story):
    assert_true_cards(compare(list(load_paths([story]).articles), Settings(semantic=False)))


def test_cards_of_the_sample_and_generated_stories():
    for articles, settings in (
        (list(load_paths([ROOT / "data" / "sample_story"]).articles), Settings()),
        (list(load_paths([ROOT / "tests" / "fixtures" / "pinned" / "story30.jsonl"]).articles),
         Settings(semantic=False)),
        (generated(), Settings()),
    ):
        comparison = compare(articles, settings)
        assert comparison.divergences  # the generated one varies three details
        assert_true_cards(comparison)
