"""Issue 36: where the Archive page looks for result folders: the archive root from the
environment or ``st.secrets`` (a missing or broken secrets file is no root), and the
server process's own runs folder, made closed to other users."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
import streamlit as st

from components.widgets import archive_places
from components.widgets.archive_places import ROOT_ENV, roots, runs_folder


class _BrokenSecrets:
    def get(self, key: str, default: object = None) -> object:
        raise FileNotFoundError("no secrets.toml")


def test_the_environment_wins_over_the_secrets_file(monkeypatch: pytest.MonkeyPatch,
                                                    tmp_path: Path) -> None:
    (tmp_path / "env").mkdir()
    (tmp_path / "secret").mkdir()
    monkeypatch.setattr(st, "secrets", {"archive_root": str(tmp_path / "secret")})
    monkeypatch.setenv(ROOT_ENV, str(tmp_path / "env"))
    assert roots().configured == (tmp_path / "env").resolve()
    monkeypatch.delenv(ROOT_ENV)
    assert roots().configured == (tmp_path / "secret").resolve()


def test_no_setting_or_a_broken_secrets_file_means_own_runs_only(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ROOT_ENV, raising=False)
    monkeypatch.setattr(st, "secrets", _BrokenSecrets())
    found = roots()
    assert found.configured is None and not found.broken
    assert found.all == [runs_folder()]


def test_a_root_that_is_not_a_folder_is_reported_not_used(monkeypatch: pytest.MonkeyPatch,
                                                          tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    for setting in (tmp_path / "missing", tmp_path / "file"):
        monkeypatch.setenv(ROOT_ENV, str(setting))
        found = roots()
        assert found.configured is None and found.broken
    monkeypatch.setattr(archive_places, "_setting", lambda: "bad\x00root")  # no env holds it
    assert roots().broken


def test_the_runs_folder_is_ours_closed_and_remade_when_changed() -> None:
    first = runs_folder()
    info = first.lstat()
    assert stat.S_ISDIR(info.st_mode) and info.st_uid == os.geteuid()
    assert stat.S_IMODE(info.st_mode) == 0o700
    assert runs_folder() == first  # one folder per server process
    first.chmod(0o777)  # opened to others: no longer trusted, a new one is made
    try:
        second = runs_folder()
        assert second != first and stat.S_IMODE(second.lstat().st_mode) == 0o700
    finally:
        first.chmod(0o700)
