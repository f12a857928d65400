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
