"""A short plain-language reading of a comparison, for people who don't read heatmaps."""

from __future__ import annotations

from collections.abc import Sequence

from analysis.results import ArticleResult, Comparison, PairOverlap
from components.common.coverage import element_filter
from components.common.labels import source_labels
from components.common.text import escape_markdown


def story_summary(comparison: Comparison) -> list[str]:
    """Sentences (Markdown) naming who carries most, who adds most, what only one has."""
    articles = comparison.articles
    if len(articles) < 2:
        return ["Add at least two articles to compare."]
    labels = {key: escape_markdown(name) for key, name in source_labels(articles).items()}
    shared = element_filter(comparison, "shared")
    lines = [_overview_line(comparison, shared), _carried_line(articles)]
    if shared:
        carried = {a.id: sum(a.id in e.sources for e in shared) for a in articles}
        top = max(articles, key=lambda a: (carried[a.id], -articles.index(a)))
        lines.append(
            f"**{labels[top.id]}** carries most of the shared story: {carried[top.id]} of the "
            f"{len(shared)} elements that two or more sources report."
        )
    own = max(articles, key=lambda a: a.unique_share)
    lines.append(
        f"**{labels[own.id]}** adds most of its own: {own.unique_share:.0%} of its sentences "
        "appear in no other source."
    )
    if comparison.pairs:
        closest = max(comparison.pairs, key=lambda p: p.similarity)
        lines.append(
            f"The closest pair is **{labels[closest.a]}** and **{labels[closest.b]}** "
            f"(about {closest.similarity:.0%} of their sentences are shared between them)."
        )
    lines.append(_single_source_line(comparison, labels))
    return lines


def _overview_line(comparison: Comparison, shared: list) -> str:
    everyone = element_filter(comparison, "everyone")
    sentences = sum(len(a.sentences) for a in comparison.articles)
    line = (f"{len(comparison.articles)} sources, {sentences} sentences: {len(shared)} story "
            f"elements are reported by two or more sources")
    if everyone:
        line += f", {len(everyone)} by all of them"
    return line + "."


def _carried_line(articles: Sequence[ArticleResult]) -> str:
    """Fully and partly carried as two numbers: a partial link shares some of a sentence,
    and counting it as the whole sentence would overstate what sources share."""
    fully = sum(a.fully_carried_share for a in articles) / len(articles)
    partly = sum(a.partly_carried_share for a in articles) / len(articles)
    return (f"On average, {fully:.0%} of a source's sentences are carried whole by another "
            f"source (fully carried) and {partly:.0%} only in part (partly carried: another "
            "source states some of what they say, not all).")


def _single_source_line(comparison: Comparison, labels: dict[str, str]) -> str:
    single = element_filter(comparison, "single")
    if not single:
        return "Every story element is reported by at least two sources."
    counts: dict[str, int] = {}
    for element in single:
        counts[element.sources[0]] = counts.get(element.sources[0], 0) + 1
    parts = ", ".join(
        f"{labels[source]} {count}" for source, count in
        sorted(counts.items(), key=lambda item: -item[1])
    )
    return f"{len(single)} elements are reported by only one source ({parts})."


# event_similarity under this reads "may be a different event": on ECB+ dev topics (odd
# topics, ../shared/eval/ecbplus) 6.8% of same-event pairs fall under it, and 68% of the
# look-alike pairs (0.20: 15% and 79%; few false alarms matter more to a reader)
LOOK_ALIKE_BELOW = 0.15


def pair_event_line(pair: PairOverlap) -> str:
    """One plain sentence on whether two sources report the same event, from the names
    they share (a look-alike event: same kind of event, other people and places)."""
    names = f"They share {pair.shared_names:.0%} of the names either one uses"
    if pair.similarity > 0 and pair.event_similarity < LOOK_ALIKE_BELOW:
        return (f"{names}: they may report a similar but different event "
                f"(same-event score {pair.event_similarity:.2f}).")
    return f"{names} (same-event score {pair.event_similarity:.2f})."
