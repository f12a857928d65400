"""Corpus mode benchmark: story grouping quality on ECB+ (development topics only).

All ECB+ development articles are mixed into one archive, sketched (``sketch_article``) and
grouped (``group_stories``); the stories are scored by B-cubed precision / recall / F1
against the gold story of each article = (topic, sub-topic). Every ECB+ topic holds two
look-alike events, so keeping them apart is the hard part. Baseline: TF-IDF of the whole
texts + average-link agglomerative clustering (cosine), its distance threshold the best of
a grid.

Honest tuning: the grouping constants (``analysis.corpus.grouping.Tuning``) were tuned on
the first ten topic files only (topics 1-23 as present, "tuning half"); figures are printed
on that half, on the held-out half (topics 25-45) and on all, each as its own archive. ``--tune``
reruns the grid search on the tuning half (the defaults were chosen there, and for a stable
threshold as the archive grows: the tuning half padded to 500, 1,000 and 2,500 articles with
pseudo-articles of unrelated MSRP/STS news sentences, scoring the tuning-half articles only;
the held-out half picked nothing). Data: ../shared/eval/ecbplus (read there, never
copied); the even-numbered topics are the test set and are never read.

ECB+ titles are doc ids that name the sub-topic ("1_10ecbplus"), so articles are sketched
with an empty title: the grouping must not see the answer.

Run: .venv/bin/python -m benchmarks.corpus [--tune] [--semantic]
                                           [--throughput 10000 [--workers 1 2]]
"""

from __future__ import annotations

import argparse
import functools
import itertools
import json
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from analysis.corpus.grouping import DEFAULT, Tuning, group_stories, sketch_article
from benchmarks.ecbplus_data import EvalDataMissing, topic_paths

TUNING_TOPICS = 10  # the first ten topic files (topics 1-23) are where constants were tuned
BASELINE_GRID = [round(t, 2) for t in np.arange(0.50, 1.00, 0.01)]


@dataclass(frozen=True)
class Article:
    doc_id: str
    text: str
    gold: tuple[str, str]  # (topic, sub-topic)


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float

    def __str__(self) -> str:
        return f"P {self.precision:.3f}  R {self.recall:.3f}  F1 {self.f1:.3f}"


def read_topic(path: Path) -> list[Article]:
    """One topic bundle; gold story from the doc id ("1_10ecbplus" -> ("1", "ecbplus"))."""
    articles = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        doc_id = str(row["source"])
        topic, _, rest = doc_id.partition("_")
        sub = "ecbplus" if rest.endswith("ecbplus") else "ecb"
        articles.append(Article(doc_id, str(row["text"]), (topic, sub)))
    return articles


def bcubed(stories: Sequence[Sequence[int]], gold: Sequence[object]) -> Scores:
    """B-cubed precision and recall averaged over articles (Bagga & Baldwin 1998)."""
    n = len(gold)
    if n == 0:
        return Scores(0.0, 0.0, 0.0)
    gold_size = Counter(gold)
    precision = recall = 0.0
    for story in stories:
        inside = Counter(gold[i] for i in story)
        for i in story:
            precision += inside[gold[i]] / len(story)
            recall += inside[gold[i]] / gold_size[gold[i]]
    p, r = precision / n, recall / n
    return Scores(p, r, 2 * p * r / (p + r) if p + r else 0.0)


def project_stories(articles: Sequence[Article], tuning: Tuning = DEFAULT,
                    sketches: list | None = None) -> tuple[list[list[int]], float]:
    """The project's stories and the seconds ``group_stories`` took."""
    if sketches is None:
        sketches = [sketch_article("", a.text, None) for a in articles]
    start = time.perf_counter()
    stories = group_stories(sketches, tuning)
    return stories, time.perf_counter() - start


def baseline_labels(articles: Sequence[Article], threshold: float) -> list[list[int]]:
    """TF-IDF of whole texts + average-link agglomeration cut at a cosine distance."""
    from sklearn.cluster import AgglomerativeClustering

    # Cosine distances computed once per archive (same clustering as metric="cosine").
    labels = AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage="average",
                                     distance_threshold=threshold
                                     ).fit_predict(_tfidf_distances(articles))
    stories: dict[int, list[int]] = {}
    for i, label in enumerate(labels):
        stories.setdefault(int(label), []).append(i)
    return list(stories.values())


@functools.cache
def _tfidf_distances_of(texts: tuple[str, ...]) -> np.ndarray:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_distances

    matrix = TfidfVectorizer(stop_words="english").fit_transform(texts)
    return np.clip(cosine_distances(matrix), 0.0, 2.0)


def _tfidf_distances(articles: Sequence[Article]) -> np.ndarray:
    """Cosine distances of TF-IDF vectors of the whole texts (the baseline's features)."""
    return _tfidf_distances_of(tuple(a.text for a in articles))


