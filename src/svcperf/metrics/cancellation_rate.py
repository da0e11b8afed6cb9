"""Cancellation Rate: the share of jobs in the window cancelled for reasons attributed
to the provider (whoever initiated the cancellation).

numerator: cancelled jobs in W with `cancel_attributed`; denominator: \\|W\\|. A
cancellation not attributed to the provider is no issue, but the job still counts in
the denominator. Seed target: <= 1 %.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..records import IssueType, Job, JobStatus
from . import columns as _columns
from .level import Reason, ServiceLevel

__all__ = ["LEVEL", "assess", "columns"]

# The enum members the rule uses, bound once: on Python 3.11 looking a member up on
# its class costs more than the comparison itself.
_CANCELLED = JobStatus.CANCELLED
_NOT_CANCELLED = Reason.NOT_CANCELLED
_CANCELLATION_NOT_ATTRIBUTED = Reason.CANCELLATION_NOT_ATTRIBUTED
_FLAGGED = Reason.FLAGGED


def assess(job: Job, as_of: datetime) -> Reason:
    """`FLAGGED` when the job was cancelled and that is attributed to the provider."""
    if job.status is not _CANCELLED:
        return _NOT_CANCELLED
    if not job.cancel_attributed:
        return _CANCELLATION_NOT_ATTRIBUTED
    return _FLAGGED


def columns(as_of: datetime) -> dict[str, Any]:
    """The rule over columns: ``flagged`` as `assess` gives `FLAGGED`."""
    return {"flagged": (_columns.field("status") == _CANCELLED.value)
            & _columns.with_default("cancel_attributed", False)}


LEVEL = ServiceLevel(
    key="cancellation_rate",
    name="Cancellation Rate",
    issue=IssueType.CANCELLATION,
    assess=assess,
    numerator=lambda tally: tally.cancellation,
    denominator=lambda tally: tally.jobs,
)
