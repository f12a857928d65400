"""A person opens Archive, runs the example archive in the browser, finds a story by
typing, opens it in the other pages and reads the outlet charts."""

from playwright.sync_api import expect

APP_TIMEOUT = 180_000  # a maximum wait: a loaded 2-core machine can take a minute


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
