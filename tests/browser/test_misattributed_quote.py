"""A fact-checker uploads six articles, one crediting a quotation to someone else (issue 32).

tests/fixtures/misattributed_quote (invented): five outlets credit a quotation to Detective
Sergeant Maya Holt, Art Weekly to "museum director Paul Grieve"; all name a painting in
quote marks. The Quotes page lists the quotation under "Attribution differs" with both
speakers, never the painting's title as a quotation; Divergences has the card.
"""

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.steps import APP_TIMEOUT, expand, open_page, pick, upload_story

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "misattributed_quote"


def test_the_other_speaker_is_named_on_quotes_and_divergences(
        page: Page, app_url: str, screenshot) -> None:
    page.goto(app_url)
    upload_story(page, FIXTURE, 6, "Art Weekly")

    open_page(page, "Quotes")
    pick(page, "Show", "Attribution differs")
    quotation = page.locator('[data-testid="stExpander"]').filter(
        has_text="We believe the thieves knew the building")
    expect(quotation.first).to_be_visible(timeout=APP_TIMEOUT)
    expect(quotation.first).to_contain_text("attribution differs")
    expand(page, quotation.first)
    expect(quotation.first.get_by_text("Paul Grieve").first).to_be_visible()
    expect(quotation.first.get_by_text("Maya Holt").first).to_be_visible()
    assert page.locator('[data-testid="stExpander"]').filter(
        has_text="Harbour at Dusk").count() == 0  # a painting's title is no quotation
    screenshot("misattributed_quote_quotes")

    open_page(page, "Divergences")
    marks = page.locator("mark")
    expect(marks.filter(has_text="Paul Grieve").first).to_be_visible(timeout=APP_TIMEOUT)
    expect(marks.filter(has_text="Maya Holt").first).to_be_visible()
    screenshot("misattributed_quote_divergences")
