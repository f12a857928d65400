"""One call from loaded articles to a full comparison: clean, segment, align, score, group."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace

import numpy as np

from analysis.alignment import Aligner, ScoredPairs, match_kind
from analysis.cleaning import clean_article
from analysis.divergence import find_divergences
from analysis.elements import group_sentences
from analysis.embedding import MODEL_NAME, SentenceEncoder, default_encoder
from analysis.features import EmptyVocabularyError
from analysis.framing import headline_framing
from analysis.gaps import source_gaps
from analysis.models import (
    Article,
    ArticleResult,
    CleanedArticle,
    Comparison,
    ElementMember,
    LoadProblem,
    Match,
    Sentence,
    StoryElement,
)
from analysis.overlap import matched_sentences, pair_overlaps
from analysis.quotes import track_quotes
from analysis.scoring import PairModel, default_model
from analysis.segmentation import split_sentences
from analysis.settings import Settings

_LABEL_CHARS = 140
_IMPLIED_LIMIT = 300  # elements larger than this are not searched for implied pairs


class AnalysisError(ValueError):
    """The input cannot be compared at all; the message is meant for people."""


def compare(
    articles: Sequence[Article],
    settings: Settings | None = None,
    *,
    restore: Mapping[str, Collection[str]] | None = None,
    problems: Sequence[LoadProblem] = (),
    model: PairModel | None = None,
) -> Comparison:
    """Compare articles about one story sentence by sentence.

    Articles are processed in id order, so the order in which files were given
    never changes a result. ``restore`` maps an article id to removed lines the
    person wants back.
    """
    model = model or default_model()
    encoder = default_encoder() if (settings or Settings()).semantic else None
    settings = (settings or Settings()).for_mode(encoder is not None)
    started = time.perf_counter()
    ordered = _check_ids(articles)
    restore = restore or {}
    cleaned = [
        clean_article(a, enabled=settings.clean, restore=restore.get(a.id, ())) for a in ordered
    ]
    sentences = [split_sentences(c.text) for c in cleaned]
    corpus = [
        (doc, s) for doc, sents in enumerate(sentences) for s in sents
        if len(s.text) >= settings.min_chars
    ]
    matches, clusters, edges, expected = _match(corpus, ordered, settings, model, encoder)
    ids = [a.id for a in ordered]
    per_doc = Counter(doc for doc, _ in corpus)
    matchable = {a.id: per_doc[doc] for doc, a in enumerate(ordered)}
    results = _article_results(cleaned, sentences, matches, matchable)
    comparison = Comparison(
        articles=results,
        matches=matches,
        pairs=pair_overlaps(ids, matchable, matches, expected),
        elements=_elements(clusters, corpus, ordered, edges),
        problems=tuple(problems),
    )
    return replace(
        comparison,
        divergences=find_divergences(comparison),
        gaps=source_gaps(comparison),
        framing=headline_framing(comparison),
        quotes=track_quotes(comparison),
        settings={**settings.as_dict(), "matching": _mode_label(settings),
                  "seconds": round(time.perf_counter() - started, 3)},
    )


def _mode_label(settings: Settings) -> str:
    """Which evidence produced the matches, for JSON and the UI."""
    if settings.blend is not None:
        return "manual blend of TF-IDF cosine and fuzzy ratio"
    if settings.semantic:
        return f"semantic ({MODEL_NAME}) + lexical"
    return "lexical only"


def _check_ids(articles: Sequence[Article]) -> list[Article]:
    if not articles:
        raise AnalysisError("no readable article to analyse")
    ordered = sorted(articles, key=lambda a: a.id)
    for first, second in zip(ordered, ordered[1:], strict=False):
        if first.id == second.id:
            raise AnalysisError(f"two articles share the id {first.id!r}; ids must be unique")
    return ordered


def _match(
    corpus: list[tuple[int, Sentence]],
    ordered: list[Article],
    settings: Settings,
    model: PairModel,
    encoder: SentenceEncoder | None,
) -> tuple[tuple[Match, ...], list[list[int]], list[tuple[int, int, float]], Expected]:
    groups = np.asarray([doc for doc, _ in corpus], dtype=np.int64)
    singletons = [[k] for k in range(len(corpus))]
    if len(set(groups.tolist())) < 2:
        return (), singletons, [], {}
    try:
        aligner = Aligner([s.text for _, s in corpus], model, blend=settings.blend,
                          encoder=encoder)
    except EmptyVocabularyError:
        return (), singletons, [], {}
    threshold = settings.match_threshold
    candidates = aligner.candidates(
        groups, settings.top_k, settings.candidate_floor, settings.semantic_floor)
    scored = aligner.score(candidates)
    kept = _kept(scored, threshold)
    expected = _expected_shared(scored, groups, ordered)

    def score_all(left: np.ndarray, right: np.ndarray) -> np.ndarray:
        pairs = list(zip(left.tolist(), right.tolist(), strict=True))
        scored = aligner.score(pairs)
        return np.maximum(scored.forward, scored.backward)

    # Elements are claims: grouped by "one sentence carries the other", so a sentence
    # that shares only part of another (a partial match) does not glue two claims.
    edges = [(i, j, max(fwd, bwd)) for i, j, _, _, fwd, bwd in kept]
    links = [(i, j, p) for i, j, p, *_ in kept]
    clusters = group_sentences(len(corpus), edges, settings.element_threshold, score_all,
                               sources=groups.tolist(), links=links)
    implied = _implied_pairs(clusters, groups, {(i, j) for i, j, *_ in kept})
    kept += _kept(aligner.score(implied), threshold)
    matches = tuple(
        _to_match(corpus, ordered, (i, j), p, match_kind(p, fwd, bwd, kind, threshold),
                  (fwd, bwd))
        for i, j, p, kind, fwd, bwd in sorted(kept)
    )
    return matches, clusters, links, expected


Expected = dict[tuple[str, str], float]


def _expected_shared(scored: ScoredPairs, groups: np.ndarray, ordered: list[Article]
                     ) -> Expected:
    """(article A, article B) -> expected number of A's sentences that B carries: each
    sentence counts with its strongest link probability into B, over every scored
    candidate, not only those over the threshold (a ranking of how much two articles
    share that does not jump when one pair crosses the threshold)."""
    best: dict[tuple[int, int], float] = {}
    for i, j, p in zip(scored.left.tolist(), scored.right.tolist(),
                       scored.probability.tolist(), strict=True):
        for own, other in ((i, j), (j, i)):
            key = (own, int(groups[other]))
            best[key] = max(best.get(key, 0.0), p)
    expected: Expected = {}
    for (sentence, other), p in best.items():
        key = (ordered[int(groups[sentence])].id, ordered[other].id)
        expected[key] = expected.get(key, 0.0) + p
    return expected


Scored = tuple[int, int, float, str, float, float]


def _kept(scored: ScoredPairs, threshold: float) -> list[Scored]:
    """(left, right, link, wording, forward, backward) of the pairs at or above threshold."""
    return [
        row for row in zip(
            scored.left.tolist(), scored.right.tolist(), scored.probability.tolist(),
            scored.kinds, scored.forward.tolist(), scored.backward.tolist(), strict=True,
        )
        if row[2] >= threshold
    ]


def _implied_pairs(
    clusters: list[list[int]], groups: np.ndarray, known: set[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Cross-source pairs inside one story element that the candidate search did not
    propose: scored too, so that two sentences one element holds are linked on every
    page when they match (the Side by side view and the shares agree with the elements)."""
    pairs = []
    for cluster in clusters:
        if len(cluster) > _IMPLIED_LIMIT:  # wire copy repeated everywhere: matched already
            continue
        for x, i in enumerate(cluster):
            for j in cluster[x + 1:]:
                pair = (min(i, j), max(i, j))
                if groups[i] != groups[j] and pair not in known:
                    pairs.append(pair)
    return pairs


