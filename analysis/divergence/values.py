"""A number as a sentence gives it: a range, so that two wordings conflict only when they
cannot both be true.

"More than 50" and "sixty", "about 120" and "more than 100", "dozens" and "60", "at least
12" and "fifteen" can all be true together: the narrower one refines the other, and the
divergence finder does not report it. "Twelve" and "fifteen", "a dozen" and "14", "about
300" and "500" cannot. Numbers are read by the tokenizer (``number-parser`` for words);
this module adds only the qualifier in front and the spread of vague quantities.
"""

from __future__ import annotations

import math
import re

from analysis.divergence.tokens import number_value, tokenize
from analysis.text.textnorm import fold

# Quantity qualifiers of English (Quirk et al., "A Comprehensive Grammar of the English
# Language", 7.35-7.36 on approximators; Associated Press Stylebook, "more than, over"):
# each opens or closes the range at the number. Longest phrases first.
_BOUNDS: tuple[tuple[str, str], ...] = (
    ("no fewer than", "at least"), ("no less than", "at least"), ("at least", "at least"),
    ("upwards of", "above"), ("more than", "above"), ("over", "above"), ("above", "above"),
    ("in excess of", "above"),
    ("no more than", "at most"), ("at most", "at most"), ("up to", "at most"),
    ("fewer than", "below"), ("less than", "below"), ("under", "below"), ("below", "below"),
    ("just under", "nearly"), ("nearly", "nearly"), ("almost", "nearly"),
    ("close to", "about"), ("about", "about"), ("around", "about"), ("roughly", "about"),
    ("approximately", "about"), ("some", "about"), ("an estimated", "about"),
    ("estimated", "about"), ("just over", "just over"),
)
# How far an approximate number reaches: "about 120" covers 108-132. A convention chosen
# for this tool (news style guides give none); it is what makes "nearly 300" and "about
# 280" one value and "about 300" and "400" two.
APPROXIMATE = 0.10
# Plural quantity nouns ("dozens", "hundreds") stand for a span of their unit: "dozens" is
# from two dozen up to, but not including, a gross (12 dozens); "hundreds" from 200 to a
# thousand; "thousands" from 2,000 to ten thousand.
_VAGUE_SPAN = 6.0
_VAGUE = re.compile(r"\b(dozens|scores|hundreds|thousands|millions|billions)\b")


def number_range(words: str, sentence: str = "") -> tuple[float, float] | None:
    """(lowest, highest) value the words can mean, or None when they hold no single number.

    The qualifier may sit just before the words in their sentence ("more than 50 people":
    the alignment often cuts the words to "50" when both wordings share "more than").

    >>> number_range("at least 50"), number_range("60"), number_range("about 120")
    ((50.0, inf), (60.0, 60.0), (108.0, 132.0))
    """
    text = fold(words).lower()
    context = _before(text, fold(sentence).lower()) if sentence else ""
    clock = _clock(text)
    if clock is not None:
        return _time_range(clock, _bound_words(f"{context} {text}"))
    values = [v for t in tokenize(words) if (v := number_value(t)) is not None]
    if len(values) != 1:
        return None
    value = values[0]
    if _VAGUE.search(text):
        return value, value * _VAGUE_SPAN
    bound = _bound(f"{context} {text}".strip())
    if bound == "at least":
        return value, math.inf
    if bound == "above":  # "more than 300" excludes 300 itself
        return math.nextafter(value, math.inf), math.inf
    if bound == "at most":
        return 0.0, value
    if bound == "below":
        return 0.0, math.nextafter(value, -math.inf)
    if bound == "nearly":
        return value * (1 - APPROXIMATE), value
    if bound == "just over":
        return value, value * (1 + APPROXIMATE)
    if bound == "about":
        return value * (1 - APPROXIMATE), value * (1 + APPROXIMATE)
    return value, value


def compatible(words_a: str, words_b: str, sentence_a: str = "", sentence_b: str = "") -> bool:
    """Whether two numbers can both be true: their ranges overlap."""
    a, b = number_range(words_a, sentence_a), number_range(words_b, sentence_b)
    if a is None or b is None:
        return False
    return a[0] <= b[1] and b[0] <= a[1]


def _before(words: str, sentence: str) -> str:
    """The three words before ``words`` in the sentence (its first occurrence)."""
    at = sentence.find(words)
    if at < 0:
        return ""
    return " ".join(sentence[:at].split()[-3:])


_CLOCK = re.compile(r"\b(\d{1,2})(?:[.:](\d{2}))?\s*(a\.?m\.?|p\.?m\.?)(?!\w)")
# "about 8.40pm" reaches a quarter of an hour either way: the rounding of clock times in
# speech (to the nearest five or fifteen minutes); a convention of this tool.
CLOCK_SLACK = 15.0


_CLOCK24 = re.compile(r"\b([01]?\d|2[0-3]):([0-5]\d)\b")


def _clock(text: str) -> float | None:
    """Minutes after midnight of the first clock time: with am/pm ("8.40pm", "9 p.m.") or
    on the 24-hour clock ("20:45 GMT")."""
    match = _CLOCK.search(text)
    if match is None:
        day = _CLOCK24.search(text)
        return None if day is None else float(int(day[1]) * 60 + int(day[2]))
    hour, minute = int(match[1]) % 12, int(match[2] or 0)
    if minute >= 60:
        return None
    return float((hour + (12 if match[3].startswith("p") else 0)) * 60 + minute)


def _time_range(minutes: float, head: str) -> tuple[float, float]:
    if re.search(r"\b(before|by)\s*$", head):
        return 0.0, minutes
    if re.search(r"\b(after|since)\s*$", head):
        return minutes, 24 * 60.0
    if re.search(r"\b(about|around|approximately|roughly|shortly (before|after)|just "
                 r"(before|after))\s*$", head):
        return minutes - CLOCK_SLACK, minutes + CLOCK_SLACK
    return minutes, minutes


def _bound_words(text: str) -> str:
    """The words before the first clock time."""
    match = _CLOCK.search(text) or _CLOCK24.search(text)
    head = text[: match.start()] if match else text
    return re.sub(r"[^\w\s]", " ", head).strip()


def _bound(text: str) -> str | None:
    """The qualifier right before the first number, if any."""
    tokens = tokenize(text)
    first = next((k for k, t in enumerate(tokens) if number_value(t) is not None), None)
    if first is None:
        return None
    head = " " + " ".join(t.text.lower() for t in tokens[:first]) + " "
    for phrase, kind in sorted(_BOUNDS, key=lambda b: -len(b[0])):
        if head.endswith(f" {phrase} "):
            return kind
    return None
