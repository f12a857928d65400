"""How well the engine finds what sources share, measured through its public API only.

Sections (``--sections ecb,sts,msrp,stories``, all by default):

- ecb: ECB+ dev topics (../shared/eval/ecbplus, odd topics only). Each topic bundle is
  loaded with ``analysis.ingest.loading.load_paths`` and compared whole (both look-alike events
  mixed). (a) article pairs, same event vs look-alike event: ROC-AUC of
  ``comparison.pairs[k].similarity`` against TF-IDF cosine of whole articles; (b) pairs of
  ECB+-annotated sentences in different articles, "linked" when they mention a common
  cross-document event: precision/recall/F1 of ``comparison.matches`` at the default
  threshold; (c) a TF-IDF sentence baseline with its F1-best threshold, and the project's
  recall at the baseline's precision (threshold swept on a second run at threshold 0.05).
- sts: STS-news test, Pearson/Spearman of ``analysis.cli.pairs.score_pairs`` scores.
- msrp: MSRP test, accuracy/F1 of ``score_pairs`` verdicts at the default threshold.
- stories: claim-level hand labels (benchmarks/stories/*/claims.json, development) and the
  held-out sample story (tests/fixtures/sample_claims.json), see benchmarks/claim_eval.py.

Run: python benchmarks/coverage.py [--sections ecb,sts] [--json] [--examples] [--jobs 2]
[--every-pair]
(about 2-3 minutes on 2 cores, nearly all of it ECB+; exit code 0 even when data is missing)
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from itertools import combinations, repeat
from pathlib import Path

import numpy as np
from scipy.stats import pearsonr, spearmanr
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import precision_recall_curve, roc_auc_score

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.cli.pairs import score_pairs  # noqa: E402
from analysis.ingest.loading import load_paths  # noqa: E402
from analysis.pipeline.comparison import compare  # noqa: E402
from analysis.pipeline.settings import Settings  # noqa: E402
from analysis.results import ArticleResult, Comparison  # noqa: E402
from benchmarks.claim_eval import (  # noqa: E402
    ClaimLabelError,
    ClaimScores,
    evaluate_claims,
    parse_claims,
)
from benchmarks.ecb_stories import story_input  # noqa: E402
from benchmarks.ecbplus_data import EcbDoc, read_gold, topic_paths  # noqa: E402
from benchmarks.eval_data import EvalDataMissing, read_msrp, read_sts  # noqa: E402

SECTIONS = ("ecb", "sts", "msrp", "stories")
LOW_THRESHOLD = 0.05  # second ECB+ run: scores of pairs below the default threshold
SWEEP = (0.05, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)  # cuts shown for the second run
STORIES = ROOT / "benchmarks" / "stories"
HELD_OUT = (ROOT / "tests" / "fixtures" / "sample_claims.json", ROOT / "data" / "sample_story")
TFIDF = "TF-IDF cosine, word 1-2 grams, sublinear_tf, fitted per topic"
GoldKey = tuple[str, int]  # (ECB+ doc id, ECB+ sentence number)


def tfidf_cosines(fit_on: Sequence[str], texts: Sequence[str], *,
                  sublinear: bool = True) -> np.ndarray:
    """Cosine matrix of ``texts`` under word 1-2 gram TF-IDF fitted on ``fit_on``."""
    vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=sublinear).fit(fit_on)
    matrix = vectorizer.transform(texts)
    return (matrix @ matrix.T).toarray()


def normalise(text: str) -> str:
    return " ".join(text.split())


def rounded(value: float | None, digits: int = 4) -> float | None:
    return None if value is None or np.isnan(value) else round(float(value), digits)


def score_every_pair() -> None:
    """Score every pair of sentences of different sources instead of the candidates the
    product proposes (``--every-pair``): the reference the candidate search is measured
    against. In this process only; several times slower."""
    from analysis.matching.alignment import Aligner

    def every_pair(self: Aligner, groups: np.ndarray, *_: object, **__: object
                   ) -> list[tuple[int, int]]:
        left, right = np.triu_indices(len(groups), 1)
        keep = groups[left] != groups[right]
        return list(zip(left[keep].tolist(), right[keep].tolist(), strict=True))

    Aligner.candidates = every_pair  # type: ignore[method-assign]


# ---------------------------------------------------------------- ECB+: one topic


@dataclass
class TopicResult:
    """Rows of one topic: article pairs and annotated sentence pairs."""

    topic: str
    articles: int
    article_rows: list[tuple[int, float, float, float]]  # (same event, project, TF-IDF, event)
    sentence_rows: list[tuple[GoldKey, GoldKey, int, float, float, float]]
    # (gold a, gold b, linked, score at default (0 = no match), score at 0.05, TF-IDF)
    mapping: Counter
    load_problems: int


def sentence_to_gold(result: ArticleResult, doc: EcbDoc, stats: Counter) -> dict[int, int]:
    """Project sentence index -> ECB+ sentence number of the bundle line it comes from.

    By offsets first: ``Sentence.start`` indexes the cleaned text, whose lines are the
    article's non-empty lines minus those cleaning removed (``RemovedLine.line``); the
    article text holds the gold sentences one per line. The result is checked by text
    containment, and where offsets do not hold, the sentence is looked up by containment.
    """
    lines = result.article.text.split("\n")
    removed = {r.line for r in result.removed}
    kept = [n for n, raw in enumerate(lines) if raw.strip() and n not in removed]
    cleaned = result.cleaned_text.split("\n")
    offsets_hold = len(lines) == len(doc.sentences) and len(kept) == len(cleaned) and all(
        lines[n].strip() == line for n, line in zip(kept, cleaned, strict=True))
    gold_texts = [normalise(text) for _, text in doc.sentences]
    mapped: dict[int, int] = {}
    last = 0
    for sentence in result.sentences:
        wanted = normalise(sentence.text)
        position = None
        if offsets_hold:
            candidate = kept[result.cleaned_text.count("\n", 0, sentence.start)]
            if wanted in gold_texts[candidate]:
                position, how = candidate, "offsets"
        if position is None:
            order = list(range(last, len(gold_texts))) + list(range(last))
            position = next((k for k in order if wanted in gold_texts[k]), None)
            how = "text" if position is not None else "unmapped"
        stats[how] += 1
        if position is not None:
            mapped[sentence.index] = doc.sentences[position][0]
            last = position
    return mapped


def gold_sentence_pairs(docs: Sequence[EcbDoc]) -> list[tuple[GoldKey, GoldKey, int]]:
    """Annotated sentences of different articles, with 1 when they share an event."""
    by_id = {doc.doc_id: doc for doc in docs}
    keys = sorted((doc.doc_id, n) for doc in docs for n in doc.annotated)
    return [
        (a, b, int(by_id[a[0]].linked(a[1], by_id[b[0]], b[1])))
        for a, b in combinations(keys, 2) if a[0] != b[0]
    ]


def matched_scores(comparison: Comparison, doc_of: dict[str, str],
                   to_gold: dict[str, dict[int, int]]) -> dict[frozenset, float]:
    """Best match score per unordered pair of gold sentences (different articles)."""
    best: dict[frozenset, float] = {}
    for m in comparison.matches:
        a = to_gold.get(m.a, {}).get(m.a_sentence)
        b = to_gold.get(m.b, {}).get(m.b_sentence)
        if a is None or b is None:
            continue
        key = frozenset({(doc_of[m.a], a), (doc_of[m.b], b)})
        best[key] = max(best.get(key, 0.0), float(m.score))
    return best


def run_topic(path: Path, gold: dict[str, EcbDoc]) -> TopicResult:
    report = load_paths([path])
    articles = list(report.articles)
    doc_of = {a.id: a.source if a.source in gold else a.title for a in articles}
    docs = [gold[doc_of[a.id]] for a in articles]
    default = compare(articles, Settings())
    low = compare(articles, Settings(threshold=LOW_THRESHOLD))
    stats: Counter = Counter()
    to_gold = {r.id: sentence_to_gold(r, gold[doc_of[r.id]], stats) for r in default.articles}
    low_gold = {r.id: sentence_to_gold(r, gold[doc_of[r.id]], Counter()) for r in low.articles}
    reached = {(doc_of[aid], n) for aid, found in to_gold.items() for n in found.values()}
    stats["annotated"] = sum(len(d.annotated) for d in docs)
    stats["annotated_lost"] = sum((d.doc_id, n) not in reached for d in docs for n in d.annotated)
    return TopicResult(
        topic=path.stem,
        articles=len(articles),
        article_rows=_article_rows(default, articles, doc_of, gold),
        sentence_rows=_sentence_rows(docs, matched_scores(default, doc_of, to_gold),
                                     matched_scores(low, doc_of, low_gold)),
        mapping=stats,
        load_problems=len(report.problems),
    )


def _article_rows(comparison: Comparison, articles: list, doc_of: dict[str, str],
                  gold: dict[str, EcbDoc]) -> list[tuple[int, float, float, float]]:
    similarity = {frozenset({p.a, p.b}): float(p.similarity) for p in comparison.pairs}
    event = {frozenset({p.a, p.b}): float(p.event_similarity) for p in comparison.pairs}
    ids = [a.id for a in articles]
    texts = [a.text for a in articles]
    cosine = tfidf_cosines(texts, texts)
    rows = []
    for i, j in combinations(range(len(ids)), 2):
        same = int(gold[doc_of[ids[i]]].subtopic == gold[doc_of[ids[j]]].subtopic)
        key = frozenset({ids[i], ids[j]})
        rows.append((same, similarity.get(key, 0.0), float(cosine[i, j]), event.get(key, 0.0)))
    return rows


def _sentence_rows(docs: list[EcbDoc], default: dict[frozenset, float],
                   low: dict[frozenset, float]) -> list:
    all_keys = [(d.doc_id, n) for d in docs for n, _ in d.sentences]
    texts = [text for d in docs for _, text in d.sentences]
    cosine = tfidf_cosines(texts, texts)
    where = {key: k for k, key in enumerate(all_keys)}
    rows = []
    for a, b, linked in gold_sentence_pairs(docs):
        key = frozenset({a, b})
        rows.append((a, b, linked, default.get(key, 0.0), low.get(key, 0.0),
                     float(cosine[where[a], where[b]])))
    return rows


# ---------------------------------------------------------------- ECB+: summary


def prf(predicted: np.ndarray, gold: np.ndarray) -> dict[str, float | None]:
    hits = int((predicted & gold).sum())
    p = hits / predicted.sum() if predicted.sum() else None
    r = hits / gold.sum() if gold.sum() else None
    f = 2 * hits / (predicted.sum() + gold.sum()) if predicted.sum() + gold.sum() else None
    return {"precision": rounded(p), "recall": rounded(r), "f1": rounded(f),
            "predicted": int(predicted.sum()), "hits": hits}


def best_f1_threshold(labels: np.ndarray, scores: np.ndarray) -> float:
    precision, recall, thresholds = precision_recall_curve(labels, scores)
    f1 = 2 * precision[:-1] * recall[:-1] / np.maximum(precision[:-1] + recall[:-1], 1e-12)
    f1[thresholds <= 0] = -1  # a cut at 0 would call every pair linked
    return float(thresholds[int(np.argmax(f1))])


def recall_at_precision(labels: np.ndarray, scores: np.ndarray,
                        floor: float) -> tuple[float, float | None]:
    """Highest recall (and its threshold) among cuts > 0 with precision >= floor."""
    precision, recall, thresholds = precision_recall_curve(labels, scores)
    ok = (precision[:-1] >= floor) & (thresholds > 0)
    if not ok.any():
        return 0.0, None
    k = int(np.argmax(np.where(ok, recall[:-1], -1)))
    return float(recall[k]), float(thresholds[k])


def auc(labels: Sequence[int], scores: Sequence[float]) -> float | None:
    return rounded(roc_auc_score(labels, scores)) if len(set(labels)) == 2 else None


def summarise_ecb(topics: list[TopicResult]) -> dict:
    art = np.asarray([row for t in topics for row in t.article_rows], dtype=float)
    same = art[:, 0].astype(int)
    rows = [row for t in topics for row in t.sentence_rows]
    linked = np.asarray([r[2] for r in rows], dtype=bool)
    default, low, cosine = (np.asarray([r[k] for r in rows]) for k in (3, 4, 5))
    cut = best_f1_threshold(linked, cosine)
    baseline = prf(cosine >= cut, linked)
    recall, project_cut = recall_at_precision(linked, low, baseline["precision"] or 0.0)
    at_default = prf(default > 0, linked)
    tfidf_recall, tfidf_cut = recall_at_precision(linked, cosine, at_default["precision"] or 1.0)
    mapping = sum((t.mapping for t in topics), Counter())
    return {
        "topics": len(topics), "articles": sum(t.articles for t in topics),
        "load_problems": sum(t.load_problems for t in topics),
        "article_pairs": {
            "pairs": len(same), "same_event": int(same.sum()),
            "auc_project": auc(same, art[:, 1]), "auc_tfidf": auc(same, art[:, 2]),
            "auc_event": auc(same, art[:, 3]),
            "tfidf": TFIDF + " on the topic's article texts",
            "same_event_at_zero": rounded(float((art[same == 1, 1] == 0).mean())),
            "other_event_at_zero": rounded(float((art[same == 0, 1] == 0).mean())),
        },
        "sentence_mapping": dict(mapping),
        "sentence_pairs": {
            "pairs": len(rows), "linked": int(linked.sum()),
            "project_default": at_default,
            "project_low_run": {f"{cut:.2f}": prf(low >= cut, linked) for cut in SWEEP},
            "runs_disagree": int(((default > 0) != (low >= Settings().match_threshold)).sum()),
            "tfidf": {"threshold": round(cut, 4), **baseline,
                      "what": TFIDF + " on all the topic's sentences"},
            "project_recall_at_tfidf_precision": rounded(recall),
            "project_threshold_at_tfidf_precision": rounded(project_cut),
            "tfidf_recall": baseline["recall"],
            "recall_difference": rounded(recall - (baseline["recall"] or 0.0)),
            "tfidf_recall_at_project_precision": rounded(tfidf_recall),
            "tfidf_threshold_at_project_precision": rounded(tfidf_cut),
        },
        "per_topic": [_topic_summary(t) for t in topics],
    }


def _topic_summary(t: TopicResult) -> dict:
    labels = [r[0] for r in t.article_rows]
    linked = np.asarray([r[2] for r in t.sentence_rows], dtype=bool)
    default = np.asarray([r[3] for r in t.sentence_rows]) > 0
    same_sims = [r[1] for r in t.article_rows if r[0] == 1]
    return {
        "topic": t.topic, "articles": t.articles, "pairs": len(labels),
        "same_event": sum(labels),
        "auc_project": auc(labels, [r[1] for r in t.article_rows]),
        "auc_tfidf": auc(labels, [r[2] for r in t.article_rows]),
        "same_event_at_zero": rounded(float(np.mean([s == 0 for s in same_sims])))
        if same_sims else None,
        "linked": int(linked.sum()), **{f"sentence_{k}": v for k, v in
                                          prf(default, linked).items() if k != "hits"},
    }


def ecb_examples(topics: list[TopicResult], gold: dict[str, EcbDoc], count: int = 10) -> dict:
    """A seeded sample of misses (linked, not matched) and false matches, to read."""
    text = {(d.doc_id, n): t for d in gold.values() for n, t in d.sentences}
    rows = [row for t in topics for row in t.sentence_rows]
    misses = [r for r in rows if r[2] and r[3] == 0]
    false = [r for r in rows if not r[2] and r[3] > 0]
    rng = random.Random(0)

    def show(sample: list) -> list[dict]:
        return [{"a": f"{a[0]}#{a[1]}", "b": f"{b[0]}#{b[1]}", "score_low_run": round(low, 3),
                 "score": round(score, 3), "tfidf": round(cos, 3),
                 "a_text": text[a], "b_text": text[b]}
                for a, b, _, score, low, cos in sample]

    return {"misses": show(rng.sample(misses, min(count, len(misses)))),
            "false_matches": show(rng.sample(false, min(count, len(false))))}


def run_ecb(examples: bool, jobs: int = 1, every_pair: bool = False) -> dict:
    gold = read_gold()
    paths = topic_paths()
    setup = score_every_pair if every_pair else None
    if jobs > 1:  # topics are independent; CPU time of the workers is counted too
        with ProcessPoolExecutor(max_workers=jobs, initializer=setup) as pool:
            topics = list(pool.map(run_topic, paths, repeat(gold, len(paths))))
    else:
        if setup:
            setup()
        topics = [run_topic(path, gold) for path in paths]
    summary = summarise_ecb(topics)
    summary["candidates"] = "every pair of sentences of different sources" if every_pair \
        else "the product's candidate search"
    if examples:
        summary["examples"] = ecb_examples(topics, gold)
    return summary


# ---------------------------------------------------------------- STS, MSRP


def run_sts() -> dict:
    data = read_sts("test")
    gold = np.asarray(data.labels)
    project = np.asarray([v.score for v in score_pairs(list(zip(data.left, data.right,
                                                                 strict=True)))])
    result = {"pairs": len(gold), "project": _correlations(project, gold)}
    for name, sublinear in (("tfidf_plain", False), ("tfidf_sublinear", True)):
        result[name] = _correlations(_paired_cosine(data.left, data.right, sublinear), gold)
    return result


def _paired_cosine(left: list[str], right: list[str], sublinear: bool) -> np.ndarray:
    vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=sublinear)
    matrix = vectorizer.fit_transform(left + right)
    n = len(left)
    return np.asarray(matrix[:n].multiply(matrix[n:]).sum(axis=1)).ravel()


def _correlations(scores: np.ndarray, gold: np.ndarray) -> dict[str, float | None]:
    return {"pearson": rounded(pearsonr(scores, gold)[0]),
            "spearman": rounded(spearmanr(scores, gold)[0])}


FULL_KINDS = frozenset({"verbatim", "near-verbatim", "paraphrase"})  # one carries the other


def run_msrp() -> dict:
    """MSRP test twice: the pair model's strict ``equivalent`` verdict (``pairs`` prints it;
    no page shows it), and the kinds every page shows, a full kind counting as "yes"."""
    data = read_msrp("test")
    gold = np.asarray(data.labels) == 1
    verdicts = score_pairs(list(zip(data.left, data.right, strict=True)))

    def scored(predicted: np.ndarray) -> tuple[float | None, float | None]:
        hits = int((predicted & gold).sum())
        return (rounded(100 * float((predicted == gold).mean()), 2),
                rounded(100 * 2 * hits / (predicted.sum() + gold.sum()), 2))

    accuracy, f1 = scored(np.asarray([v.equivalent for v in verdicts]))
    kinds_accuracy, kinds_f1 = scored(np.asarray([v.kind in FULL_KINDS for v in verdicts]))
    return {"pairs": len(gold), "accuracy": accuracy, "f1": f1,
            "kinds_accuracy": kinds_accuracy, "kinds_f1": kinds_f1}


# ---------------------------------------------------------------- labelled stories


def story_scores(labels_path: Path, articles_dir: Path) -> dict:
    if labels_path.parent / "articles" == articles_dir:  # a development story, either kind
        articles, raw, problems = story_input(labels_path)
    else:
        report = load_paths([articles_dir])
        raw = json.loads(labels_path.read_text(encoding="utf-8"))
        articles, problems = list(report.articles), len(report.problems)
    if not articles:
        return {"file": str(labels_path), "error": f"no readable article in {articles_dir}"}
    try:
        labels = parse_claims(raw, str(labels_path))
    except (ClaimLabelError, KeyError, TypeError, AttributeError) as error:
        return {"file": str(labels_path), "error": f"unreadable labels: {error!r}"}
    comparison = compare(articles, Settings())
    scores: ClaimScores = evaluate_claims(comparison, labels)
    return {"file": str(labels_path.relative_to(ROOT)), "articles": len(articles),
            "load_problems": problems, **scores.as_dict()}


def run_stories() -> dict:
    development = [story_scores(path, path.parent / "articles")
                   for path in sorted(STORIES.glob("*/claims.json"))] if STORIES.is_dir() else []
    labels, articles = HELD_OUT
    held_out = story_scores(labels, articles) if labels.is_file() else None
    return {"development": development, "held_out": held_out}


# ---------------------------------------------------------------- report


def pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}"


def num(value: float | None, digits: int = 3) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def format_ecb(r: dict) -> list[str]:
    art, sent, maps = r["article_pairs"], r["sentence_pairs"], r["sentence_mapping"]
    proj, base = sent["project_default"], sent["tfidf"]
    lines = [
        f"{r['topics']} topics, {r['articles']} articles (dev split, odd topics); each topic "
        f"compared whole, both events mixed ({r['load_problems']} load problems); "
        f"pairs scored: {r.get('candidates', 'the product candidate search')}",
        "",
        f"(a) Article pairs: {art['pairs']} ({art['same_event']} same event). ROC-AUC, pooled:",
        f"    project pairs[k].similarity  {num(art['auc_project'])}",
        f"    project pairs[k].event_similarity (similarity and shared names)  "
        f"{num(art['auc_event'])}",
        f"    {art['tfidf']}  {num(art['auc_tfidf'])}",
        f"    similarity exactly 0: {pct(art['same_event_at_zero'])}% of same-event pairs, "
        f"{pct(art['other_event_at_zero'])}% of look-alike pairs",
        "",
        "(b) Sentence mapping (project sentence -> gold line): "
        f"{maps.get('offsets', 0)} by offsets, {maps.get('text', 0)} by text, "
        f"{maps.get('unmapped', 0)} unmapped; {maps.get('annotated_lost', 0)} of "
        f"{maps.get('annotated', 0)} annotated sentences have no project sentence (cleaning)",
        f"    Annotated sentence pairs across articles: {sent['pairs']}, linked {sent['linked']}",
        f"    project matches at the default threshold: P {pct(proj['precision'])}  "
        f"R {pct(proj['recall'])}  F1 {pct(proj['f1'])}  ({proj['predicted']} matched pairs)",
        f"(c) baseline {base['what']}:",
        f"    threshold {base['threshold']:.3f} (F1-best on this dev data): "
        f"P {pct(base['precision'])}  R {pct(base['recall'])}  F1 {pct(base['f1'])}",
        f"    recall at TF-IDF's precision ({pct(base['precision'])}): project "
        f"{pct(sent['project_recall_at_tfidf_precision'])} (threshold "
        f"{num(sent['project_threshold_at_tfidf_precision'])}, run at {LOW_THRESHOLD}; pairs "
        f"never proposed score 0), TF-IDF {pct(sent['tfidf_recall'])}, difference "
        f"{pct(sent['recall_difference'])} points",
        f"    the other way round, at the project's default precision "
        f"({pct(proj['precision'])}): TF-IDF recall "
        f"{pct(sent['tfidf_recall_at_project_precision'])} (threshold "
        f"{num(sent['tfidf_threshold_at_project_precision'])}) vs project {pct(proj['recall'])}",
        "    project, second run, by threshold (P / R): " + ", ".join(
            f"{cut} {pct(v['precision'])}/{pct(v['recall'])}"
            for cut, v in sent["project_low_run"].items()),
        f"    pairs on which the two runs disagree at the default threshold: "
        f"{sent['runs_disagree']}",
        "",
        "    topic  docs  pairs same  AUC proj  AUC tfidf  same@0  linked  sentP  sentR",
    ]
    for t in r["per_topic"]:
        lines.append(
            f"    {t['topic']:>5}  {t['articles']:>4}  {t['pairs']:>5} {t['same_event']:>4}"
            f"  {num(t['auc_project']):>8}  {num(t['auc_tfidf']):>9}"
            f"  {pct(t['same_event_at_zero']):>6}  {t['linked']:>6}"
            f"  {pct(t['sentence_precision']):>5}  {pct(t['sentence_recall']):>5}")
    for kind in ("misses", "false_matches"):
        if "examples" in r:
            lines += ["", f"(d) {kind.replace('_', ' ')} (seeded sample):"]
            for e in r["examples"][kind]:
                lines.append(f"  {e['a']} ~ {e['b']}  score {e['score']:.2f} (low run "
                             f"{e['score_low_run']:.2f}), tfidf {e['tfidf']:.2f}")
                lines.append(f"    A: {e['a_text'][:110]}")
                lines.append(f"    B: {e['b_text'][:110]}")
    return lines


def format_sts(r: dict) -> list[str]:
    rows = (("project score_pairs().score", r["project"]),
            ("TF-IDF cosine, word 1-2 grams (fit on test)", r["tfidf_plain"]),
            ("TF-IDF cosine, word 1-2 grams, sublinear_tf", r["tfidf_sublinear"]))
    return [f"{r['pairs']} pairs; Pearson / Spearman"] + [
        f"    {name:<46} {num(c['pearson'])} / {num(c['spearman'])}" for name, c in rows]


def format_msrp(r: dict) -> list[str]:
    return [f"{r['pairs']} pairs; equivalent (the MSRP-trained pair model at its "
            f"threshold, printed by `pairs` only): accuracy {r['accuracy']:.1f}, "
            f"F1 {r['f1']:.1f}",
            f"the kinds the pages show (verbatim, near-verbatim, paraphrase = yes): accuracy "
            f"{r['kinds_accuracy']:.1f}, F1 {r['kinds_f1']:.1f}"]


def format_story(s: dict) -> list[str]:
    if "error" in s:
        return [f"  {s['file']}: {s['error']}"]
    shared, cov, el, only = s["shared"], s["coverage"], s["elements"], s["only_here"]
    lines = [
        f"  story {s['story']!r} ({s['file']}): {s['articles']} articles, {s['labels']} "
        f"labels, {s['unmatched_labels']} unmatched; {s['sentences']} sentences of >= "
        f"{s['min_chars']} chars scored ({s['unlabelled']} unlabelled = no claim)",
        "    source shared share (gold vs project matched_share):",
    ]
    lines += [f"      {src['article'][:40]:<40} {pct(src['gold']):>5} vs {pct(src['predicted']):>5}"
              f"  ({src['sentences']} sentences)" for src in s["sources"]]
    lines += [
        f"      mean absolute error {pct(s['share_mae'])} points",
        f"    sentence 'shared': P {pct(shared['precision'])}  R {pct(shared['recall'])}  "
        f"F1 {pct(shared['f1'])}",
        f"    sentence->source coverage: P {pct(cov['precision'])} (carried or partly; "
        f"strict {pct(cov['strict_precision'])})  R {pct(cov['recall'])} of carried "
        f"({cov['carried']}), {pct(cov['partly_recall'])} of partly ({cov['partly']})",
        f"    elements: {el['together']} of {el['claims']} claims carried by >= 2 sources held "
        f"whole by one element (its best element holds {pct(el['source_completeness'])}% of "
        f"its sources on average); B-cubed P {pct(el['bcubed_precision'])} "
        f"R {pct(el['bcubed_recall'])} over {el['bcubed_items']} one-claim sentences",
        f"    what only one source reports: P {pct(only['precision'])}  R {pct(only['recall'])}"
        f"  ({only['gold']} gold, {only['predicted']} predicted)",
        f"    links (sentence pairs sharing a claim): P {pct(s['links']['precision'])}  "
        f"R {pct(s['links']['recall'])}  F1 {pct(s['links']['f1'])}  ({s['links']['gold']} "
        f"gold, {s['links']['predicted']} shown); partial links P "
        f"{pct(s['partial_links']['precision'])} ({s['partial_links']['predicted']} shown)",
    ]
    for source, c in s["only_here_by_source"].items():
        lines.append(f"      {source[:40]:<40} P {pct(c['precision']):>5}  R {pct(c['recall']):>5}")
    for example in s["unmatched_examples"]:
        lines.append(f"    unmatched label: {example}")
    return lines


def format_stories(r: dict) -> list[str]:
    lines = ["Development stories (benchmarks/stories/*/claims.json):"]
    if not r["development"]:
        lines.append("  no labelled stories")
    for story in r["development"]:
        lines += format_story(story)
    lines.append("HELD OUT (tests/fixtures/sample_claims.json on data/sample_story; do not tune):")
    lines += format_story(r["held_out"]) if r["held_out"] else ["  no held-out labels"]
    return lines


RUNNERS: dict[str, tuple[str, Callable[..., dict], Callable[[dict], list[str]]]] = {
    "ecb": ("ECB+ dev: same story vs look-alike, event-linked sentences", run_ecb, format_ecb),
    "sts": ("STS-news test: graded similarity", run_sts, format_sts),
    "msrp": ("MSRP test: paraphrase verdicts", run_msrp, format_msrp),
    "stories": ("Labelled stories: claim-level coverage", run_stories, format_stories),
}


def cpu_seconds() -> float:
    """CPU time of this process and of its finished worker processes."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def timed_section(name: str, args: argparse.Namespace) -> dict:
    _, runner, _ = RUNNERS[name]
    wall, cpu = time.perf_counter(), cpu_seconds()
    try:
        result = runner(args.examples, args.jobs, args.every_pair) if name == "ecb" \
            else runner()
    except EvalDataMissing as missing:
        result = {"missing": str(missing)}
    result["seconds"] = {"wall": round(time.perf_counter() - wall, 1),
                         "cpu": round(cpu_seconds() - cpu, 1)}
    return result


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sections", default=",".join(SECTIONS),
                        help=f"comma-separated, from {','.join(SECTIONS)}")
    parser.add_argument("--json", action="store_true", help="print JSON instead of the report")
    parser.add_argument("--examples", action="store_true",
                        help="also show ECB+ misses and false matches")
    parser.add_argument("--jobs", type=int, default=2,
                        help="processes for the ECB+ topics (default 2: the machine's cores)")
    parser.add_argument("--every-pair", action="store_true",
                        help="ECB+: score every pair of sentences of different sources, not "
                        "only the candidates (the reference for the candidate search; slow)")
    args = parser.parse_args(argv)
    args.sections = [s.strip() for s in args.sections.split(",") if s.strip()]
    unknown = set(args.sections) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown sections: {', '.join(sorted(unknown))}")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    results = {}
    for name in args.sections:
        results[name] = timed_section(name, args)
        if not args.json:
            print(render(name, results[name]), flush=True)
    if args.json:
        json.dump({"settings": Settings().as_dict(), "sections": results}, sys.stdout, indent=1)
        sys.stdout.write("\n")
    return 0


def render(name: str, result: dict) -> str:
    title, _, formatter = RUNNERS[name]
    seconds = result["seconds"]
    body = [result["missing"]] if "missing" in result else formatter(result)
    head = f"== {title}  [{seconds['wall']:.1f} s wall, {seconds['cpu']:.1f} s CPU]"
    return "\n".join([head, *body, ""])


if __name__ == "__main__":
    raise SystemExit(main())
