"""The word lists the divergence finder reads, loaded from data files with their sources.

``analysis/text/lexicon.json`` holds closed word classes (weekdays, hedges, role nouns...),
each with a note of where it comes from; ``analysis/text/countries.json`` holds country names,
capitals and demonyms generated from the countryinfo package by scripts/build_countries.py.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

_HERE = Path(__file__).resolve().parent


@cache
def _load(name: str) -> dict:
    return json.loads((_HERE / name).read_text(encoding="utf-8"))


def words(section: str) -> frozenset[str]:
    """A word list of lexicon.json, lower case (a trailing '#' kept: 'only before a number')."""
    return frozenset(w.lower() for w in _load("lexicon.json")[section]["words"])


ENGLISH_STOP_WORDS: frozenset[str] = words("english_stop_words")
# Words that carry no detail of a claim: the stop list without the nouns and verbs it holds
# that do carry one in news ("fire", "found"; see content_in_stop_list in lexicon.json).
FUNCTION_WORDS: frozenset[str] = ENGLISH_STOP_WORDS - words("content_in_stop_list")
"""scikit-learn's English stop list, read from lexicon.json (see its source note)."""


def mapping(section: str) -> dict[str, object]:
    return dict(_load("lexicon.json")[section]["words"])


def numbers(section: str) -> dict[str, float]:
    """A mapping of lexicon.json whose values are numbers (word -> value)."""
    return {k: float(v) for k, v in _load("lexicon.json")[section]["words"].items()}


@cache
def country_aliases() -> dict[str, str]:
    """Surface form -> country key: names, capitals (metonyms) and the lexicon's extras."""
    aliases = dict(_load("countries.json")["aliases"])
    aliases.update({k: str(v) for k, v in mapping("alias_extras").items()})
    return aliases


@cache
def demonyms() -> frozenset[str]:
    return frozenset(_load("countries.json")["demonyms"])
