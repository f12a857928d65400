"""Find matching sentences across articles: TF-IDF proposes, the pair model decides.

Scoring every sentence pair with fuzzy scorers is quadratic and slow (28 s for
4,000 sentences), so a sparse TF-IDF index proposes the ``top_k`` most similar
units of *other* articles for each unit, and only those candidates get the full
feature set and the learned probability. A unit is a whole sentence or one
clause of a long sentence (see ``analysis.text.clauses``); a sentence pair scores
the best of its unit pairs.
"""

from __future__ import annotations

from array import array
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
from scipy import sparse

try:  # scipy's own sparse product routine, called without its counting pass (dense_product)
    from scipy.sparse._sparsetools import csr_matmat as _csr_matmat
except ImportError:  # pragma: no cover - another scipy layout: the public product is used
    _csr_matmat = None

from analysis.matching.carry_features import CarryIndex
from analysis.matching.carry_model import CoverageModels, default_coverage_models
from analysis.matching.embedding import SentenceEncoder, usable_cpus
from analysis.matching.features import FEATURE_NAMES, FeatureExtractor
from analysis.matching.paraphrase_model import PairModel
from analysis.text.clauses import clauses
from analysis.text.same_words import first_copies

_BLOCK_CELLS = 2_000_000  # cells of the similarity matrix held densely at once (16 MB):
# a block of rows x every text; its sparse product and copies made several times that, so
# 512 rows at once were most of a big story's peak memory (400 articles: +320 MB)
_THREADED_SEARCH_TEXTS = 500  # distinct texts from which the search runs in threads
_MAX_SEARCH_THREADS = 2  # blocks computed ahead: more only held more blocks in memory
MIN_CLAUSE_CONTENT_WORDS = 3  # a clause needs this many non-stop words to state a fact
# Unit pairs the per-source route may propose in one story, per route (lexical, semantic):
# all 40 other sources of a 40-article story of 1,800 units at 2 per source; at 1,000
# articles (45,000 units) each unit keeps its best matches in one or two other sources.
PER_SOURCE_BUDGET = 150_000
# When ``per_source`` candidates in every other source would exceed the budget, a story
# gets this many per source, in as many sources as the budget allows (more sources asked
# beats deeper answers from a few: the overlap heatmap needs every pair of sources).
BIG_STORY_PER_SOURCE = 2
# The per-source route asks "does that source carry this sentence?" of each source's best
# candidates, so it looks further down than the global neighbours' floors: on ECB+ dev
# topics (odd topics, ../shared/eval/ecbplus) a third of the sentence pairs people linked
# were never scored, and 40% of those were a sentence's first or second best in the other
# source, under the global floors (lexical 0.15, embedding 0.45).
PER_SOURCE_LEXICAL_FLOOR = 0.05
PER_SOURCE_SEMANTIC_FLOOR = 0.25

T = TypeVar("T")


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


@dataclass(frozen=True)
class Units:
    """Whole sentences followed by clauses; ``owner[u]`` is the sentence of unit u."""

    texts: list[str]
    owner: np.ndarray
    whole: np.ndarray  # True where the unit is a whole sentence

    @classmethod
    def of(cls, sentences: Sequence[str], *, split_clauses: bool = True) -> Units:
        texts, owner, whole = list(sentences), list(range(len(sentences))), [True] * len(sentences)
        if split_clauses:
            for index, sentence in enumerate(sentences):
                for clause in clauses(sentence):
                    texts.append(clause)
                    owner.append(index)
                    whole.append(False)
        return cls(texts, np.asarray(owner, dtype=np.int64), np.asarray(whole, dtype=bool))

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
        self._cache = _ScoreCache(len(self.units.texts))  # of canonical unit pairs
        self._carry_index: CarryIndex | None = None  # built on the first scoring

    @property
    def semantic(self) -> bool:
        return self.vectors is not None

    def candidates(
        self, groups: np.ndarray, top_k: int, floor: float, semantic_floor: float = 0.45,
        per_source: int = 0, source_limit: int = 0,
    ) -> list[tuple[int, int]]:
        """Sentence pairs from different groups whose units are lexical or semantic
        neighbours: a differently worded sentence must be proposed to be scored at all.

        ``per_source``/``source_limit``: also each unit's best units in each other source
        (see ``_Distinct.neighbours``); the number of sources is cut so that this route
        proposes at most ``PER_SOURCE_BUDGET`` unit pairs, which keeps big stories linear
        (and such a story gets ``BIG_STORY_PER_SOURCE`` per source at most).
        """
        distinct = _Distinct(self._canonical, groups[self.units.owner])
        units, others = len(self.units.texts), len(np.unique(groups)) - 1
        if units * others * per_source > PER_SOURCE_BUDGET:  # wider rather than deeper
            per_source = min(per_source, BIG_STORY_PER_SOURCE)
        limit = min(source_limit, PER_SOURCE_BUDGET // max(1, units * per_source)
                    ) if per_source else 0
        extra = (per_source, limit)
        # the lexical-only model is too weak for the per-source route's low floor: 603
        # matches instead of 246 on the sample at its threshold, most of them weak links
        source_floor = min(floor, PER_SOURCE_LEXICAL_FLOOR) if self.semantic else floor
        found = _neighbour_units(self.extractor, distinct, top_k, floor, extra, source_floor)
        if self.vectors is not None:
            found |= _semantic_units(self.vectors, distinct, top_k, semantic_floor, extra,
                                     min(semantic_floor, PER_SOURCE_SEMANTIC_FLOOR))
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
        names = _ScoreCache.KINDS
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
        )

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


