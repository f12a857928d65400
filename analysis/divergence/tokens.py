"""The details that make two wordings of one claim disagree: tokens that know what they are.

Rules rather than a statistical tagger: no entity or date model installs from the
package registry with its data inside (spaCy's English models are not on PyPI), and
the details that matter in matched sentences are few and regular. Each token says
whether it is a number (digits, or words read by the ``number-parser`` library, so
"Forty-two" and "42" compare equal), a date or time part (weekday, month, year, day
of the month, clock time, part of the day), a capitalised name (any script), a role
word, or a plain word. Country names and their capitals share one key
("Pyongyang" = "North Korea"), from countryinfo's data (analysis/text/countries.json).
Every word list is a data file with its source (analysis/text/lexicon.py).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import cache, lru_cache

from number_parser import parse_number, parse_ordinal
from number_parser.parser import LanguageData

from analysis.text import lexicon
from analysis.text.lexicon import FUNCTION_WORDS
from analysis.text.textnorm import fold, tokens

WEEKDAYS = lexicon.words("weekdays")
MONTHS = lexicon.words("months")
TIMES = lexicon.words("times")
ROLE_NOUNS = lexicon.words("role_nouns")
ROLE_MODIFIERS = lexicon.words("role_modifiers")
HEDGES = lexicon.words("hedges")
NEGATIONS = lexicon.words("negations")
SCOPE = {k.lower(): str(v) for k, v in lexicon.mapping("scope").items()}  # word -> meaning
_VAGUE = lexicon.numbers("vague_numbers")
_NOT_NAMES = lexicon.words("adjectives")
_SCALES = {"hundred": 100.0, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_DIGITS = re.compile(r"^[$€£¥]?(\d[\d,]*(?:\.\d+)?)")
_CLOCK = re.compile(r"^\d{1,2}:\d{2}$")
_YEAR = re.compile(r"1[89]\d\d|20\d\d")
_CLOCK_MARKERS = {"a.m", "p.m", "am", "pm"}
_MAX_ALIAS_WORDS = 4
_LANGUAGE = "en"  # number-parser guesses among several languages otherwise: 'Un' would be 1


@dataclass(frozen=True)
class Token:
    text: str  # as written (folded typography)
    key: str  # what the alignment compares: lower case, numbers by value, aliases resolved
    capitalised: bool
    first: bool  # first word of the sentence (capitalised for grammar, not as a name)
    value: float | None = None  # numeric value of a number token
    date: bool = False  # weekday, month, year, day of a month, clock time or part of day
    alias: bool = False  # a country, capital or union named by one of its names


@lru_cache(maxsize=65536)
def tokenize(sentence: str) -> tuple[Token, ...]:
    """Word tokens with comparison keys. Cached: a sentence meets every sentence it matches.

    Numbers compare by value, countries and capitals by country, dates by their parts:

    >>> tokens = tokenize("Forty-two troops marched in Pyongyang on 27 July")
    >>> [number_value(t) for t in tokens][:2], [t.text for t in tokens if is_name(t)]
    ([42.0, None], ['Pyongyang'])
    """
    text = fold(sentence)
    raw = [_plain(m.group(), index == 0) for index, m in enumerate(tokens(text))]
    merged = _mark_dates(_merge_numbers(_merge_aliases(raw)))
    if _first_name_first(merged):
        merged[0] = replace(merged[0], first=False)  # "Valeria Núñez said": a name, not grammar
    return tuple(merged)


def _first_name_first(found: list[Token]) -> bool:
    """The sentence opens with a person's full name: two capitalised words, the second a
    plain name (not a country: 'Both Russia'), the first not a function word or adverb."""
    if len(found) < 2 or not found[0].first or found[1].alias:
        return False
    head = found[0]
    return (_name_like(head) and _name_like(found[1]) and not head.key.endswith("ly")
            and head.key not in FUNCTION_WORDS)


def _name_like(token: Token) -> bool:
    return token.capitalised and is_name(replace(token, first=False))


@lru_cache(maxsize=65536)
def _plain(word: str, first: bool) -> Token:
    """The token of one word (cached: tokens are frozen, and a story repeats its words)."""
    key = word.lower().replace("’", "'").removesuffix("'s")
    key = key[:-1] if key.endswith("s") and key[:-1] in ROLE_NOUNS else key
    return Token(word, key, word[0].isupper(), first, value=_word_value(key))


@lru_cache(maxsize=65536)
def _word_value(key: str) -> float | None:
    """A word's number value. Cached: ``number_parser`` rebuilds its language tables on
    every call, so each distinct word is parsed once."""
    match = _DIGITS.match(key)
    if match:
        try:
            return float(match.group(1).replace(",", ""))
        except ValueError:
            return None
    if key in _VAGUE:
        return _VAGUE[key]
    if not key[0].isalpha():
        return None
    value = _parse_number(key)
    if value is None and key.endswith(("th", "st", "nd", "rd")):
        value = parse_ordinal(key, language=_LANGUAGE)
    return None if value is None else float(value)


@lru_cache(maxsize=65536)
def _parse_number(text: str) -> float | None:
    """``number_parser.parse_number``, cached (see ``_word_value``); text holding no
    number word is ``None`` without asking it."""
    if re.search(r"\w", text) and not text.strip().isnumeric() \
            and not any(piece in _number_words() for piece in _pieces(text)):
        return None
    try:
        return parse_number(text, language=_LANGUAGE)
    except ValueError:  # a numeral of another script ("五" is numeric to Python): not English
        return None


@cache
def _number_words() -> frozenset[str]:
    """Every English number word ``number_parser`` knows (see ``_LANGUAGE``)."""
    return frozenset(
        word for word in LanguageData(_LANGUAGE).all_numbers)


def _pieces(text: str) -> set[str]:
    """The tokens ``number_parser`` may cut ``text`` into (it splits on non-word
    characters, or on spaces for some scripts), lower-cased without accents."""
    plain = "".join(c for c in unicodedata.normalize("NFD", text.lower())
                    if unicodedata.category(c) != "Mn")
    return {*re.split(r"\W", plain), *plain.split()}


def _is_number_word(token: Token) -> bool:
    return token.value is not None and not _DIGITS.match(token.key)


def _merge_numbers(found: list[Token]) -> list[Token]:
    """'two hundred' -> one token of value 200; '12 million' -> 12e6; keys '#<value>'."""
    out: list[Token] = []
    for token in found:
        prev = out[-1] if out else None
        if prev is not None and prev.value is not None and token.key in _SCALES:
            value = prev.value * _SCALES[token.key] if _DIGITS.match(prev.key) else None
            text = f"{prev.text} {token.text}"
            value = value if value is not None else _parse_number(text.lower())
            out[-1] = replace(prev, text=text, value=None if value is None else float(value))
        elif prev is not None and _is_number_word(prev) and _is_number_word(token) \
                and prev.key not in _VAGUE:
            value = _parse_number(f"{prev.text} {token.text}".lower())
            if value is None:
                out.append(token)
                continue
            out[-1] = replace(prev, text=f"{prev.text} {token.text}", value=float(value))
        else:
            out.append(token)
    return [replace(t, key=_number_key(t)) if t.value is not None and not _ordinal(t) else t
            for t in out]


def _ordinal(token: Token) -> bool:
    return token.key.endswith(("th", "st", "nd", "rd")) and not _DIGITS.match(token.key)


def _number_key(token: Token) -> str:
    value = token.value or 0.0
    return f"#{int(value)}" if value == int(value) else f"#{value:g}"


def _merge_aliases(found: list[Token]) -> list[Token]:
    """Country names of up to four words become one token whose key is the country."""
    aliases = _alias_index()
    openers = _alias_openers()
    out: list[Token] = []
    k = 0
    while k < len(found):
        head = found[k].text.removesuffix("'s").removesuffix("’s")
        if head not in openers[0] and head.lower() not in openers[1]:
            out.append(found[k])  # no alias starts with this word: skip the four lookups
            k += 1
            continue
        for n in range(min(_MAX_ALIAS_WORDS, len(found) - k), 0, -1):
            words = found[k : k + n]
            key = _alias_key(" ".join(t.text.removesuffix("'s").removesuffix("’s")
                                      for t in words), aliases)
            if key:
                text = " ".join(t.text for t in words)
                out.append(Token(text, key, True, words[0].first, alias=True))
                k += n
                break
        else:
            out.append(found[k])
            k += 1
    return out


@cache
def _alias_index() -> tuple[dict[str, str], dict[str, str]]:
    """(exact-case abbreviations, lower-case names); names must be written capitalised."""
    exact, named = {}, {}
    for alias, key in lexicon.country_aliases().items():
        if alias.replace(".", "").isupper() and len(alias) <= 5:
            exact[alias] = key
        else:
            named[alias.lower()] = key
    return exact, named


@cache
def _alias_openers() -> tuple[frozenset[str], frozenset[str]]:
    """The first words of the aliases (exact case, lower case) of ``_alias_index``: a run
    of words can name a country only if it opens with one of them (an upper-case one, for
    the lower-case names; see ``_alias_key``)."""
    exact, named = _alias_index()
    return (frozenset(a.split(" ")[0] for a in exact),
            frozenset(a.split(" ")[0] for a in named))


def _alias_key(surface: str, aliases: tuple[dict[str, str], dict[str, str]]) -> str | None:
    exact, named = aliases
    if surface in exact:
        return exact[surface]
    if surface[:1].isupper():
        return named.get(surface.lower())
    return None


def _mark_dates(found: list[Token]) -> list[Token]:
    """Weekdays, months, years, clock times, parts of the day, and numbers beside a month."""
    months = [_is_month(t) for t in found]
    out = []
    for k, token in enumerate(found):
        near_month = (k > 0 and months[k - 1]) or (k + 1 < len(found) and months[k + 1])
        clock = k + 1 < len(found) and found[k + 1].key in _CLOCK_MARKERS
        is_date = (
            token.key in WEEKDAYS or months[k] or token.key in TIMES or _is_year(token)
            or bool(_CLOCK.match(token.text))
            or (token.value is not None and (clock or near_month) and token.value <= 31)
        )
        out.append(replace(token, date=True) if is_date else token)
    return out


def _is_month(token: Token) -> bool:
    if token.key not in MONTHS:
        return False
    if token.key in {"may", "march", "mar", "jan", "dec", "sep", "oct", "nov", "aug"}:
        return token.capitalised and not token.first  # "may" the modal, "march" the verb
    return True


def _is_year(token: Token) -> bool:
    return bool(_YEAR.fullmatch(token.text))


def number_value(token: Token) -> float | None:
    """Numeric value of a number token that is not part of a date; None otherwise."""
    return None if token.date else token.value


def is_name(token: Token) -> bool:
    """A capitalised word that names someone or something (not an adjective or a title)."""
    if token.alias:
        return True
    if not token.capitalised or token.first or token.date or token.value is not None:
        return False
    return token.key not in _not_names()


@cache
def _not_names() -> frozenset[str]:
    return _NOT_NAMES | ROLE_NOUNS | lexicon.demonyms() | WEEKDAYS | MONTHS | TIMES
