"""Loading articles from every supported format, and failing in plain words.

Fixtures are generated here (tmp_path, python-docx, a hand-written PDF) so
the tests show exactly which bytes produce which article.
"""

from __future__ import annotations

import io
import json
import os
import random
import re
from pathlib import Path
from types import SimpleNamespace

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader, PdfWriter

from analysis.ingest.loading import (
    SUPPORTED_EXTENSIONS,
    ArticleLoadError,
    decode_text,
    load_bytes,
    load_paths,
    load_uploads,
    make_unique_ids,
)
from analysis.results import Article, LoadProblem
from tests.hostile_corpus import pdf_document

SAMPLE_DIR = Path(__file__).resolve().parents[1] / "data" / "sample_story"
PNG_HEADER = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
HOSTILE = (
    "<script>alert(1)</script><img src=x onerror=alert(1)>"
    "<p>Hello <b>world</b>.</p>"
)
NEWS_PAGE = """<!DOCTYPE html>
<html><head>
<title>Kim shows off missiles to Shoigu | Example Times</title>
<meta property="og:title" content="Kim shows off missiles to Shoigu">
<meta property="og:site_name" content="Example Times">
<meta name="author" content="Jane Roe">
<meta property="article:published_time" content="2023-07-28T13:18:00+01:00">
<link rel="canonical" href="https://example.com/kim-shoigu">
<style>p { color: red }</style>
<script>window.tracking = "<p>not text</p>";</script>
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article>
<h1>Kim shows off missiles to Shoigu</h1>
<p>North Korean leader Kim Jong Un showed Russia’s defence minister Sergei Shoigu his
newest missiles at a <b>parade</b> in Pyongyang on Thursday, state media said.</p>
<p>The parade marked the 70th anniversary of the armistice that halted the fighting
of the 1950-53 Korean War, celebrated in the North as “Victory Day”.</p>
<p>Chinese officials also attended the event, which featured drones and rockets.</p>
</article>
<footer>Copyright 2023 Example Times. All rights reserved.</footer>
</body></html>
"""


# --- helpers ---------------------------------------------------------------


def _pdf_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(lines: list[str], title: str = "") -> bytes:
    """A minimal valid one-page PDF drawing ``lines`` in Helvetica, one per text line."""
    content = "BT /F1 11 Tf 72 720 Td 14 TL " + " ".join(
        f"({_pdf_escape(line)}) Tj T*" for line in lines
    ) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    if title:
        objects.append(f"<< /Title ({_pdf_escape(title)}) >>")
    return pdf_document(objects, info=len(objects) if title else None)


def make_docx(paragraphs: list[str], title: str = "", author: str = "") -> bytes:
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    document.core_properties.title = title
    document.core_properties.author = author
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def only(articles: list[Article]) -> Article:
    assert len(articles) == 1, articles
    return articles[0]


# --- sample story ------------------------------------------------------------


def test_sample_story_loads_with_stems_as_ids_and_curly_quotes_intact() -> None:
    report = load_paths([SAMPLE_DIR])
    files = sorted(SAMPLE_DIR.glob("*.txt"))
    assert report.problems == ()
    assert [article.id for article in report.articles] == [path.stem for path in files]
    assert [article.origin for article in report.articles] == [path.name for path in files]
    for article, path in zip(report.articles, files, strict=True):
        assert article.text == path.read_text(encoding="utf-8").strip()
    texts = {article.id: article.text for article in report.articles}
    assert "North Korea’s Military Parade" in texts["001_e04fe7b58e7037ad"]
    assert "“Victory Day.”" in texts["001_e04fe7b58e7037ad"]
    assert "Putin’s army chief" in texts["002_7c91d741beb2bec9"]


# --- plain text, Markdown and front matter -------------------------------------


def test_text_file_keeps_text_and_uses_stem_as_id() -> None:
    article = only(load_bytes(b"First line.\r\nSecond line.\r\n", "000_abc.txt"))
    assert article.id == "000_abc"
    assert article.origin == "000_abc.txt"
    assert article.text == "First line.\nSecond line."
    assert (article.title, article.source, article.published) == ("", "", None)


