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

# The engine's stems are prefixes of a word's folded lower-case form: two forms of one word
# share their first letters ("rescue", "rescuers"). Two lengths, each fixed by what was
# fitted or checked with it: the matching features (and the pair and coverage models trained
# on them) read 5 letters, the divergence rules 6 (as their figures were measured). One
# length for both means retraining those models or re-measuring the divergence figures.
MATCHING_STEM_LETTERS = 5
DETAIL_STEM_LETTERS = 6
# The project's one word pattern: letters or digits of any script, joined inside a word by
# an apostrophe, hyphen or dot ("Jong-un's", "p.m", "4.4", "Núñez").
WORD_PATTERN = r"[^\W_]+(?:['’\-.][^\W_]+)*"
# Tokens add what details need whole: clock times ("10:30"), digit groups ("1,200") and
# amounts with their currency sign ("$2.5").
TOKEN_PATTERN = (
    r"\d{1,2}:\d{2}(?!\d)|[$€£¥]?\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)|[$€£¥]\d+(?:\.\d+)?|"
    + WORD_PATTERN
)
_WORD = re.compile(WORD_PATTERN)
_TOKEN = re.compile(TOKEN_PATTERN)


def fold(text: str) -> str:
    """Typographic folding: same letters, plain quotes/dashes/spaces.

    >>> fold("Korea’s “Victory Day” — 70\u00a0years")
    'Korea\\'s "Victory Day" - 70 years'
    """
    text = unicodedata.normalize("NFKC", text).translate(_TRANSLATION)
    return _SPACES.sub(" ", text).strip()


def words(text: str) -> list[str]:
    """Lower-cased word tokens of folded text (hyphenated names stay whole).

    Digit groups split here ("1,200" -> "1", "200"): the trained pair and coverage
    models (analysis/matching/features.py) were fitted on these words, so they stay as they are.

    >>> words("Kim Jong-un’s “firm” support: 1,200 troops")
    ['kim', "jong-un's", 'firm', 'support', '1', '200', 'troops']
    """
    return [w.lower() for w in _WORD.findall(fold(text))]


def tokens(text: str) -> list[re.Match[str]]:
    """Word tokens of ``text`` (already folded, or not) with their offsets.

    >>> [m.group() for m in tokens("At 10:30, 1,200 of Núñez’s staff left.")]
    ['At', '10:30', '1,200', 'of', 'Núñez’s', 'staff', 'left']
    """
    return list(_TOKEN.finditer(text))


def match_key(text: str) -> str:
    """Words only, lower case: two sentences with equal keys are verbatim copies.

    >>> match_key("Rain fell — on Tuesday!") == match_key("rain fell, on tuesday")
    True
    """
    return " ".join(words(text))


def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key that puts "article 2" before "article 10" (numbers compare as numbers).

    >>> sorted(["a10", "a2", "A1", "b"], key=natural_key)
    ['A1', 'a2', 'a10', 'b']
    """
    parts = re.split(r"(\d+)", text.casefold())
    key = tuple((1, int(p)) if n % 2 else (0, p) for n, p in enumerate(parts))
    return (*key, (0, text))  # ties (case, leading zeros) in plain order: still total
