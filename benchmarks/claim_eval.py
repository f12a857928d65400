"""Claim-level hand labels of a story, and how well a comparison agrees with them.

A label file (``benchmarks/stories/<slug>/claims.json``, ``tests/fixtures/sample_claims.json``)
lists, for sentences of the story's articles, the claims each one states::

    {"story": "<slug>", "note": "...", "claims": {"C1": "description"},
     "sentences": [{"article": "<article id>", "text": "<sentence as the project segments it>",
                    "claims": ["C1", "C4"], "divergent": ["C4"]}]}

Gold derived from it (a claim is *in* article B when a labelled sentence of B states it):

- a sentence of A is **shared** when one of its claims is in another article;
- for a sentence a of A and another article B, B **carries** a when all of a's claims are
  in B, and carries it **partly** when only some are;
- a sentence is **only in A** when it states claims and none of them is in another article.

Only sentences of at least ``min_chars`` characters (the comparison's setting, 15 by
default) are scored, as the engine never matches shorter ones. Project sentences without
a label state no claim. Every metric reads the public :class:`~analysis.results.Comparison`
only (articles, sentences, matches, elements), so it works with any engine version.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path

from analysis.results import Comparison

SentenceKey = tuple[str, int]  # (article id, sentence index)
DEFAULT_MIN_CHARS = 15


@dataclass(frozen=True)
class LabelledSentence:
    article: str
    text: str
    claims: frozenset[str]
    divergent: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ClaimLabels:
    story: str
    note: str
    claims: dict[str, str]
    sentences: tuple[LabelledSentence, ...]


@dataclass(frozen=True)
class Counts:
    """Precision / recall / F1 from counts; ``None`` when a denominator is zero."""

    hits: int
    predicted: int
    gold: int

    @property
    def precision(self) -> float | None:
        return self.hits / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.hits / self.gold if self.gold else None

    @property
    def f1(self) -> float | None:
        total = self.predicted + self.gold
        return 2 * self.hits / total if total else None

    def as_dict(self) -> dict[str, float | int | None]:
        return {**asdict(self), "precision": self.precision, "recall": self.recall,
                "f1": self.f1}


@dataclass(frozen=True)
class SourceShare:
    article: str
    sentences: int  # scored sentences (>= min_chars)
    gold: float  # share of them another source carries, by the labels
    predicted: float  # the comparison's matched_share
    gold_fully: float = 0.0  # share of them one other source carries whole (every claim)
    predicted_fully: float = 0.0  # the comparison's fully_carried_share


@dataclass(frozen=True)
class Coverage:
    """Directed (sentence a of A, other article B) pairs."""

    covered: int  # the comparison links a to a sentence of B
    carried: int  # gold: B states all of a's claims
    partly: int  # gold: B states some, not all, of a's claims
    covered_carried: int
    covered_partly: int

    @property
    def precision(self) -> float | None:
        """Covered pairs that B carries at least partly."""
        good = self.covered_carried + self.covered_partly
        return good / self.covered if self.covered else None

    @property
    def strict_precision(self) -> float | None:
        return self.covered_carried / self.covered if self.covered else None

    @property
    def recall(self) -> float | None:
        return self.covered_carried / self.carried if self.carried else None

    @property
    def partly_recall(self) -> float | None:
        return self.covered_partly / self.partly if self.partly else None

    def as_dict(self) -> dict[str, float | int | None]:
        return {**asdict(self), "precision": self.precision,
                "strict_precision": self.strict_precision, "recall": self.recall,
                "partly_recall": self.partly_recall}


@dataclass(frozen=True)
class ElementScores:
    claims: int  # claims stated in scored sentences of >= 2 sources
    together: int  # of those, claims one element holds from every source that states them
    source_completeness: float | None  # mean over those claims: share of the claim's
    # sources that its best element holds
    bcubed_items: int  # scored sentences with exactly one claim
    bcubed_precision: float | None
    bcubed_recall: float | None


@dataclass(frozen=True)
class ClaimScores:
    story: str
    min_chars: int
    labels: int
    unmatched_labels: int
    unmatched_examples: tuple[str, ...]
    sentences: int  # scored project sentences (>= min_chars)
    unlabelled: int  # of those, without a label (taken as stating no claim)
    sources: tuple[SourceShare, ...]
    shared: Counts  # sentence level: "another source carries this sentence"
    coverage: Coverage
    elements: ElementScores
    only_here: Counts  # "what only X reports", pooled over sources
    only_here_by_source: dict[str, Counts] = field(default_factory=dict)
    # sentence pairs of two sources: a gold link shares a claim; a predicted one is a link
    # any page shows (a match, through copies and families: analysis.story.copies.CopyLinks)
    links: Counts = Counts(0, 0, 0)
    partial_links: Counts = Counts(0, 0, 0)  # the predicted links of kind "partial"

    @property
    def share_mae(self) -> float | None:
        if not self.sources:
            return None
        return sum(abs(s.gold - s.predicted) for s in self.sources) / len(self.sources)

    @property
    def fully_mae(self) -> float | None:
        """Mean per-source error of the "fully carried" share."""
        if not self.sources:
            return None
        return sum(abs(s.gold_fully - s.predicted_fully) for s in self.sources) / len(
            self.sources)

    @property
    def partly_mae(self) -> float | None:
        """Mean per-source error of the "partly carried" share (shared, never whole)."""
        if not self.sources:
            return None
        return sum(abs((s.gold - s.gold_fully) - (s.predicted - s.predicted_fully))
                   for s in self.sources) / len(self.sources)

    def as_dict(self) -> dict[str, object]:
        return {
            "story": self.story, "min_chars": self.min_chars, "labels": self.labels,
            "unmatched_labels": self.unmatched_labels,
            "unmatched_examples": list(self.unmatched_examples),
            "sentences": self.sentences, "unlabelled": self.unlabelled,
            "sources": [asdict(s) for s in self.sources], "share_mae": self.share_mae,
            "fully_mae": self.fully_mae, "partly_mae": self.partly_mae,
            "shared": self.shared.as_dict(), "coverage": self.coverage.as_dict(),
            "elements": asdict(self.elements), "only_here": self.only_here.as_dict(),
            "only_here_by_source": {k: v.as_dict() for k, v in self.only_here_by_source.items()},
            "links": self.links.as_dict(), "partial_links": self.partial_links.as_dict(),
        }


class ClaimLabelError(ValueError):
    """A label file that does not follow the format; the message says where."""


def load_claims(path: str | os.PathLike[str]) -> ClaimLabels:
    """Read and check one ``claims.json`` file."""
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise ClaimLabelError(f"{path}: not valid JSON ({error})") from error
    return parse_claims(raw, str(path))


def parse_claims(raw: Mapping[str, object], where: str = "labels") -> ClaimLabels:
    claims = {str(k): str(v) for k, v in dict(raw.get("claims") or {}).items()}
    sentences = []
    for number, item in enumerate(raw.get("sentences") or []):
        stated = frozenset(str(c) for c in item.get("claims") or [])
        divergent = frozenset(str(c) for c in item.get("divergent") or [])
        unknown = (stated | divergent) - claims.keys()
        if unknown:
            raise ClaimLabelError(f"{where}: sentence {number} names unknown claims "
                                  f"{sorted(unknown)}")
        sentences.append(LabelledSentence(str(item["article"]), str(item["text"]), stated,
                                          divergent))
    return ClaimLabels(str(raw.get("story", "")), str(raw.get("note", "")), claims,
                       tuple(sentences))


def normalise(text: str) -> str:
    return " ".join(text.split())


def match_labels(
    comparison: Comparison, labels: ClaimLabels
) -> tuple[dict[SentenceKey, frozenset[str]], list[LabelledSentence]]:
    """Claims per project sentence (exact text first, then whitespace-normalised), and the
    labels that match no sentence. A repeated text takes the next unused occurrence."""
    exact: dict[tuple[str, str], list[int]] = defaultdict(list)
    loose: dict[tuple[str, str], list[int]] = defaultdict(list)
    for article in comparison.articles:
        for sentence in article.sentences:
            exact[(article.id, sentence.text)].append(sentence.index)
            loose[(article.id, normalise(sentence.text))].append(sentence.index)
    used: set[SentenceKey] = set()
    claims: dict[SentenceKey, frozenset[str]] = {}
    unmatched: list[LabelledSentence] = []
    for label in labels.sentences:
        key = _first_unused(label.article, exact.get((label.article, label.text), []), used)
        if key is None:
            candidates = loose.get((label.article, normalise(label.text)), [])
            key = _first_unused(label.article, candidates, used)
        if key is None:
            unmatched.append(label)
            continue
        used.add(key)
        claims[key] = claims.get(key, frozenset()) | label.claims
    return claims, unmatched


def _first_unused(article: str, indices: list[int], used: set[SentenceKey]) -> SentenceKey | None:
    return next(((article, i) for i in indices if (article, i) not in used), None)


def evaluate_claims(
    comparison: Comparison, labels: ClaimLabels, min_chars: int | None = None
) -> ClaimScores:
    """Every claim-level score of one comparison against its story's labels."""
    if min_chars is None:
        min_chars = int(comparison.settings.get("min_chars", DEFAULT_MIN_CHARS))
    claims, unmatched = match_labels(comparison, labels)
    scored = [(a.id, s.index) for a in comparison.articles for s in a.sentences
              if len(s.text) >= min_chars]
    stated_in = _articles_stating(claims)
    linked = _linked_articles(comparison)
    gold_shared = {key for key in scored if _others(claims.get(key, frozenset()), key[0],
                                                     stated_in)}
    only_here_by_source = _only_here(comparison, scored, claims, stated_in)
    return ClaimScores(
        story=labels.story,
        min_chars=min_chars,
        labels=len(labels.sentences),
        unmatched_labels=len(unmatched),
        unmatched_examples=tuple(f"{u.article}: {u.text[:80]}" for u in unmatched[:5]),
        sentences=len(scored),
        unlabelled=sum(key not in claims for key in scored),
        sources=_source_shares(comparison, scored, gold_shared,
                               _gold_fully(scored, claims, stated_in)),
        shared=_counts(scored, set(linked), gold_shared),
        coverage=_coverage(comparison, scored, claims, stated_in, linked),
        elements=_element_scores(comparison, scored, claims, stated_in),
        only_here=_pool(only_here_by_source.values()),
        only_here_by_source=only_here_by_source,
        **dict(zip(("links", "partial_links"), _links(comparison, scored, claims), strict=True)),
    )


