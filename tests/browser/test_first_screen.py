"""A person opens the dashboard: the sample story is there, heatmap and all."""

import re

from playwright.sync_api import expect

APP_TIMEOUT = 60_000


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
