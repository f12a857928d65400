"""Time, CPU and memory of the analysis, semantic and lexical mode, on the sample story and on
generated stories of realistic scale.

Run: python benchmarks/speed.py [--sizes 5 50 200 1000] [--modes semantic lexical] [--repeat 1]
                                [--embed-threads N] [--traced] [--agree-at 200] [--profile]
Prints figures; asserts nothing (timings belong in a benchmark, not in unit tests).

- Sample story, each mode in a fresh process: cold (first compare in the process, the
  embedding model load included), warm (the same story again: embeddings cached) and a
  slider move (the same story at another threshold: nothing may be embedded again).
- Generated stories (``realistic_story``): N articles that copy, drop, reorder and lightly
  edit the sample story's paragraphs, ~38% of sentences duplicating an earlier one and ~15%
  filler from the development stories (benchmarks/stories), as a large real story has.
  Each size runs in each mode with every cache cleared (the cost of a new story). Next to
  each run: the TF-IDF floor (fitting scikit-learn's word TF-IDF on the same sentences, the
  least any text comparison must do) and the ratio of the run's CPU to it.
- Agreement (``--agree-at N``, 200 by default): on the N-article story, every cross-article
  pair of sentences among 8 random articles is scored exactly (all pairs, the same model);
  the fast route's matches among those pairs are compared with the exact ones.

CPU seconds (user + system, this process and its children, every BLAS thread included) are
the figure to compare on a shared machine; wall seconds depend on what else runs (the load
average is printed). ``--profile`` adds a cProfile of one semantic run at the largest size.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import random
import re
import resource
import subprocess
import sys
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.ingest.cleaning import clean_article  # noqa: E402
from analysis.ingest.loading import load_paths  # noqa: E402
from analysis.matching import embedding  # noqa: E402
from analysis.pipeline import preparation  # noqa: E402
from analysis.pipeline.comparison import PreparedStory, assemble, compare, prepare  # noqa: E402
from analysis.pipeline.settings import Settings  # noqa: E402
from analysis.results import Article, Comparison  # noqa: E402
from analysis.story.copies import CopyLinks  # noqa: E402
from analysis.text.segmentation import split_sentences  # noqa: E402
from benchmarks import figures as recorded  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample_story"
STORIES = Path(__file__).resolve().parent / "stories"
# The filler of generated stories: the four invented stories the recorded figures were
# measured with (later development stories would change every generated story)
FILLER = [STORIES / slug / "articles" for slug in (
    "aircrisp_air_fryer_recall", "carrow_falls_warehouse_fire", "halbrook_arruda_transfer",
    "vessland_rate_cut")]
MODES = ("semantic", "lexical")
PER_TEXT_CACHE = 1024  # a cache at least this big holds per-text readings (clear_caches)
SLIDER_STEP = 0.1  # the slider move: the default threshold of the mode plus this


# -- generated stories -----------------------------------------------------------------------


@dataclass(frozen=True)
class GeneratedStory:
    articles: list[Article]
    filler: frozenset[str]  # sentence texts that came from the other stories


def realistic_story(
    base: Sequence[Article],
    others: Sequence[Article],
    count: int,
    seed: int = 0,
    *,
    duplicate_share: float = 0.38,
    filler_share: float = 0.15,
) -> GeneratedStory:
    """``count`` articles about the story of ``base``, padded with filler from ``others``.

    Each article starts from one base article, drops about a quarter of its paragraphs,
    swaps a few neighbours, adds paragraphs of the other base articles until it reaches
    18-57 sentences (38 on average, as the 200-article story of the issue: 7,562
    sentences) and slips in paragraphs of other stories while filler stays under
    ``filler_share`` of the sentences. A sentence seen before is copied word for word while
    duplicates stay under ``duplicate_share`` of the sentences, and lightly edited (a word
    dropped, two neighbours swapped) otherwise, so the rest are near-copies that each need
    scoring and embedding, not exact ones the engine handles once.
    """
    rng = random.Random(seed)
    templates = [_paragraphs(a) for a in base]
    core = [p for paragraphs in templates for p in paragraphs]
    pool = [p for a in others for p in _paragraphs(a)]
    seen: set[str] = set()
    filler: set[str] = set()
    tally = Counter[str]()

    def take(sentence: str, is_filler: bool) -> str:
        tally["sentences"] += 1
        text = sentence
        if text in seen:
            if tally["duplicates"] < duplicate_share * tally["sentences"]:
                tally["duplicates"] += 1
            else:
                for _ in range(8):
                    text = _edit(sentence, rng)
                    if text not in seen:
                        break
                else:  # too short to edit into something new
                    tally["duplicates"] += 1
        seen.add(text)
        if is_filler:
            tally["filler"] += 1
            filler.add(text)
        return text

    story = []
    for k in range(count):
        template = rng.choice(templates)
        plan = [p for p in template if rng.random() > 0.25]
        for _ in range(rng.randint(0, 3)):
            if len(plan) > 2:
                i = rng.randrange(1, len(plan) - 1)
                plan[i], plan[i + 1] = plan[i + 1], plan[i]
        target = rng.randint(18, 57)
        extra = iter(rng.sample(core, k=len(core)))
        used = {id(p) for p in plan}
        paragraphs: list[str] = []
        length = 0
        while length < target:
            if paragraphs and tally["filler"] < filler_share * (tally["sentences"] + 1):
                chosen, is_filler = rng.choice(pool), True
            elif plan:
                chosen, is_filler = plan.pop(0), False
            else:
                chosen = next((p for p in extra if id(p) not in used), None)
                if chosen is None:
                    break
                used.add(id(chosen))
                is_filler = False
            paragraphs.append(" ".join(take(s, is_filler) for s in chosen))
            length += len(chosen)
        story.append(Article(id=f"generated-{k:04d}", text="\n\n".join(paragraphs)))
    return GeneratedStory(story, frozenset(filler))


def _paragraphs(article: Article) -> list[list[str]]:
    """Sentences of each cleaned paragraph with some text to it, as the engine splits them."""
    text = clean_article(article).text
    found = []
    for line in text.split("\n"):
        sentences = [s.text for s in split_sentences(line)]
        if sentences and len(line) > 40:
            found.append(sentences)
    return found


_PLAIN_WORD = re.compile(r"[A-Za-z][a-z']*")


def _edit(sentence: str, rng: random.Random) -> str:
    """Drop one or two plain words and swap two neighbours, never the first or last word
    (which would move sentence breaks)."""
    words = sentence.split()
    for _ in range(rng.randint(1, 2)):
        inner = [i for i in range(1, len(words) - 1) if _PLAIN_WORD.fullmatch(words[i])]
        if len(words) > 5 and inner:
            del words[rng.choice(inner)]
    pairs = [i for i in range(1, len(words) - 2)
             if _PLAIN_WORD.fullmatch(words[i]) and _PLAIN_WORD.fullmatch(words[i + 1])]
    if pairs:
        i = rng.choice(pairs)
        words[i], words[i + 1] = words[i + 1], words[i]
    return " ".join(words)


def story_figures(result: Comparison, filler: frozenset[str]) -> tuple[int, float, float]:
    """Sentences as the engine segmented them, duplicate share, filler share."""
    texts = [s.text for a in result.articles for s in a.sentences]
    if not texts:
        return 0, 0.0, 0.0
    duplicates = len(texts) - len(set(texts))
    return len(texts), duplicates / len(texts), sum(t in filler for t in texts) / len(texts)


# -- instruments -----------------------------------------------------------------------------


class EncodeTimer:
    """Seconds spent in ``SentenceEncoder.encode`` (wall and CPU), by wrapping the method in
    this process only, and sentences that went through the model."""

    def __init__(self) -> None:
        self.wall = self.cpu = 0.0
        original = embedding.SentenceEncoder.encode
        timer = self

        def encode(encoder: embedding.SentenceEncoder, texts: Sequence[str]):  # type: ignore[no-untyped-def]
            wall, cpu = time.perf_counter(), cpu_seconds()
            try:
                return original(encoder, texts)
            finally:
                timer.wall += time.perf_counter() - wall
                timer.cpu += cpu_seconds() - cpu

        embedding.SentenceEncoder.encode = encode  # type: ignore[method-assign]

    @staticmethod
    def computed() -> int:
        if not embedding._load_default.cache_info().currsize:  # not loaded: do not load it here
            return 0
        encoder = embedding.default_encoder()
        return encoder.sentences_computed if encoder is not None else 0


def cpu_seconds() -> float:
    """User + system CPU of this process (all threads) and its waited-for children."""
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total


def _status_mib(field: str) -> float | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def reset_peak_rss() -> bool:
    """Start a new peak-RSS window (Linux >= 4.0: VmHWM is reset by clear_refs 5)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def peak_rss_mib() -> float:
    """Peak resident memory since the last ``reset_peak_rss`` (else since the start)."""
    peak = _status_mib("VmHWM")
    return peak if peak is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def clear_caches(semantic: bool) -> None:
    """The next run starts without the per-text caches an earlier run filled: every
    bounded ``functools`` cache of the engine's modules (a new story meets none of them
    full); the unbounded or single-entry ones hold loaded models and word lists."""
    for name, module in list(sys.modules.items()):
        if name == "analysis" or name.startswith("analysis."):
            for value in list(vars(module).values()):
                parameters = getattr(value, "cache_parameters", None)
                if parameters is not None and (parameters()["maxsize"] or 0) >= PER_TEXT_CACHE:
                    value.cache_clear()
    encoder = embedding.default_encoder() if semantic else None
    if encoder is not None:
        encoder.clear_cache()


