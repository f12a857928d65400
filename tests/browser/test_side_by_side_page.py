"""A reader opens Side by side: two coloured columns, the pair heatmap, another source picked."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import SAMPLE_NAMES

pytestmark = pytest.mark.browser
APP_TIMEOUT = 180_000  # a maximum wait: a loaded 2-core machine can take a minute


def _choose(page, label: str, option: str) -> None:
    page.get_by_role("combobox", name=label).click()
    page.get_by_role("option", name=option).click()


def _settled_boxes(page, first, second, tries: int = 50):
    """Both boxes once the grid has stopped moving: on a loaded machine the columns were
    measured while a row above was still being laid out (28 px apart, one line)."""
    previous = None
    for _ in range(tries):
        boxes = (first.bounding_box(), second.bounding_box())
        if boxes == previous:
            return boxes
        previous = boxes
        page.wait_for_timeout(100)
    return previous


def test_side_by_side_columns_heatmap_and_switching_source(page, app_url, screenshot):
    page.set_viewport_size({"width": 1400, "height": 5200})  # Streamlit scrolls inside the page
    page.goto(app_url)
    page.get_by_role("link", name="Side by side").click()
    expect(page.get_by_role("heading", name="Side by side")).to_be_visible(timeout=APP_TIMEOUT)
    grid = page.locator(".sbs-grid").first
    expect(grid).to_be_visible(timeout=APP_TIMEOUT)
    expect(grid.locator(".sbs-head")).to_have_text(
        SAMPLE_NAMES[:2])
    matched = grid.locator(".sbs-near-verbatim, .sbs-paraphrase, .sbs-verbatim, .sbs-partial")
    assert matched.count() >= 12
    border = matched.first.evaluate("e => getComputedStyle(e).borderLeftColor")
    assert border != "rgba(0, 0, 0, 0)" and "153, 153, 153" not in border  # kind colour, not grey
    assert grid.locator(".sbs-unique").count() >= 1  # 001 rewrites most of 000
    assert grid.locator(".sbs-d").count() > 0  # word differences are marked
    # a link made by one clause shows that clause, marked, under its sentence
    claim = grid.locator(".sbs-claim mark").first
    expect(claim).to_be_visible()
    assert len(claim.inner_text()) > 20
    left, right = _settled_boxes(page, grid.locator("#sbs-a-2"), grid.locator("#sbs-b-3"))
    assert abs(left["y"] - right["y"]) < 2 and left["x"] < right["x"]  # one row, two columns
    heatmap = page.locator(".js-plotly-plot").first
    expect(heatmap).to_be_visible(timeout=APP_TIMEOUT)
    expect(heatmap.locator("g.ytick text")).to_have_count(19)  # one row per left sentence
    expect(heatmap.locator("g.xtick text")).to_have_count(14)  # one column per right sentence
    assert heatmap.locator("g.heatmaplayer").count() == 1
    link = grid.locator(".sbs-note a").first  # a crossing match links to its counterpart
    target = link.get_attribute("href")
    link.click()
    outline = grid.locator(target).evaluate("e => getComputedStyle(e).outlineStyle")
    assert outline == "solid", outline
    title = grid.locator(".sbs-pair").first.get_attribute("title") or ""
    assert "shared words:" in title and "right carries all of left:" in title
    screenshot("side_by_side_default")

    _choose(page, "Right source", "Metro")
    expect(grid.locator(".sbs-head").nth(1)).to_have_text("Metro",
                                                         timeout=APP_TIMEOUT)
    summary = re.compile(r"\d+ of ABP Live's 19 sentences are in Metro")
    expect(page.get_by_text(summary)).to_be_visible()
    expect(heatmap.locator("g.xtick text")).to_have_count(24)
    assert not page.get_by_text("Traceback").count()
    page.wait_for_timeout(500)
    screenshot("side_by_side")


def test_next_difference_and_the_printable_copy(page, app_url, screenshot, tmp_path):
    page.goto(f"{app_url}/side_by_side")
    grid = page.locator(".sbs-grid").first
    expect(grid).to_be_visible(timeout=APP_TIMEOUT)
    first = grid.locator("#sbs-diff-1")
    first.get_by_text("▼ next").click()
    assert page.evaluate("location.hash") == "#sbs-diff-2"
    second = grid.locator("#sbs-diff-2").bounding_box()
    assert 0 <= second["y"] < page.viewport_size["height"]  # scrolled into view
    grid.locator("#sbs-diff-2").get_by_text("▲ prev").click()
    assert page.evaluate("location.hash") == "#sbs-diff-1"
    screenshot("side_by_side_next_difference")

    with page.expect_download(timeout=APP_TIMEOUT) as info:
        page.get_by_role("button", name="Download this comparison").click()
    name = info.value.suggested_filename  # named after the story and the pair
    assert name.startswith("sample-story-") and name.endswith(
        "_side-by-side-abp-live-vs-unnamed-news-site.html"), name
    saved = tmp_path / name
    info.value.save_as(saved)
    copy = page.context.new_page()
    copy.goto(saved.as_uri())
    expect(copy.get_by_role("heading", level=1)).to_have_text(
        f"{SAMPLE_NAMES[0]} and {SAMPLE_NAMES[1]}, side by side")
    expect(copy.locator(".sbs-grid .sbs-head")).to_have_text(SAMPLE_NAMES[:2])
    copy.locator("#sbs-diff-1").get_by_text("▼ next").click()
    assert copy.evaluate("location.hash") == "#sbs-diff-2"  # the links work offline too


def test_side_by_side_stacks_on_a_phone(page, app_url, screenshot):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{app_url}/side_by_side")
    grid = page.locator(".sbs-grid").first
    expect(grid).to_be_visible(timeout=APP_TIMEOUT)
    left, right = grid.locator("#sbs-a-1").bounding_box(), grid.locator("#sbs-b-1").bounding_box()
    assert abs(left["x"] - right["x"]) < 2 and right["y"] > left["y"]  # one column
    assert left["x"] >= 0 and left["x"] + left["width"] <= 391
    expect(grid.locator("#sbs-a-1 .sbs-src")).to_have_text(SAMPLE_NAMES[0])  # who said it
    screenshot("phone_side_by_side")
