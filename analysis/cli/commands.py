"""``python -m analysis``: compare articles, or score sentence pairs, from the shell.

Only argument parsing and printing live here; the work is in the library.
Every failure is one plain line on stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from analysis.cli.pairs import check_pairs, read_pair_lines, score_pairs
from analysis.ingest.loading import ArticleLoadError, decode_text, load_paths, read_capped
from analysis.ingest.safetext import visible
from analysis.matching.embedding import embedding_unavailable_reason
from analysis.output.progress import terminal_progress
from analysis.output.report import to_json, to_text
from analysis.pipeline.comparison import AnalysisError, compare
from analysis.pipeline.settings import Settings

PROGRAM = "python -m analysis"


class UsageError(Exception):
    """Bad command line; the message says what to change."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # argparse would print usage plus a line
        raise UsageError(f"{message} (try '{PROGRAM} --help')")


def _probability(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not 0.0 <= value <= 1.0:  # also refuses nan
        raise argparse.ArgumentTypeError(f"'{visible(text)}' is not a number between 0 and 1")
    return value


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"'{visible(text)}' is not a whole number (0 or more)")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=PROGRAM, description="Compare how news sources cover one story.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    cmp = commands.add_parser("compare", help="compare articles (files and folders)")
    cmp.add_argument("paths", nargs="+", metavar="PATH", help="article files, bundles or folders")
    cmp.add_argument("--format", choices=("json", "text"), default="json")
    cmp.add_argument("--threshold", type=_probability, default=None,
                     help="minimum match probability (default: tuned on development data)")
    cmp.add_argument("--lexical", action="store_true",
                     help="lexical evidence only, without the sentence-embedding model")
    cmp.add_argument("--min-chars", type=_count, default=Settings.min_chars,
                     help="shorter sentences are listed but not matched")
    cmp.add_argument("--no-clean", action="store_true", help="keep web-page furniture lines")
    cmp.add_argument("--top", type=_count, default=10, help="shared elements shown in text format")
    prs = commands.add_parser("pairs", help="score tab-separated sentence pairs")
    prs.add_argument("file", metavar="FILE", help="TSV whose last two columns are sentences")
    prs.add_argument("--threshold", type=_probability, default=None)
    prs.add_argument("--lexical", action="store_true",
                     help="lexical evidence only, without the sentence-embedding model")
    cor = commands.add_parser(
        "corpus", help="find the stories in an archive, compare each, sum up per outlet (Dask)")
    cor.add_argument("paths", nargs="+", metavar="PATH",
                     help="bundles (.jsonl, .csv), folders or glob patterns")
    cor.add_argument("--out", required=True, metavar="DIR", help="folder for the results")
    cor.add_argument("--workers", type=_workers, default=2,
                     help=f"local worker processes (default 2, at most {MAX_WORKERS})")
    cor.add_argument("--scheduler", metavar="ADDRESS", default=None,
                     help="an existing Dask scheduler (tcp://host:8786) instead of a local cluster")
    cor.add_argument("--semantic", action="store_true",
                     help="use the sentence-embedding model too: lead embeddings in grouping, "
                     "and in each story's comparison (slower)")
    cor.add_argument("--threshold", type=_probability, default=None)
    return parser


def _positive(text: str) -> int:
    value = _count(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"'{visible(text)}' is not a whole number of 1 or more")
    return value


# Local worker processes a corpus run may start: each holds a Python process and a copy of
# the engine (a few hundred MB), so a typo like 2000 would exhaust the machine's memory
# long before it used its cores.
MAX_WORKERS = 64


def _workers(text: str) -> int:
    value = _positive(text)
    if value > MAX_WORKERS:
        raise argparse.ArgumentTypeError(
            f"'{visible(text)}' workers is too many: at most {MAX_WORKERS} local processes "
            "(use --scheduler for a bigger cluster)")
    return value


def run_compare(args: argparse.Namespace) -> int:
    report = load_paths(args.paths)
    for problem in report.problems:  # names arrive with control characters escaped
        print(f"skipped {problem.name}: {problem.reason}", file=sys.stderr)
    if not report.articles:
        raise AnalysisError("no readable article among the given paths")
    if not args.lexical and (reason := embedding_unavailable_reason()):
        print(f"note: {reason}; matching with lexical evidence only", file=sys.stderr)
    if len(report.articles) == 1:
        print("note: only one article was readable, so nothing is matched", file=sys.stderr)
    settings = Settings(threshold=args.threshold, min_chars=args.min_chars,
                        clean=not args.no_clean, semantic=not args.lexical)
    comparison = compare(report.articles, settings, problems=report.problems,
                         progress=terminal_progress(sys.stderr))
    if args.format == "json":
        sys.stdout.write(to_json(comparison) + "\n")
    else:
        sys.stdout.write(to_text(comparison, top=args.top))
    return 0


def run_pairs(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.is_file():
        raise AnalysisError(f"{visible(args.file)}: no such file")
    pairs = read_pair_lines(decode_text(read_capped(path)))
    if not pairs:
        raise AnalysisError(f"{visible(args.file)}: no tab-separated sentence pairs found")
    check_pairs(pairs, visible(args.file))
    for verdict in score_pairs(pairs, threshold=args.threshold, semantic=not args.lexical):
        sys.stdout.write(f"{verdict.score:.4f}\t{verdict.kind}\t"
                         f"{verdict.second_carries_first:.4f}\t"
                         f"{verdict.first_carries_second:.4f}\n")
    return 0


def run_corpus_command(args: argparse.Namespace) -> int:
    from analysis.corpus.run import CorpusSettings, run_corpus  # Dask only for this command

    settings = CorpusSettings(workers=args.workers, scheduler=args.scheduler,
                              semantic=args.semantic, threshold=args.threshold)
    result = run_corpus(args.paths, args.out, settings,
                        report=terminal_progress(sys.stderr, delay=0.0),
                        announce=lambda line: print(line, file=sys.stderr))
    for problem in result.problems[:20]:
        print(f"skipped {problem.name}: {problem.reason}", file=sys.stderr)
    if len(result.problems) > 20:
        print(f"... and {len(result.problems) - 20:,} more (all in problems.jsonl)",
              file=sys.stderr)
    json.dump({"out": str(result.out), "articles": result.articles, "stories": result.stories,
               "compared": result.compared, "problems": len(result.problems),
               "seconds": result.seconds}, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        if args.command == "corpus":
            return run_corpus_command(args)
        return run_compare(args) if args.command == "compare" else run_pairs(args)
    except (UsageError, AnalysisError, ArticleLoadError, ValueError, OSError) as error:
        print(f"error: {visible(str(error))}", file=sys.stderr)
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
    except Exception as error:  # noqa: BLE001 - the promise is: never a traceback
        print(f"error: unexpected failure ({type(error).__name__}: {error})", file=sys.stderr)
    return 2