def _links(comparison: Comparison, scored: list[SentenceKey],
           claims: Mapping[SentenceKey, frozenset[str]]) -> tuple[Counts, Counts]:
    """Sentence pairs of two sources, both scored: gold when they share a claim, predicted
    when a page links them (``CopyLinks.between``: the matches with those through copies
    and families). The second count keeps the predicted links of kind "partial" only."""
    from analysis.story.copies import CopyLinks

    keep = set(scored)
    gold = set()
    by_claim: dict[str, list[SentenceKey]] = defaultdict(list)
    for key, stated in claims.items():
        if key in keep:
            for claim in stated:
                by_claim[claim].append(key)
    for keys in by_claim.values():
        for x in keys:
            for y in keys:
                if x[0] < y[0]:
                    gold.add((x, y))
    links = CopyLinks.of(comparison)
    ids = [a.id for a in comparison.articles]
    predicted: dict[tuple[SentenceKey, SentenceKey], str] = {}
    for n, a in enumerate(ids):
        for b in ids[n + 1:]:
            first, second = (a, b) if a < b else (b, a)
            for m in links.between(comparison, first, second):
                x, y = (first, m.a_sentence), (second, m.b_sentence)
                if x in keep and y in keep:
                    predicted[(x, y)] = m.kind
    partial = {pair for pair, kind in predicted.items() if kind == "partial"}
    return (Counts(len(gold & predicted.keys()), len(predicted), len(gold)),
            Counts(len(gold & partial), len(partial), len(gold)))


