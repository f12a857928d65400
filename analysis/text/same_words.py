"""Texts with the same words: one class per wording, whatever its case or punctuation.

Wire copy repeats a sentence word for word across sources; the candidate search reads one
text per class and story counts go through classes (``analysis.story.copies``), so this
lives below both.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from analysis.text.textnorm import match_key


def first_copies(texts: Sequence[str]) -> list[int]:
    """Index of the first text with the same words (``match_key``: case, accents and
    punctuation aside); a text without words stays apart, being nothing's copy.

    >>> first_copies(["Rain fell.", "It rained", "rain fell", "...", "!!!"])
    [0, 1, 0, 3, 4]
    """
    first: dict[str, int] = {}
    ids = []
    for index, text in enumerate(texts):
        key = match_key(text)
        ids.append(first.setdefault(key, index) if key else index)
    return ids


def text_classes(texts: Sequence[str]) -> np.ndarray:
    """Class id per text, numbered in order of first appearance: copies (``first_copies``)
    share one.

    >>> text_classes(["Rain fell.", "It rained", "rain fell", "..."]).tolist()
    [0, 1, 0, 2]
    """
    if not texts:
        return np.zeros(0, dtype=np.int64)
    # a first copy's index grows with its first appearance, so sorted order is that order
    return np.unique(np.asarray(first_copies(texts)), return_inverse=True)[1].astype(np.int64)
