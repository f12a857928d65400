"""Session inputs and the one cached analysis entry point of the dashboard."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from analysis.loading import load_paths
from analysis.models import Article, Comparison, LoadProblem
from analysis.pipeline import compare
from analysis.settings import Settings

SAMPLE_STORY = Path(__file__).resolve().parents[1] / "data" / "sample_story"


@st.cache_data(show_spinner=False)
def load_sample_story() -> tuple[tuple[Article, ...], tuple[LoadProblem, ...]]:
    report = load_paths([SAMPLE_STORY])
    return report.articles, report.problems


def init_state() -> None:
    """Start every new session on the sample story."""
    if "articles" not in st.session_state:
        articles, problems = load_sample_story()
        st.session_state["articles"] = list(articles)
        st.session_state["problems"] = list(problems)


@st.cache_data(show_spinner="Comparing articles…", max_entries=32)
def analyse(articles: tuple[Article, ...], settings: Settings) -> Comparison:
    """Cached on the articles' content and the settings (both hashable)."""
    return compare(articles, settings)


def current_comparison() -> Comparison | None:
    articles = tuple(st.session_state.get("articles", ()))
    if not articles:
        return None
    return analyse(articles, st.session_state.get("settings", Settings()))
