"""Defect-free rate: the share of jobs in the window with no issue at all.

numerator: jobs in W flagged with none of the six issue types (after disputes);
denominator: \\|W\\|. Not one of the seven service levels and without a target unless a
target set names ``defect_free_rate``; it never changes the status by default.
"""

from __future__ import annotations

from ..tally import Tally
from .level import Ratio

__all__ = ["KEY", "NAME", "ratio"]

KEY = "defect_free_rate"
NAME = "Defect-Free Rate"


def ratio(tally: Tally) -> Ratio:
    """Jobs without any issue over all jobs of the window."""
    return Ratio(tally.jobs - tally.jobs_with_issues, tally.jobs)
