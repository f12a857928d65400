"""Calls a test runs in the dashboard's worker process (``analysis.pipeline.isolation``),
which imports them by name, so they live in a module, not in a test; and a story slow
enough for the worker to be stopped."""

from __future__ import annotations

import os
import time
import uuid
from pathlib import Path

from analysis.errors import AnalysisError
from analysis.pipeline.isolation import Progress
from analysis.results import Article


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


def heavy_articles(count: int = 2, sentences: int = 60) -> list[Article]:
    """Within every budget, yet minutes of fuzzy scoring: long sentences of distinct words
    that share enough of them to become candidates."""
    words = [f"w{uuid.uuid4().hex[:6]}" for _ in range(3000)]
    return [
        Article(id=f"heavy{k}", text="\n".join(
            " ".join(words[(s * 7 + i * 13 + k) % len(words)] for i in range(550)) + "."
            for s in range(sentences)))
        for k in range(count)]
