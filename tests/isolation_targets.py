"""Calls a test runs in the dashboard's worker process (``analysis.pipeline.isolation``):
the worker imports them by name, so they live in a module, not in a test."""

from __future__ import annotations

import os
import time
from pathlib import Path

from analysis.errors import AnalysisError
from analysis.pipeline.isolation import Progress


def stall(pid_file: str, *, progress: Progress) -> None:
    """Report once, then block in one C call that never reports again (as one long batch
    of fuzzy scores does); the pid tells the test which process must be gone."""
    Path(pid_file).write_text(str(os.getpid()))
    progress("Scoring", 0.5)
    time.sleep(3600)


def echo(value: object, *, progress: Progress) -> object:
    progress("Echoing", 1.0)
    return value


def refuse(message: str, *, progress: Progress) -> None:
    raise AnalysisError(message)


def crash(*, progress: Progress) -> None:
    raise KeyError("a bug")


def vanish(*, progress: Progress) -> None:
    os._exit(9)  # as the kernel's out-of-memory killer would end it
