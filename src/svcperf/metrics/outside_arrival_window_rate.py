"""Outside Arrival Window: the share of jobs in the window started outside the promised
arrival window.

numerator: jobs in W (completed or cancelled) whose `started_at` is before
`arrival_window_start` or after `arrival_window_end` (the window is inclusive at both
ends); a job with no start mark or no arrival window has no such issue. denominator:
\\|W\\|. Seed target: <= 10 %.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..records import IssueType, Job
from . import columns as _columns
from .level import (
    FLAGGED,
    NO_ARRIVAL_WINDOW,
    NO_START_MARK,
    STARTED_IN_ARRIVAL_WINDOW,
    Reason,
    ServiceLevel,
)

__all__ = ["LEVEL", "assess", "columns"]


def assess(job: Job, as_of: datetime) -> Reason:
    """`FLAGGED` when the job started outside its arrival window, else why not."""
    start, end = job.arrival_window_start, job.arrival_window_end
    if start is None or end is None:
        return NO_ARRIVAL_WINDOW
    if job.started_at is None:
        return NO_START_MARK
    if start <= job.started_at <= end:
        return STARTED_IN_ARRIVAL_WINDOW
    return FLAGGED


def columns(as_of: _columns.AsOf) -> dict[str, Any]:
    """The rule over columns: ``flagged`` as `assess` gives `FLAGGED`."""
    start, end = _columns.field("arrival_window_start"), _columns.field("arrival_window_end")
    started = _columns.field("started_at")
    given = (_columns.present("arrival_window_start") & _columns.present("arrival_window_end")
             & _columns.present("started_at"))
    return {"flagged": given & ((started < start) | (started > end))}


LEVEL = ServiceLevel(
    key="outside_arrival_window_rate",
    name="Outside Arrival Window",
    issue=IssueType.OUTSIDE_ARRIVAL_WINDOW,
    assess=assess,
    numerator=lambda tally: tally.outside_arrival_window,
    denominator=lambda tally: tally.jobs,
)
