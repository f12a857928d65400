"""Coverage Lens dashboard: `streamlit run app.py` opens on the sample story."""

import streamlit as st

from components.widgets.narrow_screen import close_sidebar_after_navigation
from components.widgets.preload import preload_renderers

PAGES = [
    ("app_pages/sources.py", "Sources", ":material/upload_file:"),
    ("app_pages/overview.py", "Overview", ":material/dashboard:"),
    ("app_pages/side_by_side.py", "Side by side", ":material/compare:"),
    ("app_pages/elements.py", "Story elements", ":material/view_list:"),
    ("app_pages/divergences.py", "Divergences", ":material/difference:"),
    ("app_pages/quotes.py", "Quotes", ":material/format_quote:"),
    ("app_pages/export.py", "Export", ":material/download:"),
    ("app_pages/archive.py", "Archive", ":material/inventory_2:"),
]


def main() -> None:
    st.set_page_config(page_title="Coverage Lens", page_icon=":material/compare:", layout="wide")
    # The first run's one-time scripts sit in a container drawn in every run, so the page
    # below keeps its places from the first run on: the browser matches elements between
    # runs by place, and an expander that moved up was drawn anew, closed (a page opened by
    # its address lost an upload made in its "Run an archive here" expander that way).
    with st.container(key="one_time_scripts"):
        preload_renderers()  # before the imports below: the browser loads it meanwhile
        close_sidebar_after_navigation()  # a narrow screen's sidebar closes on a page choice
    from components.widgets.session import init_state
    from components.widgets.sidebar import render_settings_sidebar
    from components.widgets.story_link import (
        render_link_notice,
        run_keeping_story,
        sync_story_link,
    )
    from components.widgets.story_view import render_story_sidebar

    init_state()
    sync_story_link()  # ?story=<key>: the person's own story, kept across a reload
    pages = [
        st.Page(path, title=title, icon=icon, default=(title == "Overview"))
        for path, title, icon in PAGES
    ]
    navigation = st.navigation(pages)
    render_story_sidebar()
    render_settings_sidebar()
    render_link_notice()
    run_keeping_story(navigation)


main()
