"""Every cross-source sentence pair of the development stories, with features and the claim gold.

The link decision of issue 31 ("two sentences share a claim") is learned here, on the claim
labels of ``benchmarks/stories`` only (the sample story is never read). For each story, every
pair of scored sentences (>= min_chars) of two different articles is listed with:

- the engine's own outputs for the pair (``Aligner.score``: link probability, both carry
  directions, the MSRP paraphrase probability) and whether the candidate search proposed it;
- claim-unit features: units from spaCy's dependency parse (``benchmarks.claim_split``'s
  splitter: clauses with their own predicate, attributions kept with what they attribute);
  the best unit-to-unit embedding cosine and the best unit-to-sentence cosine;
- word evidence: IDF-weighted share of content stems in common (over the smaller and the
  larger side), names and numbers in common, and a number seen on one side only;
- gold: 1 when the two sentences state a common labelled claim.

The table is cached in ``benchmarks/.cache/claim_pairs_<mode>.npz`` (not committed).

Run: python benchmarks/claim_pairs.py [--lexical]   (a few minutes the first time)
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.matching.embedding import default_encoder  # noqa: E402
from analysis.pipeline.comparison import assemble, prepare  # noqa: E402
from analysis.pipeline.settings import Settings  # noqa: E402
from analysis.text.lexicon import ENGLISH_STOP_WORDS  # noqa: E402
from analysis.text.textnorm import MATCHING_STEM_LETTERS  # noqa: E402
from benchmarks.claim_eval import match_labels, parse_claims  # noqa: E402
from benchmarks.claim_split import dep_units, load_spacy  # noqa: E402
from benchmarks.ecb_stories import story_input  # noqa: E402

STORIES = ROOT / "benchmarks" / "stories"
CACHE = ROOT / "benchmarks" / ".cache"
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d[\d,.]*")
NUMBER = re.compile(r"\d[\d,.]*")
FEATURES = ("probability", "forward", "backward", "paraphrase", "proposed", "cosine",
            "unit_cosine", "unit_whole_cosine", "idf_min", "idf_max", "shared_names",
            "shared_numbers", "number_clash", "shared_content")


def content_stems(text: str) -> list[str]:
    return [w.lower()[:MATCHING_STEM_LETTERS] for w in WORD.findall(text)
            if w.lower() not in ENGLISH_STOP_WORDS and not NUMBER.fullmatch(w)]


def names(text: str) -> set[str]:
    """Capitalised words not opening the sentence: a cheap stand-in for names."""
    words = WORD.findall(text)
    return {w.lower() for k, w in enumerate(words) if k and w[:1].isupper()
            and w.lower() not in ENGLISH_STOP_WORDS}


def numbers(text: str) -> set[str]:
    return {n.strip(",.").replace(",", "") for n in NUMBER.findall(text)}


def story_table(path: Path, settings: Settings, nlp) -> dict[str, np.ndarray]:
    articles, raw, _ = story_input(path)
    labels = parse_claims(raw, str(path))
    prepared = prepare(articles, settings)
    comparison = assemble(prepared)
    claims, _ = match_labels(comparison, labels)
    corpus = prepared.corpus
    ids = [a.id for a in prepared.articles]
    texts = [s.text for _, s in corpus]
    keys = [(ids[doc], s.index) for doc, s in corpus]
    docs = np.asarray([doc for doc, _ in corpus])
    n = len(corpus)
    left, right = np.triu_indices(n, 1)
    cross = docs[left] != docs[right]
    left, right = left[cross], right[cross]
    pairs = list(zip(left.tolist(), right.tolist(), strict=True))
    scored = prepared.aligner.score(pairs)
    proposed = set()
    if prepared.scored is not None:
        proposed = set(zip(prepared.scored.left.tolist(), prepared.scored.right.tolist(),
                           strict=True))
    encoder = default_encoder()
    whole = encoder.encode(texts)
    units_of = []
    unit_texts: list[str] = []
    for doc in nlp.pipe(texts, batch_size=64):
        spans = dep_units(doc)
        start = len(unit_texts)
        for unit in spans:
            unit_texts.append(" ".join(doc.text[a:b] for a, b in unit))
        units_of.append(list(range(start, len(unit_texts))))
    unit_vectors = encoder.encode(unit_texts)
    # IDF over the story's sentences
    stems = [set(content_stems(t)) for t in texts]
    df: dict[str, int] = defaultdict(int)
    for bag in stems:
        for word in bag:
            df[word] += 1
    idf = {w: float(np.log((1 + n) / (1 + c)) + 1) for w, c in df.items()}
    weight = [sum(idf[w] for w in bag) for bag in stems]
    name_sets = [names(t) for t in texts]
    number_sets = [numbers(t) for t in texts]
    rows = []
    gold = []
    for (i, j), p, f, b, para in zip(pairs, scored.probability.tolist(),
                                     scored.forward.tolist(), scored.backward.tolist(),
                                     scored.paraphrase.tolist(), strict=True):
        ui, uj = units_of[i], units_of[j]
        unit_cos = float((unit_vectors[ui] @ unit_vectors[uj].T).max()) if ui and uj else 0.0
        uw = max(float((unit_vectors[ui] @ whole[j]).max()) if ui else 0.0,
                 float((unit_vectors[uj] @ whole[i]).max()) if uj else 0.0)
        shared = stems[i] & stems[j]
        shared_weight = sum(idf[w] for w in shared)
        small, large = sorted((weight[i], weight[j]))
        nums_i, nums_j = number_sets[i], number_sets[j]
        rows.append((p, f, b, para, (i, j) in proposed, float(whole[i] @ whole[j]), unit_cos,
                     uw, shared_weight / small if small else 0.0,
                     shared_weight / large if large else 0.0,
                     len(name_sets[i] & name_sets[j]), len(nums_i & nums_j),
                     bool(nums_i and nums_j and not nums_i & nums_j), len(shared)))
        gold.append(bool(claims.get(keys[i], frozenset()) & claims.get(keys[j], frozenset())))
    return {"x": np.asarray(rows, dtype=np.float64), "y": np.asarray(gold, dtype=bool),
            "left": left, "right": right}


def build(lexical: bool = False) -> dict[str, dict[str, np.ndarray]]:
    CACHE.mkdir(exist_ok=True)
    out = CACHE / f"claim_pairs_{'lexical' if lexical else 'semantic'}.npz"
    if out.exists():
        data = np.load(out)
        stories = sorted({k.split("::")[0] for k in data.files})
        return {s: {f: data[f"{s}::{f}"] for f in ("x", "y", "left", "right")}
                for s in stories}
    settings = Settings(semantic=not lexical)
    nlp = load_spacy()
    tables = {}
    for path in sorted(STORIES.glob("*/claims.json")):
        tables[path.parent.name] = story_table(path, settings, nlp)
        t = tables[path.parent.name]
        print(f"{path.parent.name}: {len(t['y'])} pairs, {int(t['y'].sum())} gold",
              file=sys.stderr)
    np.savez_compressed(out, **{f"{s}::{f}": v for s, t in tables.items() for f, v in t.items()})
    return tables


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lexical", action="store_true")
    args = parser.parse_args(argv)
    tables = build(args.lexical)
    for story, t in tables.items():
        print(story, len(t["y"]), int(t["y"].sum()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
