"""One visitor's heavy comparison holds neither the server nor anyone else: a second
visitor opens the sample story's Overview meanwhile, and the first is told, in words, that
the comparison was stopped at the time limit (issue 36: "one heavy upload blocks
everyone")."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from analysis.pipeline.result_cache import store_sample
from tests.browser.conftest import running_app
from tests.browser.steps import open_page
from tests.conftest import SAMPLE_DIR
from tests.isolation_targets import heavy_articles

pytestmark = pytest.mark.browser
LIMIT = 20  # seconds: this server's time limit (COVERAGE_LENS_TIME_LIMIT)
SECOND_VISITOR_S = 15  # the sample's Overview must show within this, while the other runs
STOPPED = f"took longer than the limit of {LIMIT} seconds"


@pytest.fixture(scope="module")
def limited_app():
    """A server of its own with a short time limit; the sample's result is stored first
    (as the set-up script does), so its Overview opens without computing."""
    store_sample(SAMPLE_DIR)  # into this test session's folder, which the server reads
    with running_app({"COVERAGE_LENS_TIME_LIMIT": str(LIMIT)}) as url:
        yield url


def test_a_second_visitor_is_served_while_a_heavy_story_runs(browser, limited_app, tmp_path):
    files = []
    for article in heavy_articles():
        path = tmp_path / f"{article.id}.txt"
        path.write_text(article.text, encoding="utf-8")
        files.append(str(path))
    first = browser.new_context().new_page()  # two contexts: two visitors
    first.goto(limited_app)
    open_page(first, "Sources")
    first.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(files)
    # the comparison has started in its worker
    expect(first.get_by_text("Comparing 2 articles")).to_be_visible(timeout=30_000)

    started = time.monotonic()
    second = browser.new_context().new_page()
    second.goto(limited_app)
    expect(second.get_by_text("Coverage of story elements")).to_be_visible(
        timeout=SECOND_VISITOR_S * 1000)
    served = time.monotonic() - started
    still_running = first.get_by_text(STOPPED).count() == 0
    assert still_running, "the first comparison ended before the second visitor was served"
    assert served < SECOND_VISITOR_S

    stopped = first.get_by_text(STOPPED)
    expect(stopped).to_be_visible(timeout=(LIMIT + 20) * 1000)
    expect(stopped).to_contain_text("compare fewer or shorter articles")
    assert first.get_by_test_id("stException").count() == 0
    assert first.get_by_text("Traceback").count() == 0
    # the rest of the app still answers: another page says the same at once
    again = time.monotonic()
    first.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="Overview").click()
    expect(first.get_by_role("heading", name="Sources")).to_have_count(0, timeout=10_000)
    expect(first.get_by_text(STOPPED)).to_be_visible(timeout=10_000)
    assert time.monotonic() - again < 10
    assert second.get_by_test_id("stException").count() == 0
