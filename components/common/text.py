"""Showing user text (names, titles, sentences, quotes, file names) as literal text.

Uploaded text is data, never markup: every Markdown widget gets it through
:func:`escape_markdown`, every HTML block and every Plotly label (Plotly reads
``<b>``, ``<a href>`` and entities in its text) through :func:`escape_html`.
"""

from __future__ import annotations

import html
import re

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def escape_markdown(text: str) -> str:
    """Article text and names stay literal: no formatting, links or HTML from uploads.

    >>> escape_markdown("*Breaking* [link](x)")
    '\\\\*Breaking\\\\* \\\\[link\\\\]\\\\(x\\\\)'
    """
    return _MARKDOWN.sub(r"\\\1", " ".join(str(text).split()))


def escape_html(text: str) -> str:
    """User text for HTML and Plotly labels: tags and entities shown, never applied.

    >>> escape_html('<a href="x">B</a> & co')
    '&lt;a href=&quot;x&quot;&gt;B&lt;/a&gt; &amp; co'
    """
    return html.escape(str(text), quote=True)
