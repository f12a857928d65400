"""Which evidence produced a comparison, in words people read (pure: no Streamlit).

The pipeline records the mode in ``comparison.settings``: ``semantic`` (the embedding
model was used), ``blend`` (a manual blend replaced the learned model) and ``matching``
(its own label). Views say it the same way everywhere: Overview, report, ZIP README.
"""

from __future__ import annotations

from collections.abc import Mapping

from analysis.matching.embedding import MODEL_NAME

SEMANTIC_LABEL = f"meaning + wording ({MODEL_NAME})"
LEXICAL_LABEL = "wording only"
BLEND_LABEL = "a manual blend of TF-IDF cosine and fuzzy token-set ratio"


def evidence_label(settings: Mapping[str, object]) -> str:
    """'meaning + wording (all-MiniLM-L6-v2)', 'wording only', or the manual blend."""
    if settings.get("blend") is not None:
        return BLEND_LABEL
    if "semantic" not in settings:
        return str(settings.get("matching", "unknown"))
    return SEMANTIC_LABEL if settings.get("semantic") else LEXICAL_LABEL


def evidence_caption(settings: Mapping[str, object], unavailable_reason: str | None) -> str:
    """One line for under a page title: how the matches were found, and why when the
    meaning model was not used (``unavailable_reason``: the model could not be loaded)."""
    label = evidence_label(settings)
    if label == SEMANTIC_LABEL:
        return f"Matched with {label}."
    if label == BLEND_LABEL:
        return f"Matched with {label} (Scoring in the sidebar)."
    if label != LEXICAL_LABEL:
        return f"Matched with {label}."
    if unavailable_reason:
        return f"Matched by wording only: {_lower_first(unavailable_reason)}"
    return "Matched by wording only: chosen under Evidence in the sidebar."


def _lower_first(text: str) -> str:
    """'Sentence embeddings are…' -> 'sentence embeddings are…'; names stay as they are."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text
