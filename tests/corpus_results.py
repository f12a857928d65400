"""A result folder as ``python -m analysis corpus`` writes it, for tests of opening one:
one story whose articles are the given references (kind "file")."""

from __future__ import annotations

import json
from pathlib import Path


def write_result(folder: Path, paths: list[str], *, label: str = "A story",
                 archive: str | None = None, compared: bool = False) -> Path:
    """``stories.jsonl`` with one story of ``paths``; with ``archive``, a ``corpus.json``
    recording the archive the run read; with ``compared``, the story's ``stories/1.json``."""
    folder.mkdir(parents=True, exist_ok=True)
    story = {"id": 1, "label": label, "size": len(paths),
             "articles": [{"id": f"a{n}", "source": f"Outlet {n}", "title": "",
                           "published": None, "ref": {"path": p, "kind": "file", "position": 0}}
                          for n, p in enumerate(paths)]}
    (folder / "stories.jsonl").write_text(json.dumps(story) + "\n", encoding="utf-8")
    if archive is not None:
        (folder / "corpus.json").write_text(json.dumps({"archive": archive}), encoding="utf-8")
    if compared:
        (folder / "stories").mkdir()
        (folder / "stories" / "1.json").write_text("{}", encoding="utf-8")
    return folder
