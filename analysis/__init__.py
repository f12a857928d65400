"""Coverage Lens analysis engine: pure, typed, no UI imports.

load/clean -> segment -> vectorise -> align -> score -> result objects.

``compare`` is imported on first use (PEP 562), so that reading a result object does not
load scikit-learn: the dashboard's first screen opens from a stored result.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from analysis.errors import AnalysisError
from analysis.pipeline.settings import Settings
from analysis.results import Article, Comparison

if TYPE_CHECKING:
    from analysis.pipeline.comparison import compare

__all__ = ["AnalysisError", "Article", "Comparison", "Settings", "compare"]


def __getattr__(name: str) -> Any:
    if name == "compare":
        from analysis.pipeline.comparison import compare

        return compare
    raise AttributeError(f"module 'analysis' has no attribute {name!r}")
