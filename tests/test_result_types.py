"""The typed records agree with what the pipeline fills in (mypy checks the code; this
checks the data the code writes at run time)."""

from __future__ import annotations

from dataclasses import fields

from analysis.ingest.formats.common import Extracted
from analysis.pipeline.settings import Settings
from analysis.results import Article, ArticleMetadata, Comparison, SettingsRecord

RECORD_KEYS = set(SettingsRecord.__annotations__)


def test_settings_record_names_every_setting_plus_matching_and_seconds():
    assert RECORD_KEYS == {f.name for f in fields(Settings)} | {"matching", "seconds"}
    assert set(Settings().as_dict()) == RECORD_KEYS - {"matching", "seconds"}


def test_a_comparison_records_every_key_of_the_settings_record(sample_comparison: Comparison):
    assert set(sample_comparison.settings) == RECORD_KEYS
    assert isinstance(sample_comparison.settings["threshold"], float)


def test_readers_and_articles_share_one_list_of_metadata_fields():
    metadata = {f.name for f in fields(ArticleMetadata)}
    assert {f.name for f in fields(Article)} == metadata | {"id", "text", "origin"}
    assert {f.name for f in fields(Extracted)} == metadata | {"text"}
    assert Article("a", "Text.", source="Wire").source == "Wire"  # id and text positional
