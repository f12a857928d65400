"""Short, unique display names for sources (ids can be long file stems)."""

from __future__ import annotations

from analysis.models import ArticleResult

_MAX = 28


def source_labels(articles: tuple[ArticleResult, ...]) -> dict[str, str]:
    """id -> a short label, unique among the articles (numbered when names repeat)."""
    labels: dict[str, str] = {}
    seen: dict[str, int] = {}
    for result in articles:
        name = result.article.source or result.id
        name = name if len(name) <= _MAX else name[: _MAX - 1] + "…"
        seen[name] = seen.get(name, 0) + 1
        labels[result.id] = name if seen[name] == 1 else f"{name} ({seen[name]})"
    return labels
