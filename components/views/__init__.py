"""The views of a comparison: side-by-side rows and word diffs, divergence cards, story
elements, quotations, heatmaps and the archive's charts. Each is a pure builder (HTML, a
table or a figure, testable without a server) plus, where a page needs it, a thin render
function."""

__all__ = ["alignment_view", "archive_view", "diff", "divergence_view", "elements_view",
           "figures", "heatmaps", "pair_heatmap", "quotes_view", "tables"]
