"""Files people take away: CSV, JSON, chart images and the ZIP (``export``), the printable
pair of sources (``pair_export``) and the standalone HTML report (``report`` with its
sections)."""

__all__ = ["export", "pair_export", "report"]
