"""Bundles: many articles in one JSON, JSON Lines, CSV or TSV file.

Field names are matched case-insensitively with common synonyms, so exports
from scrapers, news APIs and spreadsheets load without renaming columns. A
record without text is reported on its own; the other records still load.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator, Mapping

from analysis.ingest.budgets import MAX_ARTICLE_CHARS, MAX_RECORDS, check_article_text
from analysis.ingest.formats.common import (
    FIELD_SYNONYMS,
    ArticleLoadError,
    Extracted,
    Record,
    clean_text,
    normalise_date,
    normalise_keys,
    one_line,
    pick,
    slug,
)
from analysis.ingest.formats.webpage import parse_html

NO_TEXT = "record has no text"
_LIST_KEYS = ("articles", "items", "data", "records", "results", "documents", "entries")
_DELIMITERS = (",", ";", "\t", "|")
_TAG = re.compile(r"</?[A-Za-z][\w-]*(?:\s[^>]*)?/?>")
MAX_CELL = 4 * MAX_ARTICLE_CHARS  # markup around a text may make its cell longer


def _records_cut(number: int) -> Record:
    """The marker record after the last one read from an over-long bundle."""
    return Record(number, problem=(
        f"this record and the ones after it were not read: a file may hold at most "
        f"{MAX_RECORDS:,} articles (split the file to compare more)"))


def parse_json(text: str) -> list[Record]:
    """A list of objects, an object holding such a list, or one article object."""
    try:
        value = json.loads(text)
    except (ValueError, RecursionError) as error:
        if _looks_like_lines(text):
            return parse_json_lines(text)
        raise ArticleLoadError(_json_damage(error)) from error
    return _records_from_value(value)


def parse_json_lines(text: str) -> list[Record]:
    """One JSON object per line; a line that is not one is reported by its number."""
    records: list[Record] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        if len(records) == MAX_RECORDS:
            records.append(_records_cut(number))
            break
        try:
            value = json.loads(line)
        except (ValueError, RecursionError):
            records.append(Record(number, problem="this line is not valid JSON"))
            continue
        records.append(record_from_value(value, number))
    if records and all(record.extracted is None for record in records):
        try:  # a whole JSON document saved with a .jsonl name
            return _records_from_value(json.loads(text))
        except (ValueError, RecursionError, ArticleLoadError):
            pass
    return records


def _looks_like_lines(text: str) -> bool:
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    return len(lines) > 1 and all(line.startswith("{") for line in lines[:5])


def _json_damage(error: BaseException) -> str:
    if isinstance(error, json.JSONDecodeError):
        return f"this JSON file is damaged (the problem is near line {error.lineno})"
    return "this JSON file is damaged or nested too deeply to read"


def _records_from_value(value: object) -> list[Record]:
    if isinstance(value, Mapping):
        fields = normalise_keys(value)
        for key in _LIST_KEYS:
            if isinstance(fields.get(key), list):
                value = fields[key]
                break
        else:
            if pick(fields, "text"):
                return [record_from_value(value, 1)]
            raise ArticleLoadError(
                "this JSON file holds no articles (expected a list of objects with a text field)"
            )
    if not isinstance(value, list):
        raise ArticleLoadError("this JSON file holds no articles (expected a list of objects)")
    records = [record_from_value(item, number)
               for number, item in enumerate(value[:MAX_RECORDS], start=1)]
    if len(value) > MAX_RECORDS:
        records.append(_records_cut(MAX_RECORDS + 1))
    return records


def record_from_value(value: object, number: int) -> Record:
    """One bundle entry as an article, or the reason it cannot be one."""
    if not isinstance(value, Mapping):
        return Record(number, problem="record is not an object with named fields")
    fields = normalise_keys(value)
    raw = clean_text(pick(fields, "text", joiner="\n")).strip()
    if not raw:
        return Record(number, problem=NO_TEXT)
    try:
        page = parse_html(raw) if raw.startswith("<") and _TAG.search(raw) else None
    except ArticleLoadError as error:
        return Record(number, problem=error.reason)
    text = page.text if page else raw
    if not text.strip():
        return Record(number, problem=NO_TEXT)
    try:
        check_article_text(text)
    except ArticleLoadError as error:
        return Record(number, problem=error.reason)
    published = pick(fields, "published")
    extracted = Extracted(
        text=text,
        title=one_line(pick(fields, "title")) or (page.title if page else ""),
        source=one_line(pick(fields, "source")) or (page.source if page else ""),
        published=normalise_date(published) if published else (page.published if page else None),
        url=one_line(pick(fields, "url")) or (page.url if page else None),
        author=one_line(pick(fields, "author")) or (page.author if page else None),
    )
    return Record(number, extracted, record_id=slug(pick(fields, "id")))


def parse_table(text: str, delimiter: str | None = None) -> list[Record]:
    """CSV/TSV with a header row; records are numbered from the first data row."""
    csv.field_size_limit(MAX_CELL)
    header, _, _ = text.partition("\n")
    delimiter = delimiter or max(_DELIMITERS, key=header.count)
    rows = _rows(text, delimiter)
    names_row = next(rows, None)
    if names_row is None:
        raise ArticleLoadError("the file is empty")
    names = normalise_keys({name: None for name in names_row})
    if not any(name in names for name in FIELD_SYNONYMS["text"]):
        raise ArticleLoadError(
            "this table has no text column (the first row should name a column text, body "
            "or content)"
        )
    records: list[Record] = []
    for number, row in enumerate(rows, start=1):
        if not any(cell.strip() for cell in row):
            continue
        if len(records) == MAX_RECORDS:
            records.append(_records_cut(number))
            break
        records.append(record_from_value(dict(zip(names_row, row, strict=False)), number))
    return records


def _rows(text: str, delimiter: str) -> Iterator[list[str]]:
    """Rows read one at a time; damage is reported in words, with the row it is in."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    while True:
        try:
            yield next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            if "field larger than field limit" in str(error):
                raise ArticleLoadError(
                    f"a cell near line {reader.line_num:,} is longer than "
                    f"{MAX_CELL:,} characters, more than an article may hold"
                ) from error
            raise ArticleLoadError(
                "this table file is damaged (a quote is not closed)") from error
