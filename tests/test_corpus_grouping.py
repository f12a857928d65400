"""Story grouping on small invented archives: copies, rewrites, look-alikes, filler, dates."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

from analysis.corpus.grouping import (
    DEFAULT,
    ArticleSketch,
    _weighted_bags,
    group_stories,
    sketch_article,
)

WIRE = (
    "A magnitude 6.1 earthquake struck the coastal town of Puerto Alvarado early on Tuesday, "
    "killing at least 14 people and injuring 230, officials said.\n"
    "The quake hit at 4:12 a.m. local time at a depth of 10 kilometres, according to the "
    "Geological Survey.\n"
    "Governor Elena Marquez said rescue teams were searching collapsed buildings in the old "
    "harbour district of Puerto Alvarado.\n"
    "Hospitals in nearby Santa Lucia took in dozens of injured people overnight.\n"
    "Marquez declared three days of mourning and asked residents to stay out of damaged homes."
)
# Two outlets copying the wire with light edits.
COPY_1 = WIRE.replace("officials said", "local officials said").replace(
    "dozens of injured", "dozens of the injured")
COPY_2 = WIRE.replace("early on Tuesday", "on Tuesday morning") + (
    "\nThe region was last hit by a strong quake in 1998.")
# The same event written independently.
REWRITE = (
    "Rescuers in Puerto Alvarado dug through rubble on Tuesday after a 6.1-magnitude quake "
    "left 14 dead and about 230 hurt.\n"
    "Elena Marquez, the state governor, told reporters that the harbour district had suffered "
    "the worst damage.\n"
    "Injured residents were taken to hospitals in Santa Lucia, some 20 kilometres away.\n"
    "Marquez announced three days of official mourning for the victims of the Puerto Alvarado "
    "earthquake."
)
# Same kind of event, other place, people and numbers.
LOOK_ALIKE = (
    "A magnitude 5.4 earthquake struck the mountain city of Kirovsk on Sunday, killing two "
    "people and injuring 41, officials said.\n"
    "The quake hit at 9:40 p.m. local time at a depth of 35 kilometres.\n"
    "Mayor Anton Belov said rescue teams were checking schools and apartment blocks in "
    "Kirovsk.\n"
    "Hospitals in nearby Apatity treated the injured overnight.\n"
    "Belov said damaged buildings in the Kirovsk centre would be inspected."
)
FILLER = [
    "The city council of Brennfeld approved a new budget for public libraries on Monday, "
    "adding 12 reading rooms and longer opening hours.\nCouncillor Maria Holt said the "
    "libraries had seen record visitor numbers.",
    "Shares in Norvane Foods rose 8 percent after the company reported higher quarterly "
    "profits from its frozen vegetables business.\nChief executive Tom Ridley said exports to "
    "Asia had doubled.",
    "The Harwick Rovers football club signed midfielder Lukas Brandt on a three-year "
    "contract.\nCoach Peter Sallow said Brandt would strengthen the team for the league "
    "season.",
]
ARCHIVE = [FILLER[0], WIRE, LOOK_ALIKE, COPY_1, FILLER[1], REWRITE, COPY_2, FILLER[2]]
STORY = [1, 3, 5, 6]  # wire, both copies and the rewrite


def _story_of(stories: list[list[int]], index: int) -> list[int]:
    return next(s for s in stories if index in s)


def _group(texts: list[str], dates: list[str | None] | None = None) -> list[list[int]]:
    dates = dates or [None] * len(texts)
    return group_stories([sketch_article("", t, d) for t, d in zip(texts, dates, strict=True)])


def test_copies_and_rewrite_group_look_alike_and_filler_apart() -> None:
    stories = _group(ARCHIVE)
    assert _story_of(stories, 1) == STORY
    assert _story_of(stories, 2) == [2]  # the look-alike earthquake is its own story
    for filler in (0, 4, 7):
        assert _story_of(stories, filler) == [filler]


def test_every_index_once_and_ordering() -> None:
    stories = _group(ARCHIVE)
    flat = [i for s in stories for i in s]
    assert sorted(flat) == list(range(len(ARCHIVE)))
    assert all(s == sorted(s) for s in stories)
    assert stories == sorted(stories, key=lambda s: (-len(s), s[0]))
    assert stories[0] == STORY and stories[1:] == [[0], [2], [4], [7]]


def test_dates_far_apart_split_the_same_text() -> None:
    texts = [WIRE, COPY_1, REWRITE, COPY_2]
    near = _group(texts, ["2023-07-25", "2023-07-25", "2023-07-27T10:00:00", None])
    assert near == [[0, 1, 2, 3]]
    far = _group(texts, ["2023-07-25", "2023-07-26", "2023-09-30", "2023-09-29"])
    assert far == [[0, 1], [2, 3]]


def test_unreadable_date_counts_as_unknown() -> None:
    assert sketch_article("", WIRE, "not a date").day is None
    assert sketch_article("", WIRE, "2023-07-27").day == sketch_article("", WIRE,
                                                                       "2023-07-27T08:00Z").day


def test_empty_and_single() -> None:
    assert group_stories([]) == []
    assert group_stories([sketch_article("Quake", WIRE)]) == [[0]]


def test_empty_texts_are_not_duplicates_of_each_other() -> None:
    sketches = [sketch_article("", ""), sketch_article("", ""), sketch_article("", WIRE)]
    assert sketches[0].minhash is None
    assert group_stories(sketches) == [[0], [1], [2]]


def test_headline_counts() -> None:
    sketch = sketch_article("Puerto Alvarado quake", "Rescuers worked through the night.")
    assert "alvarado" in sketch.terms and "quake" in sketch.terms


def test_names_and_numbers_are_marked() -> None:
    sketch = sketch_article("", WIRE)
    kinds = dict(zip(sketch.terms, sketch.kinds, strict=True))
    assert kinds["marquez"] == 1 and kinds["alvarado"] == 1  # names
    assert kinds["6.1"] == 2 and kinds["230"] == 2  # numbers
    assert kinds["rescue"] == 0  # a common word
    assert "the" not in kinds and "said" not in kinds  # stop words dropped


def test_sketch_pickles_small() -> None:
    long_text = "\n".join(f"{WIRE} Update {n}: more details from district {n}." for n in range(40))
    sketch = sketch_article("Quake", long_text, "2023-07-27")
    assert len(sketch.terms) <= 150  # a capped bag, not the whole text
    data = pickle.dumps(sketch)
    assert len(data) < 4_000
    again = pickle.loads(data)
    assert isinstance(again, ArticleSketch)
    assert again.terms == sketch.terms and again.day == sketch.day
    assert again.minhash is not None and sketch.minhash is not None
    assert again.minhash.jaccard(sketch.minhash) == 1.0
    assert group_stories([sketch, again]) == [[0, 1]]


def test_many_copies_of_one_wire_story_stay_one_story() -> None:
    # More copies than top-k neighbours: they must still end in one story.
    texts = [WIRE + f"\nReported by outlet {n}." for n in range(30)] + FILLER
    stories = _group(texts)
    assert stories[0] == list(range(30))
    assert len(stories) == 4


# The wire's wording with every name and number replaced: the look-alike a template makes.
SAME_WORDS_OTHER_NAMES = (
    WIRE.replace("6.1", "5.2").replace("Puerto Alvarado", "Villa Corona").replace("14", "3")
    .replace("230", "57").replace("4:12", "7:45").replace("Elena Marquez", "Jorge Salas")
    .replace("Marquez", "Salas").replace("Santa Lucia", "San Isidro").replace("Tuesday", "Friday")
    .replace("Geological Survey", "Seismic Service")
)


def test_same_words_other_names_stay_apart() -> None:
    texts = [WIRE, COPY_1, REWRITE, SAME_WORDS_OTHER_NAMES, *FILLER]
    stories = _group(texts)
    assert _story_of(stories, 0) == [0, 1, 2]
    assert _story_of(stories, 3) == [3]


def test_a_template_look_alike_is_no_copy() -> None:
    """A long template with a few names: its look-alike shares most word 3-grams (MinHash
    calls it a copy) yet none of its names, so the copy step must not join them."""
    template = " ".join(
        f"The council met again on the matter of the {thing} and members said the work "
        "would continue through the season as planned."
        for thing in ("bridge repairs", "school roof", "water mains", "bus depot", "library",
                      "harbour wall", "market hall", "swimming pool", "fire station",
                      "town square", "cycle paths", "street lights"))
    first = "Mayor Ilse Brandt of Oberwald opened the session. " + template
    other = "Mayor Tomas Vidal of Riberal opened the session. " + template
    first_copy = first + " Reporting by Jan Koehler."
    sketches = [sketch_article("", t) for t in (first, other, first_copy)]
    assert sketches[0].minhash.jaccard(sketches[1].minhash) >= 0.5  # the copy route sees it
    stories = group_stories(sketches)
    assert _story_of(stories, 0) == [0, 2]
    assert _story_of(stories, 1) == [1]


def test_similarity_does_not_drift_with_unrelated_articles() -> None:
    # Weights df ** -a depend on document frequencies only: articles sharing none of the
    # pair's terms leave the pair's cosine unchanged, however many are added.
    pair = [sketch_article("", WIRE), sketch_article("", REWRITE)]
    unrelated = [sketch_article("", f"Zorvex{n} Qlint{n} Brabble{n} Wuxom{n}") for n in range(500)]
    small, _ = _weighted_bags(pair, DEFAULT)
    large, _ = _weighted_bags(pair + unrelated, DEFAULT)
    assert abs((small[0] @ small[1].T).toarray()[0, 0]
               - (large[0] @ large[1].T).toarray()[0, 0]) < 1e-5
    assert (small[0] @ small[1].T).toarray()[0, 0] > 0.1


def test_lead_embeddings_only_propose_edges_on_the_term_scale() -> None:
    """With vectors, the embedding neighbours join the graph with their term-bag cosine;
    pairs the term search found already, and pairs sharing too few terms, add nothing."""
    from analysis.corpus.grouping import _embedding_edges, _weighted_bags, lead_text

    texts = [WIRE, REWRITE, *FILLER]
    unit = np.eye(len(texts), 8, dtype=np.float32)
    unit[1] = unit[0]  # the rewrite's lead means what the wire's does
    sketches = [sketch_article("", t, None, unit[k]) for k, t in enumerate(texts)]
    assert sketches[0].vector is not None and len(sketches[0].vector) == 2 * 8
    matrix, _ = _weighted_bags(sketches, DEFAULT)
    proposed = _embedding_edges(sketches, matrix, {}, DEFAULT)
    assert (0, 1) in proposed
    expected = float(matrix[0].multiply(matrix[1]).sum())
    assert proposed[(0, 1)] == pytest.approx(expected)
    assert (0, 1) not in _embedding_edges(sketches, matrix, {(0, 1): 0.5}, DEFAULT)
    lexical = [sketch_article("", t) for t in texts]
    assert _embedding_edges(lexical, matrix, {}, DEFAULT) == {}
    assert group_stories(sketches) == group_stories(lexical)  # small: the same stories
    assert lead_text("Quake hits", "short\n" + WIRE).startswith("Quake hits ")
