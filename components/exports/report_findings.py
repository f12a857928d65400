"""The findings that open the report: summary, divergences and quotations (pure HTML).

Every piece of user text is escaped; the summary's Markdown bold becomes <b>.
"""

from __future__ import annotations

import re
from html import escape

from analysis.results import Comparison
from components.common.labels import source_labels
from components.common.summary import story_summary

MAX_QUOTES = 25
_BOLD = re.compile(r"\*\*(.+?)\*\*")


def summary_section(comparison: Comparison) -> str:
    items = "".join(f"<li>{_bold(line)}</li>" for line in story_summary(comparison))
    return f"<h2>Summary</h2><ul class=\"summary\">{items}</ul>"


def _bold(markdown: str) -> str:
    return _BOLD.sub(r"<b>\1</b>", escape(markdown.replace("\\", "")))


def quotes_section(comparison: Comparison) -> str:
    """Quotations carried by two or more sources, first those worded or credited differently."""
    shared = [g for g in comparison.quotes if len(g.sources) > 1 and not g.short]
    shared.sort(key=lambda g: (not g.attribution_differs, not g.wording_differs, -len(g.sources)))
    head = "<h2>Quotations</h2>"
    if not shared:
        return head + "<p class=\"muted\">No quotation appears in two or more sources.</p>"
    labels = source_labels(comparison.articles)
    parts = [head, f"<p class=\"muted\">{len(shared)} quotations in two or more sources; "
             "those worded or credited differently come first.</p>"]
    for group in shared[:MAX_QUOTES]:
        flags = [text for flag, text in ((group.attribution_differs, "credited differently"),
                                         (group.wording_differs, "worded differently")) if flag]
        rows = "".join(
            f"<li><span class=\"source\">{escape(labels[v.article])}</span> "
            f"(sentence {v.sentence + 1}, {escape(v.speaker or 'speaker not named')}): "
            f"“{escape(v.text)}”</li>"
            for v in group.variants)
        note = f" <span class=\"muted\">· {', '.join(flags)}</span>" if flags else ""
        parts.append(f"<section class=\"element\"><h3>“{escape(group.text)}”{note}</h3>"
                     f"<ul class=\"sentences\">{rows}</ul></section>")
    return "".join(parts)
