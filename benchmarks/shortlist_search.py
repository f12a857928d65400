"""An approximate candidate search, measured against the exact one (issue 10, tried, not kept).

Run: python benchmarks/shortlist_search.py [--articles 200] [--dimensions 128 256]
                                           [--shortlist 64 256]
Prints figures; asserts nothing.

The exact lexical search scores every distinct text against every other (a sparse product
that comes out dense: nearly every pair shares character grams). The approximation tried
here projects the same word + character TF-IDF rows on ``--dimensions`` SVD components,
shortlists each row's ``--shortlist`` best texts by the projected product, scores only
those exactly, and hands the result to the same neighbour logic (so the per-source route
and the floors are the product's). It prints the candidate pairs found, the share of the
exact search's pairs among them (recall), the pairs the exact search does not propose,
and the seconds, for the generated stories of ``benchmarks/speed.py``.

2026-12-04, 2 cores: at 200 articles the exact search takes 1.8 s and the shortlist 4.5 to
7.8 s for a recall of 87.4 to 99.8%; at 1,000 articles (128 dimensions, shortlist 256) 51.8 s
against 30.7 s, recall 92.9%. The exact re-scoring of the shortlists is the cost: a block of
rows shortlists thousands of distinct texts between them.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.decomposition import TruncatedSVD

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.ingest.loading import load_paths  # noqa: E402
from analysis.matching import candidates  # noqa: E402
from analysis.matching.features import FeatureExtractor  # noqa: E402
from analysis.pipeline.preparation import prepare  # noqa: E402
from benchmarks.speed import FILLER, SAMPLE, _generated, settings_for  # noqa: E402


def shortlist_units(dimensions: int, shortlist: int, timings: dict[str, float]) -> Callable:
    """A stand-in for ``candidates.neighbour_units``: the same neighbour logic over scores
    that are exact on each row's shortlist and 0 elsewhere."""

    def units(extractor: FeatureExtractor, distinct: candidates.DistinctTexts, top_k: int,
              floor: float, per_source: tuple[int, int] = (0, 0),
              source_floor: float | None = None) -> set[tuple[int, int]]:
        rows = extractor.row_of_[distinct.rows]
        both = sparse.hstack([extractor.word_matrix_[rows], extractor.char_matrix_[rows]],
                             format="csr")
        started = time.perf_counter()
        projected = TruncatedSVD(n_components=dimensions, random_state=0, n_iter=4
                                 ).fit_transform(both).astype(np.float32)
        timings["svd"] = time.perf_counter() - started
        n = both.shape[0]
        width = min(shortlist, n - 1)

        def scores(block_rows: np.ndarray) -> np.ndarray:
            approximate = projected[block_rows] @ projected.T
            chosen = np.argpartition(-approximate, width, axis=1)[:, :width]
            columns = np.unique(chosen)
            exact = candidates.dense_product(both[block_rows], both[columns].T.tocsr()) / 2
            out = np.zeros((len(block_rows), n))
            at = np.arange(len(block_rows))[:, None]
            out[at, chosen] = exact[at, np.searchsorted(columns, chosen)]
            return out

        return distinct.neighbours(scores, top_k, floor, *per_source, source_floor=source_floor)

    return units


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--dimensions", type=int, nargs="*", default=[128, 256])
    parser.add_argument("--shortlist", type=int, nargs="*", default=[64, 256])
    args = parser.parse_args()
    sample = list(load_paths([SAMPLE]).articles)
    others = list(load_paths(FILLER).articles)
    settings = settings_for("lexical")
    prepared = prepare(_generated(sample, others, args.articles, 0)[0], settings)
    aligner = prepared.aligner
    if aligner is None:
        sys.exit("the generated story has nothing to compare")

    def search() -> tuple[set[tuple[int, int]], float]:
        started = time.perf_counter()
        found = aligner.candidates(prepared.groups, settings.top_k, settings.candidate_floor,
                                   settings.semantic_floor, settings.per_source,
                                   settings.source_limit)
        return set(found), time.perf_counter() - started

    exact, seconds = search()
    print(f"{args.articles} articles, lexical: the exact search proposes {len(exact):,} "
          f"sentence pairs in {seconds:.1f} s")
    original = candidates.neighbour_units
    try:
        for dimensions in args.dimensions:
            for shortlist in args.shortlist:
                timings: dict[str, float] = {}
                candidates.neighbour_units = shortlist_units(dimensions, shortlist, timings)
                found, seconds = search()
                print(f"  {dimensions} dimensions, shortlist {shortlist}: {len(found):,} pairs,"
                      f" recall {len(found & exact) / max(len(exact), 1):.1%}, "
                      f"{len(found - exact):,} the exact search lacks, {seconds:.1f} s "
                      f"(SVD {timings.get('svd', 0.0):.1f} s)")
    finally:
        candidates.neighbour_units = original


if __name__ == "__main__":
    main()
