"""A person opens Export and downloads the matches CSV, a chart PNG and the report."""

import csv
import io
from pathlib import Path

from playwright.sync_api import expect

from components.exports.export import NO_BROWSER_MESSAGE
from tests.browser.conftest import SAMPLE_NAMES

APP_TIMEOUT = 180_000  # a maximum wait: a loaded 2-core machine can take a minute
SOURCES = SAMPLE_NAMES


def _download(page, name: str, nth: int = 0) -> Path:
    button = page.get_by_role("button", name=name).nth(nth)
    with page.expect_download(timeout=APP_TIMEOUT) as info:
        button.click()
    return Path(info.value.path())


def test_export_downloads_csv_png_and_offline_report(page, app_url, screenshot):
    page.goto(f"{app_url}/export")
    expect(page.get_by_role("heading", name="Export")).to_be_visible(timeout=APP_TIMEOUT)
    expect(page.get_by_role("button", name="Matches (CSV)")).to_be_visible(timeout=APP_TIMEOUT)
    assert not page.get_by_text(NO_BROWSER_MESSAGE).count()

    matches = _download(page, "Matches (CSV)").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(matches)))
    assert list(rows[0])[:4] == ["source_a", "article_a", "sentence_a", "text_a"]
    assert any("strongest in the world" in row["text_a"] + row["text_b"] for row in rows)

    png = _download(page, "PNG").read_bytes()  # first chart: the overlap heatmap
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 20_000

    report_path = _download(page, "Report (HTML)")
    report = report_path.read_text(encoding="utf-8")
    assert "Coverage Lens report" in report and "<h1>Sample story: " in report  # its title
    assert all(source in report for source in SOURCES)
    screenshot("export_page")

    offline = page.context.new_page()
    blocked: list[str] = []
    offline.route("**/*", lambda route: route.continue_() if route.request.url.startswith(
        "file:") else (blocked.append(route.request.url), route.abort()))
    offline.goto(_copy_as_html(report_path).as_uri())
    expect(offline.locator(".js-plotly-plot .main-svg").first).to_be_visible(timeout=20_000)
    assert offline.locator(".js-plotly-plot").count() >= 1
    assert blocked == []
    offline.close()


def _copy_as_html(path: Path) -> Path:
    """Playwright saves downloads without an extension; a browser needs one to render HTML."""
    target = path.parent / "report.html"
    target.write_bytes(path.read_bytes())
    return target
