"""How fast the dashboard feels in a real browser (Debian's Chromium, headless).

Run: python benchmarks/ui_speed.py [--runs 3]
Starts the app on a free port and prints, for the sample story:
- first load on a fresh server (imports, cold cache), then warm loads: time from
  navigation until the overlap and coverage heatmaps are drawn and the script is idle;
- a settings change (threshold slider moved one step with the keyboard): time until the
  re-run has finished and the charts are drawn again.
Prints figures only; targets (sample story < 4 s after page load, slider < 1 s) are read
off the output, not asserted.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, running_app  # noqa: E402

IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def wait_rendered(page: Page, charts: int = 2, timeout: float = 60_000) -> None:
    page.wait_for_selector(IDLE, timeout=timeout)
    page.wait_for_function(
        f"document.querySelectorAll('.js-plotly-plot .main-svg').length >= {charts}",
        timeout=timeout,
    )


def page_load(page: Page, url: str) -> float:
    started = time.perf_counter()
    page.goto(url)
    wait_rendered(page)
    return time.perf_counter() - started


def slider_change(page: Page) -> float:
    slider = page.locator('[data-testid="stSlider"] input[type="range"]').first
    slider.focus()
    started = time.perf_counter()
    slider.press("ArrowLeft")
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="running"]',
                           timeout=5_000)
    wait_rendered(page)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with running_app() as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        first = page_load(page, url)
        warm = [page_load(page, url) for _ in range(args.runs)]
        slider = [slider_change(page) for _ in range(args.runs)]
        browser.close()
    print(f"first load, fresh server (cold cache):  {first:.2f} s")
    print(f"page load, warm server (median of {args.runs}):  {statistics.median(warm):.2f} s "
          f"(runs: {', '.join(f'{t:.2f}' for t in warm)})")
    print(f"slider change to re-rendered (median):   {statistics.median(slider):.2f} s "
          f"(runs: {', '.join(f'{t:.2f}' for t in slider)})")


if __name__ == "__main__":
    main()
