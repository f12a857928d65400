"""Bad and hostile inputs, generated on demand (nothing big is stored in the repository).

Each :class:`Case` writes its files into a folder and says what a person must be told
(a phrase of the problem's reason, or of the command line's stderr). The tests run
every case through the loader and the command line next to two good articles; a
dozen marked ``browser`` also go through the real upload box; ``benchmarks/hostile.py``
times them all and records peak memory.
"""

from __future__ import annotations

import io
import json
import os
import random
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

GOOD = {
    "0-good-a.txt": "Officials opened the new bridge on Monday. The bridge cost 40 million "
                    "euros.\nTraffic is expected to fall in the old town.\n",
    "0-good-b.txt": "The new bridge opened on Monday, officials said. It cost 40 million "
                    "euros.\nShops in the old town hope for more visitors.\n",
}
_SENTENCE = "The council said the new bridge would open to traffic next week. "
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/></Types>'
)


@dataclass(frozen=True)
class Case:
    """One bad input: how to write it, and the phrase the person must read."""

    name: str
    build: Callable[[Path], list[Path]]  # writes into the folder, returns the paths to give
    message: str  # a phrase of the loader's problem reason and of the CLI's stderr
    loads: tuple[str, ...] = ()  # ids of articles that must load from the case itself
    browser: bool = False  # one of the representative dozen uploaded in the browser
    cli_args: tuple[str, ...] = ()  # extra command-line arguments
    with_good: bool = True  # two good articles are given beside it


def write(folder: Path, name: str, data: bytes | str) -> list[Path]:
    path = folder / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return [path]


def pdf_shared_stream(pages: int, lines: int, declared: int | None = None) -> bytes:
    """A PDF whose ``pages`` pages all draw one content stream of ``lines`` text lines: a
    small file that costs ``pages * lines`` lines of text extraction. ``declared`` is the
    page count the page tree claims (a lie when it differs)."""
    content = "BT /F1 11 Tf 72 720 Td 14 TL " + " ".join(
        f"(Line {k} of a page that every page repeats.) Tj T*" for k in range(lines)) + " ET"
    kids = " ".join(f"{5 + k} 0 R" for k in range(pages))
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {declared or pages} >>",
        f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ] + ["<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R "
         "/Resources << /Font << /F1 4 0 R >> >> >>"] * pages
    return pdf_document(objects)


