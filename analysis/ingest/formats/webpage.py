"""Web pages: main article text and metadata via trafilatura, plain text only.

trafilatura drops navigation, comments and other page furniture. When it
finds nothing, or when it simply took the whole page (its last resort splits
inline tags onto separate lines), visible text is collected here instead with
block-level line breaks. Either way the result is text: script, style and
attributes never reach it, so hostile markup cannot come back out as markup.
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree, html

from analysis.ingest.formats.common import (
    ArticleLoadError,
    Extracted,
    clean_text,
    normalise_date,
    one_line,
)
from analysis.ingest.formats.textdecode import decode_text, finish_text

_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_WHATWG_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
                   "us-ascii": "cp1252", "ascii": "cp1252"}
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
_SQUASH = re.compile(r"\s+")
_FRAGMENT_START = re.compile(r"^[a-z.,;:!?)\]]")
_DROP_TAGS = ("script", "style", "noscript", "template", "head", "svg", "math", "iframe",
              "object", "embed", "canvas", "select", "textarea", "button")
_BLOCK_TAGS = frozenset(
    "address article aside blockquote body caption center dd details dialog div dl dt "
    "fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr html legend li main "
    "nav ol p pre section summary table tbody td tfoot th thead tr ul".split()
)
TOO_DEEP = ("this web page's tags are nested more than 256 levels deep, too deep to read, "
            "so no article text was found")
_LOOKS_HTML = re.compile(r"<(?:!doctype\s+html|html|head|body|p|div|article|br|span|a\s)\b", re.I)


def looks_like_html(text: str) -> bool:
    """True for text that starts like a web page or markup fragment."""
    return bool(_LOOKS_HTML.search(text[:4096]))


def decode_html(data: bytes) -> str:
    """Decode with the page's declared charset when it is right, else guess like text."""
    declared = _META_CHARSET.search(data[:4096])
    if declared and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        name = declared.group(1).decode("ascii", "replace").lower()
        try:
            decoded = data.decode(_WHATWG_ALIASES.get(name, name))
        except (LookupError, UnicodeError):
            pass
        else:
            return finish_text(decoded)
    return decode_text(data)


def parse_html(markup: str) -> Extracted:
    """Article text, title, author, date, site name and URL of a page (or fragment)."""
    markup = _XML_DECLARATION.sub("", clean_text(markup))
    document = _trafilatura(markup)
    fallback, page_title = visible_text(markup)
    text = clean_text(document.get("text") or "").strip() if document else ""
    text = _best_text(text, fallback)
    if not text.strip() and _too_deep(markup):
        raise ArticleLoadError(TOO_DEEP)
    if document is None:
        document = _metadata_only(markup)
    date = document.get("date") or ""
    return Extracted(
        text=text,
        title=one_line(document.get("title") or page_title),
        source=one_line(document.get("sitename") or ""),
        published=normalise_date(date) if date else None,
        url=one_line(document.get("url") or "") or None,
        author=one_line(document.get("author") or "") or None,
    )


def _too_deep(markup: str) -> bool:
    """True when the parser gave up on tags nested past its depth limit (256)."""
    parser = html.HTMLParser()
    try:
        html.document_fromstring(markup, parser=parser)
    except Exception:  # unparsable: not a depth problem
        return False
    return any("Excessive depth" in entry.message for entry in parser.error_log)


def _best_text(extracted: str, fallback: str) -> str:
    """trafilatura's choice of text, with the fallback's line breaks when it is fragmented."""
    squashed = _SQUASH.sub("", extracted)
    if not squashed or squashed == _SQUASH.sub("", fallback):
        return fallback
    lines = extracted.split("\n")
    fragments = sum(1 for line in lines if _FRAGMENT_START.match(line))
    if len(lines) < 3 or fragments < 0.2 * len(lines):
        return extracted
    kept = [line for line in fallback.split("\n") if _SQUASH.sub("", line) in squashed]
    return "\n".join(kept) if len(_SQUASH.sub("", "".join(kept))) >= len(squashed) else extracted


def _trafilatura(markup: str) -> dict[str, Any] | None:
    import trafilatura  # on the first web page: the dashboard opens without it

    try:
        document = trafilatura.bare_extraction(
            markup, with_metadata=True, include_comments=False, include_tables=True
        )
    except Exception:  # any parsing trouble inside trafilatura: use the fallback
        return None
    if document is None:
        return None
    return document if isinstance(document, dict) else document.as_dict()


def _metadata_only(markup: str) -> dict[str, Any]:
    import trafilatura

    try:
        document = trafilatura.extract_metadata(markup)
    except Exception:  # metadata is optional; never fail the article for it
        return {}
    return document.as_dict() if document is not None else {}


def visible_text(markup: str) -> tuple[str, str]:
    """(visible text with one block per line, <title> text); ("", "") if unparsable."""
    try:
        root = html.document_fromstring(markup)
    except Exception:  # lxml raises ParserError/ValueError on empty or odd input
        return "", ""
    title = one_line(root.findtext(".//title") or "")
    etree.strip_elements(root, *_DROP_TAGS, etree.Comment, etree.ProcessingInstruction,
                         with_tail=False)
    parts: list[str] = []
    for event, element in etree.iterwalk(root, events=("start", "end")):
        block = isinstance(element.tag, str) and element.tag.lower() in _BLOCK_TAGS
        if event == "start":
            if block or element.tag == "br":
                parts.append("\n")
            parts.append(element.text or "")
        else:
            if block:
                parts.append("\n")
            if element is not root:
                parts.append(element.tail or "")
    lines = (_HTML_SPACE.sub(" ", line).strip() for line in "".join(parts).split("\n"))
    return clean_text("\n".join(line for line in lines if line)), title
