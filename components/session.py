"""Session inputs and the one cached analysis entry point of the dashboard.

Session state holds inputs only (articles, restored lines, settings); every
result is derived from them through ``analyse``, which is cached on their
content, so switching pages or moving a slider back never recomputes.
"""

from __future__ import annotations

import dataclasses
import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from pathlib import Path

import streamlit as st

from analysis import budgets
from analysis.loading import load_paths
from analysis.models import Article, Comparison, LoadProblem
from analysis.pipeline import AnalysisError, PreparedStory, assemble, prepare
from analysis.segmentation import split_sentences
from analysis.settings import Settings
from components.story import start_on_sample
from components.text import escape_markdown

SAMPLE_STORY = Path(__file__).resolve().parents[1] / "data" / "sample_story"

# Keys of st.session_state, and what they hold:
ARTICLES = "articles"  # list[Article]: the story being compared, in the order added
PROBLEMS = "problems"  # list[LoadProblem]: files that could not be read, with reasons
RESTORE = "restore"  # dict[str, list[str]]: article id -> removed lines put back
SETTINGS = "settings"  # Settings

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


FrozenRestore = tuple[tuple[str, tuple[str, ...]], ...]


def _frozen_restore(restore: Mapping[str, Sequence[str]]) -> FrozenRestore:
    return tuple(sorted((key, tuple(lines)) for key, lines in restore.items() if lines))


class _LruStore:
    """A small thread-safe LRU map shared by every session (results are immutable)."""

    def __init__(self, size: int):
        self.size = size
        self._items: OrderedDict[object, object] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: object) -> object | None:
        with self._lock:
            if key not in self._items:
                return None
            self._items.move_to_end(key)
            return self._items[key]

    def put(self, key: object, value: object) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)


@st.cache_resource(show_spinner=False)
def _stores() -> tuple[_LruStore, _LruStore]:
    """(prepared stories, assembled comparisons). Prepared stories hold the scored pairs
    and the aligner (the memory-heavy half), so fewer of them are kept."""
    return _LruStore(PREPARED_ENTRIES), _LruStore(ASSEMBLED_ENTRIES)


def story_key(articles: Sequence[Article], settings: Settings, restore: FrozenRestore) -> str:
    """A digest of everything the slow half of the analysis depends on."""
    digest = hashlib.sha256()
    for article in articles:
        for value in dataclasses.astuple(article):
            digest.update(repr(value).encode("utf-8", "surrogatepass"))
            digest.update(b"\x00")
    digest.update(repr(dataclasses.replace(settings, threshold=None, element_link=None))
                  .encode())
    digest.update(repr(restore).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def analyse(
    articles: tuple[Article, ...],
    settings: Settings,
    restore: FrozenRestore = (),
) -> Comparison:
    """The comparison, from cache when possible.

    The slow half (``prepare``) is keyed on the articles' content, the settings that change
    matching and the restored lines; the threshold and the element link are applied after
    it (``assemble``), so a slider move never re-embeds or re-scores. Results are shared by
    every session and never copied (they are frozen).
    """
    prepared_store, assembled_store = _stores()
    key = story_key(articles, settings, restore)
    full_key = (key, settings.threshold, settings.element_link)
    found = assembled_store.get(full_key)
    if isinstance(found, Comparison):
        return found
    prepared = prepared_store.get(key)
    if not isinstance(prepared, PreparedStory):
        _check_budget(articles)
        prepared = _prepare_with_progress(articles, settings, restore)
        prepared_store.put(key, prepared)
    comparison = assemble(prepared, settings.threshold, settings.element_link)
    assembled_store.put(full_key, comparison)
    return comparison


def _check_budget(articles: Sequence[Article]) -> None:
    """Refuse a story over the article or sentence budget before any quadratic work, so
    one session cannot hold the server (the library itself stays unbounded for scripts)."""
    if reason := budgets.story_over_budget([len(split_sentences(a.text)) for a in articles]):
        raise AnalysisError(reason)


def _prepare_with_progress(
    articles: tuple[Article, ...], settings: Settings, restore: FrozenRestore
) -> PreparedStory:
    """Run the slow half with a progress bar that tells the stage."""
    bar = st.progress(0.0, text=f"Comparing {len(articles)} articles…")
    started = time.monotonic()
    try:
        def report(stage: str, fraction: float) -> None:
            if time.monotonic() - started > budgets.MAX_ANALYSIS_SECONDS:  # the time guard
                raise AnalysisError(budgets.too_slow_reason(budgets.MAX_ANALYSIS_SECONDS))
            bar.progress(min(max(fraction, 0.0), 1.0),
                         text=f"Comparing {len(articles)} articles: {stage}…")

        return prepare(articles, settings, restore=dict(restore), progress=report)
    finally:
        bar.empty()


def current_comparison() -> Comparison | None:
    """The comparison of the session's articles, or None when there is no article."""
    articles = tuple(st.session_state.get(ARTICLES, ()))
    if not articles:
        return None
    settings = st.session_state.get(SETTINGS, Settings())
    restore = _frozen_restore(st.session_state.get(RESTORE, {}))
    return analyse(articles, settings, restore)


def require_comparison(minimum: int = 2) -> Comparison:
    """The comparison, or an explanation and a stop when there is too little to compare
    (or too much: a story over its budget is refused before any work, in words)."""
    try:
        comparison = current_comparison()
    except AnalysisError as error:
        st.error(f"These articles cannot be compared: {escape_markdown(str(error))}. "
                 "Open **Sources** in the sidebar to remove some.")
        st.stop()
    count = 0 if comparison is None else len(comparison.articles)
    if comparison is None or count < minimum:
        st.info(
            f"Add at least two articles to compare (there {'is' if count == 1 else 'are'} "
            f"{count} now). Open **Sources** in the sidebar to upload files, paste text or "
            "load the sample story."
        )
        st.stop()
    return comparison
