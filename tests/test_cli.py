"""The command line as a person or a script uses it: real processes, real files."""

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT, SAMPLE_DIR


def run_cli(*args, cwd=ROOT):
    return subprocess.run(
        [sys.executable, "-m", "analysis", *map(str, args)],
        cwd=cwd, capture_output=True, text=True, timeout=120,
    )


@pytest.fixture(scope="module")
def sample_json():
    result = run_cli("compare", SAMPLE_DIR, "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_json_contract(sample_json):
    assert {"articles", "matches", "pairs", "elements", "settings"} <= set(sample_json)
    article = sample_json["articles"][0]
    assert {"id", "title", "source", "published", "sentences", "removed"} <= set(article)
    assert {"index", "text", "start", "end"} == set(article["sentences"][0])
    match = sample_json["matches"][0]
    assert set(match) == {"a", "a_sentence", "b", "b_sentence", "score", "kind",
                          "b_carries_a", "a_carries_b"}
    assert sample_json["settings"]["matching"].startswith("semantic")
    assert {"a", "b", "a_in_b", "b_in_a", "similarity"} == set(sample_json["pairs"][0])
    assert {"id", "label", "sources", "members"} == set(sample_json["elements"][0])
    assert sample_json["settings"]["threshold"] > 0


def test_ids_are_file_stems_and_offsets_are_real(sample_json):
    ids = [a["id"] for a in sample_json["articles"]]
    assert ids == sorted(p.stem for p in SAMPLE_DIR.glob("*.txt"))
    for article in sample_json["articles"]:
        assert all(s["end"] > s["start"] for s in article["sentences"])


def test_sample_story_expectations(sample_json):
    texts = {(a["id"], s["index"]): s["text"]
             for a in sample_json["articles"] for s in a["sentences"]}
    strongest = {k for k, t in texts.items() if "strongest" in t}
    matched = {frozenset({(m["a"], m["a_sentence"]), (m["b"], m["b_sentence"])})
               for m in sample_json["matches"]}
    assert len(strongest) == 4
    assert all(frozenset({x, y}) in matched for x in strongest for y in strongest if x < y)
    removed = [line for a in sample_json["articles"] for line in a["removed"]]
    assert "LEAVE A REPLY" in removed
    assert any("Telegram" in line for line in removed)
    assert not any("LEAVE A REPLY" in t or "Telegram" in t for t in texts.values())
    pairs = {(p["a"], p["b"]) for p in sample_json["pairs"]}
    assert len(pairs) == 10


def test_text_format_reads_like_a_summary():
    result = run_cli("compare", SAMPLE_DIR, "--format", "text")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for heading in ("Sources (5)", "Pair overlaps", "Top shared story elements",
                    "Sentences only one source carries"):
        assert heading in out
    assert "strongest" in out
    assert "{" not in out.splitlines()[0]


def test_threshold_option_is_applied():
    result = run_cli("compare", SAMPLE_DIR, "--threshold", "0.97")
    data = json.loads(result.stdout)
    assert data["settings"]["threshold"] == 0.97
    assert all(m["score"] >= 0.97 for m in data["matches"])


def test_bad_file_among_good_ones_is_reported_and_skipped(tmp_path):
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 not really a pdf")
    good = sorted(SAMPLE_DIR.glob("*.txt"))[:2]
    result = run_cli("compare", tmp_path / "broken.pdf", *good)
    assert result.returncode == 0
    assert "broken.pdf" in result.stderr and "Traceback" not in result.stderr
    data = json.loads(result.stdout)
    assert len(data["articles"]) == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["compare", "/no/such/folder"], "no readable article"),
        (["compare", SAMPLE_DIR, "--frobnicate"], "unrecognized arguments"),
        (["compare", SAMPLE_DIR, "--threshold", "7"], "--threshold: '7' is not a number"),
        (["compare", SAMPLE_DIR, "--threshold", "high"], "'high' is not a number between"),
        (["compare", SAMPLE_DIR, "--top", "-3"], "'-3' is not a whole number"),
        (["compare", SAMPLE_DIR, "--format", "xml"], "invalid choice"),
        (["explode"], "invalid choice"),
        ([], "required"),
    ],
)
def test_errors_are_one_clear_line_and_exit_2(args, message):
    result = run_cli(*args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("error:")


def test_binary_only_input_fails_cleanly(tmp_path):
    (tmp_path / "noise.txt").write_bytes(bytes(range(256)) * 40)
    result = run_cli("compare", tmp_path)
    assert result.returncode == 2
    assert "noise.txt" in result.stderr and "Traceback" not in result.stderr


def test_one_article_is_analysed_with_a_note():
    result = run_cli("compare", sorted(SAMPLE_DIR.glob("*.txt"))[0])
    assert result.returncode == 0
    assert "only one article" in result.stderr
    assert json.loads(result.stdout)["matches"] == []


def test_pairs_command_prints_one_line_per_pair(tmp_path):
    pairs = tmp_path / "pairs.tsv"
    pairs.write_text(
        "sentence1\tsentence2\n"
        "x\tThe parade was held on Thursday.\tThe parade was held on Thursday.\n"
        "y\tPyongyang and Moscow have denied holding any arms transactions.\t"
        "Both North Korea and Russia have denied engaging in any arms transactions.\n"
        "z\tThe cat sat on the mat.\tInflation rose sharply in the euro zone.\n",
        encoding="utf-8",
    )
    result = run_cli("pairs", pairs)
    assert result.returncode == 0, result.stderr
    lines = [line.split("\t") for line in result.stdout.strip().splitlines()]
    assert len(lines) == 3
    assert lines[0] == ["1.0000", "verbatim", "1.0000", "1.0000"]
    assert lines[1][1] in {"paraphrase", "near-verbatim"}
    assert lines[2][1] == "none"
    for score, _, second_carries_first, first_carries_second in lines:
        assert all(0.0 <= float(v) <= 1.0
                   for v in (score, second_carries_first, first_carries_second))


def test_import_analysis_pulls_in_no_ui_library():
    code = ("import sys, analysis, analysis.cli, analysis.pipeline; "
            "bad = [m for m in ('streamlit', 'plotly') if m in sys.modules]; print(bad)")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, timeout=60)
    assert result.stdout.strip() == "[]", result.stderr
