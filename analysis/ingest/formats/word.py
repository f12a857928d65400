"""Word ``.docx`` articles: body paragraphs, title and author from document properties.

The document part is streamed out of the zip and parsed paragraph by paragraph, so
a small file that unpacks to hundreds of megabytes (a "zip bomb") or to millions of
tiny paragraphs is refused after reading only what the budgets allow. Word never
writes a DOCTYPE, so a document declaring entities (the "billion laughs" attack) is
refused before parsing, and entities are never expanded or fetched anyway.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import IO

from lxml import etree

from analysis.ingest.budgets import (
    MAX_ARTICLE_CHARS,
    MAX_BOMB_RATIO,
    MAX_PARAGRAPHS,
    MAX_UNPACKED_BYTES,
    megabytes,
    too_many_paragraphs,
)
from analysis.ingest.formats.common import ArticleLoadError, Extracted, clean_text, one_line

DAMAGED = "this Word file is damaged or is not a .docx file"
ENTITIES = ("this Word file declares XML entities, which Word never writes (it looks like a "
            "'billion laughs' attack); it was not read")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_BODY, _P, _R, _LINK = f"{_W}body", f"{_W}p", f"{_W}r", f"{_W}hyperlink"
_RUN_TEXT = {f"{_W}tab": "\t", f"{_W}ptab": "\t", f"{_W}br": "\n", f"{_W}cr": "\n",
             f"{_W}noBreakHyphen": "-"}
_DOCUMENT = "word/document.xml"
_CORE = "docProps/core.xml"
_MAX_CORE_BYTES = 1024 * 1024
_PROLOG_BYTES = 64 * 1024
_MAX_ALL_PARAGRAPHS = 5 * MAX_PARAGRAPHS


def parse_docx(data: bytes) -> Extracted:
    """Paragraph text joined by newlines; clear errors for old, damaged or hostile files."""
    if data.startswith(_OLE_MAGIC):
        raise ArticleLoadError("this is an old Word .doc file; save it as .docx and try again")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        info = archive.getinfo(_DOCUMENT)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise ArticleLoadError(DAMAGED) from error
    with archive:
        _check_declared_size(info, len(data))
        paragraphs = _paragraphs(archive, info, len(data))
        title, author = _properties(archive)
    text = clean_text("\n".join(paragraphs)).strip()
    return Extracted(text=text, title=title, author=author or None)


def _check_declared_size(info: zipfile.ZipInfo, size: int) -> None:
    if info.file_size > MAX_UNPACKED_BYTES:
        raise _too_big(info.file_size, size)


def _too_big(unpacked: int, size: int) -> ArticleLoadError:
    if unpacked > MAX_BOMB_RATIO * max(size, 1):
        return ArticleLoadError(
            f"this Word file is a 'zip bomb': it is {megabytes(size)} but would unpack to "
            f"{megabytes(unpacked)} or more; it was not read")
    return ArticleLoadError(
        f"this Word file is too large once unpacked (over {megabytes(MAX_UNPACKED_BYTES)} of "
        f"document text; the limit is {megabytes(MAX_UNPACKED_BYTES)})")


def _paragraphs(archive: zipfile.ZipFile, info: zipfile.ZipInfo, size: int) -> list[str]:
    """Body paragraphs, read as they are unpacked, within the paragraph and text budgets."""
    paragraphs: list[str] = []
    characters = 0
    try:
        with archive.open(info) as stream:
            head = stream.read(_PROLOG_BYTES)
            if b"<!DOCTYPE" in head.upper():
                raise ArticleLoadError(ENTITIES)
            counted = _Counted(head, stream, size)
            for paragraph in _body_paragraphs(counted):
                paragraphs.append(paragraph)
                characters += len(paragraph) + 1
                if len(paragraphs) > MAX_PARAGRAPHS:
                    raise ArticleLoadError(too_many_paragraphs(f"more than {MAX_PARAGRAPHS:,}"))
                if characters > MAX_ARTICLE_CHARS:
                    raise ArticleLoadError(
                        f"the article is too long (more than {MAX_ARTICLE_CHARS:,} characters; "
                        f"the limit is {MAX_ARTICLE_CHARS:,} characters per article)")
    except ArticleLoadError:
        raise
    except etree.XMLSyntaxError as error:
        if "huge" in str(error).lower():  # libxml2 refuses text nodes over 10 MB
            raise ArticleLoadError(
                f"the article is too long (one paragraph holds over 10 MB of text; the limit "
                f"is {MAX_ARTICLE_CHARS:,} characters per article)") from error
        raise ArticleLoadError(DAMAGED) from error
    except Exception as error:  # zlib/zipfile (bad CRC, truncated) and lxml raise many types
        raise ArticleLoadError(DAMAGED) from error
    return paragraphs


def _body_paragraphs(stream: IO[bytes] | io.RawIOBase) -> Iterator[str]:
    """Text of each top-level paragraph (as python-docx's ``document.paragraphs``)."""
    events = etree.iterparse(stream, events=("end",), tag=_P, resolve_entities=False,
                             no_network=True, load_dtd=False, huge_tree=False)
    for seen, (_, element) in enumerate(events, start=1):
        if seen > _MAX_ALL_PARAGRAPHS:  # tables and text boxes count while they are parsed
            raise ArticleLoadError(
                f"this Word file has more than {_MAX_ALL_PARAGRAPHS:,} paragraphs counting "
                "tables and text boxes, the most a file may hold")
        parent = element.getparent()
        if parent is None or parent.tag != _BODY:
            element.clear()  # a table cell's or text box's paragraph: never read, so dropped
            continue
        yield _paragraph_text(element)
        element.clear()
        while element.getprevious() is not None:  # keep memory flat: drop what was read
            del parent[0]


def _paragraph_text(paragraph: etree._Element) -> str:
    parts: list[str] = []
    for child in paragraph.iterchildren(_R, _LINK):
        runs = [child] if child.tag == _R else child.iterchildren(_R)
        for run in runs:
            for piece in run:
                if piece.tag == f"{_W}t":
                    parts.append(piece.text or "")
                elif piece.tag in _RUN_TEXT:
                    parts.append(_RUN_TEXT[piece.tag])
    return "".join(parts)


class _Counted(io.RawIOBase):
    """``head`` then the rest of ``stream``, refused once past the unpacked budget."""

    def __init__(self, head: bytes, stream: IO[bytes], packed_size: int) -> None:
        self._head = head
        self._stream = stream
        self._packed_size = packed_size
        self._count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        wanted = len(buffer)
        if self._head:
            data, self._head = self._head[:wanted], self._head[wanted:]
        else:
            data = self._stream.read(wanted)
        self._count += len(data)
        if self._count > MAX_UNPACKED_BYTES:
            raise _too_big(self._count, self._packed_size)
        buffer[: len(data)] = data
        return len(data)


def _properties(archive: zipfile.ZipFile) -> tuple[str, str]:
    """Title and author from ``docProps/core.xml`` (optional; never fails the article)."""
    try:
        info = archive.getinfo(_CORE)
        if info.file_size > _MAX_CORE_BYTES:
            return "", ""
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
        root = etree.fromstring(archive.read(info), parser)
    except Exception:  # missing, damaged or hostile properties: the text still counts
        return "", ""
    title = root.findtext("{http://purl.org/dc/elements/1.1/}title") or ""
    author = root.findtext("{http://purl.org/dc/elements/1.1/}creator") or ""
    return one_line(title), one_line(author)
