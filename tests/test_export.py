"""Export builders: CSV, the JSON contract, chart images, the standalone report, the page."""

from __future__ import annotations

import csv
import dataclasses
import html
import io
import json
import re
import zipfile

import kaleido
import pytest
from plotly.offline import get_plotlyjs
from streamlit.testing.v1 import AppTest

from analysis.output.report import to_dict
from analysis.pipeline.comparison import compare
from analysis.pipeline.settings import Settings
from analysis.results import Comparison
from components.common.colors import KIND_LABELS
from components.common.coverage import element_filter
from components.common.labels import source_labels
from components.exports import export
from components.exports.report import report_html
from components.views import heatmaps
from components.views.figures import all_figures
from tests.conftest import ROOT, read_sample

HOSTILE = "<script>alert(1)</script>"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


@pytest.fixture(scope="module")
def hostile_comparison() -> Comparison:
    articles = read_sample()
    articles[0] = dataclasses.replace(
        articles[0], title=f"Parade {HOSTILE}", source=f"Evil {HOSTILE} News",
        text=articles[0].text + f"\n\nThe crowd cheered loudly as {HOSTILE} was shown.\n",
    )
    return compare(articles)


@pytest.fixture(scope="module")
def sample_report(sample_comparison: Comparison) -> str:
    return report_html(sample_comparison)


def test_file_names_follow_the_app_slug():
    assert export.file_name("overlap_heatmap", "png") == "coverage-lens_overlap-heatmap.png"


def test_matches_csv_has_readable_columns_and_one_row_per_match(sample_comparison):
    rows = _rows(export.matches_csv(sample_comparison))
    assert len(rows) == len(sample_comparison.matches) > 0
    assert list(rows[0]) == ["source_a", "article_a", "sentence_a", "text_a", "source_b",
                             "article_b", "sentence_b", "text_b", "score", "b_carries_a",
                             "a_carries_b", "kind", "kind_label"]
    texts = {(a.id, s.index): s.text for a in sample_comparison.articles for s in a.sentences}
    labels = source_labels(sample_comparison.articles)
    for row, match in zip(rows, sample_comparison.matches, strict=True):
        assert row["text_a"] == texts[(match.a, match.a_sentence)]
        assert row["text_b"] == texts[(match.b, match.b_sentence)]
        assert row["source_a"] == labels[match.a] and row["kind"] == match.kind
        assert abs(float(row["score"]) - match.score) < 1e-3
        assert abs(float(row["b_carries_a"]) - match.b_carries_a) < 1e-3
        assert abs(float(row["a_carries_b"]) - match.a_carries_b) < 1e-3
        assert row["sentence_a"] == str(match.a_sentence + 1)  # 1-based, as on screen
        assert row["kind_label"] == KIND_LABELS[match.kind]
    assert any(row["kind"] == "partial" for row in rows)
    assert any(row["b_carries_a"] != row["a_carries_b"] for row in rows)  # directional
    assert any("strongest in the world" in row["text_a"] for row in rows)


def test_pairs_elements_and_sentences_csv(sample_comparison):
    pairs = _rows(export.pairs_csv(sample_comparison))
    assert len(pairs) == len(sample_comparison.pairs) == 10
    assert sum(int(p["matches"]) for p in pairs) == len(sample_comparison.matches)
    assert {"source_a", "source_b", "a_in_b", "b_in_a", "similarity"} <= set(pairs[0])

    elements = _rows(export.elements_csv(sample_comparison))
    assert len(elements) == len(sample_comparison.elements)
    assert list(elements[0]) == ["id", "label", "n_sources", "sources", "members"]
    for row, element in zip(elements, sample_comparison.elements, strict=True):
        assert int(row["n_sources"]) == len(element.sources)
        assert len(row["sources"].split("; ")) == len(element.sources)
        assert row["members"].count(" #") == len(element.members)

    sentences = _rows(export.sentences_csv(sample_comparison))
    assert len(sentences) == sum(len(a.sentences) for a in sample_comparison.articles)
    assert any(row["also_in"] for row in sentences) and any(not r["also_in"] for r in sentences)


def test_json_is_the_command_line_contract(sample_comparison):
    data = export.comparison_json(sample_comparison)
    expected = json.dumps(to_dict(sample_comparison), ensure_ascii=False, indent=2)
    assert data.decode("utf-8") == expected + "\n"  # what the CLI prints, newline and all
    assert json.loads(data) == json.loads(expected)


