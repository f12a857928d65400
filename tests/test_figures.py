"""The published tables are the recorded benchmark figures (docs/figures.json)."""

from __future__ import annotations

import pytest

from benchmarks import figures

DOCUMENT_BLOCKS = {"README.md": ["divergences", "coverage", "speed"],
                   "accuracy.md": ["msrp-sts", "reliability"]}


@pytest.mark.parametrize("path", figures.DOCUMENTS, ids=lambda p: p.name)
def test_every_table_in_the_documents_is_generated_from_the_figures(path):
    text = path.read_text(encoding="utf-8")
    assert figures.blocks(text) == DOCUMENT_BLOCKS[path.name]
    assert figures.render(text, figures.load()) == text, (
        f"{path.name} differs from docs/figures.json: run python benchmarks/figures.py")


def test_coverage_cells_are_recomputed_from_the_benchmark_output():
    output = {"sections": {
        "ecb": {"article_pairs": {"auc_project": 0.9012, "auc_tfidf": 0.8512,
                                  "auc_event": 0.9123},
                "sentence_pairs": {"project_default": {"precision": 0.7361, "recall": 0.4},
                                   "tfidf": {"precision": 0.489},
                                   "project_recall_at_tfidf_precision": 0.8801,
                                   "tfidf_recall": 0.77,
                                   "tfidf_recall_at_project_precision": 0.2123}},
        "sts": {"project": {"pearson": 0.8051, "spearman": 0.779},
                "tfidf_plain": {"pearson": 0.6431, "spearman": 0.6188}},
        "msrp": {"accuracy": 77.31, "f1": 83.29, "kinds_accuracy": 74.03, "kinds_f1": 82.97},
        "stories": {"held_out": {"share_mae": 0.0623,
                                 "shared": {"precision": 0.92, "recall": 0.93}}},
    }}
    section = figures.fill_coverage(figures.load()["coverage"], output)
    table = figures.coverage(section)
    for cell in ("TF-IDF cosine 0.851", "TF-IDF recall at that precision: 21.2",
                 "73.6 / 40.0 (recall at TF-IDF's precision 48.9: 88.0, TF-IDF 77.0)",
                 "0.912 for `event_similarity`; overlap `similarity` alone 0.901 (0.898 "
                 "without the per-source candidate route, run of 2026-12-02)", "0.805 / 0.779",
                 "TF-IDF 0.643 / 0.619", "74.0 / 83.0 (`equivalent`: 77.3 / 83.3)",
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


def test_the_speed_table_is_rendered_from_a_recorded_run():
    section = {
        "run": {"date": "2026-12-02", "load_average": 1.2, "cpus": 2},
        "sessions": [{"mode": "lexical", "articles": 5, "sentences": 102, "rss": 225,
                      "matches": 246, "moved_matches": 233,
                      "cold": {"wall": 0.22, "cpu": 0.23}, "warm": {"wall": 0.14, "cpu": 0.15},
                      "slider": {"wall": 0.15, "cpu": 0.15}}],
        "stories": [{"story": "sample story", "mode": "lexical", "articles": 5},
                    {"story": "generated x200", "mode": "lexical", "articles": 200,
                     "sentences": 7252, "matches": 84026, "wall": 21.64, "cpu": 23.06,
                     "encode_cpu": 0.0, "rss": 1038}],
    }
    table = figures.speed(section)
    assert "| sample, threshold moved | lexical | 5 | 102 | 233 | 0.15 | 0.15 | | |" in table
    assert ("| generated, 200 articles | lexical | 200 | 7,252 | 84,026 | 21.6 | 23.1 | 0.0 "
            "| 1,038 MB |") in table
    assert "load average 1.20 on 2 CPUs" in table


def test_the_divergence_table_is_rendered_from_a_recorded_run():
    table = figures.divergences({"splits": [
        {"split": "dev", "stories": 5, "planted": 51, "precision": 1.0, "recall": 0.9412},
        {"split": "final2", "stories": 1, "planted": 0, "precision": None, "recall": None}]})
    assert "| dev (rules written on it) | 5 | 51 | 1.00 | 0.94 |" in table
    assert "| n/a | n/a |" in table
    assert "| before the first rework" in table  # the history row stays as measured then
