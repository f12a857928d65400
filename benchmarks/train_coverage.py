"""Train the directional carry model ("does text B carry what text A says?").

Development data only (never MSRP test, STS test, ECB+ even topics or the
sample story):
- ECB+ odd topics (../shared/eval/ecbplus): annotated sentences of different
  articles in one topic; label 1 when they mention the same real event. Loose
  ("mentions" is weaker than "states the same fact"), so weighted lower. Pairs
  across the two sub-topics are the look-alike negatives the names and numbers
  features exist for.
- STS news train+dev: gold >= 4 carries both ways, <= 1.5 neither way.
- MSRP train: paraphrases carry both ways; for non-paraphrases only the longer
  sentence is known not to be carried by the shorter one.
- Containment made from those positives: A is carried by "B + another clause",
  which does not carry... the reverse direction (it adds a claim A lacks).
- Invented, hand-labelled stories (benchmarks/stories/*/claims.json): B carries A
  when every claim of A's sentence is in B's sentence.

Rows are computed through the product's own feature code (TF-IDF fitted on each
story / file, as the product does). Cross-validation is grouped by topic, story
or pair block, and the printed figures are out-of-fold.

The story-calibrated steps run ``compare()`` with the model being written, so the file is
written three times; ``--check`` does the same and then puts the shipped file back,
exiting 1 (and saying which fields differ) unless the retrained file is the same byte for
byte. The pair model (``train_scorer.py``) is trained first: its uncalibrated logit is one
of this model's features.

Run: python benchmarks/train_coverage.py [--write | --check]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from itertools import combinations
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, roc_auc_score
from sklearn.model_selection import GroupKFold
from sklearn.preprocessing import StandardScaler

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.ingest.loading import load_paths  # noqa: E402
from analysis.matching.alignment import Aligner  # noqa: E402
from analysis.matching.carry_model import (  # noqa: E402
    CARRY_FEATURES,
    COVERAGE_MODEL_PATH,
    SEMANTIC_FEATURES,
    CarryModel,
    CoverageModels,
    default_coverage_models,
    directional_row,
)
from analysis.matching.embedding import SentenceEncoder, default_encoder  # noqa: E402
from analysis.matching.features import FEATURE_NAMES, FeatureExtractor  # noqa: E402
from analysis.matching.paraphrase_model import default_model  # noqa: E402
from analysis.pipeline.comparison import compare  # noqa: E402
from analysis.pipeline.settings import Settings  # noqa: E402  # noqa: E402
from benchmarks.claim_eval import load_claims, match_labels  # noqa: E402
from benchmarks.eval_data import EVAL_DIR, read_msrp, read_sts  # noqa: E402
from benchmarks.model_record import check_files  # noqa: E402

SEED = 0
C = 1.0
WEIGHTS = {"ecb": 0.1, "ecb-lookalike": 0.5, "sts": 1.0, "msrp": 0.5, "contain": 0.5,
           "story": 2.0}
PARTIAL = FEATURE_NAMES.index("partial_ratio")


@dataclass(frozen=True)
class Item:
    carried: str
    carrier: str
    label: float  # 1 carried, 0 not; STS's middle grades give a fraction (gold / 5)
    source: str
    group: str


@dataclass(frozen=True)
class Chunk:
    """Items whose TF-IDF is fitted together (one story, topic or file)."""

    texts: list[str]
    items: list[Item]


def ecb_chunks() -> list[Chunk]:
    gold = json.loads((EVAL_DIR / "ecbplus" / "gold.json").read_text(encoding="utf-8"))
    docs, events = gold["docs"], gold["sent_events"]
    by_topic: dict[str, list[str]] = {}
    for doc_id, doc in docs.items():
        by_topic.setdefault(str(doc["topic"]), []).append(doc_id)
    chunks = []
    for topic, doc_ids in sorted(by_topic.items()):
        texts = [text for d in doc_ids for _, text in docs[d]["sentences"]]
        annotated = [
            (d, _sentence(docs[d], n), set(events.get(d, {}).get(str(n), ())))
            for d in doc_ids for n in docs[d]["annotated"]
        ]
        items = []
        for (d1, t1, e1), (d2, t2, e2) in combinations(annotated, 2):
            if d1 == d2:
                continue
            label = int(bool(e1 & e2))
            source = "ecb" if label or _subtopic(d1) == _subtopic(d2) else "ecb-lookalike"
            items += [Item(t1, t2, label, source, f"ecb{topic}"),
                      Item(t2, t1, label, source, f"ecb{topic}")]
        chunks.append(Chunk(texts, items))
    return chunks


def _subtopic(doc_id: str) -> str:
    return "plus" if doc_id.endswith("plus") else "ecb"


def _sentence(doc: dict, number: int) -> str:
    for n, text in doc["sentences"]:
        if n == number:
            return str(text)
    raise KeyError(number)


def pair_chunks(rng: np.random.Generator) -> list[Chunk]:
    """STS news train+dev, MSRP train, and containment made from their positives."""
    items: list[Item] = []
    positives: list[tuple[str, str]] = []
    data = read_sts("train")  # dev is kept to check the graded score
    for k, (a, b, score) in enumerate(zip(data.left, data.right, data.labels, strict=True)):
        group = f"sts{k % 10}"
        label = 1.0 if score >= 4.0 else 0.0 if score <= 1.5 else score / 5.0
        items += [Item(a, b, label, "sts", group), Item(b, a, label, "sts", group)]
        if score >= 4.0:
            positives.append((a, b))
    data = read_msrp("train")
    for k, (a, b, label) in enumerate(zip(data.left, data.right, data.labels, strict=True)):
        group = f"msrp{k % 10}"
        if label == 1:
            items += [Item(a, b, 1, "msrp", group), Item(b, a, 1, "msrp", group)]
            positives.append((a, b))
        else:
            longer, shorter = (a, b) if len(a.split()) >= len(b.split()) else (b, a)
            if len(longer.split()) >= 1.2 * len(shorter.split()):
                items.append(Item(longer, shorter, 0, "msrp", group))
    items += containment(positives, rng)
    texts = sorted({t for item in items for t in (item.carried, item.carrier)})
    return [Chunk(texts, items)]


def containment(positives: Sequence[tuple[str, str]], rng: np.random.Generator) -> list[Item]:
    """A is carried by B joined with an unrelated clause; that longer text is not carried
    by A. Joiners are ordinary English clause links, not taken from any story."""
    joiners = ("{b}, and {x}", "{b}; {x}", "{b}, while {x}", "{x}, and {b}", "{b} {x}")
    items = []
    donors = [b for _, b in positives]
    for k, (a, b) in enumerate(positives):
        if k % 3:
            continue
        extra = donors[int(rng.integers(len(donors)))].rstrip(". ")
        extra = extra[0].lower() + extra[1:] if extra[:2].istitle() else extra
        longer = joiners[k % len(joiners)].format(b=b.rstrip(". "), x=extra) + "."
        group = f"contain{k % 10}"
        items += [Item(a, longer, 1, "contain", group), Item(longer, a, 0, "contain", group)]
    return items


def story_chunks() -> list[Chunk]:
    chunks = []
    for path in sorted((ROOT / "benchmarks" / "stories").glob("*/claims.json")):
        labels = json.loads(path.read_text(encoding="utf-8"))
        rows = [(s["article"], s["text"], set(s["claims"])) for s in labels["sentences"]]
        rows = [r for r in rows if len(r[1]) >= 15]
        items = []
        for (d1, t1, c1), (d2, t2, c2) in combinations(rows, 2):
            if d1 == d2:
                continue
            if not (c1 & c2) and not (c1 or c2):
                continue
            items.append(Item(t1, t2, int(bool(c1) and c1 <= c2), "story", path.parent.name))
            items.append(Item(t2, t1, int(bool(c2) and c2 <= c1), "story", path.parent.name))
        chunks.append(Chunk([r[1] for r in rows], items))
    return chunks


def featurize(chunks: Sequence[Chunk], encode: Callable[[list[str]], np.ndarray] | None
              ) -> tuple[np.ndarray, list[Item]]:
    """CARRY_FEATURES rows through the product's feature code."""
    paraphrase = default_model()
    all_rows, all_items = [], []
    for chunk in chunks:
        texts = list(dict.fromkeys([*chunk.texts,
                                    *(t for i in chunk.items for t in (i.carried, i.carrier))]))
        index = {t: k for k, t in enumerate(texts)}
        extractor = FeatureExtractor().fit(texts)
        vectors = encode(texts) if encode else None
        left = np.asarray([index[i.carried] for i in chunk.items], dtype=np.int64)
        right = np.asarray([index[i.carrier] for i in chunk.items], dtype=np.int64)
        symmetric = extractor.transform(left, right)
        logits = paraphrase.logit(symmetric)
        for k, (i, j) in enumerate(zip(left.tolist(), right.tolist(), strict=True)):
            cosine = float(vectors[i] @ vectors[j]) if vectors is not None else 0.0
            all_rows.append(directional_row(
                extractor, i, j, cosine=cosine, paraphrase_logit=float(logits[k]),
                partial_ratio=float(symmetric[k, PARTIAL])))
        all_items += chunk.items
    return np.asarray(all_rows, dtype=np.float64), all_items


