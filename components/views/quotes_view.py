"""Quote tracker views: one quotation across sources, its wordings and its speakers."""

from __future__ import annotations

import html

from analysis.results import Comparison, QuoteGroup
from components.common.colors import DIFF_COLORS
from components.common.labels import source_labels
from components.views.diff import diff_css, diff_html, word_diff

FILTERS = {
    "Quoted by two or more sources": lambda g: len(g.sources) > 1,
    "Wording differs": lambda g: len(g.sources) > 1 and g.wording_differs,
    "Attribution differs": lambda g: g.attribution_differs,
    "All quotations": lambda g: True,
}


def filter_groups(
    comparison: Comparison, view: str, *, include_short: bool, speaker: str = ""
) -> list[QuoteGroup]:
    """Quote groups for one filter; quoted terms with no speaker ("Victory Day") only when
    asked for (a short quote with a named speaker, "incredibly concerned", always shows)."""
    keep = FILTERS[view]
    wanted = speaker.lower().strip()
    return [
        g for g in comparison.quotes
        if keep(g) and (include_short or not g.short or g.speakers)
        and (not wanted or any(wanted in s.lower() for s in g.speakers))
    ]


def group_title(group: QuoteGroup, width: int = 110) -> str:
    text = group.text if len(group.text) <= width else group.text[: width - 1] + "…"
    flags = [f"{len(group.sources)} source{'s' if len(group.sources) > 1 else ''}"]
    if group.wording_differs and len(group.sources) > 1:
        flags.append("wording differs")
    if group.attribution_differs:
        flags.append("attribution differs")
    return f"“{text}” · " + " · ".join(flags)


def group_html(comparison: Comparison, group: QuoteGroup) -> str:
    """A table of the variants: source, speaker, and the wording with its differences
    from the group's representative wording marked."""
    labels = source_labels(comparison.articles)
    rows = []
    for variant in group.variants:
        _, marked = word_diff(group.text, variant.text)
        speaker = html.escape(variant.speaker) if variant.speaker else "<i>not named</i>"
        rows.append(
            "<tr><td style='min-width:7rem;max-width:14rem;overflow-wrap:anywhere;"
            "padding:4px 8px;vertical-align:top'>"
            f"<b>{html.escape(labels[variant.article])}</b><br>"
            f"<span style='color:#666'>sentence {variant.sentence + 1}</span></td>"
            f"<td style='padding:4px 8px;vertical-align:top'>{speaker}</td>"
            f"<td style='padding:4px 8px'>“{diff_html(marked)}”</td></tr>"
        )
    head = ("<tr><th style='text-align:left;padding:4px 8px'>source</th>"
            "<th style='text-align:left;padding:4px 8px'>speaker</th>"
            "<th style='text-align:left;padding:4px 8px'>wording</th></tr>")
    return (f"<div class='sbs'><style>{diff_css()}</style>"
            f"<table style='border-collapse:collapse;width:100%;font-size:0.95rem'>{head}"
            f"{''.join(rows)}</table></div>")


def legend_html() -> str:
    """Colours of wording differences, against the group's most central wording."""
    meaning = {"added": "words this source adds", "removed": "",
               "changed": "words this source puts differently"}
    chips = "".join(
        f"<span style='display:inline-flex;align-items:center;gap:4px;margin-right:12px'>"
        f"<span style='width:12px;height:12px;border-radius:3px;background:{DIFF_COLORS[k]}'>"
        f"</span>{text}</span>"
        for k, text in meaning.items() if text
    )
    return f"<div style='font-size:0.85rem'><b>Wording</b> {chips}</div>"
