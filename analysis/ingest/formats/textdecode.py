"""Bytes to text for files whose encoding nobody wrote down.

Order of evidence: byte-order mark, valid UTF-8, UTF-16 without a mark (every
other byte zero), then charset-normalizer for legacy code pages. Short
Western texts are ambiguous between code pages, so among equally plausible
guesses the one whose accents sit naturally inside words wins, then cp1252
(by far the most common legacy encoding of English and Western news).
"""

from __future__ import annotations

import codecs
import unicodedata

from charset_normalizer import from_bytes

from analysis.ingest.formats.common import ArticleLoadError, clean_text

NOT_TEXT = "this file is not text (it looks binary)"
EMPTY = "the file is empty"
BLANK = "the file contains only whitespace (no text)"

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 11, 27))
_MAX_CONTROL_SHARE = 0.05
_CHAOS_SLACK = 0.02
# Non-letters that legitimately touch letters in Western text.
_NATURAL_MARKS = set("“”‘’„‚«»‹›–—…•·€£¥¢°§¶©®™¿¡\u00a0\u00ad")


def decode_text(data: bytes) -> str:
    """Text of ``data`` with BOM removed, "\\n" newlines and no control characters.

    Raises ArticleLoadError when the bytes are empty or are not text at all.
    """
    if not data:
        raise ArticleLoadError(EMPTY)
    if not data.translate(None, _CONTROL_BYTES).strip():  # nothing but blanks and NULs
        raise ArticleLoadError(BLANK)
    return finish_text(_decode(data))


def finish_text(text: str) -> str:
    """Clean decoded text; refuse it if it is binary noise or has nothing in it."""
    if _weird_share(text) > _MAX_CONTROL_SHARE:
        raise ArticleLoadError(NOT_TEXT)
    text = clean_text(text)
    if not text.strip():
        raise ArticleLoadError(BLANK)
    return text


def _decode(data: bytes) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            body = data[len(bom):]
            if encoding == "utf-8":
                try:
                    return body.decode("utf-8")
                except UnicodeDecodeError:
                    return _decode(body)  # a BOM in front of a legacy encoding
            return body.decode(encoding, errors="replace")
    utf16 = _utf16_without_bom(data)
    if utf16:
        try:
            return data.decode(utf16)
        except UnicodeDecodeError:
            pass
    if _control_share(data) > _MAX_CONTROL_SHARE:
        raise ArticleLoadError(NOT_TEXT)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return _decode_legacy(data)


def _control_share(data: bytes) -> float:
    sample = data[:65536]
    return (len(sample) - len(sample.translate(None, _CONTROL_BYTES))) / max(len(sample), 1)


def _utf16_without_bom(data: bytes) -> str:
    """"utf-16-le"/"utf-16-be" when mostly-ASCII text has a zero in every other byte."""
    sample = data[:4096]
    if len(sample) < 4 or len(data) % 2:
        return ""
    half = len(sample) // 2
    zeros_even = sample[0::2].count(0) / half
    zeros_odd = sample[1::2].count(0) / half
    if zeros_odd > 0.3 and zeros_even < 0.05:
        return "utf-16-le"
    if zeros_even > 0.3 and zeros_odd < 0.05:
        return "utf-16-be"
    return ""


def _weird_share(text: str) -> float:
    """Share of characters no real text contains (controls, unassigned, private use)."""
    sample = text[:65536]
    if not sample:
        return 0.0
    weird = 0
    for char in sample:
        if char in "\n\r\t\f\v\x1b":
            continue
        if char == "\ufffd" or unicodedata.category(char) in ("Cc", "Cn", "Co", "Cs"):
            weird += 1
    return weird / len(sample)


def _decode_legacy(data: bytes) -> str:
    try:
        matches = list(from_bytes(data))
    except Exception as error:  # charset-normalizer is not meant to raise, but be total
        raise ArticleLoadError(NOT_TEXT) from error
    if not matches:
        raise ArticleLoadError(NOT_TEXT)
    least_chaos = min(match.chaos for match in matches)
    plausible = [match for match in matches if match.chaos <= least_chaos + _CHAOS_SLACK]

    def rank(index: int) -> tuple[int, int, int]:
        match = plausible[index]
        western = 0 if "cp1252" in match.could_be_from_charset else 1
        return (_mojibake_signals(str(match)), western, index)

    best = plausible[min(range(len(plausible)), key=rank)]
    if "cp1252" in best.could_be_from_charset:
        return data.decode("cp1252", errors="replace")
    return str(best)


def _mojibake_signals(text: str) -> int:
    """Symbols glued to letters ("powiedzia³") betray a wrong code page."""
    signals = 0
    for index, char in enumerate(text):
        if char.isascii() or char in _NATURAL_MARKS or unicodedata.category(char)[0] in "LM":
            continue
        before = text[index - 1] if index else " "
        after = text[index + 1] if index + 1 < len(text) else " "
        if before.isalpha() or after.isalpha():
            signals += 1
    return signals
