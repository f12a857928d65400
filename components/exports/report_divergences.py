"""The report's Divergences section: one block per conflicting detail with its value table."""

from __future__ import annotations

from html import escape

from analysis.results import Comparison
from components.views.divergence_view import KIND_TITLES

_SHOWN = 60  # cards in the report; the CSV and JSON carry all of them


def divergences_section(comparison: Comparison, labels: dict[str, str]) -> str:
    """Each divergence: kind, every value with the sources that give it, one sentence each."""
    if not comparison.divergences:
        return ("<h2>Where the sources disagree</h2><p class=\"muted\">The sources agree on "
                "the details of "
                "everything they share.</p>")
    texts = comparison.sentence_texts()
    blocks = []
    for divergence in comparison.divergences[:_SHOWN]:
        rows = "".join(
            "<tr><td><b>" + (escape(side.words) or "<i>not stated</i>") + "</b></td>"
            f"<td class=\"num\">{len(side.sources)}</td>"
            f"<td>{escape(', '.join(labels[s] for s in side.sources))}</td>"
            f"<td>{escape(texts.get((side.members[0].article, side.members[0].sentence), ''))}"
            "</td></tr>"
            for side in divergence.sides
        )
        where = (f"element E{divergence.element}" if divergence.element is not None
                 else "elements " + ", ".join(f"E{e}" for e in divergence.elements))
        blocks.append(
            f"<section class=\"element\"><h3>{escape(KIND_TITLES[divergence.kind])} · "
            f"{len(divergence.sources)} sources · {escape(where)}</h3>"
            "<table><thead><tr><th>Value given</th><th>Sources</th><th></th>"
            f"<th>For example</th></tr></thead><tbody>{rows}</tbody></table></section>"
        )
    more = len(comparison.divergences) - _SHOWN
    note = (f"<p class=\"muted\">{more} more in the divergences CSV and the JSON.</p>"
            if more > 0 else "")
    return ("<h2>Where the sources disagree</h2><p class=\"muted\">Details on which "
            "sources that report "
            "the same thing disagree, one block per detail, most sources first.</p>"
            + "".join(blocks) + note)
