"""Shared pieces of the format readers: the error type, limits and text hygiene.

Text is only made safe and consistent (newlines, control characters, NFC);
its characters are never "prettified", because people read it as published.
"""

from __future__ import annotations

import email.utils
import os
import re
import stat
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from dateutil import parser as date_parser

from analysis.ingest.safetext import strip_invisible
from analysis.results import ArticleMetadata

_NEWLINES = re.compile(r"\r\n?|[\v\f\x85\u2028\u2029]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"\s+")
_SLUG_JUNK = re.compile(r"[^\w.-]+")

# Field names (lower case, "_" for spaces) that mean the same thing in bundles and front matter.
FIELD_SYNONYMS: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "article", "full_text", "fulltext", "maintext"),
    "title": ("title", "headline"),
    "source": ("source", "outlet", "publisher", "site", "sitename", "site_name", "domain"),
    "published": ("published", "date", "published_at", "pubdate", "publish_date",
                  "date_published", "published_date"),
    "url": ("url", "link"),
    "author": ("author", "authors", "byline"),
    "id": ("id",),
}


class ArticleLoadError(Exception):
    """A file (or record) that cannot become an article, said in plain words.

    ``reason`` is the sentence without the file name, so callers can put the
    name elsewhere (a table column, a ``LoadProblem``).
    """

    def __init__(self, reason: str, name: str = "") -> None:
        self.reason = reason
        self.name = name
        super().__init__(f"{name}: {reason}" if name else reason)


NOT_REGULAR = "this is not a regular file (a device, pipe or socket)"
WOULD_WAIT = ("reading this file waits for data that may never come (a device or a special "
              "system file), so it was not read")
_CHUNK = 1024 * 1024


def read_regular(path: str | os.PathLike[str], limit: int) -> bytes:
    """At most ``limit + 1`` bytes of a regular file, never waiting for data.

    Opened without waiting (``O_NONBLOCK``: a pipe opens at once instead of waiting for a
    writer) and checked on the open descriptor (``fstat``), so a file swapped for a pipe
    after a check cannot hold the reader; a file that looks regular but would wait for
    data (``/proc/kmsg``) answers ``EAGAIN`` instead of blocking. Both are refused in words.
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0)
    descriptor = os.open(path, flags)
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise ArticleLoadError(NOT_REGULAR)
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            try:
                chunk = os.read(descriptor, min(_CHUNK, limit + 1 - size))
            except BlockingIOError:
                raise ArticleLoadError(WOULD_WAIT) from None
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks)
    finally:
        os.close(descriptor)


@dataclass(frozen=True)
class Extracted(ArticleMetadata):
    """What one reader found in one article: text plus the metadata an ``Article`` has;
    the loader adds the id and origin."""

    text: str


@dataclass(frozen=True)
class Record:
    """One entry of a bundle: either its article fields or why it was unusable."""

    number: int
    extracted: Extracted | None = None
    record_id: str = ""
    problem: str = ""


def clean_text(text: str) -> str:
    """Same newlines everywhere, no invisible control characters, composed accents."""
    if text.startswith("\ufeff"):
        text = text[1:]
    text = _NEWLINES.sub("\n", text)
    text = _CONTROL.sub("", text)
    return unicodedata.normalize("NFC", text)


def one_line(value: str) -> str:
    """Metadata on one line: whitespace collapsed, bidi/zero-width characters dropped
    (so a title displays as it is stored), every other character kept."""
    return _SPACES.sub(" ", strip_invisible(clean_text(value))).strip()


def slug(value: str) -> str:
    """An id-safe form of a record's own id ("" when nothing usable is left)."""
    return _SLUG_JUNK.sub("-", one_line(value)).strip("-.")[:80]


def as_text(value: object, joiner: str = ", ") -> str:
    """A JSON/CSV value as text: lists are joined, ``{"name": ...}`` objects named."""
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, Mapping):
        for key in ("name", "title", "text", "value"):
            if isinstance(value.get(key), str):
                return value[key]
        return ""
    if isinstance(value, list | tuple):
        return joiner.join(part for item in value if (part := as_text(item, joiner).strip()))
    return ""


def normalise_keys(mapping: Mapping[Any, object]) -> dict[str, object]:
    """Keys compared case-insensitively, with spaces and dashes read as "_"."""
    result: dict[str, object] = {}
    for key, value in mapping.items():
        name = re.sub(r"[\s-]+", "_", str(key).strip().lower())
        result.setdefault(name, value)
    return result


def pick(fields: Mapping[str, object], name: str, joiner: str = ", ") -> str:
    """First non-empty value among the synonyms of ``name`` (keys already normalised)."""
    for key in FIELD_SYNONYMS[name]:
        text = as_text(fields.get(key), joiner)
        if text.strip():
            return text
    return ""


def normalise_date(raw: str) -> str | None:
    """ISO form of a date when it can be read for sure; otherwise the raw text.

    A date is only rewritten when day, month and year are all present, so
    "2023" or "July" are kept as written instead of being completed with today.
    """
    raw = one_line(raw)
    if not raw:
        return None
    parsed = parse_date(raw)
    if parsed is None:
        return raw
    if (parsed.hour, parsed.minute, parsed.second, parsed.microsecond) == (0, 0, 0, 0):
        return parsed.date().isoformat()
    return parsed.isoformat()


def parse_date(raw: str, *, fuzzy: bool = False) -> datetime | None:
    """The date (with its time, when given) that ``raw`` states in full, or None.

    The one date reader of the engine: metadata fields and the timestamp lines cleaning
    removes. ISO 8601 and e-mail dates are read as they are; anything else by dateutil,
    which completes a missing day, month or year from a default date, so it reads the
    text twice with two defaults and keeps only a date both readings agree on ("July" or
    "10:45 am" alone are no date). ``fuzzy`` skips the words around the date
    ("Published: 27 July 2023, 10:15").

    >>> parse_date("2023-07-27T10:15:00").isoformat()
    '2023-07-27T10:15:00'
    >>> parse_date("Updated 27 July 2023, 10:15 am", fuzzy=True).isoformat()
    '2023-07-27T10:15:00'
    >>> parse_date("Updated 10:15 am", fuzzy=True) is None
    True
    """
    try:
        return datetime.fromisoformat(raw)
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError):
        pass
    try:
        first = date_parser.parse(raw, default=datetime(2000, 1, 1), ignoretz=True, fuzzy=fuzzy)
        second = date_parser.parse(raw, default=datetime(2001, 2, 2), ignoretz=True,
                                   fuzzy=fuzzy)
    except Exception:  # dateutil raises several types (ParserError, OverflowError...)
        return None
    return first if first.date() == second.date() else None
