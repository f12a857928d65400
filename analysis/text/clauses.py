"""Split long sentences into clauses so one sentence can carry several short ones.

Sources often merge two facts into one sentence ("X was the first visit since
1991, while the Chinese delegation was the first since the pandemic") that
another source states separately. Matching clause against sentence finds
those; the whole-sentence pair is always scored too.
"""

from __future__ import annotations

import re

# Clause links of English grammar, not of any story: coordinating and subordinating
# conjunctions and relative pronouns (Quirk et al., "A Comprehensive Grammar of the
# English Language", ch. 13-15), attribution links ("according to", "said"), and
# participle clauses after a comma (", killing three", ", believed to be"): a
# word of 3+ letters ending in -ing or -ed (nouns in -thing/-ring/-ning excluded).
_CONJUNCTION = (
    r"while|whereas|but|and|as|where|which|who|whom|whose|after|before|since|with|although"
    r"|though|because|when|until|unless|according|said|says"
)
_PARTICIPLE = r"(?!\w*(?:thing|ring|ning)\b)\w{3,}(?:ing|ed)\b"
_BREAK = re.compile(
    rf"(?:;\s+|,\s+(?=(?:{_CONJUNCTION})\b|{_PARTICIPLE})|\s+(?=(?:while|whereas)\s)"
    r"|\s+(?=which\s+(?:are|is|were|was|has|have|had|can|could|will|would)\b))",
    re.IGNORECASE,
)
MIN_CLAUSE_WORDS = 5


def clauses(sentence: str, *, min_words: int = MIN_CLAUSE_WORDS) -> list[str]:
    """Clauses of a sentence with at least ``min_words`` words; [] if it has only one.

    >>> clauses("The parade showed the Hwasong-17 and Hwasong-18 missiles, believed to "
    ...         "have the range to strike anywhere in the United States.")
    ['The parade showed the Hwasong-17 and Hwasong-18 missiles', \
'believed to have the range to strike anywhere in the United States.']
    """
    return [text for text, _ in _clauses_with_spans(sentence, min_words)]


def clause_spans(sentence: str, *, min_words: int = MIN_CLAUSE_WORDS) -> list[tuple[int, int]]:
    """Where each of ``clauses(sentence)`` lies in the sentence: [start, end) character
    offsets, one per clause, in order; a clause merged from short parts spans them all.

    >>> sentence = "Rain fell overnight in the city, and roads were closed by the police."
    >>> [sentence[a:b] for a, b in clause_spans(sentence)]
    ['Rain fell overnight in the city', 'and roads were closed by the police.']
    """
    return [span for _, span in _clauses_with_spans(sentence, min_words)]


def _clauses_with_spans(sentence: str, min_words: int) -> list[tuple[str, tuple[int, int]]]:
    parts = []
    start = 0
    for found in [*_BREAK.finditer(sentence), None]:
        end = len(sentence) if found is None else found.start()
        raw = sentence[start:end]
        text = raw.strip(" ,;")
        lead = len(raw) - len(raw.lstrip(" ,;"))
        parts.append((text, (start + lead, start + lead + len(text))))
        if found is not None:
            start = found.end()
    merged = _merge_short(parts, min_words)
    return merged if len(merged) > 1 else []


def _merge_short(parts: list[tuple[str, tuple[int, int]]],
                 min_words: int) -> list[tuple[str, tuple[int, int]]]:
    merged: list[tuple[str, tuple[int, int]]] = []
    for text, span in parts:
        if merged and (len(text.split()) < min_words or len(merged[-1][0].split()) < min_words):
            last_text, last_span = merged[-1]
            merged[-1] = (f"{last_text}, {text}", (last_span[0], span[1]))
        else:
            merged.append((text, span))
    return merged
