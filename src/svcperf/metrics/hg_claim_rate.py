"""Happiness Guarantee Claim Rate: the share of jobs in the window with an HG claim.

numerator: jobs in W (completed or cancelled) whose first HG claim was filed before
`as_of`; denominator: \\|W\\|. Seed target: <= 1 %.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..records import IssueType, Job
from . import columns as _columns
from .level import (
    FLAGGED,
    HG_CLAIM_NOT_YET_KNOWN,
    NO_HG_CLAIM,
    Reason,
    ServiceLevel,
)

__all__ = ["LEVEL", "assess", "columns"]


def assess(job: Job, as_of: datetime) -> Reason:
    """`FLAGGED` when the job has an HG claim known by `as_of`, else why not."""
    if job.hg_claim_at is None:
        return NO_HG_CLAIM
    if job.hg_claim_at >= as_of:
        return HG_CLAIM_NOT_YET_KNOWN
    return FLAGGED


def columns(as_of: _columns.AsOf) -> dict[str, Any]:
    """The rule over columns: ``flagged`` as `assess` gives `FLAGGED`."""
    return {"flagged": _columns.known("hg_claim_at", as_of)}


LEVEL = ServiceLevel(
    key="hg_claim_rate",
    name="Happiness Guarantee Claim Rate",
    issue=IssueType.HG_CLAIM,
    assess=assess,
    numerator=lambda tally: tally.hg_claim,
    denominator=lambda tally: tally.jobs,
)
