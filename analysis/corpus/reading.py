"""An archive read in partitions: byte ranges of JSON-lines bundles, row ranges of tables,
batches of single-article files. Nothing here holds the whole archive in memory.

A partition names where its articles are (``Piece``), not the articles: it is what the
scheduler sends to a worker, which reads the text there. An article read from a piece
keeps a ``Ref`` (file, byte offset or row, record number) so that the per-story step can
read the same article again on any worker that sees the same files.
"""

from __future__ import annotations

import csv
import glob
import json
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from analysis.ingest.formats.bundles import MAX_CELL, record_from_value
from analysis.ingest.formats.common import ArticleLoadError, Record, slug
from analysis.ingest.formats.manifest import MANIFEST_NAME, apply_manifest, read_manifest
from analysis.ingest.formats.textdecode import decode_text
from analysis.ingest.loading import article_from, load_paths
from analysis.ingest.naming import with_guessed_sources
from analysis.results import Article, LoadProblem

PARTITION_BYTES = 8 * 1024 * 1024  # of a JSON-lines file per partition: a few thousand articles
PARTITION_ROWS = 2_000  # of a table per partition
PARTITION_FILES = 200  # single-article files per partition
_LINES = (".jsonl", ".ndjson")
_TABLES = {".csv": ",", ".tsv": "\t"}
_GLOB = frozenset("*?[")


@dataclass(frozen=True)
class Piece:
    """Part of one file: bytes [start, end) of JSON lines, rows [start, end) of a table,
    or (kind "file") the whole file, read by the one-story loader."""

    path: str
    kind: str  # "lines" | "table" | "file"
    start: int = 0
    end: int = 0


@dataclass(frozen=True)
class Ref:
    """Where to read one article again: a line's byte offset, a table row, or a file and
    the position of the article among those the loader reads from it."""

    path: str
    kind: str
    position: int


@dataclass(frozen=True)
class ReadArticle:
    ref: Ref
    article: Article


def archive_files(paths: Sequence[str]) -> tuple[list[str], list[LoadProblem]]:
    """Files of the given paths: files, folders (walked, hidden entries skipped) and globs
    (expanded here, so that a shell without globbing works the same), sorted per path."""
    found: list[str] = []
    problems: list[LoadProblem] = []
    for raw in paths:
        matches = sorted(glob.glob(raw, recursive=True)) if _GLOB & set(raw) else [raw]
        if not matches:
            problems.append(LoadProblem(raw, "no file matches this pattern"))
        for name in matches:
            path = Path(name)
            if path.is_dir():
                files = sorted(
                    os.path.join(directory, f)
                    for directory, subfolders, names in os.walk(path)
                    for f in names if not f.startswith(".")
                    if not any(part.startswith(".") for part in
                               Path(directory).relative_to(path).parts))
                if not files:
                    problems.append(LoadProblem(name, "this folder has no files"))
                found.extend(f for f in files if _not_empty(f, problems))
            elif path.is_file():
                if _not_empty(name, problems):
                    found.append(name)
            else:
                problems.append(LoadProblem(name, "no such file or folder"))
    return list(dict.fromkeys(found)), problems


def save_uploads(files: Sequence[tuple[str, bytes]], folder: Path) -> list[str]:
    """Uploaded ``(file name, bytes)`` written into ``folder`` (made here) under the names
    they were uploaded with, so that they are named as the Sources page names the same
    uploads: an uploaded ``manifest.json`` sits beside the files it names, and a file that
    names no outlet is named after its own file name (the folder is the app's and names
    nothing). A name given twice goes into a numbered subfolder. Returns the paths to give
    ``archive_files``, as patterns matching only themselves (a file name may hold ``[``)."""
    written: list[str] = []
    for n, (name, data) in enumerate(files):
        base = PurePosixPath((name or "").replace("\\", "/")).name
        if base in {"", ".", ".."}:
            base = f"upload-{n + 1}"
        target, copy = folder / base, 1
        while target.exists() or target.parent.is_file():
            copy += 1
            target = folder / str(copy) / base
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written.append(glob.escape(str(target)))
    return written


