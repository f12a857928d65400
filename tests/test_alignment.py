"""The candidate search's building blocks, against the plain scipy they replace."""

from __future__ import annotations

import numpy as np
from scipy import sparse

from analysis.matching.candidates import dense_product


def test_dense_product_is_the_sparse_product_cell_for_cell():
    """The candidate search's product skips scipy's counting pass: the same floats."""
    rng = np.random.default_rng(0)
    left = sparse.random(37, 300, density=0.05, format="csr", random_state=rng)
    right = sparse.random(300, 53, density=0.08, format="csr", random_state=rng)
    assert np.array_equal(dense_product(left, right), (left @ right).toarray())
    empty = sparse.csr_matrix((4, 300))
    assert np.array_equal(dense_product(empty, right), np.zeros((4, 53)))


def _per_source_reference(distinct, block: np.ndarray, floor: float, per_source: int,
                          limit: int) -> set[tuple[int, int]]:
    """The per-source route as first written: every source's maximum, for every row."""
    found: set[tuple[int, int]] = set()
    by_unit = block[:, distinct._column_by_group]
    maxima = np.maximum.reduceat(by_unit, distinct._starts, axis=1)
    for offset in range(block.shape[0]):
        scores = by_unit[offset]
        for unit in distinct.occurrences[offset]:
            row = np.where(distinct._group_of_segment == distinct.groups[unit], -np.inf,
                           maxima[offset])
            segments = np.flatnonzero(row >= floor)
            if len(segments) > limit:
                segments = segments[np.argsort(-row[segments], kind="stable")[:limit]]
            for segment in segments.tolist():
                lo, hi = int(distinct._starts[segment]), int(distinct._ends[segment])
                part = scores[lo:hi]
                take = np.argsort(-part, kind="stable")[:per_source]
                for position in take[part[take] >= floor].tolist():
                    other = int(distinct.by_group[lo + position])
                    found.add((min(unit, other), max(unit, other)))
    return found


def test_per_source_route_reads_the_best_texts_as_every_source_would():
    """The per-source candidates read off each row's best texts (falling back to every
    source's maximum when those cannot tell) are the ones of the first, plain version,
    ties and copies included."""
    from analysis.matching.candidates import DistinctTexts

    rng = np.random.default_rng(3)
    for trial in range(40):
        units = int(rng.integers(8, 60))
        groups = rng.integers(0, int(rng.integers(2, 9)), size=units)
        canonical = [int(rng.integers(0, u + 1)) if rng.random() < 0.3 else u
                     for u in range(units)]  # some copies of an earlier unit
        canonical = [canonical[c] if canonical[c] < u else c for u, c in enumerate(canonical)]
        distinct = DistinctTexts(canonical, groups)
        n = len(distinct.rows)
        block = np.round(rng.random((n, n)), 1)  # coarse: many ties
        top_k, per_source, limit, floor = int(rng.integers(1, 4)), 2, int(rng.integers(1, 4)), 0.3
        found = distinct.neighbours(lambda rows, b=block: b[rows], top_k, 1.1, per_source,
                                    limit, floor)  # global floor 1.1: per-source pairs only
        assert found == _per_source_reference(distinct, block, floor, per_source, limit), trial


def test_threaded_search_finds_the_pairs_of_one_thread(monkeypatch):
    """Blocks computed ahead in threads (big stories) are read in order: the same
    candidates as one block after another in one thread, for every block height."""
    from analysis.matching import candidates
    from analysis.matching.candidates import DistinctTexts

    rng = np.random.default_rng(5)
    units = 300
    groups = rng.integers(0, 12, size=units)
    canonical = list(range(units))
    block = np.round(rng.random((units, units)), 2)
    found = {}
    for threads, cells in ((1, 2_000_000), (2, 2_000_000), (2, 5_000), (3, 1)):
        monkeypatch.setattr(candidates, "_THREADED_SEARCH_TEXTS", 0)
        monkeypatch.setattr(candidates, "_MAX_SEARCH_THREADS", threads)
        monkeypatch.setattr(candidates, "_BLOCK_CELLS", cells)
        assert candidates.search_threads(units) == min(threads, candidates.usable_cpus())
        distinct = DistinctTexts(canonical, groups)
        found[threads, cells] = distinct.neighbours(lambda rows: block[rows], 3, 0.5, 2, 4,
                                                    0.2)
    reference = found[1, 2_000_000]
    assert len(reference) > units  # both routes proposed pairs
    assert all(pairs == reference for pairs in found.values())


