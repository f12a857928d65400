"""Story: what the matched sentences say about the sources as a whole.

``carried`` tells whether another source states all of a sentence (fully or only partly
carried), ``copies`` counts links through copies and families of near-copies, ``elements`` groups
matched sentences into story elements, ``overlap`` measures how much of each source the
others carry, ``gaps`` what a source alone reports or leaves out, and ``framing`` what
each source leads with.
"""

__all__ = ["carried", "copies", "elements", "framing", "gaps", "overlap"]