def test_front_matter_in_text_becomes_metadata() -> None:
    data = (
        b"---\ntitle: \"Kim meets Shoigu\"\nsource: Example Times\ndate: 28 July 2023\n"
        b"url: https://example.com/a\nauthor: Jane Roe\n---\nKim met Shoigu.\n"
    )
    article = only(load_bytes(data, "story.TXT"))
    assert article.text == "Kim met Shoigu."
    assert article.title == "Kim meets Shoigu"
    assert article.source == "Example Times"
    assert article.published == "2023-07-28"
    assert article.url == "https://example.com/a"
    assert article.author == "Jane Roe"


def test_leading_rule_without_key_value_lines_is_not_front_matter() -> None:
    data = b"---\nA plain sentence, not metadata at all.\n---\nBody text."
    article = only(load_bytes(data, "rule.txt"))
    assert article.text.startswith("---\nA plain sentence")
    assert article.title == ""


def test_unparseable_front_matter_date_is_kept_raw() -> None:
    article = only(load_bytes(b"---\npublished: last Thursday\n---\nText.", "a.txt"))
    assert article.published == "last Thursday"


def test_markdown_markup_is_stripped_lightly() -> None:
    markdown = (
        "---\ntitle: Parade\nauthors:\n  - Jane Roe\n  - John Doe\n---\n"
        "# Kim *hosts* Shoigu\n\n"
        "Kim Jong Un **hosted** a [delegation](https://example.com/x) led by\n"
        "Sergei Shoigu ![photo](p.png) in snake_case_town.\n\n"
        "Second paragraph with `code` and __bold__.\n\n"
        "```\nkeep **this** verbatim\n```\n"
    )
    article = only(load_bytes(markdown.encode(), "story.md"))
    assert article.title == "Parade"
    assert article.author == "Jane Roe, John Doe"
    assert article.text == (
        "Kim hosts Shoigu\n\n"
        "Kim Jong Un hosted a delegation led by Sergei Shoigu in snake_case_town.\n\n"
        "Second paragraph with code and bold.\n\n"
        "keep **this** verbatim"
    )


def test_markdown_extension_variant_and_curly_quotes() -> None:
    article = only(load_bytes("It’s “Victory Day”.".encode(), "notes.markdown"))
    assert article.text == "It’s “Victory Day”."


# --- decoding ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\xef\xbb\xbfCaf\xc3\xa9 \xe2\x80\x9cq\xe2\x80\x9d", "Café “q”"),
        ("\ufeffCafé “q”\r\nline".encode("utf-16-le"), "Café “q”\nline"),
        ("\ufeffCafé “q”\r\nline".encode("utf-16-be"), "Café “q”\nline"),
        ("\ufeffCafé “q”".encode("utf-32"), "Café “q”"),
        ("Plain ASCII text in UTF-16 without a mark.".encode("utf-16-le"),
         "Plain ASCII text in UTF-16 without a mark."),
        ("He said “hello” to José at the café.".encode("cp1252"),
         "He said “hello” to José at the café."),
        ("Le président a déclaré « non » à l’été.".encode("cp1252"),
         "Le président a déclaré « non » à l’été."),
        ("naïve façade déjà vu".encode("latin-1"), "naïve façade déjà vu"),
        ("Prezydent powiedział, że Polska będzie wspierać Ukrainę.".encode("cp1250"),
         "Prezydent powiedział, że Polska będzie wspierać Ukrainę."),
        ("Привет, как дела? Это тест на русском языке.".encode("cp1251"),
         "Привет, как дела? Это тест на русском языке."),
        ("これは日本語のテキストです。ニュース記事。".encode("shift_jis"),
         "これは日本語のテキストです。ニュース記事。"),
    ],
    ids=["utf8-bom", "utf16le-bom", "utf16be-bom", "utf32-bom", "utf16-no-bom", "cp1252",
         "cp1252-french", "latin1", "cp1250", "cp1251", "shift_jis"],
)
def test_decode_text_encodings(data: bytes, expected: str) -> None:
    assert decode_text(data) == expected


