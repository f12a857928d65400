"""Speed and memory of the numpy sentence encoder (analysis/matching/embedding.py).

Run: python benchmarks/embedding_speed.py [--count 1000] [--repeat 3]
Prints cold load time, warm sentences per second (wall and per CPU-second), peak RSS and the
time to re-encode the same sentences from the cache. Asserts nothing.

Sentences: columns 6 and 7 of ../shared/eval/sts-news/sts-news-train.tsv when present (real
news sentences of mixed length), else generated news-like sentences.
"""

from __future__ import annotations

import argparse
import csv
import random
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
STS_NEWS = ROOT.parent / "shared" / "eval" / "sts-news" / "sts-news-train.tsv"

WORDS = (
    "the minister said on Thursday that troops would parade through the capital while state "
    "media reported new missiles drones and a delegation led by officials from Moscow and "
    "Beijing attended the ceremony marking the 70th anniversary of the armistice according "
    "to analysts who said 12,000 soldiers and 3.5 billion dollars were involved"
).split()


def news_sentences(count: int, seed: int = 0) -> tuple[list[str], str]:
    """``count`` distinct sentences and where they came from."""
    found: list[str] = []
    if STS_NEWS.is_file():
        seen: set[str] = set()
        with STS_NEWS.open(encoding="utf-8", newline="") as handle:
            for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
                for text in row[5:7]:
                    text = text.strip()
                    if text and text not in seen:
                        seen.add(text)
                        found.append(text)
        if len(found) >= count:
            return found[:count], f"{STS_NEWS.name} columns 6-7"
    rng = random.Random(seed)
    generated = set(found)
    while len(generated) < count:
        length = min(120, max(4, int(rng.lognormvariate(3.0, 0.5))))
        words = [rng.choice(WORDS) for _ in range(length)]
        generated.add(" ".join(words).capitalize() + ".")
    return (found + sorted(generated - set(found)))[:count], "generated news-like sentences"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def rss_mb() -> float:
    """Current resident memory (Linux), to tell the model's share from the imports'."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3, help="warm runs (median reported)")
    args = parser.parse_args()

    sentences, origin = news_sentences(args.count)

    start = time.perf_counter()
    from analysis.matching import embedding

    imported = time.perf_counter()
    rss_imported = rss_mb()
    encoder = embedding.default_encoder()
    loaded = time.perf_counter()
    rss_loaded = rss_mb()
    if encoder is None:
        sys.exit(f"embedding model unavailable: {embedding.embedding_unavailable_reason()}")

    tokens = [len(encoder._tokenizer.encode(text).ids) for text in sentences]
    print(f"sentences: {len(sentences)} from {origin}")
    print(
        f"tokens per sentence: median {statistics.median(tokens):.0f}, "
        f"max {max(tokens)}, total {sum(tokens)}"
    )
    print(f"import analysis.matching.embedding (with the analysis package): "
          f"{imported - start:.2f} s")
    print(f"cold load (tokenizer + weights, first default_encoder()): {loaded - imported:.2f} s")

    encoder.encode(["Warm-up sentence for the BLAS threads."])
    walls, cpus = [], []
    for _ in range(max(1, args.repeat)):
        encoder.clear_cache()
        wall, cpu = time.perf_counter(), time.process_time()
        encoder.encode(sentences)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    wall, cpu = statistics.median(walls), statistics.median(cpus)
    print(
        f"warm encode: {wall:.2f} s wall -> {len(sentences) / wall:.0f} sentences/s "
        f"({len(sentences) / cpu:.0f} per CPU-second; runs {', '.join(f'{w:.2f}' for w in walls)})"
    )

    start = time.perf_counter()
    encoder.encode(sentences)
    cached = time.perf_counter() - start
    print(f"cached re-encode of the same {len(sentences)}: {cached * 1000:.1f} ms")
    print(
        f"RSS: {rss_imported:.0f} MB after imports, {rss_loaded:.0f} MB with the model loaded, "
        f"peak {peak_rss_mb():.0f} MB ({encoder.cache_entries} cached rows)"
    )


if __name__ == "__main__":
    main()
