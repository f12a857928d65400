"""Ingest: from files, bundles and pasted text to articles, within budgets.

``loading`` reads paths and uploads (every format of ``formats``), ``budgets`` holds the
limits of a file and a story and their messages, ``safetext`` keeps names and file names
from forging what people read, ``naming`` gives an article that names no outlet one from
its file name (never its folder's), and ``cleaning`` drops web-page furniture lines, keeping
each with its reason so a person can restore it.
"""

__all__ = ["budgets", "cleaning", "formats", "loading", "naming", "safetext"]
