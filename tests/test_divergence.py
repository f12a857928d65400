"""Detectors of disagreement between matched sentences, gaps and framing."""

import pytest

from analysis.divergence.finder import compare_details
from analysis.pipeline.comparison import compare
from analysis.results import Article
from analysis.story.framing import headline_framing
from analysis.story.gaps import source_gaps


def kinds(a: str, b: str) -> list[tuple[str, str, str]]:
    return [(f.kind, f.words_a, f.words_b) for f in compare_details(a, b)]


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("The parade was held on Thursday in the capital.",
         "The parade was held on Wednesday in the capital.", ("date", "Thursday", "Wednesday")),
        ("Five drones crossed the border on Monday.", "Six drones crossed the border on Monday.",
         ("number", "Five", "Six")),
        ("The company lost $2.5 billion last year.", "The company lost $1.8 billion last year.",
         ("number", "$2.5 billion", "$1.8 billion")),
        ("Talks were held in July in Geneva.", "Talks were held in June in Geneva.",
         ("date", "July", "June")),
        ("Smith met Jones in Paris on Friday.", "Smith met Brown in Paris on Friday.",
         ("name", "Jones", "Brown")),
        ("State Department deputy spokesperson Vedant Patel said the US was concerned.",
         "State Department spokesperson Vedant Patel said the US was concerned.",
         ("role", "deputy spokesperson", "spokesperson")),
        ("The spokesman John Smith said talks failed.",
         "The minister John Smith said talks failed.", ("role", "spokesman", "minister")),
        ("The missiles are believed to have the range to hit targets anywhere in the country.",
         "The missiles are capable of hitting targets anywhere in the country.",
         ("hedging", "believed to have the range to hit targets", "capable of hitting targets")),
        ("The ministry said it would attend the summit.",
         "The ministry said it would not attend the summit.",
         ("negation", "attend", "not attend")),
        # negation read claim by claim: both say "no arrests", only one "no description"
        ("No arrests have been made and police have released no description of the thieves.",
         "Police have released a description of the thieves, but no arrests have been made.",
         ("negation", "no description", "a description")),
        ("Fifteen people were hurt in the crash.", "Sixteen people were hurt in the crash.",
         ("number", "Fifteen", "Sixteen")),
        ("Sixty firefighters fought the blaze.", "Ninety firefighters fought the blaze.",
         ("number", "Sixty", "Ninety")),
        ("Forty-two firefighters fought the blaze.", "Sixty firefighters fought the blaze.",
         ("number", "Forty-two", "Sixty")),
        ("The bridge was last inspected in 2019, officials said.",
         "The bridge was last inspected in 2021, officials said.", ("date", "2019", "2021")),
        ("The vote was held on March 14 after talks failed.",
         "The vote was held on March 4 after talks failed.", ("date", "14", "4")),
        ("Flights resumed at 4 a.m. on Saturday.", "Flights resumed at 6 a.m. on Saturday.",
         ("date", "4", "6")),
        ("The fire broke out on Thursday morning in the warehouse.",
         "The fire broke out on Thursday night in the warehouse.",
         ("date", "morning", "night")),
        ("The talks were led by Brian Lund on Monday.",
         "The talks were led by Sean Lund on Monday.", ("name", "Brian", "Sean")),
        ("Valeria Núñez, a spokesperson, visited the plant on Friday.",
         "Valeria Muñoz, a spokesperson, visited the plant on Friday.",
         ("name", "Núñez", "Muñoz")),
        ("The ship was towed to Port Aldwick for inspection.",
         "The ship was towed to Port Varne for inspection.", ("name", "Aldwick", "Varne")),
        ("Fire Chief Dana Okafor said the roof collapsed.",
         "Deputy Fire Chief Dana Okafor said the roof collapsed.",
         ("role", "Fire Chief", "Deputy Fire Chief")),
        ("Former harbour master Agnes Pellow praised the crew.",
         "Harbour master Agnes Pellow praised the crew.",
         ("role", "Former harbour master", "Harbour master")),
        ("The hospital said the strike would delay 300 operations.",
         "The union said the strike would delay 300 operations.",
         ("attribution", "hospital", "union")),
        ('"We will rebuild," said Governor Alma Reyes on Tuesday.',
         '"We will rebuild," said Mayor Sean Whitford on Tuesday.',
         ("attribution", "Governor Alma Reyes", "Mayor Sean Whitford")),
        ("Officials said the bridge would stay closed for at least six months.",
         "Officials said the bridge would stay closed for six months.",
         ("scope", "at least six", "six")),
        ("All passengers were taken ashore by midnight.",
         "Nearly all passengers were taken ashore by midnight.",
         ("scope", "All", "Nearly All")),
        ("The strike will last two weeks, union officials said.",
         "The strike could last two weeks, union officials said.",
         ("hedging", "will last", "could last")),
    ],
)
def test_each_kind_of_divergence(a, b, expected):
    assert expected in kinds(a, b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Pyongyang and Moscow have denied holding any arms transactions.",
         "North Korea and Russia have denied holding any arms transactions."),
        ("Kim hosted Shoigu at the palace.", "Kim Jong-un hosted Mr Shoigu at the palace."),
        ("Korea’s “Victory Day” parade was held.", "Korea's \"Victory Day\" parade was held."),
        ("The Russian defence minister arrived.", "The Russian Defence Minister arrived."),
        ("The officials met.", "The official met."),
        ("He said the talks may resume.", "He said the talks may resume soon."),
        ("Fifteen people were hurt.", "15 people were hurt."),
        ("The firm lost two hundred jobs.", "The firm lost 200 jobs."),
        ("About 1,200 nurses went on strike.", "Around 1,200 nurses went on strike."),
        ("Pyongyang and Moscow have denied the claim.",
         "Both Moscow and Pyongyang have denied the claim."),
        ("Mayor Whitford said the collapse should never have happened.",
         "Mayor Sean Whitford said the collapse should never have happened."),
        ("Fire officials said the leak was contained.",
         "Fire officials said the leak was contained within an hour."),
        ("The Russian minister arrived on Monday.", "The minister arrived on Monday."),
        ("No one was hurt in the fire at the depot.", "Nobody was hurt in the fire at the depot."),
        # refinements: one only narrows the other, both can be true (issue 32)
        ("The fire broke out on Thursday in the warehouse.",
         "The fire broke out on Thursday night in the warehouse."),
        ("Staff were told of the closure on Monday, the union said.",
         "Staff were told of the closure on Monday morning, the union said."),
        ("The boat capsized at dawn on Sunday near the harbour.",
         "The boat capsized on Sunday near the harbour."),
    ],
)
def test_same_details_in_other_words_are_not_flagged(a, b):
    assert kinds(a, b) == []


