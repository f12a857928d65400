"""The dashboard's logic through Streamlit's AppTest (no browser)."""

import json

from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT


def test_opens_on_the_sample_story_without_upload(app):
    assert app.title[0].value == "Coverage Lens"
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Sources"] == "5"
    assert int(metrics["Shared story elements"]) >= 10
    table = app.dataframe[0].value
    assert len(table) == 5
    assert set(table["sentences"]) and table["sentences"].min() > 10


def test_overlap_heatmap_shows_every_pair(app):
    charts = app.get("plotly_chart")
    assert charts, "no chart on the first screen"
    spec = json.loads(charts[0].proto.spec)
    heatmap = spec["data"][0]
    assert heatmap["type"] == "heatmap"
    assert len(heatmap["z"]) == 5 and len(heatmap["z"][0]) == 5
    assert heatmap["z"][0][0] is None
    off_diagonal = [v for i, row in enumerate(heatmap["z"]) for j, v in enumerate(row) if i != j]
    assert all(0.0 <= v <= 1.0 for v in off_diagonal)
    assert max(off_diagonal) > 0.3


def test_empty_session_says_what_to_do():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.session_state["articles"] = []
    at.run()
    assert not at.exception
    assert any("at least two articles" in info.value for info in at.info)


def test_first_run_starts_loading_the_chart_renderer_once(app):
    """The opening run imports Streamlit's own Plotly renderer in the page (the browser
    compiles it while the server computes); later runs of the session do not repeat it."""
    from pathlib import Path

    import streamlit

    from components.widgets.preload import renderer_paths

    paths = renderer_paths()
    assert paths and all(p.startswith("static/js/PlotlyChart.") for p in paths)
    assert all((Path(streamlit.__file__).parent / "static" / p).is_file() for p in paths)
    scripts = [e.proto.body for e in app.get("html") if "import(new URL" in e.proto.body]
    assert len(scripts) == 1 and paths[0] in scripts[0]
    app.run()
    assert not [e for e in app.get("html") if "import(new URL" in e.proto.body]


def _main_layout(at: AppTest) -> dict[int, str]:
    """The page's top-level places and what each holds (an expander by its label): the
    browser matches elements between runs by place, so an expander that moves is drawn
    anew, closed, and whatever was uploaded in it is lost."""
    return {k: getattr(node, "label", "") or type(node).__name__
            for k, node in at.main.children.items()}


def test_a_page_opened_by_its_address_keeps_its_places_after_the_first_run():
    """The first run of a session adds its one-time scripts (the sidebar closer, the chart
    renderer's preload); they sit in a container drawn in every run, so the Archive page
    opened directly by its address has its "Run an archive here" expander in the same
    place in the first run and in the upload's rerun (it moved up two places, closed)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.switch_page("app_pages/archive.py")
    at.run()
    first = _main_layout(at)
    scripts = [e for e in at.get("html") if "<script>" in e.proto.body]
    assert len(scripts) == 2  # the one-time scripts were sent, in this run only
    at.run()
    assert not at.exception
    assert not [e for e in at.get("html") if "<script>" in e.proto.body]
    assert _main_layout(at) == first
    assert any(label.startswith("Run an archive here") for label in first.values()), first
