"""One story whose first outlet's headline is Markdown image and link syntax: the case the
escaping tests of the Overview's headline tables share."""

from __future__ import annotations

from analysis.results import Comparison

HOSTILE_HEADLINE = "![x](https://tracker.example/p.gif) [Read](https://evil.example) *now*"
_BODY = ("Crews fought the blaze at the timber yard for six hours on Tuesday night. "
         "Nobody was hurt, the fire chief said on Wednesday morning.")


def compare_with_hostile_headline(first_source: str = "Harbour Post") -> Comparison:
    """Two outlets, one body; ``first_source`` (a CSV cell, quote it if needed) carries the
    hostile headline, "Coast FM" a plain one."""
    from analysis.ingest.loading import load_uploads
    from analysis.pipeline.comparison import compare

    csv = (f'source,title,text\n{first_source},"{HOSTILE_HEADLINE}","{_BODY}"\n'
           f'Coast FM,Timber yard fire,"{_BODY}"\n')
    return compare(load_uploads([("bundle.csv", csv.encode())]).articles)
