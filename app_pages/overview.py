"""Overview: key figures, a plain-language summary, and the two heatmaps."""

import streamlit as st

from analysis.matching.embedding import embedding_unavailable_reason
from components.common.coverage import element_filter
from components.common.evidence import evidence_caption
from components.common.summary import story_summary
from components.common.text import escape_markdown
from components.views.divergence_view import render_framing, render_gaps_panel
from components.views.elements_view import legend_html, render_element
from components.views.heatmaps import render_coverage_heatmap, render_overlap_heatmap
from components.views.tables import render_sources_table
from components.widgets.navigation import open_side_by_side
from components.widgets.session import require_comparison
from components.widgets.source_picker import pick_shown_sources
from components.widgets.story_view import render_story_heading

# A fixed script (no user text in it): the clicked square's sentences open below a tall
# chart, so the page scrolls them into view.
SCROLL_TO_ELEMENT = """<!-- ELEMENT --><script>
(function bringUp(tries) {  // the box may still be drawing: try for about two seconds
  const box = document.querySelector('.st-key-clicked_element');
  if (box) { box.scrollIntoView({block: 'start'}); }
  if (tries > 0) { setTimeout(() => bringUp(tries - 1), 250); }
})(8);
</script>"""

st.title("Coverage Lens")
st.caption("How different news sources cover the same story, sentence by sentence.")
render_story_heading()

comparison = require_comparison()
st.caption(escape_markdown(
    evidence_caption(comparison.settings, embedding_unavailable_reason())))
shared = element_filter(comparison, "shared")
with st.container(horizontal=True, gap="medium", key="overview_metrics"):
    # a row that wraps: four tiles on a wide screen, two by two on a phone
    for label, value in (("Sources", len(comparison.articles)),
                         ("Sentences", sum(len(a.sentences) for a in comparison.articles)),
                         ("Shared story elements", len(shared)),
                         ("Matched sentence pairs", len(comparison.matches))):
        st.metric(label, value, width=150)

st.markdown("\n".join(f"- {line}" for line in story_summary(comparison)))

st.subheader("Sources")
render_sources_table(comparison)

st.subheader("Overlap between sources")
shown = pick_shown_sources(comparison)
st.caption("Click a cell to read the two sources side by side.")
pair = render_overlap_heatmap(comparison, shown)
if pair:
    open_side_by_side(pair)

st.subheader("Coverage of story elements")
scope_names = {"Shared by two or more sources": "shared", "All elements": "all",
               "Only one source": "single"}
scope = scope_names[st.segmented_control(
    "Show", list(scope_names), default="Shared by two or more sources", key="coverage_scope",
) or "Shared by two or more sources"]
st.html(f'<div style="font-size:0.85rem">{legend_html()}</div>')
chosen = render_coverage_heatmap(comparison, scope, shown)
if not element_filter(comparison, scope):
    st.info("No story element in this group.")
elements = {e.id: e for e in comparison.elements}
if chosen is not None and chosen in elements:
    with st.container(border=True, key="clicked_element"):
        st.markdown(f"**Element E{chosen}**: sentences behind the cell you clicked")
        render_element(comparison, elements[chosen])
    if st.session_state.get("clicked_element_shown") != chosen:  # a new click: bring it up
        st.session_state["clicked_element_shown"] = chosen
        st.html(SCROLL_TO_ELEMENT.replace("ELEMENT", str(int(chosen))),
                unsafe_allow_javascript=True)
else:
    st.caption("Click a square to read the sentences behind it; the Story elements page "
               "lists them all.")

st.subheader("What only one source reports, and what it leaves out")
render_gaps_panel(comparison)

st.subheader("Headlines and what each source leads with")
render_framing(comparison)  # the table, or on a phone its headlines and a "Show all"
