"""The pinned comparisons: what the engine must keep saying while its code is moved.

Floats are written with 9 decimals, so a difference in the last bit of a BLAS product on
another processor does not count as a change while any change of behaviour does.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from analysis.ingest.loading import load_paths
from analysis.output.report import to_dict
from analysis.pipeline.comparison import compare
from analysis.pipeline.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "pinned"
STORY30 = FIXTURES / "story30.jsonl"
PINNED = FIXTURES / "digests.json"
SAMPLE = ROOT / "data" / "sample_story"
# name -> (story, semantic mode)
RUNS = {"sample-lexical": (SAMPLE, False), "sample-semantic": (SAMPLE, True),
        "story30-lexical": (STORY30, False)}


def _rounded(value: object) -> object:
    if isinstance(value, float):
        return round(value, 9)
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_rounded(v) for v in value]
    return value


def pinned_json(path: Path, semantic: bool) -> str:
    """The command line's JSON for a story, without the run time."""
    comparison = compare(list(load_paths([path]).articles), Settings(semantic=semantic))
    data = to_dict(comparison)
    settings = dict(comparison.settings)
    settings.pop("seconds", None)
    data["settings"] = settings
    return json.dumps(_rounded(data), ensure_ascii=False, indent=2, sort_keys=True)


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def pinned_digests() -> dict[str, str]:
    return {name: digest(pinned_json(path, semantic)) for name, (path, semantic) in RUNS.items()}
