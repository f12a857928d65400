"""People's own stories, kept in this server process's memory under unguessable keys.

A reload, or a link opened in another browser on the same server, starts a new Streamlit
session with empty session state; the ``?story=<key>`` address lets it find the story
again. Only the inputs are kept (articles, title, restored lines, settings): results are
recomputed from them (and cached) like any other story.

Nothing is written to disk. The store is bounded so that people cannot fill the server's
memory: at most ``max_stories`` stories and ``max_chars`` characters of text in all, the
least recently used going first; a story unused for ``ttl_seconds`` (24 hours by default)
expires. Everything is lost when the server restarts. Plain Python, thread-safe (every
session of the server shares one store), with an injectable clock for tests.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

from analysis.pipeline.settings import Settings
from analysis.results import Article

KEY_BYTES = 16  # 128 random bits: a key cannot be guessed, only shared
DEFAULT_TTL_SECONDS = 24 * 60 * 60  # a story unused for a day expires
DEFAULT_MAX_STORIES = 500
DEFAULT_MAX_CHARS = 50_000_000  # characters of text over all stories (50 to 200 MB)

Restore = tuple[tuple[str, tuple[str, ...]], ...]  # (article id, lines put back)


@dataclass(frozen=True)
class StoredStory:
    """What a new session needs to show the same story: its inputs, never its results."""

    title: str
    articles: tuple[Article, ...]
    restore: Restore = ()
    settings: Settings = field(default_factory=Settings)
    sample_set_aside: bool = False  # the "add the sample back / undo" offer is still open

    def size(self) -> int:
        """Characters held: what the store's budget counts."""
        metadata = sum(len(a.id) + len(a.source) + len(a.title) + len(a.origin)
                       + len(a.published or "") for a in self.articles)
        restored = sum(len(article_id) + sum(map(len, lines))
                       for article_id, lines in self.restore)
        return len(self.title) + metadata + restored + sum(len(a.text) for a in self.articles)


@dataclass
class _Entry:
    story: StoredStory
    size: int
    last_used: float


class StoryStore:
    """A bounded, expiring, thread-safe map from key to story, least recently used first."""

    def __init__(
        self,
        *,
        max_stories: int = DEFAULT_MAX_STORIES,
        max_chars: int = DEFAULT_MAX_CHARS,
        ttl_seconds: float = DEFAULT_TTL_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if max_stories < 1 or max_chars < 1 or ttl_seconds <= 0:
            raise ValueError("a story store needs room for one story and a positive lifetime")
        self.max_stories = max_stories
        self.max_chars = max_chars
        self.ttl_seconds = ttl_seconds
        self._clock = clock
        self._entries: OrderedDict[str, _Entry] = OrderedDict()  # oldest use first
        self._chars = 0
        self._lock = threading.Lock()

    @staticmethod
    def new_key() -> str:
        """A fresh key for the address: URL-safe, 22 characters, 128 random bits."""
        return secrets.token_urlsafe(KEY_BYTES)

    def put(self, key: str, story: StoredStory) -> bool:
        """Keep ``story`` under ``key`` (replacing what was there); False when the story
        alone is larger than the whole store, so it cannot be kept (nothing is evicted)."""
        size = story.size()
        if size > self.max_chars:
            return False
        with self._lock:
            now = self._clock()
            self._expire(now)
            self._drop(key)
            self._entries[key] = _Entry(story, size, now)
            self._chars += size
            while len(self._entries) > self.max_stories or self._chars > self.max_chars:
                self._drop(next(iter(self._entries)))  # least recently used; never ``key``
        return True

    def get(self, key: str | None) -> StoredStory | None:
        """The story under ``key``, or None when it is unknown or expired; a hit counts as
        a use (the expiry starts again)."""
        if not key:
            return None
        with self._lock:
            now = self._clock()
            self._expire(now)
            entry = self._entries.get(key)
            if entry is None:
                return None
            entry.last_used = now
            self._entries.move_to_end(key)
            return entry.story

    def forget(self, key: str | None) -> bool:
        """Remove the story under ``key``; True when there was one."""
        if not key:
            return False
        with self._lock:
            return self._drop(key)

    def __len__(self) -> int:
        with self._lock:
            self._expire(self._clock())
            return len(self._entries)

    @property
    def chars(self) -> int:
        """Characters held now (for tests and the README's figures)."""
        with self._lock:
            self._expire(self._clock())
            return self._chars

    def _drop(self, key: str) -> bool:
        entry = self._entries.pop(key, None)
        if entry is None:
            return False
        self._chars -= entry.size
        return True

    def _expire(self, now: float) -> None:
        """Drop stories unused for ``ttl_seconds``: the oldest uses come first."""
        while self._entries:
            key, entry = next(iter(self._entries.items()))
            if now - entry.last_used < self.ttl_seconds:
                break
            self._drop(key)
