"""Where sources that report the same thing disagree on a detail that matters.

Every matched sentence pair (inside a story element or not) is compared word by word
(:mod:`analysis.divergence.detail_diff`); a quotation that sources credit to different speakers
(:mod:`analysis.quotes.tracking`) is an attribution divergence too. Findings are then merged
into one card per conflicting detail: each finding links "sentence X gives value v"
to "sentence Y gives value w", and the connected findings of one kind form a card
whose sides group every source by the value it gives (a casualty count that differs
across 30 articles is one card with its value table, not one card per pair).
Cards are sorted by how many sources they involve.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from analysis.divergence.detail_diff import DETAIL_KINDS, MARKER_KINDS, Finding, compare_details
from analysis.divergence.tokens import is_name, tokenize
from analysis.results import Comparison, Divergence, DivergenceSide, ElementMember
from analysis.text.speech import speaker_key

DIVERGENCE_KINDS = DETAIL_KINDS


_Node = tuple[str, str, int, str]  # (kind, article, sentence, value)


class _Cards:
    """Union-find over value occurrences; findings are the links."""

    def __init__(self) -> None:
        self.parent: dict[_Node, _Node] = {}
        self.words: dict[_Node, Counter[str]] = {}
        self.pairs: dict[_Node, set[tuple[ElementMember, ElementMember]]] = {}
        self.origin: dict[_Node, str] = {}
        self.degree: Counter[_Node] = Counter()  # findings each value occurrence is in

    def root(self, node: _Node) -> _Node:
        while self.parent[node] != node:
            self.parent[node] = self.parent[self.parent[node]]
            node = self.parent[node]
        return node

    def add(self, node: _Node, words: str) -> None:
        self.parent.setdefault(node, node)
        self.words.setdefault(node, Counter())[words] += 1

    def link(self, x: _Node, y: _Node, origin: str) -> None:
        rx, ry = self.root(x), self.root(y)
        if rx != ry:
            self.parent[ry] = rx
        self.degree[x] += 1
        self.degree[y] += 1
        pair = (ElementMember(x[1], x[2]), ElementMember(y[1], y[2]))
        self.pairs.setdefault(x, set()).add(pair)
        self.origin[x] = self.origin[y] = origin

    def components(self) -> Iterable[list[_Node]]:
        groups: dict[_Node, list[_Node]] = {}
        for node in self.parent:
            groups.setdefault(self.root(node), []).append(node)
        return groups.values()


def find_divergences(comparison: Comparison, quotes: tuple = (),
                     names: dict[str, set[str]] | None = None) -> tuple[Divergence, ...]:
    """Every conflicting detail of matched sentences and quotations, one card each.

    ``quotes`` are the comparison's quote groups (analysis.quotes.tracking.track_quotes); when
    not given, ``comparison.quotes`` is used. ``names``: ``names_used(comparison)``,
    which does not depend on the threshold (a caller re-assembling a story passes it).
    """
    texts = comparison.sentence_texts()
    quoted = _quote_links(quotes or comparison.quotes)
    known = names if names is not None else names_used(comparison)
    cards = _Cards()
    for match in comparison.matches:
        left, right = (match.a, match.a_sentence), (match.b, match.b_sentence)
        for finding in compare_details(texts[left], texts[right]):
            if (finding.kind in MARKER_KINDS or finding.loose) and match.kind == "partial" \
                    and not finding.shared:
                continue  # a hedge on a claim only one sentence makes is no disagreement
            if finding.kind == "attribution" and quoted.get(left, _NONE) & quoted.get(right, _NONE):
                continue  # the quotation's card says it, with every source's speaker
            if finding.kind == "name" and set(finding.value_a.split()) <= known[match.b] \
                    and set(finding.value_b.split()) <= known[match.a]:
                continue  # each source names the other's too: other words, not other names
            _link(cards, finding, left, right)
    for group in quotes or comparison.quotes:
        _link_quote(cards, group)
    return _number(comparison, cards)


def names_used(comparison: Comparison) -> dict[str, set[str]]:
    """Article id -> keys of the names it uses anywhere."""
    return {
        a.id: {t.key for s in a.sentences for t in tokenize(s.text) if is_name(t)}
        for a in comparison.articles
    }


def _link(cards: _Cards, finding: Finding, left: tuple[str, int], right: tuple[str, int]
          ) -> None:
    x = (finding.kind, *left, finding.value_a)
    y = (finding.kind, *right, finding.value_b)
    cards.add(x, finding.words_a)
    cards.add(y, finding.words_b)
    cards.link(x, y, "matched sentences")


_NONE: frozenset[int] = frozenset()


def _quote_links(quotes: Iterable) -> dict[tuple[str, int], frozenset[int]]:
    """Sentence -> the quotations credited to different speakers that it gives with a
    speaker: two sentences of different sources that share one are a quotation's pair
    (looked up per finding; listing every pair was quadratic in a quotation's variants)."""
    found: dict[tuple[str, int], set[int]] = {}
    for n, group in enumerate(quotes):
        if not getattr(group, "attribution_differs", False):
            continue
        for v in group.variants:
            if v.speaker:
                found.setdefault((v.article, v.sentence), set()).add(n)
    return {where: frozenset(groups) for where, groups in found.items()}


def _link_quote(cards: _Cards, group: object) -> None:
    if not getattr(group, "attribution_differs", False) or getattr(group, "short", False):
        return
    nodes = []
    for variant in group.variants:  # type: ignore[attr-defined]
        if variant.speaker:
            node = ("attribution", variant.article, variant.sentence,
                    speaker_key(variant.speaker))
            cards.add(node, variant.speaker)
            nodes.append(node)
    for k, x in enumerate(nodes):
        for y in nodes[k + 1:]:
            if x[3] != y[3] and x[1] != y[1]:
                cards.link(x, y, "quotation")


def _number(comparison: Comparison, cards: _Cards) -> tuple[Divergence, ...]:
    element_of = comparison.element_of()
    drafts = []
    for nodes in cards.components():
        sides = _sides(nodes, cards)
        if len(sides) < 2:
            continue
        members = {m for side in sides for m in side.members}
        elements = tuple(sorted({e for m in members
                                 if (e := element_of.get((m.article, m.sentence))) is not None}))
        in_one = elements[0] if len(elements) == 1 and all(
            (m.article, m.sentence) in element_of for m in members) else None
        pairs = tuple(sorted({p for n in nodes for p in cards.pairs.get(n, ())
                              if p[0] in members and p[1] in members},
                             key=lambda p: (p[0].article, p[0].sentence, p[1].article,
                                            p[1].sentence)))  # total: no set order leaks
        origin = "quotation" if any(cards.origin.get(n) == "quotation" for n in nodes) \
            else "matched sentences"
        drafts.append((nodes[0][0], sides, in_one, elements, pairs, origin))
    drafts.sort(key=lambda d: (
        -len({s for side in d[1] for s in side.sources}), DIVERGENCE_KINDS.index(d[0]),
        d[3][:1], d[1][0].words.lower(),
    ))
    return tuple(
        Divergence(id=n, kind=kind, element=element, sides=sides,
                   summary=_summary(kind, sides), elements=elements, pairs=pairs,
                   origin=origin)
        for n, (kind, sides, element, elements, pairs, origin) in enumerate(drafts)
    )


def _sides(nodes: list[_Node], cards: _Cards) -> tuple[DivergenceSide, ...]:
    by_value: dict[str, list[_Node]] = {}
    for node in nodes:
        by_value.setdefault(node[3], []).append(node)
    sides = []
    for value, group in by_value.items():
        words: Counter[str] = Counter()
        for node in group:
            words.update(cards.words[node])
        written = [w for w, _ in words.most_common() if w]
        display = written[0] if written else ""
        members = tuple(sorted({ElementMember(n[1], n[2]) for n in group},
                               key=lambda m: (m.article, m.sentence)))
        sides.append(DivergenceSide(display, value, tuple(sorted({m.article for m in members})),
                                    members))
    support = {value: sum(cards.degree[n] for n in group) for value, group in by_value.items()}
    sides = _one_side_per_source(sides, support)
    sides.sort(key=lambda s: (-len(s.sources), s.value))
    return tuple(sides)


def _one_side_per_source(sides: list[DivergenceSide],
                         support: dict[str, int]) -> list[DivergenceSide]:
    """A card is true only if each source gives one value. A source found on several
    sides (two details of one sentence chained into one card, "4" and "March" of "4
    March") stays on the side most of its sentences give, then the side most findings
    support (``support``: value -> findings its occurrences are in), and leaves the card
    when that still ties; sides left without a source are dropped."""
    counts: dict[str, Counter[int]] = {}
    for n, side in enumerate(sides):
        for member in side.members:
            counts.setdefault(member.article, Counter())[n] += 1
    home: dict[str, int | None] = {}
    for source, per_side in counts.items():
        ranked = sorted(per_side, key=lambda n: (-per_side[n], -support[sides[n].value]))
        key = [(per_side[n], support[sides[n].value]) for n in ranked[:2]]
        home[source] = ranked[0] if len(ranked) == 1 or key[0] != key[1] else None
    kept = []
    for n, side in enumerate(sides):
        members = tuple(m for m in side.members if home[m.article] == n)
        if members:
            kept.append(DivergenceSide(side.words, side.value,
                                       tuple(sorted({m.article for m in members})), members))
    return kept


def _summary(kind: str, sides: tuple[DivergenceSide, ...]) -> str:
    parts = [
        f'"{side.words}" ({", ".join(side.sources)})' if side.words
        else f'(not stated) ({", ".join(side.sources)})'
        for side in sides
    ]
    return f"{kind}: " + " vs ".join(parts)


def divergences_by_sentence(comparison: Comparison) -> dict[tuple[str, int], list[int]]:
    """(article, sentence) -> ids of the divergences that sentence takes a side in."""
    found: dict[tuple[str, int], list[int]] = {}
    for divergence in comparison.divergences:
        for side in divergence.sides:
            for member in side.members:
                found.setdefault((member.article, member.sentence), []).append(divergence.id)
    return found
