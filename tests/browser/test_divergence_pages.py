"""Divergences and Quotes in the browser, and a click on the coverage heatmap."""

from playwright.sync_api import Page, expect

from tests.browser.conftest import IDLE
from tests.browser.steps import APP_TIMEOUT, open_page


def test_divergences_and_quotes_pages(page: Page, app_url: str, screenshot) -> None:
    page.goto(app_url)
    expect(page.locator(".js-plotly-plot")).to_have_count(2, timeout=APP_TIMEOUT)
    open_page(page, "Divergences")
    marks = page.locator("mark")
    expect(marks.filter(has_text="deputy spokesperson").first).to_be_visible()
    expect(marks.filter(has_text="capable of wide-range strike").first).to_be_visible()
    expect(page.get_by_text("Value given").first).to_be_visible()
    expect(page.get_by_text("Who said it").first).to_be_visible()
    screenshot("divergences_page")
    page.get_by_role("button", name="Side by side:").first.click()
    expect(page.get_by_role("heading", name="Side by side", exact=True)).to_be_visible(
        timeout=APP_TIMEOUT)

    open_page(page, "Quotes")
    concerned = page.locator('[data-testid="stExpander"]').filter(
        has_text="incredibly concerned")
    expect(concerned.first).to_be_visible()
    expect(page.get_by_text("attribution differs").first).to_be_visible()
    expect(page.get_by_text("Vedant Patel").first).to_be_visible()
    screenshot("quotes_page")


def test_clicking_a_coverage_square_shows_its_sentences(page: Page, app_url: str) -> None:
    page.goto(app_url)
    coverage = page.locator(".st-key-coverage_heatmap .js-plotly-plot")
    expect(coverage).to_be_visible(timeout=APP_TIMEOUT)
    page.wait_for_selector(IDLE, timeout=APP_TIMEOUT)
    square = coverage.locator("g.scatterlayer path.point").last  # low in the chart
    square.scroll_into_view_if_needed()
    page.wait_for_timeout(500)  # let the chart settle after scrolling
    square.click(force=True)
    expect(page.get_by_text("sentences behind the cell you clicked")).to_be_visible(
        timeout=APP_TIMEOUT)
    quotes = page.locator("blockquote")  # the element's sentences, one per carrying source
    expect(quotes.first).to_be_visible()
    # they are drawn one after the other: wait for the second rather than count at once
    page.wait_for_function("document.querySelectorAll('blockquote').length >= 2",
                           timeout=APP_TIMEOUT)
    assert quotes.count() >= 2
    # The sentences open below a tall chart: the page brings them up to the reader.
    box = page.locator(".st-key-clicked_element")
    page.wait_for_function("""() => { const b = document.querySelector(
        '.st-key-clicked_element').getBoundingClientRect();
        return b.top > -20 && b.top < window.innerHeight - 100; }""", timeout=10_000)
    assert -20 < box.bounding_box()["y"] < page.viewport_size["height"]
