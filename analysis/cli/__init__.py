"""The command line (``python -m analysis``): argument parsing and printing only.

``commands`` holds the parser and the ``compare`` and ``corpus`` commands; ``pairs``
scores a file of sentence pairs.
"""

__all__ = ["commands", "pairs"]
