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


SIDEBAR = '[data-testid="stSidebar"]'
# A phone's own browser: Streamlit closes the sidebar itself after a page link there.
PHONE_BROWSER = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
                 "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1")
# The Overview at 390 px was 8,057 px tall, 4,108 of them the four-column headlines table;
# without it the page's own figures, summary and panels take about 4,300. The bound is six
# screens: the table (or anything near its size) coming back on a phone breaks it, a
# longer summary or a wrapped heading does not.
OVERVIEW_MAX_HEIGHT = 5_000


def _open_overview(page: Page, url: str) -> None:
    page.goto(url)
    for key in ("overlap_heatmap", "coverage_heatmap"):
        expect(page.locator(f".st-key-{key} .js-plotly-plot")).to_be_visible(
            timeout=APP_TIMEOUT)
    page.wait_for_selector(IDLE, timeout=APP_TIMEOUT)


def _choose_in_sidebar(page: Page, name: str) -> None:
    """Open the sidebar with its button, as on a phone, and choose a page in it."""
    page.get_by_test_id("stExpandSidebarButton").click()
    sidebar = page.locator(SIDEBAR)
    expect(sidebar).to_have_attribute("data-collapsed", "false")
    sidebar.get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", name=name, exact=True)).to_be_visible(
        timeout=APP_TIMEOUT)
    page.wait_for_selector(IDLE, timeout=APP_TIMEOUT)


def _sidebar_is_away(page: Page, heading: str) -> None:
    """Closed, slid off the screen, and the page's heading is what a tap on it would hit."""
    expect(page.locator(SIDEBAR)).to_have_attribute("data-collapsed", "true")
    page.wait_for_function(
        f"() => document.querySelector('{SIDEBAR}').getBoundingClientRect().right <= 0")
    title = page.get_by_role("heading", name=heading, exact=True)
    box = title.bounding_box()
    centre = [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2]
    assert 0 <= centre[1] <= PHONE["height"], box
    assert title.evaluate("(h, [x, y]) => h.contains(document.elementFromPoint(x, y))", centre)


def test_sidebar_closes_after_a_page_is_chosen_in_a_narrow_window(page: Page,
                                                                  app_url: str) -> None:
    """A narrow window of a desktop browser (Streamlit closes the sidebar itself only for a
    phone's user agent): closed after each choice, the first run's listener still there on
    later pages."""
    page.set_viewport_size(PHONE)
    _open_overview(page, app_url)
    expect(page.locator(SIDEBAR)).to_have_attribute("data-collapsed", "true")
    _choose_in_sidebar(page, "Side by side")
    _sidebar_is_away(page, "Side by side")
    _choose_in_sidebar(page, "Quotes")
    _sidebar_is_away(page, "Quotes")


def test_sidebar_closes_once_in_a_phone_browser(browser, app_url: str) -> None:
    """A phone's browser: Streamlit closes the sidebar, and the listener does not reopen it."""
    context = browser.new_context(viewport=PHONE, user_agent=PHONE_BROWSER)
    try:
        page = context.new_page()
        _open_overview(page, app_url)
        _choose_in_sidebar(page, "Story elements")
        _sidebar_is_away(page, "Story elements")
    finally:
        context.close()


def test_sidebar_stays_beside_the_page_on_a_wide_screen(page: Page, app_url: str) -> None:
    _open_overview(page, app_url)
    sidebar = page.locator(SIDEBAR)
    sidebar.get_by_role("link", name="Divergences").click()
    expect(page.get_by_role("heading", name="Divergences", exact=True)).to_be_visible(
        timeout=APP_TIMEOUT)
    page.wait_for_selector(IDLE, timeout=APP_TIMEOUT)
    expect(sidebar).to_have_attribute("data-collapsed", "false")
    expect(sidebar.get_by_role("link", name="Overview")).to_be_visible()


def _overview_height(page: Page) -> int:
    return page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")


def test_overview_headlines_fit_a_phone_and_show_all_on_request(page: Page, app_url: str,
                                                                screenshot) -> None:
    page.set_viewport_size(PHONE)
    _open_overview(page, app_url)
    short, wide = page.locator(".st-key-framing_narrow"), page.locator(".st-key-framing_wide")
    table = short.get_by_test_id("stTable")
    expect(table).to_be_visible()
    expect(wide).to_be_hidden()
    height = _overview_height(page)
    assert height <= OVERVIEW_MAX_HEIGHT, height

    # every source by name and headline, whole
    table.scroll_into_view_if_needed()
    expect(table.locator("tbody tr")).to_have_count(len(SAMPLE_NAMES))
    for name in SAMPLE_NAMES:
        expect(table.get_by_role("cell", name=name, exact=True)).to_be_visible()
    expect(table.get_by_role("cell", name="Putin thanks North Korea for ‘unwavering "
                             "support’ for Ukraine war", exact=True)).to_be_visible()
    screenshot("phone_overview_headlines")

    # "Every headline" opens each source's standfirst and leads, one block per source
    short.get_by_text("Every headline (5 sources): standfirst and what each leads with").click()
    blocks = short.get_by_test_id("stExpanderDetails").get_by_test_id("stMarkdownContainer")
    expect(blocks).to_have_count(len(SAMPLE_NAMES))
    for k, name in enumerate(SAMPLE_NAMES):
        expect(blocks.nth(k).locator("strong").first).to_have_text(name)
    expect(short.get_by_text("North Korea joined by allies", exact=False)).to_be_visible()
    expect(blocks.locator("em", has_text="Leads with")).to_have_count(len(SAMPLE_NAMES))
    assert _overview_height(page) > height  # the long form is there when asked for


def test_overview_keeps_the_headlines_table_on_a_wide_screen(page: Page, app_url: str) -> None:
    _open_overview(page, app_url)
    expect(page.locator(".st-key-framing_narrow")).to_be_hidden()
    table = page.locator(".st-key-framing_wide").get_by_test_id("stTable")
    table.scroll_into_view_if_needed()
    expect(table).to_be_visible()
    for column in ("source", "headline", "standfirst", "leads with"):
        expect(table.get_by_role("columnheader", name=column, exact=True)).to_be_visible()
    expect(table.locator("tbody tr")).to_have_count(len(SAMPLE_NAMES))
