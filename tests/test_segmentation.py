import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.text.segmentation import split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mr. Putin met envoys. They left.", ["Mr. Putin met envoys.", "They left."]),
        ("The U.S. said no. Others agreed.", ["The U.S. said no.", "Others agreed."]),
        ("Talks begin on Dec. 5 in Geneva. More later.",
         ["Talks begin on Dec. 5 in Geneva.", "More later."]),
        ("Kim Jong-un arrived. He waved.", ["Kim Jong-un arrived.", "He waved."]),
        ('He said: "We will win." Then he left.', ['He said: "We will win."', "Then he left."]),
        ("Dr. No arrived. He sat.", ["Dr. No arrived.", "He sat."]),
        ("A headline without a stop\nThe body starts here. It goes on.",
         ["A headline without a stop", "The body starts here.", "It goes on."]),
    ],
)
def test_sentence_boundaries(text, expected):
    assert [s.text for s in split_sentences(text)] == expected


def test_offsets_point_into_the_text():
    text = "  First one.  Second “quoted” one.\n\nThird"
    for sentence in split_sentences(text):
        assert text[sentence.start : sentence.end] == sentence.text
    assert [s.index for s in split_sentences(text)] == [0, 1, 2]


@given(st.text(max_size=400))
def test_any_text_gives_consistent_offsets(text):
    for sentence in split_sentences(text):
        assert text[sentence.start : sentence.end] == sentence.text
        assert sentence.text.strip() == sentence.text and sentence.text
