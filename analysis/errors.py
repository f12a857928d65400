"""The engine's one error for people, in a module light enough for the dashboard's first
screen to import without loading scikit-learn."""

from __future__ import annotations


class AnalysisError(ValueError):
    """The input cannot be compared at all; the message is meant for people."""
