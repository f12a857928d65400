"""Stored results: read back equal, never read across code versions, never fatal."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.output.report import to_dict
from analysis.pipeline import result_cache
from analysis.pipeline.result_cache import DiskStore, StoryCache
from analysis.pipeline.settings import Settings
from analysis.results import Article

STORY = (
    Article(id="a", text="Firefighters contained the blaze in the old mill on Sunday. "
                         "Two people were hurt, the mayor said."),
    Article(id="b", text="The blaze in the old mill was contained by firefighters on Sunday. "
                         "The mayor said two people were injured."),
)
LEXICAL = Settings(semantic=False, min_chars=11)


def test_a_stored_story_is_read_back_in_a_new_process_state(tmp_path: Path, prepare_calls):
    calls = prepare_calls
    first = StoryCache(DiskStore(tmp_path)).comparison(STORY, LEXICAL, persist=True)
    again = StoryCache(DiskStore(tmp_path)).comparison(STORY, LEXICAL, persist=True)
    assert len(calls) == 1, "the second cache (a fresh server) reads the disk"
    assert to_dict(again) == to_dict(first)
    moved = StoryCache(DiskStore(tmp_path)).comparison(
        STORY, Settings(semantic=False, min_chars=11, threshold=0.9), persist=True)
    assert len(calls) == 1, "a threshold move re-filters the stored preparation"
    assert len(moved.matches) <= len(first.matches)


def test_uploads_are_not_written_down(tmp_path: Path):
    StoryCache(DiskStore(tmp_path)).comparison(STORY, LEXICAL, persist=False)
    assert not list(tmp_path.iterdir())


def test_files_of_other_code_and_corrupt_files_are_ignored(tmp_path: Path, monkeypatch,
                                                            prepare_calls):
    calls = prepare_calls
    StoryCache(DiskStore(tmp_path)).comparison(STORY, LEXICAL, persist=True)
    for path in tmp_path.glob("*.pickle"):
        path.write_bytes(b"not a pickle")
    StoryCache(DiskStore(tmp_path)).comparison(STORY, LEXICAL, persist=True)
    assert len(calls) == 2, "a corrupt file means computing again, not an error"
    result_cache.code_fingerprint.cache_clear()
    monkeypatch.setattr(result_cache, "code_fingerprint", lambda: "other-code-version")
    StoryCache(DiskStore(tmp_path)).comparison(STORY, LEXICAL, persist=True)
    assert len(calls) == 3, "a result written by other code is never read"
    assert all(p.name.startswith("other-code-version-") for p in tmp_path.glob("*.pickle"))


def test_an_unwritable_folder_only_costs_the_speed(tmp_path: Path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = StoryCache(DiskStore(blocker / "cache")).comparison(STORY, LEXICAL, persist=True)
    assert result.matches, "the comparison is computed and returned"


@pytest.mark.parametrize("value", ["off", "0", ""])
def test_the_cache_can_be_switched_off(monkeypatch, value: str):
    monkeypatch.setenv(result_cache.CACHE_ENV, value)
    assert result_cache.default_directory() is None


def test_the_stop_list_copy_equals_scikit_learns():
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS as SKLEARN

    from analysis.text.lexicon import ENGLISH_STOP_WORDS

    assert frozenset(SKLEARN) == ENGLISH_STOP_WORDS