def _articles_stating(claims: Mapping[SentenceKey, frozenset[str]]) -> dict[str, set[str]]:
    """Claim -> articles with a labelled sentence stating it."""
    stated_in: dict[str, set[str]] = defaultdict(set)
    for (article, _), stated in claims.items():
        for claim in stated:
            stated_in[claim].add(article)
    return stated_in


def _others(stated: frozenset[str], article: str, stated_in: Mapping[str, set[str]]) -> bool:
    return any(stated_in.get(claim, set()) - {article} for claim in stated)


def _linked_articles(comparison: Comparison) -> dict[SentenceKey, set[str]]:
    """Sentence -> other articles a match links it to."""
    linked: dict[SentenceKey, set[str]] = defaultdict(set)
    for m in comparison.matches:
        linked[(m.a, m.a_sentence)].add(m.b)
        linked[(m.b, m.b_sentence)].add(m.a)
    return linked


def _counts(universe: Iterable[SentenceKey], predicted: set[SentenceKey],
            gold: set[SentenceKey]) -> Counts:
    keys = set(universe)
    return Counts(len(keys & predicted & gold), len(keys & predicted), len(keys & gold))


def _pool(parts: Iterable[Counts]) -> Counts:
    parts = list(parts)
    return Counts(sum(p.hits for p in parts), sum(p.predicted for p in parts),
                  sum(p.gold for p in parts))