def disk_cached(encoder: SentenceEncoder, path: Path) -> Callable[[list[str]], np.ndarray]:
    """Keep embeddings between runs of this script (training data is ~25,000 texts)."""
    if path.is_file():
        with np.load(path, allow_pickle=False) as saved:
            encoder.remember(saved["texts"].tolist(), saved["vectors"])
    known: set[str] = set()

    def cached(texts: list[str]) -> np.ndarray:
        before = encoder.sentences_computed
        vectors = encoder.encode(texts)
        known.update(texts)
        if encoder.sentences_computed != before:
            everything = sorted(known | _saved_texts(path))
            np.savez(path, texts=np.asarray(everything), vectors=encoder.encode(everything))
        return vectors

    return cached


def _saved_texts(path: Path) -> set[str]:
    if not path.is_file():
        return set()
    with np.load(path, allow_pickle=False) as saved:
        return set(saved["texts"].tolist())


def fit(rows: np.ndarray, labels: np.ndarray, weights: np.ndarray) -> CarryModel:
    """Logistic regression; a fractional label y becomes a positive row of weight y
    and a negative row of weight 1 - y (the same loss as a soft target)."""
    scaler = StandardScaler().fit(rows)
    scale = np.where(scaler.scale_ > 0, scaler.scale_, 1.0)
    design = (rows - scaler.mean_) / scale
    model = LogisticRegression(C=C, max_iter=5000).fit(
        np.vstack([design, design]),
        np.concatenate([np.ones(len(labels)), np.zeros(len(labels))]),
        sample_weight=np.concatenate([weights * labels, weights * (1.0 - labels)]))
    return CarryModel(
        features=CARRY_FEATURES,
        mean=tuple(np.round(scaler.mean_, 6).tolist()),
        scale=tuple(np.round(scale, 6).tolist()),
        coef=tuple(np.round(model.coef_[0], 6).tolist()),
        intercept=round(float(model.intercept_[0]), 6),
    )