@dataclass
class Figures:
    wall: float
    cpu: float
    encode_wall: float = 0.0
    encode_cpu: float = 0.0
    embedded: int = 0


def timed(run: Callable[[], Comparison], encode: EncodeTimer) -> tuple[Figures, Comparison]:
    wall, cpu = time.perf_counter(), cpu_seconds()
    enc_wall, enc_cpu, embedded = encode.wall, encode.cpu, encode.computed()
    result = run()
    return Figures(
        wall=time.perf_counter() - wall, cpu=cpu_seconds() - cpu,
        encode_wall=encode.wall - enc_wall, encode_cpu=encode.cpu - enc_cpu,
        embedded=encode.computed() - embedded,
    ), result


def settings_for(mode: str, **changes: object) -> Settings:
    return Settings(semantic=mode == "semantic", **changes)  # type: ignore[arg-type]


# -- sample story: cold, warm, slider (one fresh process per mode) ---------------------------


def session(mode: str) -> dict[str, object]:
    """First, second and slider-moved compare of the sample story in this (fresh) process."""
    encode = EncodeTimer()
    load = {"seconds": 0.0}
    original = preparation.default_encoder

    def loading_encoder() -> embedding.SentenceEncoder | None:
        started = time.perf_counter()
        try:
            return original()
        finally:
            load["seconds"] += time.perf_counter() - started

    preparation.default_encoder = loading_encoder  # type: ignore[assignment]
    articles = list(load_paths([SAMPLE]).articles)
    settings = settings_for(mode)
    cold, result = timed(lambda: compare(articles, settings), encode)
    model_load = load["seconds"]
    warm, _ = timed(lambda: compare(articles, settings), encode)
    moved = settings_for(mode, threshold=min(1.0, settings.match_threshold + SLIDER_STEP))
    slider, moved_result = timed(lambda: compare(articles, moved), encode)
    return {
        "mode": mode, "model_load": model_load, "rss": peak_rss_mib(),
        "articles": len(result.articles),
        "sentences": sum(len(a.sentences) for a in result.articles),
        "matches": len(result.matches), "elements": len(result.elements),
        "threshold": settings.match_threshold, "moved_threshold": moved.match_threshold,
        "moved_matches": len(moved_result.matches),
        "runs": {name: f.__dict__ for name, f in
                 (("cold", cold), ("warm", warm), ("slider", slider))},
    }


