"""A dozen hostile files through the real upload box, one after another on one page.

Each refusal must be named in the warning with its reason, the good articles must
stay, the box must state the same limit the server enforces, and no uploaded name
or markup may become a link, a colour or a script.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.hostile_corpus import CASES, write_good

pytestmark = pytest.mark.browser
APP_TIMEOUT = 180_000
BROWSER_CASES = [case for case in CASES if case.browser]


def wait_until_idle(page) -> None:
    expect(page.locator('[data-testid="stApp"]')).to_have_attribute(
        "data-test-script-state", "notRunning", timeout=APP_TIMEOUT)


def test_a_dozen_hostile_uploads_are_refused_in_words(page, app_url, screenshot, tmp_path):
    assert len(BROWSER_CASES) >= 11
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(app_url)
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="Sources").click(
        timeout=APP_TIMEOUT)
    expect(page.get_by_text("Articles in this story: 5")).to_be_visible(timeout=APP_TIMEOUT)
    box = page.locator('[data-testid="stFileUploader"]')
    # The box shows the server's own server.maxUploadSize (the widget sets no limit of its
    # own), so this proves the server runs with .streamlit/config.toml, which a unit test
    # holds equal to the app's budget: shown, enforced by the server and by the app alike.
    expect(box).to_contain_text("20MB per file", timeout=APP_TIMEOUT)
    uploader = box.locator('input[type="file"]')

    uploader.set_input_files([str(path) for path in write_good(tmp_path)])
    # The first upload starts the person's own story (the sample is set aside).
    expect(page.get_by_text("Articles in this story: 2")).to_be_visible(timeout=APP_TIMEOUT)
    warning = page.locator('[data-testid="stAlertContentWarning"]').first
    loading = []
    for case in BROWSER_CASES:
        folder = tmp_path / case.name.replace(" ", "_").replace("/", "_")
        folder.mkdir()
        paths = case.build(folder)
        if case.loads:
            loading.extend(paths)
            continue
        uploader.set_input_files([str(path) for path in paths])
        wait_until_idle(page)
        for path in paths:
            expect(warning).to_contain_text(path.name, timeout=APP_TIMEOUT)
        expect(warning).to_contain_text(case.message)
    uploader.set_input_files([str(path) for path in loading])  # the ones that must load
    expect(page.get_by_text("Articles in this story: 5")).to_be_visible(timeout=APP_TIMEOUT)
    wait_until_idle(page)
    named = page.locator('[data-testid="stExpander"]').filter(has_text="[x](http://evil) :red[b]")
    expect(named).to_have_count(1)  # the name as written: no link, no colour, no bold
    assert page.locator('a[href^="http://evil"]').count() == 0
    assert not page.get_by_text("Traceback").count()
    assert dialogs == []  # no <script>, onerror= or onload= of the uploads ran
    screenshot("hostile_uploads")

