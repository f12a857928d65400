"""Readers for the article file formats that :mod:`analysis.ingest.loading` dispatches to.

Each reader turns raw bytes into plain text plus whatever metadata the format
carries; none of them imports a UI library.
"""

__all__ = ["bundles", "common", "manifest", "pdf", "plain", "textdecode", "webpage", "word"]
