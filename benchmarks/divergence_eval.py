"""Score the divergence finder against the planted conflicts of benchmarks/divergence_stories.

The label format and the counting rule are in benchmarks/divergence_stories/README.md. In
short: a reported divergence finds a labelled conflict when it has the same kind and two of
its sides give two different labelled values for sources labelled with them; one card per
conflict is a true positive, a repeat or a card that finds nothing is a false positive.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from analysis.results import Article, Comparison
from analysis.text.textnorm import fold

STORIES_DIR = Path(__file__).resolve().parent / "divergence_stories"
SPLITS = ("dev", "heldout", "final", "final2")


@dataclass(frozen=True)
class Conflict:
    id: str
    kind: str
    what: str
    values: tuple[tuple[tuple[str, ...], frozenset[str]], ...]  # (spellings, sources)


@dataclass(frozen=True)
class Story:
    slug: str
    split: str
    articles: tuple[Article, ...]
    conflicts: tuple[Conflict, ...]


@dataclass
class StoryScore:
    slug: str
    split: str
    found: list[str] = field(default_factory=list)  # conflict ids found
    missed: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)  # summaries of unmatched cards
    repeats: int = 0

    @property
    def reported(self) -> int:
        return len(self.found) + len(self.false_alarms) + self.repeats


def load_stories(root: Path = STORIES_DIR) -> list[Story]:
    stories = []
    for labels in sorted(root.glob("*/labels.json")):
        stories.append(load_story(labels, labels.parent))
    return stories


def load_story(labels: Path, articles_dir: Path) -> Story:
    """A label file and the articles (``*.txt``, ids = file stems) it labels."""
    raw = json.loads(labels.read_text(encoding="utf-8"))
    articles = tuple(
        Article(id=path.stem, text=path.read_text(encoding="utf-8"), origin=path.name)
        for path in sorted(articles_dir.glob("*.txt"))
    )
    conflicts = tuple(
        Conflict(c["id"], c["kind"], c.get("what", ""), tuple(
            (tuple(_norm(s) for s in spelled.split("|")), frozenset(sources))
            for spelled, sources in c["values"].items()
        ))
        for c in raw["conflicts"]
    )
    return Story(articles_dir.name, raw["split"], articles, conflicts)


def _norm(text: str) -> str:
    return fold(text).lower().replace("’", "'")


def _side_has(words: str, spellings: Sequence[str]) -> bool:
    norm = _norm(words)
    return any(s == "" or s in norm for s in spellings)


def finds(divergence: object, conflict: Conflict) -> bool:
    """Two sides of the card give two different labelled values, each for its sources."""
    if getattr(divergence, "kind", None) != conflict.kind:
        return False
    sides = divergence.sides  # type: ignore[attr-defined]
    for x, side_x in enumerate(sides):
        for side_y in sides[x + 1:]:
            for v, (spell_v, src_v) in enumerate(conflict.values):
                for w, (spell_w, src_w) in enumerate(conflict.values):
                    if v == w:
                        continue
                    if (set(side_x.sources) & src_v and set(side_y.sources) & src_w
                            and _side_has(side_x.words, spell_v)
                            and _side_has(side_y.words, spell_w)):
                        return True
    return False


def score_story(story: Story, comparison: Comparison) -> StoryScore:
    score = StoryScore(story.slug, story.split)
    taken: set[str] = set()
    for divergence in comparison.divergences:
        hits = [c.id for c in story.conflicts if finds(divergence, c)]
        fresh = [c for c in hits if c not in taken]
        if fresh:
            taken.add(fresh[0])
        elif hits:
            score.repeats += 1
        else:
            score.false_alarms.append(divergence.summary)
    score.found = [c.id for c in story.conflicts if c.id in taken]
    score.missed = [c.id for c in story.conflicts if c.id not in taken]
    return score


@dataclass(frozen=True)
class SplitFigures:
    split: str
    planted: int
    found: int
    reported: int

    @property
    def precision(self) -> float | None:
        return self.found / self.reported if self.reported else None

    @property
    def recall(self) -> float | None:
        return self.found / self.planted if self.planted else None


def split_figures(scores: Iterable[StoryScore], planted: Mapping[str, int]) -> list[SplitFigures]:
    scores = list(scores)
    figures = []
    for split in SPLITS:
        mine = [s for s in scores if s.split == split]
        if mine:
            figures.append(SplitFigures(
                split, sum(planted[s.slug] for s in mine),
                sum(len(s.found) for s in mine), sum(s.reported for s in mine),
            ))
    return figures
