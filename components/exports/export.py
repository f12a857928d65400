"""Downloadable files of a comparison: CSV tables, the JSON contract, chart images and a ZIP.

Every builder is pure (comparison or figure in, bytes out) so tests call them without a
server. Static images go through kaleido 1.x on the system Chromium; one persistent
kaleido server is started on first use, because a cold export starts a browser each
time (~4 s) where the warm server answers in ~0.2 s.
"""

from __future__ import annotations

import io
import os
import shutil
import threading
import warnings
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import kaleido
import pandas as pd
import plotly.graph_objects as go

from analysis.output import spreadsheet
from analysis.output.report import to_json
from analysis.results import Comparison
from components.common.colors import KIND_LABELS
from components.common.evidence import evidence_label
from components.common.labels import source_labels
from components.common.story import story_slug
from components.views.alignment_view import copy_links

APP_SLUG = "coverage-lens"
NO_BROWSER_MESSAGE = "PNG/SVG export needs Chromium: install the `chromium` package"
IMAGE_FORMATS = ("png", "svg")
MIME = {
    "png": "image/png", "svg": "image/svg+xml", "html": "text/html", "csv": "text/csv",
    "json": "application/json", "zip": "application/zip",
}
_BROWSER_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
_BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable",
                  "chrome")
_SERVER_LOCK = threading.Lock()  # kaleido's sync server pairs requests and answers by order


class ImageExportUnavailable(RuntimeError):
    """No Chromium to render PNG/SVG with; HTML, CSV and JSON exports still work."""


def file_name(stem: str, extension: str, story: str = "") -> str:
    """``harbour-fire_overlap-heatmap.png`` from ``overlap_heatmap``, ``png`` and the story
    title "Harbour fire" (``coverage-lens_...`` without a title)."""
    prefix = story_slug(story) if story.strip() else APP_SLUG
    return f"{prefix}_{stem.replace('_', '-')}.{extension}"


# --- tables ---------------------------------------------------------------------------



def matches_frame(comparison: Comparison) -> pd.DataFrame:
    """One row per matched sentence pair, sentence texts next to their ids.

    ``score``: probability the two sentences share a fact; ``b_carries_a``: that B's
    sentence carries all A's says; ``a_carries_b``: the reverse. Sentence numbers count
    from 1, as on screen (the JSON contract keeps 0-based indexes).
    """
    labels = source_labels(comparison.articles)
    texts = comparison.sentence_texts()
    rows = [
        {"source_a": labels[m.a], "article_a": m.a, "sentence_a": m.a_sentence + 1,
         "text_a": texts.get((m.a, m.a_sentence), ""),
         "source_b": labels[m.b], "article_b": m.b, "sentence_b": m.b_sentence + 1,
         "text_b": texts.get((m.b, m.b_sentence), ""),
         "score": round(m.score, 4), "b_carries_a": round(m.b_carries_a, 4),
         "a_carries_b": round(m.a_carries_b, 4), "kind": m.kind,
         "kind_label": KIND_LABELS.get(m.kind, m.kind)}
        for m in comparison.matches
    ]
    columns = ["source_a", "article_a", "sentence_a", "text_a", "source_b", "article_b",
               "sentence_b", "text_b", "score", "b_carries_a", "a_carries_b", "kind",
               "kind_label"]
    return pd.DataFrame(rows, columns=columns)


def pairs_frame(comparison: Comparison) -> pd.DataFrame:
    """One row per pair of sources: how much of each the other carries."""
    labels = source_labels(comparison.articles)
    counts: dict[tuple[str, str], int] = {}
    for m in comparison.matches:
        counts[(m.a, m.b)] = counts.get((m.a, m.b), 0) + 1
    rows = [
        {"source_a": labels[p.a], "article_a": p.a, "source_b": labels[p.b], "article_b": p.b,
         "a_in_b": round(p.a_in_b, 4), "b_in_a": round(p.b_in_a, 4),
         "similarity": round(p.similarity, 4), "shared_names": round(p.shared_names, 4),
         "event_similarity": round(p.event_similarity, 4),
         "matches": counts.get((p.a, p.b), 0)}
        for p in comparison.pairs
    ]
    columns = ["source_a", "article_a", "source_b", "article_b", "a_in_b", "b_in_a",
               "similarity", "shared_names", "event_similarity", "matches"]
    return pd.DataFrame(rows, columns=columns)


