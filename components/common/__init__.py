"""What every view shares: the palette, source names, literal text, the coverage matrix,
which sources a chart shows, the evidence and summary in words, the story being read, and
the in-memory store of people's stories behind their links. Pure: no module here imports
Streamlit."""

__all__ = ["colors", "coverage", "evidence", "labels", "source_selection", "story",
           "story_store", "summary", "text"]
