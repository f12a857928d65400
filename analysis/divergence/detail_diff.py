"""Which details two wordings of one claim disagree on, found word by word.

The two sentences are aligned on token keys (difflib; numbers by value, countries by
country, so "Forty-two" = "42" and "Seoul" = "South Korea" are not differences).
A difference is reported only where one wording puts a different detail in the same
place: a short replaced span with other numbers, dates, names or roles; another
speaker next to a shared speech verb (attribution); a title qualifier ("deputy",
"former") one wording adds; or a hedge, negation or scope qualifier ("at least",
"nearly") present in one wording only. A detail only one wording gives ("Thursday night"
/ "Thursday") narrows the other and is no conflict: both can be true.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache

from cydifflib import SequenceMatcher

from analysis.divergence.findings import Finding
from analysis.divergence.sentence_details import (
    FIRST_DETERMINERS,
    SAME_LENGTH,
    claim_negations,
    forecast,
    negated_in_both,
    overlap,
    set_findings,
)
from analysis.divergence.tokens import (
    HEDGES,
    NEGATIONS,
    ROLE_MODIFIERS,
    ROLE_NOUNS,
    SCOPE,
    Token,
    is_name,
    number_value,
    tokenize,
)
from analysis.divergence.values import compatible
from analysis.text import lexicon
from analysis.text.lexicon import FUNCTION_WORDS
from analysis.text.speech import SPEECH_VERB
from analysis.text.textnorm import DETAIL_STEM_LETTERS

DETAIL_KINDS = ("number", "date", "name", "role", "attribution", "hedging", "negation", "scope")
MARKER_KINDS = frozenset({"hedging", "negation", "scope"})  # one side has it, one lacks it
_MAX_SPAN = 6  # a longer replaced span is different content, not a changed detail
_MAX_NAME_SPAN = 3
_MAX_MARKER_SPAN = 12
_SHARED_AFTER_HEDGE = 2  # content words after a hedge the other sentence also has
_SHARED_AFTER_SPEECH = 2  # content words of what was said that both wordings give
_SAID_WINDOW = 8  # words after the speech verb looked at for them
_SPEAKER_WORDS = 5  # words of a speaker phrase after "said"
_LEXICONS = {"hedging": HEDGES, "negation": NEGATIONS, "scope": SCOPE}
_ZERO = frozenset({"no", "zero"})  # "No homes" against "Two homes": a count of none
HEDGE_PHRASES = tuple(tuple(p.split()) for p in lexicon.words("hedge_phrases"))
_HEDGES_BY_FIRST: dict[str, list[tuple[str, ...]]] = {}  # first word -> phrases, list order
for _hedge in HEDGE_PHRASES:
    _HEDGES_BY_FIRST.setdefault(_hedge[0], []).append(_hedge)


@lru_cache(maxsize=131072)
def compare_details(sentence_a: str, sentence_b: str) -> tuple[Finding, ...]:
    """Differences in details between two sentences that report the same claim.

    Cached, and kept across thresholds: wire copy repeats the same pair of wordings
    across many outlets, and a threshold move asks about the same pairs again.
    """
    if sentence_a == sentence_b:  # a verbatim copy disagrees on nothing
        return ()
    a, b = list(tokenize(sentence_a)), list(tokenize(sentence_b))
    (keys_a, set_a), (keys_b, set_b) = _sentence_keys(sentence_a), _sentence_keys(sentence_b)
    matcher = SequenceMatcher(None, keys_a, keys_b, autojunk=False)
    opcodes = matcher.get_opcodes()
    shared = set(set_a & set_b)
    findings: list[Finding] = []
    for tag, i1, i2, j1, j2 in opcodes:
        span = (i1, i2, j1, j2)
        said = _attribution(a, b, span) if tag == "replace" else None
        if said is not None:  # a speaker of a shared speech verb: no other detail there
            findings.extend(said)
        elif tag == "replace" and max(i2 - i1, j2 - j1) <= _MAX_SPAN:
            findings.extend(_substitution(a, b, span, shared))
        elif tag == "replace":
            findings.extend(_substitution(a, b, _head(a, b, span), shared)
                            or _lone_details(a, b, span))
    findings.extend(_role_modifiers(a, b, matcher))
    for kind in ("hedging", "negation", "scope"):
        whole = (_sentence_markers(sentence_a, kind), _sentence_markers(sentence_b, kind))
        findings.extend(_markers(a, b, opcodes, kind, whole))
    findings.extend(_narrowed(a, b, opcodes))
    findings.extend(set_findings(sentence_a, sentence_b, {f.kind for f in findings}))
    findings = [_hedge_shared(a, b, f) if f.kind == "hedging" else f for f in findings]
    if any(f.kind == "negation" for f in findings) and overlap(sentence_a, sentence_b):
        findings = [replace(f, shared=True) if f.kind == "negation" else f for f in findings]
    findings = _claim_level_negation(findings, sentence_a, sentence_b)
    findings = [f for f in findings if f.kind != "drop" and not (
        _ranged(f) and compatible(f.words_a, f.words_b, sentence_a, sentence_b))]
    if any(f.kind == "number" and "0.0" in (f.value_a, f.value_b) for f in findings):
        findings = [f for f in findings if f.kind != "negation"]  # "No homes" / "Two homes"
    return tuple(_dedupe(findings))


def _claim_level_negation(findings: list[Finding], a: str, b: str) -> list[Finding]:
    """Negation read claim by claim: a negation finding on a word both sentences negate
    ("no arrests" in each, the alignment having paired it with another clause) is dropped,
    and a word one negates and the other states ("no description" / "a description") is a
    negation finding if none was found."""
    kept = [f for f in findings if f.kind != "negation"
            or not negated_in_both(a, b, f"{f.words_a} {f.words_b}")]
    if not any(f.kind == "negation" for f in kept):
        kept.extend(claim_negations(a, b))
    return kept


def _ranged(finding: Finding) -> bool:
    """Whether the two values may be ranges that overlap ("more than 50" / "60", "about
    8.40pm" / "8.49pm"): both can be true, so no conflict (analysis.divergence.values).
    A scope qualifier counts only on figures ("around 9pm" / "before 9pm"), not on an
    ordinal ("the first" / "the first of its size")."""
    if finding.kind in ("number", "date"):
        return True
    return finding.kind == "scope" and all(
        any(c.isdigit() for c in words) for words in (finding.words_a, finding.words_b))


@lru_cache(maxsize=32768)
def _sentence_keys(sentence: str) -> tuple[tuple[str, ...], frozenset[str]]:
    """The comparison keys of a sentence's tokens, in order and as a set: read once per
    sentence, not once per pair."""
    keys = tuple(t.key for t in tokenize(sentence))
    return keys, frozenset(keys)


def _lone_details(a: list[Token], b: list[Token], span: tuple[int, int, int, int]
                  ) -> list[Finding]:
    """A reworded run ('About 2,300 residents were told' / 'Some 3,200 people were
    ordered') that holds exactly one number, or one date, on each side, and they differ."""
    i1, i2, j1, j2 = span
    for kind, value in _RULES[:2]:
        at_a = [k for k in range(i1, i2) if value(a[k]) is not None]
        at_b = [k for k in range(j1, j2) if value(b[k]) is not None]
        if len(at_a) == 1 and len(at_b) == 1 and value(a[at_a[0]]) != value(b[at_b[0]]):
            x, y = at_a[0], at_b[0]
            return [Finding(kind, _text(a[x : min(x + 2, i2)]), _text(b[y : min(y + 2, j2)]),
                            str(value(a[x])), str(value(b[y])), loose=True)]
    return []


def _narrowed(a: list[Token], b: list[Token], opcodes: list) -> list[Finding]:
    """Words one wording adds right after a shared 'first'/'only' ('the first of its size
    since 2009' / 'the first since 2009'): the claim's scope is narrowed."""
    for tag, i1, i2, j1, j2 in opcodes:
        if tag not in ("insert", "delete") or i1 == 0 or j1 == 0:
            continue
        before = a[i1 - 1]
        if before.key not in SCOPE or before.key != b[j1 - 1].key:
            continue
        added, other = (a[i1:i2], b) if i2 > i1 else (b[j1:j2], a)
        if added[0].key not in FUNCTION_WORDS:
            continue  # 'the first rescue team': a noun's modifier, not a narrowed claim
        content = {t.key[:DETAIL_STEM_LETTERS] for t in _content(added)}
        if not 1 <= len(added) <= 5 or not content or content <= _stems(other):
            continue  # nothing added, or words the other wording has elsewhere (moved:
            # 'the first rescue team' / 'the first team of rescuers')
        longer = _text([before] + added)
        if i2 > i1:
            return [Finding("scope", longer, before.text, _text(added).lower(), "")]
        return [Finding("scope", before.text, longer, "", _text(added).lower())]
    return []


def _stems(tokens: list[Token]) -> set[str]:
    """Word beginnings: 'rescue' and 'rescuers' are one word moved, not a word added."""
    return {t.key[:DETAIL_STEM_LETTERS] for t in tokens}


def _head(a: list[Token], b: list[Token], span: tuple[int, int, int, int]
          ) -> tuple[int, int, int, int]:
    """One detail replaced by a long run ('1998' / '1989 and was refitted...'): the one
    word against the first word of the long side, when both are numbers or dates."""
    i1, i2, j1, j2 = span
    if min(i2 - i1, j2 - j1) != 1:
        return (i1, i1, j1, j1)
    x, y = a[i1], b[j1]
    same_sort = (x.date and y.date) or (number_value(x) is not None
                                         and number_value(y) is not None)
    return (i1, i1 + 1, j1, j1 + 1) if same_sort else (i1, i1, j1, j1)


def _text(tokens: list[Token]) -> str:
    return " ".join(t.text for t in tokens)


def _values(tokens: list[Token], value: Callable[[Token], object]) -> set[str]:
    return {str(v) for t in tokens if (v := value(t)) is not None}


_RULES: tuple[tuple[str, Callable[[Token], object]], ...] = (
    ("number", lambda t: 0.0 if t.key in _ZERO else number_value(t)),
    ("date", lambda t: t.key if t.date else None),
    ("role", lambda t: t.key if t.key in ROLE_NOUNS and (t.key not in ROLE_MODIFIERS
                                                          or t.capitalised) else None),
    ("name", lambda t: t.key if is_name(t) else None),
)


def _substitution(
    a: list[Token], b: list[Token], span: tuple[int, int, int, int], shared: set[str]
) -> list[Finding]:
    """Another number, date, title or name in the same place of the sentence."""
    i1, i2, j1, j2 = span
    span_a, span_b = a[i1:i2], b[j1:j2]
    for kind, value in _RULES:
        if kind == "role" and not _titled(a, b, span):
            continue
        values_a, values_b = _values(span_a, value), _values(span_b, value)
        if kind == "role":  # 'told reporters': the audience of a speech verb is no title
            values_a, values_b = _values(_unheard(a, i1, i2), value), \
                _values(_unheard(b, j1, j2), value)
        if not values_a or not values_b or values_a == values_b:
            continue
        if kind == "name" and (not _names_conflict(span_a, span_b)
                               or values_a | values_b <= shared
                               or _countries(span_a) != _countries(span_b)):
            continue  # the same person named twice, names put in another order, or a
            # country against a person or thing (another sort of detail, not another name)
        return [Finding(kind, _text(span_a), _text(span_b),
                        " ".join(sorted(values_a)), " ".join(sorted(values_b)))]
    return []


def _unheard(tokens: list[Token], start: int, stop: int) -> list[Token]:
    return [t for k, t in enumerate(tokens[start:stop], start)
            if not (k > 0 and _speech(tokens[k - 1]))]


def _countries(span: list[Token]) -> bool:
    return all(t.alias for t in span if is_name(t))


def _titled(a: list[Token], b: list[Token], span: tuple[int, int, int, int]) -> bool:
    """A title only differs if it belongs to the same named person ("X, the [title]")."""
    i1, i2, j1, j2 = span
    if any(map(is_name, a[i1:i2] + b[j1:j2])):
        return False  # the span holds the names themselves: different content, not a title
    after = i2 < len(a) and j2 < len(b) and a[i2].key == b[j2].key
    before = i1 > 0 and j1 > 0 and a[i1 - 1].key == b[j1 - 1].key
    return (after and is_name(a[i2])) or (before and is_name(a[i1 - 1]))


def _names_conflict(span_a: list[Token], span_b: list[Token]) -> bool:
    """Two short spans made mostly of different names (not the same person named twice)."""
    if max(len(span_a), len(span_b)) > _MAX_NAME_SPAN:
        return False
    if any(sum(map(is_name, span)) * 2 < len(span) for span in (span_a, span_b)):
        return False
    names_a = {t.key for t in span_a if is_name(t)}
    names_b = {t.key for t in span_b if is_name(t)}
    return not (names_a & names_b or names_a <= names_b or names_b <= names_a)


def _speech(token: Token) -> bool:
    return bool(SPEECH_VERB.fullmatch(token.key))


def _content(tokens: list[Token]) -> list[Token]:
    return [t for t in tokens if t.key not in FUNCTION_WORDS and t.value is None
            and not t.date]


def _attribution(a: list[Token], b: list[Token], span: tuple[int, int, int, int]
                 ) -> list[Finding] | None:
    """Another speaker for a shared speech verb: 'the union said' / 'said Mayor X'.

    None when the span is no speaker of a shared speech verb (other details may differ
    there); an empty list when it is one but the two say different things ('X lauded the
    army' / 'Y lauded the aid'): two claims, neither another speaker nor another name.
    """
    i1, i2, j1, j2 = span
    before = i1 > 0 and j1 > 0 and _speech(a[i1 - 1]) and a[i1 - 1].key == b[j1 - 1].key
    if before:
        who_a, who_b = _speaker_after(a[i1:i2]), _speaker_after(b[j1:j2])
        names_a = {t.key for t in who_a if is_name(t)}
        names_b = {t.key for t in who_b if is_name(t)}
        if names_a and names_b and not names_a & names_b \
                and not (names_a <= _keys(b) and names_b <= _keys(a)):
            return [Finding("attribution", _text(who_a), _text(who_b),
                            " ".join(sorted(names_a)), " ".join(sorted(names_b)))]
        return None
    verb = _speech_verb_next(a, i2, b, j2) if max(i2 - i1, j2 - j1) <= 3 else None
    if verb is None:
        return None
    who_a, who_b = _content(a[i1:i2]), _content(b[j1:j2])
    if not who_a or not who_b or any(t.key in ROLE_MODIFIERS for t in who_a + who_b):
        return None
    keys_a, keys_b = {t.key for t in who_a}, {t.key for t in who_b}
    if keys_a & keys_b or (keys_a <= _keys(b) and keys_b <= _keys(a)):
        return None  # the same speakers, or both named in each: put in another order
    if not _same_words_said(a, i2 + verb, b, j2 + verb):
        return []
    return [Finding("attribution", _text(a[i1:i2]), _text(b[j1:j2]),
                    " ".join(sorted(keys_a)), " ".join(sorted(keys_b)))]


def _keys(tokens: list[Token]) -> set[str]:
    return {t.key for t in tokens}


def _speaker_after(span: list[Token]) -> list[Token]:
    """The speaker phrase at the start of a span after 'said': up to its last name."""
    window = span[:_SPEAKER_WORDS]
    last = max((k for k, t in enumerate(window) if is_name(t)), default=-1)
    return window[: last + 1]


def _speech_verb_next(a: list[Token], i: int, b: list[Token], j: int) -> int | None:
    """Offset of a shared speech verb right after the change, or after up to two shared
    plain words; None when there is none."""
    for offset in range(3):
        if i + offset >= len(a) or j + offset >= len(b) or a[i + offset].key != b[j + offset].key:
            return None
        if _speech(a[i + offset]):
            return offset
        if is_name(a[i + offset]):
            return None
    return None


def _same_words_said(a: list[Token], verb_a: int, b: list[Token], verb_b: int) -> bool:
    """The words after both speech verbs share content (or one says nothing after it)."""
    said_a = _content(a[verb_a + 1:verb_a + 1 + _SAID_WINDOW])
    said_b = _content(b[verb_b + 1:verb_b + 1 + _SAID_WINDOW])
    stem = DETAIL_STEM_LETTERS
    shared = {t.key[:stem] for t in said_a} & {t.key[:stem] for t in said_b}
    return len(shared) >= _SHARED_AFTER_SPEECH or not said_a or not said_b


def _role_modifiers(a: list[Token], b: list[Token], matcher: SequenceMatcher) -> list[Finding]:
    """'deputy spokesperson' against 'spokesperson': a shared title with other modifiers."""
    findings = []
    for block in matcher.get_matching_blocks():
        for offset in range(block.size):
            i, j = block.a + offset, block.b + offset
            if a[i].key not in ROLE_NOUNS or _modifies_next(a, i):
                continue
            if not _shared_name_after(a, b, i, j):
                continue
            before_a, before_b = _title_before(a, i), _title_before(b, j)
            modifiers_a = {t.key for t in before_a} & ROLE_MODIFIERS
            modifiers_b = {t.key for t in before_b} & ROLE_MODIFIERS
            if modifiers_a != modifiers_b:
                findings.append(Finding(
                    "role", _text(before_a + [a[i]]), _text(before_b + [b[j]]),
                    " ".join(sorted(modifiers_a)), " ".join(sorted(modifiers_b)),
                ))
    return findings


def _modifies_next(tokens: list[Token], i: int) -> bool:
    """'chief' in 'chief executive' qualifies the next title; in 'Fire Chief Dana' it is one."""
    return (tokens[i].key in ROLE_MODIFIERS and i + 1 < len(tokens)
            and tokens[i + 1].key in ROLE_NOUNS)


def _shared_name_after(a: list[Token], b: list[Token], i: int, j: int) -> bool:
    """The title belongs to the same named person in both ('spokesperson Jane Doe')."""
    if i + 1 >= len(a) or j + 1 >= len(b):
        return False
    following = a[i + 1]
    return following.key == b[j + 1].key and is_name(following)


def _title_before(tokens: list[Token], index: int) -> list[Token]:
    """The title words before a role noun: modifiers and plain words ('former harbour',
    'Acting chief', 'Deputy Fire'), at most three, stopping at names and verbs."""
    start = index
    title_case = tokens[index].capitalised  # "Deputy Fire Chief": capitals belong to the title
    while start > max(0, index - 3):
        token = tokens[start - 1]
        plain = ((not token.capitalised or token.first or title_case)
                 and token.key not in FUNCTION_WORDS and not token.alias)
        if token.key not in ROLE_MODIFIERS and not (plain and not _speech(token)
                                                    and token.value is None):
            break
        start -= 1
    return tokens[start:index]


def _marker_keys(tokens: list[Token], start: int, stop: int, kind: str) -> list[str]:
    """Markers of ``kind`` in tokens[start:stop] (scope words by meaning: 'about' =
    'around'); a scope word listed with '#' counts only before a number."""
    found = []
    for k in range(start, stop):
        key = tokens[k].key
        if kind == "hedging" and (phrase := _hedge_phrase(tokens, k)):
            found.append(phrase)
        elif kind != "scope":
            if key in _LEXICONS[kind]:
                found.append(key)
        elif key in SCOPE:
            if key == "first" and (k == 0 or tokens[k - 1].key not in FIRST_DETERMINERS):
                continue  # 'first opened': an adverb of time, not a claim's rank
            found.append(SCOPE[key])
        elif f"{key}#" in SCOPE and any(t.value is not None for t in tokens[k + 1 : k + 3]):
            found.append(SCOPE[f"{key}#"])
    return found


@lru_cache(maxsize=65536)
def _sentence_markers(sentence: str, kind: str) -> tuple[str, ...]:
    """The markers of ``kind`` in a whole sentence, sorted: read once per sentence, not
    once per pair (one sentence meets dozens of others in a big story)."""
    tokens = list(tokenize(sentence))
    return tuple(sorted(_marker_keys(tokens, 0, len(tokens), kind)))


def _markers(a: list[Token], b: list[Token], opcodes: list, kind: str,
             whole: tuple[tuple[str, ...], tuple[str, ...]]) -> list[Finding]:
    """A hedge, negation or qualifier that one wording has where the other states the same.

    Only a change framed by shared words counts (or at the start of both sentences), the
    shared words right after it must carry content (what is hedged or negated), and
    the two sentences must differ in their markers overall (not the same hedge moved):
    ``whole`` holds each sentence's markers (``_sentence_markers``).
    """
    if whole[0] == whole[1]:
        return []
    for k, (tag, i1, i2, j1, j2) in enumerate(opcodes[:-1]):
        after = opcodes[k + 1]
        framed = (k > 0 and opcodes[k - 1][0] == "equal") or (i1 == 0 and j1 == 0)
        if tag == "equal" or not framed or after[0] != "equal":
            continue
        if max(i2 - i1, j2 - j1) > _MAX_MARKER_SPAN:
            continue
        follow = a[after[1]]
        if not _content(a[after[1] : after[2]]) and follow.value is None:
            continue
        if kind == "scope" and not _only_markers(a[i1:i2] + b[j1:j2]):
            continue  # a headline without the figure, or "First Officer": not a qualifier
        marks_a, marks_b = _marker_keys(a, i1, i2, kind), _marker_keys(b, j1, j2, kind)
        if sorted(marks_a) == sorted(marks_b):
            continue
        return [Finding(kind, _phrase(a[i1:i2], follow, marks_a, kind),
                        _phrase(b[j1:j2], follow, marks_b, kind),
                        " ".join(sorted(marks_a)), " ".join(sorted(marks_b)))]
    return _unframed_hedge(a, b, whole) if kind == "hedging" else []


def _unframed_hedge(a: list[Token], b: list[Token],
                    whole: tuple[tuple[str, ...], tuple[str, ...]]) -> list[Finding]:
    """A reworded sentence that hedges ('was reportedly sparked') where the other states
    the claim flatly: kept only for matches that carry each other (analysis.divergence.finder)."""
    marks_a, marks_b = whole
    longer, shorter = max(len(a), len(b)), min(len(a), len(b))
    if bool(marks_a) == bool(marks_b) or longer > SAME_LENGTH * shorter:
        return []  # a hedge in a clause the other wording does not carry is no disagreement
    tokens = a if marks_a else b
    k = next(k for k in range(len(tokens)) if _marker_keys(tokens, k, k + 1, "hedging"))
    phrase = _text(tokens[k : k + 3])
    return [Finding("hedging", phrase if marks_a else "", "" if marks_a else phrase,
                    " ".join(sorted(marks_a)), " ".join(sorted(marks_b)), loose=True)]


def _hedge_shared(a: list[Token], b: list[Token], finding: Finding) -> Finding:
    """Mark a hedge that covers words both sentences say (kept for partial matches): of
    the content words after the hedge, at least two and a third the other also has."""
    tokens, other = (a, b) if finding.value_a else (b, a)
    at = [k for k in range(len(tokens)) if _marker_keys(tokens, k, k + 1, "hedging")]
    if not at:
        return finding
    if forecast(tokens, at[0]):
        return replace(finding, kind="drop")  # a forecast, compared as a date (future)
    after = {t.key[:DETAIL_STEM_LETTERS] for t in _content(tokens[at[0] + 1 :])}
    common = len(after & _stems(other))
    shared = common >= _SHARED_AFTER_HEDGE and common * 3 >= len(after)
    return replace(finding, shared=shared)


def _hedge_phrase(tokens: list[Token], k: int) -> str:
    """A hedge of several words starting at tokens[k] ('is said to'), or ''."""
    for phrase in _HEDGES_BY_FIRST.get(tokens[k].key, ()):
        if tuple(t.key for t in tokens[k : k + len(phrase)]) == phrase:
            return " ".join(phrase)
    return ""


def _only_markers(span: list[Token]) -> bool:
    """Every changed word is a scope qualifier or a function word ('at least', 'a rare')."""
    return all(t.key in SCOPE or f"{t.key}#" in SCOPE or t.key in FUNCTION_WORDS
               for t in span)


def _phrase(span: list[Token], follow: Token, marks: list[str], kind: str) -> str:
    """A short change whole, else from its first marker, plus the next word; or the tail."""
    if len(span) <= 3:
        return _text(span + [follow])
    for index in range(len(span)):
        if _marker_keys(span, index, index + 1, kind):
            return _text(span[index:] + [follow])
    return _text(span[-3:] + [follow])


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen: set[tuple[str, str, str]] = set()
    unique = []
    for finding in findings:
        key = (finding.kind, finding.value_a, finding.value_b)
        if key not in seen:
            seen.add(key)
            unique.append(finding)
    return unique
