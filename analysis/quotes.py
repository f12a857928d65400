"""Who is quoted: direct quotations, their speakers, and the same quotation across sources.

Sources that relay one statement often differ in the words they put inside the
quote marks ("firm support" vs "unwavering support") or in whom they credit
with them. This module finds every quoted span in each article's cleaned text,
attributes it to a speaker where a speech verb frames it, and groups the same
quotation across sources so those differences can be shown.

Decisions worth knowing:

* Quote marks are paired per paragraph (a line of the cleaned text); a quote
  never runs into the next paragraph, so an unclosed mark cannot swallow the
  rest of the article. An unclosed double quote or guillemet runs to the end of
  its paragraph (the newspaper convention for quotes that continue in the next
  paragraph), or to the end of its sentence when the paragraph is very long; it
  is marked ``closed=False``. An unclosed single quote is dropped: it is far
  more often an apostrophe.
* An apostrophe between two letters or digits ("doesn’t") never closes a
  single-quoted quote. A plural possessive ("countries’ views") inside a
  single-quoted quote does close it (known limit: the two are the same mark).
* Quotes of at most ``SHORT_WORDS`` words are kept. Without a speaker they are
  marked ``scare`` ("Victory Day"). Short quotes are *flagged, not excluded*
  from grouping: they join only quotes with the same few words, never a longer
  quotation that happens to contain them (three words like "special military
  operation" are a term, not evidence that two statements are the same), and a
  group made only of short quotes is flagged ``short``.
* Two quotes of different articles are the same quotation when their folded,
  lower-cased words are near-identical (``fuzz.ratio`` >= 85: a word or two
  changed), when the shorter one sits almost verbatim inside the longer
  (``fuzz.partial_ratio`` >= 90, i.e. about one character in ten differs; only
  for quotes of 4+ words), or when they are the same statement reworded or
  translated differently: ``fuzz.token_set_ratio`` >= 70 on content words
  (stop words removed), at least 3 shared content words and one shared pair of
  adjacent content words ("special military", "international law"). On the
  sample story the true rewordings score 70-72 and the best unrelated pair
  with 3+ shared words scores 45. Links are transitive (connected components).
* Speakers are proper names with titles stripped ("Vedant Patel", role
  "State Department deputy spokesperson"). A pronoun or a definite
  description ("the state-run news agency") resolves to the nearest preceding
  named speaker of a speech verb in the same article (``resolved=True``).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from analysis.models import ArticleResult, Comparison, Sentence
from analysis.textnorm import fold, words

SHORT_WORDS = 3  # quotes this short are terms or scare quotes unless a speaker frames them
MAX_QUOTE_CHARS = 2000  # a closing mark further away than this is not the partner
MAX_UNCLOSED_CHARS = 600  # an unclosed quote longer than this stops at its sentence end
NEAR_VERBATIM = 85  # fuzz.ratio: the same quotation with a few words changed
CONTAINED = 90  # fuzz.partial_ratio: the shorter quotation appears (nearly) verbatim
REWORDED = 70  # fuzz.token_set_ratio on content words: translated or reworded
MIN_SHARED = 3  # content words two reworded quotations must share, two of them side by side
SHORT_SAME = 90  # fuzz.ratio between two short quotes ("operation" vs "operations")


@dataclass(frozen=True)
class Quote:
    """One quoted span; offsets point into the article's ``cleaned_text``."""

    article: str
    sentence: int  # sentence where the quoted words start
    text: str  # the quoted words without the marks, original characters
    speaker: str | None
    start: int
    end: int
    role: str | None = None  # "State Department deputy spokesperson", "the state-run news agency"
    scare: bool = False  # at most SHORT_WORDS words and no speech verb or speaker near it
    closed: bool = True  # False: no closing mark before the paragraph ended
    resolved: bool = False  # speaker came from a pronoun or description, not a name
    last_sentence: int = -1  # sentence where the quote ends (-1: same as ``sentence``)

    def __post_init__(self) -> None:
        if self.last_sentence < self.sentence:
            object.__setattr__(self, "last_sentence", self.sentence)

    @property
    def n_words(self) -> int:
        return len(words(self.text))


@dataclass(frozen=True)
class QuoteVariant:
    """One source's wording of a shared quotation."""

    article: str
    sentence: int
    text: str
    speaker: str | None


