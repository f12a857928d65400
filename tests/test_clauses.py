from analysis.text.clauses import clauses


def test_long_sentence_splits_at_clause_boundaries():
    sentence = ("Russia's visit was the first by a defence chief since 1991, while the Chinese "
                "delegation was the first since the pandemic.")
    assert clauses(sentence) == [
        "Russia's visit was the first by a defence chief since 1991",
        "while the Chinese delegation was the first since the pandemic.",
    ]


def test_short_pieces_are_not_clauses():
    assert clauses("He left, and she stayed.") == []
    assert clauses("One plain sentence without any break in it at all.") == []
