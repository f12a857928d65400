"""Text: what every stage means by a word, a sentence and a copy.

Unicode folding for matching (``textnorm``), sentence splitting (``segmentation``), clause
splitting of long sentences (``clauses``), the word lists with their sources and their data
files (``lexicon``: ``lexicon.json``, ``countries.json``), texts with the same words
(``same_words``) and the words that report speech (``speech``). Depends only on
``analysis.results``.
"""

__all__ = ["clauses", "lexicon", "same_words", "segmentation", "speech", "textnorm"]
