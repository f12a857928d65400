"""Outlet-level findings: what each outlet copies, shares and alone reports, over stories.

A story's comparison is reduced on its worker to a ``StorySummary`` (counts only, a few
hundred bytes), so the roll-up over a large archive never holds the comparisons
themselves. An outlet is an article's ``source``, named as the Sources page names it (the
file's own metadata, the manifest beside it, else its file name: ``analysis.ingest.naming``);
two articles of one outlet in one story never count as sharing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from analysis.results import Comparison
from analysis.story.copies import CopyLinks, infers_families

COPY_KINDS = frozenset({"verbatim", "near-verbatim"})
TOP_OVERLAPS = 3  # outlets listed as each outlet's strongest overlaps


@dataclass(frozen=True)
class ArticleCounts:
    """Sentences of one article (long enough to be matched) and how other outlets hold them."""

    article: str
    outlet: str
    sentences: int
    copied: int  # the same words (verbatim or near-verbatim) in another outlet's article
    shared: int  # matched in another outlet's article, in any wording
    alone: int  # matched in no other outlet's article


@dataclass(frozen=True)
class StorySummary:
    story: int
    articles: tuple[ArticleCounts, ...]
    # (outlet A, outlet B) -> A's sentences in this story that B carries
    carried: dict[tuple[str, str], int] = field(default_factory=dict)


def summarise(story: int, comparison: Comparison) -> StorySummary:
    """Counts of one story's comparison, for the outlet roll-up."""
    outlet = {a.id: a.article.source or a.id for a in comparison.articles}
    min_chars = int(comparison.settings.get("min_chars", 0))
    links = CopyLinks.of(comparison)
    # sentence -> other outlets, through copies and families as every page counts them
    matched = {key: {outlet[other] for other in others} - {outlet[key[0]]}
               for key, others in links.carried_by().items()}
    copied = _copied(comparison, links, outlet)
    counts = []
    carried: dict[tuple[str, str], int] = defaultdict(int)
    for a in comparison.articles:
        keys = [(a.id, s.index) for s in a.sentences if len(s.text) >= min_chars]
        shared = sum(1 for k in keys if matched.get(k))
        counts.append(ArticleCounts(
            article=a.id, outlet=outlet[a.id], sentences=len(keys),
            copied=sum(1 for k in keys if k in copied), shared=shared,
            alone=len(keys) - shared))
        for k in keys:
            for other in matched.get(k, ()):
                carried[(outlet[a.id], other)] += 1
    return StorySummary(story, tuple(counts), dict(carried))


def _copied(comparison: Comparison, links: CopyLinks, outlet: dict[str, str]
            ) -> set[tuple[str, int]]:
    """Sentences whose words another outlet has: a verbatim or near-verbatim match, a copy
    of the text, or a member of its family of lightly edited versions (such family-mates
    are linked through the family, not listed as matches)."""
    copied: set[tuple[str, int]] = set()
    for m in comparison.matches:
        if outlet[m.a] != outlet[m.b] and m.kind in COPY_KINDS:
            copied.update({(m.a, m.a_sentence), (m.b, m.b_sentence)})
    holders, family_holders = links.holders()
    by_class = {c: {outlet[a] for a in found} for c, found in holders.items()}
    by_family = {f: {outlet[a] for a in found} for f, found in family_holders.items()}
    infer = infers_families(links.threshold)
    for key, c in links.classes.items():
        family = int(links.family[c])
        if len(by_class[c]) > 1 or (infer and len(by_family[family]) > 1
                                    and links.family_kind.get(family, "near-verbatim")
                                    in COPY_KINDS):
            copied.add(key)
    return copied


@dataclass
class _Outlet:
    articles: int = 0
    stories: set[int] = field(default_factory=set)
    sentences: int = 0
    copied: int = 0
    shared: int = 0
    alone: int = 0


def outlet_tables(summaries: Iterable[StorySummary], single_stories: dict[str, int]
                  ) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """(one row per outlet, one row per ordered pair of outlets that met in a story).

    ``single_stories``: outlet -> stories it alone covers (articles no other article
    joined), which count as covered but hold nothing to compare.
    """
    outlets: dict[str, _Outlet] = defaultdict(_Outlet)
    together: dict[tuple[str, str], set[int]] = defaultdict(set)
    sentences_with: dict[tuple[str, str], int] = defaultdict(int)  # A's sentences in
    carried: dict[tuple[str, str], int] = defaultdict(int)  # stories B covers too
    for summary in summaries:
        present: dict[str, int] = defaultdict(int)
        for c in summary.articles:
            o = outlets[c.outlet]
            o.articles += 1
            o.stories.add(summary.story)
            o.sentences += c.sentences
            o.copied += c.copied
            o.shared += c.shared
            o.alone += c.alone
            present[c.outlet] += c.sentences
        for a, count in present.items():
            for b in present:
                if a != b:
                    together[(a, b)].add(summary.story)
                    sentences_with[(a, b)] += count
        for pair, n in summary.carried.items():
            carried[pair] += n
    pairs = [
        {"outlet": a, "other": b, "stories_together": len(stories),
         "sentences": sentences_with[(a, b)], "carried_by_other": carried.get((a, b), 0),
         "carried_share": _share(carried.get((a, b), 0), sentences_with[(a, b)])}
        for (a, b), stories in sorted(together.items())
    ]
    strongest: dict[str, list[dict[str, object]]] = defaultdict(list)
    for row in sorted(pairs, key=lambda r: (-float(r["carried_share"]),  # type: ignore[arg-type]
                                              str(r["other"]))):
        strongest[str(row["outlet"])].append(row)
    names = sorted(set(outlets) | set(single_stories))
    rows = []
    for name in names:
        o = outlets.get(name, _Outlet())
        top = strongest.get(name, [])[:TOP_OVERLAPS]
        rows.append({
            "outlet": name,
            "articles": o.articles + single_stories.get(name, 0),
            "stories": len(o.stories) + single_stories.get(name, 0),
            "compared_stories": len(o.stories),
            "sentences": o.sentences,
            "copied_share": _share(o.copied, o.sentences),
            "shared_share": _share(o.shared, o.sentences),
            "alone_share": _share(o.alone, o.sentences),
            "overlaps_most": "; ".join(
                f"{r['other']} ({float(r['carried_share']):.0%})" for r in top),  # type: ignore[arg-type]
        })
    return rows, pairs


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0
