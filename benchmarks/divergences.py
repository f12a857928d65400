"""Precision and recall of the divergence finder on invented stories with planted conflicts.

Prints one line per story and the pooled figures of the dev split (rules may be tuned on
it), the held-out split (never tuned on) and the final splits (each first run untouched);
``--examples`` lists what was missed and the
false alarms. See benchmarks/divergence_stories/README.md for the labels and the counting.

``--scale N`` instead builds N articles whose casualty count, day and speaker vary and prints
how many cards they give (one per detail) and how long the finder takes.

``--record`` (with every split) writes the pooled figures to ``docs/figures.json``, from
which ``benchmarks/figures.py`` renders the README's table.

Run: .venv/bin/python -m benchmarks.divergences [--examples] [--split dev|heldout|final|final2]
                                                [--record]
     .venv/bin/python -m benchmarks.divergences --scale 30
"""

from __future__ import annotations

import argparse
import time

from analysis.divergence.finder import find_divergences
from analysis.pipeline.comparison import compare
from analysis.results import Article
from benchmarks import figures as recorded
from benchmarks.divergence_eval import SPLITS, load_stories, score_story, split_figures


def _pct(value: float | None) -> str:
    return "  n/a" if value is None else f"{value:5.2f}"


_COUNTS = ["twelve", "13", "fourteen", "15", "sixteen", "twenty", "21", "thirty"]
_DAYS = ["Monday", "Tuesday", "Wednesday"]
_SPEAKERS = ["the fire service", "the police", "the council"]


def scale(n: int) -> None:
    """N outlets of one story whose details vary: cards, values and finder time."""
    articles = [
        Article(id=f"{k:03d}", text=(
            f"{_COUNTS[k % len(_COUNTS)].capitalize()} people were injured when a gas main "
            f"exploded in Dunmore Street on {_DAYS[k % len(_DAYS)]}, "
            f"{_SPEAKERS[k % len(_SPEAKERS)]} said.\n"
            "Residents of nearby houses were moved to a school hall overnight.\n"
            "Witnesses described a loud bang before the flames."))
        for k in range(n)
    ]
    comparison = compare(articles)
    started = time.perf_counter()
    cards = find_divergences(comparison, comparison.quotes)
    seconds = time.perf_counter() - started
    print(f"{n} articles, {len(comparison.matches)} matches: {len(cards)} cards "
          f"in {seconds:.2f} s")
    for card in cards:
        print(f"  {card.kind:12} {len(card.sources):3} sources, {len(card.sides)} values")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", action="store_true")
    parser.add_argument("--split", choices=SPLITS)
    parser.add_argument("--scale", type=int, metavar="N")
    parser.add_argument("--record", action="store_true",
                        help="write the pooled figures to docs/figures.json")
    args = parser.parse_args()
    if args.scale:
        scale(args.scale)
        return
    stories = [s for s in load_stories() if args.split in (None, s.split)]
    scores = []
    for story in stories:
        started = time.perf_counter()
        score = score_story(story, compare(list(story.articles)))
        scores.append(score)
        print(f"{story.split:8} {story.slug:30} planted {len(story.conflicts):2}  "
              f"found {len(score.found):2}  reported {score.reported:2}  "
              f"({time.perf_counter() - started:.1f} s)")
        if args.examples:
            for missed in score.missed:
                print(f"    missed {missed}")
            for alarm in score.false_alarms:
                print(f"    false alarm: {alarm}")
            if score.repeats:
                print(f"    repeats: {score.repeats}")
    planted = {s.slug: len(s.conflicts) for s in stories}
    pooled = split_figures(scores, planted)
    for fig in pooled:
        print(f"{fig.split:8} precision {_pct(fig.precision)}  recall {_pct(fig.recall)}  "
              f"(planted {fig.planted}, found {fig.found}, reported {fig.reported})")
    if args.record and args.split is None:
        count = {split: sum(s.split == split for s in stories) for split in SPLITS}
        record([{"split": f.split, "stories": count.get(f.split, 0), "planted": f.planted,
                 "precision": f.precision, "recall": f.recall} for f in pooled])


def record(splits: list[dict]) -> None:
    """The pooled figures as ``docs/figures.json``'s ``divergences`` section."""
    figures = recorded.load()
    figures["divergences"] = {"date": time.strftime("%Y-%m-%d"), "splits": splits}
    recorded.save(figures)
    print("recorded in docs/figures.json; run benchmarks/figures.py to render")


if __name__ == "__main__":
    main()
