"""The record a training script keeps, and what ``--check`` says when a retrain differs."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks.model_record import check_files, json_changes, sha256, training_record

SHIPPED = {"coef": [0.1, 0.2, 0.3], "threshold": 0.55, "features": ["a", "b"],
           "lexicon": {f"w{k}": k / 10 for k in range(20)}}


def test_identical_json_has_no_changes():
    assert json_changes(SHIPPED, json.loads(json.dumps(SHIPPED))) == []


def test_each_changed_field_is_named_with_both_values():
    retrained = {**SHIPPED, "threshold": 0.54, "coef": [0.1, 0.25, 0.3], "trained_on": {}}
    changes = json_changes(SHIPPED, retrained)
    assert "threshold: shipped 0.55, retrained 0.54" in changes
    assert "coef: 1 of 3 values differ (largest difference 0.05)" in changes
    assert "trained_on: not in the shipped file" in changes
    assert len(changes) == 3


def test_a_large_word_table_is_summarised_in_one_line():
    lexicon = {**SHIPPED["lexicon"], "w3": 0.9, "new": 1.0}
    del lexicon["w0"]
    assert json_changes(SHIPPED, {**SHIPPED, "lexicon": lexicon}) == [
        "lexicon: 1 of 20 values differ, 1 added, 1 removed, largest difference 0.6"]


def test_check_passes_only_byte_for_byte_and_writes_nothing(tmp_path: Path, capsys):
    path = tmp_path / "model.json"
    text = json.dumps(SHIPPED, indent=2) + "\n"
    path.write_text(text, encoding="utf-8")
    assert check_files({path: text}) == 0
    assert check_files({path: json.dumps({**SHIPPED, "threshold": 0.5}, indent=2)}) == 1
    assert check_files({path: json.dumps(SHIPPED)}) == 1  # same values, other layout
    out = capsys.readouterr().out
    assert "model.json: retrains byte for byte" in out
    assert "threshold: shipped 0.55, retrained 0.5" in out
    assert "same values, different layout" in out
    assert path.read_text(encoding="utf-8") == text


def test_training_record_hashes_data_and_code(tmp_path: Path):
    data = tmp_path / "msrp" / "train.txt"
    data.parent.mkdir()
    data.write_text("1\tx\ty\n", encoding="utf-8")
    code = Path(__file__)
    record = training_record(data=[data], code=[code], parameters={"C": 0.3})
    assert record["data_sha256"] == {"msrp/train.txt": sha256(data)}
    assert record["code_sha256"] == {"tests/test_model_record.py": sha256(code)}
    assert record["parameters"] == {"C": 0.3}
