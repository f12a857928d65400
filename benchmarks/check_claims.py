"""Check hand-labelled claim files against the project's own sentence segmentation.

Run: python benchmarks/check_claims.py [--min-chars 15] [CLAIMS.json ARTICLES_DIR ...]

Without arguments it checks every ``benchmarks/stories/<slug>/claims.json`` (articles in
``benchmarks/stories/<slug>/articles``, or, for a real ECB+ story, read from
../shared/eval/ecbplus: see ``benchmarks/ecb_stories.py``) and
``tests/fixtures/sample_claims.json`` (articles in ``data/sample_story``). For each file it
loads, cleans and segments the articles exactly as the pipeline does
(``analysis.ingest.loading``, ``analysis.ingest.cleaning``, ``analysis.text.segmentation``)
and reports:

- a sentence the project produces that has no label (labels must list every sentence);
- a labelled text that the project no longer produces (segmentation or cleaning changed);
- unknown claim ids, ``divergent`` ids not among the sentence's claims, unused claims;
- ``mentions`` that are not exact spans of their sentence or name a claim it does not state,
  and claims without a mention in a row that gives mentions.

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

from analysis.ingest.loading import load_paths  # noqa: E402
from benchmarks.ecb_stories import ecb_articles, resolved, text_digest  # noqa: E402
from benchmarks.ecb_stories import project_sentences as ecb_sentences  # noqa: E402

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
    ordered = sorted(report.articles, key=lambda a: a.id)
    sentences = ecb_sentences(ordered)
    sources = {article.id: article.source or article.id for article in ordered}
    problems = [f"cannot load {p.name}: {p.reason}" for p in report.problems]
    return sentences, sources, problems


def check(claims_path: Path, folder: Path, min_chars: int) -> Report:
    data = json.loads(claims_path.read_text(encoding="utf-8"))
    report = Report(str(claims_path.relative_to(ROOT)) if claims_path.is_relative_to(ROOT)
                    else str(claims_path))
    if "ecbplus" in data:  # a real ECB+ story, labelled by position: see ecb_stories.py
        articles = ecb_articles(data["ecbplus"])
        actual = ecb_sentences(articles)
        sources = {a.id: a.source or a.id for a in articles}
        report.problems.extend(offset_problems(data, actual))
        data = resolved(data)
    else:
        actual, sources, load_problems = project_sentences(folder)
        report.problems.extend(load_problems)
    claims: dict[str, str] = data.get("claims", {})
    labelled: list[dict] = data.get("sentences", [])

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
        report.problems.extend(mention_problems(row))
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


def offset_problems(data: dict, actual: dict[str, list[str]]) -> list[str]:
    """An ECB+ label file's rows: each names a sentence the project produces (by article,
    position and digest), and each mention is a [start, end) range inside it."""
    problems = []
    for row in data.get("sentences", []):
        texts = actual.get(row.get("article", ""), [])
        index = row.get("index")
        where = f"{row.get('article')} sentence {index}"
        if not isinstance(index, int) or not 0 <= index < len(texts):
            problems.append(f"no such sentence: {where}")
            continue
        if text_digest(texts[index]) != row.get("sha1"):
            problems.append(f"digest differs (segmentation or cleaning changed): {where}")
        for claim, spans in (row.get("mentions") or {}).items():
            for span in spans if isinstance(spans, list) else [spans]:
                if not (isinstance(span, list) and len(span) == 2
                        and all(isinstance(k, int) for k in span)
                        and 0 <= span[0] < span[1] <= len(texts[index])):
                    problems.append(f"mention {span!r} of {claim} is no range of {where}")
    return problems


def mention_problems(row: dict) -> list[str]:
    """A row's ``mentions``: each names one of its claims and is an exact span of its text;
    when a row gives mentions, every claim it states has at least one."""
    mentions = row.get("mentions")
    if mentions is None:
        return []
    where = f"{row.get('article')}: {row.get('text', '')[:60]!r}"
    if not isinstance(mentions, dict):
        return [f"mentions is not an object in {where}"]
    problems = []
    stated = set(row.get("claims", []))
    for claim, spans in mentions.items():
        if claim not in stated:
            problems.append(f"mention of {claim}, which the sentence does not state, in {where}")
        if not isinstance(spans, list) or not spans:
            problems.append(f"mentions of {claim} are not a non-empty list in {where}")
            continue
        for span in spans:
            if not isinstance(span, str) or not span.strip() or span not in row.get("text", ""):
                problems.append(f"mention {span!r} of {claim} is not in the sentence, in {where}")
    missing = sorted(stated - set(mentions))
    if missing:
        problems.append(f"claims {missing} have no mention in {where}")
    return problems


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
