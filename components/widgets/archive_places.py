"""Where the Archive page may open result folders: the archive root the operator set, and
the folder of the page's own runs. Nothing outside them is ever listed or opened."""

from __future__ import annotations

import os
import stat
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

ROOT_ENV = "COVERAGE_LENS_ARCHIVE_ROOT"  # the operator's archive root: an environment variable
ROOT_SECRET = "archive_root"  # or this key of .streamlit/secrets.toml
RUNS_PREFIX = "coverage-lens-runs-"

_lock = threading.Lock()
_runs: Path | None = None


@dataclass(frozen=True)
class Roots:
    """``runs``: this server process's own runs; ``configured``: the operator's root, if
    one is set; ``broken``: one is set but is not a folder this process can read."""

    runs: Path
    configured: Path | None
    broken: bool = False

    @property
    def all(self) -> list[Path]:
        return [self.runs, *([self.configured] if self.configured else [])]


def _setting() -> str:
    value = os.environ.get(ROOT_ENV, "").strip()
    if value:
        return value
    try:
        return str(st.secrets.get(ROOT_SECRET, "") or "").strip()
    except Exception:  # noqa: BLE001 - no secrets file, or one that cannot be parsed
        return ""


def _ours(folder: Path) -> bool:
    """Our own folder, not a symlink, closed to other users (0700)."""
    try:
        info = folder.lstat()
    except OSError:
        return False
    return (stat.S_ISDIR(info.st_mode) and info.st_uid == os.geteuid()
            and stat.S_IMODE(info.st_mode) & 0o077 == 0)


def runs_folder() -> Path:
    """The one folder this server process writes its Archive runs into: made by
    ``tempfile.mkdtemp`` (a name nobody can guess in advance, mode 0700), and made again
    if it was removed or changed hands."""
    global _runs
    with _lock:
        if _runs is None or not _ours(_runs):
            _runs = Path(tempfile.mkdtemp(prefix=RUNS_PREFIX)).resolve()
        return _runs


def roots() -> Roots:
    setting = _setting()
    if not setting:
        return Roots(runs_folder(), None)
    try:
        configured = Path(setting).expanduser().resolve()
        usable = configured.is_dir() and os.access(configured, os.R_OK | os.X_OK)
    except (OSError, RuntimeError, ValueError):
        usable = False
    if not usable:
        return Roots(runs_folder(), None, broken=True)
    return Roots(runs_folder(), configured)
