"""The words that report speech, and one key for a speaker however a source names them.

The quotation finder (``analysis.quotes``) frames quotes with these verbs; the divergence
rules (``analysis.divergence``) read the same verbs to tell an attribution from a claim
and compare speakers by the same key, so both live here, below both.
"""

from __future__ import annotations

import re

from analysis.text import lexicon
from analysis.text.textnorm import fold

# Verbs of saying (lexicon.json, with its source); longest first, so no verb stops at a prefix.
SPEECH_VERBS = "|".join(sorted(lexicon.words("speech_verbs"), key=lambda w: (-len(w), w)))
SPEECH_VERB = re.compile(rf"(?:{SPEECH_VERBS}|according)")  # fullmatch a lower-case word
HONORIFICS = lexicon.words("speaker_honorifics")

def speaker_key(name: str) -> str:
    """Surname key: "Mr Putin", "Putin" and "Vladimir Putin" all give "putin".

    >>> [speaker_key(n) for n in ("Mr Putin", "Vladimir Putin", "Putin’s", "Dr. Li Hongzhong")]
    ['putin', 'putin', 'putin', 'hongzhong']
    """
    parts = [p for p in re.split(r"[\s\-]+", fold(name).lower()) if p]
    parts = [p for p in parts if p.rstrip(".") not in HONORIFICS] or parts
    last = parts[-1] if parts else ""
    return re.sub(r"['’]s$", "", last).strip(".")