def print_sessions(modes: Sequence[str]) -> list[dict]:
    """Print the sample story's cold, warm and slider runs per mode; their figures."""
    recorded = []
    print("sample story (data/sample_story), each mode in a fresh process")
    print(f"{'mode':<10}{'run':<8}{'wall s':>8}{'CPU s':>8}{'embedded':>10}{'encode s':>10}"
          f"{'matches':>9}  note")
    for mode in modes:
        done = subprocess.run(
            [sys.executable, __file__, "--session", mode],
            capture_output=True, text=True, check=True, cwd=ROOT,
        )
        data = json.loads(done.stdout.strip().splitlines()[-1])
        runs = data["runs"]
        notes = {
            "cold": f"first compare; model load {data['model_load']:.2f} s"
            if mode == "semantic" else "first compare (imports done before)",
            "warm": "same story again, caches warm",
            "slider": f"threshold {data['threshold']:.2f} -> {data['moved_threshold']:.2f}; "
            + ("re-embedded nothing" if runs["slider"]["embedded"] == 0
               else f"RE-EMBEDDED {runs['slider']['embedded']} texts"),
        }
        for name in ("cold", "warm", "slider"):
            f = runs[name]
            matches = data["moved_matches"] if name == "slider" else data["matches"]
            print(f"{mode:<10}{name:<8}{f['wall']:>8.2f}{f['cpu']:>8.2f}{f['embedded']:>10}"
                  f"{f['encode_wall']:>10.2f}{matches:>9}  {notes[name]}")
        print(f"{'':<10}{data['sentences']} sentences, {data['elements']} elements; "
              f"process peak RSS {data['rss']:.0f} MiB")
        recorded.append(data)
    return recorded