def lexical_only(rows: np.ndarray) -> np.ndarray:
    rows = rows.copy()
    for name in SEMANTIC_FEATURES:
        rows[:, CARRY_FEATURES.index(name)] = 0.0
    return rows


def out_of_fold(rows: np.ndarray, items: list[Item], folds: int = 5) -> np.ndarray:
    labels = np.asarray([i.label for i in items])
    weights = np.asarray([WEIGHTS[i.source] for i in items])
    groups = np.asarray([i.group for i in items])
    scores = np.zeros(len(items))
    for train, held in GroupKFold(folds).split(rows, labels, groups):
        scores[held] = fit(rows[train], labels[train], weights[train]).probability(rows[held])
    return scores


def report(name: str, scores: np.ndarray, items: list[Item]) -> None:
    labels = np.asarray([i.label >= 0.5 for i in items], dtype=int)
    sources = np.asarray([i.source for i in items])
    print(f"\n{name}")
    for source in sorted(set(sources.tolist())):
        mask = sources == source
        y, s = labels[mask], scores[mask]
        auc = roc_auc_score(y, s) if 0 < y.sum() < len(y) else float("nan")
        f1 = f1_score(y, s >= 0.5) if y.sum() else float("nan")
        print(f"  {source:8s} n={mask.sum():6d} pos={y.mean():.2f} AUC={auc:.3f} F1@0.5={f1:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", choices=("report", "write", "check"), default="report",
                        help="report: print the out-of-fold figures only; write: write "
                        "analysis/matching/coverage_model.json; check: retrain, put the shipped "
                        "file back, exit 1 if it would change")
    for flag in ("write", "check"):  # the short spellings of --mode write / --mode check
        parser.add_argument(f"--{flag}", dest="mode", action="store_const", const=flag)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/coverage_embeddings.npz"),
                        help="embedding cache between runs (default: %(default)s)")
    args = parser.parse_args()
    rng = np.random.default_rng(SEED)
    chunks = [*ecb_chunks(), *pair_chunks(rng), *story_chunks()]
    encoder = default_encoder()
    if encoder is None:
        raise SystemExit("the sentence-embedding model is not installed (scripts/setup.sh)")
    rows, items = featurize(chunks, disk_cached(encoder, args.cache))
    print(f"{len(items)} directed pairs from {len(chunks)} chunks")
    semantic = out_of_fold(rows, items)
    lexical = out_of_fold(lexical_only(rows), items)
    report("semantic (out-of-fold)", semantic, items)
    report("lexical only (out-of-fold)", lexical, items)
    if args.mode == "check":
        shipped = COVERAGE_MODEL_PATH.read_text(encoding="utf-8")
        try:
            retrained = train_and_write(rows, items)
        finally:
            COVERAGE_MODEL_PATH.write_text(shipped, encoding="utf-8")
            default_coverage_models.cache_clear()
        raise SystemExit(check_files({COVERAGE_MODEL_PATH: retrained}))
    if args.mode == "write":
        train_and_write(rows, items)


