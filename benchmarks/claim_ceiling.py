"""How far can sentence-pair links get with this project's meaning model? A measured ceiling.

Issue 31 asks for link F1 >= 0.85 at precision >= 0.85 on held-out development stories
(two sentences of different outlets are linked when they state a common labelled claim).
Before building claim-to-claim matching into the engine, this asks what it could reach at
best, leave-one-story-out over ``benchmarks/stories`` (the sample story is never read).
Every threshold and model is fitted on the other stories; every figure printed is on the
held-out story, pooled over the folds. Rows:

1. ``engine``: the engine's link probability (``Aligner.score``) for *every* cross-source
   pair (no candidate search), one threshold.
2. ``engine + words``: a logistic regression on the engine's outputs and word evidence
   (``benchmarks.claim_pairs``: carry directions, paraphrase probability, sentence and
   claim-unit cosines, IDF share of content stems, names and numbers in common).
3. ``oracle units, cosine``: the claims' hand-labelled mention spans stand in for a perfect
   claim splitter; a sentence pair scores its best mention-pair cosine (MiniLM).
4. ``oracle units, learned``: the same spans, scored by gradient-boosted trees on the
   mention pair (cosines of the mentions and of their sentences, IDF share of content
   stems, names and numbers in common, lengths); a sentence pair takes its best mention
   pair. The threshold is chosen on the training stories' (in-sample) scores.
5. ``oracle units, clustered``: row 4's mention-pair probabilities clustered by average
   linkage (a claim is a cluster); two sentences link when they hold mentions of one
   cluster. The cut is chosen on the training stories.

Rows 3-5 use only labelled sentences (an easier universe than rows 1-2, which score every
sentence of >= min_chars): they bound what better claim units could give, not what the
engine gives.

Run: python benchmarks/claim_ceiling.py   (a few minutes; needs spaCy for rows 1-2, see
``benchmarks/claim_split.py``)
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.matching.embedding import default_encoder  # noqa: E402
from benchmarks.claim_pairs import build, content_stems, names, numbers  # noqa: E402
from benchmarks.ecb_stories import resolved  # noqa: E402

STORIES = ROOT / "benchmarks" / "stories"
GRID = np.linspace(0.02, 0.98, 97)


def f1(predicted: np.ndarray, gold: np.ndarray) -> tuple[float, float, float]:
    hits = int((predicted & gold).sum())
    total = int(predicted.sum() + gold.sum())
    return (2 * hits / total if total else 0.0, hits / max(int(predicted.sum()), 1),
            hits / max(int(gold.sum()), 1))


def best_cut(scores: np.ndarray, gold: np.ndarray, grid: np.ndarray = GRID) -> float:
    return float(max(grid, key=lambda t: f1(scores >= t, gold)[0]))


def pooled(parts: list[tuple[np.ndarray, np.ndarray]]) -> tuple[float, float, float]:
    return f1(np.concatenate([p for p, _ in parts]), np.concatenate([g for _, g in parts]))


# --- rows 1-2: every pair, engine features ----------------------------------------------

def engine_rows() -> dict[str, tuple[float, float, float]]:
    tables = build(False)
    stories = list(tables)
    out: dict[str, list[tuple[np.ndarray, np.ndarray]]] = {"engine": [], "engine + words": []}
    for story in stories:
        train = [s for s in stories if s != story]
        x = np.vstack([tables[s]["x"] for s in train])
        y = np.concatenate([tables[s]["y"] for s in train])
        cut = best_cut(x[:, 0], y)
        out["engine"].append((tables[story]["x"][:, 0] >= cut, tables[story]["y"]))
        model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000)).fit(x, y)
        cut = best_cut(model.predict_proba(x)[:, 1], y)
        held = model.predict_proba(tables[story]["x"])[:, 1] >= cut
        out["engine + words"].append((held, tables[story]["y"]))
    return {name: pooled(parts) for name, parts in out.items()}


# --- rows 3-5: oracle claim units --------------------------------------------------------

class MentionStory:
    """Mention pairs of one story (cross-source), their features, and the sentence pairs."""

    def __init__(self, path: Path, encode: Callable[[list[str]], np.ndarray]):
        raw = json.loads(path.read_text(encoding="utf-8"))
        if "ecbplus" in raw:
            raw = resolved(raw)
        rows = [r for r in raw["sentences"] if r.get("claims") and len(r["text"]) >= 15]
        units, owner, claim = [], [], []
        for k, row in enumerate(rows):
            for c, mentions in (row.get("mentions") or {}).items():
                for mention in mentions:
                    if mention:
                        units.append(mention)
                        owner.append(k)
                        claim.append(c)
        self.owner = owner
        unit_vectors, sentence_vectors = encode(units), encode([r["text"] for r in rows])
        stems = [set(content_stems(u)) for u in units]
        frequency: dict[str, int] = defaultdict(int)
        for row in rows:
            for word in set(content_stems(row["text"])):
                frequency[word] += 1

        def idf(word: str) -> float:
            return float(np.log((1 + len(rows)) / (1 + frequency.get(word, 0))) + 1)

        weight = [sum(idf(w) for w in s) for s in stems]
        name_sets, number_sets = [names(u) for u in units], [numbers(u) for u in units]
        article = [rows[o]["article"] for o in owner]
        x, y, pairs = [], [], []
        for i in range(len(units)):
            for j in range(i + 1, len(units)):
                if article[i] == article[j]:
                    continue
                shared = stems[i] & stems[j]
                shared_weight = sum(idf(w) for w in shared)
                small, large = sorted((weight[i], weight[j]))
                x.append((float(unit_vectors[i] @ unit_vectors[j]),
                          float(sentence_vectors[owner[i]] @ sentence_vectors[owner[j]]),
                          shared_weight / small if small else 0.0,
                          shared_weight / large if large else 0.0, len(shared),
                          len(name_sets[i] & name_sets[j]), len(number_sets[i] & number_sets[j]),
                          bool(number_sets[i] and number_sets[j]
                               and not number_sets[i] & number_sets[j]),
                          min(len(units[i]), len(units[j])), max(len(units[i]), len(units[j]))))
                y.append(claim[i] == claim[j])
                pairs.append((i, j))
        self.x, self.y, self.pairs = np.asarray(x), np.asarray(y), pairs
        claims = [set(r["claims"]) for r in rows]
        self.sentence_pairs = [(a, b) for a in range(len(rows)) for b in range(a + 1, len(rows))
                               if rows[a]["article"] != rows[b]["article"]]
        self.gold = np.asarray([bool(claims[a] & claims[b]) for a, b in self.sentence_pairs])

    def best_per_sentence_pair(self, scores: np.ndarray) -> np.ndarray:
        best: dict[tuple[int, int], float] = defaultdict(float)
        for value, (i, j) in zip(scores.tolist(), self.pairs, strict=True):
            key = (min(self.owner[i], self.owner[j]), max(self.owner[i], self.owner[j]))
            best[key] = max(best[key], value)
        return np.asarray([best[k] for k in self.sentence_pairs])

    def clustered(self, scores: np.ndarray, cut: float) -> np.ndarray:
        n = len(self.owner)
        distance = np.ones((n, n))
        np.fill_diagonal(distance, 0.0)
        for value, (i, j) in zip(scores.tolist(), self.pairs, strict=True):
            distance[i, j] = distance[j, i] = 1.0 - value
        labels = fcluster(linkage(squareform(distance, checks=False), method="average"),
                          1.0 - cut, criterion="distance")
        held: dict[int, set[int]] = defaultdict(set)
        for unit, sentence in enumerate(self.owner):
            held[sentence].add(int(labels[unit]))
        return np.asarray([bool(held[a] & held[b]) for a, b in self.sentence_pairs])


def oracle_rows() -> dict[str, tuple[float, float, float]]:
    encoder = default_encoder()
    if encoder is None:
        raise SystemExit("the sentence-embedding model is not installed")
    stories = {p.parent.name: MentionStory(p, encoder.encode)
               for p in sorted(STORIES.glob("*/claims.json"))}
    out: dict[str, list[tuple[np.ndarray, np.ndarray]]] = defaultdict(list)
    for name, story in stories.items():
        train = [s for n, s in stories.items() if n != name]
        scores = np.concatenate([s.best_per_sentence_pair(s.x[:, 0]) for s in train])
        cut = best_cut(scores, np.concatenate([s.gold for s in train]))
        out["oracle units, cosine"].append(
            (story.best_per_sentence_pair(story.x[:, 0]) >= cut, story.gold))
        model = HistGradientBoostingClassifier(max_iter=200, learning_rate=0.05,
                                               max_leaf_nodes=15, random_state=0)
        model.fit(np.vstack([s.x for s in train]), np.concatenate([s.y for s in train]))
        probability = {id(s): model.predict_proba(s.x)[:, 1] for s in (*train, story)}
        scores = np.concatenate([s.best_per_sentence_pair(probability[id(s)]) for s in train])
        cut = best_cut(scores, np.concatenate([s.gold for s in train]))
        out["oracle units, learned"].append(
            (story.best_per_sentence_pair(probability[id(story)]) >= cut, story.gold))
        cuts = np.linspace(0.1, 0.9, 17)
        cut = float(max(cuts, key=lambda c: pooled(
            [(s.clustered(probability[id(s)], c), s.gold) for s in train])[0]))
        out["oracle units, clustered"].append((story.clustered(probability[id(story)], cut),
                                               story.gold))
    return {name: pooled(parts) for name, parts in out.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    rows = {**engine_rows(), **oracle_rows()}
    if args.json:
        print(json.dumps({k: dict(zip(("f1", "precision", "recall"), v, strict=True))
                          for k, v in rows.items()}, indent=2))
        return 0
    print("held-out sentence-pair links (leave one story out, pooled):")
    for name, (f, p, r) in rows.items():
        print(f"  {name:26} F1 {100 * f:5.1f}  P {100 * p:5.1f}  R {100 * r:5.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
