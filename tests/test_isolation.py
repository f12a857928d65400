"""The dashboard's worker process: stopped at the limit whatever it is doing, with the
reason in words; answers, refusals and progress come back; a stored story starts none."""

from __future__ import annotations

import dataclasses
import itertools
import os
import time
from pathlib import Path
from typing import TypeVar

import pytest
from streamlit.testing.v1 import AppTest

from analysis.errors import AnalysisError
from analysis.ingest import budgets
from analysis.pipeline.isolation import TimeLimitExceeded, WorkerFailed, run_isolated
from analysis.pipeline.result_cache import DiskStore, StoryCache, store_sample
from analysis.pipeline.settings import Settings
from analysis.results import Article
from tests.conftest import ROOT, SAMPLE_DIR
from tests.isolation_targets import heavy_articles

TARGETS = "tests.isolation_targets"
T = TypeVar("T")
SLACK = 5.0  # seconds past the limit a stop may take on a loaded 2-core machine


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_a_worker_stuck_in_one_call_is_killed_at_the_limit(tmp_path: Path):
    pid_file = tmp_path / "pid"
    stages: list[str] = []
    started = time.monotonic()
    with pytest.raises(TimeLimitExceeded) as stopped:
        run_isolated(f"{TARGETS}:stall", (str(pid_file),), limit=3,
                     progress=lambda stage, fraction: stages.append(stage))
    took = time.monotonic() - started
    assert 3 <= took < 3 + SLACK
    # progress reached this process, and the last report was repeated while it stalled
    assert _runs(stages) == ["Starting", "Scoring"] and stages.count("Scoring") >= 2
    assert _gone(int(pid_file.read_text()))
    assert "took longer than the limit of 3 seconds" in str(stopped.value)
    assert "compare fewer or shorter articles" in str(stopped.value)


def _runs(reports: list[T]) -> list[T]:
    """The reports without their repeats (the last one is repeated while a worker is
    silent)."""
    return [report for report, _ in itertools.groupby(reports)]


class _Left(Exception):
    """What Streamlit raises inside a UI call when the person leaves the page."""


def test_a_caller_that_leaves_stops_the_worker_at_once(tmp_path: Path):
    pid_file = tmp_path / "pid"
    seen: list[str] = []

    def progress(stage: str, fraction: float) -> None:
        seen.append(stage)
        if seen.count("Scoring") == 2:  # the first repeat while the worker is silent
            raise _Left

    started = time.monotonic()
    with pytest.raises(_Left):
        run_isolated(f"{TARGETS}:stall", (str(pid_file),), limit=300, progress=progress)
    assert time.monotonic() - started < 60  # the worker's start, and one heartbeat
    assert _gone(int(pid_file.read_text()))


def test_answers_refusals_and_bugs_come_back():
    stages: list[tuple[str, float]] = []
    value = {"articles": (Article(id="a", text="Één zin."),)}
    assert run_isolated(f"{TARGETS}:echo", (value,), limit=60,
                        progress=lambda *report: stages.append(report)) == value
    assert _runs(stages) == [("Starting", 0.0), ("Echoing", 1.0)]
    story = "A long article. " * 1_250_000  # 20 MB: more than a socket holds at once
    assert run_isolated(f"{TARGETS}:echo", (story,), limit=120) == story
    with pytest.raises(AnalysisError, match="^the story has no text$"):
        run_isolated(f"{TARGETS}:refuse", ("the story has no text",), limit=60)
    with pytest.raises(WorkerFailed, match="KeyError: 'a bug'"):
        run_isolated(f"{TARGETS}:crash", (), limit=60)
    with pytest.raises(AnalysisError, match="stopped before it finished .* code 9"):
        run_isolated(f"{TARGETS}:vanish", (), limit=60)


def test_the_worker_compares_as_this_process_does(sample_articles):
    from analysis.pipeline.comparison import compare

    settings = dataclasses.replace(Settings(), semantic=False)
    stages: list[str] = []
    prepared, comparison = run_isolated(  # type: ignore[misc]
        "analysis.pipeline.comparison:prepare_and_assemble",
        (tuple(sample_articles), settings, ()), limit=300,
        progress=lambda stage, fraction: stages.append(stage))
    here = compare(sample_articles, settings)
    assert comparison.matches == here.matches
    assert comparison.pairs == here.pairs
    assert [a.id for a in prepared.articles] == [a.id for a in here.articles]
    assert _runs(stages)[:2] == ["Starting", "Reading the articles"] and stages[-1] == "Done"


def test_the_limit_is_set_in_seconds_by_the_environment(monkeypatch):
    monkeypatch.setenv(budgets.TIME_LIMIT_ENV, "12.5")
    assert budgets.analysis_seconds() == 12.5
    for wrong in ("", "soon", "0", "-3", "inf", "nan"):
        monkeypatch.setenv(budgets.TIME_LIMIT_ENV, wrong)
        assert budgets.analysis_seconds() == budgets.MAX_ANALYSIS_SECONDS == 300
    assert "limit of 5 minutes" in budgets.too_slow_reason(300)


def test_a_stopped_story_is_not_computed_again():
    calls: list[int] = []

    def slow(articles, settings, restore):
        calls.append(1)
        raise TimeLimitExceeded(budgets.too_slow_reason(1))

    cache = StoryCache()
    story = (Article(id="a", text="One."), Article(id="b", text="Two."))
    for _ in range(2):
        with pytest.raises(TimeLimitExceeded):
            cache.comparison(story, Settings(), compute=slow)
    assert calls == [1]


def test_the_dashboard_stops_a_slow_comparison_in_words(monkeypatch):
    monkeypatch.setenv(budgets.TIME_LIMIT_ENV, "4")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.session_state["articles"] = heavy_articles()
    at.session_state["settings"] = dataclasses.replace(Settings(), semantic=False)
    started = time.monotonic()
    at.run()
    took = time.monotonic() - started
    assert not at.exception
    errors = " ".join(e.value for e in at.error)
    assert "took longer than the limit of 4 seconds" in errors
    assert "compare fewer or shorter articles" in errors
    assert took < 4 + 15  # the limit, and the page's own start


def test_the_stored_sample_opens_without_a_worker(monkeypatch, tmp_path):
    from components.widgets import session

    store_sample(SAMPLE_DIR, tmp_path)
    monkeypatch.setattr(session, "_story_cache", lambda: StoryCache(DiskStore(tmp_path)))

    def no_worker(*args, **kwargs):
        raise AssertionError("a worker was started for a stored result")

    monkeypatch.setattr(session, "run_isolated", no_worker)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    assert not at.exception
    assert any(s.value == "Coverage of story elements" for s in at.subheader)
