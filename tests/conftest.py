"""Shared fixtures: the sample story, loaded once per test session."""

from __future__ import annotations

import functools
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from analysis.results import Article, Comparison

if TYPE_CHECKING:
    from analysis.pipeline.preparation import PreparedStory

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_DIR = ROOT / "data" / "sample_story"
# One BLAS thread for the embedding model: on a 2-core machine shared with other work, two
# threads spinning on small matrices made an encode 5 to 40 times slower (measured: 30
# sentences 3 s with one thread, 15 s with two, while another process was busy). Tests
# measure behaviour, not speed, and the dashboard they start inherits the same setting.
os.environ.setdefault("COVERAGE_LENS_EMBED_THREADS", "1")
# Stored results (analysis/pipeline/result_cache.py) go to a folder of this test session, never the
# user's cache: every run starts from nothing and the dashboards it starts share the folder.
os.environ["COVERAGE_LENS_CACHE"] = tempfile.mkdtemp(prefix="coverage-lens-cache-")


def read_sample() -> list[Article]:
    return [
        Article(id=path.stem, text=path.read_text(encoding="utf-8"), origin=path.name)
        for path in sorted(SAMPLE_DIR.glob("*.txt"))
    ]


@pytest.fixture(scope="session")
def sample_articles() -> list[Article]:
    return read_sample()


@pytest.fixture(scope="session")
def sample_prepared(sample_articles: list[Article]) -> PreparedStory:
    """The scored, threshold-free half of the sample story with default settings: what
    ``sample_comparison`` was assembled from."""
    from analysis.pipeline.preparation import prepare

    return prepare(sample_articles)


@pytest.fixture(scope="session")
def sample_comparison(sample_articles: list[Article]) -> Comparison:
    from analysis.pipeline.comparison import compare

    return compare(sample_articles)


@pytest.fixture
def app():
    """The dashboard through AppTest, run once on the sample story, with no exception."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.run()
    assert not at.exception, at.exception
    return at


def sentence_text(comparison: Comparison, article: str, index: int) -> str:
    result = next(a for a in comparison.articles if a.id == article)
    return result.sentences[index].text


@pytest.fixture
def prepare_calls(monkeypatch) -> list[int]:
    """Counts calls of ``analysis.pipeline.comparison.prepare`` (the slow half), which still
    runs."""
    from analysis.pipeline import comparison as pipeline

    calls: list[int] = []
    real = pipeline.prepare

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "prepare", counting)
    return calls


@pytest.fixture
def fresh_default(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A process-wide encoder slot of its own (the load and the weight-free check) for a
    test that fakes a missing model; the real one, and its cache, which other tests'
    results were computed with, comes back after it."""
    from analysis.matching import embedding

    for name in ("_load_default", "_preflight"):
        fresh = functools.lru_cache(maxsize=1)(getattr(embedding, name).__wrapped__)
        monkeypatch.setattr(embedding, name, fresh)
    yield
