"""Quote tracker: quote styles, speakers, and the same quotation across sources."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.pipeline.comparison import compare
from analysis.quotes.tracking import (
    MAX_UNCLOSED_CHARS,
    Quote,
    extract_quotes,
    similarity,
    track_quotes,
)
from analysis.results import Article, ArticleResult, Comparison, QuoteGroup
from analysis.text.speech import speaker_key

A000, A001, A002, A003, A004 = (
    "000_adeca93de2b3738f", "001_e04fe7b58e7037ad", "002_7c91d741beb2bec9",
    "003_c4549c38badeb659", "004_1ba25c30ac1e166f",
)


def _result(text: str) -> ArticleResult:
    return compare([Article(id="a", text=text)]).articles[0]


def _quotes(text: str) -> list[Quote]:
    result = _result(text)
    quotes = extract_quotes(result)
    for quote in quotes:
        assert result.cleaned_text[quote.start : quote.end] == quote.text
    return quotes


def _only(text: str) -> Quote:
    quotes = _quotes(text)
    assert len(quotes) == 1, quotes
    return quotes[0]


def _group_with(groups: tuple[QuoteGroup, ...], words: str) -> QuoteGroup:
    return next(g for g in groups if any(words in v.text for v in g.variants))


# --- quote styles -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        'Putin said, "We will win this war."',
        "Putin said, “We will win this war.”",
        "Putin said, ‘We will win this war.’",
        "Putin said, 'We will win this war.'",
        "Putin said, «We will win this war.»",
        "Putin said, « We will win this war. »",
    ],
)
def test_every_quote_style_gives_the_words_without_marks(text):
    quote = _only(text)
    assert quote.text == "We will win this war."
    assert quote.speaker == "Putin"
    assert quote.closed and not quote.scare


def test_apostrophe_inside_single_quotes_does_not_close_the_quote():
    quote = _only(
        "‘It doesn’t help when two permanent members of the UN Security Council openly "
        "support a North Korean regime,’ Easley said."
    )
    assert quote.text.startswith("It doesn’t help when")
    assert quote.text.endswith("North Korean regime")  # the comma before the mark is trimmed
    assert quote.speaker == "Easley"


def test_possessive_apostrophes_outside_quotes_open_nothing():
    assert _quotes("The hostile forces' various threats and the countries’ stance.") == []


def test_nested_quotes_stay_inside_the_outer_quote():
    straight = _only('Maria Lopez told reporters about it. "He said \'no\' twice," she said.')
    assert straight.text == "He said 'no' twice"
    british = _only("Maria Lopez told reporters about it. ‘He said “no” twice,’ she said.")
    assert british.text == "He said “no” twice"
    # "she" is resolved to the nearest preceding named speaker of a speech verb
    assert (straight.speaker, straight.resolved) == ("Maria Lopez", True)


def test_multi_sentence_quote_keeps_first_and_last_sentence():
    quote = _only('"We will not retreat. We will fight on. Nobody can stop us," Kim said.')
    assert quote.text == "We will not retreat. We will fight on. Nobody can stop us"
    assert quote.sentence == 0
    assert quote.last_sentence >= 1
    assert quote.speaker == "Kim"


def test_unclosed_quote_stops_at_the_paragraph_end():
    quotes = _quotes(
        'Putin said: "This will go on and on.\n'
        'A later paragraph mentions "Victory Day" and ends here.'
    )
    first, second = quotes
    assert first.text == "This will go on and on."
    assert not first.closed and first.speaker == "Putin"
    assert second.text == "Victory Day" and second.closed


def test_unclosed_quote_in_a_long_paragraph_is_capped():
    text = 'He began "' + "word " * 400 + "and never closed it. " + "More text. " * 100
    quote = _only(text)
    assert not quote.closed
    assert len(quote.text) <= MAX_UNCLOSED_CHARS


def test_unclosed_single_quote_is_taken_for_an_apostrophe():
    assert _quotes("They play rock 'n roll music all night.") == []


def test_short_quotes_without_speaker_are_scare_quotes():
    victory = _only('The anniversary is celebrated in North Korea as "Victory Day".')
    assert victory.scare and victory.speaker is None
    framed = _only("Vedant Patel said the US was “incredibly concerned” about the ties.")
    assert not framed.scare


# --- speakers -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "speaker", "role"),
    [
        ('"It was wrong," Easley said.', "Easley", None),
        ("“It was wrong,” said Ankit Panda of the US-based Carnegie Endowment.", "Ankit Panda",
         None),
        ("“It was wrong,” said Leif-Eric Easley, professor of international studies.",
         "Leif-Eric Easley", "professor of international studies"),
        ('"The parade was a great success for the nation," KCNA stated.', "KCNA", None),
        ("UN spokesperson Stephane Dujarric said: ‘All members share the same responsibility.’",
         "Stephane Dujarric", "UN spokesperson"),
        ('Putin said, "We are ready for talks at any time."', "Putin", None),
        ("Mr Putin in his relayed message said: “The historic experience has noble values.”",
         "Putin", None),
        ("State Department deputy spokesperson Vedant Patel said on Thursday that the U.S. was "
         '"incredibly concerned" about the ties, Reuters reported.', "Vedant Patel",
         "State Department deputy spokesperson"),
        ("Shoigu, on Wednesday, had said that North Korea has “the most powerful army in the "
         "world”.", "Shoigu", None),
        ("The US was ‘incredibly concerned’ about ties between the two, Patel said.", "Patel",
         None),
        ("Russian President Vladimir Putin warned of “grave consequences for everyone”.",
         "Vladimir Putin", "Russian President"),
    ],
)
def test_speaker_before_after_and_around_the_quote(text, speaker, role):
    quote = _only(text)
    assert quote.speaker == speaker
    assert quote.role == role
    assert not quote.resolved


def test_a_quote_ending_a_sentence_does_not_take_the_next_subject():
    first, second = _quotes('Putin told reporters: "We are fine." Lavrov said "we will win".')
    assert first.speaker == "Putin"
    assert second.speaker == "Lavrov"


def test_frame_verb_beats_the_relaying_outlet():
    quotes = _quotes(
        "Mr Putin claimed his pilots “carried out many flights” for “annihilating the enemy”, "
        "reported KCNA."
    )
    assert [q.speaker for q in quotes] == ["Putin", "Putin"]


def test_descriptions_and_pronouns_resolve_to_the_previous_named_speaker():
    quotes = _quotes(
        '"The missile column was the pride of the parade," KCNA stated.\n'
        '"The column passed the square in perfect order," the state-run news agency added.\n'
        '"Nobody will stop us now," he said.'
    )
    assert [(q.speaker, q.resolved) for q in quotes] == [
        ("KCNA", False), ("KCNA", True), ("KCNA", True)
    ]
    assert quotes[1].role == "the state-run news agency"


def test_pronoun_without_a_named_speaker_before_stays_unknown():
    quote = _only('"It is fine by us," he said.')
    assert quote.speaker is None and not quote.scare


def test_speaker_key_is_the_surname():
    assert {speaker_key(n) for n in ("Mr Putin", "Putin", "Vladimir Putin", "Mr. Putin’s")} == {
        "putin"
    }
    assert speaker_key("Kim Jong-un") == speaker_key("Kim Jong Un")
    assert speaker_key("Leif-Eric Easley") == "easley"


# --- grouping -----------------------------------------------------------------------------


def _track(*texts: str) -> tuple[QuoteGroup, ...]:
    articles = [Article(id=f"s{k}", text=text) for k, text in enumerate(texts)]
    return track_quotes(compare(articles))


def test_same_words_given_to_different_speakers():
    words = "We will never accept these sanctions against our people"
    groups = _track(f'"{words}," Lavrov said.', f"“{words},” said Dmitry Peskov.")
    assert len(groups) == 1
    group = groups[0]
    assert group.sources == ("s0", "s1")
    assert group.attribution_differs and not group.wording_differs
    assert group.speakers == ("Lavrov", "Dmitry Peskov")


def test_unknown_speaker_is_not_a_different_speaker():
    words = "We will never accept these sanctions against our people"
    groups = _track(f'"{words}," Lavrov said.', f'Sources quoted "{words}" on Monday.')
    assert len(groups) == 1
    assert not groups[0].attribution_differs
    assert groups[0].speakers == ("Lavrov",)


def test_mr_putin_and_vladimir_putin_are_one_speaker():
    words = "the historic experience of combative friendship has noble values"
    groups = _track(f'"{words}," Vladimir Putin said.', f"Mr Putin said: “{words}”")
    assert not groups[0].attribution_differs
    assert groups[0].speakers == ("Vladimir Putin",)


def test_shorter_quote_contained_in_a_longer_one_is_the_same_quotation():
    groups = _track(
        '"Our solidarity with Russia on key international issues highlights common interests '
        'and determination," Putin said.',
        "Shoigu praised North Korea’s “solidarity with Russia on key international issues”.",
    )
    assert len(groups) == 1
    assert groups[0].wording_differs and groups[0].attribution_differs


def test_short_quotes_group_only_with_the_same_words():
    groups = _track(
        'Russia calls it a "special military operation" in Ukraine.',
        '"Our firm support to the special military operation will continue," Kim said.',
        "It was a ‘special military operation’, the Kremlin insists.",
    )
    short = _group_with(groups, "special military operation")
    assert short.short and short.sources == ("s0", "s2")
    assert len(groups) == 2


def test_quotes_of_one_article_are_never_linked_to_each_other():
    words = "We will never accept these sanctions against our people"
    groups = _track(f'"{words}," Lavrov said. Later he repeated: "{words}."')
    assert len(groups) == 2


def test_unrelated_quotes_are_not_grouped():
    assert similarity(
        "The excitement and great joy of the spectators reached its height",
        "the most powerful army in the world",
    ) is None
    assert similarity("incredibly concerned", "incredibly concerned") == 100


def test_groups_are_sorted_by_reach_then_first_appearance():
    groups = _track(
        '"Alpha words stay alone here," Ann said. "Bravo is carried by two sources," Bob said.',
        '"Bravo is carried by two sources," Bob said.',
    )
    assert [g.id for g in groups] == [0, 1]
    assert groups[0].sources == ("s0", "s1")
    assert groups[1].text.startswith("Alpha")


# --- the sample story ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_groups(sample_comparison: Comparison) -> tuple[QuoteGroup, ...]:
    return track_quotes(sample_comparison)


def test_sample_incredibly_concerned_is_one_group_credited_to_vedant_patel(sample_groups):
    group = _group_with(sample_groups, "incredibly concerned")
    assert group.sources == (A000, A002, A004)
    assert group.speakers == ("Vedant Patel",)
    assert not group.wording_differs and not group.attribution_differs


def test_sample_role_is_kept_apart_from_the_name(sample_comparison):
    result = next(a for a in sample_comparison.articles if a.id == A000)
    patel = next(q for q in extract_quotes(result) if q.text == "incredibly concerned")
    assert (patel.speaker, patel.role) == ("Vedant Patel", "State Department deputy spokesperson")


def test_sample_putin_firm_and_unwavering_support_are_one_quotation(sample_groups):
    group = _group_with(sample_groups, "firm support to the special military operation")
    texts = [v.text for v in group.variants]
    assert any("unwavering support for [Russia’s] special military operation" in t for t in texts)
    assert group.sources == (A000, A004)
    assert group.wording_differs
    # 004 gives part of Putin's message ("solidarity with Russia …") to Shoigu, who read it out
    assert "Shoigu" in group.speakers and "Vladimir Putin" in group.speakers
    assert group.attribution_differs


def test_sample_single_quoted_easley_quote_is_whole(sample_comparison):
    result = next(a for a in sample_comparison.articles if a.id == A002)
    easley = next(q for q in extract_quotes(result) if q.speaker == "Easley")
    assert easley.text.startswith("It doesn’t help when two permanent members")
    assert easley.text.endswith("nuclear and missile development")


def test_sample_scare_quotes_are_flagged_short_groups(sample_groups):
    victory = _group_with(sample_groups, "Victory Day")
    assert victory.short and victory.speakers == ()
    assert victory.sources == (A000, A001, A002, A004)


def test_sample_groups_are_deterministic(sample_comparison, sample_groups):
    assert track_quotes(sample_comparison) == sample_groups
    reach = [len(g.sources) for g in sample_groups]
    assert reach == sorted(reach, reverse=True)


# --- any text -----------------------------------------------------------------------------

_PIECES = st.sampled_from(
    list("ab Z.,;:\n'\"‘’“”«»‹›„-—?!") + [
        "doesn’t", " said", " he said", " Putin said", " Mr ", " the agency added",
        " according to", "s’ ", " Easley said.",
    ]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECES, max_size=60).map("".join) | st.text(max_size=120))
def test_extract_quotes_never_raises_and_offsets_slice_the_text(text):
    result = _result(text)
    for quote in extract_quotes(result):
        assert result.cleaned_text[quote.start : quote.end] == quote.text
        assert quote.text.strip() == quote.text and "\n" not in quote.text
        assert 0 <= quote.sentence <= quote.last_sentence < len(result.sentences)


def test_partial_ratio_is_asked_only_when_the_words_are_there():
    """The word gate in front of partial_ratio (issue 10) keeps a quotation relayed inside a
    longer one, and spares the costly scorer pairs that share a word or two."""
    from analysis.quotes.tracking import _bare, _item, _words_within

    inner = _item(_bare("we will rebuild the bridge before winter"))
    outer = _item(_bare("This is our town, and we will rebuild the bridge before winter, "
                        "whatever it costs"))
    other = _item(_bare("the council will meet again in spring to decide on the budget"))
    assert _words_within(inner, outer)
    assert not _words_within(inner, other)
    assert similarity("we will rebuild the bridge before winter",
                      "This is our town, and we will rebuild the bridge before winter, "
                      "whatever it costs") is not None


def test_pairs_of_similar_wordings_expand_to_every_pair_of_their_quotes(monkeypatch):
    """The quote pairs built with arrays (in blocks) are the nested loops' pairs: each
    pair of one wording's quotes once, never two quotes of one article."""
    import random

    import numpy as np

    from analysis.quotes import tracking as quotes

    rng = random.Random(7)
    for trial in range(30):
        n_items = rng.randint(1, 40)
        articles = np.asarray([rng.randint(0, 5) for _ in range(n_items)], dtype=np.int64)
        order = list(range(n_items))
        rng.shuffle(order)
        cuts = sorted(rng.sample(range(1, n_items), rng.randint(0, n_items - 1))) \
            if n_items > 1 else []
        occurrences = [order[a:b] for a, b in zip([0, *cuts], [*cuts, n_items], strict=True)]
        wordings = len(occurrences)
        found = sorted({tuple(sorted((rng.randrange(wordings), rng.randrange(wordings))))
                        for _ in range(rng.randint(0, 3 * wordings))})
        xs = np.asarray([x for x, _ in found], dtype=np.int64)
        ys = np.asarray([y for _, y in found], dtype=np.int64)
        scores = np.asarray([float(rng.randint(80, 100)) for _ in found])
        expected = set()
        for (x, y), score in zip(found, scores.tolist(), strict=True):
            for i in occurrences[x]:
                for j in occurrences[y]:
                    if (x != y or i < j) and articles[i] != articles[j]:
                        expected.add((min(i, j), max(i, j), score))
        monkeypatch.setattr(quotes, "_EXPANDED_BLOCK", rng.choice([1, 5, 1 << 20]))
        first, second, value = quotes._expanded(occurrences, articles, xs, ys, scores)
        got = list(zip(first.tolist(), second.tolist(), value.tolist(), strict=True))
        assert len(got) == len(set(got)) and set(got) == expected, trial
