"""The threshold is applied after the slow half: assembling a prepared story at any
threshold gives what a full compare at that threshold gives, and the dashboard's store
never prepares a story twice for a slider move."""

from __future__ import annotations

import io

import pytest

from analysis.output.progress import terminal_progress
from analysis.pipeline.comparison import assemble, compare, prepare
from analysis.pipeline.settings import Settings
from analysis.results import Article

FIRE = [
    Article(id="a", text="Forty firefighters battled a blaze at a warehouse on Main Street. "
            "The fire started shortly after midnight, officials said. "
            "No one was injured in the fire."),
    Article(id="b", text="A warehouse fire on Main Street drew forty firefighters overnight. "
            "Officials said the blaze began just after midnight. "
            "The owner plans to rebuild by next spring."),
    Article(id="c", text="Firefighters fought a large warehouse blaze on Main Street. "
            "Nobody was hurt. The cause is under investigation."),
]


def _essence(comparison):
    return (comparison.matches, comparison.elements, comparison.pairs,
            tuple((a.id, a.matched_share) for a in comparison.articles))


@pytest.mark.parametrize("threshold", [0.2, 0.5, 0.8])
def test_assemble_at_a_threshold_equals_a_full_compare(threshold):
    prepared = prepare(FIRE, Settings(semantic=False))
    direct = compare(FIRE, Settings(semantic=False, threshold=threshold))
    assert _essence(assemble(prepared, threshold)) == _essence(direct)
    assert assemble(prepared, threshold).settings["threshold"] == pytest.approx(threshold)


def test_a_lower_threshold_never_loses_a_match():
    prepared = prepare(FIRE, Settings(semantic=False))
    strict = {(m.a, m.a_sentence, m.b, m.b_sentence) for m in assemble(prepared, 0.8).matches}
    loose = {(m.a, m.a_sentence, m.b, m.b_sentence) for m in assemble(prepared, 0.3).matches}
    assert strict <= loose
    assert loose, "the shared fire sentences match at 0.3"


def test_progress_reports_stages_in_order():
    seen: list[tuple[str, float]] = []
    prepare(FIRE, Settings(semantic=False), progress=lambda stage, f: seen.append((stage, f)))
    fractions = [f for _, f in seen]
    assert fractions == sorted(fractions) and fractions[0] == 0.0 and fractions[-1] == 1.0
    assert any(stage.startswith("Scoring") for stage, _ in seen)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_terminal_progress_draws_only_on_a_terminal():
    assert terminal_progress(io.StringIO()) is None  # a pipe or a file: JSON stays clean
    screen = _Terminal()
    report = terminal_progress(screen, delay=0.0)
    assert report is not None
    report("Scoring 10 sentence pairs", 0.5)
    report("Done", 1.0)
    assert "Scoring 10 sentence pairs" in screen.getvalue()
    assert "100%" in screen.getvalue() and screen.getvalue().endswith("\n")


def test_dashboard_store_prepares_once_per_story(monkeypatch):
    """The dashboard prepares in a worker process (``analysis.pipeline.isolation``), so
    the workers started are counted: one for the story, none for a threshold move."""
    from components.widgets import session

    calls: list[str] = []
    real = session.run_isolated

    def counted(target, *args, **kwargs):
        calls.append(target)
        return real(target, *args, **kwargs)

    monkeypatch.setattr(session, "run_isolated", counted)
    story = tuple(FIRE)
    first = session.analyse(story, Settings(semantic=False, threshold=0.3, min_chars=11))
    moved = session.analyse(story, Settings(semantic=False, threshold=0.7, min_chars=11))
    back = session.analyse(story, Settings(semantic=False, threshold=0.3, min_chars=11))
    assert len(calls) == 1, "a threshold move re-filters; it never prepares again"
    assert back is first  # the same frozen object, not an unpickled copy
    assert len(moved.matches) <= len(first.matches)
