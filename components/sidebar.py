"""Sidebar settings: every knob of the analysis, written back as one Settings object."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from analysis.scoring import default_model
from analysis.settings import Settings
from components.colors import KIND_COLORS, KIND_LABELS
from components.session import SETTINGS

LEARNED = "Learned model (recommended)"
MANUAL = "Manual TF-IDF / fuzzy blend"


def render_settings_sidebar() -> Settings:
    """Draw the settings and store the resulting Settings in the session."""
    current: Settings = st.session_state.get(SETTINGS, Settings())
    with st.sidebar:
        st.header("Settings")
        threshold = st.slider(
            "Match threshold", 0.05, 0.99, value=current.match_threshold, step=0.01,
            key="setting_threshold",
            help="Minimum score for two sentences to count as the same content. "
            f"The default ({default_model().threshold:.2f}) was tuned on news paraphrase data.",
        )
        mode = st.radio("Scoring", (LEARNED, MANUAL), key="setting_mode",
                        index=0 if current.blend is None else 1)
        blend = None
        if mode == MANUAL:
            blend = st.slider(
                "Fuzzy weight (0 = TF-IDF only, 1 = fuzzy only)", 0.0, 1.0,
                value=0.5 if current.blend is None else current.blend, step=0.05,
                key="setting_blend",
            )
        min_chars = st.slider(
            "Minimum sentence length (characters)", 0, 120, value=current.min_chars, step=5,
            key="setting_min_chars", help="Shorter sentences are listed but never matched.",
        )
        clean = st.toggle("Remove web-page clutter", value=current.clean, key="setting_clean",
                          help="Comment forms, promos, captions, bylines, newsletter lines.")
        if st.button("Reset to defaults", key="setting_reset"):
            for key in ("setting_threshold", "setting_mode", "setting_blend",
                        "setting_min_chars", "setting_clean"):
                st.session_state.pop(key, None)
            st.session_state[SETTINGS] = Settings()
            st.rerun()
        st.divider()
        st.caption("Match kinds")
        st.html(_legend_html())
    chosen = replace(current, threshold=_none_if_default(threshold), blend=blend,
                     min_chars=min_chars, clean=clean)
    st.session_state[SETTINGS] = chosen
    return chosen


def _none_if_default(threshold: float) -> float | None:
    """Keep 'default' symbolic so a retrained model's threshold applies automatically."""
    return None if abs(threshold - default_model().threshold) < 1e-9 else threshold


def _legend_html() -> str:
    items = "".join(
        f'<div style="display:flex;align-items:center;gap:6px;margin:2px 0">'
        f'<span style="width:14px;height:14px;border-radius:3px;background:{color};'
        f'display:inline-block"></span><span style="font-size:0.85rem">{KIND_LABELS[kind]}'
        f"</span></div>"
        for kind, color in KIND_COLORS.items()
    )
    return f"<div>{items}</div>"
