"""Lexical evidence that two sentences say the same thing, one row per pair.

TF-IDF views are fitted on the sentences at hand (the story, or the file of
pairs), so a word shared by every source ("Korea") counts for less than a
detail only two of them mention. The other features follow machine-translation
metrics (Madnani et al. 2012): n-gram precision in both directions (BLEU),
a word edit rate (TER), character n-gram F-score (chrF) and word alignment
coverage, plus agreement of numbers and names, which paraphrases keep.
Learned word weights add which words matter when only one sentence has them.
Every feature is symmetric in the two sentences and lies in [0, 1], except
``word_evidence`` (a sum of log-odds, within +-EVIDENCE_BOUND).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Self

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel, Levenshtein
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.preprocessing import normalize

from analysis.matching.pair_features import PairIndex
from analysis.matching.scales import saturate
from analysis.matching.sentence_views import (
    EVIDENCE_BOUND,
    STEM_LETTERS,
    SentenceView,
    WordWeights,
    default_word_weights,
    indicators,
)
from analysis.text.lexicon import ENGLISH_STOP_WORDS
from analysis.text.textnorm import fold

FEATURE_NAMES: tuple[str, ...] = (
    "word_cosine",
    "char_cosine",
    "content_cosine",
    "token_set_ratio",
    "token_sort_ratio",
    "ratio",
    "partial_ratio",
    "word_sequence",
    "word_edit",
    "bleu1_min", "bleu1_max",
    "bleu2_min", "bleu2_max",
    "bleu3_min", "bleu3_max",
    "bleu4_min", "bleu4_max",
    "stem_cover_min", "stem_cover_max",
    "idf_cover_min", "idf_cover_max",
    "unmatched_min", "unmatched_max",
    "chrf",
    "length_ratio",
    "length_gap",
    "short_length",
    "numbers_agree",
    "numbers_differ",
    "numbers_unmatched",
    "names_jaccard",
    "names_unmatched",
    "word_evidence",
)
# (scorer, SentenceView field it reads, divisor to [0, 1]), in FEATURE_NAMES order from column 3
_FUZZY = (
    (fuzz.token_set_ratio, "lowered", 100.0),
    (fuzz.token_sort_ratio, "lowered", 100.0),
    (fuzz.ratio, "lowered", 100.0),
    (fuzz.partial_ratio, "lowered", 100.0),
    (Indel.normalized_similarity, "tokens", 1.0),
    (Levenshtein.normalized_similarity, "tokens", 1.0),
)


class EmptyVocabularyError(ValueError):
    """The sentences hold no words to compare (only stop words or punctuation)."""


def _cosines(matrix: sparse.csr_matrix, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    # Rows are L2-normalised, so the cosine is the row-wise dot product.
    cosine = np.asarray(matrix[left].multiply(matrix[right]).sum(axis=1)).ravel()
    return np.clip(cosine, 0.0, 1.0)  # rounding can overshoot 1


def _shares(shared: int, a: int, b: int) -> tuple[float, float]:
    """Min and max of the shared share of each side (an empty side shares nothing)."""
    if not a or not b:
        return (1.0, 1.0) if a == b else (0.0, 0.0)
    return min(shared / a, shared / b), max(shared / a, shared / b)


class FeatureExtractor:
    """Fit TF-IDF views on a corpus of sentences, then describe index pairs."""

    def __init__(self, word_weights: WordWeights | None = None) -> None:
        self._word_weights = word_weights  # None: the shipped one, loaded when first needed
        self._pairs: PairIndex | None = None  # built from the fitted texts when needed
        pattern = r"(?u)\b\w[\w\-']*\b"
        self.word_vectorizer = TfidfVectorizer(
            ngram_range=(1, 2), sublinear_tf=True, token_pattern=pattern
        )
        self.char_vectorizer = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True
        )
        self.content_vectorizer = TfidfVectorizer(
            sublinear_tf=True, token_pattern=pattern, stop_words=list(ENGLISH_STOP_WORDS)
        )

    @property
    def word_weights(self) -> WordWeights:
        return default_word_weights() if self._word_weights is None else self._word_weights

    @word_weights.setter
    def word_weights(self, word_weights: WordWeights) -> None:
        self._word_weights = word_weights
        self._pairs = None  # the word evidence reads the word weights

    def fit(self, texts: Sequence[str]) -> Self:
        """Fit the TF-IDF views on ``texts``; each distinct text is processed once.

        Wire copy repeats sentences word for word, so the vocabulary and the per-text
        matrices are built from the distinct texts, while document frequencies count every
        occurrence: the IDF, and so every feature, is the same as fitting on all of them.
        """
        distinct, inverse, counts = _distinct(texts)
        folded = [fold(t) for t in distinct]
        lowered = [t.lower() for t in folded]
        try:
            word = _fit_weighted(self.word_vectorizer, lowered, counts)
            char = _fit_weighted(self.char_vectorizer, lowered, counts)
        except ValueError as error:
            raise EmptyVocabularyError("no words to compare in these sentences") from error
        try:
            content = _fit_weighted(self.content_vectorizer, lowered, counts)
        except ValueError:  # only stop words: that view carries no evidence
            content = sparse.csr_matrix((len(distinct), 1))
        # one row per distinct text; ``row_of_[k]`` is text k's row (copies share it, so
        # a story of wire copy keeps one row per wording, not per occurrence)
        self.row_of_ = inverse
        self.word_matrix_, self.char_matrix_, self.content_matrix_ = word, char, content
        self.distinct_texts_ = [SentenceView.of(t) for t in folded]
        self.distinct_weights_ = [self._idf_weights(t) for t in self.distinct_texts_]
        self.texts_ = [self.distinct_texts_[k] for k in inverse.tolist()]  # shared objects
        self.weights_ = [self.distinct_weights_[k] for k in inverse.tolist()]
        self._pairs = None
        return self

    def _idf_weights(self, text: SentenceView) -> dict[str, float]:
        """IDF of each content word, rare words weighing most (unknown ones: rarest)."""
        vocabulary = self.word_vectorizer.vocabulary_
        idf = self.word_vectorizer.idf_
        rarest = float(idf.max())
        return {
            w: float(idf[vocabulary[w]]) if w in vocabulary else rarest for w in text.content
        }

    def transform(self, left: np.ndarray, right: np.ndarray) -> np.ndarray:
        """Feature matrix (pairs x FEATURE_NAMES) for corpus indices left[i], right[i]."""
        left = np.asarray(left, dtype=np.int64)
        right = np.asarray(right, dtype=np.int64)
        rows = np.zeros((len(left), len(FEATURE_NAMES)), dtype=np.float64)
        if len(left) == 0:
            return rows
        row_left, row_right = self.row_of_[left], self.row_of_[right]
        rows[:, 0] = _cosines(self.word_matrix_, row_left, row_right)
        rows[:, 1] = _cosines(self.char_matrix_, row_left, row_right)
        rows[:, 2] = _cosines(self.content_matrix_, row_left, row_right)
        rows[:, 3:3 + len(_FUZZY)] = self._fuzzy(left, right)
        rows[:, 3 + len(_FUZZY):] = self.pair_index().rows(left, right)
        return np.clip(np.nan_to_num(rows), -EVIDENCE_BOUND, EVIDENCE_BOUND)

    def _fuzzy(self, left: np.ndarray, right: np.ndarray) -> np.ndarray:
        """rapidfuzz scorers on the strings and edit similarities on the word lists, in
        bulk (``cpdist`` loops in C++ on every core, with no Python call per pair)."""
        texts = self.texts_
        columns = []
        for scorer, field_name, scale in _FUZZY:
            a = [getattr(texts[i], field_name) for i in left.tolist()]
            b = [getattr(texts[j], field_name) for j in right.tolist()]
            columns.append(process.cpdist(a, b, scorer=scorer, workers=-1,
                                          dtype=np.float64) / scale)
        return np.column_stack(columns)

    def pair_index(self) -> PairIndex:
        """Sparse views of the fitted texts' sets (the set features and the directional
        ones read them), built once after a fit."""
        if self._pairs is None:
            self._pairs = PairIndex(self.row_of_, self.distinct_texts_, self.distinct_weights_,
                                    self.word_weights.weights)
        return self._pairs

    def _pair_row(self, i: int, j: int) -> list[float]:
        """The set features of one pair with Python sets: the readable definition that
        ``analysis.matching.pair_features.PairIndex`` computes in bulk (and is tested against)."""
        a, b = self.texts_[i], self.texts_[j]
        return [
            *(share for ga, gb in zip(a.grams, b.grams, strict=True)
              for share in _shares(len(ga & gb), len(ga), len(gb))),
            *_shares(len(a.stems & b.stems), len(a.stems), len(b.stems)),
            *self._idf_cover(i, j),
            *sorted((saturate(len(a.stems - b.stems), 3.0),
                     saturate(len(b.stems - a.stems), 3.0))),
            _f_score(len(a.chars & b.chars), len(a.chars), len(b.chars)),
            *_lengths(len(a.tokens), len(b.tokens)),
            *_numbers(a.numbers, b.numbers),
            *_names(a.names, b.names),
            self._evidence(indicators(a, b)),
        ]

    def _evidence(self, names: list[str]) -> float:
        return self.word_weights.evidence(names)

    def _idf_cover(self, i: int, j: int) -> tuple[float, float]:
        """IDF-weighted share of each side's content words whose stem the other side has."""
        stems_a, stems_b = self.texts_[i].stems, self.texts_[j].stems
        cover = []
        for weights, other in ((self.weights_[i], stems_b), (self.weights_[j], stems_a)):
            total = sum(weights.values())
            hit = sum(v for w, v in weights.items() if w[:STEM_LETTERS] in other)
            cover.append(hit / total if total else float(not stems_a and not stems_b))
        return min(cover), max(cover)


