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

from analysis.details import tokenize  # noqa: E402
from analysis.divergence import compare_details  # noqa: E402
from analysis.loading import load_paths  # noqa: E402
from analysis.models import Article  # noqa: E402
from analysis.pipeline import compare  # noqa: E402

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample_story"


def synthetic_story(base: list[Article], count: int, seed: int = 0) -> list[Article]:
    """Articles that re-use, drop, reorder and lightly edit the sample's paragraphs.

    Half the paragraphs lose or swap a few words, so most sentences are near-copies
    rather than exact ones (exact copies are scored once and would flatter the figures).
    """
    rng = random.Random(seed)
    paragraphs = [p for a in base for p in a.text.split("\n") if len(p) > 40]
    story = []
    for k in range(count):
        chosen = rng.sample(paragraphs, k=min(len(paragraphs), rng.randint(8, 20)))
        edited = [_edit(p, rng) if rng.random() < 0.5 else p for p in chosen]
        story.append(Article(id=f"synthetic-{k:04d}", text="\n".join(edited)))
    return story


def _edit(paragraph: str, rng: random.Random) -> str:
    words = paragraph.split()
    for _ in range(rng.randint(1, 3)):
        if len(words) > 4:
            del words[rng.randrange(len(words))]
    i = rng.randrange(len(words) - 1) if len(words) > 1 else 0
    words[i : i + 2] = words[i : i + 2][::-1]
    return " ".join(words)


def _cold_caches() -> None:
    """Each timed run starts without the per-sentence caches an earlier run filled."""
    compare_details.cache_clear()
    tokenize.cache_clear()


def measure(articles: list[Article], repeat: int = 3) -> tuple[float, float, int, int, int]:
    """Best wall time of ``repeat`` runs, then peak traced memory of one more run."""
    compare(articles[:2])  # warm imports and the model file
    seconds = float("inf")
    for _ in range(repeat):
        _cold_caches()
        started = time.perf_counter()
        result = compare(articles)
        seconds = min(seconds, time.perf_counter() - started)
    _cold_caches()
    tracemalloc.start()
    compare(articles)
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
