"""The Archive page: reading a corpus result folder, its tables and charts, and opening a
story in the other pages (AppTest). The folder is written by hand here, as a corpus run
writes it; tests/test_corpus.py makes real ones with Dask."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analysis.corpus.results import read_result, story_articles
from analysis.errors import AnalysisError
from components.views.archive_view import (
    outlet_pairs_figure,
    outlet_profile_figure,
    stories_frame,
    story_options,
)

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample_story"


def _ref(path: Path) -> dict[str, object]:
    return {"path": str(path), "kind": "file", "position": 0}


@pytest.fixture()
def result_folder(tmp_path: Path) -> Path:
    """A result folder holding the archive it read (stories are read again only from
    inside their result folder: tests/test_archive_places.py), under an archive root."""
    folder = tmp_path / "results" / "parade"
    shutil.copytree(SAMPLE, folder / "archive")
    files = sorted((folder / "archive").glob("*.txt"))
    manifest = json.loads((SAMPLE / "manifest.json").read_text())["files"]
    stories = [
        {"id": 1, "label": "Shoigu at the Pyongyang parade", "size": 5,
         "articles": [{"id": f.stem, "source": manifest[f.name]["source"],
                       "title": manifest[f.name].get("title", ""),
                       "published": f"2023-07-2{7 + n % 2}", "ref": _ref(f)}
                      for n, f in enumerate(files)]},
        {"id": 2, "label": "Harbour <b>fire</b> in Carrow Falls", "size": 1,
         "articles": [{"id": "fire-1", "source": "Allied Press", "title": "Fire",
                       "published": "2026-03-01", "ref": _ref(files[0])}]},
    ]
    (folder / "stories").mkdir()
    lines = [json.dumps(s) for s in stories] + ["{damaged"]
    (folder / "stories.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "stories" / "1.json").write_text("{}", encoding="utf-8")
    outlets = [
        {"outlet": "Metro", "stories": 1, "articles": 1, "sentences": 20, "copied_share": 0.5,
         "shared_share": 0.75, "alone_share": 0.25, "overlaps_most": "ABP Live (60%)"},
        {"outlet": "ABP Live", "stories": 2, "articles": 2, "sentences": 30,
         "copied_share": 0.1, "shared_share": 0.4, "alone_share": 0.6, "overlaps_most": ""},
    ]
    pairs = [{"outlet": "Metro", "other": "ABP Live", "stories_together": 1, "sentences": 20,
              "carried_by_other": 12, "carried_share": 0.6},
             {"outlet": "ABP Live", "other": "Metro", "stories_together": 1, "sentences": 30,
              "carried_by_other": 9, "carried_share": 0.3}]
    (folder / "outlets.json").write_text(json.dumps({"outlets": outlets, "pairs": pairs}))
    (folder / "corpus.json").write_text(json.dumps({"articles": 6, "compared": 1}))
    (folder / "problems.jsonl").write_text(
        json.dumps({"name": "wires.jsonl#40", "reason": "record has no text"}) + "\n")
    return folder


def test_result_folder_is_read_with_damage_counted(result_folder: Path) -> None:
    result = read_result(result_folder)
    assert [s.id for s in result.stories] == [1, 2] and result.damaged_lines == 1
    assert result.comparison_path(1) is not None and result.comparison_path(2) is None
    assert result.story(1).first_published == "2023-07-27"
    assert result.problems[0]["reason"] == "record has no text"
    with pytest.raises(AnalysisError, match="not in this result"):
        result.story(9)


def test_a_folder_without_stories_is_refused_in_words(tmp_path: Path) -> None:
    with pytest.raises(AnalysisError, match="holds no stories.jsonl"):
        read_result(tmp_path)
    with pytest.raises(AnalysisError, match="is not a folder"):
        read_result(tmp_path / "missing")
    with pytest.raises(AnalysisError, match="not a result folder"):  # under a root: no more
        read_result(tmp_path / "missing", [tmp_path])


def test_story_articles_are_read_again_under_their_ids(result_folder: Path) -> None:
    result = read_result(result_folder)
    articles = story_articles(result.story(1), result)
    assert [a.id for a in articles] == sorted(p.stem for p in SAMPLE.glob("*.txt"))
    assert all(len(a.text) > 500 for a in articles)


def test_moved_archive_files_are_reported(result_folder: Path) -> None:
    result = read_result(result_folder)
    entry = result.story(1)
    moved = dict(entry.articles[0], ref=_ref(result_folder / "archive" / "gone.txt"))
    broken = type(entry)(entry.id, entry.label, entry.size, (moved, *entry.articles[1:]))
    with pytest.raises(AnalysisError, match="could be read again|could not be read again"):
        story_articles(broken, result)


def test_stories_frame_searches_and_sorts(result_folder: Path) -> None:
    result = read_result(result_folder)
    assert stories_frame(result)["story"].tolist() == [1, 2]
    assert stories_frame(result, "carrow")["story"].tolist() == [2]
    assert stories_frame(result, "METRO")["story"].tolist() == [1]  # a source, any case
    assert stories_frame(result, sort="date")["story"].tolist() == [2, 1]
    assert stories_frame(result, sort="date_asc")["story"].tolist() == [1, 2]
    assert stories_frame(result, "nothing like this").empty
    assert story_options(result, [1])[1].startswith("1 · Shoigu at the Pyongyang parade (5")


def test_outlet_charts_hold_the_shares(result_folder: Path) -> None:
    result = read_result(result_folder)
    profile = outlet_profile_figure(result)
    copied, reworded, alone = (list(trace.x) for trace in profile.data)
    assert list(profile.data[0].y) == ["ABP Live", "Metro"]  # most copied on top
    assert copied == [0.1, 0.5] and alone == [0.6, 0.25]
    assert reworded == pytest.approx([0.3, 0.25])
    heat = outlet_pairs_figure(result)
    names = list(heat.data[0].x)
    assert names == ["ABP Live", "Metro"]  # most stories first
    z = heat.data[0].z
    assert z[1][0] == 0.6 and z[0][1] == 0.3 and z[0][0] is None


def test_archive_page_lists_the_root_and_opens_a_folder_and_a_story(
        result_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 36: the folders under the archive root are listed to choose from; no path
    can be typed."""
    monkeypatch.setenv("COVERAGE_LENS_ARCHIVE_ROOT", str(result_folder.parent))
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.run()
    app.switch_page("app_pages/archive.py")
    app.run()
    assert not app.exception
    assert app.title[0].value == "Archive"
    assert not app.main.text_input  # no box to type a path in (the search box comes later)
    choice = app.selectbox(key="archive_choice")
    assert choice.options == ["parade"]  # shown relative to the root, never a full path
    next(b for b in app.button if b.label == "Open folder").click()  # the form's Open button
    app.run()
    assert not app.exception
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Stories"] == "2" and metrics["Outlets"] == "2"
    assert len(app.get("plotly_chart")) == 2
    frames = app.dataframe
    assert frames[0].value["label"].tolist()[1] == "Harbour <b>fire</b> in Carrow Falls"
    app.text_input(key="archive_search").set_value("shoigu").run()
    assert app.dataframe[0].value["story"].tolist() == [1]
    open_story = next(b for b in app.button if b.label == "Open this story")
    open_story.click().run()
    assert not app.exception
    assert app.session_state["articles"] and len(app.session_state["articles"]) == 5
    assert app.title[0].value == "Coverage Lens"  # the Overview of the opened story
    assert any("Shoigu at the Pyongyang parade" in m.value for m in app.markdown)