# -- generated stories -----------------------------------------------------------------------


def measure(
    articles: list[Article], mode: str, encode: EncodeTimer, repeat: int, traced_run: bool
) -> tuple[Figures, float, float, Comparison]:
    """Best of ``repeat`` cold runs (fewest CPU seconds), peak RSS over them, then (with
    ``traced_run``) the peak traced memory of one more cold run."""
    settings = settings_for(mode)
    best: Figures | None = None
    reset_peak_rss()
    for _ in range(max(1, repeat)):
        clear_caches(mode == "semantic")
        figures, result = timed(lambda: compare(articles, settings), encode)
        if best is None or figures.cpu < best.cpu:
            best = figures
    rss = peak_rss_mib()
    assert best is not None
    if not traced_run:
        return best, float("nan"), rss, result
    clear_caches(mode == "semantic")
    tracemalloc.start()
    compare(articles, settings)
    _, traced = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return best, traced / 2**20, rss, result


def tfidf_floor(result: Comparison) -> float:
    """CPU seconds to fit word TF-IDF on the story's sentences: the least a text
    comparison must do, for the ratio the issue asks for."""
    texts = [s.text for a in result.articles for s in a.sentences]
    started = cpu_seconds()
    TfidfVectorizer().fit_transform(texts)
    return cpu_seconds() - started


def agreement(articles: list[Article], mode: str, sample: int = 8, seed: int = 0) -> str:
    """Fast route vs exact scoring of every cross-article pair among ``sample`` articles:
    the sentence pairs Side by side links (through copies and families,
    ``analysis.story.copies``) and the overlap shares the heatmap draws, against the same from
    the exact scores."""
    found = agreement_figures(articles, mode, sample, seed)
    if not found:
        return "nothing to compare"
    return (f"{found['pairs']:,} pairs among {found['articles']} articles scored exactly: "
            f"{found['exact']:,} exact matches, {found['fast']:,} fast-route matches, "
            f"{found['both']:,} in both: recall {found['recall']:.1%}, "
            f"precision {found['precision']:.1%}; "
            f"overlap shares off by {found['share_error']:.1f} points on average; "
            f"of the exact matches the candidate floors admit ({found['above_floors']:,}), "
            f"the fast route finds {found['floors_recall']:.1%}")


def agreement_figures(articles: list[Article], mode: str, sample: int = 8, seed: int = 0
                      ) -> dict[str, float]:
    """The figures of ``agreement`` (empty when there is nothing to compare)."""
    prepared = prepare(articles, settings_for(mode))
    comparison = assemble(prepared)
    if prepared.aligner is None:
        return {}
    threshold = float(comparison.settings["threshold"])  # type: ignore[arg-type]
    rng = random.Random(seed)
    chosen = sorted(rng.sample(range(len(prepared.articles)), k=min(sample, len(articles))))
    units = [k for k, (doc, _) in enumerate(prepared.corpus) if doc in set(chosen)]
    pairs = [(i, j) for x, i in enumerate(units) for j in units[x + 1:]
             if prepared.groups[i] != prepared.groups[j]]
    scored = prepared.aligner.score(pairs)
    exact = {pair for pair, p in zip(pairs, scored.probability.tolist(), strict=True)
             if p >= threshold}
    where = {(prepared.articles[doc].id, s.index): k for k, (doc, s) in enumerate(prepared.corpus)}
    links = CopyLinks.of(comparison)
    fast = set()
    ids = [prepared.articles[doc].id for doc in chosen]
    for x, a in enumerate(ids):
        for b in ids[x + 1:]:
            for m in links.between(comparison, a, b):
                i, j = where[(m.a, m.a_sentence)], where[(m.b, m.b_sentence)]
                fast.add((min(i, j), max(i, j)))
    both = len(exact & fast)
    proposable = _above_floors(prepared, units, exact)
    return {
        "pairs": len(pairs), "articles": len(chosen), "exact": len(exact), "fast": len(fast),
        "both": both, "recall": both / len(exact) if exact else 1.0,
        "precision": both / len(fast) if fast else 1.0,
        "share_error": _share_error(prepared, comparison, exact, ids),
        "above_floors": len(proposable),
        "floors_recall": len(proposable & fast) / len(proposable) if proposable else 1.0,
    }


