"""Steps a person takes on every page, shared by the browser tests."""

from __future__ import annotations

from playwright.sync_api import Page, expect
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


def pick(page: Page, label: str, option: str) -> None:
    """Choose an option of a select box and wait for the rerun."""
    page.get_by_role("combobox", name=label).click()
    page.get_by_role("option", name=option).click()
    page.wait_for_selector(IDLE, timeout=APP_TIMEOUT)
