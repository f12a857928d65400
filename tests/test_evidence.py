"""How the evidence behind a comparison is put into words (pure)."""

from components.common.evidence import evidence_caption, evidence_label

SEMANTIC = {"semantic": True, "blend": None, "matching": "semantic (all-MiniLM-L6-v2) + lexical"}
LEXICAL = {"semantic": False, "blend": None, "matching": "lexical only"}
REASON = ("Sentence embeddings (all-MiniLM-L6-v2) are unavailable because the model package "
          "is not installed; run scripts/setup.sh")


def test_labels_follow_the_mode_in_force():
    assert evidence_label(SEMANTIC) == "meaning + wording (all-MiniLM-L6-v2)"
    assert evidence_label(LEXICAL) == "wording only"
    assert "manual blend" in evidence_label({**SEMANTIC, "blend": 0.5})
    assert evidence_label({"matching": "something new"}) == "something new"


def test_captions_say_why_wording_only():
    assert evidence_caption(SEMANTIC, None) == "Matched with meaning + wording (all-MiniLM-L6-v2)."
    assert evidence_caption(LEXICAL, None) == (
        "Matched by wording only: chosen under Evidence in the sidebar.")
    assert evidence_caption(LEXICAL, REASON) == (
        "Matched by wording only: sentence embeddings (all-MiniLM-L6-v2) are unavailable "
        "because the model package is not installed; run scripts/setup.sh")
    assert evidence_caption(LEXICAL, "COVERAGE_LENS_MODEL_DIR is set").endswith(
        ": COVERAGE_LENS_MODEL_DIR is set")
    assert evidence_caption({**LEXICAL, "blend": 0.3}, None).startswith(
        "Matched with a manual blend")
