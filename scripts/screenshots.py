"""Refresh the README's screenshots: every page of the dashboard on the sample story.

Run: .venv/bin/python scripts/screenshots.py   (writes docs/screenshots/*.png)
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, running_app  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
PAGES = {  # file name -> (sidebar link, window height[, window width])
    "overview": ("Overview", 2900),
    "sources": ("Sources", 1500),
    "side_by_side": ("Side by side", 1500),
    "elements": ("Story elements", 1300),
    "divergences": ("Divergences", 1300),
    "quotes": ("Quotes", 1300),
    "export": ("Export", 1000),
    "overview_phone": ("Overview", 844, 390),
    "side_by_side_phone": ("Side by side", 844, 390),
}
FIRST_VISIT_MS = 300_000  # the first visit loads the model and compares the sample


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with running_app() as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name, (link, height, *width) in PAGES.items():
            page = browser.new_page(viewport={"width": width[0] if width else 1400,
                                              "height": height})
            page.goto(url)
            page.wait_for_selector(".js-plotly-plot", timeout=FIRST_VISIT_MS)
            if width:  # a phone: the sidebar is folded away, so go by address
                page.goto(f"{url}/{link.lower().replace(' ', '_')}" if link != "Overview"
                          else url)
            else:
                page.locator('[data-testid="stSidebarNav"]').get_by_role(
                    "link", name=link).click()
            page.get_by_role("heading", name=link if link != "Overview" else "Coverage Lens",
                             exact=True).wait_for(timeout=60_000)
            page.wait_for_selector(IDLE, timeout=60_000)
            page.wait_for_timeout(1500)
            page.screenshot(path=str(OUT / f"{name}.png"))
            page.close()
            print(f"wrote {OUT / name}.png")
        browser.close()


if __name__ == "__main__":
    main()
