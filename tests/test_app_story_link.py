"""?story=<key>: a person's own story survives a reload and opens from a link on the server.

Every AppTest below is a new session, as a reload or another browser is; they share the
process-wide store, as the sessions of one server do.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from analysis.results import Article
from components.common.story import IS_SAMPLE, SAMPLE_TITLE, SET_ASIDE, TITLE
from components.common.story_store import StoryStore
from components.widgets import sources_editor as se
from components.widgets import sources_widgets as sw
from components.widgets import story_link as sl
from components.widgets.session import ARTICLES, load_sample_story
from tests.conftest import ROOT

UPLOADS = ROOT / "tests" / "fixtures" / "uploads"
SOURCES = "app_pages/sources.py"
SIDE_BY_SIDE = "app_pages/side_by_side.py"
OUTLETS = ["Harbour Tribune", "Coast Daily"]


def new_session(key: str | None = None, page: str | None = None, **params: str) -> AppTest:
    """A fresh session, opened on ``page`` at an address carrying ``?story=key``."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    if key is not None:
        at.query_params[sl.STORY_PARAM] = key
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, at.exception
    if page:
        at.switch_page(page)
        at.run()
        assert not at.exception, at.exception
    return at


def upload_story(at: AppTest) -> AppTest:
    at.switch_page(SOURCES)
    at.run()
    files = [(name, (UPLOADS / name).read_bytes(), "text/plain")
             for name in ("harbour_tribune.txt", "coast_daily.txt")]
    at.file_uploader(key=sw.UPLOAD_KEY).set_value(files).run()
    assert not at.exception, at.exception
    return at


def sources_of(at: AppTest) -> list[str]:
    return [article.source for article in at.session_state[ARTICLES]]


def sidebar_title(at: AppTest) -> str:
    return at.sidebar.text_input[0].value


def texts(elements) -> str:
    return "\n".join(element.value for element in elements)


@pytest.fixture
def uploaded() -> AppTest:
    return upload_story(new_session())


def test_the_sample_story_has_no_key_and_no_forget_button():
    at = new_session()
    assert sl.STORY_PARAM not in at.query_params
    assert at.session_state[sl.STORY_KEY] is None
    assert not [b for b in at.sidebar.button if b.key == "story_forget"]


def test_the_first_upload_puts_a_random_key_in_the_address(uploaded):
    key = uploaded.query_params[sl.STORY_PARAM]
    assert key == uploaded.session_state[sl.STORY_KEY] and len(key) == 22
    kept = sl.story_store().get(key)
    assert kept is not None and [a.source for a in kept.articles] == OUTLETS
    assert kept.title == "My story" and kept.sample_set_aside
    assert uploaded.sidebar.button(key="story_forget").label == "Forget this story"


def test_a_new_session_with_the_key_opens_the_same_story(uploaded):
    key = uploaded.query_params[sl.STORY_PARAM]
    again = new_session(key)  # a reload: the Overview, the default page
    assert again.session_state[ARTICLES] == uploaded.session_state[ARTICLES]
    assert again.session_state[IS_SAMPLE] is False
    assert sidebar_title(again) == "My story"
    assert again.title[0].value == "Coverage Lens"  # the Overview
    shown = texts(again.markdown)
    assert "**My story**" in shown and "Sample story" not in shown
    assert all(f"**{name}**" in shown for name in OUTLETS)
    assert again.query_params[sl.STORY_PARAM] == key  # the address keeps the key
    assert "set aside" in texts(new_session(key, SOURCES).markdown)  # the offer is kept too


def test_a_pair_link_opens_that_pair_of_the_story(uploaded):
    key = uploaded.query_params[sl.STORY_PARAM]
    other = new_session(key, SIDE_BY_SIDE, a="coast_daily", b="harbour_tribune")
    assert (other.selectbox(key="side_a").value, other.selectbox(key="side_b").value) == (
        "coast_daily", "harbour_tribune")
    assert other.query_params[sl.STORY_PARAM] == key
    assert (other.query_params["a"], other.query_params["b"]) == ("coast_daily",
                                                                  "harbour_tribune")


def test_a_page_switch_keeps_the_key(uploaded):
    key = uploaded.query_params[sl.STORY_PARAM]
    uploaded.query_params.clear()  # what a click in the sidebar sends
    uploaded.switch_page(SIDE_BY_SIDE)
    uploaded.run()
    assert not uploaded.exception, uploaded.exception
    assert uploaded.query_params[sl.STORY_PARAM] == key
    assert uploaded.selectbox(key="side_a").value in {"coast_daily", "harbour_tribune"}