@dataclass(frozen=True)
class QuoteGroup:
    """The same quotation across sources; singletons are groups too."""

    id: int
    text: str  # the most central wording
    variants: tuple[QuoteVariant, ...]
    sources: tuple[str, ...]
    wording_differs: bool  # the variants' words (case and punctuation aside) differ
    speakers: tuple[str, ...]  # distinct normalised speakers, in order of appearance
    attribution_differs: bool  # variants credit different speakers (None does not count)
    short: bool = False  # only short quotes (terms, scare quotes): grouped by equal words only


# --- quote marks -------------------------------------------------------------------------

_FAMILY = {
    **dict.fromkeys("\"“”„‟", "double"),
    **dict.fromkeys("'‘’‚‛", "single"),
    **dict.fromkeys("«»", "guillemet"),
    **dict.fromkeys("‹›", "angle"),
}
_OPEN_SHAPES = "“„‟«‹"  # open whenever followed by text
_CLOSE_SHAPES = "”’»›"  # close whenever preceded by text
_SPACED = "«»‹›"  # French style puts spaces inside guillemets
_OPEN_AFTER = "([{<—–-/"


def _can_open(line: str, i: int) -> bool:
    c = line[i]
    nxt = line[i + 1] if i + 1 < len(line) else ""
    if not nxt or (nxt.isspace() and c not in _SPACED):
        return False
    if c in _OPEN_SHAPES:
        return True
    prev = line[i - 1] if i else ""
    return not prev or prev.isspace() or prev in _OPEN_AFTER or prev in _FAMILY


def _can_close(line: str, i: int) -> bool:
    c = line[i]
    prev = line[i - 1] if i else ""
    nxt = line[i + 1] if i + 1 < len(line) else ""
    if not prev or (prev.isspace() and c not in _SPACED):
        return False
    if prev.isalnum() and nxt.isalnum():
        return False  # an apostrophe: doesn’t, rock'n'roll, 1990’s
    return c in _CLOSE_SHAPES or not nxt.isalnum()


@dataclass
class _Open:
    """A mark waiting for its partner; quotes completed inside it wait with it."""

    at: int
    family: str
    inner: list[tuple[int, int, bool]] = field(default_factory=list)


class _Pairing:
    """One left-to-right pass over a paragraph with a stack of open quotes (one per family).

    Linear time whatever the text: a quote of another family inside an open one is
    nested; an inner quote that never closes is dropped and whatever was completed inside
    a dropped quote surfaces to the level above.
    """

    def __init__(self, line: str, unclosed_end: Callable[[int], int]) -> None:
        self.line = line
        self.unclosed_end = unclosed_end
        self.stack: list[_Open] = []
        self.top: list[tuple[int, int, bool]] = []

    def run(self) -> list[tuple[int, int, bool]]:
        for j, char in enumerate(self.line):
            family = _FAMILY.get(char)
            if family is None:
                continue
            if self.stack and j - self.stack[0].at > MAX_QUOTE_CHARS:
                self._unwind(j)
            self._mark(j, family)
        self._unwind(len(self.line))
        return sorted(self.top)

    def _mark(self, j: int, family: str) -> None:
        level = next((k for k, f in enumerate(self.stack) if f.family == family), None)
        if level is not None and j > self.stack[level].at + 1 and _can_close(self.line, j):
            self._unwind(j, down_to=level + 1)
            self._keep((self.stack.pop().at, j, True))
        elif _can_open(self.line, j):
            if level is not None:
                self._unwind(j, down_to=level)
            self.stack.append(_Open(j, family))

    def _unwind(self, j: int, down_to: int = 0) -> None:
        """Quotes left open at ``j``: single ones are apostrophes, others run to ``j`` at most."""
        while len(self.stack) > down_to:
            frame = self.stack.pop()
            if frame.family == "single":
                self._surface(frame.inner)
                continue
            end = min(self.unclosed_end(frame.at), j)
            self._keep((frame.at, end, False))
            self._surface([span for span in frame.inner if span[0] >= end])

    def _keep(self, span: tuple[int, int, bool]) -> None:
        (self.stack[-1].inner if self.stack else self.top).append(span)

    def _surface(self, spans: list[tuple[int, int, bool]]) -> None:
        (self.stack[-1].inner if self.stack else self.top).extend(spans)


@dataclass(frozen=True)
class _Span:
    opener: int  # index of the opening mark in the cleaned text
    closer: int  # index of the closing mark, or the end of the quoted text if unclosed
    start: int
    end: int
    closed: bool
    full_stop: bool = False  # the quoted words end with "." inside the marks