def _gold_fully(scored: list[SentenceKey], claims: Mapping[SentenceKey, frozenset[str]],
                stated_in: Mapping[str, set[str]]) -> set[SentenceKey]:
    """Sentences stating claims that one other article states all of."""
    fully = set()
    for key in scored:
        stated = claims.get(key, frozenset())
        if not stated:
            continue
        holders = set.intersection(*(stated_in.get(c, set()) for c in stated)) - {key[0]}
        if holders:
            fully.add(key)
    return fully


def _source_shares(comparison: Comparison, scored: list[SentenceKey],
                   gold_shared: set[SentenceKey],
                   gold_fully: set[SentenceKey] = frozenset()) -> tuple[SourceShare, ...]:
    shares = []
    for article in comparison.articles:
        mine = [key for key in scored if key[0] == article.id]
        gold = sum(key in gold_shared for key in mine) / len(mine) if mine else 0.0
        fully = sum(key in gold_fully for key in mine) / len(mine) if mine else 0.0
        shares.append(SourceShare(article.id, len(mine), gold, float(article.matched_share),
                                  fully, float(article.fully_carried_share)))
    return tuple(shares)


def _coverage(
    comparison: Comparison,
    scored: list[SentenceKey],
    claims: Mapping[SentenceKey, frozenset[str]],
    stated_in: Mapping[str, set[str]],
    linked: Mapping[SentenceKey, set[str]],
) -> Coverage:
    ids = [a.id for a in comparison.articles]
    tally = dict.fromkeys(("covered", "carried", "partly", "covered_carried", "covered_partly"), 0)
    for key in scored:
        stated = claims.get(key, frozenset())
        for other in ids:
            if other == key[0]:
                continue
            present = sum(other in stated_in.get(claim, set()) for claim in stated)
            carried = bool(stated) and present == len(stated)
            partly = 0 < present < len(stated)
            covered = other in linked.get(key, set())
            tally["covered"] += covered
            tally["carried"] += carried
            tally["partly"] += partly
            tally["covered_carried"] += covered and carried
            tally["covered_partly"] += covered and partly
    return Coverage(**tally)


