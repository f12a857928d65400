"""Divergences page, blind-spot panel and framing table."""


from components.views.divergence_view import (
    divergence_html,
    filter_divergences,
    framing_rows,
    gaps_rows,
    highlight,
)
from tests.hostile_headlines import compare_with_hostile_headline


def test_divergences_page_lists_and_filters(app):
    app.switch_page("app_pages/divergences.py")
    app.run()
    assert not app.exception
    html_blocks = " ".join(h.proto.body for h in app.get("html"))
    assert "deputy spokesperson" in html_blocks and "capable of" in html_blocks
    app.multiselect(key="divergence_kinds").set_value(["role"]).run()
    html_blocks = " ".join(h.proto.body for h in app.get("html"))
    assert "deputy spokesperson" in html_blocks and "capable of" not in html_blocks
    app.multiselect(key="divergence_kinds").set_value(["negation"]).run()
    assert any("No divergence matches" in i.value for i in app.info)


def test_overview_has_gaps_panel_and_framing(app):
    texts = " ".join(t.value for t in app.text)
    assert "•" in texts
    app.selectbox(key="gaps_source").set_value("003_c4549c38badeb659").run()
    markdown = " ".join(m.value for m in app.markdown)
    # the manifest's name, escaped: a source's name is text, never Markdown
    assert "What only Indian outlet \\(PTI inputs\\) reports" in markdown
    assert "leaves out" in markdown
    framing = app.table[-1].value  # a table: long "leads with" cells wrap instead of cut
    assert list(framing.columns) == ["source", "headline", "standfirst", "leads with"]
    assert framing["headline"].str.startswith("Putin thanks North Korea").any()


def test_a_conflicting_source_reports_differently_and_links_to_the_card(app):
    """A source whose sentence conflicts with an element is never said to leave it out."""
    app.selectbox(key="gaps_source").set_value("001_e04fe7b58e7037ad").run()
    markdown = " ".join(m.value for m in app.markdown)
    assert "reports differently" in markdown
    button = next(b for b in app.button if b.key and b.key.startswith("gaps_differs_"))
    button.click().run()
    assert not app.exception
    heading = " ".join(m.value for m in app.markdown)
    assert "sources give" in heading


def test_highlight_escapes_and_marks():
    out = highlight("He said <b>“five”</b> drones & more.", "five")
    assert "&lt;b&gt;" in out and "<b>" not in out.replace("<mark", "")
    assert out.count("<mark") == 1
    assert highlight("Nothing here", "") == "Nothing here"


def test_builders_on_the_sample(sample_comparison):
    role = filter_divergences(sample_comparison, ["role"], [])
    assert role
    page = divergence_html(sample_comparison, role[0])
    assert page.count("<mark") >= 3
    both = filter_divergences(sample_comparison, [], ["000_adeca93de2b3738f",
                                                      "004_1ba25c30ac1e166f"])
    assert both and all({"000_adeca93de2b3738f", "004_1ba25c30ac1e166f"} <= set(d.sources)
                        for d in both)
    unique, omitted, _differs = gaps_rows(sample_comparison, "003_c4549c38badeb659")
    # a careful reading finds 4 of 003's 19 sentences in no other source
    assert 2 <= len(unique) <= 8 and omitted
    assert all(count >= 2 for _, count in omitted)
    rows = framing_rows(sample_comparison)
    assert len(rows) == 5 and rows[0]["headline"] == r"\(no headline\)"  # escaped Markdown


def test_a_bundle_title_is_the_headline_when_the_text_has_none():
    from analysis.ingest.loading import load_uploads
    from analysis.pipeline.comparison import compare

    body = ("Crews fought the blaze at the timber yard for six hours on Tuesday night. "
            "Nobody was hurt, the fire chief said on Wednesday morning.")
    csv = f'source,title,text\nHarbour Post,Timber yard fire,"{body}"\nCoast FM,,"{body}"\n'
    comparison = compare(load_uploads([("bundle.csv", csv.encode())]).articles)
    headlines = {row["source"]: row["headline"] for row in framing_rows(comparison)}
    assert headlines == {"Harbour Post": "Timber yard fire", "Coast FM": r"\(no headline\)"}


def test_a_markdown_headline_stays_text_in_the_headlines_table():
    """st.table renders Markdown: an uploaded headline that is an image and a link must not
    make every reader's browser fetch the image (a tracking pixel) or show a live link."""
    comparison = compare_with_hostile_headline()
    cells = [cell for row in framing_rows(comparison) for cell in row.values()]
    assert any("tracker" in cell for cell in cells)  # the text is kept, escaped
    for cell in cells:
        assert "![" not in cell and "](" not in cell and "*now*" not in cell
