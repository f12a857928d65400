"""Who a sentence names, with the titles it gives them and who it says is speaking.

Read anywhere in the sentence, not from a word alignment, so that two heavily reworded
sentences of one claim can still be compared person by person. A title belongs to a
person only through an explicit pattern, never by guessing a reference:

* a title right before the name: "Former mine inspector Jonas Vik", "X's army chief Y";
* an appositive after the name: "Jonas Vik, a mine inspector,", "Y, the country's
  trade minister,", "Y, who is safety director at the mine";
* an appositive before the name: "The agency's operations chief, Y, said".

A possessor ("the mine's", "X's") is not part of the title: "X's deputy, Y" gives Y
the title deputy, and says nothing about X.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from analysis.divergence.tokens import ROLE_MODIFIERS, ROLE_NOUNS, Token, is_name, tokenize
from analysis.text import lexicon
from analysis.text.lexicon import FUNCTION_WORDS
from analysis.text.speech import SPEECH_VERB
from analysis.text.textnorm import fold

_SEGMENT_BREAK = re.compile(r"[,;:()\[\]]|\s[-–—]\s")
_DETERMINERS = frozenset({"the", "a", "an"})
_RELATIVE = ("who", "is"), ("who", "was"), ("who", "has", "been"), ("now",)
_PREPOSITIONS = frozenset({"of", "at", "to", "for", "in", "with", "on"})
_SYNONYMS = {k: str(v) for k, v in lexicon.mapping("role_synonyms").items()}
_PAST = lexicon.words("past_irregular")
_GENERIC_HEADS = lexicon.words("generic_heads")
_MAX_TITLE = 4  # title words before the head ("former deputy mine inspector")
_MAX_APPOSITIVE = 10  # words of an appositive segment


@dataclass(frozen=True)
class Title:
    """A title given to a person: its words as written and what they are."""

    words: str
    head: str  # the office ("minister", "chief"), spellings merged by role_synonyms
    modifiers: frozenset[str]  # rank or standing ("former", "deputy")
    domain: frozenset[str]  # what the office is of ("labour", "safety")
    person: tuple[str, ...] = ()  # the name as given with this title ("helga", "brun")
    generic: bool = False  # a lower-case generic head ('defence chief'): a description


@lru_cache(maxsize=32768)
def segments(sentence: str) -> tuple[tuple[Token, ...], ...]:
    """The sentence's tokens cut at commas, brackets and dashes (appositives stand apart).

    A capitalised word that opens a later segment is not sentence-initial grammar.
    """
    parts = [p for p in _SEGMENT_BREAK.split(fold(sentence)) if p.strip()]
    out = []
    for index, part in enumerate(parts):
        found = tokenize(part)
        if index:
            found = tuple(replace(t, first=False) for t in found)
        if found:
            out.append(found)
    return tuple(out)


def _person(token: Token) -> bool:
    return is_name(token) and not token.alias and token.key not in ROLE_NOUNS


def _runs(seg: tuple[Token, ...]) -> list[tuple[int, int]]:
    """(start, stop) of each run of person-name tokens."""
    runs, k = [], 0
    while k < len(seg):
        if _person(seg[k]) and not _possessive(seg[k]):
            start = k
            while k < len(seg) and _person(seg[k]) and not _possessive(seg[k]):
                k += 1
            runs.append((start, k))
        else:
            k += 1
    return runs


def _possessive(token: Token) -> bool:
    return token.text.endswith(("'s", "s'"))


def _title_word(token: Token, title_case: bool | None) -> bool:
    """A word of a title: an office or rank, or a plain word written in the title's case
    ('Trade Minister', 'mine manager'; None: either case, as in an appositive)."""
    if token.key in ROLE_NOUNS or token.key in ROLE_MODIFIERS:
        return True
    if _possessive(token) or token.value is not None or token.date or token.alias:
        return False
    if SPEECH_VERB.fullmatch(token.key) or token.key in _function_words() or past_tense(token):
        return False  # 'sent defence minister X': the verb is no part of the title
    return title_case is None or token.capitalised == title_case or token.first


def past_tense(token: Token) -> bool:
    """A past-tense verb: an irregular past form, or a lower-case word ending in -ed."""
    key = token.key
    return key in _PAST or (key.endswith("ed") and len(key) > 4 and key not in FUNCTION_WORDS
                            and not token.capitalised)


def _function_words() -> frozenset[str]:
    return FUNCTION_WORDS


def _make(words: list[Token]) -> Title | None:
    """A title from its words; the head is the last role noun not qualifying another."""
    heads = [k for k, t in enumerate(words) if t.key in ROLE_NOUNS
             and not (k + 1 < len(words) and words[k + 1].key in ROLE_NOUNS)]
    if not heads:
        return None
    h = heads[-1]
    head = _SYNONYMS.get(words[h].key, words[h].key)
    before = words[:h]
    modifiers = frozenset(t.key for t in before if t.key in ROLE_MODIFIERS)
    domain = frozenset(_SYNONYMS.get(t.key, t.key) for t in before
                       if t.key not in ROLE_MODIFIERS)
    generic = words[h].key in _GENERIC_HEADS and not words[h].capitalised
    return Title(" ".join(t.text for t in words[: h + 1]), head, modifiers, domain,
                 generic=generic)


def _before_name(seg: tuple[Token, ...], start: int) -> Title | None:
    """'Former mine inspector Jonas Vik': title words ending in a role noun, right before."""
    if start == 0 or seg[start - 1].key not in ROLE_NOUNS:
        return None
    title_case = seg[start - 1].capitalised
    k = start - 1
    while k > 0 and start - k < _MAX_TITLE and _title_word(seg[k - 1], title_case):
        k -= 1
    return _make(list(seg[k:start]))


def _appositive(seg: tuple[Token, ...]) -> Title | None:
    """A segment that is only a title: '[who is] [the|a] [X's] title [of/at ...]'."""
    if not seg or len(seg) > _MAX_APPOSITIVE:
        return None
    keys = tuple(t.key for t in seg)
    k = next((len(r) for r in _RELATIVE if keys[: len(r)] == r), 0)
    if k < len(seg) and seg[k].key in _DETERMINERS:
        k += 1
    if k < len(seg) and _possessive(seg[k]):
        k += 1
    stop = next((j for j in range(k, len(seg)) if seg[j].key in _PREPOSITIONS), len(seg))
    words = list(seg[k:stop])
    if not words or words[-1].key not in ROLE_NOUNS or len(words) > _MAX_TITLE:
        return None
    if not all(_title_word(t, None) for t in words):
        return None
    return _make(words)


