"""Cancellation Rate: the share of jobs in the window cancelled for reasons attributed
to the provider (whoever initiated the cancellation).

numerator: cancelled jobs in W with `cancel_attributed`; denominator: \\|W\\|. A
cancellation not attributed to the provider is no issue, but the job still counts in
the denominator. Seed target: <= 1 %.
"""

from __future__ import annotations

from datetime import datetime

from ..records import IssueType, Job, JobStatus
from .level import Reason, ServiceLevel

__all__ = ["LEVEL", "assess"]


def assess(job: Job, as_of: datetime) -> Reason:
    """`FLAGGED` when the job was cancelled and that is attributed to the provider."""
    if job.status is not JobStatus.CANCELLED:
        return Reason.NOT_CANCELLED
    if not job.cancel_attributed:
        return Reason.CANCELLATION_NOT_ATTRIBUTED
    return Reason.FLAGGED


LEVEL = ServiceLevel(
    key="cancellation_rate",
    name="Cancellation Rate",
    issue=IssueType.CANCELLATION,
    assess=assess,
    numerator=lambda tally: tally.cancellation,
    denominator=lambda tally: tally.jobs,
)
