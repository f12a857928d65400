"""Details compared sentence by sentence, without the word alignment
(analysis.divergence.sentence_details).

Every case is invented; the wording of each pair is deliberately far apart, so only the
sentence-level reading can line the details up.
"""

import pytest

from analysis.divergence.detail_diff import compare_details
from analysis.divergence.titles import person_titles, speakers


def found(a: str, b: str) -> dict[str, tuple[str, str, str, str]]:
    return {f.kind: (f.words_a, f.words_b, f.value_a, f.value_b) for f in compare_details(a, b)}


@pytest.mark.parametrize(
    ("a", "b", "kind", "value_a", "value_b"),
    [
        ("Late on Friday night, the levee near Ormsby gave way under the flood.",
         "The Ormsby levee was breached by floodwater on Friday morning, engineers said.",
         "date", "night", "morning"),
        ("Divers recovered the wreck's bell on Saturday after a week of searching.",
         "After a week of searching, the team will try to raise the bell on Saturday.",
         "date", "", "future"),
        ("Hollin is the only village in the district that still draws water from a well.",
         "Hollin is one of the few villages in the district still using a well for water.",
         "scope", "only", "few one of several"),
        ("It was the first strike at the Varn plant since it opened in 1990.",
         "Strikes have been rare at Varn, a plant that opened in 1990.", "scope", "first",
         "rare"),
        ("Port engineer Mila Dorn said the crane had failed twice.",
         "The crane had failed twice, according to Mila Dorn, the harbour's safety chief.",
         "role", "engineer", "chief"),
        ("Ivo Tamm, a customs inspector, said the seals had been broken.",
         "Former customs inspector Ivo Tamm told reporters the seals were broken.",
         "role", "", "former"),
        ("The crew had enough fuel for two days, harbour master Rosa Lind told reporters.",
         "According to Tomas Wern, the stranded crew has fuel for two days.",
         "attribution", "lind", "wern"),
        ("The ferry line did not refund passengers for the cancelled crossings.",
         "The ferry line refunded some passengers for crossings it cancelled.",
         "negation", "not", ""),
        ("Tarrow is the only harbour on the coast deep enough for tankers.",
         "Tarrow is one of the deepest harbours on the coast, able to take tankers.",
         "scope", "only", "one of several"),
        ("Nineteen climbers were stranded above the glacier overnight.",
         "A dozen mountaineers spent the night stuck above the glacier.",
         "number", "19.0", "12.0"),
    ],
)
def test_a_detail_in_heavily_reworded_sentences_is_found(a, b, kind, value_a, value_b):
    result = found(a, b)
    assert kind in result, result
    assert result[kind][2:] == (value_a, value_b)


def test_a_hedge_phrase_of_several_words_is_a_hedge():
    result = found("The operator is said to have skipped two inspections last spring.",
                   "The operator skipped two inspections last spring, auditors found.")
    assert result["hedging"][2:] == ("is said to", "")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # a part of the day one sentence adds only narrows the other: no conflict (issue 32)
        ("Late on Friday night, the levee near Ormsby gave way under the flood.",
         "The Ormsby levee was breached by floodwater on Friday, engineers said."),
        # the future in both wordings: scheduled either way
        ("The council will vote on the budget on Monday.",
         "A vote on the budget is planned for Monday, the council said."),
        # a possessive title belongs to the person named after it, not to the possessor
        ("Dorn's deputy, Ana Reyes, opened the gates.",
         "Ana Reyes, Dorn's deputy, opened the gates at dawn."),
        # 'the first time' in both: one claim
        ("Rangers used a drone for the first time to count the herd.",
         "For the first time, rangers counted the herd with a drone."),
        # the same title, given before or after the name
        ("Mila Dorn, the port engineer, said the crane failed.",
         "Port engineer Mila Dorn said the crane failed."),
        # the same speaker, said or told
        ("The crane failed twice, Mila Dorn told reporters.",
         "Mila Dorn said the crane had failed twice."),
        # a forecast with a date is timing, not a hedge
        ("The festival ends on Sunday with a concert in the square.",
         "The festival is expected to end on Sunday with a concert in the square."),
        # 'first opened' says when, not a claim's rank
        ("The bridge first opened to traffic in 1931.", "The bridge opened to traffic in 1931."),
        # two people of one surname carry two titles
        ("Port engineer Mila Dorn inspected the crane.",
         "Harbour master Tove Dorn inspected the crane."),
        # 'the first rescue team' and 'the first team of rescuers' say the same
        ("Ana Reyes led the first rescue team up the slope.",
         "Ana Reyes led the first team of rescuers up the slope."),
    ],
)
def test_look_alikes_are_not_divergences(a, b):
    result = found(a, b)
    assert not set(result) & {"date", "role", "scope", "attribution", "hedging"}, result


def test_titles_come_only_from_explicit_patterns():
    titles = person_titles("Dorn's deputy, Ana Reyes, met Trade Minister Ivo Tamm.")
    assert {p: t[0].words for p, t in titles.items()} == {"reyes": "deputy",
                                                           "tamm": "Trade Minister"}
    assert "dorn" not in titles
    assert person_titles("Tamm, the country's trade minister, arrived.")["tamm"][0].head \
        == "minister"


def test_a_verb_before_a_title_is_no_part_of_it():
    titles = person_titles("The mayor sent harbour master Rosa Lind to the quay.")
    assert titles["lind"][0].words == "harbour master"


def test_a_generic_head_after_the_same_domain_is_a_description():
    # 'port chief' for 'port director' describes one office; 'Port Chief' is a title
    assert "role" not in found("Port director Ivo Tamm closed the quay on Monday.",
                               "The quay was closed on Monday by port chief Ivo Tamm.")
    assert "role" in found("Port Director Ivo Tamm closed the quay.",
                           "Port Commissioner Ivo Tamm closed the quay.")


def test_speakers_are_read_around_speech_verbs():
    assert set(speakers("Rosa Lind said the crew was safe, and Tomas Wern agreed.")) == {"lind"}
    assert set(speakers("According to Tomas Wern, the crew was safe.")) == {"wern"}
    assert speakers("Rosa Lind sailed to Tarrow.") == {}
