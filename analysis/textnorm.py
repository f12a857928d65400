"""Unicode folding used only for matching, never for what people read.

Sources differ in typography (curly vs straight quotes, en dashes vs hyphens,
non-breaking spaces); those differences must not count as wording changes.
"""

from __future__ import annotations

import re
import unicodedata

_TRANSLATION = str.maketrans(
    {
        **dict.fromkeys("‘’‚‛′`´", "'"),
        **dict.fromkeys("“”„‟″«»", '"'),
        **dict.fromkeys("‐‑‒–—―−", "-"),
        **dict.fromkeys("\u00a0\u2007\u202f\u2009\u200a\u2002\u2003\u3000", " "),
        **dict.fromkeys("\u200b\u200c\u200d\u2060\ufeff\u00ad", ""),
        "…": "...",
    }
)
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"[^\W_]+(?:['\-.][^\W_]+)*", re.UNICODE)


def fold(text: str) -> str:
    """Typographic folding: same letters, plain quotes/dashes/spaces.

    >>> fold("Korea’s “Victory Day” — 70\u00a0years")
    'Korea\\'s "Victory Day" - 70 years'
    """
    text = unicodedata.normalize("NFKC", text).translate(_TRANSLATION)
    return _SPACES.sub(" ", text).strip()


def words(text: str) -> list[str]:
    """Lower-cased word tokens of folded text (hyphenated names stay whole)."""
    return [w.lower() for w in _WORD.findall(fold(text))]


def match_key(text: str) -> str:
    """Words only, lower case: two sentences with equal keys are verbatim copies."""
    return " ".join(words(text))
