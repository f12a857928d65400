"""Every result object of the engine, at the bottom of its import graph.

Every stage returns frozen dataclasses so results are hashable, picklable (for
``st.cache_data``) and impossible to mutate by accident in the UI.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypedDict

MATCH_KINDS = ("verbatim", "near-verbatim", "paraphrase", "partial")


@dataclass(frozen=True, kw_only=True)
class ArticleMetadata:
    """What a reader may find besides the text; keyword-only, every field optional."""

    title: str = ""
    source: str = ""
    published: str | None = None
    url: str | None = None
    author: str | None = None


@dataclass(frozen=True)
class Article(ArticleMetadata):
    """One article as loaded: text keeps the characters of the original."""

    id: str
    text: str
    origin: str = ""  # file (and record) it came from, for messages


@dataclass(frozen=True)
class LoadProblem:
    """A file or record that could not be read, with a reason a person understands."""

    name: str
    reason: str


@dataclass(frozen=True)
class LoadReport:
    articles: tuple[Article, ...] = ()
    problems: tuple[LoadProblem, ...] = ()


@dataclass(frozen=True)
class RemovedLine:
    """A line that cleaning dropped, kept so a person can see and restore it."""

    line: int  # 0-based line number in the article text
    text: str
    reason: str


@dataclass(frozen=True)
class CleanedArticle:
    article: Article
    text: str  # kept lines joined by "\n"; sentence offsets point into this
    removed: tuple[RemovedLine, ...] = ()


@dataclass(frozen=True)
class Sentence:
    index: int
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Match:
    """Two sentences of different articles that report at least one common fact.

    ``score`` is the probability of that link. Coverage is directional:
    ``b_carries_a`` is the probability that B's sentence carries everything A's
    says (a headline is carried by a lead that says more), ``a_carries_b`` the
    reverse. ``kind`` describes the wording (verbatim, near-verbatim, paraphrase),
    or is "partial" when neither sentence carries all of the other.
    """

    a: str
    a_sentence: int
    b: str
    b_sentence: int
    score: float
    kind: str
    b_carries_a: float = 0.0
    a_carries_b: float = 0.0
    # the evidence: where, in each sentence, the part that states the shared claim lies
    # ([start, end) characters of the clause that gave the link); None = the whole sentence
    a_span: tuple[int, int] | None = None
    b_span: tuple[int, int] | None = None


@dataclass(frozen=True)
class PairOverlap:
    """How much of each of two sources is carried by the other.

    ``a_in_b`` is the share of A's sentences matched somewhere in B; it differs
    from ``b_in_a`` when one source is longer or adds material of its own.
    ``similarity`` is the expected share of both sources' sentences that the other
    carries, weighting each sentence by its strongest match probability (so it ranks
    pairs smoothly instead of jumping when one pair crosses the threshold).
    ``shared_names``: of the names (people, places, organisations) either source uses,
    the share both use. ``event_similarity``, the mean of the two, tells whether the two
    report one event rather than a look-alike (same kind of event, other people, place):
    two such reports share some wording yet few names.
    """

    a: str
    b: str
    a_in_b: float
    b_in_a: float
    similarity: float
    shared_names: float = 0.0
    event_similarity: float = 0.0


@dataclass(frozen=True)
class ElementMember:
    article: str
    sentence: int


@dataclass(frozen=True)
class StoryElement:
    """One claim or event: matching sentences grouped across sources."""

    id: int
    label: str
    sources: tuple[str, ...]
    members: tuple[ElementMember, ...]


@dataclass(frozen=True)
class ArticleResult:
    article: Article
    sentences: tuple[Sentence, ...]
    removed: tuple[RemovedLine, ...]
    cleaned_text: str
    matched_share: float = 0.0  # share of sentences matched in at least one other source
    unique_share: float = 0.0  # share of sentences no other source carries
    # share of sentences some other source carries whole (states every claim of the
    # sentence, in one sentence or several: analysis.story.carried); the rest of
    # matched_share is carried only in part (other sources state some of it, not all)
    fully_carried_share: float = 0.0
    # per sentence (aligned with ``sentences``): how likely the other source that carries
    # most of it states all it says; 0 for a sentence without a match
    carried_whole: tuple[float, ...] = ()
    # (other source, indices of this article's sentences it carries whole, at the cut)
    carried_whole_by: tuple[tuple[str, tuple[int, ...]], ...] = ()

    @property
    def id(self) -> str:
        return self.article.id

    @property
    def partly_carried_share(self) -> float:
        """Sentences matched elsewhere, but never whole: what "shared" adds to "fully"."""
        return round(max(self.matched_share - self.fully_carried_share, 0.0), 4)


@dataclass(frozen=True)
class DivergenceSide:
    """One value of the disputed detail, the words that give it and who gives it."""

    words: str  # as most of its sentences write it; "" = states it without the detail
    value: str  # comparison key: sides with equal keys give the same value
    sources: tuple[str, ...]
    members: tuple[ElementMember, ...]


@dataclass(frozen=True)
class Divergence:
    """One conflicting detail: its kind, the values sources give, where it was found.

    ``element`` is the story element holding every sentence of the card, or None when
    they sit in several (the card then comes from matched pairs across elements, see
    ``elements`` and ``pairs``). Sides are sorted by how many sources give them.
    """

    id: int
    kind: str  # one of analysis.divergence.finder.DIVERGENCE_KINDS
    element: int | None
    sides: tuple[DivergenceSide, ...]
    summary: str
    elements: tuple[int, ...] = ()
    pairs: tuple[tuple[ElementMember, ElementMember], ...] = ()  # sentence pairs that differ
    origin: str = "matched sentences"  # or "quotation" for a quote given to other speakers

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(sorted({s for side in self.sides for s in side.sources}))

    @property
    def minority(self) -> tuple[DivergenceSide, ...]:
        """The sides fewer sources give than the one most common value; none when two or
        more values tie for most common."""
        counts = sorted((len(side.sources) for side in self.sides), reverse=True)
        if len(counts) < 2 or counts[0] == counts[1]:
            return ()
        return tuple(side for side in self.sides if len(side.sources) < counts[0])


@dataclass(frozen=True)
class Framing:
    source: str
    headline: str  # "" when the text starts straight with the body (the title may be derived)
    standfirst: str
    lead: tuple[int, ...]  # sentence indices of headline, standfirst and lead
    lead_elements: tuple[int, ...]  # elements of those sentences, in reading order


@dataclass(frozen=True)
class SourceGaps:
    """Element ids: ``unique`` only this source carries; ``omitted`` its blind spots.

    Blind spots are elements at least two other sources carry (or the only other
    source, when there are two), most widely covered first. An element the source
    reports with a conflicting detail is not a blind spot: it is in ``differs`` as
    (element id, divergence id), so the Overview says "reports differently".
    """

    source: str
    unique: tuple[int, ...]
    omitted: tuple[int, ...]
    differs: tuple[tuple[int, int], ...] = ()


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


class SettingsRecord(TypedDict, total=False):
    """The settings a comparison ran with, as ``Comparison.settings`` and the JSON hold
    them: every ``analysis.pipeline.settings.Settings`` field with the thresholds resolved, plus the
    evidence used (``matching``) and the time the analysis took (``seconds``). Not total:
    a comparison built by hand, before ``assemble``, has none."""

    threshold: float
    min_chars: int
    clean: bool
    top_k: int
    candidate_floor: float
    element_link: float
    blend: float | None
    semantic: bool
    semantic_floor: float
    per_source: int
    source_limit: int
    matching: str
    seconds: float


@dataclass(frozen=True)
class Comparison:
    """Everything the dashboard and the command line show, derived from one analysis.

    ``divergences``, ``gaps``, ``framing`` and ``quotes`` are filled by the stages of the
    same names. ``settings`` records the settings in force (a ``SettingsRecord``); it is
    empty until ``assemble`` fills it.
    """

    articles: tuple[ArticleResult, ...]
    matches: tuple[Match, ...]
    pairs: tuple[PairOverlap, ...]
    elements: tuple[StoryElement, ...]
    settings: SettingsRecord = field(default_factory=SettingsRecord, hash=False, compare=False)
    problems: tuple[LoadProblem, ...] = ()
    divergences: tuple[Divergence, ...] = ()
    gaps: tuple[SourceGaps, ...] = ()
    framing: tuple[Framing, ...] = ()
    quotes: tuple[QuoteGroup, ...] = ()

    def sentence_texts(self) -> dict[tuple[str, int], str]:
        """(article id, sentence index) -> sentence text, for views that show members."""
        return {(a.id, s.index): s.text for a in self.articles for s in a.sentences}

    def element_of(self) -> dict[tuple[str, int], int]:
        """(article id, sentence index) -> id of the story element holding that sentence."""
        return {(m.article, m.sentence): e.id for e in self.elements for m in e.members}
