"""Comparison results as the JSON contract and as a summary a person can read."""

from __future__ import annotations

import json
from dataclasses import asdict

import orjson

from analysis.results import (
    ArticleResult,
    Comparison,
    Divergence,
    ElementMember,
    Framing,
    SourceGaps,
)
from analysis.story.gaps import unshared_sentences

_TEXT_WIDTH = 100


def to_json(comparison: Comparison) -> str:
    """The comparison as indented JSON (UTF-8 text, no trailing newline): what the command
    line prints and the dashboard exports.

    orjson writes the same text as ``json.dumps(..., ensure_ascii=False, indent=2)`` (byte
    for byte; a test checks it on the sample) in compiled code, where the standard library
    indents with its pure-Python encoder.
    """
    data = to_dict(comparison)
    try:
        return orjson.dumps(data, option=orjson.OPT_INDENT_2).decode("utf-8")
    except TypeError:  # a value orjson refuses (an integer past 64 bits): the slow writer
        return json.dumps(data, ensure_ascii=False, indent=2)


def to_dict(comparison: Comparison) -> dict[str, object]:
    """The command line's JSON contract (documented in the README)."""
    gaps = {g.source: g for g in comparison.gaps}
    framing = {f.source: f for f in comparison.framing}
    texts = comparison.sentence_texts()
    return {
        "articles": [
            {**_article(a), **_gaps(gaps.get(a.id)), **_framing(framing.get(a.id))}
            for a in comparison.articles
        ],
        "matches": [
            {"a": m.a, "a_sentence": m.a_sentence, "b": m.b, "b_sentence": m.b_sentence,
             "score": m.score, "kind": m.kind,
             "b_carries_a": m.b_carries_a, "a_carries_b": m.a_carries_b,
             "evidence": {"a": list(m.a_span) if m.a_span else None,
                          "b": list(m.b_span) if m.b_span else None}}
            for m in comparison.matches
        ],
        "pairs": [
            {"a": p.a, "b": p.b, "a_in_b": p.a_in_b, "b_in_a": p.b_in_a,
             "similarity": p.similarity, "shared_names": p.shared_names,
             "event_similarity": p.event_similarity}
            for p in comparison.pairs
        ],
        "elements": [
            {"id": e.id, "label": e.label, "sources": list(e.sources),
             "members": [{"article": m.article, "sentence": m.sentence} for m in e.members]}
            for e in comparison.elements
        ],
        "divergences": [_divergence(d, texts) for d in comparison.divergences],
        "quotes": [asdict(q) for q in comparison.quotes],
        "problems": [{"name": p.name, "reason": p.reason} for p in comparison.problems],
        "settings": dict(comparison.settings),
    }


def _gaps(gaps: SourceGaps | None) -> dict[str, object]:
    if gaps is None:
        return {"unique_elements": [], "omitted_elements": [], "differs_elements": []}
    return {"unique_elements": list(gaps.unique), "omitted_elements": list(gaps.omitted),
            "differs_elements": [{"element": e, "divergence": d} for e, d in gaps.differs]}


def _framing(framing: Framing | None) -> dict[str, object]:
    if framing is None:
        return {"headline": "", "standfirst": "", "lead_elements": []}
    return {"headline": framing.headline, "standfirst": framing.standfirst,
            "lead_elements": list(framing.lead_elements)}


def _divergence(divergence: Divergence, texts: dict[tuple[str, int], str]
                ) -> dict[str, object]:
    """One conflicting detail: its kind, each value with its sources and sentences, and
    where it comes from (one story element, or matched pairs across elements)."""
    def member(m: ElementMember) -> dict[str, object]:
        return {"article": m.article, "sentence": m.sentence,
                "text": texts.get((m.article, m.sentence), "")}

    return {
        "id": divergence.id,
        "kind": divergence.kind,
        "element": divergence.element,
        "elements": list(divergence.elements),
        "origin": divergence.origin,
        "sources": list(divergence.sources),
        "summary": divergence.summary,
        "sides": [
            {"words": side.words, "value": side.value, "sources": list(side.sources),
             "members": [member(m) for m in side.members]}
            for side in divergence.sides
        ],
        "pairs": [[{"article": m.article, "sentence": m.sentence} for m in pair]
                  for pair in divergence.pairs],
    }


