"""What the dashboard's worker process costs, and how soon it stops at the time limit.

Run: python benchmarks/isolation.py [--rounds N]
Prints, for the sample story (semantic, default settings): the comparison in this process
once the engine is loaded (what the server did before), the same comparison through
``analysis.pipeline.isolation`` (a fresh worker each time, as the dashboard starts one),
the worker's start (engine imported and both models loaded, no story) in seconds and peak
memory, the pickled prepared story coming back, and the time from the limit to the stop
of a worker that is stuck in one C call. Asserts nothing: timings belong in a benchmark.
"""

from __future__ import annotations

import argparse
import pickle
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TARGET = "analysis.pipeline.comparison:prepare_and_assemble"


def engine_baseline(*, progress: object) -> tuple[float, float]:
    """In the worker: load what every comparison loads; its seconds and peak RSS in MB."""
    started = time.perf_counter()
    from analysis.matching.embedding import default_encoder
    from analysis.matching.paraphrase_model import default_model
    from analysis.pipeline import comparison  # noqa: F401 - the import is the cost

    default_model()
    default_encoder()
    return time.perf_counter() - started, resource.getrusage(
        resource.RUSAGE_SELF).ru_maxrss / 1024


def stall(*, progress: object) -> None:
    """In the worker: one C call that never reports (as a long batch of fuzzy scores)."""
    time.sleep(3600)


def main() -> None:
    from analysis.errors import AnalysisError
    from analysis.ingest.loading import load_paths
    from analysis.pipeline.comparison import prepare_and_assemble
    from analysis.pipeline.isolation import run_isolated
    from analysis.pipeline.settings import Settings

    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    articles = tuple(load_paths([ROOT / "data" / "sample_story"]).articles)
    job = (articles, Settings(), ())
    prepare_and_assemble(*job)  # load the engine here first, as a warm server has
    inside, worker, start, rss = [], [], [], []
    for _ in range(args.rounds):
        started = time.perf_counter()
        prepare_and_assemble(*job)
        inside.append(time.perf_counter() - started)
        started = time.perf_counter()
        prepared, _ = run_isolated(TARGET, job, limit=300)  # type: ignore[misc]
        worker.append(time.perf_counter() - started)
        seconds, peak = run_isolated("benchmarks.isolation:engine_baseline", (),
                                     limit=300)  # type: ignore[misc]
        start.append(seconds)
        rss.append(peak)
    print(f"sample in this process (engine loaded): {statistics.median(inside):.2f} s")
    print(f"sample through a fresh worker: {statistics.median(worker):.2f} s")
    print(f"worker start (imports and models): {statistics.median(start):.2f} s, "
          f"peak {statistics.median(rss):.0f} MB")
    print(f"prepared story sent back: {len(pickle.dumps(prepared)) / 1e6:.1f} MB pickled")
    print(f"worker peak over every run: "
          f"{resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:.0f} MB")
    for limit in (2.0, 5.0):
        started = time.perf_counter()
        try:
            run_isolated("benchmarks.isolation:stall", (), limit=limit)
        except AnalysisError:
            pass
        print(f"stuck worker, limit {limit:.0f} s: stopped after "
              f"{time.perf_counter() - started:.2f} s")


if __name__ == "__main__":
    main()
