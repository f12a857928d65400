"""Where a corpus result may send a reader: the containment rule of result folders.

A result folder is data, and anyone who can write where it lies can plant one whose
``stories.jsonl`` refers to ``/etc/passwd`` or ``/proc/self/environ``. So a reference is
read only once it resolves (``..`` folded, every symlink followed) inside the result folder,
or inside another folder the caller allows; and result folders are looked for only under
roots the caller names. Nothing here opens a file: it stats paths and resolves names.
Messages never name a path, so they can be shown to anyone.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator, Sequence
from pathlib import Path

from analysis.errors import AnalysisError

INDEX = "stories.jsonl"
MAX_DEPTH = 4  # folders below a root searched for result folders
MAX_RESULTS = 500  # result folders listed under one root


class OutsideFolder(AnalysisError):
    """A reference or folder lies outside where it may be read; nothing was read."""


class NotReadable(AnalysisError):
    """A reference inside the folder names no regular file (missing, a folder, a pipe)."""


def resolved(path: str | os.PathLike[str], base: Path | None = None) -> Path | None:
    """``path`` made absolute (relative to ``base`` when given) with ``..`` folded and every
    symlink followed, or None when it cannot be resolved (a NUL byte, a symlink loop)."""
    try:
        raw = Path(path)
        if base is not None and not raw.is_absolute():
            raw = base / raw
        return raw.resolve()
    except (OSError, RuntimeError, ValueError):
        return None


def is_inside(path: Path, folders: Sequence[Path]) -> bool:
    """Whether the resolved ``path`` is one of ``folders`` (resolved too) or below one."""
    return any(path == folder or path.is_relative_to(folder) for folder in folders)


def _regular(path: Path) -> bool:
    """A regular file (never a pipe or device: reading one could block or never end)."""
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except (OSError, ValueError):
        return False


def confined(reference: str | os.PathLike[str], folder: Path,
             also: Sequence[Path] = ()) -> Path:
    """The regular file ``reference`` names, resolved: a relative reference is read from
    ``folder``; the file must lie inside ``folder`` or one of ``also`` (all resolved
    already). Raises ``OutsideFolder`` otherwise, ``NotReadable`` when the place inside
    holds no regular file; nothing is opened."""
    allowed = [folder, *also]
    target = resolved(reference, folder)
    if target is None or not is_inside(target, allowed):
        raise OutsideFolder("it refers to a file outside its result folder")
    if not _regular(target):
        raise NotReadable("it refers to something that is not a readable file")
    return target


def own_file(folder: Path, name: str) -> Path | None:
    """``folder / name`` when it is a regular file that resolves inside ``folder`` (a
    result's own ``stories.jsonl``, ``corpus.json``…), else None."""
    try:
        return confined(name, folder)
    except (OutsideFolder, NotReadable):
        return None


def result_folders(root: Path, *, max_depth: int = MAX_DEPTH,
                   limit: int = MAX_RESULTS) -> list[Path]:
    """The result folders under ``root`` (resolved, sorted): folders holding their own
    ``stories.jsonl``, at most ``max_depth`` levels down. Hidden entries are skipped, a
    symlink is followed only when it stays under ``root``, a result folder's own
    subfolders are not searched, and folders that cannot be read are passed over."""
    top = resolved(root)
    if top is None or not top.is_dir():
        return []
    found: list[Path] = []
    for folder in _walk(top, top, max_depth, set()):
        found.append(folder)
        if len(found) >= limit:
            break
    return sorted(found)


def _walk(folder: Path, top: Path, depth: int, seen: set[Path]) -> Iterator[Path]:
    if folder in seen:
        return
    seen.add(folder)
    if own_file(folder, INDEX) is not None:
        yield folder
        return
    if depth <= 0:
        return
    try:
        with os.scandir(folder) as entries:
            names = sorted(e.name for e in entries
                           if not e.name.startswith(".") and e.is_dir(follow_symlinks=True))
    except OSError:
        return
    for name in names:
        child = resolved(folder / name)
        if child is not None and is_inside(child, [top]) and child.is_dir():
            yield from _walk(child, top, depth - 1, seen)


def result_folder(folder: str | os.PathLike[str], roots: Sequence[Path]) -> Path:
    """``folder`` resolved, if it is a result folder under one of ``roots``; else
    ``OutsideFolder`` (nothing about the folder is said: not whether it exists)."""
    tops = [top for top in (resolved(r) for r in roots) if top is not None]
    target = resolved(folder)
    if target is None or not is_inside(target, tops) or own_file(target, INDEX) is None:
        raise OutsideFolder("this is not a result folder of the archive folder")
    return target


__all__ = ["INDEX", "NotReadable", "OutsideFolder", "confined", "is_inside", "own_file", "resolved",
           "result_folder", "result_folders"]
