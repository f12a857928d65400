"""Time and peak memory of the analysis on the sample story and on larger synthetic stories.

Run: python benchmarks/speed.py [--sizes 5 50 200]
Prints figures; asserts nothing (timings belong in a benchmark, not in unit tests).
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.loading import load_paths  # noqa: E402
from analysis.models import Article  # noqa: E402
from analysis.pipeline import compare  # noqa: E402

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample_story"


def synthetic_story(base: list[Article], count: int, seed: int = 0) -> list[Article]:
    """Articles that re-use, drop and reorder the sample's paragraphs, as rewrites do."""
    rng = random.Random(seed)
    paragraphs = [p for a in base for p in a.text.split("\n") if len(p) > 40]
    story = []
    for k in range(count):
        chosen = rng.sample(paragraphs, k=min(len(paragraphs), rng.randint(8, 20)))
        story.append(Article(id=f"synthetic-{k:04d}", text="\n".join(chosen)))
    return story


def measure(articles: list[Article]) -> tuple[float, float, int, int, int]:
    compare(articles[:2])  # warm imports and the model file
    tracemalloc.start()
    started = time.perf_counter()
    result = compare(articles)
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    sentences = sum(len(a.sentences) for a in result.articles)
    return seconds, peak / 2**20, sentences, len(result.matches), len(result.elements)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="*", default=[20, 50, 100])
    args = parser.parse_args()
    sample = list(load_paths([SAMPLE]).articles)
    print(f"{'story':<22}{'articles':>9}{'sentences':>11}{'matches':>9}{'elements':>10}"
          f"{'seconds':>9}{'peak MiB':>10}")
    rows = [("sample story", sample)] + [
        (f"synthetic x{n}", synthetic_story(sample, n)) for n in args.sizes
    ]
    for name, articles in rows:
        seconds, peak, sentences, matches, elements = measure(articles)
        print(f"{name:<22}{len(articles):>9}{sentences:>11}{matches:>9}{elements:>10}"
              f"{seconds:>9.2f}{peak:>10.1f}")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process peak resident memory: {rss:.0f} MiB (imports included)")


if __name__ == "__main__":
    main()
