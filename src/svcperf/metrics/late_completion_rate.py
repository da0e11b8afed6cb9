"""Late Completion Rate: the share of jobs in the window completed after their
appointment date.

numerator: completed jobs in W whose `closed_at`, read in the job's own `timezone`,
falls on a local date after `appointment_date` (the final date, after any reschedule);
denominator: \\|W\\| (cancelled jobs count in it too). Seed target: <= 1 %.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..records import IssueType, Job
from ..zones import after_local_date
from . import columns as _columns
from .level import (
    CANCELLED,
    COMPLETED_ON_TIME,
    FLAGGED,
    STATUS_COMPLETED,
    Reason,
    ServiceLevel,
)

__all__ = ["LEVEL", "assess", "columns"]


def assess(job: Job, as_of: datetime) -> Reason:
    """`FLAGGED` when the job was completed on a local date after its appointment date."""
    if job.status is not STATUS_COMPLETED or job.closed_at is None:
        return CANCELLED
    if after_local_date(job.closed_at, job.timezone, job.appointment_date):
        return FLAGGED
    return COMPLETED_ON_TIME


#: The columns the engine adds for `columns`: the first instant of the local day after
#: the appointment date in the job's zone (null where no single one exists, a midnight
#: that occurs twice), and for those rows only, the reference's answer.
NEXT_DAY_START = "next_local_day_start"
AFTER_BY_LOCAL_DATE = "after_by_local_date"


def columns(as_of: _columns.AsOf) -> dict[str, Any]:
    """The rule over columns: ``flagged`` as `assess` gives `FLAGGED` (given the columns
    `NEXT_DAY_START` and `AFTER_BY_LOCAL_DATE`, as `zones.after_local_date` decides)."""
    import pyarrow.compute as pc

    closed, cut_off = _columns.field("closed_at"), _columns.field(NEXT_DAY_START)
    after = pc.if_else(_columns.present(NEXT_DAY_START), closed >= cut_off,
                       _columns.with_default(AFTER_BY_LOCAL_DATE, False))
    return {"flagged": _columns.is_("status", STATUS_COMPLETED.value)
            & _columns.present("closed_at") & after}


LEVEL = ServiceLevel(
    key="late_completion_rate",
    name="Late Completion Rate",
    issue=IssueType.LATE_COMPLETION,
    assess=assess,
    numerator=lambda tally: tally.late_completion,
    denominator=lambda tally: tally.jobs,
)
