"""Export: the report, the data and every chart, as files to download.

Heavy files (images, chart pages, the report, the ZIP) are built only when their button
is clicked: ``st.download_button`` takes a callable, so the page itself stays fast.
"""

from collections.abc import Callable
from functools import partial

import plotly.graph_objects as go
import streamlit as st

from analysis.results import Comparison
from components.exports import export
from components.exports.report import report_html
from components.views.figures import all_figures, figure_title
from components.widgets.session import pair_scores, require_comparison
from components.widgets.story_view import render_story_heading, story_title


@st.cache_resource(show_spinner=False)
def image_server() -> bool:
    """kaleido's one persistent export server for this process (its browser stays up)."""
    return export.start_export_server()


def download(label: str, data: Callable[[], bytes | str], stem: str, extension: str,
             icon: str = ":material/download:") -> None:
    st.download_button(
        label, data=data, file_name=export.file_name(stem, extension, story_title()),
        mime=export.MIME[extension], key=f"download_{stem}_{extension}", icon=icon,
        on_click="ignore", width="stretch",
    )


def render_report(comparison: Comparison, figures: dict[str, go.Figure]) -> None:
    st.subheader("Report")
    st.caption("One HTML file with the sources, charts, shared story elements, unique "
               "sentences, removed boilerplate and every match. Opens offline in any browser.")
    build = partial(report_html, comparison, figures=figures, title=story_title())
    left, right, _ = st.columns([1, 1, 2])
    with left:
        download("Report (HTML)", build, "report", "html", ":material/description:")
    with right:
        download("Everything (ZIP)",
                 lambda: export.export_zip(comparison, figures, build(), story=story_title()),
                 "export", "zip", ":material/folder_zip:")


def render_data(comparison: Comparison) -> None:
    st.subheader("Data")
    st.caption("Tables with source names and sentence texts next to the ids. The JSON file is "
               "the command line's output (`python -m analysis compare`).")
    per_row = 4  # wide enough for every label
    items = list(export.DATA_EXPORTS.items())
    for start in range(0, len(items), per_row):
        for column, (key, (label, build, extension)) in zip(
                st.columns(per_row), items[start : start + per_row], strict=False):
            with column:
                download(label, partial(build, comparison), key, extension, ":material/table:")


def render_charts(figures: dict[str, go.Figure], images: bool) -> None:
    st.subheader("Charts")
    if images:
        st.caption("PNG (2x resolution) and SVG for documents, HTML for an interactive copy.")
    else:
        st.warning(f"{export.NO_BROWSER_MESSAGE}. Interactive HTML still works.",
                   icon=":material/warning:")
    for key, figure in figures.items():
        name, *buttons = st.columns([2, 1, 1, 1], vertical_alignment="center")
        name.markdown(f"**{figure_title(key)}**")
        formats = [*export.IMAGE_FORMATS, "html"] if images else ["html"]
        for column, fmt in zip(buttons, formats, strict=False):
            with column:
                build = (partial(export.figure_html, figure) if fmt == "html"
                         else partial(export.figure_image, figure, fmt))
                icon = ":material/web:" if fmt == "html" else ":material/image:"
                download(fmt.upper(), build, key, fmt, icon)


st.title("Export")
st.caption("Take the comparison with you: a standalone report, the data, and every chart.")
render_story_heading()
st.caption("Files are named after the story's title (edit it in the sidebar).")
comparison = require_comparison()
figures = all_figures(comparison, pair_scores)
images = export.image_export_available()
if images:
    image_server()

render_report(comparison, figures)
st.divider()
render_data(comparison)
st.divider()
render_charts(figures, images)
