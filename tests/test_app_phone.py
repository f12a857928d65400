"""A phone-sized screen: the sidebar-closing script and the Overview's short headlines view
(what is sent; tests/browser/test_phone.py checks what a 390-px screen shows)."""

import html

from components.views.divergence_view import (
    CARD_CSS,
    FRAMING_CSS,
    HEADLINES_SHOWN,
    SENTENCES_OPEN,
    framing_markdown,
    framing_rows,
    headline_rows,
)
from components.widgets.narrow_screen import CLOSE_SIDEBAR_AFTER_NAVIGATION
from tests.browser.conftest import SAMPLE_NAMES
from tests.hostile_headlines import compare_with_hostile_headline


def _closer_scripts(app) -> list[str]:
    return [e.proto.body for e in app.get("html") if "stSidebarNavLink" in e.proto.body]


def test_the_sidebar_closer_is_sent_once_per_session_and_is_fixed(app):
    """The first run adds the listener (the page keeps it); later runs send nothing more.
    The script is a constant: no story, title or address goes into it."""
    assert _closer_scripts(app) == [CLOSE_SIDEBAR_AFTER_NAVIGATION]
    app.run()
    assert _closer_scripts(app) == []
    app.switch_page("app_pages/side_by_side.py").run()
    assert not app.exception and _closer_scripts(app) == []


def test_overview_sends_the_short_view_and_the_table(app):
    """Both layouts are sent (CSS shows one): the headlines of every source and, behind
    "Every headline (5 sources)", each one's standfirst and leads; then the four-column table."""
    styles = [e.proto.body for e in app.get("html") if e.proto.body == FRAMING_CSS]
    assert styles, "the rules that pick a layout are missing"
    tables = app.table
    short, full = tables[-2].value, tables[-1].value
    assert list(short.columns) == ["source", "headline"]
    assert list(short["source"]) == [r"Indian outlet \(PTI inputs\)" if n.endswith("inputs)")
                                     else n for n in SAMPLE_NAMES]  # escaped, whole
    assert list(full.columns) == ["source", "headline", "standfirst", "leads with"]
    (more,) = [e for e in app.expander if e.label.startswith("Every headline")]
    assert more.label == "Every headline (5 sources): standfirst and what each leads with"
    blocks = [m.value for m in more.markdown]
    assert blocks == [framing_markdown(row) for row in full.to_dict("records")]
    assert sum("*Leads with*" in block for block in blocks) >= 4


def test_the_short_view_lists_the_first_headlines_whole(sample_comparison):
    rows = framing_rows(sample_comparison)
    assert len(rows) == 5 and len(headline_rows(rows)) == 5 <= HEADLINES_SHOWN
    assert headline_rows(rows, shown=2) == [
        {"source": r["source"], "headline": r["headline"]} for r in rows[:2]]
    longest = max(rows, key=lambda r: len(r["headline"]))
    assert len(longest["headline"]) > 60  # long enough to be cut, and it is not
    assert longest["headline"] in [r["headline"] for r in headline_rows(rows)]


def test_a_source_block_keeps_user_text_as_text():
    """The cells come escaped from framing_rows; the block adds only its own emphasis."""
    comparison = compare_with_hostile_headline('"**Harbour** Post"')
    blocks = [framing_markdown(row) for row in framing_rows(comparison)]
    harbour = next(b for b in blocks if "Harbour" in b)
    assert harbour.startswith(r"**\*\*Harbour\*\* Post**: ")  # the name, literal and whole
    assert "tracker" in harbour and "![" not in harbour and "](" not in harbour
    assert "*now*" not in harbour
    coast = next(b for b in blocks if "Coast FM" in b)
    assert coast.startswith("**Coast FM**: Timber yard fire")


def _keyed(node, key: str):
    """The container made with ``st.container(key=key)`` under ``node``, if any."""
    for child in getattr(node, "children", {}).values():
        if getattr(getattr(child, "proto", None), "id", "").endswith(f"-{key}"):
            return child
        if (found := _keyed(child, key)) is not None:
            return found
    return None


def test_divergence_cards_send_their_sentences_open_and_closed(app, sample_comparison):
    """Each card of few sentences sends them twice, in keyed containers: in an open "Read
    the N sentences" for a wide screen and in a closed one for a narrow screen (CARD_CSS
    shows one); the same escaped block in both."""
    app.switch_page("app_pages/divergences.py").run()
    assert not app.exception
    assert [e.proto.body for e in app.get("html")].count(CARD_CSS) == 1
    assert sample_comparison.divergences
    for divergence in sample_comparison.divergences:
        members = sum(len(side.members) for side in divergence.sides)
        assert members <= SENTENCES_OPEN  # the sample's cards are all small
        bodies = []
        for key, expanded in (("open", True), ("closed", False)):
            holder = _keyed(app.main, f"divergence_{key}_{divergence.id}")
            assert holder is not None, key
            (expander,) = holder.get("expander")
            assert expander.label == f"Read the {members} sentences"
            assert expander.proto.expanded is expanded
            bodies += [h.proto.body for h in expander.get("html")]
        assert len(bodies) == 2 and bodies[0] == bodies[1]
        for side in divergence.sides:  # every value, under its own heading
            heading = html.escape(side.words) if side.words else "<i>not stated</i>"
            assert f"“{heading}”" in bodies[0]
