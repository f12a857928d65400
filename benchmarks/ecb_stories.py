"""Claim labels of real ECB+ stories, kept without the ECB+ text.

ECB+ (../shared/eval/ecbplus, the odd-topic development split) may not be copied into the
repository, so a label file of an ECB+ story names its articles and sentences instead of
quoting them::

    {"story": "ecb_03_ecbplus", "ecbplus": {"topic": "03", "docs": ["3_1ecbplus", ...]},
     "claims": {...},
     "sentences": [{"article": "3_1ecbplus", "index": 0, "sha1": "<12 hex>",
                    "claims": ["C1"], "divergent": [], "mentions": {"C1": [[0, 42]]}}]}

``article`` is the ECB+ doc id, ``index`` the sentence's position among the sentences the
project produces for that article (load, clean, segment, as the pipeline does), ``sha1``
the first 12 hex digits of the SHA-256 of the sentence text (``text_digest``), and
mentions are [start, end) character offsets into that text. ``resolved`` puts the texts
back, giving the format of the invented stories, so every reader of labels takes both.

    python benchmarks/ecb_stories.py 03 ecbplus   # print the project's sentences to label
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.ingest.cleaning import clean_article  # noqa: E402
from analysis.ingest.loading import load_paths  # noqa: E402
from analysis.results import Article  # noqa: E402
from analysis.text.segmentation import split_sentences  # noqa: E402
from benchmarks.ecbplus_data import ECB_DIR  # noqa: E402


def text_digest(text: str) -> str:
    """First 12 hex digits of the SHA-256 of a sentence: enough to notice that the project
    no longer produces the labelled sentence, without storing it."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def ecb_articles(spec: dict) -> list[Article]:
    """The articles of one ECB+ story (``{"topic": "03", "docs": [...]}`` or a
    ``"subtopic"`` instead of ``docs``), with their ECB+ doc ids as article ids."""
    topic = str(spec["topic"]).zfill(2)
    report = load_paths([ECB_DIR / "topics" / f"{topic}.jsonl"])
    wanted = spec.get("docs")
    subtopic = spec.get("subtopic")
    chosen = []
    for article in report.articles:
        doc = article.source
        if (wanted is not None and doc in wanted) or (
                wanted is None and subtopic and doc.endswith(str(subtopic))
                and not (subtopic == "ecb" and doc.endswith("ecbplus"))):
            chosen.append(replace(article, id=doc))
    return sorted(chosen, key=lambda a: a.id)


def project_sentences(articles: list[Article]) -> dict[str, list[str]]:
    """Sentence texts per article id, as the pipeline produces them."""
    return {a.id: [s.text for s in split_sentences(clean_article(a).text)] for a in articles}


def resolved(raw: dict) -> dict:
    """A label file of an ECB+ story with each row's ``text`` put back and its mentions as
    substrings, i.e. in the format of the invented stories. Rows whose sentence the project
    no longer produces keep ``text`` = "" and get ``stale`` = True."""
    sentences = project_sentences(ecb_articles(raw["ecbplus"]))
    rows = []
    for row in raw.get("sentences", []):
        texts = sentences.get(row.get("article", ""), [])
        index = int(row.get("index", -1))
        text = texts[index] if 0 <= index < len(texts) else ""
        stale = not text or text_digest(text) != row.get("sha1")
        mentions = {claim: [text[start:end] for start, end in spans]
                    for claim, spans in (row.get("mentions") or {}).items()}
        rows.append({**row, "text": "" if stale else text, "mentions": mentions,
                     "stale": stale})
    return {**raw, "sentences": rows}


def story_input(path: Path) -> tuple[list[Article], dict, int]:
    """A label file's articles (from its ``articles`` folder, or from ../shared for an ECB+
    story), its labels with every row's text, and the number of files that did not load."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    if "ecbplus" in raw:
        return ecb_articles(raw["ecbplus"]), resolved(raw), 0
    report = load_paths([path.parent / "articles"])
    return list(report.articles), raw, len(report.problems)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Print an ECB+ sub-topic's sentences as the "
                                     "project produces them, to label.")
    parser.add_argument("topic")
    parser.add_argument("subtopic", choices=("ecb", "ecbplus"))
    args = parser.parse_args(argv)
    articles = ecb_articles({"topic": args.topic, "subtopic": args.subtopic})
    for article, texts in project_sentences(articles).items():
        for index, text in enumerate(texts):
            print(f"{article}\t{index}\t{text_digest(text)}\t{text}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
