"""The outlet an article is shown under when nothing in it says which outlet published it.

An article's ``source`` comes from the file itself (a bundle's ``source``/``outlet``
field, a web page's site name or domain, Markdown front matter) or from the ``manifest.json``
beside it (``formats.manifest``). A file that says nothing gets a guess from its file name
("coast_daily.txt" -> "Coast Daily"), never from the folder it is in: folders are often
made by the app itself (an upload's temporary folder) and name no outlet. The Sources page
and corpus mode both name articles here, so one file has one outlet everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from analysis.results import Article

__all__ = ["guessed_source", "with_guessed_sources"]


def guessed_source(article: Article) -> str:
    """A source name for an article whose file does not say: its file name in words
    ("coast_daily.txt" -> "Coast Daily"), for the person to correct."""
    words = re.sub(r"[_\s]+|(?<=\w)-(?=\w)", " ", article.id).strip()
    return words.title() if words.islower() else words


def with_guessed_sources(articles: Sequence[Article]) -> tuple[list[Article], list[Article]]:
    """(all articles, the ones whose name was guessed): a name for every article."""
    named, guessed = [], []
    for article in articles:
        if not article.source.strip():
            article = replace(article, source=guessed_source(article))
            guessed.append(article)
        named.append(article)
    return named, guessed
