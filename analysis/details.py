"""The details that make two wordings of one claim disagree.

Rules rather than a statistical tagger: no entity or date model installs from
the package registry with its data inside (spaCy's English models are not on
PyPI), and the details that matter in matched sentences are few and regular:
numbers, weekdays and months, capitalised names, role words, hedges and
negation. The two sentences are aligned word by word first, so a difference is
only reported where one wording puts something *else* in the same place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from analysis.textnorm import fold

_TOKEN = re.compile(r"[A-Za-z\u00c0-\u024f][\w'’\-.]*[\w]|[A-Za-z]|\d[\d,.\-]*\w*%?|\$[\d.,]+\w*")
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1e9,
    "dozen": 12, "dozens": 24, "hundreds": 200, "thousands": 2000,
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "tenth": 10,
}
WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun",
          "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
ROLE_NOUNS = {
    "spokesperson", "spokesman", "spokeswoman", "minister", "president", "chairman",
    "chairwoman", "chair", "secretary", "ambassador", "general", "commander", "chief",
    "director", "head", "leader", "member", "official", "officials", "envoy", "governor",
    "mayor", "premier", "prime", "chancellor", "senator", "adviser", "advisor", "deputy",
    "professor", "analyst", "researcher", "editor", "reporter", "correspondent",
}
ROLE_MODIFIERS = {"deputy", "vice", "acting", "former", "senior", "chief", "assistant",
                  "associate", "interim", "top", "junior", "co"}
HEDGES = {
    "believed", "reportedly", "allegedly", "purportedly", "apparently", "may", "might", "could",
    "likely", "unlikely", "possibly", "probably", "perhaps", "suspected", "thought",
    "presumably", "seemingly", "supposedly", "estimated", "expected", "appears", "appear",
    "seems", "seem", "rumoured", "rumored", "unconfirmed", "claimed", "claims",
}
NEGATIONS = {"not", "no", "never", "none", "nobody", "nothing", "neither", "nor", "without",
             "cannot", "n't", "nowhere"}
# Metonyms and short forms that name the same country (capital for country, and so on).
ALIASES = {
    "pyongyang": "north-korea", "dprk": "north-korea", "north korea": "north-korea",
    "democratic people's republic of korea": "north-korea",
    "moscow": "russia", "kremlin": "russia", "russian federation": "russia",
    "washington": "united-states", "u.s": "united-states", "us": "united-states",
    "usa": "united-states", "united states": "united-states", "america": "united-states",
    "u.s.a": "united-states", "beijing": "china", "prc": "china",
    "seoul": "south-korea", "south korea": "south-korea", "republic of korea": "south-korea",
    "kyiv": "ukraine", "kiev": "ukraine", "tokyo": "japan", "london": "united-kingdom",
    "uk": "united-kingdom", "britain": "united-kingdom", "united kingdom": "united-kingdom",
    "paris": "france", "berlin": "germany", "tehran": "iran", "jerusalem": "israel",
    "delhi": "india", "new delhi": "india", "brussels": "eu", "european union": "eu",
    "un": "united-nations", "united nations": "united-nations", "nato": "nato",
}
_ALIAS_PATTERN = re.compile(
    r"\b(" + "|".join(sorted((re.escape(a) for a in ALIASES), key=len, reverse=True))
    + r")(?:'s)?\b",
    re.IGNORECASE,
)
ALIAS_KEYS = frozenset(ALIASES.values())
# Capitalised adjectives that are not names ("Russian defence minister", "Western allies").
ADJECTIVES = {
    "american", "british", "french", "german", "thai", "iraqi", "israeli", "pakistani",
    "afghan", "arab", "czech", "dutch", "greek", "swiss", "soviet", "western", "eastern",
    "northern", "southern", "communist", "democratic", "republican", "islamic", "catholic",
    "the", "a", "an", "mr", "mrs", "ms", "dr", "state", "his", "her", "their", "its",
}


@dataclass(frozen=True)
class Token:
    text: str  # as written (folded typography)
    key: str  # lower case, aliases resolved: what the alignment compares
    capitalised: bool
    first: bool  # first word of the sentence (capitalised for grammar, not as a name)


@lru_cache(maxsize=8192)
def tokenize(sentence: str) -> tuple[Token, ...]:
    """Word tokens with comparison keys; country names and their capitals share a key.

    Cached: a sentence is compared with every sentence it matches.
    """
    text = fold(sentence)
    tokens: list[Token] = []
    position = 0
    for match in _ALIAS_PATTERN.finditer(text):
        tokens.extend(_plain_tokens(text[position : match.start()], first=not tokens))
        surface, name = match.group(0), match.group(1)
        if name.lower() == "us" and name != "US":
            tokens.extend(_plain_tokens(surface, first=not tokens))  # the pronoun "us"
        else:
            key = ALIASES[name.lower()]
            tokens.append(Token(surface, key, surface[0].isupper(), not tokens))
        position = match.end()
    tokens.extend(_plain_tokens(text[position:], first=not tokens))
    return tuple(tokens)


def _plain_tokens(text: str, *, first: bool) -> list[Token]:
    found = []
    for match in _TOKEN.finditer(text):
        word = match.group(0).rstrip(".")
        if not word:
            continue
        key = _singular(word.lower().replace("’", "'").removesuffix("'s"))
        found.append(Token(word, key, word[0].isupper(), first and not found))
    return found


def _singular(key: str) -> str:
    """'officials' -> 'official' for role words, so number does not count as a change."""
    return key[:-1] if key.endswith("s") and key[:-1] in ROLE_NOUNS else key


def number_value(token: Token) -> float | None:
    """Numeric value of '70th', '1,000', '4.4%', '17-month', 'five'; None otherwise."""
    if token.key in NUMBER_WORDS:
        return float(NUMBER_WORDS[token.key])
    match = re.match(r"^\$?(\d[\d,]*(?:\.\d+)?)", token.key)
    if not match:
        return None
    try:
        return float(match.group(1).replace(",", ""))
    except ValueError:
        return None


def is_name(token: Token) -> bool:
    """A capitalised word that names someone or something (not a nationality adjective)."""
    if token.key in ALIAS_KEYS:
        return True
    if not token.capitalised or token.first or token.key in ADJECTIVES | ROLE_NOUNS:
        return False
    return not token.key.endswith(("ian", "ean", "ese", "ish"))
