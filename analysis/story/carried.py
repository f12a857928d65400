"""Whether another source carries *all* of a sentence: fully or only partly carried.

A link says two sentences share at least one claim. A reader also asks whether the other
source says everything this sentence says, even spread over several of its sentences:
"Fire destroys warehouse; 3 hurt" is carried whole by a source that reports the fire in
one sentence and the injuries in another, and only in part by one that reports the fire
alone. So, per sentence and other source, each claim unit of the sentence (its clauses
able to state a fact, or the whole sentence: ``Aligner.claim_carries``) takes its best
carry probability over the linked sentences of that source, and the source carries the
sentence whole by the weakest of them. A sentence's ``carried_whole`` is the best such
value over the other sources.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from analysis.matching.alignment import Aligner

# The cut on ``carried_whole`` that makes a matched sentence "fully carried", fitted on the
# claim labels of the 11 development stories (benchmarks/stories) by
# ``benchmarks/claim_cv.py``: leave one story out, 9 of 11 folds chose 0.05-0.08 (the others
# 0.13 and 0.24), held-out mean per-source error of the fully-carried share 13.0 points,
# against 21.6 for the rule it replaces (one linked sentence carrying all of it, at the
# match threshold); 0.08 on all 11. A clause's carry probability is low even when it is
# carried (the carry model was trained on whole sentences), hence a low cut. Taking the
# whole-sentence carry as well measured no better within the spread between stories, and
# it lets a long sentence count as carried whole when half of it is missing, so claim
# units alone decide.
FULLY_CARRIED_CUT = 0.08


@dataclass(frozen=True)
class CarriedWhole:
    """How likely other sources state all a sentence says.

    ``best``: per corpus sentence, the best over the other sources (0 without a match);
    ``sentence``, ``source``, ``value``: the same per (sentence, other source) with a link.
    """

    best: np.ndarray
    sentence: np.ndarray
    source: np.ndarray
    value: np.ndarray


def carried_whole(
    aligner: Aligner,
    links: tuple[np.ndarray, np.ndarray],
    groups: np.ndarray,
) -> CarriedWhole:
    """Per corpus sentence and per (sentence, other source), how likely the other source
    states every claim the sentence states.

    ``links``: (left, right), the story's matches as corpus indices.
    """
    left, right = links
    result = np.zeros(len(groups), dtype=np.float64)
    empty = np.zeros(0, dtype=np.int64)
    nothing = CarriedWhole(result, empty, empty, np.zeros(0, dtype=np.float64))
    if not len(left):
        return nothing
    carried = np.concatenate([left, right])
    carrier = np.concatenate([right, left])
    source = groups[carrier]
    rows, units, probability = aligner.claim_carries(carried, carrier)
    if not len(rows):
        return nothing
    # best carry of each (sentence, other source, claim unit) over that source's sentences
    width, unit_width = int(groups.max()) + 1, int(units.max()) + 1
    key = (carried[rows].astype(np.int64) * width + source[rows]) * unit_width + units
    unique, inverse = np.unique(key, return_inverse=True)
    best = np.zeros(len(unique), dtype=np.float64)
    np.maximum.at(best, inverse, probability)
    # the weakest unit of each (sentence, source): the source carries it whole by that much
    sentence_source = unique // unit_width
    pairs, at = np.unique(sentence_source, return_inverse=True)
    weakest = np.full(len(pairs), np.inf)
    np.minimum.at(weakest, at, best)
    np.maximum.at(result, pairs // width, weakest)
    return CarriedWhole(result, pairs // width, pairs % width, weakest)