def test_report_has_every_source_section_and_inline_plotly(sample_comparison, sample_report):
    for label in source_labels(sample_comparison.articles).values():
        assert label in sample_report
    order = ("Summary", "Where the sources disagree", "What only one source reports",
             "Quotations", "Top shared story elements", "Charts", "Sources", "Matches",
             "Removed boilerplate", "Settings and method")
    places = [sample_report.find(f"<h2>{heading}") for heading in order]
    assert -1 not in places and places == sorted(places), dict(zip(order, places, strict=True))
    assert "Vedant Patel" in sample_report.split("<h2>Quotations", 1)[1]
    assert "deputy spokesperson" in sample_report.split("<h2>Where the sources disagree", 1)[1]
    assert sample_report.count(get_plotlyjs()) == 1  # plotly.js inline, exactly once
    assert sample_report.count("Plotly.newPlot(") == len(all_figures(sample_comparison)) >= 2
    assert "strongest in the world" in sample_report


def test_report_needs_no_network(sample_report):
    assert not re.search(r"<script[^>]*\bsrc\s*=", sample_report)
    assert not re.search(r"<link[^>]*\bhref\s*=\s*[\"']?https?:", sample_report)
    assert 'src="https://cdn.plot.ly' not in sample_report


def test_report_escapes_hostile_titles_sources_and_text(hostile_comparison):
    page = report_html(hostile_comparison)
    assert HOSTILE not in page
    assert "Parade &lt;script&gt;alert(1)&lt;/script&gt;" in page
    label = source_labels(hostile_comparison.articles)[hostile_comparison.articles[0].id]
    assert label.startswith("Evil <script>") and html.escape(label) in page
    assert "cheered loudly as &lt;script&gt;alert(1)&lt;/script&gt; was shown." in page


def test_figure_registry_holds_every_chart(sample_comparison):
    figures = all_figures(sample_comparison)
    assert list(figures) == ["overlap_heatmap", "coverage_heatmap", "pair_heatmap"]
    closest = max(sample_comparison.pairs, key=lambda p: p.similarity)
    sizes = {a.id: len(a.sentences) for a in sample_comparison.articles}
    pair = figures["pair_heatmap"].data[0]
    assert (len(pair.z), len(pair.z[0])) == (sizes[closest.a], sizes[closest.b])


def test_chart_html_is_self_contained(sample_comparison):
    page = export.figure_html(heatmaps.overlap_figure(sample_comparison)).decode("utf-8")
    assert page.lower().startswith("<!doctype html>") and get_plotlyjs() in page
    assert not re.search(r"<script[^>]*\bsrc\s*=", page)


def test_png_and_svg_through_the_persistent_server(sample_comparison):
    figure = all_figures(sample_comparison)["overlap_heatmap"]
    assert export.find_browser() is not None, "Chromium is missing: install the chromium package"
    png = export.figure_image(figure, "png")  # starts the server (or reuses it)
    assert png.startswith(PNG_SIGNATURE)
    server_thread = kaleido._global_server._thread  # noqa: SLF001 - no public handle
    svg = export.figure_image(figure, "svg")
    assert b"<svg" in svg[:200] and b"000_adeca93de2b37" in svg  # names wrap on the axes
    # the second export went through the same running server: no new browser was started
    # (how fast that is belongs in benchmarks/ui_speed.py, not in a unit test)
    assert kaleido._global_server._thread is server_thread and server_thread.is_alive()  # noqa: SLF001
    with pytest.raises(ValueError):
        export.figure_image(figure, "gif")


def test_zip_holds_report_data_and_every_chart(sample_comparison):
    figures = all_figures(sample_comparison)
    data = export.export_zip(sample_comparison, figures, "<html>report</html>", images=True)
    names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    expected = {"coverage-lens_report.html", "coverage-lens_matches.csv",
                "coverage-lens_comparison.json", "coverage-lens_overlap-heatmap.png",
                "coverage-lens_overlap-heatmap.svg", "coverage-lens_coverage-heatmap.html"}
    assert expected <= names


def test_every_file_in_the_zip_is_named_after_the_story(sample_comparison):
    """The ZIP is named after the story's title, and so is every file in it (issue 34: the
    files inside were once all 'untitled-story_*')."""
    figures = {"overlap-heatmap": heatmaps.overlap_figure(sample_comparison)}
    data = export.export_zip(sample_comparison, figures, "<html>report</html>", images=False,
                             story="Harbour fire: day 2")
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    charts_and_data = [name for name in names if name != "README.txt"]
    assert len(charts_and_data) >= 4
    assert all(name.startswith("harbour-fire-day-2_") for name in charts_and_data), names
    assert "harbour-fire-day-2_overlap-heatmap.html" in names


