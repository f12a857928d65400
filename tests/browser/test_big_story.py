"""A person uploads a bundle of 100 articles, watches the progress bar, reads the charts.

The story is invented here (three events, each told by a third of the outlets with lines
of their own), with a fresh marker per run so that no cached analysis can answer.
"""

from __future__ import annotations

import json
import uuid

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
APP_TIMEOUT = 300_000
ARTICLES = 100
EVENTS = (
    ("A cargo crane collapsed onto two ships in the harbour early on Tuesday.",
     "Port officials closed the northern quay while engineers inspected the damage.",
     "Nobody was hurt, the harbour master said, but the quay may stay shut for a week."),
    ("The city library will open a new reading room for children next spring.",
     "Volunteers collected more than three thousand picture books for the room.",
     "The council paid for the shelves out of this year's culture budget."),
    ("A late goal gave the visiting team a narrow win in the regional final.",
     "Their coach said the players had trained for the final all through the winter.",
     "About four thousand fans travelled to the match by train and coach."),
)


# Records every text the progress bar shows while the analysis runs.
WATCH_PROGRESS = """() => {
  window.progressSeen = [];
  new MutationObserver(() => {
    for (const bar of document.querySelectorAll('[data-testid="stProgress"]')) {
      const text = bar.innerText.trim();
      if (text && !window.progressSeen.includes(text)) window.progressSeen.push(text);
    }
  }).observe(document.body, {subtree: true, childList: true, characterData: true});
}"""


def _bundle(folder, marker: str):
    path = folder / "wire_story.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for k in range(ARTICLES):
            lines = [*EVENTS[k % 3][: 2 + k % 2],
                     f"Correspondent {k} of desk {marker} sent this report at {k % 12 + 1} pm.",
                     f"The outlet's own note number {k * 7 + 3} closes the piece."]
            out.write(json.dumps({"id": f"wire {k + 1}", "source": f"Outlet {k + 1}",
                                  "title": lines[0], "text": " ".join(lines)}) + "\n")
    return path


def test_a_100_article_bundle_shows_progress_then_readable_charts(page, app_url, screenshot,
                                                                   tmp_path):
    page.goto(app_url)
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="Sources").click(
        timeout=APP_TIMEOUT)
    uploader = page.locator('[data-testid="stFileUploader"] input[type="file"]')
    page.evaluate(WATCH_PROGRESS)  # the bar may come and go between two looks
    uploader.set_input_files(str(_bundle(tmp_path, uuid.uuid4().hex[:8])))
    expect(page.get_by_text(f"Articles in this story: {ARTICLES}")).to_be_visible(
        timeout=APP_TIMEOUT)
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="Overview").click()
    expect(page.get_by_text(f"Showing 30 of {ARTICLES} sources")).to_be_visible(
        timeout=APP_TIMEOUT)
    seen = page.evaluate("window.progressSeen")
    assert any(f"Comparing {ARTICLES} articles" in text for text in seen), seen
    assert any("Scoring" in text and "sentence pairs" in text for text in seen), seen
    expect(page.locator('[data-testid="stProgress"]')).to_have_count(0, timeout=APP_TIMEOUT)
    heatmap = page.locator(".js-plotly-plot").first
    expect(heatmap).to_be_visible()
    # 30 readable names on the overlap chart's axis, each an outlet of this story
    ticks = heatmap.locator(".xtick text")
    expect(ticks).to_have_count(30, timeout=APP_TIMEOUT)
    names = ticks.all_text_contents()
    assert all(name.startswith("Outlet ") for name in names), names
    page.get_by_text(f"Show all {ARTICLES} sources", exact=True).click()
    # the caption, not the toggle's own label ("Show all 100 sources" holds the same words)
    expect(page.get_by_text(f"All {ARTICLES} sources; similar sources sit side by side")
           ).to_be_visible(timeout=APP_TIMEOUT)
    expect(page.locator(".js-plotly-plot").first.locator(".xtick text")).to_have_count(
        ARTICLES, timeout=APP_TIMEOUT)
    screenshot("big_story_all_sources")
