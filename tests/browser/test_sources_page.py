"""A journalist drops several files on Sources: good ones join the table, a bad one is named."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

APP_TIMEOUT = 180_000  # a maximum wait: a loaded 2-core machine can take a minute
UPLOADS = Path(__file__).resolve().parents[1] / "fixtures" / "uploads"


def wait_until_idle(page) -> None:
    """Streamlit marks the app root while a script run is going on; act only once it ended."""
    expect(page.locator('[data-testid="stApp"]')).to_have_attribute(
        "data-test-script-state", "notRunning", timeout=APP_TIMEOUT)


def open_expander(page, expander, label: str) -> None:
    """Open an expander once: a click on one that a rerun already opened would close it."""
    details = expander.locator("details").first
    for _ in range(5):
        if details.get_attribute("open") is not None:
            return
        expander.get_by_text(label).click()
        page.wait_for_timeout(500)
        wait_until_idle(page)
    expect(details).to_have_attribute("open", "")


def test_upload_several_files_from_the_sources_page(page, app_url, screenshot, tmp_path):
    files = []
    for name in ("harbour_tribune.txt", "coast_daily.txt", "hostile.html"):
        files.append(tmp_path / name)
        files[-1].write_bytes((UPLOADS / name).read_bytes())
    bad = tmp_path / "scan.pdf"
    bad.write_bytes(bytes(range(256)) * 8)
    files.append(bad)

    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(app_url)
    nav = page.locator('[data-testid="stSidebarNav"]')
    nav.get_by_role("link", name="Sources").click(timeout=APP_TIMEOUT)
    expect(page.get_by_role("heading", name="Sources", exact=True)).to_be_visible(
        timeout=APP_TIMEOUT)
    expect(page.get_by_text("Articles in this story: 5")).to_be_visible(timeout=APP_TIMEOUT)
    grid = page.locator('[data-testid="stDataFrame"] [role="grid"]').first
    expect(grid).to_have_attribute("aria-rowcount", "6", timeout=APP_TIMEOUT)  # header + 5

    # Switching page while the first screen still runs must not reset a setting (a remounted
    # widget once sent back its own default, and cleaning went off: streamlit#7338).
    expect(page.get_by_role("switch", name="Remove web-page clutter")).to_be_checked()
    uploader = page.locator('[data-testid="stFileUploader"] input[type="file"]')
    uploader.set_input_files([str(path) for path in files])

    # The first upload starts the person's own story: the sample is set aside, not mixed in.
    expect(page.get_by_text("Articles in this story: 3")).to_be_visible(timeout=APP_TIMEOUT)
    expect(grid).to_have_attribute("aria-rowcount", "4", timeout=APP_TIMEOUT)
    warning = page.locator('[data-testid="stAlertContentWarning"]').first
    expect(warning).to_contain_text("scan.pdf")
    expect(warning).to_contain_text("damaged")
    expect(page.get_by_text("Started your own story with 3 articles")).to_be_visible()
    sidebar = page.locator('[data-testid="stSidebar"]')
    expect(sidebar.get_by_role("textbox", name="Story title")).to_have_value("My story")
    expect(sidebar.get_by_text("five example articles, preloaded")).to_have_count(0)
    expect(page.locator('[data-testid="stExpander"]')).to_have_count(3)
    assert not page.get_by_text("Traceback").count()
    assert dialogs == []  # the <script> and onerror= of hostile.html never ran
    wait_until_idle(page)
    tribune = page.locator('[data-testid="stExpander"]').filter(has_text="Harbour Tribune ·")
    open_expander(page, tribune, "Harbour Tribune ·")  # its removed lines
    expect(tribune.get_by_text("Share this article")).to_be_visible(timeout=APP_TIMEOUT)
    page.wait_for_timeout(600)  # a click while the expander still opens is lost
    tribune.get_by_role("button", name="Restore").click()  # the line belongs to the article
    expect(tribune.get_by_text("0 lines removed · 1 restored")).to_be_visible(
        timeout=APP_TIMEOUT)
    expect(tribune.get_by_role("button", name="Remove again")).to_be_visible()

    page.get_by_role("button", name="Add the sample articles to my story").click()
    expect(page.get_by_text("Articles in this story: 8")).to_be_visible(timeout=APP_TIMEOUT)
    expect(page.locator('[data-testid="stExpander"]')).to_have_count(8)
    page.set_viewport_size({"width": 1400, "height": 2600})  # the whole page in one picture
    page.wait_for_timeout(800)  # let the grid redraw at the new size
    screenshot("sources_page")


def test_sources_opened_by_its_address_keeps_an_upload(page, app_url, tmp_path):
    """Sources opened directly by its address: two uploaded articles become the story,
    and the upload tab stays the one shown, with both files listed in the uploader."""
    names = ("coast_daily.txt", "harbour_tribune.txt")
    for name in names:
        (tmp_path / name).write_bytes((UPLOADS / name).read_bytes())
    page.goto(f"{app_url}/sources")
    expect(page.get_by_role("heading", name="Sources", exact=True)).to_be_visible(
        timeout=APP_TIMEOUT)
    wait_until_idle(page)
    uploader = page.get_by_test_id("stFileUploader")
    uploader.locator('input[type="file"]').set_input_files([str(tmp_path / n) for n in names])
    expect(page.get_by_text("Articles in this story: 2")).to_be_visible(timeout=APP_TIMEOUT)
    wait_until_idle(page)
    expect(page.get_by_role("tab", name="Upload files")).to_have_attribute(
        "aria-selected", "true")
    for name in names:
        expect(uploader.get_by_text(name)).to_be_visible()
    for outlet in ("Coast Daily ·", "Harbour Tribune ·"):
        expect(page.get_by_test_id("stExpander").filter(has_text=outlet)).to_have_count(1)
