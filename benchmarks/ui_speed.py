"""How fast the dashboard feels in a real browser (Debian's Chromium, headless).

Run: python benchmarks/ui_speed.py [--runs 3]
Starts the app on a free port and prints, for the sample story:
- first chart after server start: from launching ``streamlit run`` until the overlap and
  coverage heatmaps are drawn, once with the sample's stored result in place (what
  ``scripts/start.sh`` leaves) and once with none (``COVERAGE_LENS_CACHE=off``);
- first load on a fresh server (imports, cold cache), then warm loads: time from
  navigation until the overlap and coverage heatmaps are drawn and the script is idle;
- a settings change (threshold slider moved one step with the keyboard): time until the
  re-run has finished and the charts are drawn again.
Prints figures only; targets (sample story < 4 s after page load, slider < 1 s) are read
off the output, not asserted.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
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


def first_chart(page: Page, stored: bool) -> tuple[float, float]:
    """(seconds from server launch to healthy, to the first charts drawn) on a server
    with (or without) the sample story's stored result."""
    with tempfile.TemporaryDirectory() as folder:
        cache = folder if stored else "off"
        if stored:
            subprocess.run([sys.executable, "-m", "analysis.pipeline.result_cache"], cwd=ROOT,
                           env={**os.environ, "COVERAGE_LENS_CACHE": cache},
                           check=True, capture_output=True)
        started = time.perf_counter()
        with running_app({"COVERAGE_LENS_CACHE": cache}) as url:
            healthy = time.perf_counter() - started
            page.goto(url)
            wait_rendered(page)
            return healthy, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with running_app() as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        first = page_load(page, url)
        starts = {stored: first_chart(page, stored) for stored in (True, False)}
        warm = [page_load(page, url) for _ in range(args.runs)]
        slider = [slider_change(page) for _ in range(args.runs)]
        browser.close()
    for stored, (healthy, chart) in starts.items():
        label = "stored sample result" if stored else "no stored result   "
        print(f"first chart after server start, {label}: {chart:.2f} s "
              f"(server healthy after {healthy:.2f} s)")
    print(f"first load, fresh server (cold cache):  {first:.2f} s")
    print(f"page load, warm server (median of {args.runs}):  {statistics.median(warm):.2f} s "
          f"(runs: {', '.join(f'{t:.2f}' for t in warm)})")
    print(f"slider change to re-rendered (median):   {statistics.median(slider):.2f} s "
          f"(runs: {', '.join(f'{t:.2f}' for t in slider)})")


if __name__ == "__main__":
    main()
