"""Who says a quotation: speech verbs, speaker names and roles, pronouns resolved.

Given the quoted spans of :mod:`analysis.quotes.spans`, this module reads the text
around each one for the speech verb that frames it and the subject of that verb.
It is kept apart from finding the spans and from grouping quotations across
sources (:mod:`analysis.quotes.tracking`).

Decisions worth knowing:

* Speakers are proper names with titles stripped ("Vedant Patel", role
  "State Department deputy spokesperson"). A pronoun or a definite
  description ("the state-run news agency") resolves to the nearest preceding
  named speaker of a speech verb in the same article (``resolved=True``).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from analysis.quotes.spans import MARK_FAMILY, QuoteSpan
from analysis.text import lexicon
from analysis.text.speech import HONORIFICS, SPEECH_VERBS
from analysis.text.textnorm import WORD_PATTERN, words

_SPEECH = SPEECH_VERBS
_SOURCING = r"reported|reports|(?i:according\s+to)|as\s+quoted\s+by|quoted\s+by|citing|cited\s+by"
_SPEECH_RE = re.compile(rf"\b(?:{_SPEECH})\b")
_ANY_VERB_RE = re.compile(rf"\b(?:{_SPEECH}|{_SOURCING})\b")
_LEAD = re.compile(r"\s*[,;–—-]?\s*")
_SUBJECT_FIRST = re.compile(rf"(?P<np>\w[^!?;:\n\"“”«»]{{0,79}}?)\s+(?P<verb>{_SPEECH})\b")
_VERB_FIRST = re.compile(rf"(?:{_SPEECH})\s+")
_SOURCE_FIRST = re.compile(rf"(?:{_SOURCING})\s+")
_SOURCE_AFTER = re.compile(r"(?P<np>\w[^!?;:\n\"“”«»]{0,79}?)\s+(?:reported|reports)\b")
_TOKEN = re.compile(  # the project's word pattern, plus abbreviated titles and punctuation
    r"(?:Mr|Mrs|Ms|Dr|Prof|Gen|Sen|Rep|Gov|Lt|Col|Capt)\.|" + WORD_PATTERN
    + r"|[,;:.!?]|[\"“”„«»‘’'‹›]"
)
_APPOSITIVE = re.compile(r"\s*,\s*(?:(?:a|an|the)\s+)?(?P<role>[a-z][^,.;:!?\n\"“”]{2,80})")
_MAX_GAP = 5  # words allowed between a subject and its verb ("in his relayed message")
_MAX_FRAME_WORDS = 25  # words allowed between a speech verb and the quote it frames
_AFTER_CHARS = 160  # how far after a quote its speaker is looked for
_FRAME_CHARS = 400  # how far back a reported-speech frame is looked for
_TAIL = re.compile(r",\s*(?P<clause>[^,\"“”«»‘’]{1,60}?)[.!?]?\s*$")

_PRONOUNS = {"he", "she", "they"}
_DETERMINERS = {"the", "a", "an"}
_BREAKERS = {"and", "but", "or", "that", "which", "because", "while", "when", "where", "if"}
_BREAK_MARKS = set(";:.!?") | set(MARK_FAMILY)
_TITLES = HONORIFICS | lexicon.words("speaker_titles")
_ROLE_NOUNS = lexicon.words("speaker_role_nouns") | lexicon.words("speaker_occupations")
_ROLE_WORDS = _ROLE_NOUNS | _TITLES | lexicon.words("speaker_role_words")
_CAP_STOP = _DETERMINERS | _BREAKERS | _PRONOUNS | lexicon.words("speaker_not_names")


@dataclass(frozen=True)
class Who:
    """A subject found next to a speech verb."""

    kind: str  # "name", "pronoun" or "description"
    name: str | None = None
    role: str | None = None
    first: int = 0  # token index where the subject's noun phrase starts


@dataclass(frozen=True)
class _Tok:
    text: str
    start: int
    end: int

    @property
    def low(self) -> str:
        return self.text.lower().rstrip(".")


def _tokens(text: str) -> list[_Tok]:
    return [_Tok(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _possessive(tok: _Tok) -> bool:
    return tok.low.endswith(("’s", "'s"))


def _capital(tok: _Tok) -> bool:
    """A word that can be part of a proper name or a capitalised title."""
    return tok.text[0].isupper() and tok.low not in _CAP_STOP


def _subject_before(text: str) -> Who | None:
    """Subject of a speech verb that directly follows ``text``, over a short gap."""
    toks = _tokens(text)
    gap = 0
    for i in range(len(toks) - 1, -1, -1):
        tok = toks[i]
        if tok.low in _BREAKERS or tok.text in _BREAK_MARKS:
            return None
        if tok.text == ",":
            continue
        if tok.low in _PRONOUNS:
            return Who("pronoun", first=i)
        if _capital(tok):
            return None if _possessive(tok) else _name_ending_at(text, toks, i)
        if tok.low in _ROLE_NOUNS:
            return _description_ending_at(text, toks, i)
        gap += 1
        if gap > _MAX_GAP:
            return None
    return None


def _name_ending_at(text: str, toks: list[_Tok], last: int) -> Who:
    first = last
    while first > 0 and _capital(toks[first - 1]) and not _possessive(toks[first - 1]):
        first -= 1
    split = last + 1
    while split > first and toks[split - 1].low not in _TITLES:
        split -= 1
    if split == first or split == last + 1:
        if all(t.low in _TITLES for t in toks[first : last + 1]):
            return _description_ending_at(text, toks, last)
        split = first  # no title, or a name made of title words ("Islamic State")
    role_first = _role_start(toks, first)
    return Who(
        "name",
        name=text[toks[max(split, last - 3)].start : toks[last].end],
        role=_role_text(text, toks, role_first, split),
        first=role_first,
    )


def _role_start(toks: list[_Tok], first: int) -> int:
    """Walk left over role words ("State Department deputy spokesperson"), and one
    lower-case noun modifying a role noun ("museum director", "police spokesman")."""
    k = first
    while k > 0 and first - k < 6:
        prev = toks[k - 1]
        modifier = (k < first and toks[k].low in _ROLE_WORDS and prev.text.isalpha()
                    and prev.text.islower() and prev.low not in _CAP_STOP)
        if not (prev.low in _ROLE_WORDS or _capital(prev) or modifier) or _possessive(prev):
            break
        k -= 1
    while k < first and toks[k].low == "of":
        k += 1
    return k


def _role_text(text: str, toks: list[_Tok], first: int, split: int) -> str | None:
    role = [t for t in toks[first:split] if t.low not in HONORIFICS]
    if not role:
        return None
    return text[role[0].start : role[-1].end]


def _description_ending_at(text: str, toks: list[_Tok], last: int) -> Who:
    first = last
    while first > 0 and last - first < 5:
        prev = toks[first - 1]
        if _ends_phrase(prev):
            break
        first -= 1
        if prev.low in _DETERMINERS:
            break
    return Who("description", role=text[toks[first].start : toks[last].end], first=first)


def _ends_phrase(tok: _Tok) -> bool:
    return tok.text in _BREAK_MARKS or tok.text == "," or tok.low in _BREAKERS


def _subject_after(text: str) -> Who | None:
    """Subject that follows an inverted verb: "said Ankit Panda", "reported KCNA"."""
    toks = _tokens(text)
    if not toks or toks[0].text in _BREAK_MARKS or toks[0].text == ",":
        return None
    head = toks[0]
    if head.low in _PRONOUNS:
        return Who("pronoun")
    if head.low in _DETERMINERS:
        last = 0
        while last < min(5, len(toks) - 1) and not _ends_phrase(toks[last + 1]):
            last += 1
        return Who("description", role=text[head.start : toks[last].end])
    if not _capital(head):
        return _role_then_name(text, toks)
    last = 0
    while last + 1 < len(toks) and _capital(toks[last + 1]) and not _possessive(toks[last]):
        last += 1
    who = _name_ending_at(text, toks, last)
    if who.kind == "name" and who.role is None:
        appositive = _APPOSITIVE.match(text, toks[last].end)
        if appositive and appositive["role"].split()[0] in _ROLE_WORDS:
            return Who("name", name=who.name, role=appositive["role"].strip())
    return who


def _role_then_name(text: str, toks: list[_Tok]) -> Who | None:
    """"said museum director Paul Grieve": lower-case role words, then the name."""
    k = 0
    while k < min(3, len(toks)) and toks[k].text.isalpha() and toks[k].text.islower() \
            and toks[k].low not in _CAP_STOP and (
                toks[k].low in _ROLE_WORDS
                or (k + 1 < len(toks) and toks[k + 1].low in _ROLE_WORDS)):
        k += 1
    if k == 0 or k >= len(toks) or not _capital(toks[k]):
        return None
    who = _subject_after(text[toks[k].start:])
    if who is None or who.kind != "name":
        return None
    role = text[toks[0].start:toks[k - 1].end]
    return Who("name", name=who.name, role=f"{role} {who.role}" if who.role else role)


def _past_lead(after: str) -> str:
    """``after`` without the comma or dash that joins a quotation to its attribution."""
    lead = _LEAD.match(after)  # every part of the pattern is optional: it always matches
    return after[lead.end() :] if lead else after


def _after_speech(after: str) -> Who | None:
    """`…," Easley said` / `…,” said Ankit Panda` / `…, the agency added`."""
    rest = _past_lead(after)
    inverted = _VERB_FIRST.match(rest)
    if inverted:
        return _subject_after(rest[inverted.end() :])
    m = _SUBJECT_FIRST.match(rest)
    if not m:
        return None
    who = _subject_before(m["np"])
    return who if who and who.first == 0 else None


def _after_source(after: str) -> Who | None:
    """`…”, reported KCNA` / `…, as quoted by KCNA`: weaker, and only a name counts."""
    rest = _past_lead(after)
    inverted = _SOURCE_FIRST.match(rest)
    who = _subject_after(rest[inverted.end() :]) if inverted else None
    m = None if inverted else _SOURCE_AFTER.match(rest)
    if m:
        who = _subject_before(m["np"])
        who = who if who and who.first == 0 else None
    return who if who and who.kind == "name" else None


def _frame_before(frame: str) -> Who | None:
    """Reported speech around a quote: `Vedant Patel said the US was “…”`, `X said: “…”`."""
    verbs = list(_ANY_VERB_RE.finditer(frame))
    if not verbs:
        return None
    verb = verbs[-1]
    if len(words(frame[verb.end() :])) > _MAX_FRAME_WORDS:
        return None
    if _SPEECH_RE.fullmatch(verb.group()):
        return _subject_before(frame[: verb.start()])
    if verb.group().startswith(("reported", "reports")):
        return None  # "X reported": the outlet relaying it, not the speaker
    who = _subject_after(frame[verb.end() :].lstrip())
    return who if who and who.kind == "name" else None


def speech_events(masked: str) -> list[tuple[int, str]]:
    """(position, name) for every speech verb with a named subject: targets for pronouns."""
    events = []
    for verb in _SPEECH_RE.finditer(masked):
        window = masked[max(0, verb.start() - 200) : verb.start()]
        who = _subject_before(window.rsplit("\n", 1)[-1])
        if who is None or who.kind != "name":
            who = _subject_after(masked[verb.end() : verb.end() + 200].lstrip(" "))
        if who is not None and who.kind == "name" and who.name:
            events.append((verb.start(), who.name))
    return events


def attribute(masked: str, span: QuoteSpan, frame_start: int, tail_end: int) -> Who | None:
    """Prefer a named speaker: right after the quote, the frame before it, the end of its
    sentence (`…” about ties, Patel said.`), then the relaying source."""
    line_end = masked.find("\n", span.closer)
    line_end = len(masked) if line_end < 0 else line_end
    after = masked[span.closer + 1 : min(line_end, span.closer + 1 + _AFTER_CHARS)]
    if not span.closed or (span.full_stop and not re.match(r"\W*[a-z]", after)):
        after = ""  # `"We are fine." Putin said …` starts a new sentence
    tail = None
    if span.closed and span.closer < tail_end <= span.closer + 1 + _AFTER_CHARS:
        tail = _TAIL.search(masked, span.closer + 1, tail_end)
    found = [
        _after_speech(after),
        _frame_before(masked[max(frame_start, span.opener - _FRAME_CHARS) : span.opener]),
        _after_speech(tail["clause"]) if tail else None,
        _after_source(after),
    ]
    named = next((w for w in found if w and w.kind == "name"), None)
    return named or next((w for w in found if w), None)


def resolve_speaker(
    who: Who | None, at: int, events: Sequence[tuple[int, str]]
) -> tuple[str | None, bool]:
    """Name for ``who``; a pronoun or "the …" takes the nearest preceding named speaker."""
    if who is None:
        return None, False
    if who.kind == "name":
        return who.name, False
    definite = who.kind == "pronoun" or (who.role or "").lower().startswith("the ")
    k = bisect_right(events, (at, "")) - 1
    if definite and k >= 0:
        return events[k][1], True
    return None, False