def _above_floors(prepared: PreparedStory, units: list[int], exact: set[tuple[int, int]]
                  ) -> set[tuple[int, int]]:
    """The exact matches that the candidate search's floors admit (some unit pair with a
    TF-IDF cosine at or above ``candidate_floor``, or an embedding cosine at or above
    ``semantic_floor``): what an exhaustive search with the same floors, and no limit on
    neighbours, would score. The rest are pairs the model was never meant to be asked about
    (it learned on candidates), where an all-pairs score is no better evidence."""
    aligner = prepared.aligner
    assert aligner is not None
    owner = aligner.units.owner
    chosen = np.flatnonzero(np.isin(owner, units))
    ex = aligner.extractor
    rows = ex.row_of_[chosen]
    both = sparse.hstack([ex.word_matrix_[rows], ex.char_matrix_[rows]], format="csr")
    lexical = (both @ both.T).toarray() / 2
    admitted = lexical >= prepared.settings.candidate_floor
    if aligner.vectors is not None:
        vectors = aligner.vectors[chosen]
        admitted |= vectors @ vectors.T >= prepared.settings.semantic_floor
    sentence = owner[chosen]
    found = {(int(min(a, b)), int(max(a, b)))
             for a, b in zip(sentence[np.nonzero(admitted)[0]], sentence[np.nonzero(admitted)[1]],
                             strict=True)}
    return exact & found


def _share_error(prepared: PreparedStory, comparison: Comparison, exact: set[tuple[int, int]],
                 ids: list[str]) -> float:
    """Mean absolute difference, in points, between the shares of A that B carries as the
    comparison reports them and as the exact matches give them, over the chosen pairs."""
    carried: dict[tuple[str, str], set[int]] = {}
    for i, j in exact:
        a, b = (prepared.articles[int(prepared.groups[k])].id for k in (i, j))
        carried.setdefault((a, b), set()).add(i)
        carried.setdefault((b, a), set()).add(j)
    matchable = prepared.matchable()
    reported = {}
    for pair in comparison.pairs:
        reported[(pair.a, pair.b)], reported[(pair.b, pair.a)] = pair.a_in_b, pair.b_in_a
    errors = [abs(reported[(a, b)] - len(carried.get((a, b), ())) / max(matchable[a], 1))
              for a in ids for b in ids if a != b]
    return 100 * sum(errors) / max(len(errors), 1)


