"""PDF articles: text of every page, re-flowed from printed lines into paragraphs.

PDF text comes out one printed line at a time. Downstream each line is a
sentence boundary, so lines of one paragraph are joined (and words hyphenated
across a line break are re-joined); a line clearly shorter than the column
width, or a blank line, ends a paragraph.
"""

from __future__ import annotations

import io
import logging
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pypdf is imported on the first PDF: the dashboard opens without it
    from pypdf import PageObject, PdfReader

from analysis.ingest.budgets import MAX_ARTICLE_CHARS, MAX_PDF_PAGES
from analysis.ingest.formats.common import ArticleLoadError, Extracted, clean_text, one_line

# pypdf reports recoverable damage as log warnings, which Python prints raw on stderr when
# nothing handles them. People get ArticleLoadError messages instead; an app that configures
# logging still receives the records, since they propagate to the root logger as before.
logging.getLogger("pypdf").addHandler(logging.NullHandler())

NO_TEXT = "this PDF has no extractable text (it may be a scanned image)"
_SENTENCE_END = tuple(".!?:\"”’»)")
_SHORT = 0.6  # of the typical line width: certainly the last line of a paragraph
_SHORTISH = 0.85  # ...and this short after a full stop: probably the last line


def parse_pdf(data: bytes) -> Extracted:
    """Text and metadata of a PDF; clear errors for damaged, locked or image-only files."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
    except Exception as error:  # pypdf raises many types on damaged files
        raise ArticleLoadError("this PDF is damaged and cannot be opened") from error
    _unlock(reader)
    _check_declared_pages(reader)
    pages: list[str] = []
    characters = 0
    for page in _pages(reader):
        try:
            found = page.extract_text() or ""
        except Exception:  # one broken page should not lose the others
            continue
        pages.append(found)
        characters += len(found) + 1
        if characters > MAX_ARTICLE_CHARS:  # stop reading: pages may repeat one big stream
            raise ArticleLoadError(
                f"the article is too long (more than {MAX_ARTICLE_CHARS:,} characters in its "
                f"first {len(pages):,} pages; the limit is {MAX_ARTICLE_CHARS:,} characters "
                "per article)")
    text = reflow(clean_text("\n".join(pages)))
    if not text.strip():
        raise ArticleLoadError(NO_TEXT)
    title, author = _metadata(reader)
    return Extracted(text=text, title=title, author=author or None)


def _unlock(reader: PdfReader) -> None:
    try:
        if not reader.is_encrypted:
            return
        unlocked = reader.decrypt("")
    except Exception as error:  # e.g. an encryption method pypdf cannot handle here
        raise ArticleLoadError("this PDF is encrypted and cannot be opened") from error
    if not unlocked:
        raise ArticleLoadError("this PDF is password-protected; save an unlocked copy first")


def _check_declared_pages(reader: PdfReader) -> None:
    """Refuse a PDF whose page tree declares more pages than an article has, before the
    tree is walked (walking 100,000 pages took 49 s and 700 MB)."""
    try:
        trailer: Any = reader.trailer  # pypdf types the nested lookups as PdfObject
        declared = int(trailer["/Root"]["/Pages"]["/Count"])
    except Exception:  # no usable count: the walk below is bounded all the same
        return
    if declared > MAX_PDF_PAGES:
        raise ArticleLoadError(_too_many_pages(declared))


def _pages(reader: PdfReader) -> list[PageObject]:
    try:
        pages = reader.pages
        found: list[PageObject] = []
        for page in pages:
            found.append(page)
            if len(found) > MAX_PDF_PAGES:
                raise ArticleLoadError(_too_many_pages(len(pages)))
        return found
    except ArticleLoadError:
        raise
    except Exception as error:  # a broken page tree
        raise ArticleLoadError("this PDF is damaged and its pages cannot be read") from error


def _too_many_pages(pages: int) -> str:
    return (f"this PDF has {pages:,} pages; the limit is {MAX_PDF_PAGES:,} pages per article "
            "(split the file, or save the article's pages only)")


def _metadata(reader: PdfReader) -> tuple[str, str]:
    try:
        info = reader.metadata
        if info is None:
            return "", ""
        return one_line(str(info.title or "")), one_line(str(info.author or ""))
    except Exception:  # metadata is optional; never fail the article for it
        return "", ""


def reflow(text: str) -> str:
    """Join printed lines into paragraphs, one paragraph per line, blank line between."""
    lines = [line.strip() for line in text.split("\n")]
    width = _typical_width([len(line) for line in lines if line])
    paragraphs: list[str] = []
    current = ""
    for line in lines:
        if not line:
            paragraphs.append(current)
            current = ""
            continue
        current = _join(current, line)
        short = len(line) < _SHORT * width
        if short or (line.endswith(_SENTENCE_END) and len(line) < _SHORTISH * width):
            paragraphs.append(current)
            current = ""
    paragraphs.append(current)
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)


def _join(current: str, line: str) -> str:
    if not current:
        return line
    if current.endswith("-") and len(current) > 1 and current[-2].isalpha() and line[0].islower():
        return current[:-1] + line
    return f"{current} {line}"


def _typical_width(lengths: list[int]) -> float:
    """Column width: most lines of running text are full, so a high percentile."""
    if not lengths:
        return 0.0
    ordered = sorted(lengths)
    if len(ordered) < 4:
        return float(ordered[-1])
    return float(ordered[int(0.75 * (len(ordered) - 1))])
