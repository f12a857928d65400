"""Time and peak memory of reading every hostile input, each in a fresh process.

Run: python benchmarks/hostile.py [--compare] [--only WORD] [--largest lexical|semantic]
Prints one row per case of tests/hostile_corpus.py: what the person is told, the
seconds the load took and the process's peak resident memory (the import of the
library included, so the baseline is the first row's figure). With ``--compare``
the articles that survive are also compared (lexical evidence), as the dashboard
would next. The issue's bounds: under 60 s and 1.5 GB for any single upload.
Asserts nothing: timings belong in a benchmark, not in unit tests.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.hostile_corpus import CASES, Case, write_good  # noqa: E402

_WIDTH = 70


def measure_one(paths: list[str], with_compare: bool) -> dict[str, object]:
    """Runs inside the child process: load (and maybe compare), then report figures."""
    from analysis.ingest.loading import load_paths
    from analysis.pipeline.comparison import AnalysisError, compare
    from analysis.pipeline.settings import Settings

    started = time.perf_counter()
    report = load_paths(paths)
    seconds = time.perf_counter() - started
    compare_seconds = None
    if with_compare and report.articles:
        started = time.perf_counter()
        try:
            compare(report.articles, Settings(semantic=False))
        except AnalysisError:
            pass
        compare_seconds = time.perf_counter() - started
    told = [p.reason for p in report.problems if not p.name.startswith("0-good")]
    return {"seconds": seconds, "compare": compare_seconds,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "articles": len(report.articles), "message": told[0] if told else "(loaded)"}


def measure_largest(semantic: bool) -> dict[str, object]:
    """The largest story the budgets allow (100 articles, 3,000 sentences), compared."""
    import random

    from analysis.ingest import budgets
    from analysis.pipeline.comparison import compare
    from analysis.pipeline.settings import Settings
    from analysis.results import Article

    rng = random.Random(0)
    words = [f"word{k}" for k in range(4000)]
    pool = [" ".join(rng.choice(words) for _ in range(14)).capitalize() + "."
            for _ in range(budgets.MAX_STORY_SENTENCES)]
    per = budgets.MAX_STORY_SENTENCES // budgets.MAX_STORY_ARTICLES
    articles = [Article(id=f"a{k:03}", text="\n".join(rng.sample(pool, per)))
                for k in range(budgets.MAX_STORY_ARTICLES)]
    started = time.perf_counter()
    compare(articles, Settings(semantic=semantic))
    return {"seconds": time.perf_counter() - started,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def _case_paths(case: Case, folder: Path) -> list[str]:
    good = write_good(folder) if case.with_good else []
    return [str(path) for path in (*good, *case.build(folder))]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--compare", action="store_true", help="also compare what loads")
    parser.add_argument("--only", default="", help="cases whose name contains this")
    parser.add_argument("--largest", choices=("lexical", "semantic"),
                        help="only compare the largest story the budgets allow")
    parser.add_argument("--child", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.largest:
        row = measure_largest(args.largest == "semantic")
        print(f"largest story allowed ({args.largest}): {row['seconds']:.1f} s, "
              f"{row['peak_mb']:.0f} MB peak")
        return
    if args.child is not None:
        print(json.dumps(measure_one(args.child, args.compare)))
        return
    header = f"{'case':<46} {'seconds':>7} {'peak MB':>7} {'kept':>4}"
    header += f" {'compare s':>9}" if args.compare else ""
    print(header + "  message")
    with tempfile.TemporaryDirectory() as root:
        for number, case in enumerate(CASES):
            if case.cli_args or args.only.lower() not in case.name.lower():
                continue
            folder = Path(root, f"{number:02}")
            folder.mkdir()
            command = [sys.executable, __file__, *(["--compare"] if args.compare else []),
                       "--child", *_case_paths(case, folder)]
            done = subprocess.run(command, capture_output=True, text=True, timeout=900,
                                  cwd=ROOT)
            if done.returncode:
                print(f"{case.name[:46]:<46} failed: {done.stderr.strip()[-200:]}")
                continue
            row = json.loads(done.stdout)
            line = (f"{case.name[:46]:<46} {row['seconds']:>7.2f} {row['peak_mb']:>7.0f} "
                    f"{row['articles']:>4}")
            if args.compare:
                line += f" {row['compare']:>9.2f}" if row["compare"] is not None else " " * 10
            print(f"{line}  {str(row['message'])[:_WIDTH]}", flush=True)


if __name__ == "__main__":
    main()
