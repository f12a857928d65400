"""Issue 36: a corpus result folder is data, so the Archive page reads it under a
containment rule (``analysis.corpus.places``): result folders only under the archive
root, a story's articles only from inside its result folder (or the archive its run
recorded, under the root). A planted ``stories.jsonl`` that points at ``/etc/passwd`` or
``/proc/self/environ`` is refused before any byte of those files is read."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from analysis.corpus import reading
from analysis.corpus.places import (
    NotReadable,
    OutsideFolder,
    confined,
    own_file,
    result_folder,
    result_folders,
)
from analysis.corpus.results import read_result, story_articles, story_refs
from analysis.errors import AnalysisError
from tests.corpus_results import write_result

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample_story"
HOSTILE = ["/etc/passwd", "/proc/self/environ", "../../../../../../etc/passwd",
           "archive/../../outside.txt"]


def _with_articles(folder: Path) -> list[str]:
    """The sample's articles copied into ``folder/archive``; their references, relative."""
    shutil.copytree(SAMPLE, folder / "archive")
    return [f"archive/{p.name}" for p in sorted(SAMPLE.glob("*.txt"))]


# --- the containment check ---------------------------------------------------------------

def test_a_relative_reference_inside_the_folder_is_allowed(tmp_path: Path) -> None:
    (tmp_path / "archive").mkdir()
    (tmp_path / "archive" / "a.txt").write_text("text", encoding="utf-8")
    assert confined("archive/a.txt", tmp_path.resolve()) == (tmp_path / "archive" / "a.txt"
                                                             ).resolve()
    absolute = str(tmp_path / "archive" / "a.txt")
    assert confined(absolute, tmp_path.resolve()) == Path(absolute).resolve()


@pytest.mark.parametrize("reference", ["/etc/passwd", "/proc/self/environ", "/proc/1/root",
                                       "../outside.txt", "archive/../../outside.txt",
                                       "/etc", "archive\x00/a.txt"])
def test_references_leaving_the_folder_are_refused(tmp_path: Path, reference: str) -> None:
    folder = tmp_path / "result"
    (folder / "archive").mkdir(parents=True)
    (tmp_path / "outside.txt").write_text("secret", encoding="utf-8")
    with pytest.raises(OutsideFolder) as refused:
        confined(reference, folder.resolve())
    assert "/" not in str(refused.value) and "secret" not in str(refused.value)


def test_a_symlink_leaving_the_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "result"
    folder.mkdir()
    (tmp_path / "outside.txt").write_text("secret", encoding="utf-8")
    (folder / "link.txt").symlink_to(tmp_path / "outside.txt")
    (folder / "environ.txt").symlink_to("/proc/self/environ")
    (folder / "sub").symlink_to(tmp_path)  # a folder link: sub/outside.txt leaves too
    for name in ("link.txt", "environ.txt", "sub/outside.txt"):
        with pytest.raises(OutsideFolder):
            confined(name, folder.resolve())
    (folder / "inner.txt").write_text("ours", encoding="utf-8")
    (folder / "alias.txt").symlink_to(folder / "inner.txt")  # a link that stays: allowed
    assert confined("alias.txt", folder.resolve()) == (folder / "inner.txt").resolve()


