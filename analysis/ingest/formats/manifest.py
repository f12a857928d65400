"""A folder's ``manifest.json``: source name, title and date of each file in it.

Plain text files rarely say which outlet published them, so a folder of articles
(the sample story, or a person's own) may carry a small manifest::

    {"files": {"bbc.txt": {"source": "BBC News", "title": "...", "published": "2023-07-28"}}}

A ``manifest.json`` without a ``files`` mapping is not a manifest: it is read like
any other JSON file (it may be an article bundle).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from analysis.ingest.formats.common import (
    ArticleLoadError,
    normalise_date,
    one_line,
    read_regular,
)
from analysis.results import Article

MANIFEST_NAME = "manifest.json"
_FIELDS = {"source": "source", "title": "title", "published": "published", "url": "url",
           "author": "author"}
_MAX_BYTES = 1024 * 1024

Manifest = dict[str, dict[str, str]]


def read_manifest(folder: Path) -> Manifest | None:
    """{file name: {field: value}} from ``folder/manifest.json``, or None when absent or
    not a manifest (then the file is left to the ordinary readers)."""
    path = folder / MANIFEST_NAME
    try:
        if not path.is_file() or path.stat().st_size > _MAX_BYTES:
            return None
        return parse_manifest(read_regular(path, _MAX_BYTES))  # a pipe there never waits
    except (OSError, ArticleLoadError):
        return None


def parse_manifest(data: bytes) -> Manifest | None:
    """The manifest in ``data`` (an uploaded ``manifest.json``), or None when it is none."""
    if len(data) > _MAX_BYTES:
        return None
    try:
        parsed = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    files = parsed.get("files") if isinstance(parsed, dict) else None
    if not isinstance(files, dict):
        return None
    return {str(name): _entry(entry) for name, entry in files.items() if isinstance(entry, dict)}


def _entry(entry: Mapping[str, object]) -> dict[str, str]:
    return {field: one_line(str(entry[key])) for key, field in _FIELDS.items()
            if isinstance(entry.get(key), str | int | float) and str(entry[key]).strip()}


def apply_manifest(article: Article, manifest: Manifest, name: str) -> Article:
    """The article with the manifest's fields for file ``name``; the file's own metadata
    is kept wherever the manifest says nothing."""
    entry = manifest.get(name)
    if not entry:
        return article
    values: dict[str, Any] = dict(entry)  # metadata field names: replace() refuses others
    if "published" in values:
        values["published"] = normalise_date(str(values["published"]))
    return replace(article, **values)