def test_without_a_browser_images_say_so_and_the_rest_still_builds(sample_comparison,
                                                                   monkeypatch):
    monkeypatch.setattr(export, "find_browser", lambda: None)
    figure = heatmaps.overlap_figure(sample_comparison)
    assert not export.image_export_available()
    with pytest.raises(export.ImageExportUnavailable, match="install the `chromium` package"):
        export.figure_image(figure, "png")
    assert _rows(export.matches_csv(sample_comparison))
    assert json.loads(export.comparison_json(sample_comparison))["matches"]
    assert b"Plotly.newPlot" in export.figure_html(figure)
    page = report_html(sample_comparison)
    names = zipfile.ZipFile(io.BytesIO(export.export_zip(sample_comparison, {"o": figure},
                                                         page))).namelist()
    assert "coverage-lens_o.html" in names and not any(n.endswith(".png") for n in names)


def _export_page() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.run()
    at.switch_page("app_pages/export.py")
    at.run()
    assert not at.exception, at.exception
    return at


def test_page_offers_every_download(sample_comparison):
    at = _export_page()
    labels = [button.proto.label for button in at.get("download_button")]
    assert labels[:9] == ["Report (HTML)", "Everything (ZIP)", "Matches (CSV)",
                          "Source pairs (CSV)", "Story elements (CSV)", "Sentences (CSV)",
                          "Divergences (CSV)", "Quotes (CSV)", "Comparison (JSON)"]
    assert labels[9:12] == ["PNG", "SVG", "HTML"]  # the overlap heatmap, then other charts
    assert len(labels) == 9 + 3 * len(all_figures(sample_comparison))
    assert [s.value for s in at.subheader] == ["Report", "Data", "Charts"]
    assert not at.warning


def test_page_without_a_browser_keeps_html_and_data(monkeypatch):
    monkeypatch.setattr(export, "find_browser", lambda: None)
    at = _export_page()
    labels = [button.proto.label for button in at.get("download_button")]
    assert "PNG" not in labels and "SVG" not in labels
    assert "HTML" in labels and "Matches (CSV)" in labels and "Report (HTML)" in labels
    assert any(export.NO_BROWSER_MESSAGE in w.value for w in at.warning)


def test_divergence_and_quote_tables(sample_comparison):
    divergences = list(csv.DictReader(io.StringIO(
        export.divergences_csv(sample_comparison).decode("utf-8-sig"))))
    assert {"deputy spokesperson", "spokesperson"} <= {row["wording"] for row in divergences}
    role = [row for row in divergences if row["wording"] == "deputy spokesperson"][0]
    assert role["kind"] == "role" and role["n_giving"] == "2" and role["n_values"] == "2"
    assert "Vedant Patel" in role["example"] and role["elements"].startswith("E")
    assert {row["kind"] for row in divergences} >= {"role", "hedging", "attribution"}


def test_report_lists_divergences_with_their_values(sample_comparison, sample_report):
    heading = "<h2>Where the sources disagree</h2>"
    section = sample_report.split(heading, 1)[1].split("<h2>", 1)[0]
    assert section.count("<section") == len(sample_comparison.divergences)
    assert "deputy spokesperson" in section and "Titles and roles" in section
    assert "Who said it" in section
    quotes = list(csv.DictReader(io.StringIO(
        export.quotes_csv(sample_comparison).decode("utf-8-sig"))))
    patel = [row for row in quotes if row["quotation"] == "incredibly concerned"]
    assert len(patel) == 3 and {row["speaker"] for row in patel} == {"Vedant Patel"}


