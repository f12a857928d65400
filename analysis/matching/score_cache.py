"""The scores of unit pairs, computed once per story and read back in bulk."""

from __future__ import annotations

from array import array

import numpy as np


class ScoreCache:
    """(kind, carry(a <- b), carry(b <- a), paraphrase) of canonical unit pairs (a, b),
    a <= b, scored once per story: flat arrays of kinds and scores, reached through one
    int per pair, several times smaller than a dict of tuples."""

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