class _ScoreCache:
    """(kind, carry(a <- b), carry(b <- a), paraphrase) of canonical unit pairs (a, b),
    a <= b, scored once per story: flat arrays reached through one int per pair, where a
    dict of tuples held about 300 bytes per pair (a million pairs at 1,000 articles)."""

    KINDS = ("verbatim", "near-verbatim", "paraphrase")

    def __init__(self, width: int) -> None:
        self._width = max(width, 1)  # canonical ids are unit numbers: a * width + b is unique
        self._row: dict[int, int] = {}
        self._kind = array("b")
        self._values = array("d")  # three per pair, in the order above

    def __len__(self) -> int:
        return len(self._row)

    def __contains__(self, key: tuple[int, int]) -> bool:
        return key[0] * self._width + key[1] in self._row

    def put(self, key: tuple[int, int], kind: str, first: float, second: float,
            same: float) -> None:
        """Stores a pair not stored yet (scores never change once computed)."""
        self._row[key[0] * self._width + key[1]] = len(self._kind)
        self._kind.append(self.KINDS.index(kind))
        self._values.extend((first, second, same))

    def get_many(self, low: np.ndarray, high: np.ndarray
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(kind codes into KINDS, carry(low <- high), carry(high <- low), paraphrase) of
        stored pairs (low[k], high[k]), low <= high, as arrays (copies: the store may grow)."""
        rows = np.fromiter((self._row[k] for k in (low * self._width + high).tolist()),
                           dtype=np.int64, count=len(low))
        kinds = np.frombuffer(self._kind, dtype=np.int8)[rows]
        values = np.frombuffer(self._values, dtype=np.float64).reshape(-1, 3)[rows]
        return kinds, values[:, 0].copy(), values[:, 1].copy(), values[:, 2].copy()


def match_kind(link: float, forward: float, backward: float, wording: str, cut: float) -> str:
    """The kind a pair gets at threshold ``cut``: "none" when it is not a match,
    "partial" when neither sentence carries all of the other, else the wording."""
    if link < cut:
        return "none"
    return wording if max(forward, backward) >= cut else "partial"


class _Distinct:
    """Units grouped by identical words: one row per distinct text in the neighbour search.

    Wire copy repeats sentences word for word; searching among distinct texts and
    expanding to their occurrences gives each unit the same neighbours as a search over
    every unit (up to the order of ties among identical copies) at a fraction of the cost.
    """

    def __init__(self, canonical: Sequence[int], groups: np.ndarray):
        self.groups = groups
        reps: dict[int, int] = {}
        self.occurrences: list[list[int]] = []
        for unit, canon in enumerate(canonical):
            if canon not in reps:
                reps[canon] = len(self.occurrences)
                self.occurrences.append([])
            self.occurrences[reps[canon]].append(unit)
        self.rows = np.asarray([units[0] for units in self.occurrences], dtype=np.int64)
        column = np.empty(len(canonical), dtype=np.int64)
        for col, units in enumerate(self.occurrences):
            column[units] = col
        self.by_group = np.argsort(groups, kind="stable")  # units, grouped by source
        self._column_by_group = column[self.by_group]
        group_sorted = groups[self.by_group]
        self._starts = np.flatnonzero(np.r_[True, group_sorted[1:] != group_sorted[:-1]])
        self._ends = np.r_[self._starts[1:], len(group_sorted)]
        self._group_of_segment = group_sorted[self._starts]
        self._segment_of_unit = np.searchsorted(self._group_of_segment, groups).tolist()
        self._segments_of = [sorted({self._segment_of_unit[u] for u in units})
                             for units in self.occurrences]  # per distinct text

    def neighbours(
        self,
        block_scores: Callable[[np.ndarray], np.ndarray],
        top_k: int,
        floor: float,
        per_source: int = 0,
        source_limit: int = 0,
        source_floor: float | None = None,
    ) -> set[tuple[int, int]]:
        """Unit pairs from different groups among each unit's ``top_k`` best-scoring units
        at or above ``floor``; ``block_scores(rows)`` scores distinct rows against all.

        With ``per_source``, each unit also gets its ``per_source`` best units in each of
        up to ``source_limit`` other groups (the most similar groups first): coverage asks
        "does *that* source carry this sentence?", which a global top-k cannot answer once
        a story has more sources than k.
        """
        n = len(self.rows)
        width = min(n, 2 * top_k + 1)  # distinct texts looked at per row: ties, own group
        found: set[tuple[int, int]] = set()
        source_floor = floor if source_floor is None else source_floor
        workers = _search_threads(n)
        # rows per block: each row is scored on its own, so any height gives the same pairs;
        # with worker threads, blocks are smaller so the ones in flight hold what one did
        height = max(16, _BLOCK_CELLS // (max(n, 1) * (workers + 1 if workers > 1 else 1)))

        def ranked(start: int) -> tuple[int, np.ndarray, np.ndarray]:
            """One block's scores and each row's ``width`` best texts, best first (ties
            in column order, as a stable sort of each row gives)."""
            block = block_scores(np.arange(start, min(start + height, n)))
            best = np.argpartition(-block, width - 1, axis=1)[:, :width]
            order = np.argsort(-np.take_along_axis(block, best, axis=1), axis=1, kind="stable")
            return start, block, np.take_along_axis(best, order, axis=1)

        for start, block, best in _ahead(ranked, range(0, n, height), workers):
            for offset, ordered in enumerate(best):
                kept = [int(c) for c in ordered if block[offset, c] >= floor]
                for unit in self.occurrences[start + offset]:
                    self._take(unit, kept, top_k, found)
                if per_source and source_limit:
                    self._best_per_group(start + offset, block[offset], ordered,
                                         width == n, source_floor, per_source, source_limit,
                                         found)
        return found

    def _best_per_group(self, row: int, scores: np.ndarray, ordered: np.ndarray,
                        complete: bool, floor: float, per_source: int, source_limit: int,
                        found: set[tuple[int, int]]) -> None:
        """Each occurrence of distinct text ``row`` with its ``per_source`` best units in
        each of its ``source_limit`` most similar other sources (a source's similarity: its
        best unit's score; ties go to the source first in order). ``scores``: the row
        against every distinct text; ``ordered``: its best ones, best first (all of them
        when ``complete``)."""
        for unit in self.occurrences[row]:
            own = self._segment_of_unit[unit]
            segments = self._best_sources(scores, ordered, complete, own, floor, source_limit)
            if segments is None:  # the best texts do not settle it: every source's best
                maxima = np.maximum.reduceat(scores[self._column_by_group], self._starts)
                maxima[own] = -np.inf
                chosen = np.flatnonzero(maxima >= floor)
                segments = chosen[np.argsort(-maxima[chosen], kind="stable")[:source_limit]
                                  ].tolist()
            for segment in segments:
                lo, hi = int(self._starts[segment]), int(self._ends[segment])
                part = scores[self._column_by_group[lo:hi]]
                take = np.argsort(-part, kind="stable")[:per_source]
                for position in take[part[take] >= floor].tolist():
                    other = int(self.by_group[lo + position])
                    found.add((min(unit, other), max(unit, other)))

    def _best_sources(self, scores: np.ndarray, ordered: np.ndarray, complete: bool, own: int,
                      floor: float, limit: int) -> list[int] | None:
        """The ``limit`` sources (segments) with the best maxima at or above ``floor``,
        read off the row's best texts, or None when they cannot tell (a source's best text
        may lie beyond them). Sources reached at one score level tie: first in order wins,
        as a stable sort over every source's maximum would have it."""
        values = scores[ordered]
        boundary = values[-1] if len(values) else -np.inf
        chosen: list[int] = []
        seen = {own}
        k = 0
        while k < len(ordered):
            level = values[k]
            if level < floor:
                return chosen
            if not complete and level == boundary:
                return None  # texts of this score may lie beyond the best ones
            tied: set[int] = set()
            while k < len(ordered) and values[k] == level:
                tied.update(self._segments_of[int(ordered[k])])
                k += 1
            for segment in sorted(tied - seen):
                chosen.append(segment)
                if len(chosen) == limit:
                    return chosen
            seen |= tied
        return chosen if complete else None

    def _take(self, unit: int, columns: list[int], top_k: int,
              found: set[tuple[int, int]]) -> None:
        group, taken = self.groups[unit], 0
        for column in columns:
            for other in self.occurrences[column]:
                if self.groups[other] != group:
                    found.add((min(unit, other), max(unit, other)))
                    taken += 1
                    if taken == top_k:
                        return


def _search_threads(texts: int) -> int:
    """Threads that compute blocks of the candidate search ahead of the loop that reads
    them: the sparse and dense products and the partial sorts run in C without Python's
    lock, so on two cores they overlap the per-row work (a story of a few dozen texts
    gains nothing from threads and gets none)."""
    if texts < _THREADED_SEARCH_TEXTS:
        return 1
    return max(1, min(usable_cpus(), _MAX_SEARCH_THREADS))


def _ahead(compute: Callable[[int], T], starts: Iterable[int], workers: int) -> Iterator[T]:
    """``compute(start)`` for each start, in order, with up to ``workers`` of them running
    ahead in threads; one worker runs them in this thread, one after the other."""
    if workers <= 1:
        yield from map(compute, starts)
        return
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="candidates") as pool:
        pending: deque[Future[T]] = deque()
        for start in starts:
            pending.append(pool.submit(compute, start))
            if len(pending) > workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def _neighbour_units(
    extractor: FeatureExtractor, distinct: _Distinct, top_k: int, floor: float,
    per_source: tuple[int, int] = (0, 0), source_floor: float | None = None,
) -> set[tuple[int, int]]:
    """Unit pairs from different groups among each unit's top-k TF-IDF neighbours."""
    # the mean of the word and character cosines as one product: [w c] . [w c]^T / 2
    rows = extractor.row_of_[distinct.rows]
    both = sparse.hstack([extractor.word_matrix_[rows], extractor.char_matrix_[rows]],
                         format="csr")
    both_t = both.T.tocsr()

    def scores(rows: np.ndarray) -> np.ndarray:
        return dense_product(both[rows], both_t) / 2

    return distinct.neighbours(scores, top_k, floor, *per_source, source_floor=source_floor)