def test_a_hedge_in_a_clause_the_other_lacks_is_not_a_conflict():
    short = "The parade included the new missiles, according to state media."
    long = ("The parade included the new missiles, believed to have the range to strike "
            "targets anywhere in the United States.")
    assert [k for k in kinds(short, long) if k[0] == "hedging"] == []


def test_gaps_rank_blind_spots_by_coverage(sample_comparison):
    gaps = {g.source: g for g in source_gaps(sample_comparison)}
    widths = {e.id: len(e.sources) for e in sample_comparison.elements}
    for gap in gaps.values():
        assert all(widths[e] == 1 for e in gap.unique)
        omitted = [widths[e] for e in gap.omitted]
        assert omitted == sorted(omitted, reverse=True)
        assert all(w >= 2 for w in omitted)
    assert len(gaps["003_c4549c38badeb659"].omitted) > len(gaps["001_e04fe7b58e7037ad"].omitted)


def test_framing_finds_headline_and_standfirst(sample_comparison):
    framing = {f.source: f for f in headline_framing(sample_comparison)}
    independent = framing["004_1ba25c30ac1e166f"]
    assert independent.headline.startswith("Putin thanks North Korea")
    assert independent.standfirst.startswith("North Korea joined by allies")
    assert framing["000_adeca93de2b3738f"].headline == ""
    assert all(f.lead_elements for f in framing.values())


def test_divergences_on_two_tiny_articles():
    result = compare([
        Article(id="a", text="Officials said five people were injured in the blast on Monday."),
        Article(id="b", text="Officials said six people were injured in the blast on Monday."),
    ])
    assert [(d.kind, sorted(s.words for s in d.sides)) for d in result.divergences] == [
        ("number", ["five", "six"])
    ]


def test_names_ending_like_adjectives_are_names():
    from analysis.divergence.tokens import is_name, tokenize

    sentence = "On Monday Brian, Sean, Dean and Kevin met the Russian envoy."
    tokens = {t.text: t for t in tokenize(sentence)}
    assert all(is_name(tokens[n]) for n in ("Brian", "Sean", "Dean", "Kevin"))
    assert not is_name(tokens["Russian"]) and not is_name(tokens["Monday"])


def _story(counts: list[str]) -> list[Article]:
    return [
        Article(id=f"{k:02d}", text=f"Officials said {count} people were injured in the blast "
                                    "at the Harbour Road depot on Monday.")
        for k, count in enumerate(counts)
    ]


def test_one_card_per_detail_with_a_value_table():
    """A count that varies across many articles is one card listing every source by value."""
    counts = ["five"] * 6 + ["six"] * 3 + ["seven", "eight"]
    result = compare(_story(counts))
    cards = [d for d in result.divergences if d.kind == "number"]
    assert len(cards) == 1
    card = cards[0]
    assert [(side.words.lower(), len(side.sources)) for side in card.sides] == [
        ("five", 6), ("six", 3), ("seven", 1), ("eight", 1)]
    assert card.sources == tuple(f"{k:02d}" for k in range(len(counts)))
    assert card.pairs and card.element is not None


