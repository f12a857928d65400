"""One standalone HTML report of a comparison: opens offline in any browser, prints cleanly.

plotly.js is embedded once, inline, in the head; every chart after it refers to it, so
the file needs no network. Every piece of user text goes through ``html.escape``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from html import escape

import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from analysis.results import Comparison
from analysis.story.gaps import unshared_sentences
from components.common.colors import KIND_COLORS, KIND_LABELS
from components.common.evidence import evidence_label
from components.common.labels import source_labels
from components.exports.report_divergences import divergences_section
from components.exports.report_findings import quotes_section, summary_section
from components.views.figures import all_figures, figure_title

REPORT_TITLE = "Coverage Lens report"
TOP_ELEMENTS = 15
_CHART_CONFIG = {"displaylogo": False, "responsive": True}

_CSS = """
:root { --ink: #1f2328; --muted: #57606a; --line: #d0d7de; --soft: #f6f8fa; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--ink); max-width: 1100px; margin: 2rem auto; padding: 0 1.5rem; }
h1 { margin-bottom: .2rem; } h2 { border-bottom: 1px solid var(--line); padding-bottom: .3rem;
  margin-top: 2.5rem; } h3 { margin: 1.2rem 0 .3rem; font-size: 1.05rem; }
.meta, .muted { color: var(--muted); }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: 14px; }
th, td { border: 1px solid var(--line); padding: .35rem .5rem; text-align: left;
  vertical-align: top; }
