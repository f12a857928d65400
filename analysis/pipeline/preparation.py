"""The threshold-free half of a comparison: everything that is slow to compute.

Cleaning, segmenting, embedding, proposing candidates and scoring them do not depend
on the match threshold, so they run once per story and settings; moving the threshold
only re-filters the scored pairs (``analysis.pipeline.comparison.assemble``). A prepared story
keeps its ``Aligner``, whose cache of scored text pairs makes the few pairs a new
threshold brings into one story element cheap to score.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from analysis.errors import AnalysisError
from analysis.ingest.cleaning import clean_article
from analysis.matching.alignment import Aligner, ScoredPairs
from analysis.matching.embedding import SentenceEncoder, default_encoder
from analysis.matching.features import EmptyVocabularyError
from analysis.matching.paraphrase_model import PairModel, default_model
from analysis.pipeline.settings import Settings
from analysis.results import Article, CleanedArticle, LoadProblem, Sentence
from analysis.story.copies import class_totals, families, strongest_by_class
from analysis.text.same_words import text_classes
from analysis.text.segmentation import split_sentences
from analysis.text.textnorm import natural_key

Progress = Callable[[str, float], None]  # (stage a person can read, fraction done 0..1)
SCORE_CHUNK = 4000  # pairs scored at once: between two progress reports, and memory


@dataclass(frozen=True, eq=False)
class PreparedStory:
    """One story with every candidate pair scored; no threshold applied yet.

    ``settings`` are the settings as they ran (lexical-only when the model is missing),
    with ``threshold`` and ``element_link`` left to the caller of ``assemble``.
    ``corpus`` lists the matchable sentences as (article position, sentence);
    ``classes`` numbers them by their words (copies share a class, ``analysis.story.copies``);
    ``expected[A, B]`` (article positions) is the expected number of A's sentences that
    B carries.
    """

    settings: Settings
    articles: tuple[Article, ...]
    cleaned: tuple[CleanedArticle, ...]
    sentences: tuple[tuple[Sentence, ...], ...]
    corpus: tuple[tuple[int, Sentence], ...]
    groups: np.ndarray
    classes: np.ndarray
    aligner: Aligner | None
    scored: ScoredPairs | None
    expected: np.ndarray
    problems: tuple[LoadProblem, ...]
    seconds: float
    memo: dict[str, object] = field(default_factory=dict, repr=False)  # threshold-free extras

    def matchable(self) -> dict[str, int]:
        """Article id -> number of its sentences long enough to be matched."""
        counts = np.bincount(self.groups, minlength=len(self.articles)) if len(self.groups) \
            else np.zeros(len(self.articles), dtype=np.int64)
        return {a.id: int(counts[n]) for n, a in enumerate(self.articles)}


def prepare(
    articles: Sequence[Article],
    settings: Settings | None = None,
    *,
    restore: Mapping[str, Collection[str]] | None = None,
    problems: Sequence[LoadProblem] = (),
    model: PairModel | None = None,
    progress: Progress | None = None,
) -> PreparedStory:
    """Clean, segment, embed and score every candidate pair of a story.

    Articles are processed in natural id order, so the order in which files were given never
    changes a result. ``restore`` maps an article id to removed lines the person wants
    back. ``progress`` is told the stage and the fraction done.
    """
    report = progress or _silent
    started = time.perf_counter()
    settings = settings or Settings()
    model = model or default_model()
    report("Reading the articles", 0.0)
    encoder = default_encoder() if settings.semantic else None
    settings = replace(settings.for_mode(encoder is not None), threshold=None, element_link=None)
    ordered = check_ids(articles)
    restore = restore or {}
    cleaned = tuple(
        clean_article(a, enabled=settings.clean, restore=restore.get(a.id, ())) for a in ordered
    )
    report("Splitting sentences", 0.05)
    sentences = tuple(split_sentences(c.text) for c in cleaned)
    corpus = tuple(
        (doc, s) for doc, sents in enumerate(sentences) for s in sents
        if len(s.text) >= settings.min_chars
    )
    groups = np.asarray([doc for doc, _ in corpus], dtype=np.int64)
    classes = text_classes([s.text for _, s in corpus])
    aligner, scored = _score(corpus, groups, settings, model, encoder, report)
    expected = _expected_shared(scored, classes, groups, len(ordered))
    report("Done", 1.0)
    return PreparedStory(
        settings=settings, articles=tuple(ordered), cleaned=cleaned, sentences=sentences,
        corpus=corpus, groups=groups, classes=classes, aligner=aligner, scored=scored,
        expected=expected,
        problems=tuple(problems), seconds=time.perf_counter() - started,
    )


def pair_probabilities(prepared: PreparedStory, id_a: str, id_b: str) -> np.ndarray:
    """How likely each sentence of A and each sentence of B report a common fact, as this
    story's matching scores them: rows are A's sentences, columns B's, by position in
    ``prepared.sentences``, each cell rounded as a match's score is.

    Pairs the candidate search left out are scored now by the story's own fitted model
    (features fitted on the whole story), so near-misses below the threshold sit on the
    scale of the matches. A listed match may carry more than its cell: a link inherited
    from a copy or a family member (``analysis.story.copies``); views show the match's own
    score in its cell. A sentence too short to be matched (``min_chars``) scores 0, as it
    does in the comparison. Scoring costs about a millisecond a pair: the caller bounds
    the size.
    """
    position = {a.id: n for n, a in enumerate(prepared.articles)}
    doc_a, doc_b = position[id_a], position[id_b]
    values = np.zeros((len(prepared.sentences[doc_a]), len(prepared.sentences[doc_b])))
    if prepared.aligner is None or doc_a == doc_b or not values.size:
        return values
    at = [{s.index: k for k, s in enumerate(sentences)} for sentences in prepared.sentences]
    rows = [(n, at[doc][s.index]) for n, (doc, s) in enumerate(prepared.corpus) if doc == doc_a]
    cols = [(n, at[doc][s.index]) for n, (doc, s) in enumerate(prepared.corpus) if doc == doc_b]
    if not rows or not cols:
        return values
    pairs = [(min(i, j), max(i, j)) for i, _ in rows for j, _ in cols]
    scored = prepared.aligner.score(pairs).probability
    at_a = np.repeat([a for _, a in rows], len(cols))
    at_b = np.tile([b for _, b in cols], len(rows))
    values[at_a, at_b] = np.round(scored, 4)
    return values


def check_ids(articles: Sequence[Article]) -> list[Article]:
    """The articles in natural id order ("2" before "10"); refuses an empty story and
    repeated ids."""
    if not articles:
        raise AnalysisError("no readable article to analyse")
    ordered = sorted(articles, key=lambda a: natural_key(a.id))
    for first, second in zip(ordered, ordered[1:], strict=False):
        if first.id == second.id:
            raise AnalysisError(f"two articles share the id {first.id!r}; ids must be unique")
    return ordered


def _silent(stage: str, fraction: float) -> None:
    """The default progress sink: nobody is watching."""


def _score(
    corpus: Sequence[tuple[int, Sentence]],
    groups: np.ndarray,
    settings: Settings,
    model: PairModel,
    encoder: SentenceEncoder | None,
    report: Progress,
) -> tuple[Aligner | None, ScoredPairs | None]:
    if len(set(groups.tolist())) < 2:
        return None, None
    report("Reading the sentences for meaning" if encoder else "Indexing the wording", 0.1)
    try:
        aligner = Aligner([s.text for _, s in corpus], model, blend=settings.blend,
                          encoder=encoder)
    except EmptyVocabularyError:
        return None, None
    report("Finding candidate pairs", 0.5)
    candidates = aligner.candidates(
        groups, settings.top_k, settings.candidate_floor, settings.semantic_floor,
        settings.per_source, settings.source_limit)
    parts = []
    for start in range(0, max(len(candidates), 1), SCORE_CHUNK):
        report(f"Scoring {len(candidates):,} sentence pairs",
               0.6 + 0.35 * start / max(len(candidates), 1))
        parts.append(aligner.score(candidates[start:start + SCORE_CHUNK]))
    return aligner, _concatenated(parts)


def _concatenated(parts: Sequence[ScoredPairs]) -> ScoredPairs:
    """One ScoredPairs from several chunks, in order."""
    if len(parts) == 1:
        return parts[0]
    arrays = {
        name: np.concatenate([getattr(part, name) for part in parts])
        for name in ("left", "right", "probability", "forward", "backward", "paraphrase",
                     "evidence_left", "evidence_right")
    }
    return ScoredPairs(kinds=tuple(k for part in parts for k in part.kinds), **arrays)


def _expected_shared(scored: ScoredPairs | None, classes: np.ndarray, groups: np.ndarray,
                     n_articles: int) -> np.ndarray:
    """[A, B] -> expected number of A's sentences that B carries: each sentence counts
    with its strongest link probability into B, over every scored candidate, not only
    those over the threshold (a ranking of how much two articles share that does not
    jump when one pair crosses the threshold), and through every copy of its words."""
    if scored is None:
        return np.zeros((n_articles, n_articles))
    links = (scored.left, scored.right, scored.probability)
    family = families(classes, (scored.left, scored.right, scored.forward, scored.backward))
    return class_totals(strongest_by_class(classes, groups, links, n_articles, family),
                        classes, groups, n_articles)
