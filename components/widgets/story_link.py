"""A person's own story in the address (``?story=<key>``): kept across a reload, shareable.

Session state dies with the browser tab's connection, so a reload used to drop uploaded
articles. Once a person's own story exists, its inputs are kept in the process-wide
``StoryStore`` under a random key, and the key is put in the address; a new session whose
address carries a known key opens that story instead of the sample. The sample story
itself never gets a key: the plain address opens it.

The address is set at the start of a run, never while a run is being interrupted
(``st.rerun`` drops messages not yet sent), and every page switch clears query
parameters (Streamlit's documented behaviour), so each run puts the key back.
"""

from __future__ import annotations

from collections.abc import MutableMapping, Sequence

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from analysis.pipeline.settings import Settings
from analysis.results import Article
from components.common.story import IS_SAMPLE, SAMPLE_TITLE, SET_ASIDE, TITLE, set_title
from components.common.story_store import DEFAULT_TTL_SECONDS, StoredStory, StoryStore
from components.widgets.session import (
    ARTICLES,
    PROBLEMS,
    RESTORE,
    SETTINGS,
    load_sample_story,
)
from components.widgets.sidebar import (
    BLEND_KEY,
    CLEAN_KEY,
    EVIDENCE_KEY,
    MIN_CHARS_KEY,
    MODE_KEY,
    THRESHOLD_KEY,
)

STORY_PARAM = "story"  # the query parameter: ?story=<key>
STORY_KEY = "story_key"  # str | None: the key the session's own story is kept under
SAVED = "story_saved"  # StoredStory | None: what was last kept (unchanged: nothing to do)
TRIED = "story_link_tried"  # str: the last key of the address looked up (once per key)
LINK_NOTICE = "story_link_notice"  # str: a notice for the top of the page, until dismissed
NOT_KEPT = "story_not_kept"  # bool: the story is larger than the store and has no link

SETTING_KEYS = (EVIDENCE_KEY, THRESHOLD_KEY, MODE_KEY, BLEND_KEY, MIN_CHARS_KEY, CLEAN_KEY)
TTL_HOURS = DEFAULT_TTL_SECONDS // 3600

UNKNOWN_NOTICE = (
    "This story link has expired or is unknown, so the story cannot be opened: showing "
    f"the sample story. Stories are kept in this server's memory for {TTL_HOURS} hours "
    "after their last use, and are lost when the server restarts or when someone presses "
    "**Forget this story**. To compare your own articles again, add them on **Sources**."
)
FORGOTTEN_NOTICE = ("Your story was removed from this server's memory and its link no "
                    "longer opens it. This is the sample story.")
NOT_KEPT_NOTICE = ("This story is too large to keep for a reload: it has no link, and "
                   "reloading the page opens the sample story.")


@st.cache_resource(show_spinner=False)
def story_store() -> StoryStore:
    """The one store of this server process, shared by every session."""
    return StoryStore()


# ------------------------------------------------------------------ pure: session <-> story


def snapshot(state: MutableMapping) -> StoredStory:
    """The session's story as kept: inputs only (results are recomputed, from cache)."""
    restore = state.get(RESTORE, {})
    return StoredStory(
        title=str(state.get(TITLE, "")),
        articles=tuple(state.get(ARTICLES, ())),
        restore=tuple((key, tuple(lines)) for key, lines in restore.items()),
        settings=state.get(SETTINGS, Settings()),
        sample_set_aside=bool(state.get(SET_ASIDE)),
    )


def apply_story(state: MutableMapping, story: StoredStory, sample: Sequence[Article]) -> None:
    """Make ``story`` the session's story, as it was when kept (settings included: the
    settings controls are re-seeded from them)."""
    state[ARTICLES] = list(story.articles)
    state[RESTORE] = {key: list(lines) for key, lines in story.restore}
    state[SETTINGS] = story.settings
    state[PROBLEMS] = []
    state[IS_SAMPLE] = False
    state[SET_ASIDE] = list(sample) if story.sample_set_aside else []
    set_title(state, story.title)  # a fresh title box shows it
    for key in SETTING_KEYS:
        state.pop(key, None)


def open_sample(state: MutableMapping, sample: Sequence[Article]) -> None:
    """The sample story, as a new session opens it; the session has no story key."""
    state.update({ARTICLES: list(sample), RESTORE: {}, PROBLEMS: [], IS_SAMPLE: True,
                  SET_ASIDE: [], STORY_KEY: None, SAVED: None})
    set_title(state, SAMPLE_TITLE)