def test_conflicts_across_elements_and_never_an_omission():
    """Two sentences the engine links but puts in different elements still make a card, and
    the source is said to report the element differently, not to leave it out."""
    from dataclasses import replace as _replace

    from analysis.divergence.finder import find_divergences
    from analysis.results import Comparison, ElementMember, Match, StoryElement
    from analysis.story.gaps import source_gaps

    base = compare(_story(["forty-two", "forty-two", "sixty"]))
    elements = (
        StoryElement(0, "a", ("00", "01"), (ElementMember("00", 0), ElementMember("01", 0))),
        StoryElement(1, "b", ("02",), (ElementMember("02", 0),)),
    )
    split = _replace(base, elements=elements, divergences=(), gaps=())
    assert any(isinstance(m, Match) for m in split.matches)
    divergences = find_divergences(split)
    assert [(d.kind, d.element, d.elements) for d in divergences] == [("number", None, (0, 1))]
    gaps = {g.source: g for g in source_gaps(_replace(split, divergences=divergences))}
    assert 0 not in gaps["02"].omitted and gaps["02"].differs == ((0, divergences[0].id),)
    assert isinstance(split, Comparison)


def test_numerals_of_other_scripts_are_words_not_crashes():
    """Python calls "五" numeric, the English number parser cannot read it (found by the
    any-unicode property test): it is a plain word, and Arabic-Indic digits still count."""
    from analysis.divergence.tokens import tokenize

    assert [t.value for t in tokenize("五 people")] == [None, None]
    assert tokenize("٣ people")[0].value == 3.0


def test_two_people_who_each_praised_something_else_are_no_changed_speaker():
    # a shared speech verb ("praised") with other words said after it: two claims, so
    # neither an attribution nor a name difference at that place (only the loose,
    # sentence-level "other speaker" finding, which partial matches do not report)
    found = compare_details(
        "Mayor Ruiz praised the firefighters for their courage during the night.",
        "Governor Lane praised the volunteers who cooked meals for the evacuees.")
    assert [f for f in found if not f.loose] == []
    assert kinds("Mayor Ruiz praised the firefighters for their courage.",
                 "Governor Lane praised the firefighters for their courage.") == [
        ("attribution", "Mayor Ruiz", "Governor Lane")]


def test_compiled_word_alignment_gives_difflibs_opcodes(sample_comparison) -> None:
    """compare_details aligns words with cydifflib for speed: on every matched pair of the
    sample story it must give exactly the standard library's alignment."""
    import difflib

    import cydifflib

    from analysis.divergence.tokens import tokenize

    texts = sample_comparison.sentence_texts()
    pairs = {(texts[(m.a, m.a_sentence)], texts[(m.b, m.b_sentence)])
             for m in sample_comparison.matches}
    assert len(pairs) > 100
    for a, b in pairs:
        keys_a, keys_b = [t.key for t in tokenize(a)], [t.key for t in tokenize(b)]
        expected = difflib.SequenceMatcher(None, keys_a, keys_b, autojunk=False).get_opcodes()
        found = cydifflib.SequenceMatcher(None, keys_a, keys_b, autojunk=False).get_opcodes()
        assert [tuple(op) for op in found] == [tuple(op) for op in expected]


def test_what_only_one_source_reports_is_read_one_way(sample_comparison):
    """The text summary, the HTML report and the engine list the same unshared sentences
    (analysis.story.gaps.unshared_sentences), and none of them is matched, in a shared
    element or too short to be matched."""
    import html

    from analysis.output.report import to_text
    from analysis.story.gaps import unshared_sentences
    from components.exports.report import report_html

    unshared = unshared_sentences(sample_comparison)
    assert set(unshared) == {a.id for a in sample_comparison.articles}
    assert sum(map(len, unshared.values())) > 0
    matched = {(m.a, m.a_sentence) for m in sample_comparison.matches} | {
        (m.b, m.b_sentence) for m in sample_comparison.matches}
    shared = {(m.article, m.sentence) for e in sample_comparison.elements
              if len(e.sources) > 1 for m in e.members}
    shortest = int(sample_comparison.settings["min_chars"])
    for article, sentences in unshared.items():
        for s in sentences:
            assert (article, s.index) not in matched | shared and len(s.text) >= shortest
    text, page = to_text(sample_comparison), report_html(sample_comparison)
    for article, sentences in unshared.items():
        assert f"  {article} ({len(sentences)})" in text
        for s in sentences:
            assert html.escape(s.text) in page
