"""Recall and precision of the divergence finder against the claim labels' ``divergent`` marks.

The claim labels (``benchmarks/stories/*/claims.json``: 8 invented and 3 ECB+ development
stories; ``tests/fixtures/sample_claims.json``: the held-out sample story) mark, on a
sentence, the claims for which it gives a minority or conflicting version (a number, date,
title, speaker, hedged vs flat, negation). Sentences are mapped to the comparison's
sentences as ``benchmarks.claim_eval.match_labels`` does (exact text, then whitespace-
normalised; a repeated text takes the next unused occurrence). The comparison is
``compare(articles, Settings())`` (semantic mode) and its cards are
``comparison.divergences``.

Definitions (a sentence *states* C when its labels list C among its claims):

- A **labelled conflict** is a claim C with at least one sentence marking C divergent. Its
  **minority** sources are the articles with a sentence marking C divergent; its
  **majority** sources are the other articles with a sentence stating C (not marked). When
  the majority is empty, the conflict is kept only if exactly two sources mark C and the
  story's note says both sides are marked (the two-source rule: "both are marked"); it is
  then a conflict between those two sources. Otherwise it is skipped (and counted).
- A card **finds** a conflict when one of its sides holds a member sentence stating C from a
  minority source and another side holds a member sentence stating C from a majority
  source (in the two-source case: from the other marked source).
- **Recall** = conflicts found / conflicts.
- **Precision** = cards finding at least one conflict / judged cards, where a card is
  judged when at least one of its member sentences states a claim; cards whose members all
  state no claim (furniture, unlabelled sentences) are counted apart as "on unlabelled
  sentences".

These are development stories. The finder's rules were written on other stories
(``benchmarks/divergence_stories``), so these are held out of the rule writing, except that
they have now been looked at. ECB+ text is never printed: for ECB+ stories ``--examples``
gives only claim ids and descriptions, and for cards the kind and number of sources.

Run: .venv/bin/python benchmarks/claim_divergences.py [--examples] [--json]   (a few minutes)
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.ingest.loading import load_paths  # noqa: E402
from analysis.pipeline.comparison import compare  # noqa: E402
from analysis.pipeline.settings import Settings  # noqa: E402
from analysis.results import Comparison, Divergence  # noqa: E402
from benchmarks.claim_eval import (  # noqa: E402
    ClaimLabels,
    SentenceKey,
    match_labels,
    parse_claims,
)
from benchmarks.ecb_stories import story_input  # noqa: E402

STORIES = ROOT / "benchmarks" / "stories"
SAMPLE_LABELS = ROOT / "tests" / "fixtures" / "sample_claims.json"
SAMPLE_ARTICLES = ROOT / "data" / "sample_story"
BOTH_MARKED = re.compile(r"\bboth (?:are |sides are )?marked\b", re.IGNORECASE)
GROUPS = ("invented", "ecb+", "sample (held out)")


@dataclass(frozen=True)
class Conflict:
    claim: str
    description: str
    minority: frozenset[str]
    majority: frozenset[str]  # empty in the two-source case
    two_sources: bool = False


@dataclass
class StoryResult:
    story: str
    group: str
    conflicts: int = 0
    found: int = 0
    skipped: int = 0  # conflicts with no majority that the two-source rule does not cover
    cards: int = 0  # judged cards
    cards_finding: int = 0
    unlabelled_cards: int = 0
    unmatched_labels: int = 0
    seconds: float = 0.0
    missed: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)

    def figures(self) -> dict[str, object]:
        return {"story": self.story, "group": self.group, "conflicts": self.conflicts,
                "found": self.found, "skipped": self.skipped, "cards": self.cards,
                "cards_finding": self.cards_finding, "unlabelled_cards": self.unlabelled_cards,
                "unmatched_labels": self.unmatched_labels, "recall": _ratio(self.found,
                                                                           self.conflicts),
                "precision": _ratio(self.cards_finding, self.cards)}


def _ratio(hits: int, total: int) -> float | None:
    return hits / total if total else None


def match_divergent(comparison: Comparison,
                    labels: ClaimLabels) -> dict[SentenceKey, frozenset[str]]:
    """Divergent claims per project sentence, mapped exactly as ``match_labels`` maps claims
    (it only reads each row's article and text, so swapping in ``divergent`` keeps the map)."""
    swapped = replace(labels, sentences=tuple(replace(s, claims=s.divergent)
                                              for s in labels.sentences))
    divergent, _ = match_labels(comparison, swapped)
    return divergent


def labelled_conflicts(claims: dict[SentenceKey, frozenset[str]],
                       divergent: dict[SentenceKey, frozenset[str]],
                       labels: ClaimLabels) -> tuple[list[Conflict], int]:
    """The story's labelled conflicts and the number skipped for want of a majority."""
    minority: dict[str, set[str]] = {}
    for (article, _), marked in divergent.items():
        for claim in marked:
            minority.setdefault(claim, set()).add(article)
    both_marked = bool(BOTH_MARKED.search(labels.note))
    conflicts, skipped = [], 0
    for claim in sorted(minority, key=_claim_order):
        stating = {article for (article, _), stated in claims.items() if claim in stated}
        majority = frozenset(stating - minority[claim])
        two = not majority and len(minority[claim]) == 2 and both_marked
        if not majority and not two:
            skipped += 1
            continue
        conflicts.append(Conflict(claim, labels.claims.get(claim, ""),
                                  frozenset(minority[claim]), majority, two))
    return conflicts, skipped


def _claim_order(claim: str) -> tuple[int, str]:
    digits = claim.lstrip("C")
    return (int(digits) if digits.isdigit() else 0, claim)


def _side_sources(card: Divergence, claim: str,
                  claims: dict[SentenceKey, frozenset[str]]) -> list[set[str]]:
    """Per side of the card: the articles of its member sentences that state ``claim``."""
    return [{m.article for m in side.members
             if claim in claims.get((m.article, m.sentence), frozenset())}
            for side in card.sides]


def finds(card: Divergence, conflict: Conflict,
          claims: dict[SentenceKey, frozenset[str]]) -> bool:
    """Whether one side gives the minority version and another the majority one."""
    sides = _side_sources(card, conflict.claim, claims)
    for i, first in enumerate(sides):
        for j, second in enumerate(sides):
            if i == j:
                continue
            if conflict.two_sources:
                a, b = sorted(conflict.minority)
                if (a in first and b in second) or (b in first and a in second):
                    return True
            elif first & conflict.minority and second & conflict.majority:
                return True
    return False


def score(story: str, group: str, comparison: Comparison, labels: ClaimLabels,
          quote: bool) -> StoryResult:
    """One story's conflicts, cards and, for ``--examples``, misses and false alarms."""
    claims, unmatched = match_labels(comparison, labels)
    divergent = match_divergent(comparison, labels)
    conflicts, skipped = labelled_conflicts(claims, divergent, labels)
    result = StoryResult(story, group, conflicts=len(conflicts), skipped=skipped,
                         unmatched_labels=len(unmatched))
    found: set[str] = set()
    for card in comparison.divergences:
        members = [(m.article, m.sentence) for side in card.sides for m in side.members]
        if not any(claims.get(key) for key in members):
            result.unlabelled_cards += 1
            continue
        result.cards += 1
        hits = {c.claim for c in conflicts if finds(card, c, claims)}
        found |= hits
        if hits:
            result.cards_finding += 1
        elif quote:
            result.false_alarms.append(card.summary)
        else:
            result.false_alarms.append(f"{card.kind}, {len(card.sources)} sources")
    result.found = len(found)
    for conflict in conflicts:
        if conflict.claim not in found:
            sides = "two sources" if conflict.two_sources else (
                f"{len(conflict.minority)} minority vs {len(conflict.majority)} majority")
            result.missed.append(f"{conflict.claim} ({sides}): {conflict.description}")
    return result


def inputs() -> list[tuple[str, str, list, dict, bool]]:
    """(story, group, articles, raw labels, may quote text) for every labelled story."""
    found = []
    for path in sorted(STORIES.glob("*/claims.json")):
        articles, raw, problems = story_input(path)
        if problems:
            print(f"{path.parent.name}: {problems} files did not load", file=sys.stderr)
        ecb = "ecbplus" in raw
        found.append((path.parent.name, "ecb+" if ecb else "invented", articles, raw, not ecb))
    raw = json.loads(SAMPLE_LABELS.read_text(encoding="utf-8"))
    if any(row.get("divergent") for row in raw.get("sentences", [])):
        articles = list(load_paths([SAMPLE_ARTICLES]).articles)
        found.append(("sample_story", GROUPS[2], articles, raw, True))
    return found


def pooled(results: list[StoryResult], group: str) -> dict[str, object]:
    mine = [r for r in results if r.group == group]
    total = {key: sum(getattr(r, key) for r in mine)
             for key in ("conflicts", "found", "skipped", "cards", "cards_finding",
                         "unlabelled_cards")}
    return {"group": group, "stories": len(mine), **total,
            "recall": _ratio(total["found"], total["conflicts"]),
            "precision": _ratio(total["cards_finding"], total["cards"])}


def _pct(value: object) -> str:
    return "  n/a" if value is None else f"{value:5.2f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", action="store_true",
                        help="list missed conflicts and cards that find nothing")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    results = []
    for story, group, articles, raw, quote in inputs():
        started = time.perf_counter()
        labels = parse_claims(raw, story)
        result = score(story, group, compare(articles, Settings()), labels, quote)
        result.seconds = time.perf_counter() - started
        print(f"{story}: {result.seconds:.1f} s", file=sys.stderr)
        results.append(result)
    groups = [pooled(results, g) for g in GROUPS if any(r.group == g for r in results)]
    if args.json:
        print(json.dumps({"stories": [r.figures() for r in results], "pooled": groups},
                         indent=2))
        return 0
    print("Divergence finder vs the claim labels' divergent marks. Development stories: the "
          "finder's rules were\nwritten on benchmarks/divergence_stories, so these are held "
          "out of the rule writing (but now seen).")
    for r in results:
        print(f"{r.group:17} {r.story:30} conflicts {r.conflicts:2}  found {r.found:2}  "
              f"cards {r.cards:2}  finding {r.cards_finding:2}  "
              f"unlabelled {r.unlabelled_cards}  skipped {r.skipped}"
              + (f"  unmatched labels {r.unmatched_labels}" if r.unmatched_labels else ""))
        if args.examples:
            for missed in r.missed:
                print(f"    missed {missed}")
            for alarm in r.false_alarms:
                print(f"    finds nothing: {alarm}")
    for g in groups:
        print(f"{g['group']:17} stories {g['stories']:2}  recall {_pct(g['recall'])} "
              f"({g['found']}/{g['conflicts']})  precision {_pct(g['precision'])} "
              f"({g['cards_finding']}/{g['cards']})  cards on unlabelled sentences "
              f"{g['unlabelled_cards']}  conflicts skipped {g['skipped']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
