"""Negative Feedback Rate: the share of rated completed jobs rated 1 or 2 stars.

numerator: jobs in R rated 1 or 2; denominator: \\|R\\| (R as for the Customer Feedback
Rating). A granted `negative_feedback` dispute removes the rating itself, so the job
leaves R for both feedback levels (applied in `facts`). Seed target: <= 1 %.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..records import IssueType, Job
from . import columns as _columns
from . import customer_feedback_rating
from .level import (
    FLAGGED,
    RATED,
    RATED_3_OR_MORE,
    Reason,
    ServiceLevel,
)

__all__ = ["LEVEL", "assess", "columns"]


def assess(job: Job, as_of: datetime) -> Reason:
    """`FLAGGED` when the job's counted rating is 1 or 2 stars, else why not."""
    rating = customer_feedback_rating.assess(job, as_of)
    if rating is not RATED:
        return rating
    return FLAGGED if job.rating is not None and job.rating <= 2 else RATED_3_OR_MORE


def columns(as_of: _columns.AsOf) -> dict[str, Any]:
    """The rule over columns: ``flagged`` as `assess` gives `FLAGGED`."""
    rated = customer_feedback_rating.columns(as_of)["rated"]
    return {"flagged": rated & (_columns.field("rating") <= _columns.integer(2))}


LEVEL = ServiceLevel(
    key="negative_feedback_rate",
    name="Negative Feedback Rate",
    issue=IssueType.NEGATIVE_FEEDBACK,
    assess=assess,
    numerator=lambda tally: tally.negative_feedback,
    denominator=lambda tally: tally.rated,
    rated_only=True,
)
