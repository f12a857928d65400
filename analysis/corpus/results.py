"""A corpus result folder read back: what the Archive page lists and charts.

Every file is optional but ``stories.jsonl``: a folder still being written, or copied
without its Parquet files, opens with what it has, and a damaged line is skipped and
counted rather than failing the whole folder.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path

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

    def story(self, story_id: int) -> StoryEntry:
        for entry in self.stories:
            if entry.id == story_id:
                return entry
        raise AnalysisError(f"story {story_id} is not in this result")

    def comparison_path(self, story_id: int) -> Path | None:
        path = self.folder / "stories" / f"{story_id}.json"
        return path if path.is_file() else None


def read_result(folder: str | Path) -> CorpusFolder:
    """The result folder ``python -m analysis corpus --out DIR`` wrote."""
    root = Path(folder).expanduser()
    index = root / "stories.jsonl"
    if not root.is_dir():
        raise AnalysisError(f"{root} is not a folder")
    if not index.is_file():
        raise AnalysisError(f"{root} holds no stories.jsonl: it is not a corpus result folder "
                            "(make one with: python -m analysis corpus PATH --out DIR)")
    stories, damaged = [], 0
    for line in index.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            raw = json.loads(line)
            stories.append(StoryEntry(int(raw["id"]), str(raw.get("label", "")),
                                      int(raw.get("size", len(raw["articles"]))),
                                      tuple(raw["articles"])))
        except (ValueError, KeyError, TypeError):
            damaged += 1 if line.strip() else 0
    outlets = _json(root / "outlets.json")
    return CorpusFolder(
        folder=root, stories=tuple(stories),
        outlets=tuple(outlets.get("outlets", ())) if isinstance(outlets, dict) else (),
        pairs=tuple(outlets.get("pairs", ())) if isinstance(outlets, dict) else (),
        summary=_json(root / "corpus.json") or {},
        problems=tuple(_lines(root / "problems.jsonl")), damaged_lines=damaged)


def story_articles(entry: StoryEntry) -> list[Article]:
    """The story's articles read again from the archive (for the one-story pages), under
    the ids the corpus run gave them."""
    refs, ids = [], {}
    for a in entry.articles:
        ref = a.get("ref")
        if isinstance(ref, dict):
            r = Ref(str(ref["path"]), str(ref["kind"]), int(ref["position"]))
            refs.append(r)
            ids[r] = str(a["id"])
    try:
        read = read_refs(refs)
    except (OSError, ValueError) as error:
        raise AnalysisError(f"the archive's files could not be read again ({error}); "
                            "they must stay where the corpus run read them") from error
    if len(read) < len(refs):
        raise AnalysisError(f"only {len(read)} of the story's {len(refs)} articles could "
                            "be read again: the archive's files changed or moved")
    return [replace(read[r], id=ids[r]) for r in refs]


def _json(path: Path) -> dict:
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def _lines(path: Path) -> list[dict[str, str]]:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    found = []
    for line in text.splitlines():
        try:
            value = json.loads(line)
        except ValueError:
            continue
        if isinstance(value, dict):
            found.append({k: str(v) for k, v in value.items()})
    return found
