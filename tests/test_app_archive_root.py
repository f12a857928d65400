"""Issue 36 through the app (AppTest): the Archive page lists only the result folders
under the archive root, never opens one outside it, and refuses a planted story whose
articles point at server files, saying so in words and showing none of them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.corpus_results import write_result

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample_story"
ENV = "COVERAGE_LENS_ARCHIVE_ROOT"
SERVER_TEXT = ("root:x:0:0", "PATH=", ENV + "=")


def _result(folder: Path, paths: list[str]) -> Path:
    """A result folder with one compared story of ``paths``."""
    return write_result(folder, paths, label="Parade story", compared=True)


@pytest.fixture()
def root(tmp_path: Path) -> Path:
    top = tmp_path / "root"
    good = top / "good"
    shutil.copytree(SAMPLE, good / "archive")
    texts = sorted(SAMPLE.glob("*.txt"))
    _result(good, [f"archive/{p.name}" for p in texts])
    _result(top / "planted", ["/etc/passwd", "/proc/self/environ", "../../../../etc/passwd"])
    _result(tmp_path / "outside", [str(p) for p in texts])
    (top / "escape").symlink_to(tmp_path / "outside")  # a link out of the root: not listed
    return top


def _archive(monkeypatch: pytest.MonkeyPatch, root: Path | None) -> AppTest:
    if root is None:
        monkeypatch.delenv(ENV, raising=False)
    else:
        monkeypatch.setenv(ENV, str(root))
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.run()
    app.switch_page("app_pages/archive.py")
    app.run()
    assert not app.exception
    return app


def _shown(app: AppTest) -> str:
    """Every text element the page shows."""
    parts = [e.value for kind in ("markdown", "caption", "error", "warning", "info", "success")
             for e in getattr(app, kind)]
    return "\n".join(str(p) for p in parts)


def _open(app: AppTest, label: str) -> None:
    app.selectbox(key="archive_choice").select(
        next(o for o in app.selectbox(key="archive_choice").options if o == label))
    next(b for b in app.button if b.label == "Open folder").click()
    app.run()
    assert not app.exception


def test_the_page_lists_only_result_folders_under_the_root(monkeypatch: pytest.MonkeyPatch,
                                                           root: Path) -> None:
    app = _archive(monkeypatch, root)
    assert app.selectbox(key="archive_choice").options == ["good", "planted"]
    assert not app.main.text_input  # no path can be typed
    _open(app, "good")
    next(b for b in app.button if b.label == "Open this story").click().run()
    assert not app.exception
    assert len(app.session_state["articles"]) == 5
    assert app.title[0].value == "Coverage Lens"


def test_a_planted_story_is_refused_and_shows_no_server_file(monkeypatch: pytest.MonkeyPatch,
                                                             root: Path) -> None:
    app = _archive(monkeypatch, root)
    before = list(app.session_state["articles"])
    _open(app, "planted")
    assert {m.label: m.value for m in app.metric}["Stories"] == "1"
    next(b for b in app.button if b.label == "Open this story").click().run()
    assert not app.exception
    assert app.title[0].value == "Archive"  # stayed: nothing was opened
    errors = [e.value for e in app.error]
    assert len(errors) == 1 and "3 of its 3 articles are referred to outside" in errors[0]
    shown = _shown(app)
    assert not any(text in shown for text in SERVER_TEXT) and "/etc" not in shown
    assert list(app.session_state["articles"]) == before


def test_a_folder_outside_the_root_is_not_opened(monkeypatch: pytest.MonkeyPatch,
                                                 root: Path) -> None:
    app = _archive(monkeypatch, root)
    for outside in (root.parent / "outside", root / "escape", Path("/etc"), Path("/proc/1/root")):
        app.session_state["archive_folder"] = str(outside)  # as if a session held it
        app.run()
        assert not app.exception
        assert not app.metric and not app.dataframe  # nothing of it is shown
        assert [e.value for e in app.error] == [
            "This result folder cannot be opened: it is not a readable result folder under "
            "the archive folder, or it changed. Pick one from the list."]
        assert str(outside) not in _shown(app)


def test_without_a_root_only_the_sessions_own_runs_are_listed(
        monkeypatch: pytest.MonkeyPatch, root: Path) -> None:
    app = _archive(monkeypatch, None)
    assert all(s.key != "archive_choice" for s in app.selectbox)  # nothing to pick
    assert any("No result folder to open yet" in c.value for c in app.caption)
    assert not app.main.text_input
    assert str(root) not in _shown(app)


def test_an_unreadable_root_is_said_without_its_path(monkeypatch: pytest.MonkeyPatch,
                                                     tmp_path: Path) -> None:
    missing = tmp_path / "no-such-root"
    app = _archive(monkeypatch, missing)
    assert any("archive folder set for this server cannot be read" in w.value
               for w in app.warning)
    assert str(missing) not in _shown(app)


def test_a_damaged_result_is_said_in_words(monkeypatch: pytest.MonkeyPatch,
                                           tmp_path: Path) -> None:
    top = tmp_path / "root"
    (top / "damaged").mkdir(parents=True)
    (top / "damaged" / "stories.jsonl").write_bytes(b"\x00\xff{not json\n[1, 2]\n" + b"[" * 5000)
    (top / "damaged" / "outlets.json").write_text('{"outlets": [1, "x"], "pairs": 3}')
    (top / "damaged" / "corpus.json").write_text("[" * 100_000)
    app = _archive(monkeypatch, top)
    _open(app, "damaged")
    assert any("damaged lines of stories.jsonl were skipped" in w.value for w in app.warning)
    assert {m.label: m.value for m in app.metric}["Stories"] == "0"
