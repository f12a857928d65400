"""Details of two linked sentences compared as sets, without a word alignment.

Two sources often report one claim in sentences worded too differently for the word
alignment of :mod:`analysis.divergence.detail_diff` to line a detail up with its counterpart
("Rescuers reached the men on Thursday" / "Rescue teams will try to reach the men on
Thursday by drilling"). Here each sentence is read on its own for a few kinds of detail,
and the two readings are compared kind by kind:

* date: the parts of the day given to a day both name ("Tuesday night" / "Tuesday
  morning"; "Tuesday night" / "Tuesday" is a refinement, not a conflict), and
  a future marker before a day both name where the other states it as done;
* scope: the claim qualifiers each uses, by meaning ("the first" / "a rare");
* role: the titles given to a person both name (analysis.divergence.titles);
* attribution: who each has speaking, when neither names the other's speaker;
* number: one figure each that differs, all other figures shared.

The caller (detail_diff.compare_details) asks only for the kinds its alignment found
nothing for. Every finding here is ``loose``: it is kept only for sentences the engine
judges to carry each other, not for partial matches (analysis.divergence.finder).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from functools import lru_cache

from analysis.divergence.findings import Finding
from analysis.divergence.titles import Title, names, past_tense, person_titles, segments, speakers
from analysis.divergence.tokens import NEGATIONS, WEEKDAYS, Token, number_value
from analysis.text import lexicon
from analysis.text.lexicon import FUNCTION_WORDS
from analysis.text.speech import SPEECH_VERB
from analysis.text.textnorm import DETAIL_STEM_LETTERS

DAY_PARTS = lexicon.words("day_parts")
FUTURE = tuple(tuple(m.split()) for m in lexicon.words("future_markers"))
_FUTURE_BY_FIRST: dict[str, tuple[tuple[str, ...], ...]] = {}
for _marker in FUTURE:
    _FUTURE_BY_FIRST[_marker[0]] = (*_FUTURE_BY_FIRST.get(_marker[0], ()), _marker)
FIRST_DETERMINERS = lexicon.words("first_determiners")
_DETERMINERS = frozenset({"a", "an", "the", "some", "any"})  # English articles and the
# assertive/non-assertive determiners that stand where "no" would (Quirk et al. 5.10-5.13)
CLAIM_SCOPE = {k.lower(): str(v) for k, v in lexicon.mapping("claim_scope").items()}
_FUTURE_WINDOW = 8  # words between a future marker and the day it puts the event on
_OVERLAP_WORDS = 3
SAME_LENGTH = 1.4  # two wordings of one claim: at most this much longer
_SHARED_WORDS = 2  # content words beside the day that make a partial match one event
_PART_WINDOW = 2  # words between a day and its part ("Tuesday night", "night on Tuesday")


def set_findings(sentence_a: str, sentence_b: str, skip: Collection[str]
                 ) -> list[Finding]:
    """Findings of the kinds not in ``skip``, one per kind at most."""
    found = []
    for kind, rule in _RULES:
        if kind not in skip:
            found.extend(rule(sentence_a, sentence_b))
    dates = [f for f in found if f.kind == "date"]
    return [f for f in found if f.kind != "date"] + dates[:1]


# Per-sentence readings are cached: one sentence meets dozens of others in a big story, so
# each is read once, not once per pair. Read-only results.
@lru_cache(maxsize=32768)
def _flat(sentence: str) -> tuple[Token, ...]:
    return tuple(t for seg in segments(sentence) for t in seg)


@lru_cache(maxsize=32768)
def _day_parts(sentence: str) -> Mapping[str, tuple[str, str]]:
    """Weekday key -> (part of the day given to it, words), per segment."""
    found: dict[str, tuple[str, str]] = {}
    for seg in segments(sentence):
        for k, token in enumerate(seg):
            if token.key not in WEEKDAYS:
                continue
            window = range(max(0, k - _PART_WINDOW), min(len(seg), k + _PART_WINDOW + 1))
            parts = [j for j in window if seg[j].key in DAY_PARTS]
            if parts:
                j = parts[0]
                words = " ".join(t.text for t in seg[min(j, k) : max(j, k) + 1])
                found[token.key] = (seg[j].key, words)
            else:
                found.setdefault(token.key, ("", token.text))
    return found


def _part_of_day(a: str, b: str) -> list[Finding]:
    parts_a, parts_b = _day_parts(a), _day_parts(b)
    for day in sorted(parts_a.keys() & parts_b.keys()):
        (part_a, words_a), (part_b, words_b) = parts_a[day], parts_b[day]
        if part_a and part_b and part_a != part_b:  # one giving none only narrows it
            return [Finding("date", words_a, words_b, part_a, part_b, loose=True,
                            shared=_common_content(a, b) >= _SHARED_WORDS)]
    return []


def _markers_at(tokens: Sequence[Token], k: int) -> Iterator[tuple[str, ...]]:
    """The future markers that start at tokens[k], in FUTURE's order (looked up by their
    first word: one lookup per word, not a try of every marker at every word)."""
    for marker in _FUTURE_BY_FIRST.get(tokens[k].key, ()):
        if tuple(t.key for t in tokens[k : k + len(marker)]) == marker:
            yield marker


def _future_at(tokens: Sequence[Token], days: set[str]) -> str:
    """The future marker (as written, with the verb after it) before a day of ``days``."""
    for k in range(len(tokens)):
        for marker in _markers_at(tokens, k):
            ahead = tokens[k : k + len(marker) + _FUTURE_WINDOW]
            if any(t.key in days for t in ahead):
                return " ".join(t.text for t in tokens[k : k + len(marker) + 2])
    return ""


def forecast(tokens: Sequence[Token], k: int) -> bool:
    """tokens[k] opens a future marker with a date after it ('is expected to finish on
    Thursday'): a scheduled event, whose timing the date rules compare, not a hedge."""
    for marker in _markers_at(tokens, k):
        return any(t.date for t in tokens[k + len(marker) : k + len(marker)
                                              + _FUTURE_WINDOW])
    return False


def _any_future(tokens: Sequence[Token]) -> bool:
    return any(next(_markers_at(tokens, k), None) for k in range(len(tokens)))


def _future(a: str, b: str) -> list[Finding]:
    """'will try to reach the men on Thursday' against 'reached the men on Thursday'."""
    tokens_a, tokens_b = _flat(a), _flat(b)
    days = {t.key for t in tokens_a if t.date} & {t.key for t in tokens_b if t.date}
    if not days:
        return []
    will_a, will_b = _future_at(tokens_a, days), _future_at(tokens_b, days)
    shared = _common_content(a, b) >= _SHARED_WORDS
    if will_a and not _any_future(tokens_b) and _past_before(tokens_b, days):
        return [Finding("date", will_a, _day_words(tokens_b, days), "future", "",
                        loose=True, shared=shared)]
    if will_b and not _any_future(tokens_a) and _past_before(tokens_a, days):
        return [Finding("date", _day_words(tokens_a, days), will_b, "", "future",
                        loose=True, shared=shared)]
    return []


def overlap(a: str, b: str) -> bool:
    """The two sentences say much the same: at least three content words (by their first
    letters, 'offer' = 'offered') in common, and half of the shorter one's."""
    def content(sentence: str) -> set[str]:
        return {w for w in _content_words(sentence) if not SPEECH_VERB.fullmatch(w)}
    x, y = content(a), content(b)
    common = sum(any(same_word(w, v) for v in y) for w in x)
    return common >= _OVERLAP_WORDS and common * 2 >= min(len(x), len(y))


def same_word(x: str, y: str) -> bool:
    """Two forms of one word: equal, one the other's start ('offer', 'offered'), or the
    same first six letters ('rescue', 'rescuers')."""
    if x == y:
        return True
    if min(len(x), len(y)) >= 4 and (x.startswith(y) or y.startswith(x)):
        return True
    stem = DETAIL_STEM_LETTERS
    return min(len(x), len(y)) >= stem and x[:stem] == y[:stem]


def _negation(a: str, b: str) -> list[Finding]:
    """'did not offer staff jobs' against 'offered relocation to some staff': one wording
    negates a verb the other uses, and the other negates nothing."""
    neg_a, neg_b = _sentence_negation(a), _sentence_negation(b)
    if bool(neg_a) == bool(neg_b):
        return []
    tokens_a, tokens_b = _flat(a), _flat(b)
    other, neg = (tokens_b, neg_a) if neg_a else (tokens_a, neg_b)
    if neg is None:
        return []
    longer, shorter = max(len(tokens_a), len(tokens_b)), min(len(tokens_a), len(tokens_b))
    same = [t for t in other if same_word(t.key, neg[1].key)]
    if longer > SAME_LENGTH * shorter or not same:
        return []
    words, plain = f"{neg[0].text} {neg[1].text}", same[0].text
    value = neg[0].key
    if neg_a:
        return [Finding("negation", words, plain, value, "", loose=True, shared=overlap(a, b))]
    return [Finding("negation", plain, words, "", value, loose=True, shared=overlap(a, b))]


@lru_cache(maxsize=32768)
def polarity(sentence: str) -> tuple[dict[str, str], dict[str, str]]:
    """What a sentence negates and what it states, by content word: (stem -> the negated
    words, "no description"), (stem -> the words stating it, "a description"). Every
    negator negates the first content word after it (within three words), so a sentence
    that negates two things ("No arrests were made and police released no description")
    is read claim by claim."""
    tokens = _flat(sentence)
    negated: dict[str, str] = {}
    taken: set[int] = set()
    for k, token in enumerate(tokens):
        if token.key not in NEGATIONS:
            continue
        for j in range(k + 1, min(k + 4, len(tokens))):
            if tokens[j].text.lower() in ("one", "longer") and j == k + 1:
                continue  # "no one" = "nobody", "no longer" = "not any more"
            if tokens[j].key not in FUNCTION_WORDS and tokens[j].key not in NEGATIONS:
                stem = tokens[j].key[:DETAIL_STEM_LETTERS]
                negated.setdefault(stem, " ".join(t.text for t in tokens[k:j + 1]))
                taken.add(j)
                break
    stated: dict[str, str] = {}
    for j, token in enumerate(tokens):
        if j in taken or token.key in FUNCTION_WORDS or token.key in NEGATIONS:
            continue
        stem = token.key[:DETAIL_STEM_LETTERS]
        before = tokens[j - 1] if j and tokens[j - 1].key in _DETERMINERS else None
        stated.setdefault(stem, f"{before.text} {token.text}" if before else token.text)
    return negated, stated


def claim_negations(a: str, b: str) -> list[Finding]:
    """Content words one sentence negates and the other states, negating it nowhere:
    "released no description" / "released a description"."""
    (neg_a, stated_a), (neg_b, stated_b) = polarity(a), polarity(b)
    findings = []
    for stem in sorted(neg_a.keys() - neg_b.keys()):
        if stem in stated_b:
            findings.append(Finding("negation", neg_a[stem], stated_b[stem], "no", "",
                                    shared=True))
    for stem in sorted(neg_b.keys() - neg_a.keys()):
        if stem in stated_a:
            findings.append(Finding("negation", stated_a[stem], neg_b[stem], "", "no",
                                    shared=True))
    return findings


def negated_in_both(a: str, b: str, words: str) -> bool:
    """Whether a content word of ``words`` is negated in both sentences: a negation finding
    on it compares two claims that agree ("no arrests" in each)."""
    (neg_a, _), (neg_b, _) = polarity(a), polarity(b)
    if neg_a and neg_a.keys() == neg_b.keys():
        return True  # both negate the same things: "No one was hurt" / "Nobody was hurt"
    both = neg_a.keys() & neg_b.keys()
    return any(t.key[:DETAIL_STEM_LETTERS] in both for t in _flat(words))


@lru_cache(maxsize=32768)
def _sentence_negation(sentence: str) -> tuple[Token, Token] | None:
    """``_negated`` of a sentence, read once per sentence rather than once per pair."""
    return _negated(_flat(sentence))


def _negated(tokens: Sequence[Token]) -> tuple[Token, Token] | None:
    """(negator, the content word it negates), for the sentence's negators; None if none."""
    found = None
    for k, token in enumerate(tokens):
        if token.key in NEGATIONS:
            if found:
                return None  # two negations: leave it to the alignment
            after = [t for t in tokens[k + 1 : k + 4] if t.key not in FUNCTION_WORDS]
            if not after:
                return None
            found = (token, after[0])
    return found


def _common_content(a: str, b: str) -> int:
    """Content words (not dates, numbers or function words) both sentences use."""
    return len(_content_words(a) & _content_words(b))


@lru_cache(maxsize=32768)
def _content_words(sentence: str) -> frozenset[str]:
    """Keys of the words that are not dates, numbers or function words."""
    return frozenset(t.key for t in _flat(sentence) if not t.date and t.value is None
                     and t.key not in FUNCTION_WORDS)


def _past_before(tokens: Sequence[Token], days: set[str]) -> bool:
    """A past-tense verb before the shared day ('reached ... on Thursday'): the event is
    told as done; a present tense ('ends on Sunday') can be a schedule, like a future."""
    k = next(k for k, t in enumerate(tokens) if t.key in days)
    return any(past_tense(t) for t in tokens[max(0, k - _FUTURE_WINDOW) : k])


def _day_words(tokens: Sequence[Token], days: set[str]) -> str:
    k = next(k for k, t in enumerate(tokens) if t.key in days)
    return " ".join(t.text for t in tokens[max(0, k - 3) : k + 1])


@lru_cache(maxsize=32768)
def _scope_marks(sentence: str) -> Mapping[str, str]:
    """Meaning -> words, for the claim qualifiers of a sentence ('only a handful' is few,
    'all but' is not all, 'most' only as 'most of' or opening a segment)."""
    found: dict[str, str] = {}
    for seg in segments(sentence):
        for k, token in enumerate(seg):
            nxt = seg[k + 1].key if k + 1 < len(seg) else ""
            meaning = CLAIM_SCOPE.get(token.key) or CLAIM_SCOPE.get(
                f"{token.text.lower()} {nxt}")  # 'one of': 'one' is keyed as the number 1
            if token.key == "first" and (k == 0 or seg[k - 1].key not in FIRST_DETERMINERS):
                continue  # 'first opened': when, not a claim's rank
            if meaning is None or (meaning == "all" and nxt == "but"):
                continue
            if meaning == "most" and nxt != "of" and k > 0:
                continue
            if meaning == "only" and any(CLAIM_SCOPE.get(t.key) == "few"
                                         for t in seg[k + 1 : k + 4]):
                continue
            width = 4 if meaning == "one of several" else 3  # 'one of the largest'
            found.setdefault(meaning, " ".join(t.text for t in seg[k : k + width]))
    return found


def _scope(a: str, b: str) -> list[Finding]:
    """Each wording qualifies the claim in a way the other does not ('the first' /
    'a rare'); a qualifier only one adds to the other's is left to the alignment."""
    marks_a, marks_b = _scope_marks(a), _scope_marks(b)
    only_a, only_b = marks_a.keys() - marks_b.keys(), marks_b.keys() - marks_a.keys()
    if not only_a or not only_b:
        return []
    first_a, first_b = sorted(only_a)[0], sorted(only_b)[0]
    return [Finding("scope", marks_a[first_a], marks_b[first_b],
                    " ".join(sorted(only_a)), " ".join(sorted(only_b)), loose=True)]


def _title_conflict(x: Title, y: Title) -> tuple[str, str] | None:
    """The values two titles of one person differ on, or None if they agree.

    A generic head written in lower case after the other title's domain ('defence chief'
    for 'defence minister') describes the same office; 'Fire Chief' is a title of its own.
    """
    if x.head != y.head:
        if any(t.generic and t.domain and t.domain <= u.domain for t, u in ((x, y), (y, x))):
            return None
        return x.head, y.head
    if x.modifiers != y.modifiers:
        return " ".join(sorted(x.modifiers)), " ".join(sorted(y.modifiers))
    if x.domain and y.domain and not (x.domain <= y.domain or y.domain <= x.domain):
        return (" ".join(sorted(x.domain)) + f" {x.head}",
                " ".join(sorted(y.domain)) + f" {y.head}")
    return None


def _titles(a: str, b: str) -> list[Finding]:
    titles_a, titles_b = person_titles(a), person_titles(b)
    for person in sorted(titles_a.keys() & titles_b.keys()):
        x, y = titles_a[person][0], titles_b[person][0]
        if len(x.person) > 1 and len(y.person) > 1 and x.person != y.person:
            continue  # 'Ana Lund' and 'Eva Lund': two people of one surname
        values = _title_conflict(x, y)
        if values:  # one person, two titles: a conflict whatever else the sentences say
            return [Finding("role", x.words, y.words, *values, loose=True, shared=True)]
    return []


def _speakers(a: str, b: str) -> list[Finding]:
    """Another person speaking, where neither sentence names the other's speaker."""
    who_a, who_b = speakers(a), speakers(b)
    if not who_a or not who_b or who_a.keys() & names(b) or who_b.keys() & names(a):
        return []
    if _acronyms(who_a) != _acronyms(who_b):
        return []  # an agency that reports ('XYZ said') against the person it reports
    return [Finding("attribution", " / ".join(who_a.values()), " / ".join(who_b.values()),
                    " ".join(sorted(who_a)), " ".join(sorted(who_b)), loose=True,
                    shared=overlap(a, b))]


def _acronyms(who: dict[str, str]) -> bool:
    """Every speaker is written in capitals (an agency, outlet or party, not a person)."""
    return all(name.isupper() and len(name) > 1 for name in who.values())


@lru_cache(maxsize=32768)
def _figures(sentence: str) -> Mapping[float, str]:
    return {v: t.text for t in _flat(sentence)
            if (v := number_value(t)) is not None and not t.key.endswith(("st", "nd", "rd",
                                                                           "th"))}


def _numbers(a: str, b: str) -> list[Finding]:
    """Exactly one figure each that the other lacks, every other figure shared, in
    sentences of about one length."""
    tokens_a, tokens_b = _flat(a), _flat(b)
    if max(len(tokens_a), len(tokens_b)) > SAME_LENGTH * min(len(tokens_a), len(tokens_b)):
        return []  # a longer sentence brings figures of its own
    figs_a, figs_b = _figures(a), _figures(b)
    only_a, only_b = figs_a.keys() - figs_b.keys(), figs_b.keys() - figs_a.keys()
    if len(only_a) != 1 or len(only_b) != 1:
        return []
    x, y = next(iter(only_a)), next(iter(only_b))
    return [Finding("number", figs_a[x], figs_b[y], str(x), str(y), loose=True)]


_RULES: tuple[tuple[str, Callable[[str, str], list[Finding]]], ...] = (
    ("date", _part_of_day), ("date", _future), ("scope", _scope), ("role", _titles),
    ("attribution", _speakers), ("number", _numbers), ("negation", _negation),
)
