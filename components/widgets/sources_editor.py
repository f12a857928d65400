"""The story's inputs as people edit them: uploads, pasted text, the article table.

The pure half (no Streamlit) turns uploads and table edits into new article
lists and is tested directly; ``render_*`` functions draw it. Articles are
frozen: every change builds a new list with ``dataclasses.replace``.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

import pandas as pd

from analysis.ingest.formats.common import ArticleLoadError, normalise_date, one_line, slug
from analysis.ingest.loading import load_uploads, make_unique_ids
from analysis.results import Article, ArticleResult

UPLOAD_TYPES = ("txt", "md", "markdown", "html", "htm", "pdf", "docx",
                "json", "jsonl", "ndjson", "csv", "tsv")
EDITABLE = {"source": "source", "title": "title", "date": "published"}  # column -> field
COLUMNS = ("id", "source", "title", "date", "sentences", "words", "remove")
PREVIEW_CHARS = 300
MAX_LINES_SHOWN = 100  # per article: a button each, so keep the page quick

Signature = tuple[str, int, str]


def upload_signature(name: str, data: bytes) -> Signature:
    """What makes an upload "the same file": its name, size and content hash."""
    return name, len(data), hashlib.sha256(data).hexdigest()


def fresh_uploads(
    batch: Sequence[tuple[str, bytes]], seen: Iterable[Signature]
) -> tuple[list[tuple[str, bytes]], list[Signature]]:
    """Files of the upload box not read yet, and the signatures of all files in the box.

    Streamlit reruns the page on every click with the same files in the box, so
    only files not seen before are read. Forgetting files that left the box lets
    a person add one again by removing it from the box and dropping it anew.
    """
    seen = set(seen)
    current: list[Signature] = []
    fresh: list[tuple[str, bytes]] = []
    for name, data in batch:
        signature = upload_signature(name, data)
        if signature in current:
            continue
        current.append(signature)
        if signature not in seen:
            fresh.append((name, data))
    return fresh, current


def add_articles(
    existing: Sequence[Article], new: Sequence[Article]
) -> tuple[list[Article], dict[str, str]]:
    """Existing articles then the new ones, and {old id: new id} for renamed newcomers.

    Existing ids never change; a new article whose id is taken gets ``-2``, ``-3``…
    """
    combined = make_unique_ids([*existing, *new])
    added = combined[len(existing):]
    renamed = {old.id: art.id for old, art in zip(new, added, strict=True) if old.id != art.id}
    return combined, renamed


def pasted_article(text: str, source: str = "", title: str = "") -> Article:
    """An article from pasted text, read like a .txt file (so the same limits apply).

    Raises ArticleLoadError with a message for people when there is nothing to add.
    """
    if not (text or "").strip():
        raise ArticleLoadError("There is no text to add: paste the article into the box first.")
    stem = slug(source or title) or "pasted"
    report = load_uploads([(f"{stem}.txt", text.encode("utf-8", errors="replace"))])
    if not report.articles:
        reason = report.problems[0].reason if report.problems else "it could not be read"
        raise ArticleLoadError(f"The pasted text cannot be used: {reason}.")
    article = report.articles[0]
    return replace(
        article,
        source=one_line(source) or article.source,
        title=one_line(title) or article.title,
        origin="pasted text",
    )


def missing_articles(existing: Sequence[Article], wanted: Sequence[Article]) -> list[Article]:
    """Articles of ``wanted`` whose text is not in the story yet (sample story twice = once)."""
    texts = {article.text for article in existing}
    return [article for article in wanted if article.text not in texts]


def remove_articles(articles: Sequence[Article], ids: Iterable[str]) -> list[Article]:
    """Every article except the given ids, order kept."""
    gone = set(ids)
    return [article for article in articles if article.id not in gone]


def articles_frame(
    articles: Sequence[Article], results: Mapping[str, ArticleResult] | None = None
) -> pd.DataFrame:
    """One row per article, in the order added; metadata as the analysis shows it.

    The analysis fills an empty source or title (from the id or first sentence),
    so the table shows what every other page shows.
    """
    results = results or {}
    rows = []
    for article in articles:
        result = results.get(article.id)
        shown = result.article if result else article
        text = result.cleaned_text if result else article.text
        rows.append({
            "remove": False,
            "id": article.id,
            "source": shown.source,
            "title": shown.title,
            "date": shown.published or "",
            "sentences": len(result.sentences) if result else None,
            "words": len(text.split()),
        })
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    return frame.astype({"sentences": "Int64", "words": "Int64"})


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    return str(value)


def table_changes(original: pd.DataFrame, edited: pd.DataFrame) -> dict[str, dict[str, str]]:
    """{article id: {field: new text}} for the cells a person changed in the table."""
    changes: dict[str, dict[str, str]] = {}
    for (_, before), (_, after) in zip(original.iterrows(), edited.iterrows(), strict=False):
        for column, field in EDITABLE.items():
            if _cell(after[column]).strip() != _cell(before[column]).strip():
                changes.setdefault(str(before["id"]), {})[field] = _cell(after[column])
    return changes


def apply_changes(
    articles: Sequence[Article], changes: Mapping[str, Mapping[str, str]]
) -> list[Article]:
    """Articles with edited metadata; an emptied cell clears the field."""
    updated = []
    for article in articles:
        fields = changes.get(article.id, {})
        values: dict[str, Any] = {  # metadata field names: replace() refuses others
            field: (normalise_date(value) if field == "published" else one_line(value))
            for field, value in fields.items()
        }
        updated.append(replace(article, **values) if values else article)
    return updated


def marked_for_removal(edited: pd.DataFrame) -> list[str]:
    """Ids whose "remove" box is ticked."""
    if edited.empty:
        return []
    return [str(row["id"]) for _, row in edited.iterrows() if bool(row["remove"])]


def editor_key(articles: Sequence[Article]) -> str:
    """Widget key of the table: new rows (or fewer) give a fresh table, no stale edits."""
    digest = hashlib.sha1("\n".join(a.id for a in articles).encode("utf-8")).hexdigest()
    return f"sources_table_{digest[:12]}"


def with_restored(restore: Mapping[str, Sequence[str]], article_id: str, line: str) -> dict:
    """A copy of the restore map with ``line`` put back into ``article_id``."""
    lines = list(restore.get(article_id, []))
    if line not in lines:
        lines.append(line)
    return {**restore, article_id: lines}


def without_restored(restore: Mapping[str, Sequence[str]], article_id: str, line: str) -> dict:
    """A copy of the restore map where ``line`` is removed by cleaning again."""
    lines = [kept for kept in restore.get(article_id, []) if kept != line]
    result = {key: list(value) for key, value in restore.items() if key != article_id}
    if lines:
        result[article_id] = lines
    return result


def preview(text: str, limit: int = PREVIEW_CHARS) -> str:
    """The start of a text, cut at a word boundary, with an ellipsis when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] or text[:limit]
    return cut + "…"




def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"
