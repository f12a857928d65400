"""Corpus mode end to end: partitioned reading, a real Dask LocalCluster (2 worker
processes), an existing scheduler reached with --scheduler, and the files a person opens.

The archive mixes the four development stories of benchmarks/stories (invented outlets,
one wire service among them), as one JSON-lines bundle and a table, with the sample story
as saved files and its manifest, and some damage: a broken line and a record without text.
"""

from __future__ import annotations

import asyncio
import csv
import http.server
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import pytest

from analysis.cli.commands import main as cli_main
from analysis.corpus.reading import archive_files, partitions, read_piece, read_refs
from analysis.ingest.loading import load_paths

ROOT = Path(__file__).resolve().parent.parent
STORIES = ROOT / "benchmarks" / "stories"
# The four invented stories the expectations below were written for (later development
# stories are labelled for tuning and would change the archive these tests build)
ARCHIVE_STORIES = [STORIES / slug / "articles" for slug in (
    "aircrisp_air_fryer_recall", "carrow_falls_warehouse_fire", "halbrook_arruda_transfer",
    "vessland_rate_cut")]
SAMPLE = ROOT / "data" / "sample_story"
PYTHON = sys.executable


def _story_records() -> list[dict[str, str]]:
    records = []
    for folder in ARCHIVE_STORIES:
        story = folder.parent.name
        for n, article in enumerate(load_paths([folder]).articles):
            outlet = article.source or article.id.split("_", 1)[-1].replace("_", " ")
            records.append({"id": f"{story}-{n}", "source": outlet, "title": article.title,
                            "published": f"2026-03-0{1 + n % 3}", "text": article.text,
                            "story": story})
    return records


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("archive")
    records = _story_records()
    lines = [json.dumps({k: v for k, v in r.items() if k != "story"}) for r in records[:14]]
    lines.insert(3, "{this line is broken")
    lines.append(json.dumps({"id": "empty", "source": "nobody", "text": "   "}))
    (root / "wires.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with open(root / "more.csv", "w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=["id", "source", "title", "published", "text"])
        writer.writeheader()
        for r in records[14:]:
            writer.writerow({k: v for k, v in r.items() if k != "story"})
    shutil.copytree(SAMPLE, root / "saved" / "sample")
    (root / "expected.json").write_text(json.dumps(
        {r["id"]: r["story"] for r in records}), encoding="utf-8")
    return root


def test_partitions_cover_every_line_once(archive: Path) -> None:
    files, problems = archive_files([str(archive / "wires.jsonl")])
    assert problems == [] and len(files) == 1
    pieces = [p for part in partitions(files, partition_bytes=3000) for p in part]
    assert len(pieces) > 3  # the cut really happened
    assert pieces[0].start == 0 and pieces[-1].end == (archive / "wires.jsonl").stat().st_size
    assert all(a.end == b.start for a, b in zip(pieces, pieces[1:], strict=False))
    read = [read_piece(p) for p in pieces]
    ids = [a.article.id for found, _ in read for a in found]
    assert ids == [json.loads(line)["id"] for line in
                   (archive / "wires.jsonl").read_text().splitlines()
                   if line.startswith('{"id"') and '"empty"' not in line]
    reasons = [p.reason for _, trouble in read for p in trouble]
    assert "this line is not valid JSON" in reasons and "record has no text" in reasons


def test_articles_read_again_from_their_refs(archive: Path) -> None:
    files, _ = archive_files([str(archive)])
    assert any(f.endswith("more.csv") for f in files)
    found = [a for part in partitions(files, partition_rows=2) for p in part
             for a in read_piece(p)[0]]
    kinds = {a.ref.kind for a in found}
    assert kinds == {"lines", "table", "file"}
    again = read_refs([a.ref for a in reversed(found)])
    assert len(again) == len(found)
    assert [again[a.ref].text for a in found] == [a.article.text for a in found]
    assert [again[a.ref].id for a in found] == [a.article.id for a in found]
    sample = [a.article for a in found if a.ref.kind == "file"]
    assert {a.source for a in sample} >= {"ABP Live", "Metro"}  # the folder's manifest


def test_missing_paths_are_reported_not_raised(tmp_path: Path) -> None:
    files, problems = archive_files([str(tmp_path / "nope.jsonl"), str(tmp_path / "*.csv")])
    assert files == []
    assert [p.reason for p in problems] == ["no such file or folder",
                                             "no file matches this pattern"]


