"""Scores sentence pairs of one story through their units: the Aligner.

A unit is a whole sentence or one clause of a long sentence (``analysis.text.clauses``);
a sentence pair scores the best of its unit pairs. The candidate search
(``analysis.matching.candidates``) proposes which pairs to score; each distinct pair of
texts is scored once per story (``analysis.matching.score_cache``) with the lexical
features, the coverage model and, when a model is loaded, sentence embeddings.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from analysis.matching.candidates import candidate_units
from analysis.matching.carry_features import CarryIndex
from analysis.matching.carry_model import CoverageModels, default_coverage_models
from analysis.matching.embedding import SentenceEncoder
from analysis.matching.features import FEATURE_NAMES, FeatureExtractor
from analysis.matching.paraphrase_model import PairModel
from analysis.matching.score_cache import ScoreCache
from analysis.text.clauses import clause_spans, clauses
from analysis.text.same_words import first_copies

MIN_CLAUSE_CONTENT_WORDS = 3  # a clause needs this many non-stop words to state a fact


@dataclass(frozen=True)
class ScoredPairs:
    """Sentence pairs (corpus indices, left < right) with their scores and kind.

    ``probability``: the two sentences report at least one common fact (a match).
    ``forward``: the right sentence carries everything the left one says;
    ``backward``: the left one carries everything the right one says.
    ``kinds`` describe the wording of the best-matching parts.
    """

    left: np.ndarray
    right: np.ndarray
    probability: np.ndarray
    forward: np.ndarray
    backward: np.ndarray
    kinds: tuple[str, ...]
    paraphrase: np.ndarray  # MSRP-style equivalence of the whole sentences (lexical model)
    # the unit pair that gave each pair its link (Units ids: a clause, or the whole
    # sentence): the evidence a page can show
    evidence_left: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    evidence_right: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))


@dataclass(frozen=True)
class Units:
    """Whole sentences followed by clauses; ``owner[u]`` is the sentence of unit u."""

    texts: list[str]
    owner: np.ndarray
    whole: np.ndarray  # True where the unit is a whole sentence
    spans: list[tuple[int, int]] = field(default_factory=list)  # [start, end) in its sentence

    @classmethod
    def of(cls, sentences: Sequence[str], *, split_clauses: bool = True) -> Units:
        texts, owner, whole = list(sentences), list(range(len(sentences))), [True] * len(sentences)
        spans = [(0, len(sentence)) for sentence in sentences]
        if split_clauses:
            for index, sentence in enumerate(sentences):
                found = clauses(sentence)
                texts.extend(found)
                owner.extend([index] * len(found))
                whole.extend([False] * len(found))
                spans.extend(clause_spans(sentence) if found else [])
        return cls(texts, np.asarray(owner, dtype=np.int64), np.asarray(whole, dtype=bool),
                   spans)

    def of_sentence(self, index: int) -> list[int]:
        """Units of one sentence, the whole sentence first."""
        return np.flatnonzero(self.owner == index).tolist()


class Aligner:
    """Scores sentence pairs of one corpus through their units.

    Wire copy repeats sentences word for word, so units with the same words share
    one canonical id and each distinct pair of texts is scored once per corpus.
    With an ``encoder`` the semantic signal joins the lexical one, both to propose
    candidates and to score them; without one, the lexical-only carry model runs.
    """

    def __init__(
        self,
        sentences: Sequence[str],
        model: PairModel,
        *,
        split_clauses: bool = True,
        blend: float | None = None,
        encoder: SentenceEncoder | None = None,
        coverage: CoverageModels | None = None,
    ):
        self.model = model
        self.blend = blend
        self.units = Units.of(sentences, split_clauses=split_clauses)
        self.extractor = FeatureExtractor().fit(self.units.texts)
        self.carry, _ = (coverage or default_coverage_models()).for_mode(encoder is not None)
        self.vectors = encoder.encode(self.units.texts) if encoder is not None else None
        self._canonical = first_copies(self.units.texts)
        self._claims = [  # units able to state a fact: content words, enough for a clause
            len(text.content) >= (1 if whole else MIN_CLAUSE_CONTENT_WORDS)
            for whole, text in zip(self.units.whole.tolist(), self.extractor.texts_, strict=True)
        ]
        self._by_sentence: list[list[int]] = [[] for _ in sentences]
        for unit, owner in enumerate(self.units.owner.tolist()):
            self._by_sentence[owner].append(unit)
        self._canonical_ids = np.asarray(self._canonical, dtype=np.int64)
        self._claim_mask = np.asarray(self._claims, dtype=bool)
        self._first_unit = np.asarray([units[0] for units in self._by_sentence],
                                      dtype=np.int64)
        self._cache = ScoreCache(len(self.units.texts))  # of canonical unit pairs
        self._carry_index: CarryIndex | None = None  # built on the first scoring

    @property
    def semantic(self) -> bool:
        return self.vectors is not None

    def candidates(
        self, groups: np.ndarray, top_k: int, floor: float, semantic_floor: float = 0.45,
        per_source: int = 0, source_limit: int = 0,
    ) -> list[tuple[int, int]]:
        """Sentence pairs (a < b) from different groups whose units are lexical or semantic
        neighbours (``analysis.matching.candidates.candidate_units``), sorted."""
        found = candidate_units(self.extractor, self.vectors, self._canonical,
                                groups[self.units.owner], top_k, floor, semantic_floor,
                                per_source, source_limit)
        owner = self.units.owner
        return sorted({
            (min(int(owner[i]), int(owner[j])), max(int(owner[i]), int(owner[j])))
            for i, j in found
        })

    def score(self, pairs: Sequence[tuple[int, int]]) -> ScoredPairs:
        """Link, both directions of full coverage, and the wording kind per sentence pair.

        A pair scores the best of its unit pairs (``_unit_pairs``, the wholes first),
        read from the cache in bulk: one array per unit-pair field, one maximum per pair.
        """
        unit_pairs = [self._unit_pairs(a, b) for a, b in pairs]
        flat = [u for group in unit_pairs for u in group]
        self._fill_cache(flat)
        if not pairs:
            empty = np.zeros(0, dtype=np.float64)
            return ScoredPairs(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64),
                               empty, empty, empty, (), empty)
        sizes = np.fromiter(map(len, unit_pairs), dtype=np.int64, count=len(unit_pairs))
        starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
        i = np.fromiter((u for u, _ in flat), dtype=np.int64, count=len(flat))
        j = np.fromiter((v for _, v in flat), dtype=np.int64, count=len(flat))
        canon_i, canon_j = self._canonical_ids[i], self._canonical_ids[j]
        kind, first, second, para = self._cache.get_many(
            np.minimum(canon_i, canon_j), np.maximum(canon_i, canon_j))
        swapped = canon_i > canon_j  # the cache holds (carry of the lower id, of the higher)
        carry_i = np.where(swapped, second, first)  # P(j carries i)
        carry_j = np.where(swapped, first, second)  # P(i carries j)
        # a clause too thin to state a fact of its own ("while it is closed") is carried
        # by almost anything: it cannot make a link by itself, unless the other side is
        # the same words ("It is what it is." copied)
        copy = canon_i == canon_j
        claim_i, claim_j = self._claim_mask[i] | copy, self._claim_mask[j] | copy
        left = np.asarray([a for a, _ in pairs], dtype=np.int64)
        right = np.asarray([b for _, b in pairs], dtype=np.int64)
        whole_a = np.repeat(self._first_unit[left], sizes)
        whole_b = np.repeat(self._first_unit[right], sizes)
        forward = np.maximum.reduceat(np.where((i == whole_a) & claim_i, carry_i, 0.0), starts)
        backward = np.maximum.reduceat(np.where((j == whole_b) & claim_j, carry_j, 0.0), starts)
        strongest = np.maximum(np.where(claim_i, carry_i, 0.0), np.where(claim_j, carry_j, 0.0))
        best = np.maximum.reduceat(strongest, starts)
        # the first unit pair reaching the pair's best, as a scan keeping strict gains would
        position = np.arange(len(flat))
        first_best = np.minimum.reduceat(
            np.where(strongest == np.repeat(best, sizes), position, len(flat)), starts)
        whole = self.units.whole[i[first_best]] & self.units.whole[j[first_best]]
        names = ScoreCache.KINDS
        kinds = tuple(
            "paraphrase" if top <= 0.0 else
            "near-verbatim" if names[code] == "verbatim" and not both else names[code]
            for top, code, both in zip(best.tolist(), kind[first_best].tolist(),
                                       whole.tolist(), strict=True))
        linked = np.maximum(best, 0.0)
        return ScoredPairs(
            left=left,
            right=right,
            probability=linked if self.blend is not None
            else self.carry.link_probability(linked),
            forward=np.maximum(forward, 0.0),
            backward=np.maximum(backward, 0.0),
            kinds=kinds,
            paraphrase=para[starts],  # equivalence is of whole sentences: the first pair
            evidence_left=i[first_best],
            evidence_right=j[first_best],
        )

    def span(self, unit: int) -> tuple[int, int] | None:
        """Where a unit lies in its sentence, or None for the whole sentence."""
        if self.units.whole[unit]:
            return None
        return self.units.spans[unit]

    def claim_carries(
        self, carried: np.ndarray, carrier: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """How well each whole ``carrier`` sentence carries each claim unit of the sentence
        ``carried`` beside it: (row into the inputs, unit id, probability).

        A sentence's claim units are its clauses able to state a fact, or the whole
        sentence when it has none. Together with the other sentences of the carrier's
        source this tells whether that source states *every* claim of the sentence, even
        when no one of its sentences states them all.
        """
        rows: list[int] = []
        units: list[int] = []
        for row, sentence in enumerate(carried.tolist()):
            own = self._by_sentence[sentence]
            claims = [u for u in own[1:] if self._claims[u]] or own[:1]
            rows.extend([row] * len(claims))
            units.extend(claims)
        row_ids = np.asarray(rows, dtype=np.int64)
        unit_ids = np.asarray(units, dtype=np.int64)
        if not len(unit_ids):
            return row_ids, unit_ids, np.zeros(0, dtype=np.float64)
        wholes = self._first_unit[carrier[row_ids]]
        self._fill_cache(list(zip(unit_ids.tolist(), wholes.tolist(), strict=True)))
        canon_u, canon_w = self._canonical_ids[unit_ids], self._canonical_ids[wholes]
        _, first, second, _ = self._cache.get_many(np.minimum(canon_u, canon_w),
                                                   np.maximum(canon_u, canon_w))
        probability = np.where(canon_u > canon_w, second, first)  # P(whole carries unit)
        probability[canon_u == canon_w] = 1.0
        return row_ids, unit_ids, np.maximum(probability, 0.0)

    def _unit_pairs(self, a: int, b: int) -> list[tuple[int, int]]:
        """Whole with whole, and each clause of one with the whole of the other.

        Clause-with-clause pairs are left out: they multiply the work and a clause
        shared by two compound sentences is almost always found through a whole.
        """
        units_a, units_b = self._by_sentence[a], self._by_sentence[b]
        return [(units_a[0], units_b[0])] + [(i, units_b[0]) for i in units_a[1:]] + [
            (units_a[0], j) for j in units_b[1:]
        ]

    def _key(self, i: int, j: int) -> tuple[int, int]:
        a, b = self._canonical[i], self._canonical[j]
        return (a, b) if a <= b else (b, a)

    def _fill_cache(self, unit_pairs: list[tuple[int, int]]) -> None:
        missing = sorted(k for k in {self._key(i, j) for i, j in unit_pairs}
                         if k not in self._cache)
        for key in missing:
            if key[0] == key[1]:  # same words: a verbatim copy whatever the weights say
                self._cache.put(key, "verbatim", 1.0, 1.0, 1.0)
        todo = [k for k in missing if k[0] != k[1]]
        if not todo:
            return
        left = np.asarray([k[0] for k in todo], dtype=np.int64)
        right = np.asarray([k[1] for k in todo], dtype=np.int64)
        rows = self.extractor.transform(left, right)
        first, second = self._directional(left, right, rows)
        same = self.model.probability(rows)
        for key, kind, p_first, p_second, p_same in zip(
            todo, self.model.kinds(rows), first.tolist(), second.tolist(), same.tolist(),
            strict=True,
        ):
            # other words (the same words share one canonical id): "verbatim" means the same
            # words, so a sentence with a word changed ("63" for "36") is near-verbatim
            kind = "near-verbatim" if kind == "verbatim" else kind
            self._cache.put(key, kind, float(p_first), float(p_second), float(p_same))

    def _directional(
        self, left: np.ndarray, right: np.ndarray, rows: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """P(right carries left) and P(left carries right); a blend if one was asked for."""
        if self.blend is not None:
            tfidf = rows[:, FEATURE_NAMES.index("word_cosine")]
            fuzzy = rows[:, FEATURE_NAMES.index("token_set_ratio")]
            blended = np.clip((1.0 - self.blend) * tfidf + self.blend * fuzzy, 0.0, 1.0)
            return blended, blended
        logits = self.model.logit(rows)
        partial = rows[:, FEATURE_NAMES.index("partial_ratio")]
        if self.vectors is not None:
            cosines = np.einsum("ij,ij->i", self.vectors[left], self.vectors[right])
        else:
            cosines = np.zeros(len(left))
        if self._carry_index is None:
            self._carry_index = CarryIndex(self.extractor)
        shared = {"cosine": cosines, "paraphrase_logit": logits, "partial_ratio": partial}
        forward = self._carry_index.rows(left, right, **shared)
        backward = self._carry_index.rows(right, left, **shared)
        return self.carry.probability(forward), self.carry.probability(backward)


def match_kind(link: float, forward: float, backward: float, wording: str, cut: float) -> str:
    """The kind a pair gets at threshold ``cut``: "none" when it is not a match,
    "partial" when neither sentence carries all of the other, else the wording."""
    if link < cut:
        return "none"
    return wording if max(forward, backward) >= cut else "partial"