def test_report_and_zip_say_which_evidence_matched(sample_comparison, sample_report):
    assert "matched with meaning + wording (all-MiniLM-L6-v2)" in sample_report
    settings = sample_report.split("<h2>Settings and method</h2>", 1)[1].split("</table>", 1)[0]
    rows = dict(re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td></tr>", settings))
    assert list(rows)[0] == "Evidence used to match sentences"
    assert rows["Evidence used to match sentences"] == "meaning + wording (all-MiniLM-L6-v2)"
    assert rows["Sentence-embedding model used (meaning)"] == "yes"
    assert rows["Minimum embedding similarity to propose a pair"] == str(
        sample_comparison.settings["semantic_floor"])
    assert rows["Minimum match probability inside a story element"] == str(
        sample_comparison.settings["element_link"])
    assert not set(sample_comparison.settings) & set(rows)  # every key has a readable name

    lexical = dataclasses.replace(sample_comparison, settings={
        **sample_comparison.settings, "semantic": False, "matching": "lexical only"})
    assert "matched with wording only" in report_html(lexical, figures={})
    data = export.export_zip(lexical, {}, "<html>report</html>", images=False)
    readme = zipfile.ZipFile(io.BytesIO(data)).read("README.txt").decode("utf-8")
    assert "Sentences matched with wording only." in readme


# --- spreadsheet safety (CSV injection) --------------------------------------------------

FORMULAS = ["=HYPERLINK(\"http://evil\",\"x\")", "@SUM(A1)", "-2+3+cmd|' /C calc'!A0",
            "+cmd", "\t=1+1", "\r=1+1"]


@pytest.fixture(scope="module")
def formula_comparison() -> Comparison:
    articles = read_sample()[:2]
    articles = [dataclasses.replace(
        article, source=FORMULAS[k], title=FORMULAS[k + 2],
        text=f"{FORMULAS[k + 4]} The parade began at dawn.\n{article.text}")
        for k, article in enumerate(articles)]
    return compare(articles, dataclasses.replace(Settings(), semantic=False))


def test_no_csv_cell_can_run_as_a_formula(formula_comparison):
    for key, (_, build, extension) in export.DATA_EXPORTS.items():
        if extension != "csv":
            continue
        rows = list(csv.reader(io.StringIO(build(formula_comparison).decode("utf-8"))))
        cells = [cell for row in rows for cell in row]
        assert cells, key
        assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")], key
    sentences = _rows(export.sentences_csv(formula_comparison))
    assert {row["source"][:9] for row in sentences} == {"'=HYPERLI", "'@SUM(A1)"}
    assert sentences[0]["text"] == "'=1+1 The parade began at dawn."  # tab stripped on load


def test_safe_cell_keeps_numbers_and_plain_text():
    from analysis.output.spreadsheet import csv_bytes, safe_cell

    assert safe_cell(-0.25) == -0.25 and safe_cell("Kim said") == "Kim said"
    assert safe_cell("-5 degrees") == "'-5 degrees"
    assert csv_bytes(["a", "=b"], [(1.5, None), ("@x", float("nan"))]) == b"a,'=b\n1.5,\n'@x,\n"


def test_zip_readme_counts_what_the_overview_shows(sample_comparison):
    data = export.export_zip(sample_comparison, {}, "<html>report</html>", images=False)
    readme = zipfile.ZipFile(io.BytesIO(data)).read("README.txt").decode("utf-8")
    shared = len(element_filter(sample_comparison, "shared"))  # the Overview's metric
    assert f"{len(sample_comparison.matches)} matched sentence pairs" in readme
    assert f"{shared} shared story elements" in readme
    assert "count from 1" in readme


def test_svg_declares_the_size_it_draws(sample_comparison):
    svg = export.figure_image(heatmaps.overlap_figure(sample_comparison), "svg").decode()
    root = re.search(r"<svg[^>]*>", svg).group(0)
    width, height = (float(re.search(rf'\b{k}="([\d.]+)"', root).group(1))
                     for k in ("width", "height"))
    view = [float(v) for v in re.search(r'viewBox="([^"]+)"', root).group(1).split()]
    assert (width, height) == (view[2], view[3])


def test_the_json_is_the_standard_librarys_indented_text(sample_comparison):
    """orjson writes what json.dumps(..., ensure_ascii=False, indent=2) wrote before it."""
    from analysis.output.report import to_dict, to_json

    expected = json.dumps(to_dict(sample_comparison), ensure_ascii=False, indent=2)
    assert to_json(sample_comparison) == expected
    assert export.comparison_json(sample_comparison) == (expected + "\n").encode("utf-8")


def test_the_coverage_chart_keeps_room_for_its_title_above_slanted_names(sample_comparison):
    """Issue 34: long slanted source names on the top axis ran into the title of the
    exported PNG; the top margin grows with the longest name (checked by eye at 5 and 30
    sources)."""
    from components.views.heatmaps import coverage_figure

    figure = coverage_figure(sample_comparison, "shared")
    assert figure.layout.xaxis.tickangle == -45
    assert figure.layout.margin.t >= 50 + 4 * 17  # "Unnamed news site"
