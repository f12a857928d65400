"""The in-memory story store behind ``?story=<key>`` links: keys, expiry, bounds, forget."""

from __future__ import annotations

import re
import threading

import pytest

from analysis.pipeline.settings import Settings
from analysis.results import Article
from components.common.story_store import DEFAULT_TTL_SECONDS, StoredStory, StoryStore


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def story(text: str = "A fire broke out at the harbour.", title: str = "Harbour fire",
          source: str = "Coast Daily") -> StoredStory:
    return StoredStory(title=title, articles=(Article(id="coast", text=text, source=source),))


def test_a_story_comes_back_under_its_key():
    store = StoryStore()
    key = store.new_key()
    kept = StoredStory(title="Harbour fire", articles=(
        Article(id="a", text="One.", source="Coast Daily", title="Fire", published="2024-03-02"),
        Article(id="b", text="Two.", source="Harbour Tribune")),
        restore=(("a", ("Photo: J. Smith",)),), settings=Settings(min_chars=40),
        sample_set_aside=True)
    assert store.put(key, kept)
    assert store.get(key) == kept
    assert len(store) == 1 and store.chars == kept.size()


def test_keys_are_long_random_and_url_safe():
    keys = {StoryStore.new_key() for _ in range(200)}
    assert len(keys) == 200
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{22}", key) for key in keys)


def test_unknown_and_empty_keys_find_nothing():
    store = StoryStore()
    store.put("known", story())
    assert store.get("unknown") is None
    assert store.get("") is None and store.get(None) is None
    assert not store.forget("unknown") and not store.forget(None)
    assert len(store) == 1


def test_put_under_the_same_key_replaces_the_story():
    store = StoryStore()
    store.put("k", story("First text."))
    store.put("k", story("A second, longer text.", title="Renamed"))
    assert store.get("k") == story("A second, longer text.", title="Renamed")
    assert len(store) == 1 and store.chars == story("A second, longer text.", "Renamed").size()


def test_forget_removes_the_story():
    store = StoryStore()
    store.put("k", story())
    assert store.forget("k")
    assert store.get("k") is None
    assert len(store) == 0 and store.chars == 0
    assert not store.forget("k")


def test_a_story_expires_a_day_after_its_last_use():
    clock = Clock()
    store = StoryStore(clock=clock)
    store.put("k", story())
    clock.now += DEFAULT_TTL_SECONDS - 1
    assert store.get("k") == story()  # a use: the day starts again
    clock.now += DEFAULT_TTL_SECONDS - 1
    assert store.get("k") == story()
    clock.now += DEFAULT_TTL_SECONDS
    assert store.get("k") is None
    assert len(store) == 0 and store.chars == 0


def test_expiry_drops_only_the_stories_unused_long_enough():
    clock = Clock()
    store = StoryStore(ttl_seconds=60, clock=clock)
    store.put("old", story("Old."))
    clock.now += 30
    store.put("new", story("New."))
    clock.now += 30  # "old" is 60 s unused, "new" 30 s
    assert store.get("old") is None
    assert store.get("new") == story("New.")


def test_the_least_recently_used_story_goes_first_past_the_count():
    store = StoryStore(max_stories=2)
    store.put("a", story("A."))
    store.put("b", story("B."))
    store.get("a")  # "b" is now the least recently used
    store.put("c", story("C."))
    assert store.get("b") is None
    assert store.get("a") == story("A.") and store.get("c") == story("C.")
    assert len(store) == 2


def test_stories_are_evicted_until_the_characters_fit():
    one = story("x" * 400)
    store = StoryStore(max_chars=3 * one.size())
    for key in "abc":
        store.put(key, story("x" * 400))
    store.put("d", story("y" * 800))  # needs two stories' room
    assert store.get("a") is None and store.get("b") is None
    assert store.get("c") is not None and store.get("d") is not None
    assert store.chars <= store.max_chars


def test_a_story_larger_than_the_store_is_refused_and_evicts_nothing():
    store = StoryStore(max_chars=1000)
    store.put("small", story("x" * 100))
    assert not store.put("huge", story("x" * 2000))
    assert store.get("huge") is None
    assert store.get("small") == story("x" * 100)


def test_every_character_counts_towards_the_budget():
    kept = StoredStory(title="T", articles=(
        Article(id="ab", text="xyz", source="S", title="Tt", published="2024", origin="f"),),
        restore=(("ab", ("line",)),))
    assert kept.size() == 1 + (2 + 1 + 2 + 1 + 4) + 3 + (2 + 4)


def test_bad_bounds_are_refused():
    with pytest.raises(ValueError):
        StoryStore(max_stories=0)
    with pytest.raises(ValueError):
        StoryStore(ttl_seconds=0)


def test_many_threads_keep_the_totals_consistent():
    store = StoryStore(max_stories=50)

    def work(worker: int) -> None:
        for n in range(200):
            key = f"{worker}-{n % 30}"
            store.put(key, story(f"Text {worker} {n}."))
            store.get(f"{worker}-{(n * 7) % 30}")
            if n % 11 == 0:
                store.forget(key)

    threads = [threading.Thread(target=work, args=(w,)) for w in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(store) <= 50
    held = [store.get(f"{w}-{n}") for w in range(8) for n in range(30)]
    assert store.chars == sum(s.size() for s in held if s is not None)
