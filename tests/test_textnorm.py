from analysis.text.textnorm import fold, match_key, words


def test_fold_makes_typography_equal():
    assert fold("Korea’s “Victory Day” – 70\u00a0years…") == "Korea's \"Victory Day\" - 70 years..."


def test_fold_removes_invisible_characters():
    assert fold("Sho\u200bigu\u00ad") == "Shoigu"


def test_words_keep_hyphenated_names_and_numbers():
    assert words("Kim Jong-un’s 4.4% rise") == ["kim", "jong-un's", "4.4", "rise"]


def test_match_key_ignores_case_punctuation_and_quotes():
    curly = match_key("‘Incredibly concerned,’ he said.")
    assert curly == match_key('"incredibly concerned" he said')
