"""Where sources that report the same element disagree on a detail that matters.

Each matched sentence pair is aligned word by word (difflib on comparison keys,
so "Pyongyang" and "North Korea" or curly and straight quotes do not count as
differences). A difference is reported only where one wording puts a different
detail in the same place: a short replaced span with other numbers, dates,
names or roles, or a hedge or a negation present in one wording only. Findings
about the same element and the same words are merged, so each divergence lists
every source on each side.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from analysis.details import (
    HEDGES,
    MONTHS,
    NEGATIONS,
    ROLE_MODIFIERS,
    ROLE_NOUNS,
    WEEKDAYS,
    Token,
    is_name,
    number_value,
    tokenize,
)
from analysis.models import Comparison, ElementMember

DIVERGENCE_KINDS = ("number", "date", "name", "role", "hedging", "negation")
_MAX_SPAN = 6  # a longer replaced span is different content, not a changed detail
_MAX_NAME_SPAN = 3
_MAX_MARKER_SPAN = 12


@dataclass(frozen=True)
class DivergenceSide:
    """One wording of the disputed detail and the sentences that use it."""

    words: str  # "" when this side states the claim without the detail (e.g. no hedge)
    sources: tuple[str, ...]
    members: tuple[ElementMember, ...]


@dataclass(frozen=True)
class Divergence:
    id: int
    kind: str  # one of DIVERGENCE_KINDS
    element: int
    sides: tuple[DivergenceSide, ...]
    summary: str


@dataclass(frozen=True)
class _Finding:
    kind: str
    words_a: str
    words_b: str


@lru_cache(maxsize=16384)
def compare_details(sentence_a: str, sentence_b: str) -> tuple[_Finding, ...]:
    """Differences in details between two sentences that report the same claim.

    Cached: wire copy repeats the same pair of wordings across many outlets.
    """
    tokens_a, tokens_b = list(tokenize(sentence_a)), list(tokenize(sentence_b))
    matcher = SequenceMatcher(
        None, [t.key for t in tokens_a], [t.key for t in tokens_b], autojunk=False
    )
    findings: list[_Finding] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        span_a, span_b = tokens_a[i1:i2], tokens_b[j1:j2]
        if tag == "replace" and max(len(span_a), len(span_b)) <= _MAX_SPAN:
            titled = _next_to_shared_name(tokens_a, tokens_b, (i1, i2, j1, j2))
            findings.extend(_substitutions(span_a, span_b, roles=titled,
                                           elsewhere=_keys(tokens_a) & _keys(tokens_b)))
    findings.extend(_role_modifiers(tokens_a, tokens_b, matcher))
    findings.extend(_one_sided(tokens_a, tokens_b, matcher, HEDGES, "hedging"))
    findings.extend(_one_sided(tokens_a, tokens_b, matcher, NEGATIONS, "negation"))
    return tuple(_dedupe(findings))


_SUBSTITUTION_RULES: tuple[tuple[str, Callable[[Token], object]], ...] = (
    ("number", number_value),
    ("date", lambda t: t.key if t.key in WEEKDAYS | MONTHS else None),
    ("role", lambda t: t.key if t.key in ROLE_NOUNS - ROLE_MODIFIERS else None),
    ("name", lambda t: t.key if is_name(t) and t.key not in WEEKDAYS | MONTHS else None),
)


def _keys(tokens: list[Token]) -> set[str]:
    return {t.key for t in tokens}


def _substitutions(
    span_a: list[Token], span_b: list[Token], *, roles: bool, elsewhere: set[str] = frozenset()
) -> list[_Finding]:
    """``elsewhere``: keys both sentences hold; a detail both state is not in dispute, only
    put in another place ("Pyongyang and Moscow" vs "Moscow and Pyongyang")."""
    for kind, value in _SUBSTITUTION_RULES:
        if kind == "role" and not roles:
            continue
        values_a = {v for t in span_a if (v := value(t)) is not None}
        values_b = {v for t in span_b if (v := value(t)) is not None}
        if values_a and values_b and values_a != values_b:
            if kind == "name" and not _names_conflict(span_a, span_b):
                continue
            if kind == "name" and all(str(v) in elsewhere for v in values_a | values_b):
                continue
            return [_Finding(kind, _text(span_a), _text(span_b))]
    return []


def _next_to_shared_name(
    tokens_a: list[Token], tokens_b: list[Token], span: tuple[int, int, int, int]
) -> bool:
    """A title only differs if it belongs to the same named person ("X, the [title]")."""
    i1, i2, j1, j2 = span
    if any(map(is_name, tokens_a[i1:i2] + tokens_b[j1:j2])):
        return False  # the span holds the names themselves: different content, not a title
    after = i2 < len(tokens_a) and j2 < len(tokens_b) and tokens_a[i2].key == tokens_b[j2].key
    before = i1 > 0 and j1 > 0 and tokens_a[i1 - 1].key == tokens_b[j1 - 1].key
    return (after and is_name(tokens_a[i2])) or (before and is_name(tokens_a[i1 - 1]))


def _names_conflict(span_a: list[Token], span_b: list[Token]) -> bool:
    """Two short spans made mostly of different names (not the same person named twice)."""
    if max(len(span_a), len(span_b)) > _MAX_NAME_SPAN:
        return False
    if any(sum(map(is_name, span)) * 2 < len(span) for span in (span_a, span_b)):
        return False
    return not _same_person(span_a, span_b)


def _same_person(span_a: list[Token], span_b: list[Token]) -> bool:
    """'Kim' and 'Kim Jong-un', 'Mr Shoigu' and 'Sergei Shoigu' name the same person."""
    names_a = {t.key for t in span_a if is_name(t)}
    names_b = {t.key for t in span_b if is_name(t)}
    return bool(names_a & names_b) or names_a <= names_b or names_b <= names_a


def _role_modifiers(
    tokens_a: list[Token], tokens_b: list[Token], matcher: SequenceMatcher
) -> list[_Finding]:
    """'deputy spokesperson' against 'spokesperson': a shared title with other modifiers."""
    findings = []
    for block in matcher.get_matching_blocks():
        for offset in range(block.size):
            i, j = block.a + offset, block.b + offset
            if tokens_a[i].key not in ROLE_NOUNS or tokens_a[i].key in ROLE_MODIFIERS:
                continue
            if not _shared_name_after(tokens_a, tokens_b, i, j):
                continue
            before_a, before_b = _modifiers_before(tokens_a, i), _modifiers_before(tokens_b, j)
            modifiers_a = {t.key for t in before_a} & ROLE_MODIFIERS
            if modifiers_a != {t.key for t in before_b} & ROLE_MODIFIERS:
                findings.append(_Finding(
                    "role", _text(before_a + [tokens_a[i]]), _text(before_b + [tokens_b[j]])
                ))
    return findings


def _shared_name_after(tokens_a: list[Token], tokens_b: list[Token], i: int, j: int) -> bool:
    """The title belongs to the same named person in both ('spokesperson Vedant Patel')."""
    if i + 1 >= len(tokens_a) or j + 1 >= len(tokens_b):
        return False
    following = tokens_a[i + 1]
    return following.key == tokens_b[j + 1].key and is_name(following)


def _modifiers_before(tokens: list[Token], index: int) -> list[Token]:
    """Tokens from the first title modifier among the three words before a role noun."""
    window = tokens[max(0, index - 3) : index]
    for offset, token in enumerate(window):
        if token.key in ROLE_MODIFIERS:
            return window[offset:]
    return []


def _one_sided(
    tokens_a: list[Token], tokens_b: list[Token], matcher: SequenceMatcher, lexicon: set[str],
    kind: str,
) -> list[_Finding]:
    """A hedge or negation that one wording adds where the other states the same thing.

    Only a change framed by shared words counts, and the shared words right after
    it must carry content (what is hedged or negated): a hedge inside a clause the
    other sentence does not carry is not a disagreement.
    """
    if ({t.key for t in tokens_a} & lexicon) and ({t.key for t in tokens_b} & lexicon):
        return []
    opcodes = matcher.get_opcodes()
    for k in range(1, len(opcodes) - 1):
        tag, i1, i2, j1, j2 = opcodes[k]
        after = opcodes[k + 1]
        if tag == "equal" or opcodes[k - 1][0] != "equal" or after[0] != "equal":
            continue
        if max(i2 - i1, j2 - j1) > _MAX_MARKER_SPAN:
            continue
        if not any(t.key not in ENGLISH_STOP_WORDS for t in tokens_a[after[1] : after[2]]):
            continue
        follow = tokens_a[after[1]]
        marked_a = _marker_phrase(tokens_a[i1:i2], lexicon, follow)
        marked_b = _marker_phrase(tokens_b[j1:j2], lexicon, follow)
        if marked_a:
            return [_Finding(kind, marked_a, _tail(tokens_b[j1:j2], follow))]
        if marked_b:
            return [_Finding(kind, _tail(tokens_a[i1:i2], follow), marked_b)]
    return []


def _marker_phrase(span: list[Token], lexicon: set[str], follow: Token) -> str:
    """From the first hedge/negation word to the end of the change, plus the next word."""
    for index, token in enumerate(span):
        if token.key in lexicon:
            return _text(span[index:] + [follow])
    return ""


def _tail(span: list[Token], follow: Token) -> str:
    """The other wording at the same place: its last few changed words and the next word."""
    return _text(span[-3:] + [follow])


def _text(tokens: list[Token]) -> str:
    return " ".join(t.text for t in tokens)


def _dedupe(findings: list[_Finding]) -> list[_Finding]:
    seen: set[tuple[str, str, str]] = set()
    unique = []
    for finding in findings:
        key = (finding.kind, finding.words_a.lower(), finding.words_b.lower())
        if key not in seen:
            seen.add(key)
            unique.append(finding)
    return unique


_MARKER_KINDS = {"hedging", "negation"}  # one side has the marker, the other lacks it


def find_divergences(comparison: Comparison) -> tuple[Divergence, ...]:
    """Every disagreement inside matched sentences, merged per element and detail."""
    texts = comparison.sentence_texts()
    element_of = comparison.element_of()
    groups: _Groups = {}
    for match in comparison.matches:
        if match.kind == "partial":  # the two say different things beside one shared fact
            continue
        left, right = (match.a, match.a_sentence), (match.b, match.b_sentence)
        element = element_of.get(left, element_of.get(right))
        if element is None:
            continue
        for finding in compare_details(texts[left], texts[right]):
            sides = groups.setdefault(_group_key(element, finding), {})
            _add_side(sides, finding, finding.words_a, ElementMember(*left), is_a=True)
            _add_side(sides, finding, finding.words_b, ElementMember(*right), is_a=False)
    return _number(groups)


def _group_key(element: int, finding: _Finding) -> tuple:
    if finding.kind in _MARKER_KINDS:
        return (element, finding.kind)
    return (element, finding.kind, frozenset({finding.words_a.lower(), finding.words_b.lower()}))


def _add_side(
    sides: dict[str, tuple[str, set[ElementMember]]],
    finding: _Finding,
    words: str,
    member: ElementMember,
    *,
    is_a: bool,
) -> None:
    if finding.kind in _MARKER_KINDS:
        marked = _has_marker(words, finding.kind)
        key = "with" if marked else "without"
    else:
        key = words.lower()
    display, members = sides.get(key, (words, set()))
    members.add(member)
    sides[key] = (display, members)


def _has_marker(words: str, kind: str) -> bool:
    lexicon = HEDGES if kind == "hedging" else NEGATIONS
    return any(t.key in lexicon for t in tokenize(words))


_Groups = dict[tuple, dict[str, tuple[str, set[ElementMember]]]]


def _number(groups: _Groups) -> tuple[Divergence, ...]:
    drafts = []
    for key, sides in groups.items():
        built = tuple(
            DivergenceSide(
                words=display,
                sources=tuple(sorted({m.article for m in members})),
                members=tuple(sorted(members, key=lambda m: (m.article, m.sentence))),
            )
            for display, members in sorted(sides.values(), key=lambda s: s[0].lower())
        )
        if len(built) < 2:
            continue
        drafts.append((key[0], DIVERGENCE_KINDS.index(key[1]), key[1], built))
    drafts.sort(key=lambda d: (d[0], d[1], d[3][0].words))
    return tuple(
        Divergence(id=n, kind=kind, element=element, sides=sides, summary=_summary(kind, sides))
        for n, (element, _, kind, sides) in enumerate(drafts)
    )


def _summary(kind: str, sides: tuple[DivergenceSide, ...]) -> str:
    parts = [
        f'"{side.words}" ({", ".join(side.sources)})' if side.words
        else f'(not stated) ({", ".join(side.sources)})'
        for side in sides
    ]
    return f"{kind}: " + " vs ".join(parts)