def _line_spans(line: str, base: int, sentence_ends: Sequence[int]) -> list[_Span]:
    def unclosed_end(opener: int) -> int:
        return _unclosed_end(len(line), opener, base, sentence_ends)

    found = _Pairing(line, unclosed_end).run()
    spans = (_trimmed(line, base, opener, close, closed) for opener, close, closed in found)
    return [span for span in spans if span is not None]


def _unclosed_end(length: int, opener: int, base: int, sentence_ends: Sequence[int]) -> int:
    """End of the paragraph, or of the opener's sentence when the paragraph runs on."""
    if length - opener <= MAX_UNCLOSED_CHARS:
        return length
    k = bisect_right(sentence_ends, base + opener)
    end = sentence_ends[k] - base if k < len(sentence_ends) else length
    return min(end, opener + MAX_UNCLOSED_CHARS, length)


def _trimmed(line: str, base: int, opener: int, close: int, closed: bool) -> _Span | None:
    start, end = opener + 1, close
    while start < end and line[start].isspace():
        start += 1
    while end > start and (line[end - 1].isspace() or line[end - 1] in ",;:"):
        end -= 1
    if not any(ch.isalnum() for ch in line[start:end]):
        return None
    full_stop = line[end - 1] == "." and line[end - 3 : end] != "..."
    return _Span(base + opener, base + close, base + start, base + end, closed, full_stop)


def _quote_spans(text: str, sentences: Sequence[Sentence] = ()) -> list[_Span]:
    """Top-level quoted spans of ``text``, paragraph by paragraph (nested ones stay inside)."""
    ends = sorted(s.end for s in sentences)
    spans: list[_Span] = []
    base = 0
    for line in text.split("\n"):
        spans.extend(_line_spans(line, base, ends))
        base += len(line) + 1
    return spans


def _masked(text: str, spans: Sequence[_Span]) -> str:
    """Quoted words blanked out, so speech verbs inside quotes are never frames."""
    chars = list(text)
    for span in spans:
        for k in range(span.opener + 1, min(span.closer, len(chars))):
            if chars[k] != "\n":
                chars[k] = " "
    return "".join(chars)


# --- speakers ----------------------------------------------------------------------------

