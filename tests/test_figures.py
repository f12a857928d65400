"""The published tables are the recorded benchmark figures (docs/figures.json)."""

from __future__ import annotations

import pytest

from benchmarks import figures

DOCUMENT_BLOCKS = {"README.md": ["coverage"], "accuracy.md": ["msrp-sts", "reliability"]}


@pytest.mark.parametrize("path", figures.DOCUMENTS, ids=lambda p: p.name)
def test_every_table_in_the_documents_is_generated_from_the_figures(path):
    text = path.read_text(encoding="utf-8")
    assert figures.blocks(text) == DOCUMENT_BLOCKS[path.name]
    assert figures.render(text, figures.load()) == text, (
        f"{path.name} differs from docs/figures.json: run python benchmarks/figures.py")


def test_coverage_cells_are_recomputed_from_the_benchmark_output():
    output = {"sections": {
        "ecb": {"article_pairs": {"auc_project": 0.9012, "auc_tfidf": 0.8512},
                "sentence_pairs": {"project_default": {"precision": 0.7361, "recall": 0.4},
                                   "tfidf": {"precision": 0.489},
                                   "project_recall_at_tfidf_precision": 0.8801,
                                   "tfidf_recall": 0.77,
                                   "tfidf_recall_at_project_precision": 0.2123}},
        "sts": {"project": {"pearson": 0.8051, "spearman": 0.779},
                "tfidf_plain": {"pearson": 0.6431, "spearman": 0.6188}},
        "msrp": {"accuracy": 77.31, "f1": 83.29},
        "stories": {"held_out": {"share_mae": 0.0623,
                                 "shared": {"precision": 0.92, "recall": 0.93}}},
    }}
    section = figures.fill_coverage(figures.load()["coverage"], output)
    table = figures.coverage(section)
    for cell in ("TF-IDF cosine 0.851", "TF-IDF recall at that precision: 21.2",
                 "73.6 / 40.0 (recall at TF-IDF's precision 48.9: 88.0, TF-IDF 77.0)",
                 "0.901 (with the per-source candidate route; 0.898 without it, run of "
                 "2026-12-02)", "0.805 / 0.779", "TF-IDF 0.643 / 0.619", "77.3 / 83.3",
                 "6.2 points (dev stories: 8.9-11.8)",
                 "92.0 / 93.0 (dev stories: F1 87.0-93.8)"):
        assert f"| {cell} |" in table
    assert "0.657" in table  # fixed text (the engine before this one) stays as recorded


def test_a_stale_document_is_reported_by_check(tmp_path, monkeypatch, capsys):
    stale = tmp_path / "accuracy.md"
    stale.write_text("<!-- figures:reliability -->\n| old |\n<!-- /figures:reliability -->\n",
                     encoding="utf-8")
    monkeypatch.setattr(figures, "DOCUMENTS", (stale,))
    assert figures.main(["--check"]) == 1
    assert "accuracy.md" in capsys.readouterr().err
    assert figures.main([]) == 0
    assert figures.main(["--check"]) == 0
    assert "| 0.9-1.0 |" in stale.read_text(encoding="utf-8")
