"""Corpus mode throughput: a generated archive of N articles through ``run_corpus`` with 1
and 2 local workers; wall time, peak memory of the client and of the workers, stories found
and their B-cubed agreement with the generated stories.

The archive imitates a week of 50 outlets: story sizes are heavy-tailed (most stories are
covered by one to four outlets, a few by dozens), an article copies, trims or lightly edits
its story's seed text (wire copy), and each story is a *look-alike* of its seed: every
capitalised word and number of the seed is replaced consistently by one of the story's own
(other people, places and figures in the same wording), so grouping must split look-alikes
rather than lump everything that shares a template. Seeds are the development texts
(benchmarks/stories and the ECB+ odd topics when ../shared/eval is present).
"""

from __future__ import annotations

import json
import random
import re
import threading
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import psutil

from analysis.ingest.loading import load_paths
from benchmarks.corpus import bcubed
from benchmarks.speed import FILLER

ROOT = Path(__file__).resolve().parents[1]
OUTLETS = 50
_CAPITALISED = re.compile(r"\b[A-Z][a-z]{2,}\b")
_NUMBER = re.compile(r"\b\d+(?:[.,]\d+)?\b")
_SYLLABLES = ["ka", "lo", "mi", "ran", "te", "vo", "shi", "bel", "dor", "an", "qui", "zu",
              "mar", "en", "tos", "ri", "fel", "ga", "no", "wen"]


def seed_texts() -> list[str]:
    """Development texts only: the invented stories, and ECB+ odd topics if present."""
    texts = [a.text for a in load_paths(FILLER).articles]
    try:
        from benchmarks.ecbplus_data import topic_paths

        texts += [a.text for a in load_paths(topic_paths()).articles]
    except (FileNotFoundError, OSError, SystemExit):
        pass
    return [t for t in texts if len(t) > 400]


def _name(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def _look_alike(text: str, rng: random.Random) -> str:
    """The seed with its names and numbers replaced, each consistently."""
    names: dict[str, str] = {}
    numbers: dict[str, str] = {}
    text = _CAPITALISED.sub(lambda m: names.setdefault(m.group(), _name(rng)), text)
    return _NUMBER.sub(lambda m: numbers.setdefault(m.group(), str(rng.randint(2, 999))), text)


def _version(text: str, rng: random.Random) -> str:
    """One outlet's article of the story: a copy, a trimmed copy or a lightly edited one."""
    paragraphs = [p for p in text.split("\n") if p.strip()]
    roll = rng.random()
    if roll < 0.35:
        return "\n".join(paragraphs)
    if roll < 0.7:
        keep = max(2, int(len(paragraphs) * rng.uniform(0.5, 0.9)))
        return "\n".join(paragraphs[:keep])
    edited = []
    for p in paragraphs:
        words = p.split()
        if len(words) > 8 and rng.random() < 0.5:
            del words[rng.randrange(1, len(words) - 1)]
        edited.append(" ".join(words))
    return "\n".join(edited)


def story_sizes(count: int, rng: random.Random) -> list[int]:
    """Heavy-tailed sizes summing to ``count``: P(size >= s) ~ 1/s, capped at the outlets."""
    sizes = []
    while sum(sizes) < count:
        sizes.append(min(OUTLETS, int(1 / max(rng.random(), 1 / OUTLETS))))
    sizes[-1] -= sum(sizes) - count
    return [s for s in sizes if s > 0]


def write_archive(folder: Path, count: int, seed: int = 0, files: int = 8) -> dict[str, int]:
    """``count`` generated articles in ``files`` JSON-lines files; article id -> story."""
    rng = random.Random(seed)
    seeds = seed_texts()
    outlets = [f"{_name(rng)} {rng.choice(['Post', 'Times', 'News', 'Herald', 'Daily'])}"
               for _ in range(OUTLETS)]
    folder.mkdir(parents=True, exist_ok=True)
    streams = [open(folder / f"archive-{k:02d}.jsonl", "w", encoding="utf-8")
               for k in range(files)]
    gold: dict[str, int] = {}
    try:
        for story, size in enumerate(story_sizes(count, rng)):
            event = _look_alike(rng.choice(seeds), rng)
            day = 1 + story % 28
            for n, outlet in enumerate(rng.sample(outlets, size)):
                article_id = f"s{story:05d}-{n:02d}"
                gold[article_id] = story
                record = {"id": article_id, "source": outlet,
                          "title": event.split("\n", 1)[0][:120],
                          "published": f"2026-02-{min(28, day + rng.randint(0, 1)):02d}",
                          "text": _version(event, rng)}
                rng.choice(streams).write(json.dumps(record) + "\n")
    finally:
        for stream in streams:
            stream.close()
    return gold


@contextmanager
def peak_memory() -> Iterator[dict[str, float]]:
    """Peak resident MiB of this process and, separately, of all its child processes
    together (the local workers), sampled every 0.1 s."""
    peaks = {"client": 0.0, "workers": 0.0}
    me = psutil.Process()
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            try:
                peaks["client"] = max(peaks["client"], me.memory_info().rss / 2**20)
                children = me.children(recursive=True)
                peaks["workers"] = max(peaks["workers"], sum(
                    c.memory_info().rss for c in children if c.is_running()) / 2**20)
            except psutil.Error:
                pass
            stop.wait(0.1)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    try:
        yield peaks
    finally:
        stop.set()
        thread.join()


def throughput(count: int, workers: Sequence[int], scratch: Path, seed: int = 0) -> list[dict]:
    """One corpus run per worker count on the same generated archive."""
    from analysis.corpus.run import CorpusSettings, run_corpus

    gold = write_archive(scratch / "archive", count, seed)
    print(f"generated archive: {len(gold):,} articles in {len(set(gold.values())):,} stories "
          f"({sum(1 for v in Counter(gold.values()).values() if v > 1):,} of two or more), "
          f"{sum(p.stat().st_size for p in (scratch / 'archive').glob('*.jsonl')) / 2**20:.0f} MiB")
    rows = []
    for n in workers:
        out = scratch / f"out-{n}"
        with peak_memory() as peaks:
            started = time.perf_counter()
            result = run_corpus([str(scratch / "archive")], out, CorpusSettings(workers=n))
            wall = time.perf_counter() - started
        ids = list(gold)
        position = {article_id: k for k, article_id in enumerate(ids)}
        stories = [[position[a["id"]] for a in json.loads(line)["articles"]]
                   for line in (out / "stories.jsonl").read_text().splitlines()]
        scores = bcubed(stories, [gold[i] for i in ids])
        p, r, f = scores.precision, scores.recall, scores.f1
        row = {"workers": n, "articles": result.articles, "stories": result.stories,
               "compared": result.compared, "wall": round(wall, 1),
               "client_mib": round(peaks["client"]), "workers_mib": round(peaks["workers"]),
               "bcubed": (round(p, 3), round(r, 3), round(f, 3))}
        print(f"workers {n}: {wall:.1f} s wall, {result.stories:,} stories "
              f"({result.compared:,} compared), peak RSS client {peaks['client']:.0f} MiB, "
              f"workers together {peaks['workers']:.0f} MiB; grouping B-cubed "
              f"P {p:.3f} R {r:.3f} F1 {f:.3f}", flush=True)
        rows.append(row)
    return rows


def main() -> None:
    import argparse
    import os
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--workers", type=int, nargs="*", default=[1, 2])
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    load = os.getloadavg()
    print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory(prefix="corpus-throughput-") as scratch:
        throughput(args.articles, args.workers, Path(scratch), args.seed)
    load = os.getloadavg()
    print(f"load average at the end {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


if __name__ == "__main__":
    main()