def train_and_write(rows: np.ndarray, items: list) -> str:
    """Fit both models, calibrate them on the stories, write the file; its final text."""
    labels = np.asarray([i.label for i in items])
    weights = np.asarray([WEIGHTS[i.source] for i in items])
    models = CoverageModels(
        semantic=fit(rows, labels, weights),
        lexical=fit(lexical_only(rows), labels, weights),
        threshold=0.5, lexical_threshold=0.5,
        provenance={"script": "benchmarks/train_coverage.py", "weights": WEIGHTS, "C": C,
                    "pairs": len(items)},
    )
    write(models)
    for semantic in (True, False):
        carry = story_platt(rows, items, semantic)
        link = story_platt(rows, items, semantic, carry)
        mode = "semantic" if semantic else "lexical"
        models = replace(models, **{mode: replace(
            getattr(models, mode), calibration=carry, link_calibration=link)})
        print(f"{mode}: carry calibration {carry}, link calibration {link}")
    write(models)
    models = replace(models, threshold=story_threshold(True),
                     lexical_threshold=story_threshold(False))
    write(models)
    print(f"match threshold {models.threshold} (lexical {models.lexical_threshold})")
    return COVERAGE_MODEL_PATH.read_text(encoding="utf-8")


def write(models: CoverageModels) -> None:
    COVERAGE_MODEL_PATH.write_text(models.to_json() + "\n", encoding="utf-8")
    default_coverage_models.cache_clear()
    print(f"wrote {COVERAGE_MODEL_PATH.name}")


GRID = np.round(np.arange(0.1, 0.81, 0.05), 2)


