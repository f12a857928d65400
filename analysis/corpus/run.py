"""Corpus mode on Dask: read and sketch in partitions, group stories, compare each story on
the cluster, roll the findings up per outlet, write everything under one folder.

By default a ``LocalCluster`` of worker processes runs on this machine; with a scheduler
address the same code runs on an existing cluster (its workers must see the archive's
files at the same paths: they read the articles themselves, the client never holds the
archive's text).
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import numpy as np

from analysis.corpus.grouping import ArticleSketch, group_stories, lead_text, sketch_article
from analysis.corpus.outlets import StorySummary, outlet_tables, summarise
from analysis.corpus.reading import Piece, Ref, archive_files, partitions, read_piece, read_refs
from analysis.errors import AnalysisError
from analysis.ingest.loading import make_unique_ids
from analysis.output.spreadsheet import csv_bytes
from analysis.pipeline.settings import Settings
from analysis.results import Article, LoadProblem

Report = Callable[[str, float], None]
SCHEDULER_CONNECT_SECONDS = 5  # to open a connection to a given scheduler
SCHEDULER_ANSWER_SECONDS = 8  # for it to connect and answer Dask's handshake, in all


class CorpusError(AnalysisError):
    """The corpus cannot be run; the message says why in plain words (the command line
    prints it as it prints any ``AnalysisError``)."""


@dataclass(frozen=True)
class CorpusSettings:
    """``workers``: local worker processes (ignored with ``scheduler``); 0 runs the work
    on threads of this process (a small archive in the dashboard). ``semantic``: the
    sentence-embedding model too, for grouping (lead embeddings propose neighbours) and
    in each story's comparison (about 10x the CPU of the lexical route, so off by default
    for archives)."""

    workers: int = 2
    scheduler: str | None = None
    semantic: bool = False
    threshold: float | None = None


@dataclass(frozen=True)
class Listed:
    """One readable article as the client knows it: where it is and what it says of
    itself, never its text."""

    ref: Ref
    id: str
    source: str
    title: str
    published: str | None
    sketch: ArticleSketch


@dataclass
class CorpusResult:
    out: Path
    articles: int = 0
    stories: int = 0
    compared: int = 0
    problems: list[LoadProblem] = field(default_factory=list)
    dashboard: str = ""
    seconds: float = 0.0


def _silent(stage: str, fraction: float) -> None:
    """Nobody is watching."""


def _make_folder(target: Path) -> None:
    """The result folder and an empty ``stories/`` (a smaller archive run into the same
    folder must not leave the earlier run's stories beside its own list), or a CorpusError
    saying why not in words."""
    if target.exists() and not target.is_dir():
        raise CorpusError(f"--out {target} is a file, not a folder: name a folder for the "
                          "results (it is created if missing)")
    try:
        (target / "stories").mkdir(parents=True, exist_ok=True)
        for stale in (target / "stories").glob("*.json"):  # an earlier run's stories
            if stale.stem.isdigit():
                stale.unlink()
    except OSError as error:
        raise CorpusError(f"cannot create the result folder {target} "
                          f"({(error.strerror or type(error).__name__).lower()})") from None


def run_corpus(paths: Sequence[str], out: str | os.PathLike[str],
               settings: CorpusSettings | None = None, *, report: Report | None = None,
               announce: Callable[[str], None] | None = None) -> CorpusResult:
    """Stories and outlet findings of the archive at ``paths``, written under ``out``.

    ``report(stage, fraction)`` follows the work; ``announce`` receives one-off lines
    (the Dask dashboard's address)."""
    settings = settings or CorpusSettings()
    report = report or _silent
    started = time.perf_counter()
    files, problems = archive_files(paths)
    if not files:
        raise CorpusError("no file to read among the given paths"
                          + (f" ({problems[0].name}: {problems[0].reason})" if problems else ""))
    target = Path(out)
    _make_folder(target)
    result = CorpusResult(out=target, problems=list(problems))
    archive = _archive_folder(files)
    work = partitions(files)
    with _client(settings) as client:
        result.dashboard = str(getattr(client, "dashboard_link", "") or "")
        if announce and result.dashboard:
            announce(f"Dask dashboard: {result.dashboard}")
        listed = _list_articles(client, work, result, report, settings.semantic)
        result.articles = len(listed)
        if not listed:
            first = result.problems[0] if result.problems else None
            raise CorpusError("no readable article in the archive"
                              + (f" ({first.name}: {first.reason})" if first else ""))
        embedded = any(a.sketch.vector is not None for a in listed)
        report("Grouping articles into stories", 0.35)
        stories = group_stories([a.sketch for a in listed])
        result.stories = len(stories)
        _write_stories(target, stories, listed)
        summaries = _compare_stories(client, target, stories, listed, settings, result, report)
    singles: dict[str, int] = {}
    for story in stories:
        if len(story) == 1:
            source = listed[story[0]].source
            singles[source] = singles.get(source, 0) + 1
    report("Writing outlet findings", 0.98)
    _write_outlets(target, *outlet_tables(summaries, singles))
    _write_problems(target, result.problems)
    result.seconds = round(time.perf_counter() - started, 2)
    (target / "corpus.json").write_text(json.dumps({
        "articles": result.articles, "stories": result.stories, "compared": result.compared,
        "problems": len(result.problems), "seconds": result.seconds, "archive": archive,
        "settings": {"semantic": settings.semantic, "threshold": settings.threshold,
                     "grouping": "term bags + lead embeddings" if embedded else "term bags",
                     "workers": None if settings.scheduler else settings.workers,
                     "scheduler": settings.scheduler},
    }, indent=2), encoding="utf-8")
    report("Done", 1.0)
    return result


@contextmanager
def _client(settings: CorpusSettings) -> Iterator[object]:
    """A Dask client: on the given scheduler, or on a new local cluster of processes."""
    from dask.distributed import Client, LocalCluster  # heavy: only corpus mode needs it

    if settings.scheduler:
        _check_scheduler(settings.scheduler)
        try:
            client = Client(settings.scheduler, timeout=f"{SCHEDULER_CONNECT_SECONDS}s")
        except (OSError, TimeoutError) as error:
            raise CorpusError(f"could not reach the Dask scheduler at {settings.scheduler} "
                              f"({error})") from error
        try:
            yield client
        finally:
            client.close()
        return
    cluster = LocalCluster(n_workers=max(1, settings.workers), threads_per_worker=1,
                           processes=settings.workers > 0, dashboard_address=":0",
                           silence_logs=40)
    client = Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


def _check_scheduler(address: str, seconds: float = SCHEDULER_ANSWER_SECONDS) -> None:
    """Refuse an address that does not complete Dask's handshake within ``seconds``.

    ``Client(address, timeout=...)`` bounds the TCP connection, but not the handshake that
    follows it (distributed 2026.8: ``distributed.comm.core.connect`` awaits the peer's
    first message with no timeout), so a port that accepts and never answers, or a web
    server, held the run for good. A first connection made here under one overall bound
    says so in words instead."""
    import asyncio
    import threading

    from distributed.comm import connect

    async def handshake() -> None:
        comm = await asyncio.wait_for(
            connect(address, timeout=f"{SCHEDULER_CONNECT_SECONDS}s"), seconds)
        await comm.close()

    failure: list[BaseException] = []

    def probe() -> None:  # a thread of its own: the caller's thread may run an event loop
        try:
            asyncio.run(handshake())
        except BaseException as error:  # noqa: BLE001 - handed to the caller's thread
            failure.append(error)

    thread = threading.Thread(target=probe, name="scheduler-probe", daemon=True)
    thread.start()
    thread.join(seconds + SCHEDULER_CONNECT_SECONDS)
    try:
        if thread.is_alive():
            raise TimeoutError
        if failure:
            raise failure[0]
    except TimeoutError:
        raise CorpusError(
            f"the address {address} took a connection but did not answer as a Dask scheduler "
            f"within {seconds:.0f} seconds; check the address and port of the scheduler"
        ) from None
    except Exception as error:  # noqa: BLE001 - any other peer: refused, reset, garbage
        raise CorpusError(
            f"could not reach the Dask scheduler at {address} ({type(error).__name__}: "
            f"{error}); check the address and port of the scheduler") from None


def _sketch_partition(pieces: list[Piece], semantic: bool = False
                      ) -> tuple[list[Listed], list[LoadProblem]]:
    """On a worker: each article of a partition reduced to what grouping needs; with
    ``semantic``, its lead's embedding too (one batch per partition; the model loads once
    per worker process)."""
    problems: list[LoadProblem] = []
    found = []
    for piece in pieces:
        items, trouble = read_piece(piece)
        problems.extend(trouble)
        found.extend(items)
    vectors = _lead_vectors([item.article for item in found]) if semantic else None
    listed = [Listed(item.ref, a.id, a.source or a.id, a.title, a.published,
                     sketch_article(a.title, a.text, a.published,
                                    None if vectors is None else vectors[n]))
              for n, item in enumerate(found) for a in (item.article,)]
    return listed, problems


def _lead_vectors(articles: list[Article]) -> np.ndarray | None:
    from analysis.matching.embedding import default_encoder

    encoder = default_encoder()
    if encoder is None or not articles:
        return None  # the model is not installed: grouping stays lexical
    return encoder.encode([lead_text(a.title, a.text) for a in articles])


def _list_articles(client: object, work: list[list[Piece]], result: CorpusResult,
                   report: Report, semantic: bool = False) -> list[Listed]:
    import dask.bag as db
    from dask.distributed import as_completed

    bag = db.from_sequence(work, npartitions=max(1, len(work))).map(
        _sketch_partition, semantic=semantic)
    futures = client.compute(bag.to_delayed())  # type: ignore[attr-defined]
    order = {f.key: n for n, f in enumerate(futures)}
    parts: dict[int, list[Listed]] = {}
    for done, future in enumerate(as_completed(futures), start=1):
        for listed, trouble in future.result():
            parts.setdefault(order[future.key], []).extend(listed)
            result.problems.extend(trouble)
        report(f"Reading and sketching {len(work):,} partitions", 0.3 * done / len(futures))
    listed = [a for n in range(len(futures)) for a in parts.get(n, [])]  # archive order
    return make_unique_ids(listed)


def _story_label(members: list[Listed]) -> str:
    """The title most members share (syndicated copy keeps its headline), else the first."""
    titles = [m.title for m in members if m.title]
    if not titles:
        return members[0].id
    return max(dict.fromkeys(titles), key=titles.count)


def _archive_folder(files: Sequence[str]) -> str:
    """The folder holding every file of the archive (absolute), recorded in ``corpus.json``:
    the Archive page reads a story's articles from there only when it lies under the
    archive root (``analysis.corpus.places``)."""
    try:
        return os.path.commonpath([os.path.dirname(os.path.abspath(f)) for f in files])
    except ValueError:  # no common folder (Windows drives)
        return ""


def _ref_path(target: Path, path: str) -> str:
    """A file inside the result folder is referred to relative to it (the folder can be
    moved with its archive); any other by its absolute path, never relative to wherever
    the run was started."""
    full = os.path.abspath(path)
    home = os.path.abspath(target)
    if full.startswith(home + os.sep):
        return Path(os.path.relpath(full, home)).as_posix()
    return full


def _write_stories(target: Path, stories: list[list[int]], listed: list[Listed]) -> None:
    with open(target / "stories.jsonl", "w", encoding="utf-8") as out:
        for number, story in enumerate(stories, start=1):
            members = [listed[k] for k in story]
            out.write(json.dumps({
                "id": number, "label": _story_label(members), "size": len(members),
                "articles": [{"id": m.id, "source": m.source, "title": m.title,
                              "published": m.published,
                              "ref": {**asdict(m.ref), "path": _ref_path(target, m.ref.path)}}
                             for m in members],
            }, ensure_ascii=False) + "\n")


def _compare_story(number: int, refs: list[tuple[Ref, str]], semantic: bool,
                   threshold: float | None) -> tuple[int, bytes | None, StorySummary | None, str]:
    """On a worker: the one-story comparison of a story, as JSON bytes and counts."""
    from analysis.output.report import to_dict
    from analysis.pipeline.comparison import compare

    try:
        read = read_refs([ref for ref, _ in refs])
        articles = [replace(read[ref], id=article_id) for ref, article_id in refs if ref in read]
        comparison = compare(articles, Settings(semantic=semantic, threshold=threshold))
    except (AnalysisError, OSError, ValueError) as error:
        return number, None, None, str(error)
    except Exception as error:  # noqa: BLE001 - one story's failure must not stop the archive
        return number, None, None, f"unexpected failure ({type(error).__name__}: {error})"
    data = json.dumps(to_dict(comparison), ensure_ascii=False).encode("utf-8")
    return number, data, summarise(number, comparison), ""


def _compare_stories(client: object, target: Path, stories: list[list[int]],
                     listed: list[Listed], settings: CorpusSettings, result: CorpusResult,
                     report: Report) -> list[StorySummary]:
    from dask.distributed import as_completed

    jobs = [(number, [(listed[k].ref, listed[k].id) for k in story])
            for number, story in enumerate(stories, start=1) if len(story) > 1]
    if not jobs:
        return []
    submit = client.submit  # type: ignore[attr-defined]
    futures = [submit(_compare_story, number, refs, settings.semantic, settings.threshold,
                      pure=False) for number, refs in jobs]
    summaries = []
    for done, future in enumerate(as_completed(futures), start=1):
        number, data, summary, problem = future.result()
        future.release()
        if data is None or summary is None:
            result.problems.append(LoadProblem(f"story {number}", problem))
        else:
            (target / "stories" / f"{number}.json").write_bytes(data)
            summaries.append(summary)
            result.compared += 1
        report(f"Comparing {len(jobs):,} stories", 0.4 + 0.58 * done / len(jobs))
    return sorted(summaries, key=lambda s: s.story)


def _write_outlets(target: Path, outlets: list[dict[str, object]],
                   pairs: list[dict[str, object]]) -> None:
    import pandas as pd

    for name, rows in (("outlets", outlets), ("outlet_pairs", pairs)):
        frame = pd.DataFrame(rows)
        # through the safe writer: an outlet named "=HYPERLINK(...)" is text, not a formula
        (target / f"{name}.csv").write_bytes(csv_bytes(
            [str(c) for c in frame.columns], frame.itertuples(index=False, name=None)))
        frame.to_parquet(target / f"{name}.parquet", index=False)
    (target / "outlets.json").write_text(json.dumps(
        {"outlets": outlets, "pairs": pairs}, ensure_ascii=False, indent=1), encoding="utf-8")


def _write_problems(target: Path, problems: list[LoadProblem]) -> None:
    with open(target / "problems.jsonl", "w", encoding="utf-8") as out:
        for p in problems:
            out.write(json.dumps({"name": p.name, "reason": p.reason}, ensure_ascii=False) + "\n")
