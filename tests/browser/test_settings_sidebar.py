"""The Evidence control in a real browser: the Overview says which evidence matched, and
"Reset to defaults" moves every control back, the slider the browser drew included."""

from playwright.sync_api import Page, expect

from analysis.pipeline.settings import Settings

APP_TIMEOUT = 180_000  # a maximum wait: a loaded 2-core machine can take a minute
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
SEMANTIC_CAPTION = "Matched with meaning + wording (all-MiniLM-L6-v2)."
LEXICAL_CAPTION = "Matched by wording only: chosen under Evidence in the sidebar."


def _idle(page: Page) -> None:
    page.wait_for_selector(IDLE, timeout=APP_TIMEOUT)


def test_evidence_switch_changes_the_overview_caption_and_reset_restores_it(
        page: Page, app_url: str, screenshot) -> None:
    page.goto(app_url)
    expect(page.locator(".js-plotly-plot")).to_have_count(2, timeout=APP_TIMEOUT)
    _idle(page)
    sidebar = page.locator('[data-testid="stSidebar"]')
    threshold = sidebar.get_by_role("slider", name="Match threshold")
    semantic_default = f"{Settings(semantic=True).match_threshold:.2f}"
    lexical_default = f"{Settings(semantic=False).match_threshold:.2f}"
    expect(page.get_by_text(SEMANTIC_CAPTION)).to_be_visible()
    expect(threshold).to_have_value(semantic_default)

    sidebar.get_by_text("Wording only (lexical)").click()
    expect(page.get_by_text(LEXICAL_CAPTION)).to_be_visible(timeout=APP_TIMEOUT)
    expect(page.get_by_text(SEMANTIC_CAPTION)).to_have_count(0)
    expect(threshold).to_have_value(lexical_default)  # the default of the new mode
    expect(page.locator(".js-plotly-plot")).to_have_count(2, timeout=APP_TIMEOUT)
    _idle(page)
    screenshot("evidence_wording_only")

    threshold.focus()
    for _ in range(10):
        threshold.press("ArrowRight")
    _idle(page)
    expect(threshold).not_to_have_value(lexical_default)

    sidebar.get_by_role("button", name="Reset to defaults").click()
    expect(page.get_by_text(SEMANTIC_CAPTION)).to_be_visible(timeout=APP_TIMEOUT)
    _idle(page)
    expect(threshold).to_have_value(semantic_default)
    expect(sidebar.get_by_role("radio", name="Meaning + wording (recommended)")).to_be_checked()
    # Any later run sends the browser's widget values back: they must be the defaults too.
    page.locator('[data-testid="stMain"]').get_by_text("All elements", exact=True).click()
    _idle(page)
    expect(threshold).to_have_value(semantic_default)
    expect(page.get_by_text(SEMANTIC_CAPTION)).to_be_visible()
    # ...and so must the next page visit: the slider and the analysis stay at the default.
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="Side by side").click()
    expect(page.get_by_role("heading", name="Side by side", exact=True)).to_be_visible(
        timeout=APP_TIMEOUT)
    _idle(page)
    expect(threshold).to_have_value(semantic_default)
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="Overview").click()
    expect(page.get_by_text(SEMANTIC_CAPTION)).to_be_visible(timeout=APP_TIMEOUT)
    expect(threshold).to_have_value(semantic_default)
