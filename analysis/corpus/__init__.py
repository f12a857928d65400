"""Corpus mode: from an archive of articles to stories and outlet-level findings.

An archive is read in partitions (``reading``), each article is reduced to a small sketch
on the workers, the sketches are grouped into stories on the client (``grouping``), each
story of two or more articles is compared on the cluster with the one-story engine
(``analysis.pipeline.comparison.compare``), and the per-story summaries are rolled up per outlet
(``outlets``). ``results`` reads a result folder back, under the containment rule of
``places`` (result folders only under a root, articles only from inside them). ``run``
wires it to Dask: a ``LocalCluster`` by default, or an existing
scheduler.
"""

__all__ = ["grouping", "outlets", "places", "reading", "results", "run"]