def baseline_best(articles: Sequence[Article]) -> tuple[float, Scores]:
    """The baseline's best distance threshold over the grid, on these articles."""
    gold = [a.gold for a in articles]
    best = max(((t, bcubed(baseline_labels(articles, t), gold)) for t in BASELINE_GRID),
               key=lambda pair: pair[1].f1)
    return best


def tune(halves: dict[str, list[Article]]) -> Tuning:
    """Grid search of the grouping constants on the tuning half only; prints the best."""
    articles = halves["tuning half"]
    gold = [a.gold for a in articles]
    sketches = [sketch_article("", a.text, None) for a in articles]
    grid = {
        "rarity": [0.2, 0.3, 0.4, 0.5],  # term weight df ** -rarity (0: old log IDF)
        "name_boost": [2.0, 3.0],
        "number_boost": [2.0, 3.0],
        "name_gate": [0.0, 0.08, 0.1, 0.12, 0.14, 0.16],
        "threshold": [0.05, 0.07, 0.1, 0.12],
    }
    results = []
    for values in itertools.product(*grid.values()):
        tuning = replace(DEFAULT, **dict(zip(grid, values, strict=True)))
        stories, _ = project_stories(articles, tuning, sketches)
        results.append((bcubed(stories, gold).f1, values))
    results.sort(reverse=True)
    print("best constants on the tuning half (F1, " + ", ".join(grid) + "):")
    for f1, values in results[:10]:
        print(f"  {f1:.3f}  {values}")
    return replace(DEFAULT, **dict(zip(grid, results[0][1], strict=True)))


def quality(halves: dict[str, list[Article]], tuning: Tuning = DEFAULT,
            semantic: bool = False) -> None:
    """B-cubed of the project and the baseline on each archive, plus grouping time; with
    ``semantic``, the project's sketches carry lead embeddings (``--semantic``)."""
    vectors: dict[int, np.ndarray] = {}
    if semantic:
        from analysis.corpus.grouping import lead_text
        from analysis.matching.embedding import default_encoder

        encoder = default_encoder()
        if encoder is None:
            print("the meaning model is not installed: lexical grouping only")
        else:
            every = halves["all"]
            encoded = encoder.encode([lead_text("", a.text) for a in every])
            vectors = {id(a): encoded[k] for k, a in enumerate(every)}
    tuned_threshold, _ = baseline_best(halves["tuning half"])
    print(f"{'archive':<16}{'n':>5}  {'project':<32}{'time':>7}   baseline (best threshold)"
          f"{'':8}baseline at tuning-half threshold {tuned_threshold:.2f}")
    for name, articles in halves.items():
        gold = [a.gold for a in articles]
        sketches = [sketch_article("", a.text, None, vectors.get(id(a))) for a in articles]
        stories, seconds = project_stories(articles, tuning, sketches)
        threshold, best = baseline_best(articles)
        fixed = bcubed(baseline_labels(articles, tuned_threshold), gold)
        print(f"{name:<16}{len(articles):>5}  {bcubed(stories, gold)!s:<32}{seconds:>6.2f}s"
              f"   {best} @ {threshold:.2f}   {fixed}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tune", action="store_true",
                        help="rerun the grid search of grouping constants on the tuning half")
    parser.add_argument("--throughput", type=int, default=0, metavar="N",
                        help="also run a generated archive of N articles (10000 in the issue) "
                        "through corpus mode with each --workers count "
                        "(benchmarks/corpus_throughput.py)")
    parser.add_argument("--workers", type=int, nargs="*", default=[1, 2])
    parser.add_argument("--semantic", action="store_true",
                        help="sketch with lead embeddings, as `corpus --semantic` does")
    args = parser.parse_args(argv)
    if args.throughput:
        import tempfile

        from benchmarks.corpus_throughput import throughput

        with tempfile.TemporaryDirectory(prefix="corpus-throughput-") as scratch:
            throughput(args.throughput, args.workers, Path(scratch))
    try:
        paths = topic_paths()
    except EvalDataMissing as missing:
        print(f"{missing}; nothing to measure.")
        return 0
    topics = [read_topic(p) for p in paths]
    halves = {
        "tuning half": [a for t in topics[:TUNING_TOPICS] for a in t],
        "held-out half": [a for t in topics[TUNING_TOPICS:] for a in t],
        "all": [a for t in topics for a in t],
    }
    print(f"ECB+ dev: {len(paths)} topics, {len(halves['all'])} articles, "
          f"{len({a.gold for a in halves['all']})} gold stories "
          f"(tuning half: {', '.join(p.stem for p in paths[:TUNING_TOPICS])})")
    tuning = tune(halves) if args.tune else DEFAULT
    quality(halves, tuning, args.semantic)
    return 0


if __name__ == "__main__":
    sys.exit(main())
