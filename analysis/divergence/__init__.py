"""Divergence: where sources that report one claim disagree on a detail.

``finder`` merges the findings of every matched pair into cards; a pair's findings come
from a word alignment (``detail_diff``) and from reading each sentence on its own
(``sentence_details``, with the person titles of ``titles``), both over the typed tokens
of ``tokens``. ``findings`` holds the record they share.
"""

__all__ = ["finder"]
