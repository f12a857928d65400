"""Who is quoted: direct quotations, their speakers, and the same quotation across sources.

Sources that relay one statement often differ in the words they put inside the
quote marks ("firm support" vs "unwavering support") or in whom they credit
with them. This module finds every quoted span in each article's cleaned text,
attributes it to a speaker where a speech verb frames it, and groups the same
quotation across sources so those differences can be shown.

Where the quote marks are is :mod:`analysis.quotes.spans`; who speaks is
:mod:`analysis.quotes.speakers`. This module is the public face: the quotation
records, one article's quotations, and the grouping across sources.

Decisions worth knowing:

* A quoted title or name ("Harbour at Dusk", "Clean Water Act": ``is_quoted_name``) is
  no speech: it gets no speaker and is flagged ``scare`` like a quoted term.
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
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
from rapidfuzz import fuzz

from analysis.quotes.spans import MAX_QUOTE_CHARS, MAX_UNCLOSED_CHARS, find_spans, mask_quotes
from analysis.quotes.speakers import attribute, resolve_speaker, speech_events
from analysis.results import ArticleResult, Comparison, QuoteGroup, QuoteVariant
from analysis.text import lexicon
from analysis.text.speech import speaker_key
from analysis.text.textnorm import words

__all__ = [
    "CONTAINED",
    "MAX_QUOTE_CHARS",
    "MAX_UNCLOSED_CHARS",
    "MIN_SHARED",
    "NEAR_VERBATIM",
    "REWORDED",
    "SHORT_SAME",
    "SHORT_WORDS",
    "Quote",
    "QuoteGroup",
    "QuoteVariant",
    "extract_quotes",
    "is_quoted_name",
    "similarity",
    "speaker_key",
    "track_quotes",
]

SHORT_WORDS = 3  # quotes this short are terms or scare quotes unless a speaker frames them
NEAR_VERBATIM = 85  # fuzz.ratio: the same quotation with a few words changed
CONTAINED = 90  # fuzz.partial_ratio: the shorter quotation appears (nearly) verbatim
REWORDED = 70  # fuzz.token_set_ratio on content words: translated or reworded
# Share of the shorter quotation's words the longer must hold before ``partial_ratio`` is
# asked: a relayed quotation keeps its words (see _words_within)
CONTAINED_WORDS = 0.5
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


# --- extraction --------------------------------------------------------------------------


def _sentence_at(starts: Sequence[int], pos: int) -> int:
    return max(bisect_right(starts, pos) - 1, 0)


def extract_quotes(result: ArticleResult) -> list[Quote]:
    """Every top-level quotation in one article, in text order, with its speaker."""
    text = result.cleaned_text
    sentences = result.sentences
    spans = find_spans(text, sentences)
    masked = mask_quotes(text, spans)
    events = speech_events(masked)
    starts = [s.start for s in sentences]
    quotes = []
    for span in spans:
        index = _sentence_at(starts, span.opener)
        line_start = text.rfind("\n", 0, span.opener) + 1
        frame_start = max(sentences[index].start, line_start) if sentences else line_start
        frame_start = frame_start if frame_start <= span.opener else line_start
        last = _sentence_at(starts, max(span.end - 1, span.start))
        tail_end = sentences[last].end if sentences else span.closer
        quote_text = text[span.start : span.end]
        named = is_quoted_name(quote_text, sentences[index].text if sentences else text)
        # a quoted title or name ("Harbour at Dusk") is no speech: no speaker is read for it
        who = None if named else attribute(masked, span, frame_start, tail_end)
        speaker, resolved = resolve_speaker(who, span.opener, events)
        quotes.append(
            Quote(
                article=result.id, sentence=index, text=quote_text, speaker=speaker,
                start=span.start, end=span.end, role=who.role if who else None,
                scare=named or (who is None and len(words(quote_text)) <= SHORT_WORDS),
                closed=span.closed, resolved=resolved,
                last_sentence=last,
            )
        )
    return quotes


# --- grouping across sources -------------------------------------------------------------

_STOPWORDS = lexicon.words("quote_function_words")  # lexicon.json, with its source


@dataclass(frozen=True)
class _Item:
    quote: Quote
    key: str  # folded lower-case words
    content: frozenset[str]
    pairs: frozenset[tuple[str, str]]  # adjacent content words, to demand some shared order
    short: bool
    vocabulary: frozenset[str]  # every word, stop words too


def _item(quote: Quote) -> _Item:
    tokens = words(quote.text)
    content = [t for t in tokens if t not in _STOPWORDS]
    pairs = frozenset(zip(content, content[1:], strict=False))
    short = len(tokens) <= SHORT_WORDS or quote.scare  # a term or a quoted title
    return _Item(quote, " ".join(tokens), frozenset(content), pairs, short, frozenset(tokens))


_LETTERS = re.compile(r"[^\W\d_]+")
MAX_NAME_WORDS = 8  # a quoted title longer than this reads as a quotation in title case


def is_quoted_name(quoted: str, sentence: str) -> bool:
    """Whether quote marks hold a title or a name, not speech: a painting, a film, a law,
    an operation ("Harbour at Dusk", "Clean Water Act"). English title case (Chicago
    Manual of Style 8.159: every word capitalised but short function words) over two to
    ``MAX_NAME_WORDS`` words, no sentence ending inside, in a sentence that is not itself
    in title case (a headline's `Mayor: "We Will Rebuild"` is speech)."""
    found = _LETTERS.findall(quoted)
    if not 2 <= len(found) <= MAX_NAME_WORDS or re.search(r"[.!?;]\s", quoted.strip()):
        return False
    if not _title_case(found):
        return False
    outside = _LETTERS.findall(sentence.replace(quoted, " "))
    return not _title_case(outside) if outside else False


def _title_case(tokens: Sequence[str]) -> bool:
    """First word and every word of four letters or more capitalised."""
    return bool(tokens) and tokens[0][:1].isupper() and all(
        t[:1].isupper() for t in tokens if len(t) >= 4)


def similarity(a: str, b: str) -> float | None:
    """Score if two quotations (text) are the same one, else None; see the thresholds above."""
    return _similar(_item(_bare(a)), _item(_bare(b)))


def _bare(text: str) -> Quote:
    return Quote(article="", sentence=0, text=text, speaker=None, start=0, end=len(text))


def _similar(a: _Item, b: _Item) -> float | None:
    """The similarity of two quote wordings when it makes them one quotation, else None.

    Every scorer gets its cut-off: rapidfuzz then stops early (on long quotes
    ``partial_ratio`` is the costliest call) and returns 0 below it.
    """
    if not a.key or not b.key:
        return None
    if a.short or b.short:
        if not (a.short and b.short):
            return None
        score = fuzz.ratio(a.key, b.key, score_cutoff=SHORT_SAME)
        return score if score >= SHORT_SAME else None
    score = fuzz.ratio(a.key, b.key, score_cutoff=NEAR_VERBATIM)
    if score >= NEAR_VERBATIM:
        return score
    inner, outer = sorted((a, b), key=lambda item: len(item.key))
    if _words_within(inner, outer):
        score = fuzz.partial_ratio(inner.key, outer.key, score_cutoff=CONTAINED)
        if score >= CONTAINED:
            return score
    if len(a.content & b.content) < MIN_SHARED or not a.pairs & b.pairs:
        return None
    score = fuzz.token_set_ratio(" ".join(sorted(a.content)), " ".join(sorted(b.content)),
                                 score_cutoff=REWORDED)
    return score if score >= REWORDED else None


def _words_within(inner: _Item, outer: _Item) -> bool:
    """Whether most of the shorter quotation's words are in the longer one: only then can it
    appear there nearly verbatim. A set intersection, linear in the words, asked before
    ``partial_ratio``, which on long quotations is the costliest scorer here; a pair failing
    it can still match as reworded."""
    return len(inner.vocabulary & outer.vocabulary) >= CONTAINED_WORDS * len(inner.vocabulary)


def _links(items: Sequence[_Item]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Similar pairs of quotes from different articles as arrays (i, j, score), i < j,
    sorted by i then j (only pairs sharing a word are scored).

    Relayed quotes repeat word for word, so pairs are found and scored among distinct
    wordings, then expanded to the quotes that carry them: scoring grows with the distinct
    wordings, not with their copies. The expansion grows with the square of a quote's
    copies, so it is held in flat integer arrays, not a tuple of Python objects per pair.
    """
    by_key: dict[str, list[int]] = {}
    for k, item in enumerate(items):
        by_key.setdefault(item.key, []).append(k)
    keys = list(by_key)
    found_x, found_y, found_score = array("q"), array("q"), array("d")
    for x, y in _sharing_a_word([items[by_key[key][0]] for key in keys]):
        score = _similar(items[by_key[keys[x]][0]], items[by_key[keys[y]][0]])
        if score is not None:
            found_x.append(x)
            found_y.append(y)
            found_score.append(score)
    occurrences = [by_key[key] for key in keys]
    article_of: dict[str, int] = {}
    articles = np.asarray([article_of.setdefault(item.quote.article, len(article_of))
                           for item in items], dtype=np.int64)
    first, second, value = _expanded(occurrences, articles, np.asarray(found_x, dtype=np.int64),
                                     np.asarray(found_y, dtype=np.int64),
                                     np.asarray(found_score, dtype=np.float64))
    order = np.lexsort((second, first))
    return first[order], second[order], value[order]


_EXPANDED_BLOCK = 1 << 20  # quote pairs built at once: bounds the temporary arrays


def _expanded(occurrences: Sequence[list[int]], articles: np.ndarray, xs: np.ndarray,
              ys: np.ndarray, scores: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every pair of quotes (i, j), i < j, of different articles whose wordings xs[k] and
    ys[k] (xs[k] <= ys[k]) are similar, with that pair's score; each pair of one wording's
    quotes once. Built with arrays in blocks of ``_EXPANDED_BLOCK`` pairs: no Python work
    per pair, and the temporaries are bounded by the block size."""
    counts = np.asarray([len(units) for units in occurrences], dtype=np.int64)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1])).astype(np.int64)
    flat = np.asarray([k for units in occurrences for k in units], dtype=np.int64)
    sizes = counts[xs] * counts[ys]
    running = np.cumsum(sizes)
    parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    begin = 0
    while begin < len(xs):
        before = int(running[begin - 1]) if begin else 0
        end = 1 + int(np.searchsorted(running, before + _EXPANDED_BLOCK))
        block = slice(begin, min(end, len(xs)))
        owner = np.repeat(np.arange(block.start, block.stop), sizes[block])
        offsets = np.concatenate(([0], np.cumsum(sizes[block])[:-1]))
        local = np.arange(len(owner)) - np.repeat(offsets, sizes[block])
        width = counts[ys[owner]]
        i = flat[starts[xs[owner]] + local // width]
        j = flat[starts[ys[owner]] + local % width]
        keep = ((xs[owner] != ys[owner]) | (i < j)) & (articles[i] != articles[j])
        parts.append((np.minimum(i, j)[keep], np.maximum(i, j)[keep], scores[owner][keep]))
        begin = block.stop
    if not parts:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty.copy(), np.zeros(0, dtype=np.float64)
    first, second, value = (np.concatenate([part[n] for part in parts]) for n in range(3))
    return first, second, value


def _sharing_a_word(items: Sequence[_Item]) -> list[tuple[int, int]]:
    """(x, y), x <= y, of the items that share a content word (or, without content
    words, the whole key): one sparse product, where listing the pairs of every word's
    items in Python grew with the square of the commonest words' counts."""
    from scipy.sparse import csr_matrix  # imported when first needed: the first page
    from scipy.sparse import triu as sparse_triu  # does not wait for scipy.sparse to load

    vocabulary: dict[str, int] = {}
    rows, cols = [], []
    for n, item in enumerate(items):
        for word in item.content or {item.key}:
            rows.append(n)
            cols.append(vocabulary.setdefault(word, len(vocabulary)))
    if not rows:
        return []
    incidence = csr_matrix((np.ones(len(rows)), (rows, cols)),
                           shape=(len(items), len(vocabulary)))
    shared = sparse_triu(incidence @ incidence.T).tocoo()
    return list(zip(shared.row.tolist(), shared.col.tolist(), strict=True))


def _components(n: int, rows: np.ndarray, cols: np.ndarray) -> list[list[int]]:
    """Connected groups of quotes linked (rows[k], cols[k]) (the same graph routine as
    ``analysis.story.elements``)."""
    if not len(rows):
        return [[k] for k in range(n)]
    from scipy.sparse import coo_matrix  # see _sharing_a_word
    from scipy.sparse.csgraph import connected_components

    graph = coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    groups: dict[int, list[int]] = {}
    for k, label in enumerate(labels.tolist()):
        groups.setdefault(label, []).append(k)
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
    members: list[int], items: Sequence[_Item], strength: np.ndarray, names: dict[str, str]
) -> QuoteGroup:
    quotes = [items[k].quote for k in members]
    central = max(members, key=lambda k: (float(strength[k]), -k))
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
    first, second, score = _links(items)
    # each quote's summed link scores, added in the order of its partners (bincount adds
    # in array order: the partners before it, then those after it, both ascending)
    strength = np.bincount(np.concatenate([second, first]),
                           weights=np.concatenate([score, score]), minlength=len(items))
    names = _canonical_speakers(quotes)
    groups = [
        (min(members), _group(sorted(members), items, strength, names))
        for members in _components(len(items), first, second)
    ]
    groups.sort(key=lambda g: (-len(g[1].sources), g[0]))
    return tuple(replace(group, id=n) for n, (_, group) in enumerate(groups))
