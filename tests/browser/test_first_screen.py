"""A person opens the dashboard: the sample story is there, heatmap and all."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

APP_TIMEOUT = 180_000  # a maximum wait: a loaded 2-core machine can take a minute


def test_sample_story_opens_with_overlap_heatmap(page, app_url, screenshot):
    page.goto(app_url)
    expect(page.get_by_role("heading", name="Coverage Lens")).to_be_visible(timeout=APP_TIMEOUT)
    heatmap = page.locator(".js-plotly-plot").first
    expect(heatmap).to_be_visible(timeout=APP_TIMEOUT)
    expect(page.get_by_text("Overlap between sources")).to_be_visible()
    expect(page.locator('[data-testid="stMetricValue"]').first).to_have_text("5")
    cells = heatmap.locator("g.heatmaplayer text").all_text_contents()
    percentages = [c for c in cells if re.fullmatch(r"\d+%", c)]
    assert len(percentages) == 20, percentages  # 5 x 5 minus the empty diagonal
    assert not page.get_by_text("Traceback").count()
    screenshot("first_screen")


def test_the_sample_is_labelled_and_the_first_upload_starts_a_new_story(page, app_url):
    page.goto(app_url)
    sidebar = page.locator('[data-testid="stSidebar"]')
    expect(sidebar.get_by_text("five example articles, preloaded")).to_be_visible(
        timeout=APP_TIMEOUT)
    expect(page.locator('[data-testid="stMain"]').get_by_text("Sample story").first
           ).to_be_visible()
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="Sources").click()
    uploader = page.locator('[data-testid="stFileUploader"] input[type="file"]')
    uploads = Path(__file__).resolve().parents[1] / "fixtures" / "uploads"
    uploader.set_input_files([str(uploads / "coast_daily.txt")])
    expect(page.get_by_text("Articles in this story: 1")).to_be_visible(timeout=APP_TIMEOUT)
    expect(sidebar.get_by_role("textbox", name="Story title")).to_have_value("My story")
    page.get_by_role("button", name="Undo: back to the sample story").click()
    expect(page.get_by_text("Articles in this story: 5")).to_be_visible(timeout=APP_TIMEOUT)
    expect(sidebar.get_by_text("five example articles, preloaded")).to_be_visible()
