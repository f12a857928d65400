"""One person's whole visit: sample heatmaps, upload, side by side, a setting, downloads."""

import csv
import io
import time
from pathlib import Path

from playwright.sync_api import Page, expect

UPLOADS = Path(__file__).resolve().parents[1] / "fixtures" / "uploads"
APP_TIMEOUT = 180_000  # a maximum wait: a loaded 2-core machine can take a minute
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def _idle(page: Page) -> None:
    page.wait_for_selector(IDLE, timeout=APP_TIMEOUT)


def _open(page: Page, name: str) -> None:
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", name=name, exact=True)).to_be_visible(
        timeout=APP_TIMEOUT)
    _idle(page)


def _pick(page: Page, label: str, option: str) -> None:
    page.get_by_role("combobox", name=label).click()
    page.get_by_role("option", name=option).click()
    _idle(page)


def _count_once_drawn(page: Page, cells, at_least: int) -> int:
    """The count after the rerun a slider started has drawn everything.

    A key press reaches the server after a short delay, so the app can look idle
    before its rerun starts and half drawn while it runs: poll until the rerun
    is over and the cells are back (or a minute passes), then report the count.
    """
    deadline = time.monotonic() + 60
    while True:
        page.wait_for_timeout(500)
        _idle(page)
        count = cells.count()
        if count >= at_least or time.monotonic() > deadline:
            return count


def _download(page: Page, button: str) -> str:
    with page.expect_download(timeout=APP_TIMEOUT) as info:
        page.get_by_role("button", name=button).click()
    return Path(info.value.path()).read_text(encoding="utf-8")


def test_a_visit_from_sample_to_downloads(page: Page, app_url: str, screenshot) -> None:
    page.goto(app_url)
    expect(page.locator(".js-plotly-plot")).to_have_count(2, timeout=APP_TIMEOUT)
    expect(page.get_by_text("Coverage of story elements")).to_be_visible()
    _idle(page)

    _open(page, "Sources")
    uploader = page.locator('[data-testid="stFileUploader"] input[type="file"]')
    uploader.set_input_files([str(UPLOADS / n) for n in
                              ("harbour_tribune.txt", "coast_daily.txt", "hostile.html")])
    expect(page.get_by_text("Articles in this story: 3")).to_be_visible(timeout=APP_TIMEOUT)
    _idle(page)

    _open(page, "Side by side")
    _pick(page, "Left source", "Harbour Tribune")
    _pick(page, "Right source", "Coast Daily")
    grid = page.locator(".sbs-grid").first
    expect(grid.locator(".sbs-head").first).to_have_text("Harbour Tribune")
    matched = grid.locator(".sbs-near-verbatim, .sbs-paraphrase, .sbs-verbatim, .sbs-partial")
    expect(matched.first).to_be_visible(timeout=APP_TIMEOUT)
    before = matched.count()
    expect(page.get_by_text("sentences are in Coast Daily").first).to_be_visible()
    screenshot("journey_side_by_side")

    threshold = page.locator('[data-testid="stSlider"] input[type="range"]').first
    threshold.focus()
    for _ in range(25):  # 0.55 -> 0.30: looser matching finds at least as many pairs
        threshold.press("ArrowLeft")
    _idle(page)
    expect(page.get_by_text("0.30").first).to_be_visible(timeout=APP_TIMEOUT)
    assert _count_once_drawn(page, matched, before) >= before

    _open(page, "Export")
    rows = list(csv.DictReader(io.StringIO(_download(page, "Matches (CSV)"))))
    harbour = [r for r in rows if "Harbour Tribune" in (r["source_a"], r["source_b"])]
    assert any("harbour" in (r["text_a"] + r["text_b"]).lower() for r in harbour)
    report = _download(page, "Report (HTML)")
    assert "Harbour Tribune" in report and "Coast Daily" in report
    assert "<script>alert" not in report
    screenshot("journey_export")