def _stories(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "stories.jsonl").read_text().splitlines()]


def _check_results(out: Path, archive: Path) -> None:
    stories = _stories(out)
    expected = json.loads((archive / "expected.json").read_text())
    sample_ids = {p.stem for p in SAMPLE.glob("*.txt")}
    found_sample = [s for s in stories if {a["id"] for a in s["articles"]} & sample_ids]
    assert len(found_sample) == 1 and found_sample[0]["size"] == 5  # one story
    for story in stories:
        assert set(story) == {"id", "label", "articles", "size"}
        assert story["size"] == len(story["articles"])
        gold = {expected.get(a["id"], "sample") for a in story["articles"]}
        assert len(gold) == 1, f"story {story['id']} mixes {gold}"
    assert sum(s["size"] for s in stories) == len(expected) + 5
    for story in stories:
        path = out / "stories" / f"{story['id']}.json"
        assert path.exists() == (story["size"] > 1)
        if story["size"] > 1:
            result = json.loads(path.read_text())
            assert sorted(a["id"] for a in result["articles"]) == sorted(
                a["id"] for a in story["articles"])
    outlets = pd.read_csv(out / "outlets.csv")
    assert {"outlet", "stories", "copied_share", "shared_share", "alone_share",
            "overlaps_most"} <= set(outlets.columns)
    assert pd.read_parquet(out / "outlets.parquet").shape == outlets.shape
    assert outlets["shared_share"].between(0, 1).all()
    assert (outlets["alone_share"] + outlets["shared_share"]).round(3).isin([0.0, 1.0]).all()
    pairs = pd.read_csv(out / "outlet_pairs.csv")
    assert (pairs["carried_by_other"] <= pairs["sentences"]).all()
    assert (pairs["carried_by_other"] > 0).any()
    problems = [json.loads(line) for line in (out / "problems.jsonl").read_text().splitlines()]
    assert {p["reason"] for p in problems} >= {"this line is not valid JSON",
                                               "record has no text"}


