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


def _page_height(page: Page) -> int:
    return page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")


def test_overview_headlines_fit_a_phone_and_show_all_on_request(page: Page, app_url: str,
                                                                screenshot) -> None:
    page.set_viewport_size(PHONE)
    _open_overview(page, app_url)
    short, wide = page.locator(".st-key-framing_narrow"), page.locator(".st-key-framing_wide")
    table = short.get_by_test_id("stTable")
    expect(table).to_be_visible()
    expect(wide).to_be_hidden()
    height = _page_height(page)
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
    assert _page_height(page) > height  # the long form is there when asked for


def test_overview_keeps_the_headlines_table_on_a_wide_screen(page: Page, app_url: str) -> None:
    _open_overview(page, app_url)
    expect(page.locator(".st-key-framing_narrow")).to_be_hidden()
    table = page.locator(".st-key-framing_wide").get_by_test_id("stTable")
    table.scroll_into_view_if_needed()
    expect(table).to_be_visible()
    for column in ("source", "headline", "standfirst", "leads with"):
        expect(table.get_by_role("columnheader", name=column, exact=True)).to_be_visible()
    expect(table.locator("tbody tr")).to_have_count(len(SAMPLE_NAMES))


# Side by side at 390 px was 8,046 px tall, about 5,700 of them the sample pair's 21 aligned
# rows (their sentences stacked); with the first six rows and "Show all 21 rows" under them
# it is about 4,100. Divergences was 6,817 px with each card's sentences open; with them
# closed behind "Read the N sentences", about 3,200. The bounds are six and five screens:
# every row or every card's sentences open again on a phone breaks them.
SIDE_BY_SIDE_MAX_HEIGHT = 5_000
DIVERGENCES_MAX_HEIGHT = 4_200
SHOWN_ROWS = 6  # app_pages/side_by_side.py NARROW_ROWS
CARD = '[data-testid="stMain"] table'  # a card's value table
VISIBLE = "els => els.filter(e => e.getClientRects().length > 0).length"


def _open_page(page: Page, url: str, path: str, heading: str, drawn: str) -> None:
    """Open a page by its address and wait until ``drawn`` (its main content) shows."""
    page.goto(f"{url}/{path}")
    expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible(
        timeout=APP_TIMEOUT)
    expect(page.locator(drawn).first).to_be_visible(timeout=APP_TIMEOUT)
    page.wait_for_selector(IDLE, timeout=APP_TIMEOUT)


def _grid_rows_shown(page: Page) -> int:
    """Aligned rows on screen: one gutter (score, or ▲/▼) a row."""
    return page.locator(".sbs-grid .sbs-gut").evaluate_all(VISIBLE)


def test_side_by_side_shows_its_first_rows_on_a_phone_and_all_on_request(page: Page,
                                                                          app_url: str,
                                                                          screenshot) -> None:
    page.set_viewport_size(PHONE)
    _open_page(page, app_url, "side_by_side", "Side by side", "#sbs-a-1")
    rows = page.locator(".sbs-grid .sbs-gut").count()
    assert rows == 21  # the sample's most similar pair
    expect(page.locator("#sbs-a-1")).to_be_visible()
    assert _grid_rows_shown(page) == SHOWN_ROWS
    height = _page_height(page)
    assert height <= SIDE_BY_SIDE_MAX_HEIGHT, height
    toggle = page.locator("label.sbs-more")
    show, hide = toggle.locator(".sbs-more-show"), toggle.locator(".sbs-more-hide")
    expect(show).to_have_text(f"▼ Show all {rows} rows ({rows - SHOWN_ROWS} more)")
    expect(show).to_be_visible()
    expect(hide).to_be_hidden()
    toggle.scroll_into_view_if_needed()
    screenshot("phone_side_by_side_first_rows")

    toggle.click()  # a checkbox's label: no rerun
    assert _grid_rows_shown(page) == rows
    expect(page.locator("#sbs-a-19")).to_be_visible()  # the left source's last sentence
    expect(hide).to_have_text(f"▲ Show the first {SHOWN_ROWS} rows only")
    expect(hide).to_be_visible()
    expect(show).to_be_hidden()
    assert _page_height(page) > height + 2_000, height  # the whole pair is there
    toggle.click()
    assert _grid_rows_shown(page) == SHOWN_ROWS

    # a link to a later row shows every row, and the row it names is on screen
    page.locator(".sbs-bar").get_by_text("↓ last difference").click()
    target = page.locator(".sbs-later:target")
    expect(target).to_have_count(1)
    expect(target).to_be_in_viewport()
    assert _grid_rows_shown(page) == rows
    expect(toggle).to_be_hidden()


def test_divergences_keep_each_cards_sentences_closed_on_a_phone(page: Page, app_url: str,
                                                                 screenshot) -> None:
    page.set_viewport_size(PHONE)
    _open_page(page, app_url, "divergences", "Divergences", CARD)
    closed = page.locator('[class*="st-key-divergence_closed_"]')
    expect(closed).to_have_count(6)  # the sample's six cards
    for k in range(6):
        expect(closed.nth(k).locator("details")).not_to_have_attribute("open", "")
        expect(closed.nth(k).get_by_text("Read the ")).to_be_visible()
    expect(page.locator('[class*="st-key-divergence_open_"]').first).to_be_hidden()
    height = _page_height(page)
    assert height <= DIVERGENCES_MAX_HEIGHT, height
    screenshot("phone_divergences")

    first = closed.first
    first.locator("summary").click()  # no rerun: the sentences are in the page already
    expect(first.locator("details")).to_have_attribute("open", "")
    expect(first.get_by_text("“day celebrated on Thursday”")).to_be_visible()
    expect(first.get_by_text("sentence 1", exact=True)).to_be_visible()
    assert _page_height(page) > height


def test_side_by_side_and_divergences_show_everything_on_a_wide_screen(page: Page,
                                                                        app_url: str) -> None:
    _open_page(page, app_url, "side_by_side", "Side by side", "#sbs-a-1")
    assert _grid_rows_shown(page) == page.locator(".sbs-grid .sbs-gut").count() == 21
    expect(page.locator("label.sbs-more")).to_be_hidden()

    _open_page(page, app_url, "divergences", "Divergences", CARD)
    shown = page.locator('[class*="st-key-divergence_open_"]')
    expect(shown).to_have_count(6)
    for k in range(6):
        expect(shown.nth(k).locator("details")).to_have_attribute("open", "")
    expect(shown.first.get_by_text("“day celebrated on Thursday”")).to_be_visible()
    assert page.locator('[class*="st-key-divergence_closed_"]').evaluate_all(VISIBLE) == 0