@contextmanager
def profiled(top: int = 30) -> Iterator[None]:
    profile = cProfile.Profile()
    profile.enable()
    try:
        yield
    finally:
        profile.disable()
        out = io.StringIO()
        stats = pstats.Stats(profile, stream=out).strip_dirs().sort_stats("cumulative")
        stats.print_stats(top)
        print(out.getvalue())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[5, 50, 200, 1000])
    parser.add_argument("--modes", nargs="*", choices=MODES, default=list(MODES))
    parser.add_argument("--repeat", type=int, default=1, help="cold runs per row (best kept)")
    parser.add_argument("--embed-threads", type=int, default=0,
                        help="BLAS threads of the encoder (default: the engine's, all usable CPUs)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--traced", action="store_true",
                        help="one more run per row under tracemalloc (slow at 1,000)")
    parser.add_argument("--agree-at", type=int, default=200,
                        help="story size for the fast-vs-exact check (0: skip)")
    parser.add_argument("--profile", action="store_true",
                        help="cProfile one cold semantic run at the largest size")
    parser.add_argument("--record", action="store_true",
                        help="record the figures in docs/figures.json (benchmarks/figures.py "
                        "renders the README's table from them)")
    parser.add_argument("--session", choices=MODES, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.embed_threads > 0:  # read when the encoder loads; sessions inherit it
        os.environ[embedding.THREADS_ENV] = str(args.embed_threads)
    if args.session:
        print(json.dumps(session(args.session)))
        return

    load = os.getloadavg()
    print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} CPUs; "
          f"embedding threads {os.environ.get(embedding.THREADS_ENV) or 'all usable CPUs'}")
    sessions = print_sessions(args.modes)
    measured: list[dict] = []

    encode = EncodeTimer()
    sample = list(load_paths([SAMPLE]).articles)
    others = list(load_paths(FILLER).articles)
    for mode in args.modes:
        compare(sample[:2], settings_for(mode))  # warm imports, the model files, BLAS threads
    print()
    print(f"{'story':<16}{'mode':<10}{'articles':>9}{'sentences':>10}{'dup':>5}{'fill':>5}"
          f"{'matches':>9}{'elements':>9}{'wall s':>8}{'CPU s':>8}{'embedded':>9}"
          f"{'enc s':>7}{'enc CPU':>8}{'traced':>8}{'RSS':>6}{'floor':>7}{'ratio':>7}")
    rows = [("sample story", sample, frozenset[str]())] + [
        (f"generated x{n}", *_generated(sample, others, n, args.seed)) for n in args.sizes
    ]
    for name, articles, filler in rows:
        for mode in args.modes:
            f, traced, rss, result = measure(articles, mode, encode, args.repeat, args.traced)
            measured.append({"story": name, "mode": mode, "articles": len(articles),
                             "sentences": story_figures(result, filler)[0],
                             "matches": len(result.matches), "wall": round(f.wall, 2),
                             "cpu": round(f.cpu, 2), "encode_cpu": round(f.encode_cpu, 2),
                             "rss": round(rss)})
            sentences, dup, fill = story_figures(result, filler)
            floor = tfidf_floor(result)
            print(f"{name:<16}{mode:<10}{len(articles):>9}{sentences:>10}{dup:>5.0%}{fill:>5.0%}"
                  f"{len(result.matches):>9}{len(result.elements):>9}{f.wall:>8.2f}{f.cpu:>8.2f}"
                  f"{f.embedded:>9}{f.encode_wall:>7.2f}{f.encode_cpu:>8.2f}"
                  f"{traced:>7.0f}M{rss:>5.0f}M{floor:>7.2f}{f.cpu / max(floor, 1e-3):>6.0f}x",
                  flush=True)
    print("wall/CPU s: best of the cold runs (fewest CPU s); embedded: texts (sentences and "
          "clauses) through the model; enc s / enc CPU: inside SentenceEncoder.encode; traced: "
          "peak tracemalloc MiB of one more run; RSS: peak resident MiB over the timed runs")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process peak resident memory: {rss:.0f} MiB (imports and model included)")
    load = os.getloadavg()
    print(f"load average at the end {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")

    agreements = {}
    if args.agree_at:
        articles, _ = _generated(sample, others, args.agree_at, args.seed)
        for mode in args.modes:
            agreements[mode] = agreement(articles, mode)
            print(f"agreement at {args.agree_at} articles, {mode}: {agreements[mode]}",
                  flush=True)
    if args.record:
        record_figures(sessions, measured, agreements, args, load)

    if args.profile and args.sizes and "semantic" in args.modes:
        articles, _ = _generated(sample, others, max(args.sizes), args.seed)
        clear_caches(True)
        print(f"\ncProfile, one cold semantic run, generated x{max(args.sizes)}:")
        with profiled():
            compare(articles, settings_for("semantic"))


def record_figures(sessions: list[dict], measured: list[dict], agreements: dict[str, str],
                   args: argparse.Namespace, load: tuple[float, float, float]) -> None:
    """The run's figures as ``docs/figures.json``'s ``speed`` section."""
    figures = recorded.load()
    figures["speed"] = {
        "run": {"date": time.strftime("%Y-%m-%d"), "sizes": args.sizes, "modes": args.modes,
                "load_average": round(load[0], 2), "cpus": os.cpu_count()},
        "sessions": [{"mode": d["mode"], "articles": d["articles"], "sentences": d["sentences"],
                      "rss": round(d["rss"]),
                      "matches": d["matches"], "moved_matches": d["moved_matches"],
                      **{run: {k: round(v, 2) for k, v in d["runs"][run].items()
                               if k in ("wall", "cpu")} for run in ("cold", "warm", "slider")}}
                     for d in sessions],
        "stories": measured,
        "agreement": {"articles": args.agree_at, **agreements} if agreements else {},
    }
    recorded.save(figures)
    print(f"recorded in {recorded.FIGURES.relative_to(ROOT)}; run benchmarks/figures.py "
          "to render")


def _generated(
    sample: list[Article], others: list[Article], count: int, seed: int
) -> tuple[list[Article], frozenset[str]]:
    story = realistic_story(sample, others, count, seed)
    return story.articles, story.filler


if __name__ == "__main__":
    main()
