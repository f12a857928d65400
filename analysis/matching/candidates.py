"""Which unit pairs are worth scoring: each text's nearest texts in other sources.

Scoring every pair of units is quadratic, so for each distinct text the search keeps its
``top_k`` most similar texts of *other* sources (TF-IDF of words and character grams, and
sentence embeddings when a model is loaded) and, with ``per_source``, its best few in each
of the most similar other sources. Identical texts are searched once (``DistinctTexts``)
and their occurrences share the result, so the pairs found are those of a search over every
unit, up to the order of ties among identical copies. Memory stays bounded: the similarity
matrix is computed in blocks of rows, and on two or more cores the next blocks are computed
in threads while the current one is read.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

import numpy as np
from scipy import sparse

try:  # scipy's own sparse product routine, called without its counting pass (dense_product)
    from scipy.sparse._sparsetools import csr_matmat as _csr_matmat
except ImportError:  # pragma: no cover - another scipy layout: the public product is used
    _csr_matmat = None

from analysis.matching.embedding import usable_cpus
from analysis.matching.features import FeatureExtractor

_BLOCK_CELLS = 2_000_000  # cells of the similarity matrix held densely at once (16 MB):
# a block of rows x every text, so the search's memory is bounded whatever the story's size
_THREADED_SEARCH_TEXTS = 500  # distinct texts from which the search runs in threads
_MAX_SEARCH_THREADS = 2  # blocks computed ahead: more only held more blocks in memory
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


def candidate_units(
    extractor: FeatureExtractor, vectors: np.ndarray | None, canonical: Sequence[int],
    groups: np.ndarray, top_k: int, floor: float, semantic_floor: float = 0.45,
    per_source: int = 0, source_limit: int = 0,
) -> set[tuple[int, int]]:
    """Unit pairs (i < j) of different groups (sources) that are lexical or, with
    ``vectors``, semantic neighbours: a differently worded sentence must be proposed to be
    scored at all. ``canonical[u]`` is the first unit with u's words; ``groups[u]`` is its
    source.

    ``per_source``/``source_limit``: also each unit's best units in each other source
    (see ``DistinctTexts.neighbours``); the number of sources is cut so that this route
    proposes at most ``PER_SOURCE_BUDGET`` unit pairs, which keeps big stories linear (and
    such a story gets ``BIG_STORY_PER_SOURCE`` per source at most).
    """
    distinct = DistinctTexts(canonical, groups)
    units, others = len(canonical), len(np.unique(groups)) - 1
    if units * others * per_source > PER_SOURCE_BUDGET:  # wider rather than deeper
        per_source = min(per_source, BIG_STORY_PER_SOURCE)
    limit = min(source_limit, PER_SOURCE_BUDGET // max(1, units * per_source)
                ) if per_source else 0
    extra = (per_source, limit)
    # the lexical-only model is too weak for the per-source route's low floor: 603
    # matches instead of 246 on the sample at its threshold, most of them weak links
    source_floor = min(floor, PER_SOURCE_LEXICAL_FLOOR) if vectors is not None else floor
    found = neighbour_units(extractor, distinct, top_k, floor, extra, source_floor)
    if vectors is not None:
        found |= semantic_units(vectors, distinct, top_k, semantic_floor, extra,
                                min(semantic_floor, PER_SOURCE_SEMANTIC_FLOOR))
    return found


class DistinctTexts:
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
        workers = search_threads(n)
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

        for start, block, best in ahead(ranked, range(0, n, height), workers):
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


def search_threads(texts: int) -> int:
    """Threads that compute blocks of the candidate search ahead of the loop that reads
    them: the sparse and dense products and the partial sorts run in C without Python's
    lock, so on two cores they overlap the per-row work (a story of a few dozen texts
    gains nothing from threads and gets none)."""
    if texts < _THREADED_SEARCH_TEXTS:
        return 1
    return max(1, min(usable_cpus(), _MAX_SEARCH_THREADS))


def ahead(compute: Callable[[int], T], starts: Iterable[int], workers: int) -> Iterator[T]:
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


def neighbour_units(
    extractor: FeatureExtractor, distinct: DistinctTexts, top_k: int, floor: float,
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
    some character grams, so the product is dense and counting it is wasted work. The
    product is written into room for every cell, then scattered into a dense array."""
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


def semantic_units(
    vectors: np.ndarray, distinct: DistinctTexts, top_k: int, floor: float,
    per_source: tuple[int, int] = (0, 0), source_floor: float | None = None,
) -> set[tuple[int, int]]:
    """Unit pairs from different groups among each unit's top-k embedding neighbours."""
    rows_vectors = vectors[distinct.rows]

    def scores(rows: np.ndarray) -> np.ndarray:
        return rows_vectors[rows] @ rows_vectors.T

    return distinct.neighbours(scores, top_k, floor, *per_source, source_floor=source_floor)
