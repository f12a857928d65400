"""Budgets are enforced while reading: hostile files stop early with the limit in words."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from analysis.ingest import budgets
from analysis.ingest.formats.common import ArticleLoadError
from analysis.ingest.loading import load_bytes, load_uploads
from analysis.results import Article
from tests import hostile_corpus as corpus

ROOT = Path(__file__).resolve().parents[1]


def reason(data: bytes, name: str) -> str:
    with pytest.raises(ArticleLoadError) as caught:
        load_bytes(data, name)
    return caught.value.reason


def test_upload_limit_of_the_server_is_the_apps_own() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] * budgets.MB == budgets.MAX_FILE_BYTES


def test_small_docx_unpacking_to_190_mb_is_a_zip_bomb() -> None:
    data = corpus.docx_tiny_paragraph_bomb()
    assert len(data) < 1024 * 1024
    assert "zip bomb" in reason(data, "bomb.docx")


def test_docx_under_the_unpacked_budget_stops_at_the_paragraph_budget() -> None:
    data = corpus.docx_tiny_paragraph_bomb(unpacked_mb=40)  # passes the size check
    assert "too many paragraphs (more than 20,000" in reason(data, "many.docx")


def test_docx_entities_huge_runs_and_damage_get_their_own_words() -> None:
    assert "billion laughs" in reason(corpus.docx_billion_laughs(), "a.docx")
    assert "billion laughs" in reason(corpus.docx_external_entity(), "b.docx")
    assert "one paragraph holds over 10 MB" in reason(corpus.docx_huge_run(), "c.docx")
    assert "damaged or is not a .docx" in reason(b"PK\x03\x04 broken", "d.docx")


def test_streamed_docx_reads_body_paragraphs_tabs_and_breaks() -> None:
    body = (b'<w:p><w:r><w:t xml:space="preserve">Kim </w:t></w:r><w:hyperlink><w:r><w:t>met'
            b"</w:t></w:r></w:hyperlink><w:r><w:tab/><w:t>Shoigu.</w:t><w:br/></w:r></w:p>"
            b"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>table cell</w:t></w:r></w:p></w:tc></w:tr>"
            b"</w:tbl><w:p><w:r><w:t>Second &amp; last.</w:t></w:r></w:p>")
    article, = load_bytes(corpus.docx_bytes(corpus._document(body)), "word.docx")
    assert article.text == "Kim met\tShoigu.\n\nSecond & last."


@pytest.mark.parametrize(("text", "phrase"), [
    ("word " * 80_000, "a sentence of 399,999 characters"),
    ("The mayor spoke. " * 3_500, "too many sentences (3,500; the limit is 3,000"),
    ("Line\n" * 25_000, "too many paragraphs (25,000"),
    ("Words go here. " * 40_000, "too long (599,999 characters; the limit is 500,000"),
])
def test_article_budgets_name_the_limit(text: str, phrase: str) -> None:
    assert phrase in reason(text.encode(), "a.txt")


def test_bundles_stop_at_the_record_budget() -> None:
    report = load_uploads([("many.jsonl", corpus._json_lines(10_000).encode())])
    assert len(report.articles) == budgets.MAX_RECORDS
    assert report.problems[-1].name == "many.jsonl#101"
    assert "at most 100 articles" in report.problems[-1].reason


def test_story_budget_refuses_what_does_not_fit_and_keeps_the_rest(monkeypatch) -> None:
    monkeypatch.setattr(budgets, "MAX_STORY_SENTENCES", 5)
    story = [Article(id="old", text="One here. Two here. Three here.")]
    files = [("big.txt", b"One here. Two here. Three here."), ("small.txt", b"Fits well.")]
    report = load_uploads(files, story=story)
    assert [a.id for a in report.articles] == ["small"]
    assert report.problems[0].name == "big.txt"
    assert "the limit is 5 sentences per story" in report.problems[0].reason


def test_story_article_budget_summarises_the_unread_files(monkeypatch) -> None:
    monkeypatch.setattr(budgets, "MAX_STORY_ARTICLES", 2)
    files = [(f"f{k}.txt", b"Same text.") for k in range(5)]
    report = load_uploads(files)
    assert [a.id for a in report.articles] == ["f0", "f1"]
    assert report.problems[-1].name == "f2.txt and 2 more"
    assert "already has 2 articles" in report.problems[-1].reason
