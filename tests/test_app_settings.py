"""The sidebar settings through AppTest: evidence, threshold per mode, reset."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from analysis.matching import embedding
from analysis.pipeline.settings import Settings, blend_threshold
from components.widgets.sidebar import (
    EVIDENCE_KEY,
    LEXICAL,
    SEMANTIC,
    THRESHOLD_KEY,
    _none_if_default,
    widget_values,
)
from tests.conftest import ROOT

SEMANTIC_DEFAULT = Settings(semantic=True).match_threshold
LEXICAL_DEFAULT = Settings(semantic=False).match_threshold


def captions(at: AppTest) -> list[str]:
    """Caption texts as people read them (Markdown escapes removed)."""
    return [c.value.replace("\\", "") for c in at.caption]


def test_the_two_modes_have_their_own_default_threshold():
    assert SEMANTIC_DEFAULT != LEXICAL_DEFAULT
    assert _none_if_default(SEMANTIC_DEFAULT, semantic=True) is None
    assert _none_if_default(LEXICAL_DEFAULT, semantic=False) is None
    assert _none_if_default(SEMANTIC_DEFAULT, semantic=False) == SEMANTIC_DEFAULT
    values = widget_values(Settings(), available=False)
    assert values[EVIDENCE_KEY] == LEXICAL and values[THRESHOLD_KEY] == LEXICAL_DEFAULT


def test_switching_to_wording_only_changes_the_result_and_the_caption(app):
    assert app.radio(key=EVIDENCE_KEY).value == SEMANTIC
    assert app.slider(key=THRESHOLD_KEY).value == pytest.approx(SEMANTIC_DEFAULT)
    assert "Matched with meaning + wording (all-MiniLM-L6-v2)." in captions(app)
    semantic_settings = app.session_state["settings"]

    app.radio(key=EVIDENCE_KEY).set_value(LEXICAL).run()
    assert not app.exception, app.exception
    chosen = app.session_state["settings"]
    assert chosen.semantic is False and chosen.threshold is None
    assert app.slider(key=THRESHOLD_KEY).value == pytest.approx(LEXICAL_DEFAULT)
    assert "Matched by wording only: chosen under Evidence in the sidebar." in captions(app)
    # The cached analysis is keyed on Settings: the lexical result is a new comparison.
    from components.widgets.session import analyse

    articles = tuple(app.session_state["articles"])
    lexical = analyse(articles, chosen)
    assert lexical.settings["matching"] == "lexical only"
    assert lexical.settings["semantic"] is False
    assert analyse(articles, semantic_settings).settings["semantic"] is True
    assert lexical.matches != analyse(articles, semantic_settings).matches


def test_reset_restores_every_control_including_the_slider(app):
    app.radio(key=EVIDENCE_KEY).set_value(LEXICAL).run()
    app.slider(key=THRESHOLD_KEY).set_value(0.4).run()
    app.slider(key="setting_min_chars").set_value(40).run()
    app.toggle(key="setting_clean").set_value(False).run()
    app.radio(key="setting_mode").set_value("Manual TF-IDF / fuzzy blend").run()
    app.slider(key="setting_blend").set_value(0.8).run()
    assert app.session_state["settings"].threshold == pytest.approx(0.4)

    app.button(key="setting_reset").click().run()
    assert not app.exception, app.exception
    assert app.session_state["settings"] == Settings()
    assert app.radio(key=EVIDENCE_KEY).value == SEMANTIC
    assert app.slider(key=THRESHOLD_KEY).value == pytest.approx(SEMANTIC_DEFAULT)
    assert app.slider(key="setting_min_chars").value == Settings().min_chars
    assert app.toggle(key="setting_clean").value is True
    assert app.radio(key="setting_mode").value == "Learned model (recommended)"
    assert "Matched with meaning + wording (all-MiniLM-L6-v2)." in captions(app)
    # and the next run keeps them there
    app.run()
    assert app.slider(key=THRESHOLD_KEY).value == pytest.approx(SEMANTIC_DEFAULT)
    assert app.session_state["settings"] == Settings()


def test_the_manual_blend_has_its_own_threshold_and_reset_restores_the_learned_one(app):
    """The blend's score is not a probability: switching to it moves a default threshold to
    the blend's own (tuned per fuzzy weight on MSRP train), and the weight moves it too."""
    app.radio(key="setting_mode").set_value("Manual TF-IDF / fuzzy blend").run()
    assert not app.exception, app.exception
    half = blend_threshold(0.5)
    assert app.slider(key=THRESHOLD_KEY).value == pytest.approx(half)
    assert app.session_state["settings"].threshold is None
    assert app.session_state["settings"].match_threshold == pytest.approx(half)
    app.slider(key="setting_blend").set_value(1.0).run()
    assert app.slider(key=THRESHOLD_KEY).value == pytest.approx(blend_threshold(1.0))
    assert app.session_state["settings"] == Settings(blend=1.0)
    app.button(key="setting_reset").click().run()
    assert app.slider(key=THRESHOLD_KEY).value == pytest.approx(SEMANTIC_DEFAULT)
    assert app.session_state["settings"] == Settings()


def test_blend_thresholds_cover_every_weight_and_differ_from_the_model():
    weights = [round(0.05 * k, 2) for k in range(21)]
    cuts = [blend_threshold(w) for w in weights]
    assert all(0.05 <= cut <= 0.99 for cut in cuts)
    assert blend_threshold(0.525) == pytest.approx(
        round((blend_threshold(0.5) + blend_threshold(0.55)) / 2, 2), abs=0.011)
    assert Settings(blend=0.5).match_threshold == blend_threshold(0.5)
    assert Settings(blend=0.5, threshold=0.9).match_threshold == 0.9
    assert len(set(cuts)) > 1  # TF-IDF cosines and fuzzy ratios need different cuts


def test_a_custom_threshold_survives_a_change_of_evidence(app):
    app.slider(key=THRESHOLD_KEY).set_value(0.7).run()
    app.radio(key=EVIDENCE_KEY).set_value(LEXICAL).run()
    assert app.slider(key=THRESHOLD_KEY).value == pytest.approx(0.7)
    assert app.session_state["settings"].threshold == pytest.approx(0.7)


@pytest.fixture
def missing_model(fresh_default, monkeypatch: pytest.MonkeyPatch):
    """The embedding model as if not installed, in a process-wide slot of its own (the
    real encoder comes back after the test)."""
    monkeypatch.setattr(embedding, "find_model_dir", lambda: None)


def test_without_the_model_wording_only_is_used_and_explained(missing_model):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.run()
    assert not at.exception, at.exception
    evidence = at.radio(key=EVIDENCE_KEY)
    assert evidence.value == LEXICAL and evidence.disabled
    assert at.slider(key=THRESHOLD_KEY).value == pytest.approx(LEXICAL_DEFAULT)
    assert at.session_state["settings"].semantic is False
    texts = captions(at)
    assert any(t.startswith("Wording only is in use.") and "setup.sh" in t for t in texts)
    assert any(t.startswith("Matched by wording only: sentence embeddings (all-MiniLM-L6-v2)"
                            " are unavailable") for t in texts)
    at.button(key="setting_reset").click().run()
    assert not at.exception, at.exception
    assert at.radio(key=EVIDENCE_KEY).value == LEXICAL
    assert at.slider(key=THRESHOLD_KEY).value == pytest.approx(LEXICAL_DEFAULT)
