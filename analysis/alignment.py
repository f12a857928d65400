"""Find matching sentences across articles: TF-IDF proposes, the pair model decides.

Scoring every sentence pair with fuzzy scorers is quadratic and slow (28 s for
4,000 sentences), so a sparse TF-IDF index proposes the ``top_k`` most similar
units of *other* articles for each unit, and only those candidates get the full
feature set and the learned probability. A unit is a whole sentence or one
clause of a long sentence (see ``analysis.clauses``); a sentence pair scores
the best of its unit pairs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import product

import numpy as np

from analysis.clauses import clauses
from analysis.features import FeatureExtractor
from analysis.scoring import PairModel
from analysis.textnorm import match_key

_BLOCK = 512  # rows of the similarity matrix held densely at once


@dataclass(frozen=True)
class ScoredPairs:
    """Sentence pairs (corpus indices, left < right) with probability and kind."""

    left: np.ndarray
    right: np.ndarray
    probability: np.ndarray
    kinds: tuple[str, ...]


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
        return np.flatnonzero(self.owner == index).tolist()


class Aligner:
    """Scores sentence pairs of one corpus through their units."""

    def __init__(self, sentences: Sequence[str], model: PairModel, *, split_clauses: bool = True):
        self.model = model
        self.units = Units.of(sentences, split_clauses=split_clauses)
        self.extractor = FeatureExtractor().fit(self.units.texts)
        self.keys = [match_key(s) for s in sentences]
        self._by_sentence = {
            i: self.units.of_sentence(i) for i in range(len(sentences))
        } if split_clauses else None

    def candidates(self, groups: np.ndarray, top_k: int, floor: float) -> list[tuple[int, int]]:
        """Sentence pairs from different groups whose units are TF-IDF neighbours."""
        unit_groups = groups[self.units.owner]
        found: set[tuple[int, int]] = set()
        for i, j in _neighbour_units(self.extractor, unit_groups, top_k, floor):
            a, b = int(self.units.owner[i]), int(self.units.owner[j])
            found.add((min(a, b), max(a, b)))
        return sorted(found)

    def score(self, pairs: Sequence[tuple[int, int]]) -> ScoredPairs:
        """Best unit-pair probability for each sentence pair, with the kind of wording."""
        unit_pairs, spans = self._unit_pairs(pairs)
        left = np.asarray([u[0] for u in unit_pairs], dtype=np.int64)
        right = np.asarray([u[1] for u in unit_pairs], dtype=np.int64)
        rows = self.extractor.transform(left, right)
        probability = self.model.probability(rows)
        kinds = self.model.kinds(rows)
        self._certain_when_identical(pairs, probability, spans)
        best_p, best_kind = [], []
        for (start, stop) in spans:
            k = start + int(np.argmax(probability[start:stop]))
            whole = self.units.whole[left[k]] and self.units.whole[right[k]]
            kind = kinds[k]
            best_p.append(float(probability[k]))
            best_kind.append("near-verbatim" if kind == "verbatim" and not whole else kind)
        return ScoredPairs(
            left=np.asarray([p[0] for p in pairs], dtype=np.int64),
            right=np.asarray([p[1] for p in pairs], dtype=np.int64),
            probability=np.asarray(best_p),
            kinds=tuple(best_kind),
        )

    def _certain_when_identical(
        self, pairs: Sequence[tuple[int, int]], probability: np.ndarray,
        spans: list[tuple[int, int]],
    ) -> None:
        """Identical wording is a match whatever the learned weights make of it."""
        for (a, b), (start, _) in zip(pairs, spans, strict=True):
            if self.keys[a] and self.keys[a] == self.keys[b]:
                probability[start] = 1.0

    def _unit_pairs(
        self, pairs: Sequence[tuple[int, int]]
    ) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
        unit_pairs: list[tuple[int, int]] = []
        spans: list[tuple[int, int]] = []
        for a, b in pairs:
            start = len(unit_pairs)
            if self._by_sentence is None:
                unit_pairs.append((a, b))
            else:
                unit_pairs.extend(product(self._by_sentence[a], self._by_sentence[b]))
            spans.append((start, len(unit_pairs)))
        return unit_pairs, spans


def _neighbour_units(
    extractor: FeatureExtractor, groups: np.ndarray, top_k: int, floor: float
) -> set[tuple[int, int]]:
    """Unit pairs from different groups among each unit's top-k TF-IDF neighbours."""
    word, char = extractor.word_matrix_, extractor.char_matrix_
    n = word.shape[0]
    k = min(top_k, n)
    found: set[tuple[int, int]] = set()
    for start in range(0, n, _BLOCK):
        stop = min(start + _BLOCK, n)
        block = ((word[start:stop] @ word.T) + (char[start:stop] @ char.T)).toarray() / 2
        block[groups[start:stop, None] == groups[None, :]] = -1.0
        best = np.argpartition(-block, k - 1, axis=1)[:, :k]
        for offset, row in enumerate(best):
            for j in row.tolist():
                if block[offset, j] >= floor:
                    i = start + offset
                    found.add((min(i, j), max(i, j)))
    return found
