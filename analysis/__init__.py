"""Coverage Lens analysis engine: pure, typed, no UI imports.

load/clean -> segment -> vectorise -> align -> score -> result objects.
"""

from analysis.models import Article, Comparison
from analysis.pipeline import AnalysisError, compare
from analysis.settings import Settings

__all__ = ["AnalysisError", "Article", "Comparison", "Settings", "compare"]
