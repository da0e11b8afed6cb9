"""Customer Feedback Rating: the average star rating of rated completed jobs.

numerator: the sum of stars over R; denominator: \\|R\\|, where R is the completed jobs
in the window whose rating counts: received before `as_of` (`rated_at < as_of`) and
not removed by a granted `negative_feedback` dispute (applied in `facts`). Ratings on
cancelled jobs never count (a data warning). Seed target: >= 4.7 stars.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..records import Job
from . import columns as _columns
from .level import (
    NOT_COMPLETED,
    RATED,
    RATING_NOT_YET_RECEIVED,
    RATING_ON_CANCELLED_JOB,
    STATUS_COMPLETED,
    UNRATED,
    Reason,
    ServiceLevel,
)

__all__ = ["LEVEL", "assess", "columns"]


def assess(job: Job, as_of: datetime) -> Reason:
    """`RATED` when the job's rating counts as of `as_of`, else why not."""
    known = job.rating is not None and job.rated_at is not None and job.rated_at < as_of
    if job.status is not STATUS_COMPLETED:
        return RATING_ON_CANCELLED_JOB if known else NOT_COMPLETED
    if job.rating is None:
        return UNRATED
    return RATED if known else RATING_NOT_YET_RECEIVED


def columns(as_of: _columns.AsOf) -> dict[str, Any]:
    """The rule over columns: ``rated`` as `assess` gives `RATED`, ``ignored`` as it gives
    `RATING_ON_CANCELLED_JOB` (a data warning)."""
    known = _columns.present("rating") & _columns.known("rated_at", as_of)
    completed = _columns.is_("status", STATUS_COMPLETED.value)
    return {"rated": completed & known, "ignored": ~completed & known}


LEVEL = ServiceLevel(
    key="customer_feedback_rating",
    name="Customer Feedback Rating",
    issue=None,
    assess=assess,
    numerator=lambda tally: tally.stars,
    denominator=lambda tally: tally.rated,
    rated_only=True,
    unit="stars",
)