def _element_scores(
    comparison: Comparison,
    scored: list[SentenceKey],
    claims: Mapping[SentenceKey, frozenset[str]],
    stated_in: Mapping[str, set[str]],
) -> ElementScores:
    element_of = {(m.article, m.sentence): e.id for e in comparison.elements for m in e.members}
    in_elements = [key for key in scored if key in element_of]
    wide = [claim for claim, where in stated_in.items() if len(where) >= 2]
    together, completeness = 0, []
    for claim in wide:
        holders = [key for key in in_elements if claim in claims.get(key, frozenset())]
        sources_by_element: dict[int, set[str]] = defaultdict(set)
        for key in holders:
            sources_by_element[element_of[key]].add(key[0])
        wanted = {key[0] for key in holders}
        if len(wanted) < 2:  # its other sources state it only in short sentences
            continue
        best = max(len(found) for found in sources_by_element.values())
        together += best == len(wanted)
        completeness.append(best / len(wanted))
    single = [key for key in in_elements if len(claims.get(key, frozenset())) == 1]
    gold = {key: next(iter(claims[key])) for key in single}
    precision, recall = _bcubed({key: element_of[key] for key in single}, gold)
    mean = sum(completeness) / len(completeness) if completeness else None
    return ElementScores(len(completeness), together, mean, len(single), precision, recall)


def _bcubed(predicted: Mapping[SentenceKey, int],
            gold: Mapping[SentenceKey, str]) -> tuple[float | None, float | None]:
    """B-cubed precision and recall of a clustering over the same items."""
    if not predicted:
        return None, None
    by_pred: dict[int, set[SentenceKey]] = defaultdict(set)
    by_gold: dict[str, set[SentenceKey]] = defaultdict(set)
    for key in predicted:
        by_pred[predicted[key]].add(key)
        by_gold[gold[key]].add(key)
    precision = recall = 0.0
    for key in predicted:
        same = len(by_pred[predicted[key]] & by_gold[gold[key]])
        precision += same / len(by_pred[predicted[key]])
        recall += same / len(by_gold[gold[key]])
    return precision / len(predicted), recall / len(predicted)


def _only_here(
    comparison: Comparison,
    scored: list[SentenceKey],
    claims: Mapping[SentenceKey, frozenset[str]],
    stated_in: Mapping[str, set[str]],
) -> dict[str, Counts]:
    """Per source: labelled sentences stating claims no other source states, against the
    sentences the comparison puts in single-source elements (scored over labelled
    sentences that state a claim, since unlabelled ones may be page furniture)."""
    alone = {(m.article, m.sentence) for e in comparison.elements if len(e.sources) == 1
             for m in e.members}
    result = {}
    for article in comparison.articles:
        universe = [key for key in scored if key[0] == article.id and claims.get(key)]
        gold = {key for key in universe if not _others(claims[key], key[0], stated_in)}
        result[article.id] = _counts(universe, alone, gold)
    return result


def carried_rows(comparison: Comparison, labels: ClaimLabels,
                 min_chars: int | None = None) -> list[tuple[str, float, bool, bool]]:
    """Per scored sentence: (article, the comparison's ``carried_whole``, whether it has a
    match, whether the labels say one other article states all its claims), so a cut on
    ``carried_whole`` can be fitted without re-running the comparison."""
    if min_chars is None:
        min_chars = int(comparison.settings.get("min_chars", DEFAULT_MIN_CHARS))
    claims, _ = match_labels(comparison, labels)
    scored = [(a.id, s.index) for a in comparison.articles for s in a.sentences
              if len(s.text) >= min_chars]
    fully = _gold_fully(scored, claims, _articles_stating(claims))
    linked = _linked_articles(comparison)
    carried = {(a.id, s.index): (a.carried_whole[k] if k < len(a.carried_whole) else 0.0)
               for a in comparison.articles for k, s in enumerate(a.sentences)}
    return [(key[0], carried[key], key in linked, key in fully) for key in scored]
