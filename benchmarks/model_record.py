"""What a shipped model was trained from, and how a retrained one differs from it.

A training script records the SHA-256 of its training data and of the code that computes
its features (``training_record``), and in ``--check`` mode compares the files it would
write with the shipped ones (``check_files``), saying which fields changed instead of
overwriting anything.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_SHOWN = 8  # changed fields listed per file before "... and N more"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _name(path: Path) -> str:
    """Repository-relative for our files; the last two parts for data outside the repo."""
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return "/".join(path.resolve().parts[-2:])


def training_record(
    *, data: Iterable[Path], code: Iterable[Path], parameters: Mapping[str, object]
) -> dict[str, object]:
    """Hashes of the training data and of the feature code, plus the training parameters."""
    return {
        "data_sha256": {_name(p): sha256(p) for p in data},
        "code_sha256": {_name(p): sha256(p) for p in code},
        "parameters": dict(parameters),
    }


def _numbers(values: Iterable[object]) -> bool:
    return all(isinstance(v, int | float) and not isinstance(v, bool) for v in values)


def _table_changes(shipped: dict, retrained: dict, label: str) -> list[str]:
    """One line for a large word -> number table (the lexicon)."""
    added = len(set(retrained) - set(shipped))
    removed = len(set(shipped) - set(retrained))
    changed = [abs(shipped[k] - retrained[k]) for k in set(shipped) & set(retrained)
               if shipped[k] != retrained[k]]
    if not (added or removed or changed):
        return []
    largest = f", largest difference {max(changed):.6g}" if changed else ""
    return [f"{label}: {len(changed)} of {len(shipped)} values differ, {added} added, "
            f"{removed} removed{largest}"]


def json_changes(shipped: object, retrained: object, where: str = "") -> list[str]:
    """Plain lines saying how two JSON values differ, one per changed leaf or list."""
    label = where or "the file"
    if isinstance(shipped, dict) and isinstance(retrained, dict):
        if len(shipped) > _SHOWN and _numbers(shipped.values()) and _numbers(retrained.values()):
            return _table_changes(shipped, retrained, label)
        lines: list[str] = []
        for key in sorted(set(shipped) | set(retrained), key=str):
            path = f"{where}.{key}" if where else str(key)
            if key not in shipped:
                lines.append(f"{path}: not in the shipped file")
            elif key not in retrained:
                lines.append(f"{path}: in the shipped file only")
            else:
                lines += json_changes(shipped[key], retrained[key], path)
        return lines
    if isinstance(shipped, list) and isinstance(retrained, list):
        if len(shipped) != len(retrained):
            return [f"{label}: {len(shipped)} values shipped, {len(retrained)} retrained"]
        pairs = [(a, b) for a, b in zip(shipped, retrained, strict=True) if a != b]
        if not pairs:
            return []
        if _numbers(v for pair in pairs for v in pair):
            largest = max(abs(a - b) for a, b in pairs)
            return [f"{label}: {len(pairs)} of {len(shipped)} values differ "
                    f"(largest difference {largest:.6g})"]
        return [f"{label}: {len(pairs)} of {len(shipped)} entries differ"]
    if shipped == retrained:
        return []
    return [f"{label}: shipped {shipped!r}, retrained {retrained!r}"]


def check_files(files: Mapping[Path, str]) -> int:
    """0 when every shipped file equals its retrained text byte for byte; else 1, after
    printing what differs (the shipped files are left as they are)."""
    status = 0
    for path, text in files.items():
        shipped = path.read_text(encoding="utf-8") if path.is_file() else ""
        if shipped == text:
            print(f"{path.name}: retrains byte for byte")
            continue
        status = 1
        try:
            changes = json_changes(json.loads(shipped), json.loads(text))
        except ValueError:
            changes = ["the shipped file is missing or not JSON"]
        print(f"{path.name}: retraining would change it")
        for line in changes[:_SHOWN]:
            print(f"  {line}")
        if len(changes) > _SHOWN:
            print(f"  ... and {len(changes) - _SHOWN} more")
        if not changes:
            print("  same values, different layout")
    return status
