"""Quotes: direct quotations, who says them, and the same quotation across sources.

``spans`` pairs quote marks into quoted spans, ``speakers`` reads who says each one, and
``tracking`` (the public face) lists an article's quotations and groups them across
sources.
"""

__all__ = ["tracking"]
