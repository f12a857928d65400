"""Every case of the hostile corpus through the loader and the command line.

Each case sits next to two good articles: the person must read the case's message,
the good articles must survive, and nothing may raise. Speed and memory of the same
cases are measured by ``benchmarks/hostile.py``, not asserted here.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from analysis.cli import commands as cli
from analysis.ingest.loading import load_paths
from tests.hostile_corpus import CASES, GOOD, Case, write_good

GOOD_IDS = [Path(name).stem for name in GOOD]


def _paths(case: Case, folder: Path) -> tuple[list[Path], list[Path]]:
    good = write_good(folder) if case.with_good else []
    return good, case.build(folder)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_case_through_loader_and_cli(case: Case, tmp_path: Path, capsys) -> None:
    good, given = _paths(case, tmp_path)
    if not case.cli_args:
        report = load_paths([*good, *given])
        ids = [article.id for article in report.articles]
        assert set(GOOD_IDS if case.with_good else []) <= set(ids)
        assert set(case.loads) <= set(ids), report.problems
        if case.message and case.message != "only one article":
            assert any(case.message in f"{p.name}: {p.reason}" for p in report.problems), (
                report.problems)
        else:
            assert not report.problems
    status = cli.main(["compare", "--lexical", "--format", "text", *case.cli_args,
                       *map(str, good), *map(str, given)])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    assert case.message in err
    if case.cli_args:
        assert status == 2 and err.startswith("error:")
        return
    assert status == 0, err
    for article_id in (GOOD_IDS if case.with_good else []) + list(case.loads):
        assert f"  {article_id}  " in out


def test_hostile_html_loads_as_text_only(tmp_path: Path) -> None:
    case = next(c for c in CASES if c.name.startswith("hostile HTML"))
    article, = load_paths(case.build(tmp_path)).articles
    assert "bridge opened" in article.text and "welcomed" in article.text
    assert "alert" not in article.text and "<" not in article.text


@pytest.mark.parametrize("where", ["file", "folder"])
def test_unreadable_file_or_folder_is_named_and_the_rest_loads(
    where: str, tmp_path: Path, monkeypatch
) -> None:
    """As root every file is readable, so the refusal the OS would give is simulated."""
    good = write_good(tmp_path)
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "secret.txt").write_text("Hidden text.")
    real_open, real_walk = os.open, os.walk

    def refusing_open(path, *args, **kwargs):
        if os.fspath(path).endswith("secret.txt"):
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return real_open(path, *args, **kwargs)

    def refusing_walk(top, *args, onerror=None, **kwargs):
        if Path(top) == locked and onerror:
            onerror(PermissionError(errno.EACCES, "Permission denied", str(locked)))
            return iter(())
        return real_walk(top, *args, onerror=onerror, **kwargs)

    monkeypatch.setattr(os, "open", refusing_open)  # files are opened by descriptor
    monkeypatch.setattr(os, "walk", refusing_walk if where == "folder" else real_walk)
    report = load_paths([*good, locked / "secret.txt" if where == "file" else locked])
    assert [a.id for a in report.articles] == GOOD_IDS
    assert [p.reason for p in report.problems][0] == (
        "permission denied (this file or folder cannot be read)")
