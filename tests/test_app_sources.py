"""The Sources page: adding, editing and removing articles, restoring cleaned lines."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analysis.ingest import budgets
from analysis.ingest.formats.common import ArticleLoadError
from analysis.pipeline.comparison import compare
from analysis.results import Article
from components.common.text import escape_markdown
from components.widgets import sources_editor as se
from components.widgets import sources_widgets as sw
from tests.conftest import ROOT

UPLOADS = ROOT / "tests" / "fixtures" / "uploads"
PAGE = "app_pages/sources.py"


def fixture(name: str, mime: str = "text/plain") -> tuple[str, bytes, str]:
    return name, (UPLOADS / name).read_bytes(), mime


def upload(at: AppTest, *files: tuple[str, bytes, str]) -> AppTest:
    at.file_uploader(key=sw.UPLOAD_KEY).set_value(list(files)).run()
    assert not at.exception, at.exception
    return at


def ids(at: AppTest) -> list[str]:
    return [article.id for article in at.session_state["articles"]]


def table(at: AppTest) -> pd.DataFrame:
    return at.data_editor[0].value


def markdown_text(at: AppTest) -> str:
    return "\n".join(element.value for element in at.markdown)


@pytest.fixture
def sources() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.run()
    at.switch_page(PAGE)
    at.run()
    assert not at.exception, at.exception
    return at


# ------------------------------------------------------------------ the page


def test_sample_story_fills_the_table(sources):
    assert sources.title[0].value == "Sources"
    frame = table(sources)
    assert len(frame) == 5
    assert list(frame.columns) == list(se.COLUMNS)
    assert (frame["sentences"] > 10).all() and (frame["words"] > 100).all()
    assert len(sources.expander) == 5
    assert "5" in sources.subheader[0].value


def test_several_files_at_once_are_all_added(sources):
    upload(sources, fixture("harbour_tribune.txt"), fixture("coast_daily.txt"),
           fixture("hostile.html", "text/html"))
    assert len(table(sources)) == 3  # the first upload starts the person's own story
    assert ids(sources) == ["harbour_tribune", "coast_daily", "hostile"]
    assert any("Started your own story with 3 articles" in s.value for s in sources.success)
    tribune = sources.session_state["articles"][0]
    assert tribune.source == "Harbour Tribune" and tribune.published == "2024-03-02"


def test_hostile_html_becomes_plain_text(sources):
    upload(sources, fixture("hostile.html", "text/html"))
    article = sources.session_state["articles"][-1]
    assert "alert" not in article.text and "<" not in article.text
    assert "harbour stayed closed" in article.text
    assert not sources.exception


def test_a_bad_file_is_listed_and_the_good_ones_still_load(sources):
    upload(sources, fixture("coast_daily.txt"), ("x.pdf", bytes(range(256)) * 4, "application/pdf"),
           ("empty.txt", b"", "text/plain"), fixture("harbour_tribune.txt"))
    assert len(sources.session_state["articles"]) == 2
    names = {problem.name for problem in sources.session_state["problems"]}
    assert names == {"x.pdf", "empty.txt"}
    warning = sources.warning[0].value
    assert "x\\.pdf" in warning and "damaged" in warning and "empty" in warning
    sources.button(key="dismiss_problems").click().run()
    assert sources.session_state["problems"] == [] and not sources.warning
    assert len(sources.session_state["articles"]) == 2


def test_strange_bytes_never_crash_the_page(sources, monkeypatch):
    monkeypatch.setattr(budgets, "MAX_FILE_BYTES", 5_000)  # "huge" without 20 MB in a test
    upload(sources, ("huge.txt", b"Words and more words. " * 1_000, "text/plain"),
           ("latin.txt", "Caf\xe9 na\xefve story about the harbour.".encode("latin-1"),
            "text/plain"),
           ("noise.txt", bytes(range(256)) * 16, "text/plain"),
           ("records.csv", b"text,source\nFirst article body here.,A\n,B\n", "text/csv"),
           ("broken.docx", b"PK\x03\x04 not really", "application/octet-stream"))
    assert not sources.exception
    texts = {a.id: a.text for a in sources.session_state["articles"]}
    assert "Café naïve" in texts["latin"]
    reasons = {p.name: p.reason for p in sources.session_state["problems"]}
    assert "broken.docx" in reasons and "too large" in reasons["huge.txt"]
    assert len(table(sources)) == len(sources.session_state["articles"])


def test_the_same_upload_is_not_added_again_on_rerun(sources):
    first = fixture("coast_daily.txt")
    upload(sources, first)
    sources.run()
    sources.run()
    assert ids(sources) == ["coast_daily"]
    upload(sources, first, fixture("harbour_tribune.txt"))  # one more file dropped in the box
    assert ids(sources) == ["coast_daily", "harbour_tribune"]


def test_an_uploaded_id_that_exists_gets_a_number(sources):
    upload(sources, fixture("coast_daily.txt"))
    sources.button(key="sample_bring_back").click().run()  # the sample joins the new story
    name = "000_adeca93de2b3738f.txt"
    upload(sources, fixture("coast_daily.txt"),
           (name, b"A different article with the same file name.", "text/plain"))
    assert ids(sources)[-1] == "000_adeca93de2b3738f-2"
    assert len(set(ids(sources))) == 7
    assert any("000\\_adeca93de2b3738f\\-2" in s.value for s in sources.success)


def test_identical_articles_and_a_single_article(sources):
    sources.button(key="remove_all").click().run()
    sources.button(key="remove_all_yes").click().run()
    upload(sources, fixture("coast_daily.txt"))
    assert any("second one" in info.value for info in sources.info)
    same_text = fixture("coast_daily.txt")[1]
    upload(sources, fixture("coast_daily.txt"), ("copy.txt", same_text, "text/plain"))
    assert ids(sources) == ["coast_daily", "copy"]
    assert len(sources.expander) == 2 and not sources.exception


def test_pasted_text_becomes_an_article(sources):
    sources.text_area(key="paste_text").input("The harbour reopened on Sunday. Boats left at dawn.")
    sources.text_input(key="paste_source").input("Radio Coast")
    sources.text_input(key="paste_title").input("Harbour reopens")
    sources.button(key="paste_add").click().run()
    article = sources.session_state["articles"][-1]
    assert (article.id, article.source, article.title) == ("Radio-Coast", "Radio Coast",
                                                           "Harbour reopens")
    assert article.origin == "pasted text" and len(table(sources)) == 1  # a story of its own
    assert sources.text_area(key="paste_text").value == ""  # ready for the next one


def test_pasting_nothing_says_so(sources):
    sources.button(key="paste_add").click().run()
    assert any("no text to add" in error.value for error in sources.error)
    assert len(sources.session_state["articles"]) == 5


def test_editing_a_source_name_changes_the_article(sources):
    key = se.editor_key(sources.session_state["articles"])
    edits = {1: {"source": " The Daily ", "date": "July 28, 2023"}}
    sources.session_state[key] = {"edited_rows": edits, "added_rows": [], "deleted_rows": []}
    sources.run()
    assert not sources.exception
    second = sources.session_state["articles"][1]
    assert (second.source, second.published) == ("The Daily", "2023-07-28")
    assert table(sources)["source"][1] == "The Daily"
    assert sources.session_state["articles"][0].source == "ABP Live"  # untouched: as loaded


def test_removing_an_article_keeps_the_others(sources):
    before = ids(sources)
    key = se.editor_key(sources.session_state["articles"])
    sources.session_state[key] = {"edited_rows": {2: {"remove": True}}, "added_rows": [],
                               "deleted_rows": []}
    sources.run()
    sources.button(key="remove_marked").click().run()
    assert ids(sources) == before[:2] + before[3:]
    assert len(table(sources)) == 4 and not table(sources)["remove"].any()


def test_restoring_a_removed_line(sources):
    result = next(r for r in sources.session_state["articles"] if r.id.startswith("004"))
    comparison = compare(sources.session_state["articles"])
    removed = next(r for r in comparison.articles if r.id == result.id).removed
    line = next(line for line in removed if line.reason == "byline")
    sources.button(key=f"restore_{result.id}_{line.line}").click().run()
    assert sources.session_state["restore"] == {result.id: [line.text]}
    assert f"restore_{result.id}_{line.line}" not in [b.key for b in sources.button]
    after = compare(sources.session_state["articles"], restore=sources.session_state["restore"])
    cleaned = next(r for r in after.articles if r.id == result.id)
    assert line.text in cleaned.cleaned_text
    assert line.text not in [removed.text for removed in cleaned.removed]
    label = next(e.label for e in sources.expander if e.label.startswith("The Independent"))
    assert f"{len(removed) - 1} lines removed · 1 restored" in label
    sources.button(key=f"unrestore_{result.id}_0").click().run()
    assert sources.session_state["restore"] == {}
    assert f"restore_{result.id}_{line.line}" in [b.key for b in sources.button]


def test_remove_all_asks_first_then_leaves_an_empty_state(sources):
    sources.button(key="remove_all").click().run()
    sources.button(key="remove_all_cancel").click().run()
    assert len(ids(sources)) == 5
    sources.button(key="remove_all").click().run()
    assert any("Remove all 5 articles" in w.value for w in sources.warning)
    sources.button(key="remove_all_yes").click().run()
    assert ids(sources) == [] and not sources.data_editor and not sources.expander
    assert any("No articles yet" in info.value for info in sources.info)
    sources.button(key="load_sample").click().run()
    assert len(ids(sources)) == 5
    sources.button(key="load_sample").click().run()
    assert len(ids(sources)) == 5 and any("already" in info.value for info in sources.info)


# ------------------------------------------------------------------ pure helpers


def test_fresh_uploads_only_reads_new_files():
    a, b = ("a.txt", b"one"), ("b.txt", b"two")
    fresh, seen = se.fresh_uploads([a, a], [])
    assert fresh == [a] and len(seen) == 1
    fresh, seen = se.fresh_uploads([a, b], seen)
    assert fresh == [b] and len(seen) == 2
    fresh, _ = se.fresh_uploads([("a.txt", b"changed")], seen)
    assert fresh == [("a.txt", b"changed")]  # same name, new content: a new file


def test_add_articles_never_renames_existing_ones():
    old = [Article(id="x", text="1"), Article(id="x-2", text="2")]
    combined, renamed = se.add_articles(old, [Article(id="x", text="3"), Article(id="y", text="4")])
    assert [a.id for a in combined] == ["x", "x-2", "x-3", "y"]
    assert renamed == {"x": "x-3"}


def test_pasted_article_rules():
    with pytest.raises(ArticleLoadError, match="no text"):
        se.pasted_article("   \n ")
    article = se.pasted_article("Body text.", source="../Evil <b>", title="")
    assert article.id == "Evil-b" and article.source == "../Evil <b>"
    assert se.pasted_article("Body.").id == "pasted"


def test_table_edits_round_trip():
    articles = [Article(id="a", text="one two", source="A"), Article(id="b", text="three")]
    frame = se.articles_frame(articles)
    edited = frame.copy()
    edited.loc[0, "title"] = "New title"
    edited.loc[1, "date"] = None
    edited.loc[1, "remove"] = True
    changes = se.table_changes(frame, edited)
    assert changes == {"a": {"title": "New title"}}
    updated = se.apply_changes(articles, {"b": {"published": "", "source": "  B  "}})
    assert updated[0] is articles[0]
    assert (updated[1].source, updated[1].published) == ("B", None)
    assert se.marked_for_removal(edited) == ["b"]
    assert se.articles_frame([]).empty and se.marked_for_removal(se.articles_frame([])) == []


def test_missing_and_removed_articles():
    story = [Article(id="a", text="1"), Article(id="b", text="2")]
    assert se.missing_articles(story, [replace(story[0], id="z"), Article(id="c", text="3")]) == [
        Article(id="c", text="3")]
    assert se.remove_articles(story, ["a", "nope"]) == [story[1]]
    assert se.editor_key(story) != se.editor_key(story[:1])


def test_restore_helpers_copy_and_never_duplicate():
    restore = {"a": ["x"]}
    once = se.with_restored(restore, "a", "y")
    assert se.with_restored(once, "a", "y") == {"a": ["x", "y"]} and restore == {"a": ["x"]}
    assert se.without_restored({"a": ["x"], "b": ["z"]}, "a", "x") == {"b": ["z"]}


def test_preview_and_markdown_escaping():
    assert se.preview("short  text\n here") == "short text here"
    long = se.preview("word " * 200, limit=30)
    assert long.endswith("…") and len(long) <= 31
    assert escape_markdown("[click](javascript:x) **b** <script>") == (
        "\\[click\\]\\(javascript\\:x\\) \\*\\*b\\*\\* \\<script\\>")
    assert se.plural(1, "file") == "1 file" and se.plural(2, "file") == "2 files"


# ------------------------------------------------------------------ the story workspace


def test_the_app_opens_on_the_sample_labelled_as_such(sources):
    assert sources.session_state["story_is_sample"] is True
    assert any("Sample story" in info.value for info in sources.sidebar.info)
    title = sources.sidebar.text_input[0]
    assert title.label == "Story title" and title.value.startswith("Sample story")


def test_the_first_upload_starts_an_own_story_with_an_undo(sources):
    upload(sources, fixture("coast_daily.txt"))
    assert ids(sources) == ["coast_daily"]  # not mixed with the sample
    assert sources.session_state["story_is_sample"] is False
    assert sources.sidebar.text_input[0].value == "My story"
    assert not any("Sample story" in info.value for info in sources.sidebar.info)
    assert "set aside" in markdown_text(sources)
    sources.button(key="sample_undo").click().run()
    assert len(ids(sources)) == 5 and "coast_daily" not in ids(sources)
    assert sources.session_state["story_is_sample"] is True
    assert sources.sidebar.text_input[0].value.startswith("Sample story")


def test_the_set_aside_sample_can_join_the_new_story(sources):
    upload(sources, fixture("coast_daily.txt"), fixture("harbour_tribune.txt"))
    sources.button(key="sample_bring_back").click().run()
    assert len(ids(sources)) == 7 and ids(sources)[-2:] == ["coast_daily", "harbour_tribune"]
    assert "set aside" not in markdown_text(sources)  # the offer is answered
    upload(sources, fixture("coast_daily.txt"), fixture("harbour_tribune.txt"),
           fixture("hostile.html", "text/html"))
    assert len(ids(sources)) == 8  # later uploads add to the story


def test_the_story_title_names_the_exports(sources):
    upload(sources, fixture("coast_daily.txt"))
    sources.sidebar.text_input[0].input("Harbour fire, 3 May").run()
    assert sources.session_state["story_title"] == "Harbour fire, 3 May"
    from components.exports.export import file_name

    assert file_name("report", "html", "Harbour fire, 3 May") == "harbour-fire-3-may_report.html"
    assert file_name("report", "html", "Sample story") != file_name("report", "html", "Other")


def test_files_that_do_not_name_their_outlet_get_a_guess_to_correct(sources):
    upload(sources, fixture("coast_daily.txt"), fixture("harbour_tribune.txt"))
    articles = {a.id: a.source for a in sources.session_state["articles"]}
    assert articles == {"coast_daily": "Coast Daily", "harbour_tribune": "Harbour Tribune"}
    assert any("guess from the file name: **Coast Daily**" in i.value for i in sources.info)


def test_a_web_page_says_its_furniture_was_left_out(sources):
    upload(sources, fixture("hostile.html", "text/html"))
    captions = " ".join(c.value for c in sources.caption)
    assert "furniture were already left out when the web page was read" in captions
    assert sw.nothing_removed_note("notes.txt") == "Nothing was removed from this article."
