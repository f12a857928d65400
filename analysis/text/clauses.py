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
    parts = [p.strip(" ,;") for p in _BREAK.split(sentence)]
    parts = _merge_short(parts, min_words)
    return parts if len(parts) > 1 else []


def _merge_short(parts: list[str], min_words: int) -> list[str]:
    merged: list[str] = []
    for part in parts:
        if merged and len(part.split()) < min_words:
            merged[-1] = f"{merged[-1]}, {part}"
        elif merged and len(merged[-1].split()) < min_words:
            merged[-1] = f"{merged[-1]}, {part}"
        else:
            merged.append(part)
    return merged
