"""Record the JSON that tests/test_pinned_json.py holds the engine to.

A move of code must not change what the engine says: the sample story and a generated
30-article story (tests/fixtures/pinned/story30.jsonl) are compared in lexical mode, and the
SHA-256 of each JSON (the run time left out) is written to tests/fixtures/pinned/digests.json.
Run it only when a change of behaviour is meant, and say so in the commit:

    .venv/bin/python scripts/pin_json.py            # new digests for the current engine
    .venv/bin/python scripts/pin_json.py --story    # also regenerate story30.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.pinned import PINNED, STORY30, pinned_digests  # noqa: E402


def write_story() -> None:
    """30 articles from benchmarks/speed.py's generator (seed 0), frozen as a JSONL bundle so
    the pinned input never depends on the generator's code."""
    from analysis.ingest.loading import load_paths
    from benchmarks.speed import FILLER, realistic_story

    sample = list(load_paths([ROOT / "data" / "sample_story"]).articles)
    others = list(load_paths(FILLER).articles)
    story = realistic_story(sample, others, 30, seed=0)
    lines = [json.dumps({"id": a.id, "title": a.id, "source": a.id, "text": a.text},
                        ensure_ascii=False) for a in story.articles]
    STORY30.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--story", action="store_true", help="regenerate story30.jsonl")
    args = parser.parse_args()
    if args.story or not STORY30.exists():
        write_story()
    digests = pinned_digests()
    PINNED.write_text(json.dumps(digests, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(digests, indent=2))


if __name__ == "__main__":
    main()