@lru_cache(maxsize=32768)
def person_titles(sentence: str) -> dict[str, tuple[Title, ...]]:
    """Surname key -> the titles this sentence gives that person."""
    found: dict[str, list[Title]] = {}
    segs = segments(sentence)
    for s, seg in enumerate(segs):
        runs = _runs(seg) or _opening_name(segs, s)
        for start, stop in runs:
            person = seg[stop - 1].key
            titles = [_before_name(seg, start)]
            if stop == len(seg) and s + 1 < len(segs):
                titles.append(_appositive(segs[s + 1]))
            if start == 0 and stop == len(seg) and s > 0:
                titles.append(_appositive(segs[s - 1]))
            given = tuple(t.key for t in seg[start:stop])
            found.setdefault(person, []).extend(replace(t, person=given) for t in titles if t)
    return {person: tuple(titles) for person, titles in found.items() if titles}


def _opening_name(segs: tuple[tuple[Token, ...], ...], s: int) -> list[tuple[int, int]]:
    """'Aaland, the industry minister, said': a capitalised opening set off by an
    appositive title is a name, though grammar capitalises the first word anyway."""
    seg = segs[s]
    if s or len(seg) > 3 or len(segs) < 2 or not all(t.capitalised for t in seg):
        return []
    if any(t.key in FUNCTION_WORDS or t.key in ROLE_NOUNS or t.alias for t in seg):
        return []
    return [(0, len(seg))] if _appositive(segs[1]) else []


@lru_cache(maxsize=32768)
def speakers(sentence: str) -> dict[str, str]:
    """Surname key -> name as written, for each person the sentence has speaking
    ('X said', 'said X', 'X told reporters', 'according to X')."""
    found: dict[str, str] = {}
    for seg in segments(sentence):
        runs = _runs(seg)
        for k, token in enumerate(seg):
            if not SPEECH_VERB.fullmatch(token.key):
                continue
            if token.key == "according":
                if k + 1 >= len(seg) or seg[k + 1].key != "to":
                    continue
                near = [r for r in runs if k + 2 <= r[0] <= k + 4]
            else:
                # 'X said', or 'said X' opening its segment ('..., said X'): after a
                # verb inside a clause a name is what was said ('said X took ...')
                near = [r for r in runs if r[1] == k or (k == 0 and r[0] == 1)]
            for start, stop in near[:1]:
                found[seg[stop - 1].key] = " ".join(t.text for t in seg[start:stop])
    return found


def names(sentence: str) -> frozenset[str]:
    """Keys of every name the sentence uses (people, places, countries)."""
    return frozenset(t.key for seg in segments(sentence) for t in seg if is_name(t))
