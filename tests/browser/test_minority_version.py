"""A fact-checker uploads five articles, one of which gives another number (issue 31).

The five invented articles of tests/fixtures/minority_number: four say "all 63 people"
were rescued, Morning Post says "all 36 people" in an otherwise word-for-word copy. The
Story elements page names the element with the majority's wording, and Side by side never
marks the contradicting pair verbatim.
"""

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.steps import APP_TIMEOUT, open_page, pick, upload_story

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "minority_number"
def test_the_majority_names_the_element_and_the_contradiction_is_not_verbatim(
        page: Page, app_url: str, screenshot) -> None:
    page.goto(app_url)
    upload_story(page, FIXTURE, 5, "Morning Post")

    open_page(page, "Story elements")
    pick(page, "Show", "Shared by all sources")
    titles = page.locator('[data-testid="stExpander"] summary')
    expect(titles.first).to_be_visible(timeout=APP_TIMEOUT)
    lead = titles.filter(has_text="on board")  # the lead: "...rescued all N people on board"
    expect(lead.first).to_contain_text("all 63 people")
    assert page.locator('[data-testid="stExpander"] summary', has_text="all 36 people").count() == 0
    # two elements shared by all: both open, the disagreement and the minority's badge shown
    expect(page.get_by_text("Sources disagree on a number").first).to_be_visible(
        timeout=APP_TIMEOUT)
    expect(page.get_by_text("Morning Post: a minority version").first).to_be_visible()
    expect(page.get_by_text("minority version", exact=True).first).to_be_visible()
    screenshot("minority_version_elements")

    open_page(page, "Side by side")
    pick(page, "Left source", "Harbour Wire")
    pick(page, "Right source", "Morning Post")
    grid = page.locator(".sbs-grid").first
    expect(grid.locator(".sbs-head").nth(1)).to_have_text("Morning Post", timeout=APP_TIMEOUT)
    contradicting = grid.locator(".sbs-near-verbatim", has_text="all 36 people")
    expect(contradicting.first).to_be_visible(timeout=APP_TIMEOUT)
    assert grid.locator(".sbs-verbatim", has_text="all 36 people").count() == 0
    assert grid.locator(".sbs-verbatim", has_text="Marta Grey").count() >= 1  # a true copy
    screenshot("minority_version_side_by_side")