def _not_empty(name: str, problems: list[LoadProblem]) -> bool:
    try:
        empty = os.path.getsize(name) == 0
    except OSError as error:
        problems.append(LoadProblem(name, error.strerror or "this file cannot be read"))
        return False
    if empty:
        problems.append(LoadProblem(name, "the file is empty"))
    return not empty


def partitions(files: Sequence[str], *, partition_bytes: int = PARTITION_BYTES,
               partition_rows: int = PARTITION_ROWS,
               partition_files: int = PARTITION_FILES) -> list[list[Piece]]:
    """Work units for the workers. A JSON-lines file is cut at line ends near every
    ``partition_bytes``; a table every ``partition_rows`` rows (counted once here, by
    streaming it); other files go ``partition_files`` to a partition."""
    found: list[list[Piece]] = []
    singles: list[Piece] = []
    for name in files:
        suffix = Path(name).suffix.lower()
        if suffix in _LINES:
            found.extend([piece] for piece in _line_pieces(name, partition_bytes))
        elif suffix in _TABLES:
            try:
                rows = _table_rows(name)
            except (OSError, csv.Error):  # the file's own reader says what is wrong with it
                singles.append(Piece(name, "file"))
                continue
            found.extend([Piece(name, "table", start, min(start + partition_rows, rows))]
                         for start in range(0, rows, partition_rows))
        else:
            singles.append(Piece(name, "file"))
    found.extend(singles[k:k + partition_files] for k in range(0, len(singles), partition_files))
    return found


def _line_pieces(name: str, size: int) -> Iterator[Piece]:
    total = os.path.getsize(name)
    with open(name, "rb") as stream:
        start = 0
        while start < total:
            stream.seek(min(start + size, total))
            stream.readline()  # to the end of the line the cut fell in
            end = min(stream.tell(), total) if start + size < total else total
            yield Piece(name, "lines", start, end)
            start = end


def _table_rows(name: str) -> int:
    csv.field_size_limit(MAX_CELL)  # the one-story loader's cell limit, not csv's 131,072
    with open(name, encoding="utf-8", errors="replace", newline="") as stream:
        return max(0, sum(1 for _ in csv.reader(stream, delimiter=_delimiter(name))) - 1)


def _delimiter(name: str) -> str:
    return _TABLES.get(Path(name).suffix.lower(), ",")


def read_piece(piece: Piece) -> tuple[list[ReadArticle], list[LoadProblem]]:
    """The articles of one piece, and what could not be read (never an exception: one bad
    record or file must not lose the rest of the archive)."""
    try:
        if piece.kind == "lines":
            return _read_lines(piece)
        if piece.kind == "table":
            return _read_table(piece)
        return _read_file(piece)
    except (OSError, ValueError, ArticleLoadError, csv.Error) as error:
        return [], [LoadProblem(piece.path, str(error))]


def _read_lines(piece: Piece) -> tuple[list[ReadArticle], list[LoadProblem]]:
    found: list[ReadArticle] = []
    problems: list[LoadProblem] = []
    with open(piece.path, "rb") as stream:
        stream.seek(piece.start)
        offset = piece.start
        while offset < piece.end:
            line = stream.readline()
            if not line:
                break
            here, offset = offset, offset + len(line)
            if not line.strip():
                continue
            try:
                value = json.loads(decode_text(line))
            except (ValueError, RecursionError, ArticleLoadError):
                problems.append(LoadProblem(f"{piece.path}@{here}", "this line is not valid JSON"))
                continue
            _add(found, problems, record_from_value(value, here), Ref(piece.path, "lines", here))
    return found, problems