def _to_match(
    corpus: list[tuple[int, Sentence]],
    ordered: list[Article],
    pair: tuple[int, int],
    p: float,
    kind: str,
    carries: tuple[float, float],
) -> Match:
    """``carries``: (right carries left, left carries right) for the corpus pair."""
    (doc_i, s_i), (doc_j, s_j) = corpus[pair[0]], corpus[pair[1]]
    forward, backward = carries
    if doc_i > doc_j:
        (doc_i, s_i), (doc_j, s_j) = (doc_j, s_j), (doc_i, s_i)
        forward, backward = backward, forward
    return Match(
        a=ordered[doc_i].id, a_sentence=s_i.index, b=ordered[doc_j].id, b_sentence=s_j.index,
        score=round(float(p), 4), kind=kind,
        b_carries_a=round(float(forward), 4), a_carries_b=round(float(backward), 4),
    )


def _article_results(
    cleaned: list[CleanedArticle],
    sentences: list[tuple[Sentence, ...]],
    matches: tuple[Match, ...],
    matchable: dict[str, int],
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
        results.append(
            ArticleResult(
                article=_with_fallbacks(article, sents),
                sentences=sents,
                removed=clean.removed,
                cleaned_text=clean.text,
                matched_share=matched,
                unique_share=round(1.0 - matched, 4) if total else 0.0,
            )
        )
    return tuple(results)


def _with_fallbacks(article: Article, sentences: tuple[Sentence, ...]) -> Article:
    title = article.title or (_shorten(sentences[0].text, 100) if sentences else article.id)
    return replace(article, title=title, source=article.source or article.id)


def _elements(
    clusters: list[list[int]],
    corpus: list[tuple[int, Sentence]],
    ordered: list[Article],
    edges: list[tuple[int, int, float]],
) -> tuple[StoryElement, ...]:
    strength: dict[int, float] = {}
    for i, j, p in edges:
        strength[i] = strength.get(i, 0.0) + p
        strength[j] = strength.get(j, 0.0) + p
    drafts = []
    for cluster in clusters:
        members = sorted((ordered[corpus[k][0]].id, corpus[k][1].index) for k in cluster)
        sources = tuple(sorted({m[0] for m in members}))
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
