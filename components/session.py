"""Session inputs and the one cached analysis entry point of the dashboard.

Session state holds inputs only (articles, restored lines, settings); every
result is derived from them through ``analyse``, which is cached on their
content, so switching pages or moving a slider back never recomputes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import streamlit as st

from analysis.loading import load_paths
from analysis.models import Article, Comparison, LoadProblem
from analysis.pipeline import compare
from analysis.settings import Settings

SAMPLE_STORY = Path(__file__).resolve().parents[1] / "data" / "sample_story"

# Keys of st.session_state, and what they hold:
ARTICLES = "articles"  # list[Article]: the story being compared, in the order added
PROBLEMS = "problems"  # list[LoadProblem]: files that could not be read, with reasons
RESTORE = "restore"  # dict[str, list[str]]: article id -> removed lines put back
SETTINGS = "settings"  # Settings


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


FrozenRestore = tuple[tuple[str, tuple[str, ...]], ...]


def _frozen_restore(restore: Mapping[str, Sequence[str]]) -> FrozenRestore:
    return tuple(sorted((key, tuple(lines)) for key, lines in restore.items() if lines))


@st.cache_data(show_spinner="Comparing articles…", max_entries=64)
def analyse(
    articles: tuple[Article, ...],
    settings: Settings,
    restore: FrozenRestore = (),
) -> Comparison:
    """Cached on the articles' content, the settings and the restored lines."""
    return compare(articles, settings, restore=dict(restore))


def current_comparison() -> Comparison | None:
    """The comparison of the session's articles, or None when there is no article."""
    articles = tuple(st.session_state.get(ARTICLES, ()))
    if not articles:
        return None
    settings = st.session_state.get(SETTINGS, Settings())
    restore = _frozen_restore(st.session_state.get(RESTORE, {}))
    return analyse(articles, settings, restore)


def require_comparison(minimum: int = 2) -> Comparison:
    """The comparison, or an explanation and a stop when there is too little to compare."""
    comparison = current_comparison()
    count = 0 if comparison is None else len(comparison.articles)
    if comparison is None or count < minimum:
        st.info(
            f"Add at least two articles to compare (there {'is' if count == 1 else 'are'} "
            f"{count} now). Open **Sources** in the sidebar to upload files, paste text or "
            "load the sample story."
        )
        st.stop()
    return comparison