def keep(state: MutableMapping, store: StoryStore) -> str | None:
    """Keep the session's own story in ``store`` (a new key the first time) and return
    its key; forget it when the session is back on the sample (its key is dropped).

    Unchanged stories are only looked up (a use, so the expiry starts again), and put back
    when the store lost them (expired or evicted while the tab stayed open)."""
    key = state.get(STORY_KEY)
    if state.get(IS_SAMPLE):
        if key:
            store.forget(key)
        state.update({STORY_KEY: None, SAVED: None})
        return None
    story = snapshot(state)
    if key and story == state.get(SAVED) and store.get(key) is not None:
        return key
    key = key or store.new_key()
    if not store.put(key, story):
        state.update({STORY_KEY: None, SAVED: None, NOT_KEPT: True})
        return None
    state.update({STORY_KEY: key, SAVED: story, NOT_KEPT: False})
    return key


def open_link(state: MutableMapping, store: StoryStore, wanted: str | None,
              sample: Sequence[Article]) -> None:
    """Open the story the address names when it is not the session's own: restore it,
    or say that the link has expired and stay on (or go back to) the sample."""
    if not wanted or wanted == state.get(STORY_KEY) or wanted == state.get(TRIED):
        return
    state[TRIED] = wanted
    story = store.get(wanted)
    if story is None:
        open_sample(state, sample)
        state[LINK_NOTICE] = UNKNOWN_NOTICE
        return
    apply_story(state, story, sample)
    state.update({STORY_KEY: wanted, SAVED: story, LINK_NOTICE: ""})


def forget(state: MutableMapping, store: StoryStore, sample: Sequence[Article]) -> None:
    """Remove the session's story from the store and go back to the sample."""
    store.forget(state.get(STORY_KEY))
    open_sample(state, sample)
    state[LINK_NOTICE] = FORGOTTEN_NOTICE


# ------------------------------------------------------------------ Streamlit


def _set_address(key: str | None) -> None:
    """The address carries ``key`` (or no story key at all); written only on a change."""
    if st.query_params.get(STORY_PARAM) != key:
        if key:
            st.query_params[STORY_PARAM] = key
        else:
            del st.query_params[STORY_PARAM]


def sync_story_link() -> None:
    """At the start of every run, before any page: open the story the address names,
    keep the session's story, and put its key in the address."""
    sample, _ = load_sample_story()
    open_link(st.session_state, story_store(), st.query_params.get(STORY_PARAM), sample)
    _set_address(keep(st.session_state, story_store()))


def keep_story(set_address: bool) -> None:
    """At the end of a run: keep what the page changed (an upload, a table edit).
    ``set_address`` only when the run completed, not when it was interrupted."""
    key = keep(st.session_state, story_store())
    if set_address:
        _set_address(key)


def run_keeping_story(navigation: StreamlitPage) -> None:
    """Run the chosen page, then keep what it changed, however the run ends."""
    completed = False
    try:
        navigation.run()
        completed = True
    finally:
        keep_story(set_address=completed)


def _forget() -> None:
    sample, _ = load_sample_story()
    forget(st.session_state, story_store(), sample)
    _set_address(None)


def render_forget_button() -> None:
    """In the sidebar, under the title: remove the story from this server's memory."""
    if st.session_state.get(IS_SAMPLE) or not st.session_state.get(STORY_KEY):
        return
    st.button("Forget this story", key="story_forget", icon=":material/delete_forever:",
              on_click=_forget, help="Removes your articles from this server's memory and "
              "opens the sample story; the link to this story stops working. Otherwise "
              f"a story is kept for {TTL_HOURS} hours after its last use.")
    st.caption("Reloading keeps this story. Anyone with this page's address can open it "
               "on this server.")


def _dismiss() -> None:
    st.session_state[LINK_NOTICE] = ""


def render_link_notice() -> None:
    """Above the page: an expired link, a forgotten story, or a story too large to keep."""
    notice = st.session_state.get(LINK_NOTICE, "")
    if notice and not st.session_state.get(IS_SAMPLE):
        st.session_state[LINK_NOTICE] = notice = ""  # the person has started a story since
    if notice:
        with st.container(horizontal=True, vertical_alignment="center"):
            if notice == FORGOTTEN_NOTICE:
                st.success(notice, icon=":material/delete_forever:")
            else:
                st.warning(notice, icon=":material/link_off:")
            st.button("Dismiss", key="story_link_dismiss", on_click=_dismiss)
    if st.session_state.get(NOT_KEPT) and not st.session_state.get(IS_SAMPLE):
        st.info(NOT_KEPT_NOTICE, icon=":material/info:")
