"""On a phone (390 x 844): the Overview's figures, heatmaps and labels fit and read."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import SAMPLE_NAMES

pytestmark = pytest.mark.browser
APP_TIMEOUT = 180_000  # a maximum wait: a loaded 2-core machine can take a minute
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
PHONE = {"width": 390, "height": 844}


def _inside(box: dict, width: int) -> bool:
    return box["x"] >= 0 and box["x"] + box["width"] <= width + 1


def test_overview_reads_on_a_phone(page: Page, app_url: str, screenshot) -> None:
    page.set_viewport_size(PHONE)
    page.goto(app_url)
    overlap = page.locator(".st-key-overlap_heatmap .js-plotly-plot")
    expect(overlap).to_be_visible(timeout=APP_TIMEOUT)
    page.wait_for_selector(IDLE, timeout=APP_TIMEOUT)

    # The four figures sit two by two: the summary starts on the first screen.
    values = page.locator('[data-testid="stMetricValue"]')
    expect(values).to_have_count(4)
    tops = [values.nth(k).bounding_box()["y"] for k in range(4)]
    assert tops[0] == tops[1] and tops[2] == tops[3] and tops[2] > tops[0], tops
    assert page.get_by_text("5 sources, 102 sentences").bounding_box()["y"] < PHONE["height"]
    screenshot("phone_overview_first_screen")

    # Every source is labelled on both axes of the overlap heatmap, inside the screen.
    overlap.scroll_into_view_if_needed()
    for axis in ("xaxislayer-above", "yaxislayer-above"):
        labels = overlap.locator(f".{axis} text")
        expect(labels).to_have_count(len(SAMPLE_NAMES))
        assert all(_inside(label.bounding_box(), PHONE["width"]) for label in labels.all())
    plot = overlap.locator("rect.nsewdrag").first.bounding_box()
    assert plot["width"] > 150 and plot["height"] > 150, plot  # cells, not a strip
    screenshot("phone_overlap_heatmap")

    # The coverage heatmap's row labels are whole on screen, not clipped at the edge.
    coverage = page.locator(".st-key-coverage_heatmap .js-plotly-plot")
    coverage.scroll_into_view_if_needed()
    rows = coverage.locator(".yaxislayer-above text")
    assert rows.count() >= 10
    assert all(_inside(row.bounding_box(), PHONE["width"]) for row in rows.all())
    assert coverage.locator("rect.nsewdrag").first.bounding_box()["width"] > 150
    screenshot("phone_coverage_heatmap")
