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

import numpy as np

from analysis.clauses import clauses
from analysis.features import FEATURE_NAMES, FeatureExtractor
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
        """Units of one sentence, the whole sentence first."""
        return np.flatnonzero(self.owner == index).tolist()


class Aligner:
    """Scores sentence pairs of one corpus through their units.

    Wire copy repeats sentences word for word, so units with the same words share
    one canonical id and each distinct pair of texts is scored once per corpus.
    """

    def __init__(
        self,
        sentences: Sequence[str],
        model: PairModel,
        *,
        split_clauses: bool = True,
        blend: float | None = None,
    ):
        self.model = model
        self.blend = blend
        self.units = Units.of(sentences, split_clauses=split_clauses)
        self.extractor = FeatureExtractor().fit(self.units.texts)
        self._canonical = _canonical_ids(self.units.texts)
        self._by_sentence: list[list[int]] = [[] for _ in sentences]
        for unit, owner in enumerate(self.units.owner.tolist()):
            self._by_sentence[owner].append(unit)
        self._cache: dict[tuple[int, int], tuple[float, str]] = {}

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
        best_p: list[float] = []
        best_kind: list[str] = []
        unit_pairs = [self._unit_pairs(a, b) for a, b in pairs]
        self._fill_cache([u for group in unit_pairs for u in group])
        for group in unit_pairs:
            p, kind, (i, j) = max(
                ((*self._cache[self._key(i, j)], (i, j)) for i, j in group),
                key=lambda item: item[0],
            )
            whole = self.units.whole[i] and self.units.whole[j]
            best_p.append(p)
            best_kind.append("near-verbatim" if kind == "verbatim" and not whole else kind)
        return ScoredPairs(
            left=np.asarray([p[0] for p in pairs], dtype=np.int64),
            right=np.asarray([p[1] for p in pairs], dtype=np.int64),
            probability=np.asarray(best_p, dtype=np.float64),
            kinds=tuple(best_kind),
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
        missing = sorted({self._key(i, j) for i, j in unit_pairs} - self._cache.keys())
        identical = [k for k in missing if k[0] == k[1]]
        for key in identical:  # same words: a verbatim copy whatever the weights say
            self._cache[key] = (1.0, "verbatim")
        todo = [k for k in missing if k[0] != k[1]]
        if not todo:
            return
        left = np.asarray([k[0] for k in todo], dtype=np.int64)
        right = np.asarray([k[1] for k in todo], dtype=np.int64)
        rows = self.extractor.transform(left, right)
        for key, p, kind in zip(todo, self._probability(rows).tolist(),
                                self.model.kinds(rows), strict=True):
            self._cache[key] = (float(p), kind)


    def _probability(self, rows: np.ndarray) -> np.ndarray:
        """The learned probability, or a transparent TF-IDF / fuzzy blend if one was asked for."""
        if self.blend is None:
            return self.model.probability(rows)
        tfidf = rows[:, FEATURE_NAMES.index("word_cosine")]
        fuzzy = rows[:, FEATURE_NAMES.index("token_set_ratio")]
        return np.clip((1.0 - self.blend) * tfidf + self.blend * fuzzy, 0.0, 1.0)


def _canonical_ids(texts: Sequence[str]) -> list[int]:
    """Index of the first unit with the same words (units without words stay apart)."""
    first: dict[str, int] = {}
    ids = []
    for index, text in enumerate(texts):
        key = match_key(text)
        ids.append(first.setdefault(key, index) if key else index)
    return ids


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
