"""Reader for the ECB+ development split in ../shared/eval/ecbplus (never copied here).

Only the odd-numbered topics are there (the dev split); the even ones are the test set and
must not be read or tuned on. See ../shared/eval/ecbplus/README.md for the protocol.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from benchmarks.eval_data import EVAL_DIR, EvalDataMissing

ECB_DIR = EVAL_DIR / "ecbplus"


@dataclass(frozen=True)
class EcbDoc:
    """One ECB+ article: its sentences (ECB+ numbers, in text order) and their gold events."""

    doc_id: str  # e.g. "1_10ecb"; the suffix ("ecb" / "ecbplus") names the sub-topic
    topic: str
    subtopic: str
    sentences: tuple[tuple[int, str], ...]  # (ECB+ sentence number, text), one line each
    annotated: frozenset[int]  # sentence numbers ECB+ annotated
    events: dict[int, frozenset[str]]  # sentence number -> cross-document event ids

    def linked(self, number: int, other: EcbDoc, other_number: int) -> bool:
        """Both sentences mention at least one common cross-document event."""
        return bool(self.events.get(number, frozenset())
                    & other.events.get(other_number, frozenset()))


def topic_paths() -> list[Path]:
    """The topic bundles ``topics/NN.jsonl``, in topic order."""
    folder = ECB_DIR / "topics"
    paths = sorted(folder.glob("*.jsonl")) if folder.is_dir() else []
    if not paths:
        raise EvalDataMissing(
            f"ECB+ data not found: looked for {folder}/*.jsonl (set COVERAGE_LENS_EVAL to the "
            "folder holding ecbplus/)"
        )
    return paths


def read_gold() -> dict[str, EcbDoc]:
    """Every document of ``gold.json``, by doc id."""
    path = ECB_DIR / "gold.json"
    if not path.is_file():
        raise EvalDataMissing(
            f"ECB+ gold not found: looked for {path} (set COVERAGE_LENS_EVAL to the folder "
            "holding ecbplus/)"
        )
    raw = json.loads(path.read_text(encoding="utf-8"))
    events = raw.get("sent_events", {})
    return {doc_id: _doc(doc_id, fields, events.get(doc_id, {}))
            for doc_id, fields in raw["docs"].items()}


def _doc(doc_id: str, fields: dict, events: dict[str, list[str]]) -> EcbDoc:
    return EcbDoc(
        doc_id=doc_id,
        topic=str(fields["topic"]),
        subtopic=str(fields["subtopic"]),
        sentences=tuple((int(n), str(text)) for n, text in fields["sentences"]),
        annotated=frozenset(int(n) for n in fields["annotated"]),
        events={int(n): frozenset(ids) for n, ids in events.items()},
    )
