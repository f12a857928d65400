"""Streamlit state and widgets: the session's inputs and its one cached analysis, the
settings sidebar, the Sources and Archive pages' widgets, page-to-page navigation, the
story's link (``?story=<key>``) and the chart renderer's preload."""

__all__ = ["archive_widgets", "navigation", "preload", "session", "sidebar", "source_picker",
           "sources_widgets", "story_link", "story_view"]
