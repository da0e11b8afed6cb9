"""Happiness Guarantee Claim Rate: the share of jobs in the window with an HG claim.

numerator: jobs in W (completed or cancelled) whose first HG claim was filed before
`as_of`; denominator: \\|W\\|. Seed target: <= 1 %.
"""

from __future__ import annotations

from datetime import datetime

from ..records import IssueType, Job
from .level import Reason, ServiceLevel

__all__ = ["LEVEL", "assess"]


def assess(job: Job, as_of: datetime) -> Reason:
    """`FLAGGED` when the job has an HG claim known by `as_of`, else why not."""
    if job.hg_claim_at is None:
        return Reason.NO_HG_CLAIM
    if job.hg_claim_at >= as_of:
        return Reason.HG_CLAIM_NOT_YET_KNOWN
    return Reason.FLAGGED


LEVEL = ServiceLevel(
    key="hg_claim_rate",
    name="Happiness Guarantee Claim Rate",
    issue=IssueType.HG_CLAIM,
    assess=assess,
    numerator=lambda tally: tally.hg_claim,
    denominator=lambda tally: tally.jobs,
)