def pdf_document(objects: list[str], info: int | None = None) -> bytes:
    """A PDF file of ``objects`` (numbered from 1, the first the catalog): header, bodies,
    cross-reference table and trailer; ``info`` is the number of a document-info object."""
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    size = len(objects) + 1
    out += f"xref\n0 {size}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    extra = f" /Info {info} 0 R" if info else ""
    out += f"trailer\n<< /Size {size} /Root 1 0 R{extra} >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def docx_bytes(parts: Iterable[bytes]) -> bytes:
    """A minimal .docx whose document part is written chunk by chunk (bombs stay small)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            for chunk in parts:
                part.write(chunk)
    return buffer.getvalue()


def _document(body: bytes, prolog: bytes = b"") -> list[bytes]:
    return [b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>', prolog,
            f'<w:document xmlns:w="{_W}"><w:body>'.encode(), body,
            b"</w:body></w:document>"]


def docx_paragraphs(paragraphs: list[str]) -> bytes:
    body = "".join(f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>" for text in paragraphs)
    return docx_bytes(_document(body.encode()))


def docx_tiny_paragraph_bomb(unpacked_mb: int = 190) -> bytes:
    """About 580 KB that unpacks to ``unpacked_mb`` MB of one-letter paragraphs."""
    paragraph = b"<w:p><w:r><w:t>a</w:t></w:r></w:p>"
    block = paragraph * (1024 * 1024 // len(paragraph))
    frame = _document(b"")
    return docx_bytes([*frame[:3], *([block] * unpacked_mb), *frame[4:]])


def docx_table_bomb(paragraphs: int = 1_300_000) -> bytes:
    """Over a million tiny paragraphs inside one table cell (not body paragraphs)."""
    cell = b"<w:p><w:r><w:t>a</w:t></w:r></w:p>" * paragraphs
    frame = _document(b"")
    return docx_bytes([*frame[:3], b"<w:tbl><w:tr><w:tc>", cell, b"</w:tc></w:tr></w:tbl>",
                       *frame[4:]])


def docx_billion_laughs() -> bytes:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{k} "{("&lol" + (str(k - 1) if k > 1 else "") + ";") * 10}">'
        for k in range(1, 10))
    prolog = f"<!DOCTYPE w:document [{entities}]>".encode()
    return docx_bytes(_document(b"<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>", prolog))


def docx_external_entity() -> bytes:
    prolog = b'<!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    return docx_bytes(_document(b"<w:p><w:r><w:t>&x;</w:t></w:r></w:p>", prolog))


def docx_huge_run(mb: int = 12) -> bytes:
    """One run holding ``mb`` MB of text without a break (libxml2 caps text nodes at 10 MB)."""
    return docx_bytes(_document(b"<w:p><w:r><w:t>" + b"a" * (mb * 1024 * 1024)
                                + b"</w:t></w:r></w:p>"))


def _sentences(count: int, seed: int = 0) -> str:
    rng = random.Random(seed)
    words = "bridge council traffic river mayor budget town road week city".split()
    return "".join(f"{' '.join(rng.choice(words) for _ in range(9)).capitalize()}. "
                   for _ in range(count))


def _json_lines(count: int) -> str:
    return "".join(json.dumps({"id": f"r{k}", "text": f"Record {k} says the bridge opened."})
                   + "\n" for k in range(count))


def _identical(folder: Path, count: int) -> list[Path]:
    sub = folder / "same"
    sub.mkdir()
    for k in range(count):
        (sub / f"copy-{k:03}.txt").write_text(GOOD["0-good-a.txt"])
    return [sub]


def _symlink_loop(folder: Path) -> list[Path]:
    loop = folder / "loop.txt"
    os.symlink(loop, loop)
    return [loop]


def _link(path: Path, target: Path) -> Path:
    os.symlink(target, path)
    return path


def _fifo(folder: Path) -> list[Path]:
    path = folder / "pipe.txt"
    os.mkfifo(path)
    return [path]


def _device(folder: Path) -> list[Path]:
    path = folder / "zero.txt"
    os.symlink("/dev/zero", path)
    return [path]


def _nested_html(depth: int) -> str:
    return ("<html><body>" + "<div>" * depth + "<p>Deep inside the page, the bridge opened.</p>"
            + "</div>" * depth + "</body></html>")


def _skipped_folder(folder: Path) -> list[Path]:
    """A folder of non-articles next to one article: skipped silently, the article loads."""
    sub = folder / "media"
    sub.mkdir()
    for name, data in {"photo.png": b"\x89PNG", "pack.zip": b"PK", ".hidden.txt": b"x"}.items():
        (sub / name).write_bytes(data)
    (sub / "caption.txt").write_text("The bridge at dusk.")
    return [sub]


_HOSTILE_HTML = (
    "<html><head><title>Bridge</title><script>alert('x')</script></head><body>"
    "<article><p>The bridge opened on Monday after years of work.</p>"
    "<img src=x onerror=\"alert('y')\"><svg onload=\"alert('z')\"><text>svg</text></svg>"
    "<p>Drivers <b onclick=\"steal()\">welcomed</b> the news.</p></article></body></html>"
)
_FORMULAS = ('title,source,text\n"=HYPERLINK(""http://evil"",""x"")",@SUM(A1),'
             '"=cmd|\' /C calc\'!A0 The bridge opened on Monday."\n'
             '-2+3,+cmd,"-2+3+cmd|\' /C calc\'!A0 Traffic fell."\n')


def _case_list() -> list[Case]:
    text = write
    return [
        Case("empty file", lambda f: text(f, "empty.txt", b""), "the file is empty",
             browser=True),
        Case("whitespace only", lambda f: text(f, "blank.txt", " \n\t\n  \r\n"),
             "contains only whitespace", browser=True),
        Case("NUL bytes only", lambda f: text(f, "nul.txt", b"\x00" * 500),
             "contains only whitespace"),
        Case("binary noise", lambda f: text(f, "noise.txt", random.Random(1).randbytes(4000)),
             "not text", browser=True),
        Case("file over 20 MB", lambda f: text(f, "huge.txt", b"a. " * (7 * 1024 * 1024 + 1)),
             "too large"),
        Case("5 MB line without punctuation", lambda f: text(f, "line.txt", "word " * 1_000_000),
             "too long (5,000,000 characters"),
        Case("400,000-character sentence", lambda f: text(f, "runon.txt", "word " * 80_000),
             "characters per sentence", browser=True),
        Case("1.9 M character article", lambda f: text(f, "long.txt", _sentences(33_500)),
             "the article is too long", browser=True),
        Case("too many sentences", lambda f: text(f, "dense.txt", "The mayor spoke. " * 3_500),
             "too many sentences"),
        Case("too many lines", lambda f: text(f, "lines.txt", "Short line\n" * 25_000),
             "too many paragraphs"),
        Case("UTF-16 without BOM", lambda f: text(f, "utf16.txt", _sentences(3).encode(
             "utf-16-le")), "", loads=("utf16",)),
        Case("legacy cp1252", lambda f: text(f, "cp1252.txt", "Caf\u00e9 owners were "
             "pleased, the mayor said.".encode("cp1252")), "", loads=("cp1252",)),
        Case("mixed line endings", lambda f: text(f, "mixed.txt", b"One line.\r\nTwo line.\r"
             b"Three line.\n"), "", loads=("mixed",)),
        Case("PDF of 900 pages sharing one 2,000-line stream", lambda f: text(
             f, "shared.pdf", pdf_shared_stream(900, 2000)), "the article is too long"),
        Case("PDF of 20,000 pages", lambda f: text(f, "pages.pdf", pdf_shared_stream(
             20_000, 1)), "pages; the limit is 1,000 pages"),
        Case("PDF whose page tree claims 10 of its 5,000 pages", lambda f: text(
             f, "liar.pdf", pdf_shared_stream(5_000, 1, declared=10)),
             "pages; the limit is 1,000 pages"),
        Case("damaged PDF", lambda f: text(f, "broken.pdf", b"%PDF-1.4\n garbage"),
             "this PDF is damaged"),
        Case("docx zip bomb (580 KB to 190 MB of tiny paragraphs)",
             lambda f: text(f, "bomb.docx", docx_tiny_paragraph_bomb()), "zip bomb",
             browser=True),
        Case("docx with 25,000 paragraphs", lambda f: text(f, "paragraphs.docx", docx_paragraphs(
             ["Para."] * 25_000)), "too many paragraphs", browser=True),
        Case("docx with 1.3 million paragraphs in a table", lambda f: text(
             f, "table.docx", docx_table_bomb()), "counting tables and text boxes"),
        Case("docx billion laughs", lambda f: text(f, "laughs.docx", docx_billion_laughs()),
             "billion laughs", browser=True),
        Case("docx external entity (XXE)", lambda f: text(f, "xxe.docx",
             docx_external_entity()), "billion laughs"),
        Case("docx damaged", lambda f: text(f, "damaged.docx", b"PK\x03\x04 not a zip"),
             "damaged or is not a .docx"),
        Case("docx with one 12 MB run", lambda f: text(f, "run.docx", docx_huge_run()),
             "the article is too long"),
        Case("old .doc saved as .docx", lambda f: text(f, "old.docx",
             b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600), "old Word .doc"),
        Case("hostile HTML (script, onerror, svg)", lambda f: text(f, "hostile.html",
             _HOSTILE_HTML), "", loads=("hostile",), browser=True),
        Case("deeply nested HTML", lambda f: text(f, "nested.html", _nested_html(50_000)),
             "nested more than 256 levels deep"),
        Case("CSV with a 50 MB field", lambda f: text(f, "field50.csv", "title,text\nA,\""
             + "a" * (50 * 1024 * 1024) + "\"\n"), "too large"),
        Case("CSV with a 5 MB field", lambda f: text(f, "field5.csv", "title,text\nA,\""
             + "word " * 1_000_000 + "\"\n"), "longer than", browser=True),
        Case("CSV formula cells", lambda f: text(f, "formulas.csv", _FORMULAS), "",
             loads=("formulas-1", "formulas-2")),
        Case("CSV without a text column", lambda f: text(f, "notext.csv", "a,b\n1,2\n"),
             "no text column"),
        Case("JSON Lines with 10,000 records", lambda f: text(f, "many.jsonl",
             _json_lines(10_000)), "at most 100 articles"),
        Case("JSON nested 100,000 deep", lambda f: text(f, "deep.json", "[" * 100_000
             + "]" * 100_000), "nested too deeply"),
        Case("damaged JSON", lambda f: text(f, "bad.json", '[{"text": "x"'), "damaged"),
        Case("JSON without articles", lambda f: text(f, "none.json", '{"a": 1}'),
             "holds no articles"),
        Case("300 identical articles", lambda f: _identical(f, 300),
             "the story already has 100 articles"),
        Case("one article only", lambda f: text(f, "single.txt", GOOD["0-good-a.txt"]),
             "only one article", loads=("single",), with_good=False),
        Case("duplicate ids in a bundle", lambda f: text(f, "dupes.json", json.dumps(
             [{"id": "same", "text": "First copy."}, {"id": "same", "text": "Second copy."}])),
             "", loads=("same", "same-2")),
        Case("symlink loop", _symlink_loop, "points to itself"),
        Case("broken link", lambda f: [_link(f / "gone.txt", f / "nowhere.txt")],
             "points to a file or folder that does not exist"),
        Case("missing path", lambda f: [f / "missing.txt"], "no such file or folder"),
        Case("named pipe", _fifo, "not a regular file"),
        Case("endless device (/dev/zero)", _device, "not a regular file"),
        Case("../ in a bundle's ids and names", lambda f: text(f, "paths.json", json.dumps(
             [{"id": "../../etc/passwd", "text": "Climbing out."},
              {"id": "..\\..\\boot.ini", "text": "Climbing out again."}])), "",
             loads=("etc-passwd", "boot.ini")),
        Case("ANSI escape and newline in a file name", lambda f: text(
             f, "evil\x1b[31m\nskipped fake.txt: forged.txt", b""), "\\x1b[31m\\nskipped"),
        Case("bidi override and zero-width in title and source", lambda f: text(
             f, "bidi.md", "---\ntitle: \u202eevil\u202c Tit\u200ble\nsource: "
             "Ne\u200bws\u2066\n---\nThe bridge opened.\n"), "", loads=("bidi",),
             browser=True),
        Case("Markdown in a source name", lambda f: text(f, "md.txt", "---\nsource: "
             "\"[x](http://evil) :red[b] **B**\"\n---\nThe bridge opened on Monday.\n"), "",
             loads=("md",), browser=True),
        Case("image and archive in a folder", _skipped_folder, "", loads=("caption",)),
        Case("Markdown of unclosed emphasis (quadratic to pair)", lambda f: text(
             f, "emphasis.md", "# Title\n\n" + "*a " * 80_000 + "\n"),
             "has a sentence of"),
        Case("Markdown of unclosed links and code", lambda f: text(
             f, "brackets.md", "A line.\n\n" + "[a `b ~~c " * 30_000 + "\n"),
             "has a sentence of"),
        Case("image given directly", lambda f: text(f, "photo.jpg", b"\xff\xd8\xff"),
             "is not an article"),
        Case("unsupported .odt", lambda f: text(f, "doc.odt", b"PK\x03\x04"),
             ".odt files are not supported"),
        Case("bad --threshold (not a number)", lambda f: [], "--threshold: 'abc' is not a "
             "number between 0 and 1", cli_args=("--threshold", "abc")),
        Case("bad --threshold (out of range)", lambda f: [], "--threshold: '2' is not a "
             "number between 0 and 1", cli_args=("--threshold", "2")),
        Case("bad --threshold (nan)", lambda f: [], "--threshold: 'nan' is not a number "
             "between 0 and 1", cli_args=("--threshold", "nan")),
    ]


CASES: tuple[Case, ...] = tuple(_case_list())


def write_good(folder: Path) -> list[Path]:
    return [path for name, body in GOOD.items() for path in write(folder, name, body)]