def _distinct(texts: Sequence[str]) -> tuple[list[str], np.ndarray, np.ndarray]:
    """(distinct texts in first-seen order, index of each text among them, counts)."""
    position: dict[str, int] = {}
    inverse = np.fromiter((position.setdefault(t, len(position)) for t in texts),
                          dtype=np.int64, count=len(texts))
    counts = np.bincount(inverse, minlength=len(position)).astype(np.float64)
    return list(position), inverse, counts


def _fit_weighted(vectorizer: TfidfVectorizer, docs: list[str], counts: np.ndarray
                  ) -> sparse.csr_matrix:
    """``vectorizer.fit_transform`` of a corpus holding ``docs[k]`` ``counts[k]`` times,
    one row per distinct doc: the same arithmetic as scikit-learn's smooth, sublinear,
    L2-normalised TF-IDF, with document frequencies weighted by the counts."""
    raw = CountVectorizer.fit_transform(vectorizer, docs).tocsr().astype(np.float64)
    present = raw.copy()
    present.data[:] = 1.0
    df = np.asarray(present.T @ counts, dtype=np.float64).ravel() + 1.0
    idf = np.full_like(df, fill_value=counts.sum() + 1.0)
    idf /= df
    np.log(idf, out=idf)
    idf += 1.0
    vectorizer.idf_ = idf
    np.log(raw.data, out=raw.data)  # sublinear_tf
    raw.data += 1.0
    raw.data *= idf[raw.indices]
    return normalize(raw, norm="l2", copy=False)


def _f_score(shared: int, a: int, b: int) -> float:
    return 2 * shared / (a + b) if a + b else 1.0


def _lengths(a: int, b: int) -> list[float]:
    """Length ratio, relative gap, and how short the shorter sentence is."""
    return [min(a, b) / max(a, b, 1), abs(a - b) / max(a + b, 1), saturate(min(a, b), 10.0)]


def _numbers(a: frozenset[str], b: frozenset[str]) -> list[float]:
    """Same numbers, conflicting numbers, and numbers only one side gives."""
    return [
        float(bool(a) and a == b),
        float(bool(a) and bool(b) and not (a <= b or b <= a)),
        saturate(len(a ^ b), 1.0),
    ]


def _names(a: frozenset[str], b: frozenset[str]) -> list[float]:
    union = a | b
    return [len(a & b) / len(union) if union else 1.0, saturate(len(a ^ b), 1.0)]
