"""Streamlit widgets of the Archive page; the tables and charts come from
``components.views.archive_view``, the work from ``analysis.corpus``."""

from __future__ import annotations

import shutil
import time
import uuid
from pathlib import Path

import streamlit as st

from analysis.corpus.places import OutsideFolder, result_folders
from analysis.corpus.reading import save_uploads
from analysis.corpus.results import CorpusFolder, read_result, story_articles
from analysis.errors import AnalysisError
from analysis.output.spreadsheet import csv_bytes
from analysis.pipeline.settings import Settings
from components.common.story import before_adding, set_title
from components.common.text import escape_markdown
from components.views.archive_view import (
    SORTS,
    TOP_OUTLETS,
    outlet_pairs_figure,
    outlet_profile_figure,
    outlets_frame,
    stories_frame,
    story_options,
)
from components.widgets.archive_places import Roots, roots
from components.widgets.session import ARTICLES, PROBLEMS, RESTORE, SETTINGS

FOLDER = "archive_folder"  # str: the corpus result folder open on the page
NOTICE = "archive_notice"  # str: the outcome of the last run, shown once
RUNS = "archive_runs"  # dict[str, str]: this session's runs, folder -> label
CHOICE = "archive_choice"  # the folder picked in the list
ROOT = Path(__file__).resolve().parents[2]
# The example archive: the sample story and four of the invented development stories (the
# first four; later ones are labelled for tuning and would only make the example slower)
EXAMPLE_STORIES = ("aircrisp_air_fryer_recall", "carrow_falls_warehouse_fire",
                   "halbrook_arruda_transfer", "vessland_rate_cut")
EXAMPLE = [str(ROOT / "data" / "sample_story"),
           *(str(ROOT / "benchmarks" / "stories" / slug / "articles") for slug in EXAMPLE_STORIES)]
UPLOAD_TYPES = ["jsonl", "ndjson", "csv", "tsv", "json", "txt", "md", "html", "htm"]
OVERVIEW_PAGE = "app_pages/overview.py"


@st.cache_data(show_spinner=False, max_entries=8)
def _read(folder: str, allowed: tuple[str, ...], stamp: float) -> CorpusFolder:
    """``stamp``: the index file's time, so a folder written again is read again."""
    return read_result(folder, [Path(r) for r in allowed])


CANNOT_OPEN = ("This result folder cannot be opened: it is not a readable result folder "
               "under the archive folder, or it changed. Pick one from the list.")


def current_result() -> CorpusFolder | None:
    folder = st.session_state.get(FOLDER)
    if not folder:
        return None
    allowed = tuple(str(r) for r in roots().all)
    try:
        stamp = (Path(folder) / "stories.jsonl").stat().st_mtime
        return _read(folder, allowed, stamp)
    except Exception:  # noqa: BLE001 - never a trace, and nothing said of the disk
        st.session_state.pop(FOLDER, None)
        st.error(CANNOT_OPEN, icon=":material/block:")
        return None


def _choices(where: Roots) -> dict[str, str]:
    """The result folders to pick from, folder -> label: this session's runs (newest
    first), then the folders found under the operator's archive root."""
    choices: dict[str, str] = {}
    own = set(result_folders(where.runs))
    for folder, label in reversed(st.session_state.get(RUNS, {}).items()):
        if Path(folder) in own:
            choices[folder] = label
    if where.configured is not None:
        for folder in result_folders(where.configured):
            relative = folder.relative_to(where.configured).as_posix()
            choices.setdefault(str(folder), "(the archive folder itself)"
                               if relative == "." else relative)
    return choices


def _open(folder: str, where: Roots) -> None:
    try:
        read_result(folder, where.all)
    except Exception:  # noqa: BLE001 - never a trace, and nothing said of the disk
        st.session_state["archive_error"] = CANNOT_OPEN
        return
    st.session_state[FOLDER] = folder


