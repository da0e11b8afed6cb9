"""Cancellation Rate: the share of jobs in the window cancelled for reasons attributed
to the provider (whoever initiated the cancellation).

numerator: cancelled jobs in W with `cancel_attributed`; denominator: \\|W\\|. A
cancellation not attributed to the provider is no issue, but the job still counts in
the denominator. Seed target: <= 1 %.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..records import IssueType, Job
from . import columns as _columns
from .level import (
    CANCELLATION_NOT_ATTRIBUTED,
    FLAGGED,
    NOT_CANCELLED,
    STATUS_CANCELLED,
    Reason,
    ServiceLevel,
)

__all__ = ["LEVEL", "assess", "columns"]


def assess(job: Job, as_of: datetime) -> Reason:
    """`FLAGGED` when the job was cancelled and that is attributed to the provider."""
    if job.status is not STATUS_CANCELLED:
        return NOT_CANCELLED
    if not job.cancel_attributed:
        return CANCELLATION_NOT_ATTRIBUTED
    return FLAGGED


def columns(as_of: _columns.AsOf) -> dict[str, Any]:
    """The rule over columns: ``flagged`` as `assess` gives `FLAGGED`."""
    return {"flagged": _columns.is_("status", STATUS_CANCELLED.value)
            & _columns.with_default("cancel_attributed", False)}


LEVEL = ServiceLevel(
    key="cancellation_rate",
    name="Cancellation Rate",
    issue=IssueType.CANCELLATION,
    assess=assess,
    numerator=lambda tally: tally.cancellation,
    denominator=lambda tally: tally.jobs,
)