def elements_frame(comparison: Comparison) -> pd.DataFrame:
    """One row per story element; members read ``source #sentence: text``."""
    labels = source_labels(comparison.articles)
    texts = comparison.sentence_texts()
    rows = [
        {"id": e.id, "label": e.label, "n_sources": len(e.sources),
         "sources": "; ".join(labels[s] for s in e.sources),
         "members": " | ".join(
             f"{labels[m.article]} #{m.sentence + 1}: "
             f"{texts.get((m.article, m.sentence), '')}"
             for m in e.members)}
        for e in comparison.elements
    ]
    return pd.DataFrame(rows, columns=["id", "label", "n_sources", "sources", "members"])


def sentences_frame(comparison: Comparison) -> pd.DataFrame:
    """Every sentence of every article, with the other sources that carry it."""
    labels = source_labels(comparison.articles)
    carried = copy_links(comparison).carried_by()  # copies and families too
    order = {a.id: k for k, a in enumerate(comparison.articles)}
    rows = [
        {"source": labels[a.id], "article": a.id, "sentence": s.index + 1, "text": s.text,
         "also_in": "; ".join(labels[o] for o in sorted(carried.get((a.id, s.index), ()),
                                                         key=order.__getitem__))}
        for a in comparison.articles for s in a.sentences
    ]
    return pd.DataFrame(rows, columns=["source", "article", "sentence", "text", "also_in"])


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """The frame as CSV through the one safe writer (no cell can run as a formula)."""
    return spreadsheet.csv_bytes(list(frame.columns), frame.itertuples(index=False, name=None))


def matches_csv(comparison: Comparison) -> bytes:
    return csv_bytes(matches_frame(comparison))


def pairs_csv(comparison: Comparison) -> bytes:
    return csv_bytes(pairs_frame(comparison))


def elements_csv(comparison: Comparison) -> bytes:
    return csv_bytes(elements_frame(comparison))


def sentences_csv(comparison: Comparison) -> bytes:
    return csv_bytes(sentences_frame(comparison))


def comparison_json(comparison: Comparison) -> bytes:
    """Byte for byte what ``python -m analysis compare --format json`` prints."""
    return (to_json(comparison) + "\n").encode("utf-8")


def divergences_frame(comparison: Comparison) -> pd.DataFrame:
    """One row per value of each divergence: the wording, who gives it and where."""
    labels = source_labels(comparison.articles)
    texts = comparison.sentence_texts()
    rows = [
        {"id": d.id, "kind": d.kind, "n_sources": len(d.sources), "n_values": len(d.sides),
         "element": "" if d.element is None else d.element,
         "elements": "; ".join(f"E{e}" for e in d.elements), "origin": d.origin,
         "wording": side.words, "value": side.value, "n_giving": len(side.sources),
         "sources": "; ".join(labels[s] for s in side.sources),
         "sentences": "; ".join(f"{labels[m.article]} #{m.sentence + 1}"
                                for m in side.members),
         "example": texts.get((side.members[0].article, side.members[0].sentence), "")}
        for d in comparison.divergences for side in d.sides
    ]
    return pd.DataFrame(rows, columns=["id", "kind", "n_sources", "n_values", "element",
                                       "elements", "origin", "wording", "value", "n_giving",
                                       "sources", "sentences", "example"])


def quotes_frame(comparison: Comparison) -> pd.DataFrame:
    """One row per source's wording of each quotation, with the speaker it names."""
    labels = source_labels(comparison.articles)
    rows = [
        {"group": g.id, "quotation": g.text, "n_sources": len(g.sources),
         "source": labels[v.article], "sentence": v.sentence + 1, "wording": v.text,
         "speaker": v.speaker or "", "wording_differs": g.wording_differs,
         "attribution_differs": g.attribution_differs}
        for g in comparison.quotes for v in g.variants
    ]
    return pd.DataFrame(rows, columns=["group", "quotation", "n_sources", "source", "sentence",
                                       "wording", "speaker", "wording_differs",
                                       "attribution_differs"])


def divergences_csv(comparison: Comparison) -> bytes:
    return csv_bytes(divergences_frame(comparison))


def quotes_csv(comparison: Comparison) -> bytes:
    return csv_bytes(quotes_frame(comparison))


DATA_EXPORTS: dict[str, tuple[str, Callable[[Comparison], bytes], str]] = {
    # key: (button label, builder, extension)
    "matches": ("Matches (CSV)", matches_csv, "csv"),
    "pairs": ("Source pairs (CSV)", pairs_csv, "csv"),
    "elements": ("Story elements (CSV)", elements_csv, "csv"),
    "sentences": ("Sentences (CSV)", sentences_csv, "csv"),
    "divergences": ("Divergences (CSV)", divergences_csv, "csv"),
    "quotes": ("Quotes (CSV)", quotes_csv, "csv"),
    "comparison": ("Comparison (JSON)", comparison_json, "json"),
}