def test_decode_text_cleans_without_changing_characters() -> None:
    prose = "A sentence of ordinary prose keeps its “curly” and ‘single’ quotes and ﬁ. "
    raw = f"a\r\nb\rc\x00d\x07e\tf\x0cg {prose}".encode()
    assert decode_text(raw) == f"a\nb\ncde\tf\ng {prose}"
    assert decode_text("Cafe\u0301".encode()) == "Café"  # NFC composes, nothing more


@pytest.mark.parametrize(
    "data",
    [PNG_HEADER + random.Random(1).randbytes(600), bytes(range(32)) * 20, b"\x00\x01text" * 50],
    ids=["png", "controls", "nuls"],
)
def test_binary_data_is_refused(data: bytes) -> None:
    with pytest.raises(ArticleLoadError, match="not text"):
        decode_text(data)
    with pytest.raises(ArticleLoadError, match=r"^x\.txt: this file is not text"):
        load_bytes(data, "x.txt")


@pytest.mark.parametrize(
    ("data", "message"),
    [(b"", "the file is empty")] + [
        (data, r"the file contains only whitespace \(no text\)") for data in
        [b"  \n\t\r\n ", "\ufeff".encode(), "\ufeff  \r\n".encode("utf-16"), b" \x00\n" * 40]],
)
def test_empty_and_blank_files_are_refused_in_their_own_words(data: bytes, message: str) -> None:
    with pytest.raises(ArticleLoadError, match=rf"^nothing\.txt: {message}$"):
        load_bytes(data, "nothing.txt")


# --- HTML ------------------------------------------------------------------------


def test_html_article_text_and_metadata() -> None:
    article = only(load_bytes(NEWS_PAGE.encode(), "page.HTML"))
    assert article.id == "page"
    assert article.title == "Kim shows off missiles to Shoigu"
    assert article.source == "Example Times"
    assert article.author == "Jane Roe"
    assert article.published == "2023-07-28"
    assert article.url == "https://example.com/kim-shoigu"
    lines = article.text.split("\n")
    assert any(line.startswith("North Korean leader Kim Jong Un showed Russia’s") for line in lines)
    assert any(line.startswith("Chinese officials also attended") for line in lines)
    assert "“Victory Day”" in article.text
    assert "not text" not in article.text and "color" not in article.text
    assert "All rights reserved" not in article.text


def test_hostile_html_comes_out_as_plain_text() -> None:
    article = only(load_bytes(HOSTILE.encode(), "evil.htm"))
    assert article.text == "Hello world."
    assert "<" not in article.text and "script" not in article.text
    assert "onerror" not in article.text and "alert" not in article.text


def test_html_with_javascript_links_keeps_only_words() -> None:
    page = '<p>Read <a href="javascript:alert(1)">this</a> now.</p><p>Next <i>one</i>.</p>'
    article = only(load_bytes(page.encode(), "links.html"))
    assert article.text == "Read this now.\nNext one."


def test_html_declared_legacy_charset() -> None:
    page = '<html><head><meta charset="windows-1252"><title>Café</title></head>'
    page += "<body><p>“Quoted” café text.</p></body></html>"
    article = only(load_bytes(page.encode("cp1252"), "legacy.html"))
    assert article.text == "“Quoted” café text."
    assert article.title == "Café"


def test_html_without_text_is_refused() -> None:
    with pytest.raises(ArticleLoadError, match="no article text"):
        load_bytes(b"<html><body><script>x()</script></body></html>", "blank.html")


# --- PDF -----------------------------------------------------------------------------

PDF_LINES = [
    "Parade in Pyongyang",
    "Kim Jong Un hosted a military delegation led by the Russian defence",
    "minister Sergei Shoigu at a parade on Thursday, state media said in a long-",
    "winded report on the celebrations.",
    "A second paragraph starts here and runs on for quite a while as well,",
    "ending on this short line.",
]


