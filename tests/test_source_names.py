"""Source names: from the folder's manifest, the page, the address; never cut short."""

from __future__ import annotations

import json
from pathlib import Path

from analysis.ingest.loading import domain_name, load_paths, load_uploads
from analysis.pipeline.comparison import compare
from components.common.labels import source_labels, wrapped
from components.exports.export import matches_csv

ROOT = Path(__file__).resolve().parents[1]
LONG = "Port Ellison Fire Department (press office, Harbour District)"
BODY = ("The harbour fire burned for six hours on Tuesday night. Crews from three stations "
        "fought the blaze at the timber yard. Nobody was hurt, the fire chief said.")


def test_the_sample_story_carries_its_outlets_names_and_dates():
    report = load_paths([ROOT / "data" / "sample_story"])
    assert not report.problems  # the manifest is read as a manifest, not as an article
    by_id = {a.id: a for a in report.articles}
    assert len(by_id) == 5
    assert by_id["000_adeca93de2b3738f"].source == "ABP Live"
    assert by_id["004_1ba25c30ac1e166f"].source == "The Independent"
    assert by_id["004_1ba25c30ac1e166f"].published == "2023-07-28"
    assert by_id["002_7c91d741beb2bec9"].title.startswith("Grinning Kim Jong-un")


def test_a_manifest_names_files_and_keeps_their_own_metadata(tmp_path):
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "b.md").write_text(f"---\nsource: Front Matter Daily\n---\n{BODY}",
                                   encoding="utf-8")
    manifest = {"files": {"a.txt": {"source": LONG, "published": "July 28, 2023"}}}
    (tmp_path / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    report = load_paths([tmp_path])
    assert not report.problems
    names = {a.origin: (a.source, a.published) for a in report.articles}
    assert names == {"a.txt": (LONG, "2023-07-28"), "b.md": ("Front Matter Daily", None)}


def test_a_json_file_called_manifest_that_is_a_bundle_is_still_read(tmp_path):
    bundle = [{"text": BODY, "source": "Bundle Times"}]
    (tmp_path / "manifest.json").write_text(json.dumps(bundle), encoding="utf-8")
    report = load_paths([tmp_path])
    assert [a.source for a in report.articles] == ["Bundle Times"]


def test_a_page_without_a_site_name_is_named_after_its_domain():
    page = (f'<html><head><link rel="canonical" href="https://www.harbour-news.example/fire">'
            f"<title>Fire</title></head><body><article><p>{BODY}</p></article></body></html>")
    article = load_uploads([("page.html", page.encode())]).articles[0]
    assert article.source == "harbour-news.example"
    assert domain_name("news.example.org/a/b") == "news.example.org"
    assert domain_name("[broken") == "" and domain_name(None) == ""


def test_long_names_are_whole_in_labels_and_exports():
    csv = f"source,title,text\n\"{LONG}\",Fire,\"{BODY}\"\nHarbour Post,Blaze,\"{BODY}\"\n"
    articles = load_uploads([("bundle.csv", csv.encode())]).articles
    comparison = compare(articles)
    labels = source_labels(comparison.articles)
    assert LONG in labels.values()
    assert LONG in matches_csv(comparison).decode("utf-8")
    axis = wrapped(LONG)
    assert "<br>" in axis and axis.replace("<br>", " ") == LONG  # wrapped, nothing lost
