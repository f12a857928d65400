"""Session inputs and the one cached analysis entry point of the dashboard.

Session state holds inputs only (articles, restored lines, settings); every
result is derived from them through ``analyse``, which is cached on their
content, so switching pages or moving a slider back never recomputes.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, cast

import numpy as np
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from analysis.errors import AnalysisError
from analysis.ingest import budgets
from analysis.ingest.loading import load_paths
from analysis.pipeline.isolation import Progress, run_isolated
from analysis.pipeline.result_cache import (
    Compute,
    DiskStore,
    FrozenRestore,
    StoryCache,
    default_directory,
    frozen_restore,
)
from analysis.pipeline.settings import Settings
from analysis.results import Article, Comparison, LoadProblem
from analysis.text.segmentation import split_sentences
from components.common.story import start_on_sample
from components.common.text import escape_markdown

if TYPE_CHECKING:
    from analysis.pipeline.preparation import PreparedStory

SAMPLE_STORY = Path(__file__).resolve().parents[2] / "data" / "sample_story"

# Keys of st.session_state, and what they hold:
ARTICLES = "articles"  # list[Article]: the story being compared, in the order added
PROBLEMS = "problems"  # list[LoadProblem]: files that could not be read, with reasons
RESTORE = "restore"  # dict[str, list[str]]: article id -> removed lines put back
SETTINGS = "settings"  # Settings

WORKER_TARGET = "analysis.pipeline.comparison:prepare_and_assemble"  # not imported here
PREPARED_ENTRIES = 6  # stories kept scored (each holds its aligner and embeddings)
ASSEMBLED_ENTRIES = 64  # comparisons kept, one per story and threshold


@st.cache_data(show_spinner=False)
def load_sample_story() -> tuple[tuple[Article, ...], tuple[LoadProblem, ...]]:
    report = load_paths([SAMPLE_STORY])
    return report.articles, report.problems


def init_state() -> None:
    """Start every new session on the sample story, with default settings."""
    if ARTICLES not in st.session_state:
        articles, problems = load_sample_story()
        st.session_state[ARTICLES] = list(articles)
        st.session_state[PROBLEMS] = list(problems)
    st.session_state.setdefault(PROBLEMS, [])
    st.session_state.setdefault(RESTORE, {})
    st.session_state.setdefault(SETTINGS, Settings())
    start_on_sample(st.session_state)


@st.cache_resource(show_spinner=False)
def _story_cache() -> StoryCache:
    """One store shared by every session (results are immutable). Only the shipped sample
    story is ever written to disk; uploads stay in memory."""
    return StoryCache(DiskStore(default_directory()), prepared=PREPARED_ENTRIES,
                      assembled=ASSEMBLED_ENTRIES)


def analyse(
    articles: tuple[Article, ...],
    settings: Settings,
    restore: FrozenRestore = (),
) -> Comparison:
    """The comparison, from cache when possible.

    The slow half (``prepare``) is keyed on the articles' content, the settings that change
    matching and the restored lines; the threshold and the element link are applied after
    it (``assemble``), so a slider move never re-embeds or re-scores. The sample story is
    read from disk when a result computed once is there (``analysis.pipeline.result_cache``), so a
    fresh server opens on it without loading the scoring engine.
    """
    progress = _Progress(len(articles))
    try:
        return _story_cache().comparison(
            articles, settings, restore, persist=_may_store(articles, restore),
            progress=progress, before_prepare=lambda: _check_budget(articles),
            compute=_in_worker(progress))
    finally:
        progress.close()


def _in_worker(progress: Progress) -> Compute:
    """Compute a story in a worker process stopped at the time limit, whatever stage it is
    in (``analysis.pipeline.isolation``): this server process only waits, so every other
    visitor is served meanwhile. Only a story not yet prepared gets here: a stored result
    or a threshold move never starts a process."""
    def compute(articles: tuple[Article, ...], settings: Settings, restore: FrozenRestore
                ) -> tuple[PreparedStory, Comparison]:
        answer = run_isolated(WORKER_TARGET, (articles, settings, restore),
                              limit=budgets.analysis_seconds(), progress=progress)
        return cast("tuple[PreparedStory, Comparison]", answer)
    return compute


def _check_budget(articles: Sequence[Article]) -> None:
    """Refuse a story over the article or sentence budget before any quadratic work, so
    one session cannot hold the server (the library itself stays unbounded for scripts)."""
    if reason := budgets.story_over_budget([len(split_sentences(a.text)) for a in articles]):
        raise AnalysisError(reason)


class _Progress:
    """A progress bar that tells the stage, drawn on the first report (a stored result
    never shows one); ``close`` removes it. The time limit is the worker's
    (``_in_worker``)."""

    def __init__(self, count: int):
        self.count = count
        self.bar: DeltaGenerator | None = None

    def __call__(self, stage: str, fraction: float) -> None:
        if self.bar is None:
            self.bar = st.progress(0.0, text=f"Comparing {self.count} articles…")
        self.bar.progress(min(max(fraction, 0.0), 1.0),
                          text=f"Comparing {self.count} articles: {stage}…")

    def close(self) -> None:
        if self.bar is not None:
            self.bar.empty()
            self.bar = None


def pair_scores(id_a: str, id_b: str) -> np.ndarray:
    """The story's own scores of every sentence pair of two sources
    (``analysis.pipeline.preparation.pair_probabilities``), from the prepared story the
    session's comparison came from: the Side by side heatmap and the exported chart read
    them instead of fitting a model of their own on two articles."""
    from analysis.pipeline.preparation import pair_probabilities  # the engine: not at start

    articles, settings, restore = _inputs()
    progress = _Progress(len(articles))
    try:
        prepared = _story_cache().prepared(
            articles, settings, restore, persist=_may_store(articles, restore),
            before_prepare=lambda: _check_budget(articles), compute=_in_worker(progress))
    except AnalysisError as error:  # evicted by other stories and then too slow
        _refuse(error)
    finally:
        progress.close()
    return pair_probabilities(prepared, id_a, id_b)


def _refuse(error: AnalysisError) -> NoReturn:
    """Say why the story cannot be compared, in words, and end the page's run there."""
    st.error(f"These articles cannot be compared: {escape_markdown(str(error))}. "
             "Open **Sources** in the sidebar to remove some.")
    st.stop()


def _inputs() -> tuple[tuple[Article, ...], Settings, FrozenRestore]:
    """The session's articles, settings and restored lines, as the caches key them."""
    return (tuple(st.session_state.get(ARTICLES, ())), st.session_state.get(SETTINGS, Settings()),
            frozen_restore(st.session_state.get(RESTORE, {})))


def _may_store(articles: tuple[Article, ...], restore: FrozenRestore) -> bool:
    """Only the shipped sample story, as shipped, is written to disk."""
    sample, _ = load_sample_story()
    return articles == sample and not restore


def current_comparison() -> Comparison | None:
    """The comparison of the session's articles, or None when there is no article."""
    articles, settings, restore = _inputs()
    if not articles:
        return None
    return analyse(articles, settings, restore)


def require_comparison(minimum: int = 2) -> Comparison:
    """The comparison, or an explanation and a stop when there is too little to compare
    (or too much: a story over its budget is refused before any work, in words)."""
    try:
        comparison = current_comparison()
    except AnalysisError as error:
        _refuse(error)
    count = 0 if comparison is None else len(comparison.articles)
    if comparison is None or count < minimum:
        st.info(
            f"Add at least two articles to compare (there {'is' if count == 1 else 'are'} "
            f"{count} now). Open **Sources** in the sidebar to upload files, paste text or "
            "load the sample story."
        )
        st.stop()
    return comparison
