"""Matching: which sentences of two articles say the same thing, and how.

``alignment`` proposes candidate pairs (TF-IDF, and sentence embeddings from ``embedding``)
and scores them; the lexical features of a pair are computed one pair at a time by
``features`` and in bulk by ``pair_features`` and ``carry_features``, both reading the
per-sentence views of ``sentence_views`` through the sparse sets of ``set_views``, and
turning counts into features with ``scales``. The
paraphrase model trained on MSRP (``paraphrase_model``, ``pair_model.json``) and the
directional coverage model (``carry_model``, ``coverage_model.json``) turn features into
probabilities.
"""

__all__ = ["alignment", "carry_model", "embedding", "features", "paraphrase_model",
           "sentence_views"]