def render_open_form() -> None:
    where = roots()
    with st.expander("Open a result folder", expanded=not st.session_state.get(FOLDER)):
        if where.broken:
            st.warning("The archive folder set for this server cannot be read, so only "
                       "this session's own runs are listed. (The operator sets it with "
                       "the `COVERAGE_LENS_ARCHIVE_ROOT` environment variable or `archive_root` "
                       "in `.streamlit/secrets.toml`.)", icon=":material/warning:")
        choices = _choices(where)
        if not choices:
            st.caption("No result folder to open yet: run an archive below"
                       + (", or write one under the archive folder with "
                          "`python -m analysis corpus PATH --out DIR`."
                          if where.configured else
                          ". To open results written by `python -m analysis corpus "
                          "--out DIR`, the operator sets an archive folder "
                          "(`COVERAGE_LENS_ARCHIVE_ROOT`); folders under it are listed here."))
        else:
            options = list(choices)
            current = st.session_state.get(FOLDER)
            with st.form("archive_open", border=False):
                folder = st.selectbox("Result folder", options, format_func=choices.__getitem__,
                                      index=options.index(current) if current in options else 0,
                                      key=CHOICE)
                if st.form_submit_button("Open folder", icon=":material/folder_open:") and folder:
                    _open(folder, where)
        if error := st.session_state.pop("archive_error", None):
            st.error(escape_markdown(error), icon=":material/block:")


def render_run_form() -> None:
    with st.expander("Run an archive here (small archives: up to a few hundred articles)"):
        files = st.file_uploader("Archive files: JSON lines or CSV bundles, or articles",
                                 type=UPLOAD_TYPES, accept_multiple_files=True,
                                 key="archive_upload")
        left, right = st.columns(2)
        run_upload = left.button("Find stories in these files", disabled=not files,
                                 icon=":material/play_arrow:")
        run_example = right.button("Try the example archive", icon=":material/science:",
                                   help="The sample story and four invented stories of "
                                        "invented outlets, 25 articles")
        if not (run_upload and files) and not run_example:
            return
        stamp = time.strftime("%H:%M:%S")
        run = roots().runs / f"run-{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:8]}"
        try:
            if run_upload and files:
                # under their own names: outlets come from the files, never from this folder
                paths = save_uploads([(f.name, f.getvalue()) for f in files], run / "archive")
                label = f"Your run of {stamp}: {len(files):,} uploaded files"
            else:
                paths = _copy_example(run / "archive")
                label = f"Your run of {stamp}: the example archive"
        except OSError:
            shutil.rmtree(run, ignore_errors=True)
            st.error("The files could not be saved for the run on this server.")
            return
        _run(paths, run, label)


def _copy_example(folder: Path) -> list[str]:
    """The example archive copied into the run's own folder, so that its stories are read
    again from inside the result folder (each folder keeps its manifest and file names)."""
    copies = []
    for n, source in enumerate(EXAMPLE):
        target = folder / f"{n + 1}"
        shutil.copytree(source, target)
        copies.append(str(target))
    return copies


def _run(paths: list[str], out: Path, label: str) -> None:
    from analysis.corpus.run import CorpusSettings, run_corpus  # Dask: only when asked

    bar = st.progress(0.0, text="Starting a local Dask cluster")

    def report(stage: str, fraction: float) -> None:
        bar.progress(min(max(fraction, 0.0), 1.0), text=stage)

    started = time.perf_counter()
    chosen = st.session_state.get(SETTINGS, Settings())  # the sidebar's evidence and threshold
    settings = CorpusSettings(workers=0, semantic=chosen.semantic, threshold=chosen.threshold)
    try:
        result = run_corpus(paths, out, settings, report=report)
    except AnalysisError as error:
        bar.empty()
        shutil.rmtree(out, ignore_errors=True)
        st.error(f"The archive could not be run: {escape_markdown(_no_paths(str(error), out))}")
        return
    bar.empty()
    st.session_state[FOLDER] = str(out.resolve())
    st.session_state.setdefault(RUNS, {})[str(out.resolve())] = label
    st.session_state[NOTICE] = (f"Found {result.stories:,} stories in {result.articles:,} "
                                f"articles in {time.perf_counter() - started:.1f} s.")


def _no_paths(text: str, folder: Path) -> str:
    """A message without the server's folders in it (a run's own folder is shown as "…")."""
    for where in {str(folder), str(folder.resolve()), str(roots().runs)}:
        text = text.replace(where, "…")
    return text


def render_notice() -> None:
    """The outcome of a run, under the forms (a collapsed form would hide it)."""
    if notice := st.session_state.pop(NOTICE, None):
        st.success(escape_markdown(notice), icon=":material/check_circle:")


