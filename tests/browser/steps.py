"""Steps a person takes on every page, shared by the browser tests."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.browser.conftest import IDLE

APP_TIMEOUT = 180_000  # a maximum wait: a loaded 2-core machine can take a minute


def open_page(page: Page, name: str) -> None:
    """Click a page in the sidebar and wait until it has finished drawing.

    A click that lands while the app is still re-running after an upload can be lost
    (seen once in CI: the Sources page stayed); the link is clicked again, up to three
    times, before the full wait."""
    link = page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=name)
    heading = page.get_by_role("heading", name=name, exact=True)
    for _ in range(3):
        link.click()
        try:
            heading.wait_for(state="visible", timeout=APP_TIMEOUT // 6)
            break
        except PlaywrightTimeout:
            page.wait_for_selector(IDLE, timeout=APP_TIMEOUT)
    expect(heading).to_be_visible(timeout=APP_TIMEOUT)
    page.wait_for_selector(IDLE, timeout=APP_TIMEOUT)


def expand(page: Page, expander: Locator) -> None:
    """Open a closed expander and wait until its body shows.

    A click that lands while the app re-runs can be undone when the expander is drawn again
    closed (seen once in CI under load: the label showed, the body stayed hidden), so the
    click is repeated, up to three times, before the full wait."""
    details = expander.locator("details")
    for _ in range(3):
        if details.get_attribute("open") is None:
            expander.locator("summary").click()
        page.wait_for_selector(IDLE, timeout=APP_TIMEOUT)
        try:
            expect(details).to_have_attribute("open", "", timeout=APP_TIMEOUT // 6)
            return
        except AssertionError:
            continue
    expect(details).to_have_attribute("open", "", timeout=APP_TIMEOUT)


def pick(page: Page, label: str, option: str) -> None:
    """Choose an option of a select box and wait for the rerun."""
    page.get_by_role("combobox", name=label).click()
    page.get_by_role("option", name=option).click()
    page.wait_for_selector(IDLE, timeout=APP_TIMEOUT)


def upload_story(page: Page, folder: Path, articles: int, outlet: str) -> None:
    """Upload every ``.txt`` of ``folder`` on the Sources page as a new story, and wait
    until that story is the one shown: its title, its article count and one of its outlets
    (the five-article sample shows the same count, so the count alone proves nothing)."""
    open_page(page, "Sources")
    uploader = page.locator('[data-testid="stFileUploader"] input[type="file"]')
    uploader.set_input_files(sorted(str(p) for p in folder.glob("*.txt")))
    expect(page.locator('[data-testid="stSidebar"]').get_by_role(
        "textbox", name="Story title")).to_have_value("My story", timeout=APP_TIMEOUT)
    expect(page.get_by_text(f"Articles in this story: {articles}")).to_be_visible(
        timeout=APP_TIMEOUT)
    expect(page.get_by_text(outlet).first).to_be_visible(timeout=APP_TIMEOUT)
    page.wait_for_selector(IDLE, timeout=APP_TIMEOUT)
