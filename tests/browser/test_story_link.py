"""A person's own story survives a reload and opens from its link in another browser (issue 34).

The five invented articles of tests/fixtures/minority_number are uploaded; their outlets
are guessed from the file names ("morning_post.txt" -> "Morning Post").
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import Page, expect

from tests.browser.conftest import IDLE, SAMPLE_NAMES
from tests.browser.steps import APP_TIMEOUT, upload_story

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "minority_number"
OUTLETS = ["Coast Daily", "Harbour Wire", "Island News", "Morning Post", "Radio Brief"]
STORY_URL = re.compile(r"[?&]story=[A-Za-z0-9_-]{22}(&|$)")
EXPIRED = "This story link has expired or is unknown"


def _story_key(page: Page) -> str:
    return parse_qs(urlparse(page.url).query)["story"][0]


def _wait_for_overview(page: Page) -> None:
    expect(page.get_by_role("heading", name="Coverage Lens")).to_be_visible(
        timeout=APP_TIMEOUT)
    expect(page.locator(".js-plotly-plot")).to_have_count(2, timeout=APP_TIMEOUT)
    page.wait_for_selector(IDLE, timeout=APP_TIMEOUT)


def _read_overview(page: Page) -> dict[str, list[str]]:
    """What the Overview says about the story: its title line, figures, summary and the
    sources on the overlap chart."""
    main = page.locator('[data-testid="stMain"]')
    return {
        "title": [page.locator('[data-testid="stSidebar"]').get_by_role(
            "textbox", name="Story title").input_value()],
        "heading": main.locator('[data-testid="stMarkdownContainer"] strong').first
        .all_inner_texts(),
        "figures": main.locator('[data-testid="stMetricValue"]').all_inner_texts(),
        "summary": main.locator('[data-testid="stMarkdownContainer"] li').all_inner_texts(),
        "sources": page.locator(".js-plotly-plot").first.locator("g.ytick text")
        .evaluate_all("texts => texts.map(t => t.textContent)"),
    }


def test_a_story_survives_a_reload_and_opens_from_its_link(
        page: Page, app_url: str, browser, browser_context_args) -> None:
    page.goto(app_url)
    upload_story(page, FIXTURE, 5, "Morning Post")
    expect(page).to_have_url(STORY_URL, timeout=APP_TIMEOUT)
    key = _story_key(page)

    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="Overview").click()
    _wait_for_overview(page)
    expect(page).to_have_url(STORY_URL)  # a page switch keeps the key
    assert _story_key(page) == key
    before = _read_overview(page)
    assert before["title"] == ["My story"] and before["heading"] == ["My story"]
    assert sorted(before["sources"]) == OUTLETS
    assert before["figures"][0] == "5"

    page.reload()
    _wait_for_overview(page)
    # the restored title reaches the sidebar box in the run after the story's: wait for it
    expect(page.locator('[data-testid="stSidebar"]').get_by_role(
        "textbox", name="Story title")).to_have_value("My story", timeout=APP_TIMEOUT)
    after = _read_overview(page)
    assert after == before
    assert page.get_by_text("Sample story", exact=True).count() == 0  # no sample badge
    assert _story_key(page) == key
    page.screenshot(path="/tmp/wt34_restored_overview.png", full_page=True)

    other = browser.new_context(**browser_context_args)  # another browser: no shared state
    try:
        shared = other.new_page()
        shared.goto(f"{app_url}/side_by_side?story={key}&a=harbour_wire&b=morning_post")
        grid = shared.locator(".sbs-grid").first
        expect(grid.locator(".sbs-head")).to_have_text(["Harbour Wire", "Morning Post"],
                                                       timeout=APP_TIMEOUT)
        expect(shared.locator('[data-testid="stSidebar"]').get_by_role(
            "textbox", name="Story title")).to_have_value("My story")
        shared.wait_for_selector(IDLE, timeout=APP_TIMEOUT)
        query = parse_qs(urlparse(shared.url).query)
        assert query == {"story": [key], "a": ["harbour_wire"], "b": ["morning_post"]}
        shared.screenshot(path="/tmp/wt34_shared_pair.png", full_page=True)

        unknown = other.new_page()
        unknown.goto(f"{app_url}/?story=NoSuchStoryKeyWasEverMade")
        expect(unknown.get_by_text(EXPIRED)).to_be_visible(timeout=APP_TIMEOUT)
        _wait_for_overview(unknown)
        expect(unknown.locator(".js-plotly-plot").first.locator("g.ytick text")).to_have_count(
            len(SAMPLE_NAMES))
        expect(unknown).not_to_have_url(re.compile("story="))
        assert unknown.get_by_text("Traceback").count() == 0
        unknown.screenshot(path="/tmp/wt34_unknown_key.png", full_page=True)
    finally:
        other.close()


def test_forget_this_story_removes_it(page: Page, app_url: str) -> None:
    page.goto(app_url)
    upload_story(page, FIXTURE, 5, "Morning Post")
    expect(page).to_have_url(STORY_URL, timeout=APP_TIMEOUT)
    key = _story_key(page)
    page.locator('[data-testid="stSidebar"]').get_by_role(
        "button", name="Forget this story").click()
    expect(page.get_by_text("Your story was removed from this server's memory")).to_be_visible(
        timeout=APP_TIMEOUT)
    expect(page).not_to_have_url(re.compile("story="))
    expect(page.locator('[data-testid="stSidebar"]').get_by_role(
        "textbox", name="Story title")).to_have_value(re.compile("^Sample story"))

    page.goto(f"{app_url}/?story={key}")  # the old link no longer opens it
    expect(page.get_by_text(EXPIRED)).to_be_visible(timeout=APP_TIMEOUT)