def story_threshold(semantic: bool) -> float:
    """The link threshold that best tells, on the development stories (claim labels,
    through compare()), the sentences another source carries from those only one
    source reports: the mean of both F1 scores, since most sentences of a story are
    shared and F1 on "shared" alone would reward linking everything."""
    gold, best = [], []
    for path in sorted((ROOT / "benchmarks" / "stories").glob("*/claims.json")):
        articles = load_paths([str(path.parent / "articles")]).articles
        comparison = compare(articles, Settings(threshold=0.1, element_link=0.5,
                                                semantic=semantic))
        labels = load_claims(path)
        claims, _ = match_labels(comparison, labels)
        stated: dict[str, set[str]] = {}
        for (article, _), found in claims.items():
            for claim in found:
                stated.setdefault(claim, set()).add(article)
        strongest: dict[tuple[str, int], float] = {}
        for m in comparison.matches:
            for key in ((m.a, m.a_sentence), (m.b, m.b_sentence)):
                strongest[key] = max(strongest.get(key, 0.0), m.score)
        for key, text in comparison.sentence_texts().items():
            if len(text) >= Settings.min_chars:
                gold.append(any(stated[c] - {key[0]} for c in claims.get(key, ())))
                best.append(strongest.get(key, 0.0))
    shared, scores = np.asarray(gold), np.asarray(best)
    balanced = [(_f1(shared, scores >= t) + _f1(~shared, scores < t)) / 2 for t in GRID]
    return float(GRID[int(np.argmax(balanced))])


def _f1(gold: np.ndarray, predicted: np.ndarray) -> float:
    return float(2 * (gold & predicted).sum() / max(gold.sum() + predicted.sum(), 1))


def story_platt(rows: np.ndarray, items: list[Item], semantic: bool,
                carry_calibration: tuple[float, float] | None = None) -> tuple[float, float]:
    """Platt calibration on the development stories, each scored by a carry model fitted
    without it (leave one story out). Without ``carry_calibration``: of the carry
    probability against "B's sentence states every claim of A's"; with it: of the
    strongest carry between two sentences against "they share at least one claim"."""
    scores, gold = [], []
    encoder = default_encoder() if semantic else None
    design = rows if semantic else lexical_only(rows)
    labels_all = np.asarray([i.label for i in items])
    weights_all = np.asarray([WEIGHTS[i.source] for i in items])
    for path in sorted((ROOT / "benchmarks" / "stories").glob("*/claims.json")):
        keep = np.asarray([i.group != path.parent.name for i in items])
        model = fit(design[keep], labels_all[keep], weights_all[keep])
        if carry_calibration is not None:
            model = replace(model, calibration=carry_calibration)
        labels = [s for s in load_claims(path).sentences if len(s.text) >= Settings.min_chars]
        aligner = Aligner([s.text for s in labels], default_model(), encoder=encoder,
                          coverage=CoverageModels(model, model, 0.5, 0.5, {}))
        pairs = [(i, j) for i, j in combinations(range(len(labels)), 2)
                 if labels[i].article != labels[j].article]
        scored = aligner.score(pairs)  # identity link calibration in this model
        if carry_calibration is None:
            scores += scored.forward.tolist() + scored.backward.tolist()
            gold += [_carries(labels[i].claims, labels[j].claims) for i, j in pairs]
            gold += [_carries(labels[j].claims, labels[i].claims) for i, j in pairs]
        else:
            scores += scored.probability.tolist()
            gold += [bool(labels[i].claims & labels[j].claims) for i, j in pairs]
    z = np.log(np.clip(scores, 1e-6, 1 - 1e-6) / (1 - np.clip(scores, 1e-6, 1 - 1e-6)))
    platt = LogisticRegression(C=1e6, max_iter=1000).fit(z[:, None], gold)
    return round(float(platt.coef_[0, 0]), 6), round(float(platt.intercept_[0]), 6)


def _carries(carried: frozenset[str], carrier: frozenset[str]) -> bool:
    return bool(carried) and carried <= carrier


if __name__ == "__main__":
    main()
