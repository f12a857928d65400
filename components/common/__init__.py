"""What every view shares: the palette, source names, literal text, the coverage matrix,
which sources a chart shows, the evidence and summary in words, and the story being read.
Pure: no module here imports Streamlit."""

__all__ = ["colors", "coverage", "evidence", "labels", "source_selection", "story", "summary",
           "text"]