def test_local_cluster_run_writes_stories_and_outlets(archive: Path, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "result"
    code = cli_main(["corpus", str(archive / "wires.jsonl"), str(archive / "more.csv"),
                     str(archive / "saved"), "--out", str(out), "--workers", "2"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    summary = json.loads(captured.out)
    expected = json.loads((archive / "expected.json").read_text())
    assert summary["articles"] == len(expected) + 5
    assert summary["compared"] == sum(1 for s in _stories(out) if s["size"] > 1) >= 5
    assert "Dask dashboard: http" in captured.err
    _check_results(out, archive)
    record = json.loads((out / "corpus.json").read_text())
    assert record["settings"]["workers"] == 2 and record["stories"] == len(_stories(out))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_scheduler_address_reaches_a_separate_cluster(archive: Path, tmp_path: Path) -> None:
    """A `dask scheduler` and a `dask worker` started by hand, as on a real cluster."""
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    dask = [PYTHON, "-m", "distributed.cli.dask_scheduler"]
    scheduler = subprocess.Popen([*dask, "--host", "127.0.0.1", "--port", str(port),
                                  "--no-dashboard"], env=env, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
    worker = subprocess.Popen([PYTHON, "-m", "distributed.cli.dask_worker", address,
                               "--nworkers", "1", "--nthreads", "1", "--no-dashboard"],
                              env=env, cwd=tmp_path, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        out = tmp_path / "remote"
        started = time.monotonic()
        run = subprocess.run([PYTHON, "-m", "analysis", "corpus", str(archive / "wires.jsonl"),
                              str(archive / "more.csv"), str(archive / "saved"),
                              "--out", str(out), "--scheduler", address],
                             cwd=ROOT, capture_output=True, text=True, timeout=600, env=env)
        assert run.returncode == 0, run.stderr
        assert json.loads(run.stdout)["stories"] == len(_stories(out))
        assert json.loads((out / "corpus.json").read_text())["settings"]["scheduler"] == address
        _check_results(out, archive)
        assert time.monotonic() - started < 600
    finally:
        for process in (worker, scheduler):
            process.terminate()
        for process in (worker, scheduler):
            process.wait(timeout=30)


def test_unreachable_scheduler_is_one_plain_line(archive: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    code = cli_main(["corpus", str(archive / "wires.jsonl"), "--out", str(tmp_path / "x"),
                     "--scheduler", f"tcp://127.0.0.1:{_free_port()}"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("error: could not reach the Dask scheduler at tcp://127.0.0.1:")
    assert "Traceback" not in err


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - its name
        return None


@contextmanager
def _serving(kind: str) -> Iterator[str]:
    """A local port that takes connections and never answers ("silent"), or a plain web
    server ("http"): neither is a Dask scheduler, and neither closes the connection."""
    if kind == "http":
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _QuietHandler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"tcp://127.0.0.1:{server.server_address[1]}"
        finally:
            server.shutdown()
            server.server_close()
        return
    listener = socket.create_server(("127.0.0.1", 0))
    taken: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                taken.append(listener.accept()[0])  # and never a byte back
            except OSError:
                return

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"tcp://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        listener.close()
        for connection in taken:
            connection.close()


@pytest.mark.parametrize(("kind", "in_a_loop"), [("silent", False), ("http", False),
                                                ("silent", True)])
def test_a_scheduler_address_that_never_answers_ends_in_words(
        kind: str, in_a_loop: bool, archive: Path, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    """``in_a_loop``: called from a thread that runs an event loop (as Playwright's sync API
    leaves the main thread, or a notebook's)."""
    args = ["corpus", str(archive / "wires.jsonl"), "--out", str(tmp_path / "x")]

    async def from_a_loop(address: str) -> int:
        return cli_main([*args, "--scheduler", address])

    def in_a_thread_with_a_loop(address: str) -> int:
        """This thread may run a loop already (Playwright's, earlier in the session)."""
        codes: list[int] = []
        thread = threading.Thread(target=lambda: codes.append(asyncio.run(from_a_loop(address))))
        thread.start()
        thread.join(60)
        return codes[0]

    with _serving(kind) as address:
        started = time.monotonic()
        code = in_a_thread_with_a_loop(address) if in_a_loop else cli_main(
            [*args, "--scheduler", address])
        took = time.monotonic() - started
    err = capsys.readouterr().err
    assert code == 2
    assert err.strip() == (f"error: the address {address} took a connection but did not "
                           "answer as a Dask scheduler within 8 seconds; check the address "
                           "and port of the scheduler")
    assert took < 15
    assert not (tmp_path / "x" / "stories.jsonl").exists()


def test_nothing_readable_is_a_clear_error(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "bad.jsonl").write_text("{broken\n", encoding="utf-8")
    code = cli_main(["corpus", str(tmp_path / "bad.jsonl"), "--out", str(tmp_path / "o"),
                     "--workers", "1"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.splitlines()[-1].startswith("error: no readable article in the archive (")
    assert "this line is not valid JSON" in err and "Traceback" not in err


def test_hostile_files_and_lines_lose_nothing_else(tmp_path: Path) -> None:
    (tmp_path / "blob.bin").write_bytes(bytes(range(256)) * 20)
    (tmp_path / "empty.jsonl").write_bytes(b"")
    (tmp_path / "mixed.jsonl").write_bytes(
        b'{"text": "<script>alert(1)</script><p>Only the paragraph stays.</p>", "source": "x"}\n'
        b"\x00\x01\x02\xff\n"
        b'{"id": "good", "text": "A plain article about a harbour fire.", "source": "y"}\n')
    files, problems = archive_files([str(tmp_path)])
    assert [p.reason for p in problems] == ["the file is empty"]
    read = [read_piece(p) for part in partitions(files) for p in part]
    articles = [a.article for found, _ in read for a in found]
    assert [a.source for a in articles] == ["x", "y"]
    assert "alert" not in articles[0].text and "Only the paragraph stays." in articles[0].text
    reasons = [p.reason for _, trouble in read for p in trouble]
    assert "this line is not valid JSON" in reasons
    assert any("not an article" in r for r in reasons)  # the binary file, by its name


def test_semantic_run_in_process_embeds_leads(tmp_path: Path) -> None:
    """workers=0 (the dashboard's small archives): threads of this process; --semantic
    embeds each lead for grouping and compares with the meaning model."""
    from analysis.corpus.run import CorpusSettings, run_corpus
    from analysis.matching.embedding import default_encoder

    stories_dir = ARCHIVE_STORIES[0]
    result = run_corpus([str(SAMPLE), str(stories_dir)], tmp_path / "out",
                        CorpusSettings(workers=0, semantic=True))
    assert (result.articles, result.stories, result.compared) == (10, 2, 2)
    record = json.loads((tmp_path / "out" / "corpus.json").read_text())
    expected = "term bags + lead embeddings" if default_encoder() else "term bags"
    assert record["settings"]["grouping"] == expected
    story = json.loads((tmp_path / "out" / "stories" / "1.json").read_text())
    assert story["settings"]["semantic"] is (default_encoder() is not None)


def test_an_out_that_is_a_file_is_a_clear_error(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "taken").write_text("not a folder", encoding="utf-8")
    code = cli_main(["corpus", str(SAMPLE), "--out", str(tmp_path / "taken"), "--workers", "1"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.splitlines()[-1] == (f"error: --out {tmp_path / 'taken'} is a file, not a "
                                    "folder: name a folder for the results (it is created if "
                                    "missing)")
    assert (tmp_path / "taken").read_text(encoding="utf-8") == "not a folder"


def test_a_second_run_into_the_same_folder_leaves_no_stale_story(tmp_path: Path) -> None:
    from analysis.corpus.run import CorpusSettings, run_corpus

    out = tmp_path / "out"
    first = run_corpus([str(SAMPLE), str(ARCHIVE_STORIES[0])], out, CorpusSettings(workers=0))
    assert first.stories == 2 and len(list((out / "stories").glob("*.json"))) == 2
    (out / "stories" / "notes.json").write_text("{}", encoding="utf-8")  # not ours: kept
    second = run_corpus([str(SAMPLE)], out, CorpusSettings(workers=0))
    listed = [json.loads(line) for line in (out / "stories.jsonl").read_text().splitlines()]
    assert second.stories == len(listed) == 1
    assert sorted(p.name for p in (out / "stories").glob("*.json")) == ["1.json", "notes.json"]


def test_a_huge_table_cell_is_one_problem_and_the_rest_is_compared(tmp_path: Path) -> None:
    """A 200,000-character CSV cell (over csv's default limit of 131,072) beside a good
    bundle: the cell is read as the one-story loader reads it and refused for its own
    reason; the bundle's articles are still grouped and compared."""
    from analysis.corpus.run import CorpusSettings, run_corpus

    with open(tmp_path / "big.csv", "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["id", "source", "text"])
        long_text = ("The river rose again on Tuesday. " * 6250)[:200_000]
        writer.writerow(["long", "Long Post", long_text])
    records = _story_records()[:5]
    (tmp_path / "good.jsonl").write_text(
        "\n".join(json.dumps({k: v for k, v in r.items() if k != "story"}) for r in records)
        + "\n", encoding="utf-8")
    result = run_corpus([str(tmp_path / "big.csv"), str(tmp_path / "good.jsonl")],
                        tmp_path / "out", CorpusSettings(workers=0))
    assert result.articles >= 5 and result.compared >= 1
    assert [p.name for p in result.problems] == [f"{tmp_path / 'big.csv'}#0"]


def test_outlet_names_that_look_like_formulas_stay_text_in_every_csv(tmp_path: Path) -> None:
    """Outlet names reach outlets.csv and outlet_pairs.csv through the safe CSV writer (as
    every CSV of the project): '=HYPERLINK(...)' is written with a leading apostrophe."""
    from analysis.corpus.run import CorpusSettings, run_corpus

    hostile = ['=HYPERLINK("http://x.example","click")', "+cmd|' /C calc'!A0", "@SUM(1+1)"]
    records = _story_records()[:6]
    for record, name in zip(records, hostile * 2, strict=True):
        record["source"] = name
    (tmp_path / "wires.jsonl").write_text(
        "\n".join(json.dumps({k: v for k, v in r.items() if k != "story"}) for r in records)
        + "\n", encoding="utf-8")
    run_corpus([str(tmp_path / "wires.jsonl")], tmp_path / "out", CorpusSettings(workers=0))
    for table in ("outlets.csv", "outlet_pairs.csv"):
        rows = list(csv.reader((tmp_path / "out" / table).open(encoding="utf-8")))
        cells = [cell for row in rows[1:] for cell in row]
        assert any(cell.startswith("'=HYPERLINK") for cell in cells), table
        assert not any(cell.startswith(("=", "+", "@")) for cell in cells), table
