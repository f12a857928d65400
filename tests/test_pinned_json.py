"""The engine says the same as when its digests were recorded (scripts/pin_json.py).

Moves of code (issue 30) must leave every number, label and order of the JSON as it was:
the sample story in both modes and a generated 30-article story in lexical mode. On a
mismatch the JSON is written to artifacts/pinned/ so it can be diffed against a run of the
recorded commit.
"""

from __future__ import annotations

import json

import pytest

from analysis.ingest.loading import load_paths
from tests.pinned import PINNED, ROOT, RUNS, STORY30, digest, pinned_json

RECORDED: dict[str, str] = json.loads(PINNED.read_text(encoding="utf-8"))


def test_every_run_has_a_recorded_digest() -> None:
    assert set(RECORDED) == set(RUNS)


def test_the_generated_story_loads_whole() -> None:
    report = load_paths([STORY30])
    assert len(report.articles) == 30
    assert not report.problems


@pytest.mark.parametrize("name", sorted(RUNS))
def test_json_is_unchanged(name: str) -> None:
    path, semantic = RUNS[name]
    text = pinned_json(path, semantic)
    if digest(text) != RECORDED[name]:
        out = ROOT / "artifacts" / "pinned"
        out.mkdir(parents=True, exist_ok=True)
        (out / f"{name}.json").write_text(text, encoding="utf-8")
    assert digest(text) == RECORDED[name], f"{name}: JSON changed (see artifacts/pinned/)"
