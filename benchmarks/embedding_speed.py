"""Speed and memory of the numpy sentence encoder (analysis/matching/embedding.py).

Run: python benchmarks/embedding_speed.py [--count 1000] [--repeat 3] [--routes numpy onnx int8]
[--fresh-cache]
For each route (the numpy reference pass, the fp32 ONNX graph and its int8 copy on
onnxruntime) prints the cold load time and memory, warm sentences per second (wall and per
CPU-second, runs interleaved) and the drift from the numpy pass (1 - cosine per sentence);
then the time to re-encode from the cache and the peak RSS. Asserts nothing. The drift of the
public accuracy figures is printed by benchmarks/coverage.py and benchmarks/accuracy.py run
with COVERAGE_LENS_ENCODER set to each route.

Sentences: columns 6 and 7 of ../shared/eval/sts-news/sts-news-train.tsv when present (real
news sentences of mixed length), else generated news-like sentences.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.matching import onnx_route  # noqa: E402

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
    parser.add_argument("--routes", nargs="+", default=["numpy", "onnx", "int8"],
                        help="numpy (reference), onnx (fp32 graph), int8 (onnxruntime)")
    parser.add_argument("--fresh-cache", action="store_true",
                        help="build the ONNX graphs into an empty folder (times the build)")
    args = parser.parse_args()
    if args.fresh_cache:
        os.environ[onnx_route.CACHE_ENV] = tempfile.mkdtemp(prefix="embedding-speed-")

    sentences, origin = news_sentences(args.count)

    start = time.perf_counter()
    from analysis.matching import embedding

    imported = time.perf_counter()
    print(f"import analysis.matching.embedding (with the analysis package): "
          f"{imported - start:.2f} s; RSS {rss_mb():.0f} MB")
    encoders: dict[str, embedding.SentenceEncoder] = {}
    for route in args.routes:
        before, rss_before = time.perf_counter(), rss_mb()
        try:
            encoder = embedding.SentenceEncoder(route=route)
        except embedding.EmbeddingUnavailable as exc:
            sys.exit(f"embedding model unavailable: {exc}")
        note = f" (fell back: {encoder.fallback_reason})" if encoder.fallback_reason else ""
        print(f"{route}: cold load {time.perf_counter() - before:.2f} s, "
              f"+{rss_mb() - rss_before:.0f} MB RSS{note}")
        encoder.encode(["Warm-up sentence for the threads."])
        encoders[route] = encoder

    tokens = [len(next(iter(encoders.values()))._tokenizer.encode(text).ids)
              for text in sentences]
    print(f"sentences: {len(sentences)} from {origin}")
    print(f"tokens per sentence: median {statistics.median(tokens):.0f}, "
          f"max {max(tokens)}, total {sum(tokens)}")

    walls: dict[str, list[float]] = {route: [] for route in encoders}
    cpus: dict[str, list[float]] = {route: [] for route in encoders}
    vectors: dict[str, np.ndarray] = {}
    for _ in range(max(1, args.repeat)):  # routes interleaved: load changes hit each alike
        for route, encoder in encoders.items():
            encoder.clear_cache()
            wall, cpu = time.perf_counter(), time.process_time()
            vectors[route] = encoder.encode(sentences)
            walls[route].append(time.perf_counter() - wall)
            cpus[route].append(time.process_time() - cpu)
    print("| route | wall s | sentences/s | per CPU-second | mean 1-cos vs numpy | max |")
    print("|---|---|---|---|---|---|")
    reference = vectors.get("numpy")
    for route in encoders:
        wall, cpu = statistics.median(walls[route]), statistics.median(cpus[route])
        drift = (1.0 - np.sum(vectors[route] * reference, axis=1)
                 if reference is not None else np.full(1, np.nan))
        print(f"| {route} | {wall:.2f} | {len(sentences) / wall:.0f} | "
              f"{len(sentences) / cpu:.0f} | {drift.mean():.2e} | {drift.max():.2e} |")

    encoder = next(iter(encoders.values()))
    start = time.perf_counter()
    encoder.encode(sentences)
    cached = time.perf_counter() - start
    print(f"cached re-encode of the same {len(sentences)}: {cached * 1000:.1f} ms")
    print(f"peak RSS {peak_rss_mb():.0f} MB (every route loaded in one process; load average "
          f"{os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs)")


if __name__ == "__main__":
    main()
