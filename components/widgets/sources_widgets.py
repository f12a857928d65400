"""Streamlit widgets of the Sources page: upload, paste, table, removed lines.

Thin: every decision is made by the pure helpers in ``components.widgets.sources_editor``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import streamlit as st

from analysis.ingest.formats.common import ArticleLoadError
from analysis.ingest.loading import load_uploads
from analysis.ingest.naming import with_guessed_sources
from analysis.pipeline.settings import Settings
from analysis.results import Article, ArticleResult, Comparison, LoadProblem
from components.common.labels import source_labels
from components.common.story import (
    IS_SAMPLE,
    SAMPLE_TITLE,
    SET_ASIDE,
    before_adding,
    bring_back_sample,
    set_title,
    undo_new_story,
)
from components.common.text import escape_markdown
from components.widgets.session import ARTICLES, PROBLEMS, RESTORE, SETTINGS, load_sample_story
from components.widgets.sources_editor import (
    MAX_LINES_SHOWN,
    UPLOAD_TYPES,
    add_articles,
    apply_changes,
    articles_frame,
    editor_key,
    fresh_uploads,
    marked_for_removal,
    missing_articles,
    pasted_article,
    plural,
    preview,
    remove_articles,
    table_changes,
    with_restored,
    without_restored,
)

UPLOAD_KEY = "upload_articles"
SEEN = "uploads_seen"  # list[Signature]: files in the upload box already read
NOTICES = "sources_notices"  # list[(kind, markdown)]: shown once, then dropped
CONFIRM = "sources_confirm_clear"  # bool: "Remove all" asked, waiting for yes/no
PASTE_KEYS = ("paste_text", "paste_source", "paste_title")


def _notify(kind: str, text: str) -> None:
    st.session_state.setdefault(NOTICES, []).append((kind, text))


def _add_to_story(articles: Sequence[Article], problems: Sequence[LoadProblem] = ()) -> bool:
    """Append articles (ids made unique) and problems; say what happened. The first
    articles added to the sample start a new story (True): the sample is set aside."""
    state = st.session_state
    existing = list(state.get(ARTICLES, []))
    started = bool(articles) and bool(state.get(IS_SAMPLE))
    if articles:
        existing = before_adding(state, existing)
    articles, guessed = with_guessed_sources(articles)
    combined, renamed = add_articles(existing, articles)
    state[ARTICLES] = combined
    known = state.setdefault(PROBLEMS, [])
    known.extend(p for p in problems if p not in known)
    if articles:
        message = f"Added {plural(len(articles), 'article')}."
        if started:
            message = (f"Started your own story with {plural(len(articles), 'article')}: "
                       "the sample story was set aside. Give your story a title in the "
                       "sidebar; exports are named after it.")
        if renamed:
            pairs = ", ".join(f"{escape_markdown(a)} → {escape_markdown(b)}"
                              for a, b in renamed.items())
            message += f" Renamed to keep names unique: {pairs}."
        _notify("success", message)
    if guessed:
        names = ", ".join(f"**{escape_markdown(a.source)}**" for a in guessed[:8])
        _notify("info", f"{plural(len(guessed), 'file')} did not say which outlet published "
                f"{'it' if len(guessed) == 1 else 'them'}, so the name is a guess from the "
                f"file name: {names}{'…' if len(guessed) > 8 else ''}. Correct it in the "
                "**source** column of the table below.")
    return started


def render_uploader() -> None:
    files = st.file_uploader(
        "Drop article files here (many at once), or browse", type=list(UPLOAD_TYPES),
        accept_multiple_files=True, key=UPLOAD_KEY,
        help="Text, Markdown, saved web pages (.html), PDF, Word (.docx), or many articles "
        "in one JSON, JSON Lines, CSV or TSV file.",
    )
    batch = [(file.name, file.getvalue()) for file in files or []]
    fresh, current = fresh_uploads(batch, st.session_state.get(SEEN, []))
    st.session_state[SEEN] = current
    if fresh:
        kept = [] if st.session_state.get(IS_SAMPLE) else st.session_state.get(ARTICLES, [])
        report = load_uploads(fresh, story=kept)  # the budget counts the story kept
        if _add_to_story(report.articles, report.problems):
            st.rerun()  # the sidebar, drawn before this, shows the new story's title
    st.caption("Each file is added once. To add a file again, remove it from the box (×) "
               "and drop it in again.")


def _add_pasted() -> None:
    state = st.session_state
    try:
        article = pasted_article(*(state.get(key, "") for key in PASTE_KEYS))
    except ArticleLoadError as error:
        _notify("error", escape_markdown(str(error)))
        return
    _add_to_story([article])
    for key in PASTE_KEYS:
        state[key] = ""


def render_paste_form() -> None:
    st.text_area("Article text", key="paste_text", height=180,
                 placeholder="Paste the full text of an article here.")
    left, right = st.columns(2)
    left.text_input("Source name (optional)", key="paste_source", placeholder="e.g. BBC News")
    right.text_input("Title (optional)", key="paste_title")
    st.button("Add pasted article", key="paste_add", icon=":material/add:",
              on_click=_add_pasted)


def _add_sample() -> None:
    sample, _ = load_sample_story()
    current = st.session_state.get(ARTICLES, [])
    if not current:  # an empty workspace: open the sample story itself again
        st.session_state[ARTICLES] = list(sample)
        _mark_sample()
        _notify("success", "The sample story is loaded again.")
        return
    missing = missing_articles(current, sample)
    if missing:
        _add_to_story(missing)
    else:
        _notify("info", "The sample story is already in the list.")


def _mark_sample() -> None:
    st.session_state[IS_SAMPLE] = True
    st.session_state[SET_ASIDE] = []
    set_title(st.session_state, SAMPLE_TITLE)


def _bring_back() -> None:
    st.session_state[ARTICLES] = add_articles(
        [], bring_back_sample(st.session_state, st.session_state.get(ARTICLES, [])))[0]
    _notify("success", "The sample story's articles were added to your story.")


def _undo() -> None:
    st.session_state.update({ARTICLES: undo_new_story(st.session_state), RESTORE: {}})
    _notify("success", "Back to the sample story; the articles you added were removed.")


def render_set_aside() -> None:
    """The offer made after a first upload: add the sample back, or undo."""
    aside = st.session_state.get(SET_ASIDE, [])
    if not aside:
        return
    with st.container(border=True):
        st.markdown(f"The sample story's {plural(len(aside), 'article')} were set aside when "
                    "you added your first article, so your story is not mixed with it.")
        with st.container(horizontal=True):
            st.button("Add the sample articles to my story", key="sample_bring_back",
                      icon=":material/library_add:", on_click=_bring_back)
            st.button("Undo: back to the sample story", key="sample_undo",
                      icon=":material/undo:", on_click=_undo)


def render_add_section() -> None:
    upload, paste, sample = st.tabs(["Upload files", "Paste text", "Sample story"])
    with upload:
        render_uploader()
    with paste:
        render_paste_form()
    with sample:
        st.write("Five real articles about one story: Russia's defence minister at "
                 "North Korea's military parade (July 2023).")
        st.button("Load sample story", key="load_sample", icon=":material/library_add:",
                  on_click=_add_sample)


def render_notices() -> None:
    shown = {"success": st.success, "info": st.info, "error": st.error}
    for kind, text in st.session_state.pop(NOTICES, []):
        shown.get(kind, st.info)(text)


def render_problems() -> None:
    problems = st.session_state.get(PROBLEMS, [])
    if not problems:
        return
    items = "\n".join(f"- **{escape_markdown(p.name)}**: {escape_markdown(p.reason)}"
                      for p in problems)
    st.warning(f"Could not add {plural(len(problems), 'file')} (everything else was "
               f"added):\n\n{items}", icon=":material/warning:")
    st.button("Dismiss", key="dismiss_problems",
              on_click=lambda: st.session_state.update({PROBLEMS: []}))


def _remove(ids: Sequence[str]) -> None:
    st.session_state[ARTICLES] = remove_articles(st.session_state.get(ARTICLES, []), ids)
    restore = st.session_state.get(RESTORE, {})
    st.session_state[RESTORE] = {key: lines for key, lines in restore.items() if key not in ids}
    _notify("success", f"Removed {plural(len(ids), 'article')}.")


def _clear_all() -> None:
    st.session_state.update({ARTICLES: [], RESTORE: {}, PROBLEMS: [], CONFIRM: False,
                             IS_SAMPLE: False, SET_ASIDE: []})
    _notify("success", "All articles were removed.")


def _column_config() -> dict:
    text, number = st.column_config.TextColumn, st.column_config.NumberColumn
    return {
        "id": text("id", width=150, help="Name of the file (unique)."),
        "source": text("source", width=150,
                       help="Outlet shown on every page. Empty: the file name."),
        "title": text("title", width=250, help="Empty: the first sentence."),
        "date": text("date", width=100, help="Publication date, e.g. 2023-07-28."),
        "sentences": number("sentences", width=85, help="After cleaning."),
        "words": number("words", width=70, help="After cleaning."),
        "remove": st.column_config.CheckboxColumn(
            "remove", width=70, help="Tick, then press “Remove marked”."),
    }


def render_articles(articles: Sequence[Article], comparison: Comparison | None) -> None:
    """The editable table, removal controls, and what is missing to compare."""
    st.subheader(f"Articles in this story: {len(articles)}")
    if not articles:
        st.info("No articles yet. Upload files, paste a text or load the sample story above.")
        return
    if len(articles) == 1:
        st.info("One article so far: add a second one to compare coverage.")
    results = {result.id: result for result in comparison.articles} if comparison else {}
    frame = articles_frame(articles, results)
    edited = st.data_editor(frame, key=editor_key(articles), hide_index=True, width="stretch",
                            disabled=["id", "sentences", "words"],
                            column_config=_column_config())
    changed = apply_changes(articles, table_changes(frame, edited))
    if changed != list(articles):
        st.session_state[ARTICLES] = changed
        st.rerun()
    marked = marked_for_removal(edited)
    with st.container(horizontal=True):
        st.button(f"Remove marked ({len(marked)})", key="remove_marked", disabled=not marked,
                  icon=":material/delete:", on_click=_remove, args=(marked,))
        if not st.session_state.get(CONFIRM):
            st.button("Remove all…", key="remove_all", icon=":material/delete_sweep:",
                      on_click=lambda: st.session_state.update({CONFIRM: True}))
    if st.session_state.get(CONFIRM):
        _confirm_remove_all(len(articles))


def _confirm_remove_all(count: int) -> None:
    st.warning(f"Remove all {plural(count, 'article')} and every restored line?")
    with st.container(horizontal=True):
        st.button("Yes, remove all", key="remove_all_yes", type="primary", on_click=_clear_all)
        st.button("Cancel", key="remove_all_cancel",
                  on_click=lambda: st.session_state.update({CONFIRM: False}))


def nothing_removed_note(origin: str) -> str:
    """What 'no line removed' means: a web page was already stripped when it was read."""
    if origin.lower().split("#")[0].endswith((".html", ".htm", ".xhtml")):
        return ("No line of the article text was removed. The page's menus, cookie notices, "
                "footers and other furniture were already left out when the web page was "
                "read; only its article text is compared.")
    return "Nothing was removed from this article."


def _set_restore(change: Callable[..., dict], article_id: str, line: str) -> None:
    st.session_state[RESTORE] = change(st.session_state.get(RESTORE, {}), article_id, line)


def render_cleaning(comparison: Comparison) -> None:
    """Per article: the start of the cleaned text and every removed line, restorable."""
    restore: Mapping[str, Sequence[str]] = st.session_state.get(RESTORE, {})
    removed = sum(len(result.removed) for result in comparison.articles)
    restored = sum(len(lines) for lines in restore.values())
    st.subheader("Lines removed by cleaning")
    st.caption(f"{plural(removed, 'line')} removed as page clutter (menus, captions, comment "
               f"forms…), {restored} restored. Restore a line if it belongs to the article.")
    if not st.session_state.get(SETTINGS, Settings()).clean:
        st.info("Cleaning is switched off in the sidebar: nothing is removed.")
    labels = source_labels(comparison.articles)
    for result in comparison.articles:
        _render_article_lines(result, labels[result.id], restore.get(result.id, []))


def _render_article_lines(result: ArticleResult, label: str, restored: Sequence[str]) -> None:
    title = (f"{escape_markdown(label)} · {plural(len(result.removed), 'line')} removed · "
             f"{len(restored)} restored")
    with st.expander(title, key=f"lines_{result.id}"):
        st.markdown("> " + (escape_markdown(preview(result.cleaned_text)) or "*(no text left)*"))
        if not result.removed and not restored:
            st.caption(nothing_removed_note(result.article.origin))
        if len(result.removed) > MAX_LINES_SHOWN:
            st.caption(f"Showing the first {MAX_LINES_SHOWN} of {len(result.removed)} "
                       "removed lines.")
        for line in result.removed[:MAX_LINES_SHOWN]:
            text, button = st.columns([6, 1], vertical_alignment="center")
            text.markdown(f"{escape_markdown(line.text)}  \n:gray[{escape_markdown(line.reason)}]")
            button.button("Restore", key=f"restore_{result.id}_{line.line}",
                          on_click=_set_restore, args=(with_restored, result.id, line.text))
        for number, kept in enumerate(restored):
            text, button = st.columns([6, 1], vertical_alignment="center")
            text.markdown(f"{escape_markdown(kept)}  \n:green[restored]")
            button.button("Remove again", key=f"unrestore_{result.id}_{number}",
                          on_click=_set_restore, args=(without_restored, result.id, kept))