_SPEECH = (
    r"said|says|say|told|tells|added|adds|stated|noted|wrote|writes|warned|warns|claimed"
    r"|asked|asks|lauded|lauds|praised|praises|accused|accuses|insisted|insists|lamented"
    r"|laments|declared|declares|announced|announces|explained|explains|argued|argues"
    r"|stressed|stresses|emphasi[sz]ed|emphasi[sz]es|urged|urges|vowed|vows|promised"
    r"|pledged|described|describes|called|dubbed|branded|termed|labell?ed|replied|responded"
    r"|remarked|commented|observed|continued|acknowledged|admitted|conceded|denied"
    r"|condemned|critici[sz]ed|hailed|welcomed|tweeted|posted|quipped|mentioned|recalled"
    r"|suggested|predicted|cautioned|complained|confirmed|concluded|blasted|slammed"
    r"|exclaimed|shouted|saying|telling|adding|noting|warning|writing|claiming|insisting"
    r"|stating|calling|describing|urging|accusing|praising|lauding"
)
_SOURCING = r"reported|reports|(?i:according\s+to)|as\s+quoted\s+by|quoted\s+by|citing|cited\s+by"
_SPEECH_RE = re.compile(rf"\b(?:{_SPEECH})\b")
_ANY_VERB_RE = re.compile(rf"\b(?:{_SPEECH}|{_SOURCING})\b")
_LEAD = re.compile(r"\s*[,;–—-]?\s*")
_SUBJECT_FIRST = re.compile(rf"(?P<np>\w[^!?;:\n\"“”«»]{{0,79}}?)\s+(?P<verb>{_SPEECH})\b")
_VERB_FIRST = re.compile(rf"(?:{_SPEECH})\s+")
_SOURCE_FIRST = re.compile(rf"(?:{_SOURCING})\s+")
_SOURCE_AFTER = re.compile(r"(?P<np>\w[^!?;:\n\"“”«»]{0,79}?)\s+(?:reported|reports)\b")
_TOKEN = re.compile(
    r"(?:Mr|Mrs|Ms|Dr|Prof|Gen|Sen|Rep|Gov|Lt|Col|Capt)\.|[^\W_]+(?:[’'\-.][^\W_]+)*"
    r"|[,;:.!?]|[\"“”„«»‘’'‹›]"
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
_BREAK_MARKS = set(";:.!?") | set(_FAMILY)
_HONORIFICS = {"mr", "mrs", "ms", "miss", "mx", "dr", "sir", "dame", "comrade"}
_TITLES = _HONORIFICS | {
    "prof", "professor", "president", "vice", "premier", "prime", "minister", "secretary",
    "spokesperson", "spokesman", "spokeswoman", "ambassador", "envoy", "chancellor",
    "chairman", "chairwoman", "chair", "leader", "general", "gen", "colonel", "col",
    "commander", "admiral", "marshal", "captain", "capt", "lieutenant", "lt", "major",
    "sergeant", "senator", "sen", "rep", "representative", "governor", "gov", "mayor",
    "judge", "justice", "king", "queen", "prince", "princess", "emperor", "pope", "lord",
    "lady", "chief", "deputy", "director", "officer", "official", "state", "foreign", "defence",
    "defense",
}
_ROLE_NOUNS = {
    "agency", "ministry", "media", "newspaper", "outlet", "broadcaster", "spokesperson",
    "spokesman", "spokeswoman", "president", "minister", "leader", "official", "officials",
    "secretary", "ambassador", "envoy", "diplomat", "chief", "general", "commander", "analyst",
    "expert", "professor", "statement", "government", "office", "department", "military",
    "army", "embassy", "premier", "chancellor", "king", "queen", "pope", "mayor", "governor",
    "senator", "lawmaker", "prosecutor", "judge", "police", "daily", "source", "sources",
}
_ROLE_WORDS = _ROLE_NOUNS | _TITLES | {
    "senior", "former", "acting", "press", "party", "member", "head", "researcher", "fellow",
    "correspondent", "reporter", "editor", "adviser", "advisor", "aide", "of", "top",
}
_CAP_STOP = _DETERMINERS | _BREAKERS | _PRONOUNS | {
    "this", "these", "those", "so", "yet", "meanwhile", "however", "also", "in", "on", "at",
    "after", "before", "as", "according", "earlier", "later", "last", "speaking",
    "separately", "still", "now", "then", "asked", "it", "we", "i", "you", "his", "her",
    "their", "its", "our", "my", "your", "there", "here", "what", "why", "how", "who",
    "notably", "similarly", "instead", "thus", "yesterday", "today", "tonight", "monday",
    "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "july", "september", "october", "november", "december",
}


@dataclass(frozen=True)
class _Who:
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


def _subject_before(text: str) -> _Who | None:
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
            return _Who("pronoun", first=i)
        if _capital(tok):
            return None if _possessive(tok) else _name_ending_at(text, toks, i)
        if tok.low in _ROLE_NOUNS:
            return _description_ending_at(text, toks, i)
        gap += 1
        if gap > _MAX_GAP:
            return None
    return None


def _name_ending_at(text: str, toks: list[_Tok], last: int) -> _Who:
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
    return _Who(
        "name",
        name=text[toks[max(split, last - 3)].start : toks[last].end],
        role=_role_text(text, toks, role_first, split),
        first=role_first,
    )


def _role_start(toks: list[_Tok], first: int) -> int:
    """Walk left over role words ("State Department deputy spokesperson")."""
    k = first
    while k > 0 and first - k < 6:
        prev = toks[k - 1]
        if not (prev.low in _ROLE_WORDS or _capital(prev)) or _possessive(prev):
            break
        k -= 1
    while k < first and toks[k].low == "of":
        k += 1
    return k


def _role_text(text: str, toks: list[_Tok], first: int, split: int) -> str | None:
    role = [t for t in toks[first:split] if t.low not in _HONORIFICS]
    if not role:
        return None
    return text[role[0].start : role[-1].end]


def _description_ending_at(text: str, toks: list[_Tok], last: int) -> _Who:
    first = last
    while first > 0 and last - first < 5:
        prev = toks[first - 1]
        if _ends_phrase(prev):
            break
        first -= 1
        if prev.low in _DETERMINERS:
            break
    return _Who("description", role=text[toks[first].start : toks[last].end], first=first)


def _ends_phrase(tok: _Tok) -> bool:
    return tok.text in _BREAK_MARKS or tok.text == "," or tok.low in _BREAKERS


def _subject_after(text: str) -> _Who | None:
    """Subject that follows an inverted verb: "said Ankit Panda", "reported KCNA"."""
    toks = _tokens(text)
    if not toks or toks[0].text in _BREAK_MARKS or toks[0].text == ",":
        return None
    head = toks[0]
    if head.low in _PRONOUNS:
        return _Who("pronoun")
    if head.low in _DETERMINERS:
        last = 0
        while last < min(5, len(toks) - 1) and not _ends_phrase(toks[last + 1]):
            last += 1
        return _Who("description", role=text[head.start : toks[last].end])
    if not _capital(head):
        return None
    last = 0
    while last + 1 < len(toks) and _capital(toks[last + 1]) and not _possessive(toks[last]):
        last += 1
    who = _name_ending_at(text, toks, last)
    if who.kind == "name" and who.role is None:
        appositive = _APPOSITIVE.match(text, toks[last].end)
        if appositive and appositive["role"].split()[0] in _ROLE_WORDS:
            return _Who("name", name=who.name, role=appositive["role"].strip())
    return who


def _after_speech(after: str) -> _Who | None:
    """`…," Easley said` / `…,” said Ankit Panda` / `…, the agency added`."""
    rest = after[_LEAD.match(after).end() :]
    inverted = _VERB_FIRST.match(rest)
    if inverted:
        return _subject_after(rest[inverted.end() :])
    m = _SUBJECT_FIRST.match(rest)
    if not m:
        return None
    who = _subject_before(m["np"])
    return who if who and who.first == 0 else None


def _after_source(after: str) -> _Who | None:
    """`…”, reported KCNA` / `…, as quoted by KCNA`: weaker, and only a name counts."""
    rest = after[_LEAD.match(after).end() :]
    inverted = _SOURCE_FIRST.match(rest)
    who = _subject_after(rest[inverted.end() :]) if inverted else None
    m = None if inverted else _SOURCE_AFTER.match(rest)
    if m:
        who = _subject_before(m["np"])
        who = who if who and who.first == 0 else None
    return who if who and who.kind == "name" else None


def _frame_before(frame: str) -> _Who | None:
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


def _speech_events(masked: str) -> list[tuple[int, str]]:
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


def _attribute(masked: str, span: _Span, frame_start: int, tail_end: int) -> _Who | None:
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


def _resolve(
    who: _Who | None, at: int, events: Sequence[tuple[int, str]]
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


# --- extraction --------------------------------------------------------------------------


def _sentence_at(starts: Sequence[int], pos: int) -> int:
    return max(bisect_right(starts, pos) - 1, 0)


def extract_quotes(result: ArticleResult) -> list[Quote]:
    """Every top-level quotation in one article, in text order, with its speaker."""
    text = result.cleaned_text
    sentences = result.sentences
    spans = _quote_spans(text, sentences)
    masked = _masked(text, spans)
    events = _speech_events(masked)
    starts = [s.start for s in sentences]
    quotes = []
    for span in spans:
        index = _sentence_at(starts, span.opener)
        line_start = text.rfind("\n", 0, span.opener) + 1
        frame_start = max(sentences[index].start, line_start) if sentences else line_start
        frame_start = frame_start if frame_start <= span.opener else line_start
        last = _sentence_at(starts, max(span.end - 1, span.start))
        tail_end = sentences[last].end if sentences else span.closer
        who = _attribute(masked, span, frame_start, tail_end)
        speaker, resolved = _resolve(who, span.opener, events)
        quote_text = text[span.start : span.end]
        quotes.append(
            Quote(
                article=result.id, sentence=index, text=quote_text, speaker=speaker,
                start=span.start, end=span.end, role=who.role if who else None,
                scare=who is None and len(words(quote_text)) <= SHORT_WORDS,
                closed=span.closed, resolved=resolved,
                last_sentence=last,
            )
        )
    return quotes


# --- grouping across sources -------------------------------------------------------------

_STOPWORDS = frozenset(
    "a an the of to in on for and or but at by with from as is are was were be been has have "
    "had it its this that these those their his her our we they he she".split()
)


def speaker_key(name: str) -> str:
    """Surname key: "Mr Putin", "Putin" and "Vladimir Putin" all give "putin"."""
    parts = [p for p in re.split(r"[\s\-]+", fold(name).lower()) if p]
    parts = [p for p in parts if p.rstrip(".") not in _HONORIFICS] or parts
    last = parts[-1] if parts else ""
    return re.sub(r"['’]s$", "", last).strip(".")


@dataclass(frozen=True)
class _Item:
    quote: Quote
    key: str  # folded lower-case words
    content: frozenset[str]
    pairs: frozenset[tuple[str, str]]  # adjacent content words, to demand some shared order
    short: bool


def _item(quote: Quote) -> _Item:
    tokens = words(quote.text)
    content = [t for t in tokens if t not in _STOPWORDS]
    pairs = frozenset(zip(content, content[1:], strict=False))
    return _Item(quote, " ".join(tokens), frozenset(content), pairs, len(tokens) <= SHORT_WORDS)


def similarity(a: str, b: str) -> float | None:
    """Score if two quotations (text) are the same one, else None; see the thresholds above."""
    return _similar(_item(_bare(a)), _item(_bare(b)))


def _bare(text: str) -> Quote:
    return Quote(article="", sentence=0, text=text, speaker=None, start=0, end=len(text))


def _similar(a: _Item, b: _Item) -> float | None:
    if not a.key or not b.key:
        return None
    if a.short or b.short:
        score = fuzz.ratio(a.key, b.key)
        return score if a.short and b.short and score >= SHORT_SAME else None
    score = fuzz.ratio(a.key, b.key)
    if score >= NEAR_VERBATIM:
        return score
    short, long_ = sorted((a.key, b.key), key=len)
    score = fuzz.partial_ratio(short, long_)
    if score >= CONTAINED:
        return score
    if len(a.content & b.content) < MIN_SHARED or not a.pairs & b.pairs:
        return None
    score = fuzz.token_set_ratio(" ".join(sorted(a.content)), " ".join(sorted(b.content)))
    return score if score >= REWORDED else None


def _links(items: Sequence[_Item]) -> list[tuple[int, int, float]]:
    """Similar pairs of quotes from different articles (only pairs sharing a word are scored)."""
    index: dict[str, list[int]] = {}
    for k, item in enumerate(items):
        for word in item.content or {item.key}:
            index.setdefault(word, []).append(k)
    pairs = {
        (i, j) for ks in index.values() for i in ks for j in ks
        if i < j and items[i].quote.article != items[j].quote.article
    }
    links = []
    for i, j in sorted(pairs):
        score = _similar(items[i], items[j])
        if score is not None:
            links.append((i, j, score))
    return links


def _components(n: int, links: Sequence[tuple[int, int, float]]) -> list[list[int]]:
    parent = list(range(n))

    def root(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for i, j, _ in links:
        parent[root(i)] = root(j)
    groups: dict[int, list[int]] = {}
    for k in range(n):
        groups.setdefault(root(k), []).append(k)
    return list(groups.values())


def _canonical_speakers(quotes: Sequence[Quote]) -> dict[str, str]:
    """Surname key -> the fullest name any source uses ("putin" -> "Vladimir Putin")."""
    best: dict[str, str] = {}
    for quote in quotes:
        if quote.speaker:
            key = speaker_key(quote.speaker)
            if len(quote.speaker) > len(best.get(key, "")):
                best[key] = quote.speaker
    return best


def _group(
    members: list[int], items: Sequence[_Item], strength: dict[int, float], names: dict[str, str]
) -> QuoteGroup:
    quotes = [items[k].quote for k in members]
    central = max(members, key=lambda k: (strength.get(k, 0.0), -k))
    keys = [speaker_key(q.speaker) for q in quotes if q.speaker]
    distinct = list(dict.fromkeys(keys))
    return QuoteGroup(
        id=0,
        text=items[central].quote.text,
        variants=tuple(QuoteVariant(q.article, q.sentence, q.text, q.speaker) for q in quotes),
        sources=tuple(sorted({q.article for q in quotes})),
        wording_differs=len({items[k].key for k in members}) > 1,
        speakers=tuple(names[key] for key in distinct),
        attribution_differs=len(distinct) > 1,
        short=all(items[k].short for k in members),
    )


def track_quotes(comparison: Comparison) -> tuple[QuoteGroup, ...]:
    """Quotations grouped across sources, most widely carried first, then by first appearance."""
    quotes = [q for result in comparison.articles for q in extract_quotes(result)]
    items = [_item(q) for q in quotes]
    links = _links(items)
    strength: dict[int, float] = {}
    for i, j, score in links:
        strength[i] = strength.get(i, 0.0) + score
        strength[j] = strength.get(j, 0.0) + score
    names = _canonical_speakers(quotes)
    groups = [
        (min(members), _group(sorted(members), items, strength, names))
        for members in _components(len(items), links)
    ]
    groups.sort(key=lambda g: (-len(g[1].sources), g[0]))
    return tuple(
        QuoteGroup(**{**group.__dict__, "id": n}) for n, (_, group) in enumerate(groups)
    )
