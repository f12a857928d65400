"""Plain text and Markdown, with optional ``---`` front matter for metadata.

Markdown markup is removed lightly so sentences read as prose; lines wrapped
inside one paragraph are joined, because downstream every line is a sentence
boundary and a hard-wrapped paragraph would otherwise be cut mid-sentence.
"""

from __future__ import annotations

import re

from analysis.ingest.formats.common import Extracted, normalise_date, normalise_keys, one_line, pick

_FRONT = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_KEY_LINE = re.compile(r"^([A-Za-z_][\w.-]{0,40})[ \t]*:(?:[ \t]+(.*)|[ \t]*)$")
_LIST_LINE = re.compile(r"^[ \t]+-?[ \t]*(\S.*)$")
_MAX_FRONT_LINES = 60

_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"^#{1,6}(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_RULE = re.compile(r"^(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,}|=+)$")
_REF_DEF = re.compile(r"^\[[^\]]+\]:[ \t]*\S+")
_BULLET = re.compile(r"^(?:[-*+]|\d{1,9}[.)])[ \t]+")
_TABLE_RULE = re.compile(r"^\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?$")
_QUOTE = re.compile(r"^(?:>[ \t]?)+")

# Every inline span is bounded (INLINE_CHARS, URL_CHARS): an unclosed "*a" or "[" repeated
# through a paragraph made each opener scan to its end, quadratic in the paragraph (78 KB
# took 40 s; issue 36). Emphasis or a link longer than that keeps its marks as text.
INLINE_CHARS = 500
URL_CHARS = 2000
_IMAGE = re.compile(r"[ \t]*!\[[^\]]{0,500}\](?:\([^)]{0,2000}\)|\[[^\]]{0,500}\])")
_LINK = re.compile(
    r"(?<!\\)\[([^\]]{0,500})\](?:\((?:[^()]|\([^)]{0,2000}\)){0,2000}\)|\[[^\]]{0,500}\])")
_AUTOLINK = re.compile(r"<((?:https?://|mailto:)[^>\s]{1,2000})>")
_CODE = re.compile(r"(?<!\\)(`+)(.{1,500}?)\1")
_EMPHASIS = re.compile(
    r"(?<![\\\w*])(\*{1,3}|_{1,3})(?=\S)(.{1,500}?)(?<=[^\s\\])\1(?![\w*])")
_STRIKE = re.compile(r"~~(?=\S)(.{1,500}?)(?<=\S)~~")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>~|<])")


def parse_text(text: str) -> Extracted:
    """A ``.txt`` article: front matter (if any) becomes metadata, the rest stays as is."""
    fields, body = split_front_matter(text)
    return _with_fields(body.strip(), fields)


def parse_markdown(text: str) -> Extracted:
    """A ``.md`` article: front matter, then markup stripped to plain paragraphs."""
    fields, body = split_front_matter(text)
    return _with_fields(markdown_to_text(body), fields)


def _with_fields(text: str, fields: dict[str, object]) -> Extracted:
    published = pick(fields, "published")
    return Extracted(
        text=text,
        title=one_line(pick(fields, "title")),
        source=one_line(pick(fields, "source")),
        published=normalise_date(published) if published else None,
        url=one_line(pick(fields, "url")) or None,
        author=one_line(pick(fields, "author")) or None,
    )


def split_front_matter(text: str) -> tuple[dict[str, object], str]:
    """``key: value`` lines between leading ``---`` lines, and the text after them.

    A block with lines that are not ``key: value`` (a text that merely starts
    with a horizontal rule) is left in the text.
    """
    match = _FRONT.match(text)
    if not match:
        return {}, text
    lines = match.group(1).split("\n")
    if len(lines) > _MAX_FRONT_LINES:
        return {}, text
    fields = _front_fields(lines)
    if fields is None:
        return {}, text
    return normalise_keys(fields), text[match.end():]


def _front_fields(lines: list[str]) -> dict[str, object] | None:
    fields: dict[str, object] = {}
    key = ""
    for line in lines:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if (item := _LIST_LINE.match(line)) and key:
            previous = fields.get(key)
            items = previous if isinstance(previous, list) else []
            fields[key] = [*items, _unquote(item.group(1))]
            continue
        pair = _KEY_LINE.match(line)
        if not pair:
            return None
        key = pair.group(1)
        fields[key] = _value(pair.group(2) or "")
    return fields if fields else None


def _value(raw: str) -> object:
    raw = raw.strip()
    if raw.startswith("[") and raw.endswith("]"):
        return [_unquote(part) for part in raw[1:-1].split(",") if part.strip()]
    return _unquote(raw)


def _unquote(raw: str) -> str:
    raw = raw.strip()
    if len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "\"'":
        return raw[1:-1]
    return raw


def markdown_to_text(markdown: str) -> str:
    """Plain text of Markdown: one paragraph per line, blank lines between blocks."""
    out: list[str] = []
    paragraph: list[str] = []
    fence = ""

    def flush() -> None:
        if paragraph:
            out.append(inline_to_text(" ".join(paragraph)))
            paragraph.clear()

    for line in markdown.split("\n"):
        marker = _FENCE.match(line)
        if fence:
            if marker and marker.group(1)[0] == fence[0] and len(marker.group(1)) >= len(fence):
                fence = ""
            else:
                out.append(line)
            continue
        if marker:
            flush()
            fence = marker.group(1)
            continue
        block = _block_line(line)
        if block is None:
            paragraph.append(_QUOTE.sub("", line.strip()).strip())
            if line.endswith(("  ", "\\")):
                flush()
            continue
        flush()
        if block:
            out.append(inline_to_text(block) if block != "\n" else "")
    flush()
    return _tidy_blank_lines(out)


def _block_line(line: str) -> str | None:
    """None for paragraph text, "" for lines to drop, "\\n" for a blank line, else its text."""
    stripped = _QUOTE.sub("", line.strip()).strip()
    if not stripped:
        return "\n"
    if _RULE.match(stripped) or _REF_DEF.match(stripped) or _TABLE_RULE.match(stripped):
        return ""
    if heading := _HEADING.match(stripped):
        return heading.group(1) or ""
    if _BULLET.match(stripped):
        return stripped if re.match(r"\d", stripped) else _BULLET.sub("", stripped)
    if stripped.startswith("|"):
        return " ".join(cell.strip() for cell in stripped.strip("|").split("|"))
    return None


# A paragraph with more marks than this is no prose (a real paragraph has a handful): its
# marks are removed in one linear pass instead of being paired by the bounded patterns,
# which still cost seconds on a megabyte of "*a *a *a".
MAX_INLINE_MARKS = 1000
_MARKS = re.compile(r"(?<!\\)(?:[*_]{1,3}|~~|`+)")


def inline_to_text(text: str) -> str:
    """Inline Markdown to text: images dropped, links to their words, emphasis unmarked."""
    if sum(text.count(mark) for mark in "*_~`[") > MAX_INLINE_MARKS:
        return _ESCAPE.sub(r"\1", _MARKS.sub("", text)).strip()
    text = _IMAGE.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _CODE.sub(lambda match: match.group(2).strip(), text)
    for _ in range(2):  # nested emphasis such as ***bold italic*** or **_both_**
        text = _EMPHASIS.sub(r"\2", text)
    text = _STRIKE.sub(r"\1", text)
    return _ESCAPE.sub(r"\1", text).strip()


def _tidy_blank_lines(lines: list[str]) -> str:
    result: list[str] = []
    for line in lines:
        if line.strip() or (result and result[-1].strip()):
            result.append(line if line.strip() else "")
    return "\n".join(result).strip()
