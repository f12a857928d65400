"""Output: a comparison as people and scripts take it away.

``report`` writes the JSON contract and the text summary, ``spreadsheet`` CSV that no
spreadsheet runs as a formula, ``progress`` the command line's progress line.
"""

__all__ = ["progress", "report", "spreadsheet"]
