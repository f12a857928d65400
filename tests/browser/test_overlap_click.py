"""A person clicks a cell of the overlap heatmap and reads that pair side by side."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import SAMPLE_NAMES

pytestmark = pytest.mark.browser

APP_TIMEOUT = 180_000  # a maximum wait: a loaded 2-core machine can take a minute
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
SOURCES = 5  # the sample story
OVERLAP = ".st-key-overlap_heatmap .js-plotly-plot"


def click_overlap_cell(page: Page, row: int, column: int, count: int = SOURCES) -> None:
    """Click the middle of one cell of the overlap heatmap (0-based row and column)."""
    chart = page.locator(OVERLAP)
    chart.scroll_into_view_if_needed()
    box = chart.locator("rect.nsewdrag").first.bounding_box()
    x = box["x"] + box["width"] * (column + 0.5) / count
    y = box["y"] + box["height"] * (row + 0.5) / count
    page.mouse.move(x, y)
    page.mouse.click(x, y)


def test_clicking_an_overlap_cell_opens_that_pair(page: Page, app_url: str, screenshot) -> None:
    page.goto(app_url)
    names = page.locator(OVERLAP).locator(".yaxislayer-above text")
    expect(names).to_have_count(SOURCES, timeout=APP_TIMEOUT)
    page.wait_for_selector(IDLE, timeout=APP_TIMEOUT)
    drawn = [text for _, text in sorted(  # top to bottom, as drawn (names wrap on lines)
        (label.bounding_box()["y"], label.text_content()) for label in names.all())]
    rows = SAMPLE_NAMES
    assert [d.replace(" ", "") for d in drawn] == [n.replace(" ", "") for n in rows]
    click_overlap_cell(page, 2, 3)
    expect(page.get_by_role("heading", name="Side by side", exact=True)).to_be_visible(
        timeout=APP_TIMEOUT)
    page.wait_for_selector(IDLE, timeout=APP_TIMEOUT)
    heads = page.locator(".sbs-grid").first.locator(".sbs-head")
    expect(heads).to_have_text([rows[2], rows[3]], timeout=APP_TIMEOUT)
    screenshot("overlap_click_side_by_side")

    # Going back to the Overview stays there: the old click does not fire again.
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="Overview").click()
    page.wait_for_selector(IDLE, timeout=APP_TIMEOUT)
    page.wait_for_timeout(1500)
    expect(page.get_by_text("Overlap between sources")).to_be_visible(timeout=APP_TIMEOUT)
    expect(page.get_by_role("heading", name="Side by side", exact=True)).to_have_count(0)


def test_clicking_the_diagonal_stays_on_the_overview(page: Page, app_url: str) -> None:
    page.goto(app_url)
    expect(page.locator(OVERLAP)).to_be_visible(timeout=APP_TIMEOUT)
    page.wait_for_selector(IDLE, timeout=APP_TIMEOUT)
    click_overlap_cell(page, 1, 1)
    page.wait_for_timeout(1500)
    page.wait_for_selector(IDLE, timeout=APP_TIMEOUT)
    expect(page.get_by_text("Overlap between sources")).to_be_visible()
