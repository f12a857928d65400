"""Matching: which sentences of two articles say the same thing, and how.

``alignment`` (the ``Aligner``) scores the candidate pairs that ``candidates`` proposes
(TF-IDF, and sentence embeddings from ``embedding``, run on onnxruntime by ``onnx_route``
from the graph ``onnx_graph`` writes), each distinct pair once
(``score_cache``); the lexical features of a pair are computed one pair at a time by
``features`` and in bulk by ``pair_features`` and ``carry_features``, both reading the
per-sentence views of ``sentence_views`` through the sparse sets of ``set_views``, with
counts turned into features by ``scales``. The paraphrase model trained on MSRP
(``paraphrase_model``, ``pair_model.json``) and the directional coverage model
(``carry_model``, ``coverage_model.json``) turn features into probabilities.
"""

__all__ = ["alignment", "carry_model", "embedding", "features", "paraphrase_model",
           "sentence_views"]