def test_blocks_ahead_come_back_in_order():
    from analysis.matching.candidates import ahead

    for workers in (1, 2, 4):
        assert list(ahead(lambda start: start * start, range(0, 50, 7), workers)) == [
            start * start for start in range(0, 50, 7)]


def _carries(aligner, i, j):
    """(kind, P(j carries i), P(i carries j), paraphrase) of one unit pair, read from the
    canonical cache entry one at a time."""
    a, b = aligner._canonical[i], aligner._canonical[j]
    low, high = min(a, b), max(a, b)
    kind, first, second, para = (v[0] for v in aligner._cache.get_many(
        np.asarray([low]), np.asarray([high])))
    kind = aligner._cache.KINDS[int(kind)]
    return (kind, float(first), float(second), float(para)) if a == low else \
        (kind, float(second), float(first), float(para))


def _scored_one_by_one(aligner, pairs):
    """Aligner.score as first written: a Python scan over each pair's unit pairs."""
    link, forward, backward, kinds, paraphrase = [], [], [], [], []
    for a, b in pairs:
        group = aligner._unit_pairs(a, b)
        whole_a, whole_b = aligner._by_sentence[a][0], aligner._by_sentence[b][0]
        best = (0.0, "paraphrase", False)
        fwd = bwd = same = 0.0
        for i, j in group:
            kind, carry_i, carry_j, para = _carries(aligner, i, j)
            if i == whole_a and j == whole_b:
                same = para
            copy = aligner._canonical[i] == aligner._canonical[j]
            claim_i, claim_j = aligner._claims[i] or copy, aligner._claims[j] or copy
            if i == whole_a and claim_i:
                fwd = max(fwd, carry_i)
            if j == whole_b and claim_j:
                bwd = max(bwd, carry_j)
            strongest = max(carry_i if claim_i else 0.0, carry_j if claim_j else 0.0)
            if strongest > best[0]:
                best = (strongest, kind,
                        bool(aligner.units.whole[i] and aligner.units.whole[j]))
        link.append(best[0])
        paraphrase.append(same)
        forward.append(fwd)
        backward.append(bwd)
        kinds.append("near-verbatim" if best[1] == "verbatim" and not best[2] else best[1])
    return (aligner.carry.link_probability(np.asarray(link)), np.asarray(forward),
            np.asarray(backward), tuple(kinds), np.asarray(paraphrase))


def test_bulk_scoring_is_the_scan_over_unit_pairs():
    """Aligner.score reads the cache in bulk: the same floats and kinds as scanning each
    pair's unit pairs in Python, for copies, clauses and thin clauses alike."""
    from itertools import combinations

    from analysis.matching.alignment import Aligner
    from analysis.matching.paraphrase_model import default_model

    sentences = [
        "The minister said on Tuesday that the plant would close, and 300 jobs would go.",
        "The plant will close, the minister said on Tuesday.",
        "The plant will close, the minister said on Tuesday.",  # a copy
        "About 300 workers will lose their jobs when the plant shuts in May.",
        "It is what it is.",
        "It is what it is.",
        "Unions called the decision a betrayal, while it is closed.",
        "Shares in the company rose 4% after the announcement.",
        "The company's shares rose by four per cent once the news was out.",
    ]
    aligner = Aligner(sentences, default_model())
    pairs = list(combinations(range(len(sentences)), 2))
    scored = aligner.score(pairs)
    link, forward, backward, kinds, paraphrase = _scored_one_by_one(aligner, pairs)
    assert np.array_equal(scored.probability, link)
    assert np.array_equal(scored.forward, forward)
    assert np.array_equal(scored.backward, backward)
    assert np.array_equal(scored.paraphrase, paraphrase)
    assert scored.kinds == kinds
    assert {"verbatim", "paraphrase"} <= set(kinds)  # copies and rewordings both met
    assert len(aligner.score([]).kinds) == 0
