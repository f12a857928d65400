"""Sentences with character offsets into the cleaned text.

Each kept line is segmented on its own, so a headline or subheading without a
full stop stays one sentence and never swallows the paragraph after it.
blingfire does the splitting (fast, no model download); a small repair step
re-joins splits after honorifics that it sometimes breaks ("Dr. | No").
"""

from __future__ import annotations

import re
from functools import lru_cache

import blingfire

from analysis.results import Sentence

_HONORIFIC_END = re.compile(
    r"(?:^|\s)(?:Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|Capt|Sgt|Rep|Sen|Gov|Pres|Vice Pres|Rev|St|Sr|Jr"
    r"|Hon|Amb|Adm|Maj|Cmdr|Supt|Insp|No|Nos|Art|Fig|Vol)\.$"
)
_HAS_WORD = re.compile(r"\w")


@lru_cache(maxsize=65536)
def _line_spans(line: str) -> tuple[tuple[int, int], ...]:
    """Sentence spans of one line. Cached by the line: republished copy repeats whole
    paragraphs, so most lines of a big story are repeats, and a story's text is split when
    it is read and again when compared; each distinct line is split once."""
    if not line.strip():
        return ()
    _, offsets = blingfire.text_to_sentences_and_offsets(line)
    spans: list[tuple[int, int]] = []
    for start, end in offsets:
        if spans and _HONORIFIC_END.search(line[spans[-1][0] : spans[-1][1]]):
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return tuple(spans)


def split_sentences(text: str, *, min_chars: int = 1) -> tuple[Sentence, ...]:
    """Sentences of ``text`` (lines are hard boundaries), offsets into ``text``.

    Fragments shorter than ``min_chars`` or without any word character are dropped.

    >>> [s.text for s in split_sentences('Mr. Putin met U.S. envoys on Dec. 5.\\nA headline')]
    ['Mr. Putin met U.S. envoys on Dec. 5.', 'A headline']
    """
    sentences: list[Sentence] = []
    line_start = 0
    for line in text.split("\n"):
        for start, end in _line_spans(line):
            piece = line[start:end]
            stripped_start = start + (len(piece) - len(piece.lstrip()))
            stripped_end = end - (len(piece) - len(piece.rstrip()))
            body = text[line_start + stripped_start : line_start + stripped_end]
            if len(body) >= min_chars and _HAS_WORD.search(body):
                sentences.append(
                    Sentence(
                        index=len(sentences),
                        text=body,
                        start=line_start + stripped_start,
                        end=line_start + stripped_end,
                    )
                )
        line_start += len(line) + 1
    return tuple(sentences)
