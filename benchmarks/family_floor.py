"""Tune ``analysis.story.copies.FAMILY_CARRY`` and ``FAMILY_LINK`` on a story generated from the
development stories.

Run: python -m benchmarks.family_floor [--articles 150] [--base carrow_falls_warehouse_fire]
                                       [--floors 0.8 0.85 0.9 0.95 1.01] [--links 0.5]
                                       [--modes lexical]
A family joins texts that each carry all of the other at the floor or above; its members
share their links. The story copies and lightly edits the paragraphs of one development
story (``benchmarks/stories``, never the sample) with filler from the others, as
``benchmarks/speed.py`` does; for each floor it prints the agreement with exact scoring of
every pair among 8 of the articles (``speed.agreement_figures``): precision and recall of
the linked pairs, and how far the overlap shares are off. 1.01 switches families off.
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.ingest.loading import load_paths  # noqa: E402
from analysis.story import copies  # noqa: E402
from benchmarks.speed import STORIES, agreement_figures, realistic_story  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=150)
    parser.add_argument("--base", default="carrow_falls_warehouse_fire")
    parser.add_argument("--floors", type=float, nargs="*", default=[0.8, 0.85, 0.9, 0.95, 1.01])
    parser.add_argument("--links", type=float, nargs="*", default=[0.5],
                        help="values of FAMILY_LINK to try with each floor")
    parser.add_argument("--modes", nargs="*", default=["lexical"])
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    base = list(load_paths([STORIES / args.base / "articles"]).articles)
    others = list(load_paths(sorted(p / "articles" for p in STORIES.iterdir()
                                    if p.is_dir() and p.name != args.base)).articles)
    story = realistic_story(base, others, args.articles, args.seed).articles
    print(f"story: {args.articles} articles from {args.base}, seed {args.seed}")
    print("mode     floor  link  exact  fast  both  recall  precision  share error (points)")
    for mode in args.modes:
        for floor, link in ((f, k) for f in args.floors for k in args.links):
            copies.FAMILY_CARRY, copies.FAMILY_LINK = floor, link
            found = agreement_figures(story, mode, seed=args.seed)
            print(f"{mode:8} {floor:5.2f} {link:5.2f} {found['exact']:6,} {found['fast']:5,} "
                  f"{found['both']:5,} {found['recall']:7.1%} {found['precision']:9.1%} "
                  f"{found['share_error']:8.1f}")


if __name__ == "__main__":
    main()
