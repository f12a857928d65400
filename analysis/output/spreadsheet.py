"""CSV that is safe to open in a spreadsheet: no cell from an article can run as a formula.

Excel, LibreOffice and Google Sheets run a cell that starts with ``=``, ``+``, ``-`` or
``@`` (and some also after a leading tab or carriage return) as a formula, so a hostile
article could make a downloaded CSV open links or run commands ("CSV injection",
OWASP). Such text cells get a leading apostrophe, which spreadsheets show as plain
text; numbers stay numbers. Every CSV the project writes goes through :func:`csv_bytes`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def safe_cell(value: object) -> object:
    """``value`` itself, or text that cannot be read as a formula.

    >>> safe_cell("=HYPERLINK(\\"http://x\\")"), safe_cell(-2.5), safe_cell("Kim")
    ('\\'=HYPERLINK("http://x")', -2.5, 'Kim')
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """UTF-8 CSV with every text cell (header included) neutralised."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([safe_cell(name) for name in header])
    writer.writerows([safe_cell(_plain(cell)) for cell in row] for row in rows)
    return buffer.getvalue().encode("utf-8")


def _plain(cell: object) -> object:
    """Missing values as empty cells, as pandas writes them."""
    if cell is None or (isinstance(cell, float) and cell != cell):
        return ""
    return cell