def _read_table(piece: Piece) -> tuple[list[ReadArticle], list[LoadProblem]]:
    found: list[ReadArticle] = []
    problems: list[LoadProblem] = []
    for row, fields in _table_records(piece.path, range(piece.start, piece.end)):
        _add(found, problems, record_from_value(fields, row), Ref(piece.path, "table", row))
    return found, problems


def _table_records(path: str, rows: range | set[int]) -> Iterator[tuple[int, dict[str, str]]]:
    """(row, fields) of the wanted data rows (0-based, after the header), streamed."""
    last = max(rows) if rows else -1
    csv.field_size_limit(MAX_CELL)
    with open(path, encoding="utf-8", errors="replace", newline="") as stream:
        reader = csv.reader(stream, delimiter=_delimiter(path), strict=False)
        header = next(reader, None)
        if header is None:
            return
        for row, cells in enumerate(reader):
            if row > last:
                return
            if row in rows:
                yield row, dict(zip(header, cells, strict=False))


def _read_file(piece: Piece) -> tuple[list[ReadArticle], list[LoadProblem]]:
    """A single file through the one-story loader, with its folder's ``manifest.json``
    (source, title, date of each file) as a folder given to ``compare`` would have it, and
    named as the Sources page names it (``_named``)."""
    path = Path(piece.path)
    if path.name == MANIFEST_NAME:
        return [], []
    report = load_paths([piece.path])
    manifest = read_manifest(path.parent) or {}
    found = [ReadArticle(Ref(piece.path, "file", n), _named(apply_manifest(a, manifest, path.name)))
             for n, a in enumerate(report.articles)]
    return found, list(report.problems)


def _add(found: list[ReadArticle], problems: list[LoadProblem], record: Record, ref: Ref) -> None:
    if record.extracted is None:
        problems.append(LoadProblem(f"{ref.path}#{ref.position}", record.problem))
    else:
        found.append(ReadArticle(ref, _record_article(record, ref)))


def _record_article(record: Record, ref: Ref) -> Article:
    """A usable record's article; its id is the record's own, else file stem + position."""
    assert record.extracted is not None
    article_id = record.record_id or f"{slug(Path(ref.path).stem) or 'article'}-{ref.position}"
    return _named(article_from(record.extracted, article_id, f"{ref.path}#{ref.position}"))


def _named(article: Article) -> Article:
    """The article under the outlet the Sources page would show: its own (from the file, a
    record's field or the manifest), else a guess from its file name or record id; never
    its folder's name (the Archive page's uploads sit in a folder the app made)."""
    return with_guessed_sources([article])[0][0]


def read_refs(refs: Sequence[Ref]) -> dict[Ref, Article]:
    """The articles at ``refs`` (the per-story step, on a worker), by ref; one that is no
    longer there (the file moved or changed) is missing. A file is opened once for all
    its refs."""
    by_file: dict[tuple[str, str], list[Ref]] = {}
    for ref in refs:
        by_file.setdefault((ref.path, ref.kind), []).append(ref)
    read: dict[Ref, Article] = {}
    for (path, kind), wanted in by_file.items():
        if kind == "lines":
            with open(path, "rb") as stream:
                for ref in wanted:
                    stream.seek(ref.position)
                    record = record_from_value(json.loads(decode_text(stream.readline())),
                                               ref.position)
                    if record.extracted is not None:
                        read[ref] = _record_article(record, ref)
        elif kind == "table":
            rows = {ref.position: ref for ref in wanted}
            for row, fields in _table_records(path, set(rows)):
                record = record_from_value(fields, row)
                if record.extracted is not None:
                    read[rows[row]] = _record_article(record, rows[row])
        else:
            articles, _ = _read_file(Piece(path, "file"))
            for ref in wanted:
                if ref.position < len(articles):
                    read[ref] = articles[ref.position].article
    return read


__all__ = ["Piece", "ReadArticle", "Ref", "archive_files", "partitions", "read_piece",
           "read_refs", "save_uploads"]