def _article(result: ArticleResult) -> dict[str, object]:
    article = result.article
    return {
        "id": article.id,
        "title": article.title,
        "source": article.source,
        "published": article.published,
        "url": article.url,
        "author": article.author,
        "origin": article.origin,
        "matched_share": result.matched_share,
        "unique_share": result.unique_share,
        "fully_carried_share": result.fully_carried_share,
        "partly_carried_share": result.partly_carried_share,
        "carried_whole_by": {source: list(found) for source, found in result.carried_whole_by},
        "sentences": [
            {"index": s.index, "text": s.text, "start": s.start, "end": s.end,
             "carried_whole": carried}
            for s, carried in zip(result.sentences,
                                  result.carried_whole or (0.0,) * len(result.sentences),
                                  strict=True)
        ],
        "removed": [r.text for r in result.removed],
        "removed_detail": [
            {"line": r.line, "text": r.text, "reason": r.reason} for r in result.removed
        ],
    }


def to_text(comparison: Comparison, *, top: int = 10) -> str:
    """A readable summary: sources, pair overlaps, top shared elements, unique sentences."""
    sections = [
        _sources(comparison),
        _pairs(comparison),
        _shared_elements(comparison, top),
        _unique(comparison),
    ]
    if comparison.problems:
        sections.append(
            "Skipped files\n" + "\n".join(f"  {p.name}: {p.reason}" for p in comparison.problems)
        )
    return "\n\n".join(sections) + "\n"


def _sources(comparison: Comparison) -> str:
    lines = [f"Sources ({len(comparison.articles)})"]
    for a in comparison.articles:
        lines.append(
            f"  {a.id}  {len(a.sentences)} sentences, {a.matched_share:.0%} shared "
            f"({a.fully_carried_share:.0%} fully, {a.partly_carried_share:.0%} partly carried), "
            f"{a.unique_share:.0%} unique, {len(a.removed)} lines removed"
        )
        lines.append(f"      {_clip(a.article.title, _TEXT_WIDTH - 6)}")
    return "\n".join(lines)


def _pairs(comparison: Comparison) -> str:
    if not comparison.pairs:
        return "Pair overlaps\n  (only one source: nothing to compare)"
    lines = ["Pair overlaps (share of A's sentences found in B, and of B's in A)"]
    ordered = sorted(comparison.pairs, key=lambda p: -p.similarity)
    for p in ordered:
        lines.append(
            f"  {p.a} ~ {p.b}: A in B {p.a_in_b:.0%}, B in A {p.b_in_a:.0%}, "
            f"similarity {p.similarity:.0%}"
        )
    return "\n".join(lines)


def _shared_elements(comparison: Comparison, top: int) -> str:
    shared = [e for e in comparison.elements if len(e.sources) > 1][:top]
    lines = [f"Top shared story elements ({len(shared)} shown)"]
    for e in shared:
        lines.append(f"  [{len(e.sources)} sources] {_clip(e.label, _TEXT_WIDTH - 16)}")
        lines.append(f"      {', '.join(e.sources)}")
    if not shared:
        lines.append("  (no sentence is shared by two sources)")
    return "\n".join(lines)


def _unique(comparison: Comparison) -> str:
    lines = ["Sentences only one source carries"]
    unshared = unshared_sentences(comparison)
    for a in comparison.articles:
        only = unshared[a.id]
        lines.append(f"  {a.id} ({len(only)})")
        lines.extend(f"    - {_clip(s.text, _TEXT_WIDTH - 6)}" for s in only)
    return "\n".join(lines)


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
