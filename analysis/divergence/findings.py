"""A detail two wordings of one claim disagree on (shared by the detail rules)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Finding:
    """One detail two sentences disagree on: the words each uses, and what they mean.

    ``value_a``/``value_b`` are comparison keys (number values, lower-case names, the
    marker words or "" for a wording without the marker): equal keys are one value.
    """

    kind: str
    words_a: str
    words_b: str
    value_a: str
    value_b: str
    loose: bool = False  # found without a shared frame: kept only for full matches
    shared: bool = False  # the detail sits in what both sentences say: kept for partial
    # matches too (a hedge on words the other sentence also has)
