"""A corpus result folder read back: what the Archive page lists and charts.

Every file is optional but ``stories.jsonl``: a folder still being written, or copied
without its Parquet files, opens with what it has, and a damaged line is skipped and
counted rather than failing the whole folder.

A result folder is data that anyone able to write beside it may have planted, so it is
read under the containment rule of ``analysis.corpus.places``: its own files only when
they resolve inside it, and a story's articles only from inside the folder, or from the
archive the run recorded when that lies under one of the roots the caller allows.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from analysis.corpus.places import (
    INDEX,
    NotReadable,
    OutsideFolder,
    confined,
    is_inside,
    own_file,
    resolved,
    result_folder,
)
from analysis.corpus.reading import Ref, read_refs
from analysis.errors import AnalysisError
from analysis.results import Article


@dataclass(frozen=True)
class StoryEntry:
    id: int
    label: str
    size: int
    articles: tuple[dict[str, object], ...]

    @property
    def sources(self) -> list[str]:
        return list(dict.fromkeys(str(a.get("source") or a.get("id")) for a in self.articles))

    @property
    def first_published(self) -> str:
        dates = sorted(str(a["published"]) for a in self.articles if a.get("published"))
        return dates[0] if dates else ""


@dataclass(frozen=True)
class CorpusFolder:
    folder: Path
    stories: tuple[StoryEntry, ...]
    outlets: tuple[dict[str, object], ...] = ()
    pairs: tuple[dict[str, object], ...] = ()
    summary: dict[str, object] = field(default_factory=dict)
    problems: tuple[dict[str, str], ...] = ()
    damaged_lines: int = 0
    # where the stories' articles may be read from besides ``folder`` (resolved)
    archives: tuple[Path, ...] = ()

    def story(self, story_id: int) -> StoryEntry:
        for entry in self.stories:
            if entry.id == story_id:
                return entry
        raise AnalysisError(f"story {story_id} is not in this result")

    def comparison_path(self, story_id: int) -> Path | None:
        path = self.folder / "stories" / f"{story_id}.json"
        return path if path.is_file() else None


def read_result(folder: str | Path, roots: Sequence[Path] | None = None) -> CorpusFolder:
    """The result folder ``python -m analysis corpus --out DIR`` wrote. With ``roots``, the
    folder must lie under one of them (``OutsideFolder`` otherwise), and the archive the
    run recorded is read from only when it lies under one of them too; without, the
    stories' articles are read only from inside the folder. Messages name no path."""
    if roots is not None:
        root = result_folder(folder, roots)
    else:
        found = resolved(Path(folder))
        if found is None or not found.is_dir():
            raise AnalysisError("this is not a folder")
        root = found
    index = own_file(root, INDEX)
    if index is None:
        raise AnalysisError("this folder holds no stories.jsonl of its own: it is not a "
                            "corpus result folder (make one with: python -m analysis "
                            "corpus PATH --out DIR)")
    try:
        text = index.read_text(encoding="utf-8", errors="replace")
    except OSError:
        raise AnalysisError("the folder's stories.jsonl cannot be read") from None
    stories, damaged = [], 0
    for line in text.splitlines():
        try:
            raw = json.loads(line)
            stories.append(StoryEntry(int(raw["id"]), str(raw.get("label", "")),
                                      int(raw.get("size", len(raw["articles"]))),
                                      tuple(a for a in raw["articles"] if isinstance(a, dict))))
        except (ValueError, KeyError, TypeError, RecursionError):
            damaged += 1 if line.strip() else 0
    outlets = _json(root, "outlets.json")
    summary = _json(root, "corpus.json")
    return CorpusFolder(
        folder=root, stories=tuple(stories),
        outlets=tuple(o for o in outlets.get("outlets", ()) if isinstance(o, dict))
        if isinstance(outlets.get("outlets"), list) else (),
        pairs=tuple(p for p in outlets.get("pairs", ()) if isinstance(p, dict))
        if isinstance(outlets.get("pairs"), list) else (),
        summary=summary, problems=tuple(_lines(root, "problems.jsonl")),
        damaged_lines=damaged, archives=_archives(summary, roots or ()))


