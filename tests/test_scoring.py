"""The pair scorer: shipped model files, bounded features, sensible verdicts.

None of these tests needs ../shared/eval: they use the shipped model and
sentences written here.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.cli.pairs import read_pair_lines, score_pairs
from analysis.matching.features import FEATURE_NAMES, EmptyVocabularyError, FeatureExtractor
from analysis.matching.paraphrase_model import MODEL_PATH, PairModel, default_model
from analysis.matching.sentence_views import EVIDENCE_BOUND, WORD_WEIGHTS_PATH, default_word_weights

SENTENCES = [
    "Pyongyang and Moscow have denied holding any arms transactions.",
    "Both North Korea and Russia have denied engaging in any arms transactions.",
    "The central bank raised interest rates by half a point on Tuesday.",
    "Heavy rain flooded several villages in the south of the country.",
    "Officials said 12 people were killed and 40 injured in the blast.",
    "Officials said 30 people were killed in the blast.",
]
TEXT = st.text(
    alphabet=st.sampled_from(list("abcde XYZ 0123456789 .,;:!?'\"-—’\u00a0")), max_size=80
) | st.sampled_from(["", " ", "...", "!!!", "—", "the of and", "1,000"])


def _probability(a: str, b: str) -> float:
    return score_pairs([(a, b)])[0].score


def test_model_files_load_and_match_feature_names() -> None:
    model = default_model()
    assert model.features == FEATURE_NAMES
    assert len(model.mean) == len(model.scale) == len(model.coef) == len(FEATURE_NAMES)
    assert all(s > 0 for s in model.scale)
    assert 0.2 <= model.threshold <= 0.8
    assert 0.0 < model.near_verbatim < model.verbatim <= 1.0
    assert len(default_word_weights().weights) > 1000
    assert MODEL_PATH.stat().st_size + WORD_WEIGHTS_PATH.stat().st_size < 2_000_000


def test_model_from_other_features_is_refused() -> None:
    raw = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    raw["features"] = raw["features"][:-1]
    with pytest.raises(ValueError, match="retrain"):
        PairModel.from_json(json.dumps(raw))


def test_features_are_bounded_and_finite() -> None:
    extractor = FeatureExtractor().fit([*SENTENCES, "", "?!", "A"])
    n = len(extractor.texts_)
    left, right = np.meshgrid(np.arange(n), np.arange(n))
    rows = extractor.transform(left.ravel(), right.ravel())
    assert rows.shape == (n * n, len(FEATURE_NAMES))
    assert np.isfinite(rows).all()
    evidence = FEATURE_NAMES.index("word_evidence")
    others = np.delete(rows, evidence, axis=1)
    assert others.min() >= 0.0 and others.max() <= 1.0
    assert np.abs(rows[:, evidence]).max() <= EVIDENCE_BOUND


def test_features_are_symmetric() -> None:
    extractor = FeatureExtractor().fit(SENTENCES)
    left, right = np.array([0, 2, 4]), np.array([1, 3, 5])
    np.testing.assert_allclose(extractor.transform(left, right), extractor.transform(right, left))


def test_empty_vocabulary_is_reported() -> None:
    with pytest.raises(EmptyVocabularyError):
        FeatureExtractor().fit(["", "...", "!"])
    assert score_pairs([("...", "!!!")])[0].kind == "none"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(TEXT, TEXT), min_size=1, max_size=4))
def test_probabilities_stay_in_unit_interval(pairs: list[tuple[str, str]]) -> None:
    verdicts = score_pairs(pairs)
    assert len(verdicts) == len(pairs)
    for verdict in verdicts:
        assert 0.0 <= verdict.score <= 1.0
        assert verdict.kind in {"verbatim", "near-verbatim", "paraphrase", "partial", "none"}
        assert 0.0 <= verdict.second_carries_first <= 1.0
        assert 0.0 <= verdict.first_carries_second <= 1.0


def test_model_probability_is_bounded_for_extreme_rows() -> None:
    model = default_model()
    rows = np.vstack([np.full(len(FEATURE_NAMES), v) for v in (-1e6, -20.0, 0.0, 1.0, 20.0, 1e6)])
    probability = model.probability(rows)
    assert np.isfinite(probability).all()
    assert ((probability >= 0.0) & (probability <= 1.0)).all()
    assert model.probability(np.zeros((0, len(FEATURE_NAMES)))).shape == (0,)


def test_identical_sentences_are_verbatim_with_high_score() -> None:
    verdict = score_pairs([(SENTENCES[2], SENTENCES[2])])[0]
    assert verdict.kind == "verbatim"
    assert verdict.score >= 0.9


def test_unrelated_sentences_score_below_threshold() -> None:
    verdicts = score_pairs([(SENTENCES[2], SENTENCES[3]), (SENTENCES[0], SENTENCES[3])])
    assert all(v.score < default_model().threshold and v.kind == "none" for v in verdicts)


def test_light_paraphrase_scores_above_threshold() -> None:
    verdict = score_pairs([(SENTENCES[0], SENTENCES[1])])[0]
    assert verdict.score >= default_model().threshold
    assert verdict.kind == "paraphrase"


def test_conflicting_numbers_lower_the_score() -> None:
    hurt = "Officials said 12 people were killed and 40 hurt in the blast."
    same = _probability(SENTENCES[4], hurt)
    differ = _probability(SENTENCES[4], SENTENCES[5])
    assert same > differ


def test_header_line_is_detected_and_skipped() -> None:
    text = "sentence1\tsentence2\nA man left.\tA man went away.\n"
    assert read_pair_lines(text) == [("A man left.", "A man went away.")]
    no_header = "1\t2\tA man left.\tA man went away.\n"
    assert read_pair_lines(no_header) == [("A man left.", "A man went away.")]
    assert score_pairs([]) == []