def test_pdf_text_is_reflowed_into_paragraphs() -> None:
    assert "long-\nwinded" in PdfReader(io.BytesIO(make_pdf(PDF_LINES))).pages[0].extract_text()
    article = only(load_bytes(make_pdf(PDF_LINES, title="Parade report"), "report.pdf"))
    assert article.title == "Parade report"
    assert article.text.split("\n\n") == [
        "Parade in Pyongyang",
        "Kim Jong Un hosted a military delegation led by the Russian defence minister Sergei "
        "Shoigu at a parade on Thursday, state media said in a longwinded report on the "
        "celebrations.",
        "A second paragraph starts here and runs on for quite a while as well, ending on this "
        "short line.",
    ]


def test_pdf_without_text_is_refused() -> None:
    with pytest.raises(ArticleLoadError, match=r"^scan\.pdf: this PDF has no extractable text"):
        load_bytes(make_pdf([]), "scan.pdf")


def test_password_protected_pdf_is_refused() -> None:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(PDF_LINES))))
    writer.encrypt(user_password="secret", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(ArticleLoadError, match="password-protected"):
        load_bytes(buffer.getvalue(), "locked.pdf")


def test_damaged_pdf_is_refused() -> None:
    with pytest.raises(ArticleLoadError, match=r"^broken\.pdf: this PDF is damaged"):
        load_bytes(b"%PDF-1.4\nthis is not really a pdf", "broken.pdf")


# --- DOCX ----------------------------------------------------------------------------


def test_docx_paragraphs_title_and_author() -> None:
    data = make_docx(["Kim met Shoigu.", "It’s “Victory Day”."], title="Parade", author="Jo")
    article = only(load_bytes(data, "word.docx"))
    assert article.text == "Kim met Shoigu.\nIt’s “Victory Day”."
    assert article.title == "Parade"
    assert article.author == "Jo"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"PK\x03\x04 not really a zip", "damaged"),
        (b"just some text", "damaged"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old Word .doc"),
    ],
)
def test_bad_docx_is_refused(data: bytes, message: str) -> None:
    with pytest.raises(ArticleLoadError, match=message):
        load_bytes(data, "bad.docx")


# --- bundles ----------------------------------------------------------------------------


def test_jsonl_bundle_with_synonyms_and_a_record_without_text() -> None:
    lines = [
        {"Headline": "One", "BODY": "First text.", "Outlet": "A", "pubDate": "2023-07-28"},
        {"title": "Two", "summary": "no text field here"},
        {"ID": "Story #3", "content": "Third text.", "byline": ["Jo", "Al"], "link": "u"},
        "not an object",
    ]
    data = "\n".join(json.dumps(line) for line in lines).encode() + b"\n\n{broken\n"
    report = load_uploads([("bundle.jsonl", data)])
    assert [(a.id, a.origin) for a in report.articles] == [
        ("bundle-1", "bundle.jsonl#1"),
        ("Story-3", "bundle.jsonl#3"),
    ]
    first, third = report.articles
    assert (first.title, first.source, first.published, first.text) == (
        "One", "A", "2023-07-28", "First text.",
    )
    assert (third.author, third.url) == ("Jo, Al", "u")
    assert report.problems == (
        LoadProblem("bundle.jsonl#2", "record has no text"),
        LoadProblem("bundle.jsonl#4", "record is not an object with named fields"),
        LoadProblem("bundle.jsonl#6", "this line is not valid JSON"),
    )
    assert [a.id for a in load_bytes(data, "bundle.ndjson")] == ["bundle-1", "Story-3"]


@pytest.mark.parametrize("wrapper", [None, "articles", "items", "data"])
def test_json_bundle_shapes(wrapper: str | None) -> None:
    records = [
        {"id": 7, "text": "Seven.", "source": {"id": "x", "name": "News API Site"}},
        {"id": 7, "maintext": "Also seven."},
        {"title": "No text"},
    ]
    value = records if wrapper is None else {"status": "ok", wrapper: records}
    report = load_uploads([("set.json", json.dumps(value).encode())])
    assert [a.id for a in report.articles] == ["7", "7-2"]
    assert report.articles[0].source == "News API Site"
    assert report.problems == (LoadProblem("set.json#3", "record has no text"),)


