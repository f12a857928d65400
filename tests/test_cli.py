"""The command line as a person or a script uses it: real files, real output.

Most tests call ``analysis.cli.commands.main(argv)`` in this process (a new Python process per
test costs seconds of imports, most of it scikit-learn); one smoke test runs
``python -m analysis`` for real. Where the library and the command line promise the same
thing, one table of cases drives both (as simonw's strip-tags does).
"""

from __future__ import annotations

import io
import json
import math
import os
import subprocess
import sys
import time
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest

from analysis.cli import commands as cli
from analysis.cli.pairs import score_pairs
from analysis.pipeline.settings import Settings
from tests.conftest import ROOT, SAMPLE_DIR

SAMPLE_FILES = sorted(SAMPLE_DIR.glob("*.txt"))


@dataclass(frozen=True)
class Run:
    returncode: int
    stdout: str
    stderr: str


def run_cli(*args: object) -> Run:
    """``python -m analysis ARGS`` in this process, its output captured."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        status = cli.main([str(arg) for arg in args])
    return Run(status, out.getvalue(), err.getvalue())


@pytest.fixture(scope="module")
def sample_json():
    result = run_cli("compare", SAMPLE_DIR, "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_json_contract(sample_json):
    assert {"articles", "matches", "pairs", "elements", "settings"} <= set(sample_json)
    article = sample_json["articles"][0]
    assert {"id", "title", "source", "published", "sentences", "removed",
            "fully_carried_share", "partly_carried_share"} <= set(article)
    assert {"index", "text", "start", "end", "carried_whole"} == set(article["sentences"][0])
    match = sample_json["matches"][0]
    assert set(match) == {"a", "a_sentence", "b", "b_sentence", "score", "kind",
                          "b_carries_a", "a_carries_b", "evidence"}
    assert set(match["evidence"]) == {"a", "b"}
    assert sample_json["settings"]["matching"].startswith("semantic")
    assert {"a", "b", "a_in_b", "b_in_a", "similarity", "shared_names", "event_similarity"} == set(
        sample_json["pairs"][0])
    assert {"id", "label", "sources", "members"} == set(sample_json["elements"][0])
    assert sample_json["settings"]["threshold"] > 0


def test_ids_are_file_stems_and_offsets_are_real(sample_json):
    ids = [a["id"] for a in sample_json["articles"]]
    assert ids == [p.stem for p in SAMPLE_FILES]
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
    result = run_cli("compare", SAMPLE_DIR, "--format", "text", "--lexical")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for heading in ("Sources (5)", "Pair overlaps", "Top shared story elements",
                    "Sentences only one source carries"):
        assert heading in out
    assert "strongest" in out
    assert "{" not in out.splitlines()[0]


def test_threshold_option_is_applied():
    result = run_cli("compare", *SAMPLE_FILES[:3], "--threshold", "0.9")
    data = json.loads(result.stdout)
    assert data["settings"]["threshold"] == 0.9
    assert data["matches"], "three versions of one story share sentences above 0.9"
    assert all(m["score"] >= 0.9 for m in data["matches"])


def test_one_article_is_analysed_with_a_note():
    result = run_cli("compare", "--lexical", SAMPLE_FILES[0])
    assert result.returncode == 0
    assert "only one article" in result.stderr
    assert json.loads(result.stdout)["matches"] == []


def test_binary_only_input_fails_cleanly(tmp_path):
    (tmp_path / "noise.txt").write_bytes(bytes(range(256)) * 40)
    result = run_cli("compare", tmp_path)
    assert result.returncode == 2
    assert "noise.txt" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["compare", "/no/such/folder"], "no readable article"),
        (["compare", SAMPLE_DIR, "--frobnicate"], "unrecognized arguments"),
        (["compare", SAMPLE_DIR, "--top", "-3"], "'-3' is not a whole number"),
        (["compare", SAMPLE_DIR, "--format", "xml"], "invalid choice"),
        (["pairs", "/no/such/file.tsv"], "no such file"),
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


# --- One table, two doors: the library's Settings and the command line's options ----------

@dataclass(frozen=True)
class BadOption:
    flag: str
    text: str  # as typed on the command line
    cli_message: str
    field: str | None = None  # the Settings field it sets, when the library has one
    value: float | None = None  # the value the library is given


BAD_OPTIONS = [
    BadOption("--threshold", "7", "--threshold: '7' is not a number between 0 and 1",
              "threshold", 7.0),
    BadOption("--threshold", "-0.1", "'-0.1' is not a number between 0 and 1",
              "threshold", -0.1),
    BadOption("--threshold", "nan", "'nan' is not a number between 0 and 1",
              "threshold", math.nan),
    BadOption("--threshold", "high", "'high' is not a number between 0 and 1"),
    BadOption("--min-chars", "-3", "'-3' is not a whole number", "min_chars", -3),
]


@pytest.mark.parametrize("case", BAD_OPTIONS, ids=lambda c: f"{c.flag} {c.text}")
def test_bad_option_is_refused_by_the_command_line(case: BadOption):
    result = run_cli("compare", SAMPLE_DIR, case.flag, case.text)
    assert result.returncode == 2
    assert case.cli_message in result.stderr
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("error:")


@pytest.mark.parametrize("case", [c for c in BAD_OPTIONS if c.field],
                         ids=lambda c: f"{c.field}={c.value}")
def test_bad_option_is_refused_by_the_library(case: BadOption):
    with pytest.raises(ValueError, match=str(case.field)):
        Settings(**{str(case.field): case.value})


# --- One table, two doors: score_pairs and `python -m analysis pairs` ---------------------

PAIR_CASES = [  # (first, second, the kinds it may get)
    ("The parade was held on Thursday.", "The parade was held on Thursday.", {"verbatim"}),
    ("Pyongyang and Moscow have denied holding any arms transactions.",
     "Both North Korea and Russia have denied engaging in any arms transactions.",
     {"paraphrase", "near-verbatim"}),
    ("The cat sat on the mat.", "Inflation rose sharply in the euro zone.", {"none"}),
    ("...", "!!!", {"none"}),
]


def _library_lines(pairs: list[tuple[str, str]]) -> list[list[str]]:
    return [[f"{v.score:.4f}", v.kind, f"{v.second_carries_first:.4f}",
             f"{v.first_carries_second:.4f}"] for v in score_pairs(pairs, semantic=False)]


def _cli_lines(pairs: list[tuple[str, str]], folder: Path) -> list[list[str]]:
    path = folder / "pairs.tsv"
    rows = [f"{k}\t{a}\t{b}" for k, (a, b) in enumerate(pairs)]
    path.write_text("id\tsentence1\tsentence2\n" + "\n".join(rows) + "\n", encoding="utf-8")
    result = run_cli("pairs", path, "--lexical")
    assert result.returncode == 0, result.stderr
    return [line.split("\t") for line in result.stdout.strip().splitlines()]


@pytest.mark.parametrize("door", ["library", "cli"])
def test_pair_cases_get_their_kind_through_either_door(door: str, tmp_path: Path):
    pairs = [(a, b) for a, b, _ in PAIR_CASES]
    lines = _library_lines(pairs) if door == "library" else _cli_lines(pairs, tmp_path)
    assert len(lines) == len(PAIR_CASES)
    for (first, second, kinds), (score, kind, *directions) in zip(PAIR_CASES, lines,
                                                                  strict=True):
        assert kind in kinds, (first, second, kind)
        assert all(0.0 <= float(v) <= 1.0 for v in (score, *directions))
    assert lines[0] == ["1.0000", "verbatim", "1.0000", "1.0000"]


def test_pairs_command_prints_what_the_library_returns(tmp_path: Path):
    pairs = [(a, b) for a, b, _ in PAIR_CASES]
    assert _cli_lines(pairs, tmp_path) == _library_lines(pairs)


# --- Real processes --------------------------------------------------------------------------

# python -m analysis, run as runpy runs it, then the UI libraries it must never have loaded
_SMOKE = """
import runpy, sys
sys.argv = ["python -m analysis", *sys.argv[1:]]
try:
    runpy.run_module("analysis", run_name="__main__", alter_sys=True)
