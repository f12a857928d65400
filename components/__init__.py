"""Reusable UI pieces: pure builders (figures, tables, HTML) plus thin render functions."""
