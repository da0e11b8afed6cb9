"""Late Completion Rate: the share of jobs in the window completed after their
appointment date.

numerator: completed jobs in W whose `closed_at`, read in the job's own `timezone`,
falls on a local date after `appointment_date` (the final date, after any reschedule);
denominator: \\|W\\| (cancelled jobs count in it too). Seed target: <= 1 %.
"""

from __future__ import annotations

from datetime import datetime

from ..records import IssueType, Job, JobStatus
from ..zones import after_local_date
from .level import Reason, ServiceLevel

__all__ = ["LEVEL", "assess"]

# The enum members the rule uses, bound once: on Python 3.11 looking a member up on
# its class costs more than the comparison itself.
_COMPLETED = JobStatus.COMPLETED
_CANCELLED = Reason.CANCELLED
_FLAGGED = Reason.FLAGGED
_COMPLETED_ON_TIME = Reason.COMPLETED_ON_TIME


def assess(job: Job, as_of: datetime) -> Reason:
    """`FLAGGED` when the job was completed on a local date after its appointment date."""
    if job.status is not _COMPLETED or job.closed_at is None:
        return _CANCELLED
    if after_local_date(job.closed_at, job.timezone, job.appointment_date):
        return _FLAGGED
    return _COMPLETED_ON_TIME


LEVEL = ServiceLevel(
    key="late_completion_rate",
    name="Late Completion Rate",
    issue=IssueType.LATE_COMPLETION,
    assess=assess,
    numerator=lambda tally: tally.late_completion,
    denominator=lambda tally: tally.jobs,
)