th { background: var(--soft); } td.num { text-align: right; white-space: nowrap; }
.bar { display: inline-block; height: .6rem; background: #0072B2; margin-right: .4rem; }
.kind { display: inline-block; padding: 0 .4rem; border-radius: .6rem; color: #fff;
  font-size: 12px; white-space: nowrap; }
.kind.paraphrase, .kind.near-verbatim, .kind.partial { color: #000; }
ul.sentences li { margin: .2rem 0; } .source { font-weight: 600; }
.chart { margin: 1rem 0 2rem; page-break-inside: avoid; break-inside: avoid; }
section.element { border-left: 4px solid #0072B2; padding-left: .8rem; margin: 1rem 0;
  break-inside: avoid; }
@media print { body { max-width: none; margin: 0; font-size: 12px; }
  h2 { break-after: avoid; } tr { break-inside: avoid; } }
"""


def report_html(comparison: Comparison, *, figures: dict[str, go.Figure] | None = None,
                title: str = REPORT_TITLE, generated: datetime | None = None) -> str:
    """The whole comparison as one self-contained HTML page."""
    figures = all_figures(comparison) if figures is None else figures
    labels = source_labels(comparison.articles)
    body = [  # findings first, then charts and data, then settings and method
        _header(comparison, title, generated or datetime.now()),
        _contents(),
        summary_section(comparison),
        divergences_section(comparison, labels),
        _unique(comparison, labels),
        quotes_section(comparison),
        _elements(comparison, labels),
        _charts(figures),
        _sources(comparison, labels),
        _matches(comparison, labels),
        _removed(comparison, labels),
        _settings(comparison.settings),
        _problems(comparison),
    ]
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        f"<title>{escape(title)}</title><style>{_CSS}</style>"
        f"<script type=\"text/javascript\">{get_plotlyjs()}</script></head>\n<body>\n"
        + "\n".join(part for part in body if part)
        + "\n</body></html>\n"
    )


def _header(comparison: Comparison, title: str, generated: datetime) -> str:
    shared = sum(1 for e in comparison.elements if len(e.sources) > 1)
    sentences = sum(len(a.sentences) for a in comparison.articles)
    facts = (f"Generated {generated:%Y-%m-%d %H:%M} · {len(comparison.articles)} sources · "
             f"{sentences} sentences · {len(comparison.matches)} matches · "
             f"{shared} shared story elements · matched with "
             f"{escape(evidence_label(comparison.settings))}")
    kicker = "" if title == REPORT_TITLE else f"<p class=\"meta\">{REPORT_TITLE}</p>"
    return (f"<header>{kicker}<h1>{escape(title)}</h1><p class=\"meta\">{facts}</p>"
            "</header>")


def _contents() -> str:
    return ("<nav class=\"muted\">Findings: summary, disagreements, what only one source "
            "reports, quotations, shared story elements. Then charts, the sources, every "
            "match and the removed lines; settings and method at the end.</nav>")


def _table(head: Iterable[str], rows: Iterable[Iterable[str]]) -> str:
    """Cells arrive already escaped (or built from escaped parts)."""
    header = "".join(f"<th>{h}</th>" for h in head)
    body = "".join("<tr>" + "".join(row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{header}</tr></thead><tbody>{body}</tbody></table>"


def _td(value: object, numeric: bool = False) -> str:
    css = " class=\"num\"" if numeric else ""
    return f"<td{css}>{escape(str(value))}</td>"


def _share(value: float) -> str:
    return (f"<td class=\"num\"><span class=\"bar\" style=\"width:{value * 80:.0f}px\"></span>"
            f"{value:.0%}</td>")


def _sources(comparison: Comparison, labels: dict[str, str]) -> str:
    rows = [
        [_td(labels[a.id]), _td(a.article.title), _td(a.article.published or ""),
         _td(len(a.sentences), True), _share(a.matched_share),
         _share(a.fully_carried_share), _share(a.partly_carried_share),
         _share(a.unique_share), _td(len(a.removed), True)]
        for a in comparison.articles
    ]
    head = ["Source", "Title", "Published", "Sentences", "Shared", "Fully carried",
            "Partly carried", "Unique", "Lines removed"]
    return ("<h2>Sources</h2><p class=\"muted\">Shared: share of its sentences another source "
            "also carries, whole (fully carried: everything the sentence says is in another "
            "source) or only in part (partly carried). Unique: share no other source "
            "carries.</p>" + _table(head, rows))


_SETTING_NAMES = {
    "matching": "Evidence used to match sentences",
    "threshold": "Minimum probability that two sentences share a fact",
    "semantic": "Sentence-embedding model used (meaning)",
    "blend": "Score (blend weight, or the learned model)",
    "min_chars": "Shortest sentence matched (characters)",
    "clean": "Web-page furniture removed",
    "top_k": "Candidates per sentence",
    "candidate_floor": "Minimum TF-IDF similarity to score a pair",
    "semantic_floor": "Minimum embedding similarity to propose a pair",
    "per_source": "Best candidates per sentence in each other source",
    "source_limit": "Other sources searched per sentence (at most)",
    "element_link": "Minimum match probability inside a story element",
    "seconds": "Analysis time (seconds)",
}


def _settings(settings: Mapping[str, object]) -> str:
    """Readable names and values, the evidence first; unknown keys keep their own name."""
    order = {key: k for k, key in enumerate(_SETTING_NAMES)}
    keys = sorted(settings, key=lambda key: order.get(key, len(order)))
    rows = [
        [_td(_SETTING_NAMES.get(key, key)), _td(_setting_value(key, settings[key], settings))]
        for key in keys
    ]
    method = ("<p class=\"muted\">Method: each article is cleaned of page furniture and split "
              "into sentences; every sentence is compared with the other sources' sentences "
              "(wording and, when switched on, meaning); pairs above the threshold are "
              "matches, and matched sentences are grouped into story elements. The command "
              "line (<code>python -m analysis compare</code>) gives the same numbers.</p>")
    table = _table(["Setting", "Value"], rows) if rows else ""
    return "<h2>Settings and method</h2>" + method + table


def _setting_value(key: str, value: object, settings: Mapping[str, object]) -> str:
    if key == "matching":
        return evidence_label(settings)
    if key == "blend" and value is None:
        return "learned model"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "default" if value is None else str(value)


def _charts(figures: dict[str, go.Figure]) -> str:
    """Interactive charts; each carries its own title, plotly.js is already in the head."""
    if not figures:
        return ""
    divs = [
        f"<div class=\"chart\" aria-label=\"{escape(figure_title(key))}\">"
        + figure.to_html(full_html=False, include_plotlyjs=False, config=_CHART_CONFIG,
                         default_width="100%")
        + "</div>"
        for key, figure in figures.items()
    ]
    return "<h2>Charts</h2><p class=\"muted\">Hover a cell for details.</p>" + "".join(divs)



def _elements(comparison: Comparison, labels: dict[str, str]) -> str:
    shared = sorted((e for e in comparison.elements if len(e.sources) > 1),
                    key=lambda e: -len(e.sources))[:TOP_ELEMENTS]
    if not shared:
        return "<h2>Shared story elements</h2><p>No sentence is shared by two sources.</p>"
    texts = comparison.sentence_texts()
    total = len(comparison.articles)
    parts = [f"<h2>Top shared story elements</h2><p class=\"muted\">{len(shared)} elements "
             "that the most sources carry, with each source's sentences.</p>"]
    for element in shared:
        items = "".join(
            f"<li><span class=\"source\">{escape(labels[m.article])}:</span> "
            f"{escape(texts.get((m.article, m.sentence), ''))}</li>"
            for m in element.members)
        missing = [labels[a.id] for a in comparison.articles if a.id not in element.sources]
        absent = (f"<p class=\"muted\">Not in: {escape(', '.join(missing))}</p>"
                  if missing else "")
        parts.append(
            f"<section class=\"element\"><h3>E{element.id} · {len(element.sources)} of {total} "
            f"sources: {escape(element.label)}</h3><ul class=\"sentences\">{items}</ul>"
            f"{absent}</section>")
    return "".join(parts)


def _unique(comparison: Comparison, labels: dict[str, str]) -> str:
    """Same reading as the command line's summary (analysis.story.gaps.unshared_sentences)."""
    parts = ["<h2>What only one source reports</h2><p class=\"muted\">Sentences no other "
             "source carries.</p>"]
    unshared = unshared_sentences(comparison)
    for a in comparison.articles:
        only = [s.text for s in unshared[a.id]]
        parts.append(f"<h3>{escape(labels[a.id])} ({len(only)})</h3>")
        parts.append(_list(only, "Every sentence is carried by another source too."))
    return "".join(parts)


def _removed(comparison: Comparison, labels: dict[str, str]) -> str:
    parts = ["<h2>Removed boilerplate</h2><p class=\"muted\">Lines cleaning dropped as page "
             "furniture (menus, bylines, share buttons…) before sentences were compared.</p>"]
    for a in comparison.articles:
        lines = [f"line {r.line + 1}: {r.text} ({r.reason})" for r in a.removed]
        parts.append(f"<h3>{escape(labels[a.id])} ({len(lines)})</h3>")
        parts.append(_list(lines, "Nothing removed."))
    return "".join(parts)


def _list(items: list[str], empty: str) -> str:
    if not items:
        return f"<p class=\"muted\">{escape(empty)}</p>"
    return "<ul class=\"sentences\">" + "".join(f"<li>{escape(t)}</li>" for t in items) + "</ul>"


def _kind(kind: str) -> str:
    color = KIND_COLORS.get(kind, "#999999")
    return (f"<td><span class=\"kind {escape(kind)}\" style=\"background:{color}\" "
            f"title=\"{escape(KIND_LABELS.get(kind, kind))}\">{escape(kind)}</span></td>")


def _matches(comparison: Comparison, labels: dict[str, str]) -> str:
    texts = comparison.sentence_texts()
    ordered = sorted(comparison.matches, key=lambda m: -m.score)
    rows = [
        [_td(labels[m.a]), _td(texts.get((m.a, m.a_sentence), "")), _td(labels[m.b]),
         _td(texts.get((m.b, m.b_sentence), "")), _kind(m.kind), _td(f"{m.score:.2f}", True)]
        for m in ordered
    ]
    if not rows:
        return "<h2>Matches</h2><p class=\"muted\">No matching sentences.</p>"
    head = ["Source A", "Sentence A", "Source B", "Sentence B", "Kind", "Score"]
    return f"<h2>Matches ({len(rows)})</h2>" + _table(head, rows)


def _problems(comparison: Comparison) -> str:
    if not comparison.problems:
        return ""
    items = [f"{p.name}: {p.reason}" for p in comparison.problems]
    return "<h2>Files that could not be read</h2>" + _list(items, "")
