"""Precision and recall of page-furniture detection on lines no cleaning rule was written from.

``benchmarks/cleaning_heldout/lines.json`` holds invented furniture lines (newsletter and
paywall prompts, share buttons, captions, bylines, timestamps, links to other stories) and
invented news sentences that look like furniture ("Residents were urged to sign up for text
alerts"); see the file's note. A line counts as detected when
``analysis.ingest.cleaning.line_reason`` gives it a reason. Also printed: the share of real
news sentences the rules would drop, on the ECB+ development topics (odd numbers,
../shared/eval; every annotated sentence is story text), when that data is present.

Run: .venv/bin/python -m benchmarks.cleaning_heldout [--examples]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from analysis.ingest.cleaning import line_reason
from benchmarks.ecbplus_data import EvalDataMissing, read_gold

LINES = Path(__file__).resolve().parent / "cleaning_heldout" / "lines.json"


def held_out() -> list[dict]:
    return json.loads(LINES.read_text(encoding="utf-8"))["lines"]


def figures(lines: list[dict]) -> tuple[float, float, list[str], list[str]]:
    """(precision, recall, furniture kept, sentences dropped) of furniture detection."""
    missed, dropped, hits = [], [], 0
    for line in lines:
        reason = line_reason(line["text"], line["position"])
        if line["furniture"] and reason:
            hits += 1
        elif line["furniture"]:
            missed.append(line["text"])
        elif reason:
            dropped.append(f"{line['text']}  ({reason})")
    flagged = hits + len(dropped)
    furniture = hits + len(missed)
    return (hits / flagged if flagged else 0.0, hits / furniture if furniture else 0.0,
            missed, dropped)


def ecb_sentences_dropped() -> tuple[int, list[str]] | None:
    """(sentences read, those the rules drop) on ECB+ development topics, or None."""
    try:
        gold = read_gold()
    except EvalDataMissing:
        return None
    read, dropped = 0, []
    for doc in gold.values():
        if int(doc.topic) % 2 == 0:
            continue  # even topics are the test split: never read
        for position, (number, text) in enumerate(doc.sentences):
            if number in doc.annotated and text.strip():
                read += 1
                reason = line_reason(text, position)  # the first line is the headline
                if reason:
                    dropped.append(f"{text[:100]}  ({reason})")
    return read, dropped


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", action="store_true")
    args = parser.parse_args()
    lines = held_out()
    precision, recall, missed, dropped = figures(lines)
    print(f"held-out lines {len(lines)} ({sum(x['furniture'] for x in lines)} furniture): "
          f"precision {precision:.2f}  recall {recall:.2f}")
    if args.examples:
        for text in missed:
            print(f"    kept furniture: {text}")
        for text in dropped:
            print(f"    dropped sentence: {text}")
    ecb = ecb_sentences_dropped()
    if ecb is None:
        print("ECB+ data not found (set COVERAGE_LENS_EVAL): real-sentence check skipped")
        return
    read, ecb_dropped = ecb
    print(f"ECB+ dev-topic sentences {read}: dropped {len(ecb_dropped)} "
          f"({len(ecb_dropped) / max(read, 1):.2%})")
    if args.examples:
        for text in ecb_dropped[:20]:
            print(f"    dropped: {text}")


if __name__ == "__main__":
    main()
