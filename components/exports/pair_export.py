"""Two sources side by side as one standalone, print-friendly HTML page.

The same aligned view as the Side by side page (word differences, the previous/next
difference links), with a title and the legend, and no script: it opens offline and
prints as two columns. All user text is escaped by the builders it uses.
"""

from __future__ import annotations

from datetime import datetime
from html import escape

from components.common.story import story_slug
from components.views.alignment_view import PairView, coverage_summary
from components.views.diff import difference_numbers, legend_html, side_by_side_html

_PAGE_CSS = """
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;
 max-width:1200px;margin:2rem auto;padding:0 1.5rem} .meta{color:#57606a}
@media print{body{max-width:none;margin:0;font-size:11px} a{color:inherit}
 @page{size:A4 landscape;margin:12mm}}
"""


def pair_diff_html(view: PairView, story: str = "", generated: datetime | None = None,
                   conflicts: dict[tuple[int, int], str] | None = None) -> str:
    """The whole pair comparison as one HTML document, with the "≠ details" markers the
    page shows (``conflicts``: ``detail_conflicts`` of the pair) and, since a printed page
    has no hover, a list of what each marked pair tells differently."""
    stamp = (generated or datetime.now()).strftime("%Y-%m-%d %H:%M")
    title = f"{view.label_a} and {view.label_b}, side by side"
    count = len(difference_numbers(view))
    facts = (f"{escape(story) + ' · ' if story else ''}Coverage Lens · {stamp} · "
             f"{count} difference{'' if count == 1 else 's'}")
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{escape(title)}</title><style>{_PAGE_CSS}</style></head><body>"
            f"<h1>{escape(title)}</h1><p class=\"meta\">{facts}</p>"
            f"<p><b>{escape(coverage_summary(view))}</b></p>{legend_html()}"
            f"{side_by_side_html(view, conflicts)}{_conflict_list(view, conflicts)}"
            "</body></html>\n")


def _conflict_list(view: PairView, conflicts: dict[tuple[int, int], str] | None) -> str:
    if not conflicts:
        return ""
    items = "".join(
        f"<li>{escape(view.label_a)} sentence {a + 1} ↔ {escape(view.label_b)} sentence "
        f"{b + 1}: {escape(what)}</li>" for (a, b), what in sorted(conflicts.items()))
    return (f"<h2>≠ details: what {len(conflicts)} matched "
            f"pair{'' if len(conflicts) == 1 else 's'} tell differently</h2><ul>{items}</ul>")


def pair_file_stem(view: PairView) -> str:
    return f"side-by-side_{story_slug(view.label_a)}-vs-{story_slug(view.label_b)}"