except SystemExit as done:
    status = done.code
loaded = [m for m in ("streamlit", "plotly") if m in sys.modules]
print("ui libraries loaded:", loaded, file=sys.stderr)
sys.exit(status)
"""


def test_smoke_python_m_analysis_skips_a_bad_file_prints_json_and_loads_no_ui(tmp_path):
    """The one real process: exit status, both streams, JSON on stdout, and no streamlit
    or plotly imported by the whole command (not only by ``import analysis``)."""
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 not really a pdf")
    result = subprocess.run(
        [sys.executable, "-c", _SMOKE, "compare", "--lexical", str(tmp_path / "broken.pdf"),
         *map(str, SAMPLE_FILES[:2])],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "broken.pdf" in result.stderr and "Traceback" not in result.stderr
    assert "ui libraries loaded: []" in result.stderr
    data = json.loads(result.stdout)
    assert [a["id"] for a in data["articles"]] == [p.stem for p in SAMPLE_FILES[:2]]


@pytest.mark.parametrize("bad", ["a" * 300 + ".txt", "/b" * 2500],
                         ids=["component too long", "path too long"])
def test_a_path_the_system_refuses_is_skipped_and_the_others_compared(tmp_path, bad):
    """A name longer than the system allows (one component over 255 bytes, or a path over
    4,096) is one skipped file, named in at most 181 characters; the good files still run."""
    good = sorted(SAMPLE_DIR.glob("*.txt"))[:2]
    path = bad if bad.startswith("/") else str(tmp_path / bad)
    result = run_cli("compare", good[0], path, good[1], "--lexical")
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)["articles"]) == 2
    skipped = [line for line in result.stderr.splitlines() if "longer than the system" in line]
    assert len(skipped) == 1 and len(skipped[0]) < 300 and "…" in skipped[0]
    assert "Traceback" not in result.stderr and "Errno" not in result.stderr


def test_a_pipe_among_good_files_is_skipped_and_the_others_compared(tmp_path):
    """A named pipe (whose open and read would wait for a writer for ever) is one skipped
    file, in words; the good files are compared and the run ends at once. A real process
    with a timeout, so a regression fails instead of holding the test run."""
    good = sorted(SAMPLE_DIR.glob("*.txt"))[:2]
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    folder = tmp_path / "folder"
    folder.mkdir()
    os.mkfifo(folder / "manifest.json")  # read for names before any file of the folder
    os.mkfifo(folder / "inner.txt")
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "analysis", "compare", "--lexical", str(good[0]), str(pipe),
         str(folder), str(good[1])],
        cwd=ROOT, capture_output=True, text=True, timeout=120)
    took = time.monotonic() - started
    assert result.returncode == 0, result.stderr
    assert [a["id"] for a in json.loads(result.stdout)["articles"]] == [p.stem for p in good]
    skipped = sorted(line for line in result.stderr.splitlines() if "skipped" in line)
    assert skipped == [
        "skipped inner.txt: this is not a regular file (a device, pipe or socket)",
        "skipped manifest.json: this is not a regular file (a device, pipe or socket)",
        "skipped pipe.txt: this is not a regular file (a device, pipe or socket)",
    ]
    assert took < 60


def test_corpus_workers_have_an_upper_bound(tmp_path):
    result = run_cli("corpus", SAMPLE_DIR, "--out", tmp_path / "out", "--workers", "5000")
    assert result.returncode == 2
    assert "'5000' workers is too many: at most 64 local processes" in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(("rows", "message"), [
    (["A ship sank.\tA boat sank."] * 20_001, "20,001 sentence pairs; the limit is 20,000"),
    (["A ship sank.\t" + "word " * 1_100, "The ferry sank.\tA ferry sank."],
     "pair 1 has a sentence of 5,499 characters; the limit is 5,000"),
])
def test_pairs_budgets_refuse_a_file_in_a_line(tmp_path: Path, rows, message):
    """Issue 36: 290,000 short pairs grew past 3 GB, two 200 KB "sentences" did not
    finish in 120 s; the file is refused at once with the limit named."""
    path = tmp_path / "pairs.tsv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = run_cli("pairs", path, "--lexical")
    assert result.returncode == 2, result.stderr
    assert message in result.stderr and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("error:")
    assert result.stdout == ""
