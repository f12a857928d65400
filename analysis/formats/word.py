"""Word ``.docx`` articles: body paragraphs, title and author from document properties."""

from __future__ import annotations

import io
import zipfile

import docx
from docx.document import Document as WordDocument

from analysis.formats.common import ArticleLoadError, Extracted, clean_text, one_line

DAMAGED = "this Word file is damaged or is not a .docx file"
_MAX_UNPACKED = 200 * 1024 * 1024
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def parse_docx(data: bytes) -> Extracted:
    """Paragraph text joined by newlines; clear errors for old or damaged files."""
    if data.startswith(_OLE_MAGIC):
        raise ArticleLoadError("this is an old Word .doc file; save it as .docx and try again")
    _check_unpacked_size(data)
    try:
        document = docx.Document(io.BytesIO(data))
        paragraphs = [paragraph.text for paragraph in document.paragraphs]
    except Exception as error:  # python-docx/lxml/zipfile raise many types
        raise ArticleLoadError(DAMAGED) from error
    title, author = _properties(document)
    text = clean_text("\n".join(paragraphs)).strip()
    return Extracted(text=text, title=title, author=author or None)


def _check_unpacked_size(data: bytes) -> None:
    """A small .docx can unpack to gigabytes; look before python-docx reads it."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except Exception as error:  # not a zip at all
        raise ArticleLoadError(DAMAGED) from error
    if unpacked > _MAX_UNPACKED:
        raise ArticleLoadError("this Word file is too large once unpacked")


def _properties(document: WordDocument) -> tuple[str, str]:
    try:
        properties = document.core_properties
        return one_line(properties.title or ""), one_line(properties.author or "")
    except Exception:  # properties are optional; never fail the article for them
        return "", ""
