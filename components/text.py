"""Showing user text inside Markdown widgets as literal text."""

from __future__ import annotations

import re

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def escape_markdown(text: str) -> str:
    """Article text and names stay literal: no formatting, links or HTML from uploads.

    >>> escape_markdown("*Breaking* [link](x)")
    '\\\\*Breaking\\\\* \\\\[link\\\\]\\\\(x\\\\)'
    """
    return _MARKDOWN.sub(r"\\\1", " ".join(str(text).split()))
