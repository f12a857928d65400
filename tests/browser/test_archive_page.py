"""A person opens Archive, runs the example archive in the browser, finds a story by
typing, opens it in the other pages and reads the outlet charts; and runs a person's own
files, whose outlets are named as the Sources page names them."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.steps import open_page, upload_story

APP_TIMEOUT = 180_000  # a maximum wait: a loaded 2-core machine can take a minute
SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample_story"
# Two invented articles on the sample's event, as plain text naming no outlet
OWN_ARTICLES = {
    "coast_daily.txt": (
        "Missiles and drones on show as Shoigu joins Kim in Pyongyang\n\n"
        "Sergei Shoigu, Russia's defence minister, joined Kim Jong Un in Pyongyang on "
        "Thursday night to watch a parade of nuclear-capable missiles and new drones.\n\n"
        "The event marked 70 years since the armistice of the Korean War. Li Hongzhong, a "
        "member of China's Politburo, was also on the stand.\n\n"
        "North Korean state television showed crowds cheering as Hwasong intercontinental "
        "ballistic missiles rolled past.\n"),
    "northern_brief.txt": (
        "North Korea parades new missiles for Russian guest\n\n"
        "Pyongyang held a night parade on Thursday for the 70th anniversary of the Korean War "
        "armistice. Russian Defence Minister Sergei Shoigu watched from the stand with Kim "
        "Jong Un. Hwasong-18 missiles and new drones were shown.\n"),
}


def test_archive_runs_the_example_and_opens_a_story(page, app_url, screenshot):
    page.goto(f"{app_url}/archive")
    expect(page.get_by_role("heading", name="Archive")).to_be_visible(timeout=APP_TIMEOUT)
    page.get_by_text("Run an archive here").click()
    page.get_by_role("button", name="Try the example archive").click()
    expect(page.get_by_text("Found ", exact=False).first).to_be_visible(timeout=APP_TIMEOUT)
    expect(page.get_by_role("heading", name="Stories")).to_be_visible(timeout=APP_TIMEOUT)
    # the outlet charts: the profile bars and the outlet-by-outlet heatmap
    expect(page.locator(".js-plotly-plot").nth(1)).to_be_visible(timeout=APP_TIMEOUT)
    assert page.locator(".js-plotly-plot").count() == 2
    assert page.get_by_text("What each outlet shares with the others").count() >= 1
    metrics = page.get_by_test_id("stMetricValue")
    assert metrics.nth(1).inner_text() == "5"  # five stories, as generated
    search = page.get_by_label("Search stories")
    search.fill("Shoigu")
    search.press("Enter")
    expect(page.get_by_text("1 of 5 stories")).to_be_visible(timeout=APP_TIMEOUT)
    screenshot("archive_page")
    page.set_viewport_size({"width": 1400, "height": 2600})  # the charts, below the fold
    page.get_by_role("heading", name="Outlets").scroll_into_view_if_needed()
    screenshot("archive_outlets")
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.get_by_role("button", name="Open this story").click()
    expect(page.get_by_role("heading", name="Coverage Lens")).to_be_visible(timeout=APP_TIMEOUT)
    expect(page.get_by_test_id("stMetricValue").first).to_have_text("5", timeout=APP_TIMEOUT)
    screenshot("archive_story_opened")


def _sources_names(page: Page) -> list[str]:
    """The outlet of every article as the Sources page shows it: the name heading each
    article's cleaning box ("Coast Daily · 2 lines removed · 0 restored")."""
    boxes = page.locator('[data-testid="stExpander"] summary [data-testid="stMarkdownContainer"]'
                         ).filter(has_text=" restored")
    expect(boxes.first).to_be_visible(timeout=APP_TIMEOUT)
    return [re.sub(r"\s+", " ", text).strip().split(" · ")[0] for text in boxes.all_inner_texts()]


def test_archive_names_outlets_as_the_sources_page_does(page, app_url, tmp_path, screenshot):
    """Issue 34: the same files uploaded as a story and run through the Archive page show
    the same outlets: from the file or its file name, never "in" (the folder the page
    saves uploads in) and never a name with the upload's position in front of it."""
    for path in sorted(SAMPLE.glob("*.txt")):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    for name, text in OWN_ARTICLES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    files = sorted(str(p) for p in tmp_path.glob("*.txt"))
    page.goto(app_url)
    upload_story(page, tmp_path, len(files), "Coast Daily")
    on_sources = _sources_names(page)
    assert len(on_sources) == len(files) and "Coast Daily" in on_sources
    assert "Northern Brief" in on_sources

    open_page(page, "Archive")
    page.get_by_text("Run an archive here").click()
    uploader = page.locator('[data-testid="stFileUploader"]')
    expect(uploader).to_be_visible(timeout=APP_TIMEOUT)
    uploader.locator('input[type="file"]').set_input_files(files)
    expect(uploader.get_by_text("coast_daily.txt")).to_be_visible(timeout=APP_TIMEOUT)
    run = page.get_by_role("button", name="Find stories in these files")
    expect(run).to_be_enabled(timeout=APP_TIMEOUT)
    run.click()
    expect(page.get_by_text(f"in {len(files)} articles", exact=False)).to_be_visible(
        timeout=APP_TIMEOUT)
    expect(page.get_by_role("heading", name="Outlets")).to_be_visible(timeout=APP_TIMEOUT)
    with page.expect_download(timeout=APP_TIMEOUT) as info:
        page.get_by_role("button", name="Download outlets.csv").click()
    with open(info.value.path(), encoding="utf-8") as stream:
        outlets = [row["outlet"] for row in csv.DictReader(stream)]
    assert sorted(outlets) == sorted(on_sources)  # one outlet per file, named as on Sources
    assert "in" not in outlets and not any(re.match(r"\d{3}-", name) for name in outlets)
    screenshot("archive_own_files")

    # the story opened from the archive shows the same names on every page
    page.get_by_role("button", name="Open this story").click()
    expect(page.get_by_role("heading", name="Coverage Lens")).to_be_visible(timeout=APP_TIMEOUT)
    open_page(page, "Sources")
    assert _sources_names(page) == on_sources
