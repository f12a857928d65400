"""From loaded articles to a full comparison: prepare (slow, threshold-free), then assemble.

``compare`` is the one call most code needs. The dashboard calls the two halves itself,
so that moving the threshold re-runs only ``assemble`` on a cached ``PreparedStory``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import replace
from typing import TypeVar, cast

import numpy as np

from analysis.divergence.finder import find_divergences, names_used
from analysis.matching.alignment import ScoredPairs, match_kind
from analysis.matching.embedding import MODEL_NAME, default_route
from analysis.matching.paraphrase_model import PairModel
from analysis.pipeline.preparation import (
    SCORE_CHUNK,
    AnalysisError,
    PreparedStory,
    Progress,
    prepare,
)
from analysis.pipeline.settings import Settings
from analysis.quotes.tracking import track_quotes
from analysis.results import (
    Article,
    ArticleResult,
    CleanedArticle,
    Comparison,
    Divergence,
    ElementMember,
    LoadProblem,
    Match,
    Sentence,
    StoryElement,
)
from analysis.story.carried import FULLY_CARRIED_CUT, carried_whole
from analysis.story.copies import class_totals, families, infers_families, strongest_by_class
from analysis.story.elements import group_sentences
from analysis.story.framing import headline_framing
from analysis.story.gaps import source_gaps
from analysis.story.overlap import matched_sentences, pair_overlaps, with_names

__all__ = ["AnalysisError", "PreparedStory", "assemble", "compare", "prepare",
           "prepare_and_assemble"]

_LABEL_CHARS = 140
T = TypeVar("T")
_IMPLIED_LIMIT = 300  # elements larger than this are not searched for implied pairs


def compare(
    articles: Sequence[Article],
    settings: Settings | None = None,
    *,
    restore: Mapping[str, Collection[str]] | None = None,
    problems: Sequence[LoadProblem] = (),
    model: PairModel | None = None,
    progress: Progress | None = None,
) -> Comparison:
    """Compare articles about one story sentence by sentence.

    Articles are processed in natural id order, so the order in which files were given
    never changes a result. ``restore`` maps an article id to removed lines the
    person wants back.
    """
    settings = settings or Settings()
    prepared = prepare(articles, settings, restore=restore, problems=problems, model=model,
                       progress=progress)
    return assemble(prepared, settings.threshold, settings.element_link)


def prepare_and_assemble(
    articles: Sequence[Article],
    settings: Settings,
    restore: Sequence[tuple[str, Sequence[str]]] = (),
    *,
    progress: Progress | None = None,
) -> tuple[PreparedStory, Comparison]:
    """Both halves, and both results: what a worker process
    (``analysis.pipeline.isolation``) sends back, so the caller can keep the prepared
    story for threshold moves and per-pair scores without computing it again."""
    prepared = prepare(articles, settings, restore=dict(restore), progress=progress)
    return prepared, assemble(prepared, settings.threshold, settings.element_link)


def assemble(
    prepared: PreparedStory, threshold: float | None = None, element_link: float | None = None
) -> Comparison:
    """The comparison at one threshold: matches, elements, shares, divergences, gaps.

    Only pairs the preparation scored are used, plus the few cross-source pairs that
    one story element brings together (scored through the prepared aligner's cache).
    """
    started = time.perf_counter()
    settings = replace(prepared.settings, threshold=threshold, element_link=element_link)
    ordered = list(prepared.articles)
    corpus = list(prepared.corpus)
    matches, clusters, edges, kept = _match(prepared, settings)
    matchable = prepared.matchable()
    results = _article_results(list(prepared.cleaned), list(prepared.sentences), matches,
                               matchable, _carried_whole(prepared, kept))
    carried = _carried_counts(prepared, kept, settings.match_threshold)
    comparison = Comparison(
        articles=results,
        matches=matches,
        pairs=pair_overlaps([a.id for a in ordered], matchable, carried, prepared.expected),
        elements=_elements(clusters, corpus, ordered, edges),
        problems=prepared.problems,
    )
    quotes = _once(prepared, "quotes", lambda: track_quotes(comparison))
    comparison = replace(comparison, quotes=quotes)
    names = _once(prepared, "names", lambda: names_used(comparison))
    comparison = replace(comparison, pairs=with_names(comparison.pairs, names))
    divergences = find_divergences(comparison, quotes, names)
    comparison = replace(comparison, elements=_majority_labels(
        comparison.elements, divergences, corpus, ordered, edges))
    seconds = prepared.seconds + time.perf_counter() - started
    return replace(
        comparison,
        divergences=divergences,
        gaps=source_gaps(replace(comparison, divergences=divergences)),
        framing=headline_framing(comparison),
        settings={**settings.as_dict(), "matching": _mode_label(settings),
                  "seconds": round(seconds, 3)},
    )


def _once(prepared: PreparedStory, key: str, compute: Callable[[], T]) -> T:
    """A threshold-free extra of the prepared story (quotes, names, the candidate set),
    computed on the first ``assemble`` and reused by every threshold after it."""
    if key not in prepared.memo:
        prepared.memo[key] = compute()
    return cast(T, prepared.memo[key])


def _mode_label(settings: Settings) -> str:
    """Which evidence produced the matches, for JSON and the UI."""
    if settings.blend is not None:
        return "manual blend of TF-IDF cosine and fuzzy ratio"
    if settings.semantic:
        return f"semantic ({MODEL_NAME}, {default_route()}) + lexical"
    return "lexical only"


def _carried_counts(prepared: PreparedStory, kept: list[Scored], threshold: float
                    ) -> np.ndarray:
    """[A, B] -> how many of A's sentences B carries, through every copy of their words and
    every equivalent wording (``analysis.story.copies``): the matches list each sentence's best
    few links only."""
    n = len(prepared.articles)
    left, right, probability, forward, backward = _columns(kept)
    family = families(prepared.classes, (left, right, forward, backward))
    strongest = strongest_by_class(prepared.classes, prepared.groups,
                                   (left, right, probability), n, family)
    return class_totals(strongest, prepared.classes, prepared.groups, n, threshold)


def _match(
    prepared: PreparedStory, settings: Settings
) -> tuple[tuple[Match, ...], list[list[int]], list[tuple[int, int, float]], list[Scored]]:
    corpus, groups, ordered = list(prepared.corpus), prepared.groups, list(prepared.articles)
    singletons = [[k] for k in range(len(corpus))]
    aligner, scored = prepared.aligner, prepared.scored
    if aligner is None or scored is None:
        return (), singletons, [], []
    threshold = settings.match_threshold
    kept = _kept(scored, threshold)
    known = (scored.left, scored.right, np.maximum(scored.forward, scored.backward))
    # Elements are claims: grouped by "one sentence carries the other", so a sentence
    # that shares only part of another (a partial match) does not glue two claims.
    edges = [(i, j, max(fwd, bwd)) for i, j, _, _, fwd, bwd, *_ in kept]
    links = [(i, j, p) for i, j, p, *_ in kept]
    clusters = group_sentences(len(corpus), edges, settings.element_threshold, known,
                               sources=groups.tolist(), links=links,
                               classes=prepared.classes)
    candidates = _once(prepared, "candidates", lambda: set(
        (scored.left * len(corpus) + scored.right).tolist()))
    implied = _implied_pairs(clusters, groups, candidates, prepared.classes,
                             _families_of(prepared.classes, kept, threshold))
    for start in range(0, len(implied), SCORE_CHUNK):  # memory bounded by the chunk
        kept += _kept(aligner.score(implied[start:start + SCORE_CHUNK]), threshold)
    matches = tuple(
        _to_match(corpus, ordered, (i, j), p, match_kind(p, fwd, bwd, kind, threshold),
                  (fwd, bwd), (aligner.span(unit_i), aligner.span(unit_j)))
        for i, j, p, kind, fwd, bwd, unit_i, unit_j in sorted(kept)
    )
    return matches, clusters, links, kept


Scored = tuple[int, int, float, str, float, float, int, int]


def _kept(scored: ScoredPairs, threshold: float) -> list[Scored]:
    """(left, right, link, wording, forward, backward, evidence unit of left, of right) of
    the pairs at or above threshold."""
    return [
        row for row in zip(
            scored.left.tolist(), scored.right.tolist(), scored.probability.tolist(),
            scored.kinds, scored.forward.tolist(), scored.backward.tolist(),
            scored.evidence_left.tolist(), scored.evidence_right.tolist(), strict=True,
        )
        if row[2] >= threshold
    ]


def _families_of(classes: np.ndarray, kept: list[Scored], threshold: float
                 ) -> np.ndarray | None:
    """Family per sentence (``analysis.story.copies.families``) of the matches at this
    threshold, or None when the threshold is above the family floor: a family-mate is then
    no match by inference (``analysis.story.copies.infers_families``)."""
    if not infers_families(threshold):
        return None
    left, right, _, forward, backward = _columns(kept)
    return families(classes, (left, right, forward, backward))[classes]


def _columns(kept: list[Scored]) -> tuple[np.ndarray, ...]:
    """(left, right, link, forward, backward) of the kept rows as arrays."""
    return tuple(
        np.asarray([row[k] for row in kept], dtype=np.int64 if k < 2 else np.float64)
        for k in (0, 1, 2, 4, 5))


def _implied_pairs(
    clusters: list[list[int]], groups: np.ndarray, known: set[int],
    classes: np.ndarray | None = None, family: np.ndarray | None = None,
) -> list[tuple[int, int]]:
    """Cross-source pairs inside one story element that the candidate search did not
    propose: scored too, so that two sentences one element holds are linked on every
    page when they match (the Side by side view and the shares agree with the elements).
    Two copies of one text (the same ``classes``) are linked through their class on every
    page already, and disagree on nothing: they are left out (their number grows with the
    square of a text's copies). So are two members of one family of equivalent wordings
    (``family``: per sentence, see ``analysis.story.copies``): every page links them through
    their family (``CopyLinks``, the shares), and such pairs grow with the square of a
    sentence's lightly edited variants.
    ``known``: the proposed pairs (i, j), i < j, as ``i * len(groups) + j`` (one int
    each, where tuples of two took three objects)."""
    n = len(groups)
    same = classes if family is None else family
    pairs = []
    for cluster in clusters:
        if len(cluster) > _IMPLIED_LIMIT:  # wire copy repeated everywhere: matched already
            continue
        for x, i in enumerate(cluster):
            for j in cluster[x + 1:]:
                low, high = (i, j) if i < j else (j, i)
                if groups[i] != groups[j] and low * n + high not in known and (
                        same is None or same[i] != same[j]):
                    pairs.append((low, high))
    return pairs


def _to_match(
    corpus: list[tuple[int, Sentence]],
    ordered: list[Article],
    pair: tuple[int, int],
    p: float,
    kind: str,
    carries: tuple[float, float],
    spans: tuple[tuple[int, int] | None, tuple[int, int] | None] = (None, None),
) -> Match:
    """``carries``: (right carries left, left carries right) for the corpus pair;
    ``spans``: the evidence in each (None: the whole sentence)."""
    (doc_i, s_i), (doc_j, s_j) = corpus[pair[0]], corpus[pair[1]]
    forward, backward = carries
    span_i, span_j = spans
    if doc_i > doc_j:
        (doc_i, s_i), (doc_j, s_j) = (doc_j, s_j), (doc_i, s_i)
        forward, backward = backward, forward
        span_i, span_j = span_j, span_i
    return Match(
        a=ordered[doc_i].id, a_sentence=s_i.index, b=ordered[doc_j].id, b_sentence=s_j.index,
        score=round(float(p), 4), kind=kind,
        b_carries_a=round(float(forward), 4), a_carries_b=round(float(backward), 4),
        a_span=span_i, b_span=span_j,
    )


def _article_results(
    cleaned: list[CleanedArticle],
    sentences: list[tuple[Sentence, ...]],
    matches: tuple[Match, ...],
    matchable: dict[str, int],
    carried: Carried,
) -> tuple[ArticleResult, ...]:
    hits: dict[str, set[int]] = {}
    for (article_id, _), found in matched_sentences(matches).items():
        hits.setdefault(article_id, set()).update(found)
    results = []
    for clean, sents in zip(cleaned, sentences, strict=True):
        article = clean.article
        hit = hits.get(article.id, set())
        total = matchable[article.id]
        matched = round(len(hit) / total, 4) if total else 0.0
        whole = carried[0].get(article.id, {})
        fully = sum(whole.get(i, 0.0) >= FULLY_CARRIED_CUT for i in hit)
        results.append(
            ArticleResult(
                article=_with_fallbacks(article, sents),
                sentences=sents,
                removed=clean.removed,
                cleaned_text=clean.text,
                matched_share=matched,
                unique_share=round(1.0 - matched, 4) if total else 0.0,
                fully_carried_share=round(fully / total, 4) if total else 0.0,
                carried_whole=tuple(round(whole.get(s.index, 0.0), 4) for s in sents),
                carried_whole_by=carried[1].get(article.id, ()),
            )
        )
    return tuple(results)


Carried = tuple[dict[str, dict[int, float]], dict[str, tuple[tuple[str, tuple[int, ...]], ...]]]


def _carried_whole(prepared: PreparedStory, kept: list[Scored]) -> Carried:
    """(article -> sentence index -> how likely another source states all it says,
    article -> other source -> the sentences that source carries whole), for sentences
    with a match (``analysis.story.carried``)."""
    if prepared.aligner is None or not kept:
        return {}, {}
    left, right, *_ = _columns(kept)
    carried = carried_whole(prepared.aligner, (left, right), prepared.groups)
    ids = [a.id for a in prepared.articles]
    best: dict[str, dict[int, float]] = {}
    for k in np.flatnonzero(carried.best).tolist():
        doc, sentence = prepared.corpus[k]
        best.setdefault(ids[doc], {})[sentence.index] = float(carried.best[k])
    by_source: dict[str, dict[str, list[int]]] = {}
    whole = carried.value >= FULLY_CARRIED_CUT
    for k, source in zip(carried.sentence[whole].tolist(), carried.source[whole].tolist(),
                         strict=True):
        doc, sentence = prepared.corpus[k]
        by_source.setdefault(ids[doc], {}).setdefault(ids[source], []).append(sentence.index)
    return best, {article: tuple((source, tuple(sorted(found))) for source, found in sorted(
        per.items())) for article, per in by_source.items()}


def _with_fallbacks(article: Article, sentences: tuple[Sentence, ...]) -> Article:
    title = article.title or (_shorten(sentences[0].text, 100) if sentences else article.id)
    return replace(article, title=title, source=article.source or article.id)


def _strength(edges: list[tuple[int, int, float]]) -> dict[int, float]:
    """Corpus index -> the sum of its links' probabilities inside story elements."""
    strength: dict[int, float] = {}
    for i, j, p in edges:
        strength[i] = strength.get(i, 0.0) + p
        strength[j] = strength.get(j, 0.0) + p
    return strength


def _majority_labels(
    elements: tuple[StoryElement, ...],
    divergences: tuple[Divergence, ...],
    corpus: list[tuple[int, Sentence]],
    ordered: list[Article],
    edges: list[tuple[int, int, float]],
) -> tuple[StoryElement, ...]:
    """Elements labelled with a wording most of their sources agree with: a member on a
    minority side of a divergence inside the element (a value fewer sources give than the
    most common one) is not its label while another member is left. A tie has no
    minority."""
    minority: dict[int, set[tuple[str, int]]] = {}
    for divergence in divergences:
        held = {(m.article, m.sentence) for side in divergence.minority for m in side.members}
        if not held:
            continue
        inside = {*divergence.elements}
        if divergence.element is not None:
            inside.add(divergence.element)
        for element_id in inside:
            minority.setdefault(element_id, set()).update(held)
    if not minority:
        return elements
    index = {(ordered[doc].id, sentence.index): k for k, (doc, sentence) in enumerate(corpus)}
    strength = _strength(edges)
    relabelled = []
    for element in elements:
        odd = minority.get(element.id, set())
        members = [index[(m.article, m.sentence)] for m in element.members]
        kept = [k for k in members if (ordered[corpus[k][0]].id, corpus[k][1].index) not in odd]
        if odd and kept and len(kept) < len(members):
            label = _shorten(_label(kept, corpus, strength), _LABEL_CHARS)
            element = replace(element, label=label)
        relabelled.append(element)
    return tuple(relabelled)


def _elements(
    clusters: list[list[int]],
    corpus: list[tuple[int, Sentence]],
    ordered: list[Article],
    edges: list[tuple[int, int, float]],
) -> tuple[StoryElement, ...]:
    strength = _strength(edges)
    drafts = []
    for cluster in clusters:
        members = [(ordered[corpus[k][0]].id, corpus[k][1].index)
                   for k in sorted(cluster)]  # corpus order: article order, then sentence
        sources = tuple(dict.fromkeys(m[0] for m in members))
        drafts.append((sources, members, _shorten(_label(cluster, corpus, strength), _LABEL_CHARS)))
    drafts.sort(key=lambda d: (-len(d[0]), -len(d[1]), d[1][0]))
    return tuple(
        StoryElement(
            id=n, label=label, sources=sources,
            members=tuple(ElementMember(article=a, sentence=s) for a, s in members),
        )
        for n, (sources, members, label) in enumerate(drafts)
    )


def _label(
    cluster: list[int], corpus: list[tuple[int, Sentence]], strength: dict[int, float]
) -> str:
    """The most central member: the one most strongly matched with the others."""
    best = max(cluster, key=lambda k: (strength.get(k, 0.0), -len(corpus[k][1].text), -k))
    return corpus[best][1].text


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
