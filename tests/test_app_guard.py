"""The dashboard refuses a story over budget before any work, and stops one that runs
too long, in words and without a traceback (so one story cannot hold the server)."""

from __future__ import annotations

import dataclasses
import uuid

from streamlit.testing.v1 import AppTest

from analysis.ingest import budgets
from analysis.pipeline.settings import Settings
from analysis.results import Article
from tests.conftest import ROOT


def _overview(monkeypatch, **limits: int) -> AppTest:
    for name, value in limits.items():
        monkeypatch.setattr(budgets, name, value)
    marker = uuid.uuid4().hex[:8]  # fresh texts: the shared analysis cache cannot answer
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.session_state["articles"] = [
        Article(id=f"a{k}", text=f"The bridge {marker} opened on Monday. It cost {k} euros.")
        for k in range(3)]
    at.session_state["settings"] = dataclasses.replace(Settings(), semantic=False)
    return at.run()


def test_story_over_the_sentence_budget_is_refused_in_words(monkeypatch):
    at = _overview(monkeypatch, MAX_STORY_SENTENCES=4)
    assert not at.exception
    errors = " ".join(e.value for e in at.error)
    assert "the story has 6 sentences; the limit is 4 per story" in errors


def test_analysis_past_its_time_budget_is_stopped_in_words(monkeypatch):
    at = _overview(monkeypatch, MAX_ANALYSIS_SECONDS=-1)
    assert not at.exception
    assert "took longer than the limit" in " ".join(e.value for e in at.error)