def dense_product(left: sparse.csr_matrix, right: sparse.csr_matrix) -> np.ndarray:
    """``(left @ right).toarray()`` with the same sums in the same order, without the pass
    that counts the product's entries first: almost every pair of a story's texts shares
    some character grams, so the product is dense and that count was a third of the
    candidate search (1,000 articles: 32 of 118 s). The product is written into room for
    every cell, then scattered into a dense array."""
    left, right = left.tocsr(), right.tocsr()
    rows, width = left.shape[0], right.shape[1]
    if _csr_matmat is None or rows * width >= np.iinfo(np.int32).max:
        return (left @ right).toarray()  # the public route (a scipy without the routine)
    index = np.int32
    indptr = np.empty(rows + 1, dtype=index)
    indices = np.empty(rows * width, dtype=index)
    data = np.empty(rows * width, dtype=np.result_type(left.dtype, right.dtype))
    _csr_matmat(rows, width, left.indptr.astype(index, copy=False),
                left.indices.astype(index, copy=False), left.data,
                right.indptr.astype(index, copy=False), right.indices.astype(index, copy=False),
                right.data, indptr, indices, data)
    dense = np.zeros((rows, width), dtype=data.dtype)
    filled = int(indptr[-1])
    owner = np.repeat(np.arange(rows), np.diff(indptr))
    dense[owner, indices[:filled]] = data[:filled]
    return dense


def _semantic_units(
    vectors: np.ndarray, distinct: _Distinct, top_k: int, floor: float,
    per_source: tuple[int, int] = (0, 0), source_floor: float | None = None,
) -> set[tuple[int, int]]:
    """Unit pairs from different groups among each unit's top-k embedding neighbours."""
    rows_vectors = vectors[distinct.rows]

    def scores(rows: np.ndarray) -> np.ndarray:
        return rows_vectors[rows] @ rows_vectors.T

    return distinct.neighbours(scores, top_k, floor, *per_source, source_floor=source_floor)
