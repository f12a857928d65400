"""Display names for sources: the full outlet name, unique among the articles.

Names are never cut: data and exports carry them whole, and the screen wraps them
(``wrapped`` for chart axes, CSS for tables and headers).
"""

from __future__ import annotations

import html
import textwrap

from analysis.results import ArticleResult

AXIS_WIDTH = 18  # characters per line of a source name on a chart axis


def source_labels(articles: tuple[ArticleResult, ...]) -> dict[str, str]:
    """id -> the source's name (the id when it has none), numbered when names repeat."""
    labels: dict[str, str] = {}
    seen: dict[str, int] = {}
    for result in articles:
        name = " ".join((result.article.source or result.id).split())
        seen[name] = seen.get(name, 0) + 1
        labels[result.id] = name if seen[name] == 1 else f"{name} ({seen[name]})"
    return labels


def wrapped(name: str, width: int = AXIS_WIDTH) -> str:
    """A name escaped for Plotly and broken into lines of about ``width`` characters."""
    lines = textwrap.wrap(name, width, break_long_words=True, break_on_hyphens=False)
    return "<br>".join(html.escape(line, quote=False) for line in lines) or html.escape(name)