def test_an_unknown_key_says_so_and_opens_the_sample():
    at = new_session("this-key-was-never-given")
    assert sl.UNKNOWN_NOTICE in texts(at.warning)
    assert at.session_state[IS_SAMPLE] is True
    assert at.session_state[ARTICLES] == list(load_sample_story()[0])
    assert sidebar_title(at) == SAMPLE_TITLE
    assert sl.STORY_PARAM not in at.query_params
    assert at.title[0].value == "Coverage Lens" and len(at.get("plotly_chart")) >= 2
    at.button(key="story_link_dismiss").click().run()
    assert sl.UNKNOWN_NOTICE not in texts(at.warning)


def test_edits_update_the_story_under_the_same_key(uploaded):
    key = uploaded.query_params[sl.STORY_PARAM]
    title_box = uploaded.sidebar.text_input[0]
    title_box.input("Harbour fire <b>3 May</b>").run()
    table_key = se.editor_key(uploaded.session_state[ARTICLES])
    uploaded.session_state[table_key] = {"edited_rows": {0: {"remove": True}},
                                         "added_rows": [], "deleted_rows": []}
    uploaded.run()
    uploaded.button(key="remove_marked").click().run()
    assert not uploaded.exception, uploaded.exception
    assert uploaded.query_params[sl.STORY_PARAM] == key
    kept = sl.story_store().get(key)
    assert kept is not None and kept.title == "Harbour fire <b>3 May</b>"
    assert [a.source for a in kept.articles] == ["Coast Daily"]
    again = new_session(key)
    assert sidebar_title(again) == "Harbour fire <b>3 May</b>"
    assert sources_of(again) == ["Coast Daily"]
    assert "**Harbour fire \\<b\\>3 May\\</b\\>**" in texts(again.markdown)  # escaped


def test_forget_removes_the_story_and_its_key(uploaded):
    key = uploaded.query_params[sl.STORY_PARAM]
    uploaded.sidebar.button(key="story_forget").click().run()
    assert not uploaded.exception, uploaded.exception
    assert sl.story_store().get(key) is None
    assert sl.STORY_PARAM not in uploaded.query_params
    assert uploaded.session_state[IS_SAMPLE] is True
    assert sidebar_title(uploaded) == SAMPLE_TITLE
    assert sl.FORGOTTEN_NOTICE in texts(uploaded.success)
    later = new_session(key)
    assert sl.UNKNOWN_NOTICE in texts(later.warning) and later.session_state[IS_SAMPLE]


def test_undo_back_to_the_sample_drops_the_key(uploaded):
    key = uploaded.query_params[sl.STORY_PARAM]
    uploaded.button(key="sample_undo").click().run()
    assert sl.STORY_PARAM not in uploaded.query_params
    assert sl.story_store().get(key) is None


# ------------------------------------------------------------------ the pure half


SAMPLE = [Article(id="s", text="Sample text.", source="Sample outlet")]
OWN = [Article(id="o", text="Own text.", source="Own outlet")]


def own_state() -> dict:
    return {ARTICLES: list(OWN), TITLE: "Own", IS_SAMPLE: False, SET_ASIDE: list(SAMPLE)}


def test_keep_gives_one_key_and_puts_back_a_story_the_store_lost():
    store, state = StoryStore(), own_state()
    key = sl.keep(state, store)
    assert key and sl.keep(state, store) == key and len(store) == 1
    store.forget(key)  # expired or evicted while the tab stayed open
    assert sl.keep(state, store) == key
    assert store.get(key) == sl.snapshot(state)


def test_a_story_too_large_to_keep_gets_no_key():
    store = StoryStore(max_chars=5)
    state = own_state()
    assert sl.keep(state, store) is None
    assert state[sl.NOT_KEPT] and len(store) == 0


def test_restoring_reproduces_the_session_story():
    store, state = StoryStore(), own_state()
    state["restore"] = {"o": ["A caption."]}
    key = sl.keep(state, store)
    fresh: dict = {ARTICLES: list(SAMPLE), IS_SAMPLE: True, TITLE: SAMPLE_TITLE}
    sl.open_link(fresh, store, key, SAMPLE)
    assert sl.snapshot(fresh) == sl.snapshot(state)
    assert fresh[sl.STORY_KEY] == key and fresh[SET_ASIDE] == SAMPLE


def test_the_notice_goes_once_a_new_story_starts():
    at = upload_story(new_session("this-key-was-never-given"))
    assert sl.UNKNOWN_NOTICE not in texts(at.warning)
    assert at.query_params[sl.STORY_PARAM] == at.session_state[sl.STORY_KEY]
