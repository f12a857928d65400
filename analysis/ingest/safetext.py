"""Names and titles that display as they are stored, and file names that cannot forge lines.

Bidi overrides can make a title read differently from its stored text, zero-width
characters make two names look the same, and a control character in a file name
can recolour a terminal or start a forged line. Metadata (titles, sources, authors,
ids) is stripped of them when loaded; file names, which must stay recognisable,
are shown with those characters spelled out as escapes, the way ``repr`` would.
Joiners (U+200C, U+200D) are kept: Persian, Indic scripts and emoji need them.
"""

from __future__ import annotations

import re
import unicodedata

# Bidi embeddings/overrides/isolates and marks, zero-width space, word joiner and
# invisible operators, the BOM, the Mongolian vowel separator.
INVISIBLE = re.compile(
    "[\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def strip_invisible(text: str) -> str:
    """``text`` without control, bidi-override and zero-width characters.

    >>> strip_invisible("\\u202eevil\\u202c Ne\\u200bws\\x1b[31m")
    'evil News[31m'
    """
    return _CONTROL.sub("", INVISIBLE.sub("", text))


def visible(name: str) -> str:
    """A file name with every control, bidi or zero-width character escaped.

    >>> print(visible("evil\\x1b[31m\\nskipped x.txt"))
    evil\\x1b[31m\\nskipped x.txt
    """
    return "".join(_escaped(char) for char in name)


def _escaped(char: str) -> str:
    if INVISIBLE.match(char) or unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp", "Cs"):
        if char in "\u200c\u200d":
            return char
        return char.encode("unicode_escape", "backslashreplace").decode("ascii")
    return char
