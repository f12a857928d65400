"""Sidebar settings: every knob of the analysis, written back as one Settings object.

Each control keeps its value in ``st.session_state`` under its key, seeded from the
session's Settings. Controls are never given a ``value=``: the session state is the one
source of truth, so "Reset to defaults" (a callback that writes the default values to
the keys before the next run) moves every control back, sliders included.
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from analysis.matching.embedding import embedding_unavailable_reason
from analysis.pipeline.settings import Settings
from components.common.colors import KIND_COLORS, KIND_LABELS
from components.common.text import escape_markdown
from components.widgets.session import SETTINGS

LEARNED = "Learned model (recommended)"
MANUAL = "Manual TF-IDF / fuzzy blend"
SEMANTIC = "Meaning + wording (recommended)"
LEXICAL = "Wording only (lexical)"

EVIDENCE_KEY = "setting_evidence"
THRESHOLD_KEY = "setting_threshold"
MODE_KEY = "setting_mode"
BLEND_KEY = "setting_blend"
MIN_CHARS_KEY = "setting_min_chars"
CLEAN_KEY = "setting_clean"
RESET_KEY = "setting_reset"


def semantic_available() -> bool:
    """True when the sentence-embedding model can be loaded (loads it once per process)."""
    return embedding_unavailable_reason() is None


def widget_values(settings: Settings, available: bool) -> dict[str, str | float]:
    """The value each control shows for these settings, as they run (lexical-only when
    the model is missing, and the threshold of that mode when it is the default)."""
    running = settings.for_mode(available)
    return {
        EVIDENCE_KEY: SEMANTIC if running.semantic else LEXICAL,
        THRESHOLD_KEY: running.match_threshold,
        MODE_KEY: LEARNED if settings.blend is None else MANUAL,
        BLEND_KEY: 0.5 if settings.blend is None else settings.blend,
        MIN_CHARS_KEY: settings.min_chars,
        CLEAN_KEY: settings.clean,
    }


def _reset() -> None:
    """Button callback: runs before the script, when widget keys may still be written."""
    for key, value in widget_values(Settings(), semantic_available()).items():
        st.session_state[key] = value
    st.session_state[SETTINGS] = Settings()


def _chosen_blend() -> float | None:
    """The fuzzy weight the controls ask for, or None for the learned model."""
    manual = st.session_state.get(MODE_KEY) == MANUAL
    return float(st.session_state.get(BLEND_KEY, 0.5)) if manual else None


def _follow_default() -> None:
    """Callback of evidence, scoring and fuzzy weight: a threshold left at its default
    moves to the default of the new choice (the learned model's for the evidence, or the
    manual blend's own for the weight), since one score's threshold means nothing for
    another."""
    current: Settings = st.session_state.get(SETTINGS, Settings())
    if current.threshold is None:
        semantic = st.session_state[EVIDENCE_KEY] == SEMANTIC
        chosen = replace(current, semantic=semantic, blend=_chosen_blend())
        st.session_state[THRESHOLD_KEY] = chosen.for_mode(semantic_available()).match_threshold


def render_settings_sidebar() -> Settings:
    """Draw the settings and store the resulting Settings in the session."""
    current: Settings = st.session_state.get(SETTINGS, Settings())
    reason = embedding_unavailable_reason()
    available = reason is None
    # Each widget is also given its value as its own default: a page switch that interrupts
    # a run can remount a widget in the browser, which then sends back its default
    # (streamlit#7338), so a default of False or the slider's minimum would switch cleaning
    # off or drop the threshold behind the person's back.
    shown = widget_values(current, available)
    for key, value in shown.items():
        st.session_state.setdefault(key, value)
    if not available:
        st.session_state[EVIDENCE_KEY] = LEXICAL
    with st.sidebar:
        st.header("Settings")
        evidence = st.radio(
            "Evidence", (SEMANTIC, LEXICAL), index=(SEMANTIC, LEXICAL).index(
                shown[EVIDENCE_KEY]), key=EVIDENCE_KEY, on_change=_follow_default,
            disabled=not available,
            help="Meaning + wording also finds the same fact told in other words, with a "
            "sentence-embedding model. Wording only compares the words themselves.",
        )
        if not available:
            st.caption(escape_markdown(f"Wording only is in use. {reason}"))
        semantic = available and evidence == SEMANTIC
        blend = _chosen_blend()
        default = Settings(semantic=semantic, blend=blend).match_threshold
        threshold = st.slider(
            "Match threshold", 0.05, 0.99, value=float(shown[THRESHOLD_KEY]), step=0.01,
            key=THRESHOLD_KEY,
            help=_threshold_help(default, blend),
        )
        mode = st.radio("Scoring", (LEARNED, MANUAL), index=(LEARNED, MANUAL).index(
                            shown[MODE_KEY]), key=MODE_KEY, on_change=_follow_default,
                        help="The manual blend has its own default threshold for each "
                        "fuzzy weight, tuned on MSRP train; Reset goes back to the learned "
                        "model and its threshold.")
        if mode == MANUAL:
            blend = st.slider(
                "Fuzzy weight (0 = TF-IDF only, 1 = fuzzy only)", 0.0, 1.0,
                value=float(shown[BLEND_KEY]), step=0.05,
                key=BLEND_KEY, on_change=_follow_default,
            )
        min_chars = st.slider(
            "Minimum sentence length (characters)", 0, 120, value=int(shown[MIN_CHARS_KEY]),
            step=5,
            key=MIN_CHARS_KEY, help="Shorter sentences are listed but never matched.",
        )
        clean = st.toggle("Remove web-page clutter", value=bool(shown[CLEAN_KEY]), key=CLEAN_KEY,
                          help="Comment forms, promos, captions, bylines, newsletter lines.")
        st.button("Reset to defaults", key=RESET_KEY, on_click=_reset)
        st.divider()
        st.caption("Match kinds")
        st.html(_legend_html())
    chosen = replace(current, threshold=_none_if_default(threshold, semantic, blend), blend=blend,
                     min_chars=min_chars, clean=clean, semantic=semantic)
    st.session_state[SETTINGS] = chosen
    return chosen


def _threshold_help(default: float, blend: float | None) -> str:
    if blend is None:
        return ("Minimum probability that two sentences share a fact for them to count as a "
                f"match. The default for this evidence ({default:.2f}) was tuned on "
                "hand-labelled news stories.")
    return ("Minimum blended score (not a probability) for two sentences to count as a "
            f"match. The default for this fuzzy weight ({default:.2f}) is the blend's own, "
            "tuned on MSRP train paraphrases; the learned model's threshold does not apply.")


def _none_if_default(
    threshold: float, semantic: bool, blend: float | None = None
) -> float | None:
    """Keep 'default' symbolic so a retrained model's threshold applies automatically."""
    default = Settings(semantic=semantic, blend=blend).match_threshold
    return None if abs(threshold - default) < 1e-9 else threshold


def _legend_html() -> str:
    items = "".join(
        f'<div style="display:flex;align-items:center;gap:6px;margin:2px 0">'
        f'<span style="width:14px;height:14px;border-radius:3px;background:{color};'
        f'display:inline-block"></span><span style="font-size:0.85rem">{KIND_LABELS[kind]}'
        f"</span></div>"
        for kind, color in KIND_COLORS.items()
    )
    return f"<div>{items}</div>"
