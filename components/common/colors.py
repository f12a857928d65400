"""One colour-blind-safe palette (Okabe-Ito) for match kinds, used by every view."""

from __future__ import annotations

KIND_COLORS: dict[str, str] = {
    "verbatim": "#0072B2",  # blue
    "near-verbatim": "#56B4E9",  # sky blue
    "paraphrase": "#E69F00",  # orange
    "partial": "#F0E442",  # yellow: shares part of it
    "unique": "#999999",  # grey: no other source carries it
}
KIND_LABELS: dict[str, str] = {
    "verbatim": "Verbatim (same words)",
    "near-verbatim": "Near-verbatim (a few words changed)",
    "paraphrase": "Paraphrase (same content, other words)",
    "partial": "Partial (carries part of what the other says)",
    "unique": "Only this source",
}
# The kind colours as text on a light page: the yellow of "partial" is too pale to read.
KIND_TEXT_COLORS: dict[str, str] = {**KIND_COLORS, "partial": "#8A7F00"}
DIFF_COLORS: dict[str, str] = {
    "added": "#009E73",  # bluish green
    "removed": "#D55E00",  # vermillion
    "changed": "#CC79A7",  # reddish purple
}
HEATMAP_SCALE = "Viridis"  # perceptually uniform and colour-blind safe
