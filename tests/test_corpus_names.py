"""Outlet names in corpus mode (issue 34): from the file's own metadata, its folder's
manifest or its file name, exactly as the Sources page names the same file; never from a
folder (an upload folder the Archive page made is the case people saw: "in")."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from analysis.corpus.reading import (
    archive_files,
    partitions,
    read_piece,
    read_refs,
    save_uploads,
)
from analysis.corpus.run import CorpusSettings, run_corpus
from analysis.ingest.loading import load_uploads
from analysis.ingest.naming import with_guessed_sources  # what the Sources page calls

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample_story"
MANIFEST = json.loads((SAMPLE / "manifest.json").read_text(encoding="utf-8"))["files"]
BODY = ("Fire crews fought a blaze at the Carrow Falls timber yard for six hours on Tuesday. "
        "Nobody was hurt, the fire chief said.")
PAGE = (f'<html><head><meta property="og:site_name" content="Harbour Herald">'
        f"<title>Timber yard fire</title></head><body><article><p>{BODY}</p></article>"
        f"</body></html>")
FRONT_MATTER = f"---\nsource: East Wire\ntitle: Timber yard fire\n---\n{BODY}\n"


def _outlets(paths: list[str]) -> dict[str, str]:
    """file name -> outlet of every article corpus mode reads at ``paths``."""
    files, problems = archive_files(paths)
    assert problems == []
    found = [a for part in partitions(files) for piece in part for a in read_piece(piece)[0]]
    again = read_refs([a.ref for a in found])  # the story pages read them again
    assert {a.ref: a.article.source for a in found} == {r: a.source for r, a in again.items()}
    return {Path(a.ref.path).name: a.article.source for a in found}


def _sources_page(files: dict[str, bytes]) -> dict[str, str]:
    """file name -> the outlet the Sources page shows for the same uploads."""
    articles, _ = with_guessed_sources(load_uploads(list(files.items())).articles)
    return {Path(a.origin).name.partition("#")[0]: a.source for a in articles}


def _write(folder: Path, files: dict[str, bytes]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder


def test_outlets_come_from_the_manifest_beside_the_files(tmp_path: Path) -> None:
    folder = _write(tmp_path / "in", {"a.txt": BODY.encode(), "b.txt": BODY.encode()})
    (folder / "manifest.json").write_text(json.dumps(
        {"files": {"a.txt": {"source": "Allied Press"}}}), encoding="utf-8")
    names = _outlets([str(folder)])
    assert names == {"a.txt": "Allied Press", "b.txt": "B"}  # b: no entry, its file name


def test_outlets_come_from_the_files_own_metadata(tmp_path: Path) -> None:
    files = {"page.html": PAGE.encode(), "note.md": FRONT_MATTER.encode(),
             "bundle.jsonl": json.dumps({"id": "w1", "source": "Wire One",
                                         "text": BODY}).encode() + b"\n"}
    names = _outlets([str(_write(tmp_path / "in", files))])
    assert names == {"page.html": "Harbour Herald", "note.md": "East Wire",
                     "bundle.jsonl": "Wire One"}
    assert names == _sources_page(files)


def test_a_file_that_names_no_outlet_is_named_after_its_file_as_on_sources(
        tmp_path: Path) -> None:
    files = {"coast_daily.txt": BODY.encode(), "the-harbour-post.txt": BODY.encode()}
    names = _outlets([str(_write(tmp_path / "in", files))])
    assert names == {"coast_daily.txt": "Coast Daily", "the-harbour-post.txt": "The Harbour Post"}
    assert names == _sources_page(files)


@pytest.mark.parametrize("folder", ["in", "coverage-lens-archive-0a1b2c3d4e5f/in",
                                    "extracted/Harbour Post"])
def test_a_file_is_never_named_after_its_folder(tmp_path: Path, folder: str) -> None:
    files = {"000_adeca93de2b3738f.txt": (SAMPLE / "000_adeca93de2b3738f.txt").read_bytes(),
             "coast_daily.txt": BODY.encode()}
    names = _outlets([str(_write(tmp_path / folder, files))])
    assert Path(folder).name not in names.values()
    assert names == _sources_page(files)


def _story_outlets(out: Path) -> dict[str, str]:
    stories = [json.loads(line) for line in (out / "stories.jsonl").read_text().splitlines()]
    return {Path(a["ref"]["path"]).name: a["source"] for s in stories for a in s["articles"]}


def test_the_sample_in_an_archive_keeps_its_manifest_names(tmp_path: Path) -> None:
    shutil.copytree(SAMPLE, tmp_path / "archive" / "in" / "sample")
    run_corpus([str(tmp_path / "archive")], tmp_path / "out", CorpusSettings(workers=0))
    assert _story_outlets(tmp_path / "out") == {
        name: entry["source"] for name, entry in MANIFEST.items()}
    outlets = json.loads((tmp_path / "out" / "outlets.json").read_text())["outlets"]
    assert {o["outlet"] for o in outlets} == {e["source"] for e in MANIFEST.values()}


def _uploads(*extra: Path) -> list[tuple[str, bytes]]:
    return [(p.name, p.read_bytes()) for p in [*sorted(SAMPLE.glob("*.txt")), *extra]]


def test_the_archive_pages_uploads_are_named_as_on_sources(tmp_path: Path) -> None:
    uploads = _uploads() + [("coast_daily.txt", BODY.encode()), ("page.html", PAGE.encode()),
                            ("odd [1].txt", BODY.encode())]
    paths = save_uploads(uploads, tmp_path / "coverage-lens-archive-0a1b2c3d4e5f" / "in")
    names = _outlets(paths)
    assert names == _sources_page(dict(uploads))
    assert names["coast_daily.txt"] == "Coast Daily" and names["odd [1].txt"] == "Odd [1]"
    assert "in" not in names.values()


def test_the_sample_uploaded_with_its_manifest_keeps_its_names(tmp_path: Path) -> None:
    paths = save_uploads(_uploads(SAMPLE / "manifest.json"), tmp_path / "in")
    run_corpus(paths, tmp_path / "out", CorpusSettings(workers=0))
    assert _story_outlets(tmp_path / "out") == {
        name: entry["source"] for name, entry in MANIFEST.items()}
    problems = (tmp_path / "out" / "problems.jsonl").read_text()
    assert problems == ""  # the manifest is read as the manifest, not as an article


def test_uploads_of_one_name_are_all_kept(tmp_path: Path) -> None:
    paths = save_uploads([("a.txt", b"first"), ("a.txt", b"second"), ("..", b"third"),
                          ("", b"fourth")], tmp_path / "in")
    files, problems = archive_files(paths)
    assert problems == [] and len(files) == 4
    assert [Path(f).read_bytes() for f in files] == [b"first", b"second", b"third", b"fourth"]
    assert [Path(f).name for f in files] == ["a.txt", "a.txt", "upload-3", "upload-4"]
    assert all(Path(f).is_relative_to(tmp_path / "in") for f in files)
