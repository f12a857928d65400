"""Stories with more sources than a chart can show: which ones, in what order, and the
Overview's controls for them."""

from __future__ import annotations

import dataclasses
import uuid

import pytest
from streamlit.testing.v1 import AppTest

from analysis.pipeline.comparison import compare
from analysis.pipeline.settings import Settings
from analysis.results import Article
from components.common.source_selection import READABLE_SOURCES, shown_sources
from components.views.heatmaps import coverage_figure, overlap_figure
from tests.conftest import ROOT

# Three invented stories told by groups of outlets; each outlet adds a line of its own.
STORIES = (
    ("The harbour crane collapsed onto two cargo ships early on Tuesday morning.",
     "Port officials closed the northern quay while engineers inspected the damage."),
    ("The city library will open a new reading room for children next spring.",
     "Volunteers collected more than three thousand picture books for the room."),
    ("A late goal gave the visiting team a narrow win in the regional final.",
     "Their coach said the players had trained for the final all through the winter."),
)


def _articles(count: int, marker: str) -> list[Article]:
    return [
        Article(id=f"outlet {k + 1}", source=f"Outlet {k + 1}", text=" ".join(
            (*STORIES[k % 3], f"Reporter {k} {marker} filed this copy from desk {k * 7}.")))
        for k in range(count)
    ]


@pytest.fixture(scope="module")
def big_story():
    return compare(_articles(40, uuid.uuid4().hex[:6]), Settings(semantic=False))


def test_small_story_keeps_its_own_order(big_story):
    small = compare(_articles(5, "x"), Settings(semantic=False))
    assert shown_sources(small) == [a.id for a in small.articles]


def test_a_big_story_shows_the_readable_number_and_keeps_groups_together(big_story):
    shown = shown_sources(big_story)
    assert len(shown) == READABLE_SOURCES
    group = [int(s.split()[1]) % 3 for s in shown]  # outlet k+1 tells story k % 3
    changes = sum(a != b for a, b in zip(group, group[1:], strict=False))
    assert changes == 2  # three runs of one story each: similar sources side by side


def test_centring_on_a_source_keeps_it_and_its_closest(big_story):
    shown = shown_sources(big_story, READABLE_SOURCES, focus="outlet 40")
    assert "outlet 40" in shown and len(shown) == READABLE_SOURCES
    same_story = {f"outlet {k + 1}" for k in range(40) if k % 3 == 39 % 3}
    assert same_story <= set(shown)  # all 13 outlets telling the same story are there


def test_figures_draw_only_the_chosen_sources(big_story):
    shown = shown_sources(big_story)
    overlap = overlap_figure(big_story, shown)
    assert len(overlap.data[0].x) == READABLE_SOURCES
    assert [t.replace("<br>", " ") for t in overlap.data[0].x] == [
        f"Outlet {s.split()[1]}" for s in shown]
    coverage = coverage_figure(big_story, "all", sources=shown)
    assert list(coverage.data[0].x) == list(overlap.data[0].x)
    assert {c[1] for c in coverage.data[1].customdata} <= set(shown)
    assert len(overlap_figure(big_story).data[0].x) == 40  # exports keep every source


def test_overview_offers_show_all_and_a_source_finder():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.session_state["articles"] = _articles(40, uuid.uuid4().hex[:6])
    at.session_state["settings"] = dataclasses.replace(Settings(), semantic=False)
    at.run()
    assert not at.exception, at.exception
    captions = " ".join(c.value for c in at.caption)
    assert "Showing 30 of 40 sources: those that share most with the others" in captions
    at.selectbox(key="overview_focus").set_value("outlet 7").run()
    captions = " ".join(c.value for c in at.caption)
    assert "the 29 closest to Outlet 7" in captions
    at.toggle(key="overview_all_sources").set_value(True).run()
    assert "All 40 sources" in " ".join(c.value for c in at.caption)
    assert not at.exception