def test_json_single_object_and_html_text_field() -> None:
    value = {"title": "T", "full_text": HOSTILE, "date": "Fri, 28 Jul 2023 13:18:00 +0100"}
    article = only(load_bytes(json.dumps(value).encode(), "one.json"))
    assert article.id == "one-1"
    assert article.text == "Hello world."
    assert article.title == "T"
    assert article.published == "2023-07-28T13:18:00+01:00"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'{"status": "ok"}', "holds no articles"),
        (b"[1, 2", "damaged"),
        (b"[]", "no records"),
        (b'[{"title": "x"}, {"title": "y"}]', "none of its 2 records"),
    ],
)
def test_unusable_json_bundles_raise(data: bytes, message: str) -> None:
    with pytest.raises(ArticleLoadError, match=message):
        load_bytes(data, "bad.json")


_LONG_CELL = ("A long sentence that goes on and on as sentences in official reports so often "
              "do and then goes on. ") * 1_500


def test_csv_bundle_with_quoting_synonyms_and_missing_text() -> None:
    data = (
        "Headline,Article,Publisher,Published_At,URL\n"
        '"Kim, Shoigu","He said ""no"".\nSecond line.",Example,2023-07-28T10:00:00Z,u1\n'
        "Empty,,Example,,\n"
        f"Big,{_LONG_CELL},Example,,\n"
    ).encode("utf-8-sig")
    report = load_uploads([("sheet.csv", data)])
    assert [a.id for a in report.articles] == ["sheet-1", "sheet-3"]
    first = report.articles[0]
    assert first.title == "Kim, Shoigu"
    assert first.text == 'He said "no".\nSecond line.'
    assert first.source == "Example"
    assert first.published == "2023-07-28T10:00:00+00:00"
    assert report.articles[1].text == _LONG_CELL.strip()  # beyond csv's default cell limit
    assert report.problems == (LoadProblem("sheet.csv#2", "record has no text"),)


def test_tsv_and_semicolon_tables() -> None:
    tsv = b"title\ttext\nA\tFirst, with comma.\nB\tSecond.\n"
    assert [a.text for a in load_bytes(tsv, "t.tsv")] == ["First, with comma.", "Second."]
    semicolon = "title;body\nA;Un texte, avec virgule.\n".encode("cp1252")
    assert only(load_bytes(semicolon, "s.csv")).text == "Un texte, avec virgule."


def test_table_without_text_column_is_refused() -> None:
    with pytest.raises(ArticleLoadError, match="no text column"):
        load_bytes(b"title,date\nA,2023-01-01\n", "t.csv")


# --- ids, folders and uploads --------------------------------------------------------


def test_make_unique_ids_appends_numbers_and_avoids_existing_ids() -> None:
    articles = [Article(id=name, text="t") for name in ["a", "a", "a-2", "a", "b"]]
    assert [a.id for a in make_unique_ids(articles)] == ["a", "a-3", "a-2", "a-4", "b"]