def render_summary(result: CorpusFolder) -> None:
    s = result.summary
    with st.container(horizontal=True, gap="medium", key="archive_metrics"):
        for label, value in (("Articles", s.get("articles", sum(x.size for x in result.stories))),
                             ("Stories", len(result.stories)),
                             ("Compared stories", s.get("compared", "–")),
                             ("Outlets", len(result.outlets))):
            st.metric(label, f"{value:,}" if isinstance(value, int) else str(value), border=True)
    evidence = s.get("settings", {})
    how = ("meaning + wording" if isinstance(evidence, dict) and evidence.get("semantic")
           else "wording only (lexical)")
    st.caption(f"Stories compared with {how}.")
    if result.problems:
        with st.expander(f"{len(result.problems):,} records or files could not be read"):
            for p in result.problems[:200]:
                name = Path(p.get("name", "")).name  # the file's name, not where it lies
                st.markdown(f"- **{escape_markdown(name)}**: "
                            f"{escape_markdown(_no_paths(p.get('reason', ''), result.folder))}")
    if result.damaged_lines:
        st.warning(f"{result.damaged_lines} damaged lines of stories.jsonl were skipped.")


def render_stories(result: CorpusFolder) -> None:
    st.subheader("Stories")
    left, right = st.columns([3, 1])
    search = left.text_input("Search stories", placeholder="a name, an outlet, a word of a "
                             "title", key="archive_search")
    sort = right.selectbox("Sort", list(SORTS), key="archive_sort")
    frame = stories_frame(result, search, SORTS[sort])
    st.caption(f"{len(frame):,} of {len(result.stories):,} stories")
    st.dataframe(frame, hide_index=True, width="stretch", height=min(420, 38 + 35 * len(frame)),
                 column_config={"compared": st.column_config.CheckboxColumn(
                     "compared", help="Stories of two or more articles are compared")})
    options = story_options(result, [int(i) for i in frame["story"].tolist()
                                     if result.comparison_path(int(i)) is not None])
    if not options:
        st.caption("No story of two or more articles matches.")
        return
    chosen = st.selectbox("Story to open in the other pages (type to search)", list(options),
                          format_func=options.__getitem__, key="archive_story")
    if st.button("Open this story", icon=":material/open_in_new:", type="primary"):
        _open_story(result, int(chosen))


def _open_story(result: CorpusFolder, story_id: int) -> None:
    try:
        entry = result.story(story_id)
        articles = story_articles(entry, result)
    except OutsideFolder as error:
        st.error(escape_markdown(str(error)), icon=":material/block:")
        return
    except AnalysisError as error:
        st.error(f"This story could not be opened: {escape_markdown(str(error))}")
        return
    except Exception:  # noqa: BLE001 - never a trace, and nothing said of the disk
        st.error("This story could not be opened: its files could not be read.")
        return
    state = st.session_state
    before_adding(state, list(state.get(ARTICLES, [])))  # the sample is set aside, as on Sources
    state.update({ARTICLES: articles, PROBLEMS: [], RESTORE: {}})
    set_title(state, entry.label or f"Story {story_id}")
    st.switch_page(OVERVIEW_PAGE)


def render_outlets(result: CorpusFolder) -> None:
    st.subheader("Outlets")
    if not result.outlets:
        st.caption("No outlet findings in this folder yet.")
        return
    show_all = len(result.outlets) > TOP_OUTLETS and st.toggle(
        f"Show all {len(result.outlets):,} outlets", key="archive_all_outlets",
        help=f"The charts show the {TOP_OUTLETS} outlets with the most to show by default")
    limit = None if show_all else TOP_OUTLETS
    st.plotly_chart(outlet_profile_figure(result, limit), key="archive_profile")
    st.plotly_chart(outlet_pairs_figure(result, limit), key="archive_pairs")
    frame = outlets_frame(result)
    st.dataframe(frame, hide_index=True, width="stretch", column_config={
        k: st.column_config.ProgressColumn(k.replace("_", " "), format="percent",
                                           min_value=0.0, max_value=1.0)
        for k in ("copied_share", "shared_share", "alone_share")})
    data = csv_bytes([str(c) for c in frame.columns], frame.itertuples(index=False, name=None))
    st.download_button("Download outlets.csv", data,
                       file_name="outlets.csv", mime="text/csv", icon=":material/download:")
