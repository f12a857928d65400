"""A progress line for the command line: on a terminal only, never in a pipe or a log."""

from __future__ import annotations

import time
from typing import TextIO

from analysis.pipeline.preparation import Progress

_WIDTH = 24  # characters of the bar
_EVERY = 0.2  # seconds between redraws


def terminal_progress(stream: TextIO, *, delay: float = 1.0) -> Progress | None:
    """A progress sink drawing ``stage [####    ] 40%`` on ``stream`` once an analysis has
    run ``delay`` seconds; None when ``stream`` is not a terminal (JSON stays clean)."""
    if not getattr(stream, "isatty", lambda: False)():
        return None
    started = time.monotonic()
    last = [0.0]

    def report(stage: str, fraction: float) -> None:
        now = time.monotonic()
        if now - started < delay:
            return
        done = fraction >= 1.0
        if not done and now - last[0] < _EVERY:
            return
        last[0] = now
        filled = int(round(_WIDTH * min(max(fraction, 0.0), 1.0)))
        bar = "#" * filled + " " * (_WIDTH - filled)
        stream.write(f"\r\x1b[2K{stage[:50]:<50} [{bar}] {fraction:4.0%}")
        if done:
            stream.write("\n")
        stream.flush()

    return report
