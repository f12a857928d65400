"""Where the quotations are: quote marks paired into quoted spans, paragraph by paragraph.

Finding the spans is its own problem (mark shapes, nesting, apostrophes, quotes
that never close), kept apart from who said them (:mod:`analysis.quotes.speakers`)
and from grouping them across sources (:mod:`analysis.quotes.tracking`).

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
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from analysis.results import Sentence

MAX_QUOTE_CHARS = 2000  # a closing mark further away than this is not the partner
MAX_UNCLOSED_CHARS = 600  # an unclosed quote longer than this stops at its sentence end

MARK_FAMILY = {
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
    return not prev or prev.isspace() or prev in _OPEN_AFTER or prev in MARK_FAMILY


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
            family = MARK_FAMILY.get(char)
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
class QuoteSpan:
    opener: int  # index of the opening mark in the cleaned text
    closer: int  # index of the closing mark, or the end of the quoted text if unclosed
    start: int
    end: int
    closed: bool
    full_stop: bool = False  # the quoted words end with "." inside the marks


def _line_spans(line: str, base: int, sentence_ends: Sequence[int]) -> list[QuoteSpan]:
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


def _trimmed(line: str, base: int, opener: int, close: int, closed: bool) -> QuoteSpan | None:
    start, end = opener + 1, close
    while start < end and line[start].isspace():
        start += 1
    while end > start and (line[end - 1].isspace() or line[end - 1] in ",;:"):
        end -= 1
    if not any(ch.isalnum() for ch in line[start:end]):
        return None
    full_stop = line[end - 1] == "." and line[end - 3 : end] != "..."
    return QuoteSpan(base + opener, base + close, base + start, base + end, closed, full_stop)


def find_spans(text: str, sentences: Sequence[Sentence] = ()) -> list[QuoteSpan]:
    """Top-level quoted spans of ``text``, paragraph by paragraph (nested ones stay inside)."""
    ends = sorted(s.end for s in sentences)
    spans: list[QuoteSpan] = []
    base = 0
    for line in text.split("\n"):
        spans.extend(_line_spans(line, base, ends))
        base += len(line) + 1
    return spans


def mask_quotes(text: str, spans: Sequence[QuoteSpan]) -> str:
    """Quoted words blanked out, so speech verbs inside quotes are never frames."""
    chars = list(text)
    for span in spans:
        for k in range(span.opener + 1, min(span.closer, len(chars))):
            if chars[k] != "\n":
                chars[k] = " "
    return "".join(chars)