def test_duplicate_stems_get_unique_ids(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Text one.", encoding="utf-8")
    (tmp_path / "a.html").write_text("<p>Text two.</p>", encoding="utf-8")
    (tmp_path / "nested").mkdir()
    (tmp_path / "nested" / "a.md").write_text("Text *three*.", encoding="utf-8")
    report = load_paths([tmp_path])
    assert [(a.id, a.origin) for a in report.articles] == [
        ("a", "a.html"), ("a-2", "a.txt"), ("a-3", "nested/a.md"),
    ]
    uploads = load_uploads([("x.txt", b"One."), ("x.txt", b"Two."), ("x.txt", b"Three.")])
    assert [a.id for a in uploads.articles] == ["x", "x-2", "x-3"]


def test_folder_with_a_bad_file_among_good_ones(tmp_path: Path) -> None:
    (tmp_path / "good1.txt").write_text("Good one.", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(PNG_HEADER + os.urandom(200))
    (tmp_path / "empty.md").write_bytes(b"")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff" + os.urandom(50))
    (tmp_path / ".hidden.txt").write_text("Hidden.", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD.txt").write_text("ref", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "good2.docx").write_bytes(make_docx(["Good two."]))
    (tmp_path / "notes.xyz").write_text("Sniffed as text.", encoding="utf-8")
    (tmp_path / "mystery.dat").write_bytes(os.urandom(300))
    report = load_paths([str(tmp_path)])
    assert [(a.id, a.text) for a in report.articles] == [
        ("good1", "Good one."), ("notes", "Sniffed as text."), ("good2", "Good two."),
    ]
    assert [(p.name, p.reason) for p in report.problems] == [
        ("bad.txt", "this file is not text (it looks binary)"),
        ("empty.md", "the file is empty"),
        ("mystery.dat", "this file is not text (it looks binary)"),
    ]


def test_missing_path_and_empty_folder_are_problems(tmp_path: Path) -> None:
    good = tmp_path / "story.txt"
    good.write_text("A story.", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    report = load_paths([tmp_path / "missing.txt", good, tmp_path / "empty"])
    assert [a.id for a in report.articles] == ["story"]
    assert report.problems == (
        LoadProblem(str(tmp_path / "missing.txt"), "no such file or folder"),
        LoadProblem(str(tmp_path / "empty"), "this folder has no article files"),
    )


def test_uploads_report_problems_per_file() -> None:
    report = load_uploads(
        [("good.txt", b"Fine."), ("pic.png", PNG_HEADER), ("doc.pdf", b"nope"), ("x", b"Hi.")]
    )
    assert [a.id for a in report.articles] == ["good", "x"]
    assert [p.name for p in report.problems] == ["pic.png", "doc.pdf"]
    assert "not an article" in report.problems[0].reason


def test_an_uploaded_manifest_names_the_files_uploaded_with_it() -> None:
    """As in a folder: a person who uploads the sample's files selects its manifest too."""
    folder = Path(__file__).resolve().parents[1] / "data" / "sample_story"
    uploads = [(path.name, path.read_bytes()) for path in sorted(folder.iterdir())]
    report = load_uploads(uploads)
    from_folder = load_paths([folder])
    assert report.problems == ()
    assert [(a.id, a.source, a.title, a.published) for a in report.articles] == [
        (a.id, a.source, a.title, a.published) for a in from_folder.articles]
    assert "ABP Live" in {a.source for a in report.articles}
    # a browser that sends a folder part with the name ("story/manifest.json") names the same
    with_folders = load_uploads([(f"story/{name}", data) for name, data in uploads])
    assert [a.source for a in with_folders.articles] == [a.source for a in report.articles]


def test_a_manifest_alone_or_not_a_manifest_is_said() -> None:
    manifest = json.dumps({"files": {"elsewhere.txt": {"source": "Harbour Post"}}}).encode()
    alone = load_uploads([("manifest.json", manifest), ("coast_daily.txt", b"A story.")])
    assert [(a.id, a.source) for a in alone.articles] == [("coast_daily", "")]
    assert [p.name for p in alone.problems] == ["manifest.json"]
    assert "none of the files it names" in alone.problems[0].reason
    # a manifest.json without a files mapping is read like any other JSON file
    other = load_uploads([("manifest.json", b'{"text": "Not a manifest but an article."}')])
    assert [a.text for a in other.articles] == ["Not a manifest but an article."]
    assert other.problems == ()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("scan.PNG", "this kind of file (.png) is not an article"),
        ("old.doc", ".doc files are not supported; save the file as .docx"),
        ("sheet.xlsx", ".xlsx files are not supported"),
    ],
)
def test_known_non_article_files_get_advice(name: str, message: str) -> None:
    with pytest.raises(ArticleLoadError, match="^" + re.escape(f"{name}: {message}")):
        load_bytes(b"whatever", name)


def test_empty_path_string_is_not_the_current_folder() -> None:
    report = load_paths([""])
    assert report.articles == ()
    assert report.problems == (LoadProblem("''", "no such file or folder"),)


def test_size_and_length_limits(tmp_path: Path) -> None:
    big = b"a" * (20 * 1024 * 1024 + 1)
    limit = r"too large \(20\.0 MB; the limit is 20 MB per file\)"
    with pytest.raises(ArticleLoadError, match=limit):
        load_bytes(big, "big.txt")
    (tmp_path / "big.txt").write_bytes(big)
    assert "too large" in load_paths([tmp_path]).problems[0].reason
    with pytest.raises(ArticleLoadError, match="too long"):
        load_bytes(b"word " * 400_001, "long.txt")


def test_error_message_is_one_plain_sentence() -> None:
    with pytest.raises(ArticleLoadError) as caught:
        load_bytes(make_pdf([]), "report.pdf")
    assert str(caught.value) == (
        "report.pdf: this PDF has no extractable text (it may be a scanned image)"
    )
    assert caught.value.reason.startswith("this PDF")


# --- totality --------------------------------------------------------------------------

_NAMES = st.sampled_from([f"f{ext}" for ext in SUPPORTED_EXTENSIONS] + ["f", "f.bin", "f.PNG"])
_PREFIXES = st.sampled_from(
    [b"", b"%PDF-1.4\n", b"PK\x03\x04", b"<html><p>", b"[{\"text\": ", b"{", b"\xff\xfe",
     b"\xef\xbb\xbf", b"---\ntitle: x\n---\n", b"text,title\n"]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prefix=_PREFIXES, body=st.binary(max_size=600), name=_NAMES)
def test_any_bytes_load_or_raise_article_load_error(prefix: bytes, body: bytes, name: str) -> None:
    try:
        articles = load_bytes(prefix + body, name)
    except ArticleLoadError as error:
        assert str(error).startswith(f"{name}: ")
        return
    assert articles and all(isinstance(article, Article) for article in articles)
    assert all(article.text.strip() for article in articles)
    assert len({article.id for article in articles}) == len(articles)


@settings(max_examples=60, deadline=None)
@given(text=st.text(max_size=300), name=_NAMES)
def test_any_text_loads_or_raises_article_load_error(text: str, name: str) -> None:
    try:
        load_bytes(text.encode("utf-8", "surrogatepass"), name)
    except ArticleLoadError:
        pass


def _within(seconds: float, call):
    """``call()``'s outcome, from a thread that must end in ``seconds`` (a regression that
    blocks fails the test instead of holding the run)."""
    import threading

    outcome: list[object] = []

    def run() -> None:
        try:
            outcome.append(call())
        except Exception as error:  # noqa: BLE001 - handed to the test
            outcome.append(error)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still blocked after {seconds} s"
    return outcome[0]


def test_a_pipe_is_refused_on_the_open_file_without_waiting(tmp_path: Path):
    """The check is made on the open descriptor, so a file swapped for a pipe after a
    check by name cannot hold the reader (a plain open of a pipe waits for a writer)."""
    from analysis.ingest.formats.common import NOT_REGULAR, read_regular

    os.mkfifo(tmp_path / "pipe.txt")
    error = _within(10, lambda: read_regular(tmp_path / "pipe.txt", 100))
    assert isinstance(error, ArticleLoadError) and error.reason == NOT_REGULAR
    (tmp_path / "plain.txt").write_bytes(b"x" * 300)
    assert _within(10, lambda: read_regular(tmp_path / "plain.txt", 100)) == b"x" * 101


def test_a_file_whose_read_would_wait_is_refused_in_words(tmp_path: Path, monkeypatch):
    """As ``/proc/kmsg``: it says it is a regular file, and a read waits for data that may
    never come. A pipe with a writer that writes nothing stands in for it."""
    from analysis.ingest.formats import common

    pipe = tmp_path / "kmsg"
    os.mkfifo(pipe)
    reader = os.open(pipe, os.O_RDONLY | os.O_NONBLOCK)
    writer = os.open(pipe, os.O_WRONLY | os.O_NONBLOCK)
    monkeypatch.setattr(common, "stat", SimpleNamespace(S_ISREG=lambda mode: True))
    try:
        error = _within(10, lambda: common.read_regular(pipe, 100))
    finally:
        os.close(writer)
        os.close(reader)
    assert isinstance(error, ArticleLoadError) and error.reason == common.WOULD_WAIT
    assert "may never come" in error.reason
