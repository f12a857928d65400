"""How much one file and one story may hold, and the plain words for going over.

A comparison is quadratic in sentences, and readers can be made to unpack far more
than they were given, so every budget is checked while reading (a reader stops as
soon as one is spent), never after. Limits are generous for news: a long feature is
about 40,000 characters and 400 sentences. Each message names the limit in words a
journalist understands, because the person can usually fix it (split the file,
remove some articles).
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from analysis.ingest.formats.common import ArticleLoadError
from analysis.text.segmentation import split_sentences

MB = 1024 * 1024
MAX_FILE_BYTES = 20 * MB  # bytes on disk or uploaded; .streamlit/config.toml agrees
MAX_UNPACKED_BYTES = 50 * MB  # what a .docx may unpack to
MAX_BOMB_RATIO = 100  # a .docx unpacking to over 100 times its size is a "zip bomb"
MAX_ARTICLE_CHARS = 500_000  # characters of text in one article
MAX_PARAGRAPHS = 20_000  # paragraphs (lines) in one article
MAX_PDF_PAGES = 1_000  # pages of one PDF: an article is a few, a 1,000-page file a book
MAX_RECORDS = 100  # records read from one bundle file (a story holds no more)
MAX_SENTENCE_CHARS = 5_000  # characters in one sentence
MAX_ARTICLE_SENTENCES = 3_000  # sentences in one article
MAX_STORY_ARTICLES = 100  # articles in one story
MAX_STORY_SENTENCES = 3_000  # sentences in one story: about 1 GB and minutes at most
MAX_ANALYSIS_SECONDS = 300  # the dashboard stops a comparison that runs longer
TIME_LIMIT_ENV = "COVERAGE_LENS_TIME_LIMIT"  # seconds, to set another limit for a server


def megabytes(size: int) -> str:
    """``20 MB``, ``0.5 MB``: sizes the way file managers show them."""
    value = size / MB
    return f"{value:.0f} MB" if value == int(value) else f"{value:.1f} MB"


def check_file_size(size: int) -> None:
    """Refuse a file whose reading alone would hurt the app."""
    if size > MAX_FILE_BYTES:
        raise ArticleLoadError(
            f"the file is too large ({megabytes(size)}; the limit is "
            f"{megabytes(MAX_FILE_BYTES)} per file)"
        )


def check_article_text(text: str) -> int:
    """The sentence count of an article; refuses text too long, too many-lined or
    too run-on to compare sentence by sentence."""
    if len(text) > MAX_ARTICLE_CHARS:
        raise ArticleLoadError(
            f"the article is too long ({len(text):,} characters; the limit is "
            f"{MAX_ARTICLE_CHARS:,} characters per article)"
        )
    paragraphs = text.count("\n") + 1
    if paragraphs > MAX_PARAGRAPHS:
        raise ArticleLoadError(too_many_paragraphs(f"{paragraphs:,}"))
    sentences = split_sentences(text)
    longest = max((len(sentence.text) for sentence in sentences), default=0)
    if longest > MAX_SENTENCE_CHARS:
        raise ArticleLoadError(
            f"the text has a sentence of {longest:,} characters with no full stop or line "
            f"break; the limit is {MAX_SENTENCE_CHARS:,} characters per sentence (this does "
            "not look like an article: check that it was saved as text)"
        )
    if len(sentences) > MAX_ARTICLE_SENTENCES:
        raise ArticleLoadError(
            f"the article has too many sentences ({len(sentences):,}; the limit is "
            f"{MAX_ARTICLE_SENTENCES:,} per article)"
        )
    return len(sentences)


def too_many_paragraphs(count: str) -> str:
    return (f"the article has too many paragraphs ({count}; the limit is "
            f"{MAX_PARAGRAPHS:,} per article)")


def story_full_reason(articles: int, sentences: int, adding: int = 0) -> str:
    """Why a story cannot take an article with ``adding`` sentences ("" when it can)."""
    if articles >= MAX_STORY_ARTICLES:
        return (f"not added: the story already has {articles:,} articles, the limit "
                f"per story (remove some to add others)")
    if sentences + adding > MAX_STORY_SENTENCES:
        return (f"not added: with its {adding:,} sentences the story would have "
                f"{sentences + adding:,}; the limit is {MAX_STORY_SENTENCES:,} sentences "
                "per story (compare fewer or shorter articles)")
    return ""


def story_over_budget(sentence_counts: Sequence[int]) -> str:
    """Why a whole story is too big to compare ("" when it is not)."""
    if len(sentence_counts) > MAX_STORY_ARTICLES:
        return (f"the story has {len(sentence_counts):,} articles; the limit is "
                f"{MAX_STORY_ARTICLES:,} per story (compare fewer articles)")
    total = sum(sentence_counts)
    if total > MAX_STORY_SENTENCES:
        return (f"the story has {total:,} sentences; the limit is {MAX_STORY_SENTENCES:,} "
                "per story (compare fewer or shorter articles)")
    return ""


def analysis_seconds() -> float:
    """The dashboard's limit on one comparison: ``$COVERAGE_LENS_TIME_LIMIT`` seconds when
    it is a positive number (an operator's choice, or a test's), else the default."""
    try:
        chosen = float(os.environ.get(TIME_LIMIT_ENV, ""))
    except ValueError:
        return MAX_ANALYSIS_SECONDS
    return chosen if 0 < chosen < float("inf") else MAX_ANALYSIS_SECONDS


def duration(seconds: float) -> str:
    """``5 minutes``, ``90 seconds``: a limit the way a person says it."""
    seconds = max(seconds, 0)
    if seconds >= 120 and seconds % 60 == 0:
        return f"{seconds / 60:.0f} minutes"
    return f"{seconds:.0f} second{'' if round(seconds) == 1 else 's'}"


def too_slow_reason(seconds: float) -> str:
    return (f"comparing them took longer than the limit of {duration(seconds)}, so it was "
            "stopped to keep the app quick for everyone; compare fewer or shorter articles")