# --- charts ---------------------------------------------------------------------------


def figure_html(figure: go.Figure) -> bytes:
    """A self-contained page with plotly.js inline: opens offline, no CDN."""
    return figure.to_html(include_plotlyjs=True, full_html=True).encode("utf-8")


def find_browser() -> str | None:
    """The Chromium/Chrome kaleido would drive, or None when there is none."""
    forced = os.environ.get("BROWSER_PATH")
    if forced and Path(forced).exists():
        return forced
    for candidate in _BROWSER_CANDIDATES:
        if Path(candidate).exists():
            return candidate
    return next((path for name in _BROWSER_NAMES if (path := shutil.which(name))), None)


def image_export_available() -> bool:
    return find_browser() is not None


def _server_alive() -> bool:
    server = kaleido._global_server  # noqa: SLF001 - no public liveness check in kaleido 1.5
    thread = getattr(server, "_thread", None)
    return server.is_running() and thread is not None and thread.is_alive()


def start_export_server() -> bool:
    """Start kaleido's one persistent export server (idempotent); False without a browser.

    ``mathjax=False`` keeps kaleido from fetching MathJax from a CDN on every start.
    A server whose browser died is replaced, so a request never waits on a dead thread.
    """
    browser = find_browser()
    if browser is None:
        return False
    os.environ.setdefault("BROWSER_PATH", browser)
    with _SERVER_LOCK:
        if kaleido._global_server.is_running() and not _server_alive():  # noqa: SLF001
            kaleido.stop_sync_server(silence_warnings=True)
        kaleido.start_sync_server(mathjax=False, silence_warnings=True)
    return True


def figure_image(figure: go.Figure, fmt: str, *, width: int = 1000, height: int | None = None,
                 scale: float = 2) -> bytes:
    """PNG or SVG bytes of a figure through the persistent server (~0.2 s when warm).

    ``scale`` sharpens PNGs only: an SVG is drawn at its own size, so the size it declares
    is the size of its drawing (a scaled SVG declared twice the size it drew)."""
    if fmt not in IMAGE_FORMATS:
        raise ValueError(f"unsupported image format {fmt!r}; use one of {IMAGE_FORMATS}")
    scale = 1 if fmt == "svg" else scale
    if not start_export_server():
        raise ImageExportUnavailable(NO_BROWSER_MESSAGE)
    height = height or int(figure.layout.height or 600)
    with _SERVER_LOCK, warnings.catch_warnings():
        # plotly sends its default HTTP headers as per-call options, which a running
        # server ignores (and says so on every call): nothing to act on.
        warnings.filterwarnings("ignore", message="The kopts argument is ignored")
        return figure.to_image(format=fmt, width=width, height=height, scale=scale)


# --- everything at once ---------------------------------------------------------------


def export_zip(comparison: Comparison, figures: dict[str, go.Figure], report: str,
               *, images: bool | None = None, story: str = "") -> bytes:
    """One ZIP: the report, the data files, and each chart as HTML (+ PNG/SVG with a browser)."""
    images = image_export_available() if images is None else images
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(file_name("report", "html", story), report)
        for key, (_, build, extension) in DATA_EXPORTS.items():
            archive.writestr(file_name(key, extension, story), build(comparison))
        for key, figure in figures.items():
            archive.writestr(file_name(key, "html", story), figure_html(figure))
            for fmt in IMAGE_FORMATS if images else ():
                archive.writestr(file_name(key, fmt, story), figure_image(figure, fmt))
        archive.writestr("README.txt", _zip_readme(comparison))
    return buffer.getvalue()


def _zip_readme(comparison: Comparison) -> str:
    stamp = datetime.now().strftime("%Y-%m-%d %H:%M")
    shared = sum(1 for e in comparison.elements if len(e.sources) > 1)
    return (f"Coverage Lens export, {stamp}: {len(comparison.articles)} sources, "
            f"{len(comparison.matches)} matched sentence pairs, {shared} shared story "
            f"elements (reported by two or more sources; {len(comparison.elements)} elements "
            "in all, counting those only one source reports).\n"
            "Sentence numbers in the CSV files count from 1, as on screen.\n"
            f"Sentences matched with {evidence_label(comparison.settings)}.\n"
            "Open the report HTML in any browser (works offline). The JSON file is the "
            "command line's contract (python -m analysis compare --format json).\n")
