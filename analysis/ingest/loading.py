"""Files, folders and uploads to :class:`Article` objects, whatever their format.

People bring articles as text, Markdown, saved web pages, PDFs, Word files or
bundles (JSON, JSON Lines, CSV/TSV). Every file either becomes articles or a
problem stated in plain words; one bad file never stops the others, and no
exception other than :class:`ArticleLoadError` ever leaves this module.
The text keeps the characters of the original (curly quotes stay curly);
matching normalises its own copy elsewhere.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path, PurePosixPath
from typing import Any, TypeVar
from urllib.parse import urlsplit

from analysis.ingest import budgets
from analysis.ingest.budgets import check_article_text, check_file_size, story_full_reason
from analysis.ingest.formats.bundles import parse_json, parse_json_lines, parse_table
from analysis.ingest.formats.common import (
    NOT_REGULAR,
    ArticleLoadError,
    Extracted,
    Record,
    one_line,
    read_regular,
)
from analysis.ingest.formats.manifest import (
    MANIFEST_NAME,
    apply_manifest,
    parse_manifest,
    read_manifest,
)
from analysis.ingest.formats.pdf import parse_pdf
from analysis.ingest.formats.plain import parse_markdown, parse_text
from analysis.ingest.formats.textdecode import decode_text
from analysis.ingest.formats.webpage import decode_html, looks_like_html, parse_html
from analysis.ingest.formats.word import parse_docx
from analysis.ingest.safetext import visible
from analysis.results import Article, LoadProblem, LoadReport
from analysis.text.segmentation import split_sentences

__all__ = [
    "ArticleLoadError",
    "SUPPORTED_EXTENSIONS",
    "decode_text",
    "load_bytes",
    "load_paths",
    "load_uploads",
    "make_unique_ids",
    "read_capped",
]



def _decoded(data: bytes) -> str:
    """Decoded text, refused before any parsing when it cannot fit the article budget."""
    text = decode_text(data)
    if len(text) > 2 * budgets.MAX_ARTICLE_CHARS:  # markup and front matter never double a text
        check_article_text(text)
    return text


_ARTICLE_READERS: dict[str, Callable[[bytes], Extracted]] = {
    "text": lambda data: parse_text(_decoded(data)),
    "markdown": lambda data: parse_markdown(_decoded(data)),
    "html": lambda data: parse_html(decode_html(data)),
    "pdf": parse_pdf,
    "docx": parse_docx,
}
_BUNDLE_READERS: dict[str, Callable[[bytes], list[Record]]] = {
    "jsonl": lambda data: parse_json_lines(decode_text(data)),
    "json": lambda data: parse_json(decode_text(data)),
    "csv": lambda data: parse_table(decode_text(data)),
    "tsv": lambda data: parse_table(decode_text(data), "\t"),
}
_KINDS = {
    ".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".pdf": "pdf", ".docx": "docx",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json", ".csv": "csv", ".tsv": "tsv",
}
SUPPORTED_EXTENSIONS: tuple[str, ...] = tuple(_KINDS)
# Files that are plainly not articles: skipped silently inside folders.
_NOT_ARTICLES = frozenset(
    ".png .jpg .jpeg .gif .webp .bmp .tif .tiff .ico .svg .heic .heif .avif .raw .psd "
    ".mp3 .wav .ogg .flac .m4a .aac .mp4 .m4v .mov .avi .mkv .webm .wmv "
    ".zip .gz .tgz .bz2 .xz .7z .rar .tar .zst .exe .dll .so .dylib .bin .iso .dmg .apk "
    ".ttf .otf .woff .woff2 .eot .pyc .pyo .class .o .a .lib .db .sqlite .pkl .npy .npz "
    ".parquet .feather .css .js .map .lock".split()
)
# Document formats people may expect to work: reported with advice, never skipped silently.
_OTHER_DOCUMENTS = frozenset(
    ".doc .odt .rtf .pages .wpd .epub .mobi .xls .xlsx .ods .numbers .ppt .pptx .odp .key "
    ".eml .msg .mht .mhtml .webarchive".split()
)
_JUNK_NAMES = frozenset({"thumbs.db", "desktop.ini", "icon\r"})
_SUPPORTED_LIST = ".txt, .md, .html, .pdf, .docx, .json, .jsonl or .csv"


def load_bytes(data: bytes, filename: str) -> list[Article]:
    """Articles in one file's bytes; the extension of ``filename`` picks the reader.

    Bundles return one article per usable record (unusable records are
    dropped here; :func:`load_paths`/:func:`load_uploads` report them).
    Raises ArticleLoadError, with the file name in its message, on failure.
    """
    articles, _ = _load(data, filename)
    return articles


def load_paths(
    paths: Sequence[str | os.PathLike[str]], *, story: Sequence[Article] = ()
) -> LoadReport:
    """Every article in the given files and folders (nested folders too).

    Hidden files, dot-folders and obvious non-articles (images, archives...)
    inside folders are skipped; anything else unreadable becomes a problem. A folder's
    ``manifest.json`` names the source, title and date of its files.
    Articles that would take the story (``story`` plus those read here) past
    its budget are refused one by one, each with the reason.
    """
    budget = _StoryBudget(story)
    for raw in paths:
        name = os.fspath(raw)
        if not name.strip():
            budget.problems.append(LoadProblem(repr(name), "no such file or folder"))
            continue
        manifest = _manifest_of(Path(name))
        for origin, path in _expand(Path(name), name, budget.problems):
            if manifest is not None and origin == MANIFEST_NAME:
                continue
            if not budget.skip(origin):
                found, trouble = _load_file(path, origin)
                budget.add([apply_manifest(a, manifest or {}, origin) for a in found], trouble)
    return budget.report()


def _manifest_of(path: Path) -> dict[str, dict[str, str]] | None:
    try:
        return read_manifest(path) if path.is_dir() else None
    except (OSError, ValueError):
        return None


def load_uploads(
    files: Sequence[tuple[str, bytes]], *, story: Sequence[Article] = ()
) -> LoadReport:
    """Like :func:`load_paths` for in-memory ``(file name, bytes)`` uploads.

    An uploaded ``manifest.json`` holding a ``files`` mapping names the other uploads, as
    it names the files of a folder (a person who uploads a folder's files selects it too)."""
    budget = _StoryBudget(story)
    manifest: dict[str, dict[str, str]] = {}
    rest: list[tuple[str, bytes]] = []
    for name, data in files:
        found = parse_manifest(bytes(data)) if _base_name(name) == MANIFEST_NAME else None
        if found is None:
            rest.append((name, data))
        else:
            manifest.update(found)
    if manifest and not {_base_name(name) for name, _ in rest} & set(manifest):
        budget.problems.append(LoadProblem(MANIFEST_NAME, (
            "this manifest names the source, title and date of files, but none of the files "
            "it names was uploaded with it (upload it together with them)")))
    for name, data in rest:
        origin = name or "upload"
        if not budget.skip(origin):
            found_articles, trouble = _load_reported(bytes(data), origin)
            named = [apply_manifest(a, manifest, _base_name(origin)) for a in found_articles]
            budget.add(named, trouble)
    return budget.report()


def _base_name(name: str) -> str:
    """The file name a browser sends, without any folder part some browsers keep."""
    return name.replace("\\", "/").rsplit("/", 1)[-1]


class _StoryBudget:
    """Articles and problems of one load, kept within the story's article and sentence budget."""

    def __init__(self, story: Sequence[Article]) -> None:
        self.articles: list[Article] = []
        self.problems: list[LoadProblem] = []
        self._count = len(story)
        self._sentences = sum(len(split_sentences(article.text)) for article in story)
        self._unread: list[str] = []

    def skip(self, origin: str) -> bool:
        """True (and noted) for a file not worth reading: the story is already full."""
        if self._count < budgets.MAX_STORY_ARTICLES:
            return False
        self._unread.append(origin)
        return True

    def add(self, found: list[Article], problems: list[LoadProblem]) -> None:
        self.problems.extend(problems)
        for article in found:
            if self._count >= budgets.MAX_STORY_ARTICLES:
                self._unread.append(article.origin)
                continue
            adding = len(split_sentences(article.text))
            if reason := story_full_reason(self._count, self._sentences, adding):
                self.problems.append(LoadProblem(article.origin, reason))
                continue
            self.articles.append(article)
            self._count += 1
            self._sentences += adding

    def report(self) -> LoadReport:
        """Everything read; file names shown with control and bidi characters escaped."""
        problems = list(self.problems)
        if self._unread:
            first = self._unread[0] if len(self._unread) == 1 else (
                f"{self._unread[0]} and {len(self._unread) - 1:,} more")
            problems.append(LoadProblem(first, story_full_reason(self._count, 0)))
        articles = [replace(a, origin=visible(a.origin)) if a.origin else a
                    for a in make_unique_ids(self.articles)]
        shown = tuple(LoadProblem(visible(p.name), p.reason) for p in problems)
        return LoadReport(tuple(articles), shown)


Identified = TypeVar("Identified", bound=Any)  # a dataclass with an ``id: str`` field


def make_unique_ids(articles: Sequence[Identified]) -> list[Identified]:
    """Articles (or any dataclass records with an ``id``) with ids made unique by
    appending ``-2``, ``-3``… to repeats.

    The first article with an id keeps it; a new id never takes one that a
    later article already carries, so ids stay stable and predictable.
    """
    original = {article.id for article in articles}
    taken: set[str] = set()
    result: list[Identified] = []
    for article in articles:
        new_id = article.id
        if new_id in taken:
            number = 2
            while f"{article.id}-{number}" in taken or f"{article.id}-{number}" in original:
                number += 1
            new_id = f"{article.id}-{number}"
        taken.add(new_id)
        result.append(article if new_id == article.id else replace(article, id=new_id))
    return result


def _load(data: bytes, name: str) -> tuple[list[Article], list[LoadProblem]]:
    """Articles and per-record problems of one file; whole-file failures raise."""
    try:
        return _read(bytes(data), name)
    except ArticleLoadError as error:
        raise ArticleLoadError(error.reason, name) from None
    except Exception as error:  # a reader bug must not take the whole load down
        raise ArticleLoadError(
            "could not be read because of an unexpected problem inside the file", name
        ) from error


def _read(data: bytes, name: str) -> tuple[list[Article], list[LoadProblem]]:
    check_file_size(len(data))
    kind = _kind(name, data)
    stem = one_line(PurePosixPath(name.replace("\\", "/")).stem) or "article"
    if kind in _BUNDLE_READERS:
        return _bundle_articles(_BUNDLE_READERS[kind](data), stem, name)
    extracted = _ARTICLE_READERS[kind](data)
    if not extracted.text.strip():
        raise ArticleLoadError("the file has no article text")
    check_article_text(extracted.text)
    return [article_from(extracted, stem, name)], []


def _kind(name: str, data: bytes) -> str:
    """Reader for a file: by extension, else by looking at the bytes."""
    suffix = PurePosixPath(name.replace("\\", "/")).suffix.lower()
    if suffix in _KINDS:
        return _KINDS[suffix]
    if suffix in _NOT_ARTICLES:
        raise ArticleLoadError(
            f"this kind of file ({suffix}) is not an article; use {_SUPPORTED_LIST}"
        )
    if suffix in _OTHER_DOCUMENTS:
        raise ArticleLoadError(
            f"{suffix} files are not supported; "
            "save the file as .docx, .pdf, .txt or .csv and try again"
        )
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04") and b"word/" in data:
        return "docx"
    return "html" if looks_like_html(decode_text(data)) else "text"


def _bundle_articles(
    records: list[Record], stem: str, name: str
) -> tuple[list[Article], list[LoadProblem]]:
    articles: list[Article] = []
    problems: list[LoadProblem] = []
    for record in records:
        origin = f"{name}#{record.number}"
        if record.extracted is None:
            problems.append(LoadProblem(origin, record.problem))
            continue
        article_id = record.record_id or f"{stem}-{record.number}"
        articles.append(article_from(record.extracted, article_id, origin))
    if not articles:
        if not records:
            raise ArticleLoadError("the file holds no records")
        first = records[0]
        raise ArticleLoadError(
            f"none of its {len(records)} records could be used "
            f"(record {first.number}: {first.problem})"
        )
    return make_unique_ids(articles), problems


def article_from(extracted: Extracted, article_id: str, origin: str) -> Article:
    """The article a reader's fields make (corpus mode reads records with it too)."""
    return Article(
        id=article_id,
        text=extracted.text.strip(),
        title=extracted.title,
        source=extracted.source or domain_name(extracted.url),
        published=extracted.published,
        url=extracted.url,
        author=extracted.author,
        origin=origin,
    )


def domain_name(url: str | None) -> str:
    """The site of an address ("www.bbc.co.uk/news/x" -> "bbc.co.uk"), or "" for none."""
    if not url:
        return ""
    try:
        host = urlsplit(url if "//" in url else f"//{url}").hostname or ""
    except ValueError:  # e.g. an unbalanced "[" in the address
        return ""
    return host.removeprefix("www.") if "." in host else ""


def _load_reported(data: bytes, origin: str) -> tuple[list[Article], list[LoadProblem]]:
    """Like :func:`_load`, but a whole-file failure becomes a problem."""
    try:
        return _load(data, origin)
    except ArticleLoadError as error:
        return [], [LoadProblem(origin, error.reason)]


def _load_file(path: Path, origin: str) -> tuple[list[Article], list[LoadProblem]]:
    try:
        data = read_capped(path)
    except ArticleLoadError as error:
        return [], [LoadProblem(origin, error.reason)]
    except OSError as error:
        return [], [LoadProblem(origin, _os_reason(error))]
    return _load_reported(data, origin)


def read_capped(path: Path) -> bytes:
    """A regular file's bytes, never more than the budget (a growing file or a device
    such as /dev/zero cannot make this read forever)."""
    if path.is_symlink() and not path.exists():
        raise ArticleLoadError(_broken_link(path))
    if not path.is_file():  # named before opening: a pipe is not even opened
        raise ArticleLoadError(NOT_REGULAR)
    check_file_size(path.stat().st_size)
    data = read_regular(path, budgets.MAX_FILE_BYTES)  # checked again on the open file
    check_file_size(len(data))
    return data


def _expand(path: Path, name: str, problems: list[LoadProblem]) -> list[tuple[str, Path]]:
    """(origin, file) pairs for one given path; trouble is added to ``problems``, so one bad
    path (a name the system refuses as too long, say) never stops the others."""
    name = _shortened(name)
    try:
        if path.is_symlink() and not path.exists():
            problems.append(LoadProblem(name, _broken_link(path)))
            return []
        if path.is_dir():
            files = _folder_files(path, name, problems)
            if not files:
                problems.append(LoadProblem(name, "this folder has no article files"))
            return files
        if path.exists():
            return [(path.name or name, path)]
    except (OSError, ValueError) as error:
        problems.append(LoadProblem(name, _os_reason(error)))
        return []
    problems.append(LoadProblem(name, "no such file or folder"))
    return []


def _folder_files(
    folder: Path, name: str, problems: list[LoadProblem]
) -> list[tuple[str, Path]]:
    """Visible files under ``folder`` worth trying, as (relative path, path), sorted."""

    def unreadable(error: OSError) -> None:
        where = os.fspath(error.filename or folder)
        relative = name if where == os.fspath(folder) else os.path.relpath(where, folder)
        problems.append(LoadProblem(Path(relative).as_posix(), _os_reason(error)))

    found: list[tuple[str, Path]] = []
    for directory, subfolders, files in os.walk(folder, onerror=unreadable):
        subfolders[:] = [sub for sub in subfolders if not sub.startswith(".")]
        for file_name in files:
            if _skip_silently(file_name):
                continue
            path = Path(directory, file_name)
            found.append((path.relative_to(folder).as_posix(), path))
    return sorted(found, key=lambda item: item[0])


def _skip_silently(file_name: str) -> bool:
    lowered = file_name.lower()
    return (
        file_name.startswith((".", "~$"))
        or lowered in _JUNK_NAMES
        or PurePosixPath(lowered).suffix in _NOT_ARTICLES
    )


def _broken_link(path: Path) -> str:
    try:
        path.resolve(strict=True)
    except RuntimeError:  # Python 3.11 reports a loop this way
        return "this link points to itself (a symlink loop), so there is nothing to read"
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "this link points to itself (a symlink loop), so there is nothing to read"
    return "this link points to a file or folder that does not exist"


_SHOWN_NAME = 200  # characters of a path shown in a message; longer ones are cut


def _shortened(name: str) -> str:
    """A path short enough to read in one message line: its start and its end.

    >>> len(_shortened("/a" * 2500)), _shortened("/tmp/x.txt")
    (181, '/tmp/x.txt')
    """
    return name if len(name) <= _SHOWN_NAME else f"{name[:120]}…{name[-60:]}"


def _os_reason(error: OSError | ValueError) -> str:
    if isinstance(error, PermissionError):
        return "permission denied (this file or folder cannot be read)"
    if isinstance(error, ValueError):
        return "this name is not a valid file name"
    if error.errno == errno.ENAMETOOLONG:
        return "this name is longer than the system allows for a file name or path"
    if error.errno == errno.ELOOP:
        return "this link points to itself (a symlink loop), so there is nothing to read"
    detail = error.strerror or type(error).__name__
    return f"could not be read ({detail.lower()})"