def test_a_pipe_or_a_missing_file_inside_the_folder_is_not_read(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    for name in ("~nosuchuser", "missing.txt", "."):  # never a home folder: a name here
        with pytest.raises(NotReadable):
            confined(name, tmp_path.resolve())
    with pytest.raises(NotReadable, match="not a readable file"):
        confined("pipe.txt", tmp_path.resolve())


def test_another_allowed_folder_is_allowed(tmp_path: Path) -> None:
    (tmp_path / "archive").mkdir()
    (tmp_path / "archive" / "a.txt").write_text("text", encoding="utf-8")
    (tmp_path / "result").mkdir()
    with pytest.raises(OutsideFolder):
        confined(str(tmp_path / "archive" / "a.txt"), (tmp_path / "result").resolve())
    assert confined(str(tmp_path / "archive" / "a.txt"), (tmp_path / "result").resolve(),
                    [(tmp_path / "archive").resolve()]).name == "a.txt"


# --- a planted result folder -------------------------------------------------------------

def test_a_planted_story_is_refused_and_nothing_is_read(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "outside.txt").write_text("root:x:0:0:secret", encoding="utf-8")
    folder = tmp_path / "root" / "planted"
    folder.mkdir(parents=True)
    good = _with_articles(folder)
    (folder / "out.txt").symlink_to(tmp_path / "outside.txt")
    write_result(folder, [*good, *HOSTILE, "out.txt"])
    opened: list[str] = []
    real = reading.load_paths

    def spy(paths, *args, **kwargs):  # every file the story pages would read
        opened.extend(paths)
        return real(paths, *args, **kwargs)

    monkeypatch.setattr(reading, "load_paths", spy)
    result = read_result(folder, [tmp_path / "root"])
    with pytest.raises(OutsideFolder) as refused:
        story_articles(result.story(1), result)
    message = str(refused.value)
    assert "5 of its 10 articles" in message and "Nothing of them was read" in message
    assert "/" not in message and "passwd" not in message and "root:x" not in message
    assert opened == []  # refused whole, before any file of the story was opened


def test_a_story_inside_its_folder_is_read(tmp_path: Path) -> None:
    folder = tmp_path / "result"
    folder.mkdir()
    write_result(folder, _with_articles(folder))
    result = read_result(folder, [tmp_path])
    articles = story_articles(result.story(1), result)
    assert len(articles) == 5 and all(len(a.text) > 500 for a in articles)
    assert [a.id for a in articles] == [f"a{n}" for n in range(5)]


def test_the_recorded_archive_counts_only_under_a_root(tmp_path: Path) -> None:
    archive = tmp_path / "root" / "archive"
    shutil.copytree(SAMPLE, archive)
    paths = [str(p) for p in sorted(archive.glob("*.txt"))]
    folder = write_result(tmp_path / "root" / "result", paths, archive=str(archive))
    result = read_result(folder, [tmp_path / "root"])
    assert len(story_articles(result.story(1), result)) == 5
    # the same result, opened under a root that holds the folder but not the archive
    elsewhere = tmp_path / "other"
    shutil.copytree(folder, elsewhere / "result")
    moved = read_result(elsewhere / "result", [elsewhere])
    assert moved.archives == ()
    with pytest.raises(OutsideFolder):
        story_articles(moved.story(1), moved)
    # a planted record of "/" is not under the root: nothing outside is allowed by it
    planted = write_result(tmp_path / "root" / "planted", ["/etc/passwd"], archive="/")
    opened = read_result(planted, [tmp_path / "root"])
    assert opened.archives == ()
    with pytest.raises(OutsideFolder):
        story_refs(opened.story(1), opened)


def test_a_damaged_reference_is_refused_in_words(tmp_path: Path) -> None:
    folder = write_result(tmp_path / "result", ["a.txt"])
    line = json.loads((folder / "stories.jsonl").read_text())
    line["articles"][0]["ref"] = {"path": ["/etc/passwd"], "kind": "file", "position": 0}
    (folder / "stories.jsonl").write_text(json.dumps(line) + "\n", encoding="utf-8")
    result = read_result(folder, [tmp_path])
    with pytest.raises(AnalysisError, match="damaged in stories.jsonl"):
        story_articles(result.story(1), result)


def test_own_files_that_leave_the_folder_are_not_read(tmp_path: Path) -> None:
    folder = write_result(tmp_path / "result", [])
    (tmp_path / "problems.jsonl").write_text(json.dumps({"name": "secret", "reason": "x"}))
    (folder / "problems.jsonl").symlink_to(tmp_path / "problems.jsonl")
    (folder / "corpus.json").symlink_to("/proc/self/environ")
    assert own_file(folder.resolve(), "problems.jsonl") is None
    result = read_result(folder, [tmp_path])
    assert result.problems == () and result.summary == {}
    # an index that is a link out is no index at all
    (folder / "stories.jsonl").unlink()
    (folder / "stories.jsonl").symlink_to("/etc/passwd")
    with pytest.raises(AnalysisError, match="holds no stories.jsonl") as refused:
        read_result(folder, None)
    assert "passwd" not in str(refused.value) and str(tmp_path) not in str(refused.value)


# --- the root's listing ------------------------------------------------------------------

def test_only_result_folders_under_the_root_are_listed(tmp_path: Path) -> None:
    root = tmp_path / "root"
    write_result(root / "2024" / "wires", [])
    write_result(root / "one", [])
    (root / "one" / "inner").mkdir()  # a result's own subfolder is not searched
    write_result(root / "one" / "inner" / "nested", [])
    (root / "empty").mkdir()
    write_result(root / ".hidden", [])
    outside = write_result(tmp_path / "outside", [])
    (root / "link-out").symlink_to(outside)  # a symlink leaving the root: ignored
    (root / "link-in").symlink_to(root / "one")  # one staying inside: the same folder
    (root / "loop").symlink_to(root)
    fake = root / "fake"
    fake.mkdir()
    (fake / "stories.jsonl").symlink_to(outside / "stories.jsonl")  # an index out: ignored
    found = result_folders(root)
    assert found == [(root / "2024" / "wires").resolve(), (root / "one").resolve()]
    assert result_folders(tmp_path / "missing") == []


def test_a_folder_is_opened_only_under_a_root(tmp_path: Path) -> None:
    root = tmp_path / "root"
    inside = write_result(root / "r", [])
    outside = write_result(tmp_path / "outside", [])
    (root / "escape").symlink_to(outside)
    assert result_folder(inside, [root]) == inside.resolve()
    for folder in (outside, root / "escape", root / "r" / ".." / ".." / "outside",
                   "/etc", "/proc/1/root", root / "missing"):
        with pytest.raises(OutsideFolder) as refused:
            read_result(folder, [root])
        assert "/" not in str(refused.value)


def test_a_corpus_run_records_its_archive_and_refers_inside_relatively(tmp_path: Path) -> None:
    from analysis.corpus.run import CorpusSettings, run_corpus

    out = tmp_path / "result"
    shutil.copytree(SAMPLE, out / "archive")
    run_corpus([str(out / "archive")], out, CorpusSettings(workers=0))
    refs = [a["ref"]["path"] for line in (out / "stories.jsonl").read_text().splitlines()
            for a in json.loads(line)["articles"]]
    assert refs and all(r.startswith("archive/") for r in refs)
    record = json.loads((out / "corpus.json").read_text())
    assert record["archive"] == str(out / "archive")
    moved = tmp_path / "moved"
    shutil.move(str(out), str(moved))  # the folder travels with its archive
    result = read_result(moved, [tmp_path])
    assert len(story_articles(result.stories[0], result)) == 5