def _archives(summary: dict, roots: Sequence[Path]) -> tuple[Path, ...]:
    """The archive folder the run recorded (``corpus.json``), if it lies under a root."""
    recorded = summary.get("archive")
    if not isinstance(recorded, str) or not recorded:
        return ()
    where = resolved(recorded)
    tops = [top for top in (resolved(r) for r in roots) if top is not None]
    if where is None or not where.is_absolute() or not is_inside(where, tops):
        return ()
    return (where,)


_KINDS = frozenset({"lines", "table", "file"})


def story_refs(entry: StoryEntry, result: CorpusFolder) -> list[tuple[Ref, str]]:
    """The story's articles as (ref to the resolved file, id), each checked to lie inside
    the result folder or its recorded archive. A story with one reference that leaves
    them, or a damaged one, is refused whole (``OutsideFolder``, ``AnalysisError``)
    before any of its files is opened."""
    refs: list[tuple[Ref, str]] = []
    outside = missing = 0
    for a in entry.articles:
        ref = a.get("ref")
        if not isinstance(ref, dict):
            continue
        path, kind, position = ref.get("path"), ref.get("kind"), ref.get("position")
        if (not isinstance(path, str) or kind not in _KINDS or not isinstance(position, int)
                or isinstance(position, bool) or position < 0):
            raise AnalysisError(f"story {entry.id} is damaged in stories.jsonl: an article's "
                                "reference is not one a corpus run writes")
        try:
            target = confined(path, result.folder, result.archives)
        except OutsideFolder:
            outside += 1
            continue
        except NotReadable:
            missing += 1
            continue
        refs.append((Ref(str(target), str(kind), position), str(a.get("id", ""))))
    if outside:
        raise OutsideFolder(
            f"Story {entry.id} was not opened: {outside} of its "
            f"{outside + missing + len(refs)} "
            "articles are referred to outside the result folder and the archive it read, "
            "and articles are read only from there. Nothing of them was read.")
    if missing:
        raise AnalysisError(f"only {len(refs)} of the story's {len(refs) + missing} articles "
                            "could be read again: the archive's files changed or moved")
    return refs


def story_articles(entry: StoryEntry, result: CorpusFolder) -> list[Article]:
    """The story's articles read again from the archive (for the one-story pages), under
    the ids the corpus run gave them; only from where ``story_refs`` allows."""
    pairs = story_refs(entry, result)
    refs = [ref for ref, _ in pairs]
    ids = dict(pairs)
    try:
        read = read_refs(refs)
    except (OSError, ValueError, RecursionError):
        raise AnalysisError("the archive's files could not be read again: they must stay "
                            "where the corpus run read them, unchanged") from None
    if len(read) < len(refs):
        raise AnalysisError(f"only {len(read)} of the story's {len(refs)} articles could "
                            "be read again: the archive's files changed or moved")
    return [replace(read[r], id=ids[r]) for r in refs]


def _json(folder: Path, name: str) -> dict:
    path = own_file(folder, name)
    try:
        value = json.loads(path.read_text(encoding="utf-8")) if path else None
    except (OSError, ValueError, RecursionError):
        return {}
    return value if isinstance(value, dict) else {}


def _lines(folder: Path, name: str) -> list[dict[str, str]]:
    path = own_file(folder, name)
    try:
        text = path.read_text(encoding="utf-8", errors="replace") if path else ""
    except OSError:
        return []
    found = []
    for line in text.splitlines():
        try:
            value = json.loads(line)
        except (ValueError, RecursionError):
            continue
        if isinstance(value, dict):
            found.append({k: str(v) for k, v in value.items()})
    return found
