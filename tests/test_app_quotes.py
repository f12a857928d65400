"""Quotes page and its builders."""

from streamlit.testing.v1 import AppTest

from analysis.pipeline.comparison import compare
from analysis.results import Article
from components.views.quotes_view import filter_groups, group_html, group_title
from tests.conftest import ROOT


def test_quotes_page_shows_shared_quotations():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.run()
    at.switch_page("app_pages/quotes.py")
    at.run()
    assert not at.exception
    titles = [e.label for e in at.expander]
    assert any("incredibly concerned" in t for t in titles)
    assert any("attribution differs" in t for t in titles)
    at.text_input(key="quotes_speaker").set_value("Patel").run()
    assert [e.label for e in at.expander] and all(
        "incredibly concerned" in e.label for e in at.expander)
    at.selectbox(key="quotes_view").set_value("All quotations").run()
    at.text_input(key="quotes_speaker").set_value("Easley").run()
    assert len(at.expander) >= 1


def test_short_terms_without_speaker_are_hidden_unless_asked(sample_comparison):
    shown = filter_groups(sample_comparison, "Quoted by two or more sources",
                          include_short=False)
    everything = filter_groups(sample_comparison, "Quoted by two or more sources",
                               include_short=True)
    assert len(everything) > len(shown)
    assert not any(g.short and not g.speakers for g in shown)
    assert any(g.text == "incredibly concerned" for g in shown)


def test_group_html_escapes_and_names_speakers():
    text = 'Officials met. "We will <b>never</b> agree," Jane Doe said on Monday.'
    result = compare([Article(id="a", text=text), Article(id="b", text=text)])
    group = next(g for g in result.quotes if len(g.sources) == 2)
    page = group_html(result, group)
    assert "&lt;b&gt;never&lt;/b&gt;" in page and "<b>never</b>" not in page
    assert "Jane Doe" in page
    assert group_title(group).endswith("2 sources")
