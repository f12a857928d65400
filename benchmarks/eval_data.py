"""Readers for the labelled evaluation data in ../shared/eval (never copied here)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVAL_DIR = Path(os.environ.get("COVERAGE_LENS_EVAL", ROOT.parent / "shared" / "eval"))


@dataclass(frozen=True)
class LabelledPairs:
    left: list[str]
    right: list[str]
    labels: list[float]  # MSRP: 0/1; STS: 0-5


class EvalDataMissing(FileNotFoundError):
    """The shared evaluation data is not where we looked; the message says where."""


def _require(path: Path) -> Path:
    if not path.is_file():
        raise EvalDataMissing(
            f"evaluation data not found: looked for {path} (set COVERAGE_LENS_EVAL to the "
            "folder holding msrp/ and sts-news/)"
        )
    return path


def read_msrp(split: str) -> LabelledPairs:
    """MSRP split 'train' or 'test': BOM, tab-separated, no header, raw quotes."""
    path = _require(EVAL_DIR / "msrp" / f"msr_paraphrase_{split}.txt")
    left, right, labels = [], [], []
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        cols = line.split("\t")
        if len(cols) < 5 or cols[0] not in {"0", "1"}:
            continue
        labels.append(float(cols[0]))
        left.append(cols[3])
        right.append(cols[4])
    return LabelledPairs(left, right, labels)


def read_sts(split: str) -> LabelledPairs:
    """STS-news split 'train', 'dev' or 'test': score in column 5, sentences in 6 and 7."""
    path = _require(EVAL_DIR / "sts-news" / f"sts-news-{split}.tsv")
    left, right, labels = [], [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) < 7:
            continue
        labels.append(float(cols[4]))
        left.append(cols[5])
        right.append(cols[6])
    return LabelledPairs(left, right, labels)
