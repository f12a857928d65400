"""User text is data, never markup: names escaped everywhere, invisible characters gone."""

from __future__ import annotations

import dataclasses

import pytest
from streamlit.testing.v1 import AppTest

from analysis.cli import commands as cli
from analysis.ingest.loading import load_uploads
from analysis.ingest.safetext import visible
from analysis.pipeline.comparison import compare
from analysis.pipeline.settings import Settings
from analysis.results import Article
from components.common.summary import story_summary
from components.views.heatmaps import coverage_figure, overlap_figure

MARKDOWN_NAME = "[x](http://evil.example) :red[b] **B**"
HTML_NAME = '<a href="x">B</a>'
LEXICAL = dataclasses.replace(Settings(), semantic=False)


@pytest.fixture(scope="module")
def named_comparison():
    base = "The bridge opened on Monday. It cost 40 million euros. Traffic fell in the town."
    articles = [Article(id="a", text=base, source=MARKDOWN_NAME),
                Article(id="b", text=base + " Shops hope for visitors.", source=HTML_NAME)]
    return compare(articles, LEXICAL)


def test_summary_names_cannot_become_links_colours_or_bold(named_comparison):
    text = "\n".join(story_summary(named_comparison))
    assert "[x](http" not in text and ":red[" not in text and "**B**" not in text
    assert r"\[x\]\(http\:" in text


def test_gaps_panel_shows_the_name_as_written(named_comparison):
    def panel(comparison):
        from components.views.divergence_view import render_gaps_panel

        render_gaps_panel(comparison)

    at = AppTest.from_function(panel, args=(named_comparison,), default_timeout=30).run()
    headings = [m.value for m in at.markdown]
    assert any(r"\[x\]\(http\:" in h for h in headings)
    assert not any("[x](http" in h for h in headings)


def test_chart_labels_show_tags_instead_of_applying_them(named_comparison):
    for figure in (overlap_figure(named_comparison), coverage_figure(named_comparison, "all")):
        ticks = {str(name) for trace in figure.data for name in (trace.x or ())}
        assert any(tick.startswith("&lt;a href=") and "&gt;B&lt;/a&gt;" in tick for tick in ticks)
        assert not any("<a" in tick or "<b>B" in tick for tick in ticks)


def test_bidi_zero_width_and_controls_are_stripped_from_metadata_on_load():
    data = ("---\ntitle: \u202eevil\u202c Tit\u200ble\nsource: Ne\u200bws\u2066\n---\n"
            "Body with \u202e kept as published.\n").encode()
    report = load_uploads([("Na\u200bme\u202e.md", data)])
    article, = report.articles
    assert (article.title, article.source, article.id) == ("evil Title", "News", "Name")
    assert "\u202e" in article.text  # the article's own characters are never changed
    assert article.origin == r"Na\u200bme\u202e.md"


def test_file_names_are_shown_escaped_and_cannot_forge_cli_lines(tmp_path, capsys):
    (tmp_path / "good.txt").write_text("The bridge opened on Monday.")
    (tmp_path / "evil\x1b[31m\nskipped fake.txt: forged.txt").write_bytes(b"")
    assert cli.main(["compare", "--lexical", "--format", "text", str(tmp_path)]) == 0
    err = capsys.readouterr().err
    assert "\x1b" not in err
    skipped = [line for line in err.splitlines() if line.startswith("skipped")]
    assert skipped == [r"skipped evil\x1b[31m\nskipped fake.txt: forged.txt: the file is empty"]


def test_visible_keeps_ordinary_names_and_joiners():
    assert visible("Le Monde – été.txt") == "Le Monde – été.txt"
    assert visible("\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645") == (
        "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645")
