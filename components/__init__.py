"""Reusable UI pieces, in layers: ``widgets`` (Streamlit state and controls) and ``exports``
(files) build on ``views`` (pure builders of HTML, tables and figures), which build on
``common`` (palette, names, text, shared data)."""

__all__ = ["common", "exports", "views", "widgets"]
