"""Steps a person takes on every page, shared by the browser tests."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import IDLE

APP_TIMEOUT = 180_000  # a maximum wait: a loaded 2-core machine can take a minute


def open_page(page: Page, name: str) -> None:
    """Click a page in the sidebar and wait until it has finished drawing."""
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", name=name, exact=True)).to_be_visible(
        timeout=APP_TIMEOUT)
    page.wait_for_selector(IDLE, timeout=APP_TIMEOUT)


def pick(page: Page, label: str, option: str) -> None:
    """Choose an option of a select box and wait for the rerun."""
    page.get_by_role("combobox", name=label).click()
    page.get_by_role("option", name=option).click()
    page.wait_for_selector(IDLE, timeout=APP_TIMEOUT)
