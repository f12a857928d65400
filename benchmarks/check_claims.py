"""Check hand-labelled claim files against the project's own sentence segmentation.

Run: python benchmarks/check_claims.py [--min-chars 15] [CLAIMS.json ARTICLES_DIR ...]

Without arguments it checks every ``benchmarks/stories/<slug>/claims.json`` (articles in
``benchmarks/stories/<slug>/articles``) and ``tests/fixtures/sample_claims.json`` (articles
in ``data/sample_story``). For each file it loads, cleans and segments the articles exactly
as the pipeline does (``analysis.ingest.loading``, ``analysis.ingest.cleaning``,
``analysis.text.segmentation``) and reports:

- a sentence the project produces that has no label (labels must list every sentence);
- a labelled text that the project no longer produces (segmentation or cleaning changed);
- unknown claim ids, ``divergent`` ids not among the sentence's claims, unused claims.

Then it prints, per story, the numbers of claims and sentences, and per source the gold
**shared share**: among the source's sentences of at least ``--min-chars`` characters, the
share that carry at least one claim another source also carries. Exit status 1 when any
file is out of sync, 0 otherwise.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.ingest.cleaning import clean_article  # noqa: E402
from analysis.ingest.loading import load_paths  # noqa: E402
from analysis.text.segmentation import split_sentences  # noqa: E402

STORIES = ROOT / "benchmarks" / "stories"
SAMPLE_CLAIMS = ROOT / "tests" / "fixtures" / "sample_claims.json"
SAMPLE_ARTICLES = ROOT / "data" / "sample_story"
MIN_CHARS = 15  # the comparison's default: shorter sentences are never matched


@dataclass
class Report:
    name: str
    problems: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)


def default_targets() -> list[tuple[Path, Path]]:
    targets = [(path, path.parent / "articles") for path in sorted(STORIES.glob("*/claims.json"))]
    if SAMPLE_CLAIMS.exists():
        targets.append((SAMPLE_CLAIMS, SAMPLE_ARTICLES))
    return targets


def project_sentences(folder: Path) -> tuple[dict[str, list[str]], dict[str, str], list[str]]:
    """Sentence texts per article id, source names, and load problems, as the pipeline sees them."""
    report = load_paths([folder])
    sentences: dict[str, list[str]] = {}
    sources: dict[str, str] = {}
    for article in sorted(report.articles, key=lambda a: a.id):
        cleaned = clean_article(article)
        sentences[article.id] = [s.text for s in split_sentences(cleaned.text)]
        sources[article.id] = article.source or article.id
    problems = [f"cannot load {p.name}: {p.reason}" for p in report.problems]
    return sentences, sources, problems


def check(claims_path: Path, folder: Path, min_chars: int) -> Report:
    data = json.loads(claims_path.read_text(encoding="utf-8"))
    report = Report(str(claims_path.relative_to(ROOT)) if claims_path.is_relative_to(ROOT)
                    else str(claims_path))
    claims: dict[str, str] = data.get("claims", {})
    labelled: list[dict] = data.get("sentences", [])
    actual, sources, load_problems = project_sentences(folder)
    report.problems.extend(load_problems)

    # Sync: labels and project sentences must be the same multiset of (article, text).
    wanted = Counter((aid, text) for aid, texts in actual.items() for text in texts)
    given = Counter((row.get("article", ""), row.get("text", "")) for row in labelled)
    for (aid, text), count in (wanted - given).items():
        report.problems.append(f"unlabelled sentence ({count}x) {aid}: {text!r}")
    for (aid, text), count in (given - wanted).items():
        where = "unknown article" if aid not in actual else "text not produced"
        report.problems.append(f"{where} ({count}x) {aid}: {text!r}")

    used: set[str] = set()
    in_article: dict[str, set[str]] = defaultdict(set)
    for row in labelled:
        row_claims = row.get("claims", [])
        divergent = row.get("divergent", [])
        unknown = [c for c in [*row_claims, *divergent] if c not in claims]
        if unknown:
            report.problems.append(f"unknown claim ids {unknown} in {row.get('article')}: "
                                   f"{row.get('text', '')[:60]!r}")
        stray = [c for c in divergent if c not in row_claims]
        if stray:
            report.problems.append(f"divergent ids {stray} not among the sentence's claims in "
                                   f"{row.get('article')}: {row.get('text', '')[:60]!r}")
        used.update(row_claims)
        in_article[row.get("article", "")].update(row_claims)
    unused = [c for c in claims if c not in used]
    if unused:
        report.problems.append(f"claims never used: {unused}")

    report.lines.append(f"{data.get('story', '?')}: {len(claims)} claims, {len(labelled)} "
                        f"sentences, {len(actual)} articles ({report.name})")
    report.lines.append(f"  {'article':28} {'source':34} {'sents':>5} {'>=min':>5} "
                        f"{'shared':>6} {'share':>6} {'only':>5}")
    for aid in actual:
        others: set[str] = set()
        for other, held in in_article.items():
            if other != aid:
                others |= held
        rows = [r for r in labelled if r.get("article") == aid]
        long_rows = [r for r in rows if len(r.get("text", "")) >= min_chars]
        shared = sum(1 for r in long_rows if set(r.get("claims", [])) & others)
        only = sum(1 for r in long_rows if r.get("claims") and not set(r["claims"]) & others)
        share = shared / len(long_rows) if long_rows else 0.0
        report.lines.append(f"  {aid:28} {sources[aid][:34]:34} {len(rows):5} {len(long_rows):5} "
                            f"{shared:6} {share:6.2f} {only:5}")
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("pairs", nargs="*", metavar="PATH",
                        help="alternating claims.json and articles folder")
    parser.add_argument("--min-chars", type=int, default=MIN_CHARS)
    args = parser.parse_args(argv)
    if len(args.pairs) % 2:
        parser.error("give claims files and article folders in pairs")
    targets = ([(Path(a), Path(b)) for a, b in zip(args.pairs[::2], args.pairs[1::2], strict=True)]
               or default_targets())
    failed = 0
    for claims_path, folder in targets:
        report = check(claims_path.resolve(), folder.resolve(), args.min_chars)
        print("\n".join(report.lines))
        for problem in report.problems:
            print(f"  PROBLEM {problem}")
        print(f"  {'OK' if not report.problems else f'{len(report.problems)} problem(s)'}\n")
        failed += bool(report.problems)
    print(f"{len(targets) - failed} of {len(targets)} label files in sync")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
