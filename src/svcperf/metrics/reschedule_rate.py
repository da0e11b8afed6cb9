"""Reschedule Rate: the share of jobs in the window rescheduled at least once for
reasons attributed to the provider.

numerator: jobs in W (completed or cancelled) with `reschedule_attributed`;
denominator: \\|W\\|. However many reschedules, a job counts once. Seed target: <= 1 %.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..records import IssueType, Job
from . import columns as _columns
from .level import (
    FLAGGED,
    NO_ATTRIBUTED_RESCHEDULE,
    Reason,
    ServiceLevel,
)

__all__ = ["LEVEL", "assess", "columns"]


def assess(job: Job, as_of: datetime) -> Reason:
    """`FLAGGED` when the job was rescheduled for reasons attributed to the provider."""
    return FLAGGED if job.reschedule_attributed else NO_ATTRIBUTED_RESCHEDULE


def columns(as_of: _columns.AsOf) -> dict[str, Any]:
    """The rule over columns: ``flagged`` as `assess` gives `FLAGGED`."""
    return {"flagged": _columns.field("reschedule_attributed")}


LEVEL = ServiceLevel(
    key="reschedule_rate",
    name="Reschedule Rate",
    issue=IssueType.RESCHEDULE,
    assess=assess,
    numerator=lambda tally: tally.reschedule,
    denominator=lambda tally: tally.jobs,
)
