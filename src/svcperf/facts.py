"""Per-job facts: where a job stands in a window, and what each service level makes of it
once granted disputes known by `as_of` are applied (SPEC §3–§4).

This is the one place where the levels' assessments and the dispute rules meet; the
tallies, the views and `explain` all read these facts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

import attrs

from .metrics import SERVICE_LEVELS, Reason
from .records import Dispute, DisputeOutcome, IssueType, Job, JobStatus
from .tally import ISSUE_BITS
from .window import Window

__all__ = ["DisputeIndex", "JobFacts", "job_facts", "placement"]

_RATING_COUNTED = frozenset({Reason.RATED, Reason.FLAGGED, Reason.RATED_3_OR_MORE})


class DisputeIndex:
    """The granted disputes of a data set, by job, with their decision instants.

    Denied and pending disputes change nothing, so only granted ones are kept.
    """

    __slots__ = ("_granted",)

    def __init__(self, disputes: Iterable[Dispute] = ()) -> None:
        granted: defaultdict[str, list[tuple[datetime, IssueType]]] = defaultdict(list)
        for dispute in disputes:
            if dispute.outcome is DisputeOutcome.GRANTED and dispute.decided_at is not None:
                granted[dispute.job_id].append((dispute.decided_at, dispute.issue_type))
        self._granted = dict(granted)

    def granted(self, job_id: str, as_of: datetime) -> frozenset[IssueType]:
        """The issue types removed from `job_id` by disputes granted before `as_of`."""
        decisions = self._granted.get(job_id)
        if not decisions:
            return frozenset()
        return frozenset(issue for decided_at, issue in decisions if decided_at < as_of)

    def decision_times(self, job_id: str) -> list[datetime]:
        """The instants at which granted disputes on `job_id` were decided."""
        return [decided_at for decided_at, _ in self._granted.get(job_id, ())]


def placement(job: Job, window: Window) -> Reason | None:
    """``None`` when the job is in the window, else why it is not.

    A job is in the window when it is completed or cancelled and
    ``window.start <= closed_at < window.end``.
    """
    if job.status is JobStatus.OPEN or job.closed_at is None:
        return Reason.OPEN
    if job.closed_at < window.start:
        return Reason.CLOSED_BEFORE_WINDOW
    if job.closed_at >= window.end:
        return Reason.CLOSED_AT_OR_AFTER_AS_OF
    return None


@attrs.frozen
class JobFacts:
    """What the seven levels make of one job of the window, disputes applied.

    `reasons` holds one `Reason` per level of `SERVICE_LEVELS`, in that order;
    `stars` is the counted rating (``None`` when the job is not in R); `issue_mask`
    has the bit of every issue type the job is flagged with (`ISSUE_BITS`).
    """

    job: Job
    reasons: tuple[Reason, ...]
    stars: int | None
    issue_mask: int

    @property
    def issues(self) -> tuple[IssueType, ...]:
        """The issue types the job is flagged with, in `IssueType` order."""
        return tuple(issue for issue, bit in ISSUE_BITS.items() if self.issue_mask & bit)


def job_facts(job: Job, as_of: datetime, granted: frozenset[IssueType]) -> JobFacts:
    """Assess a job of the window with every level, then apply the granted disputes.

    A granted dispute removes its issue (the job stays in the denominators); a granted
    `negative_feedback` dispute removes the rating itself, so the job leaves R.
    """
    reasons = []
    stars = None
    mask = 0
    rating_removed = IssueType.NEGATIVE_FEEDBACK in granted
    for service_level in SERVICE_LEVELS:
        reason = service_level.assess(job, as_of)
        if service_level.rated_only and rating_removed and reason in _RATING_COUNTED:
            reason = Reason.RATING_REMOVED_BY_DISPUTE
        elif reason is Reason.FLAGGED and service_level.issue in granted:
            reason = Reason.ISSUE_REMOVED_BY_DISPUTE
        if reason is Reason.RATED:
            stars = job.rating
        elif reason is Reason.FLAGGED and service_level.issue is not None:
            mask |= ISSUE_BITS[service_level.issue]
        reasons.append(reason)
    return JobFacts(job, tuple(reasons), stars, mask)
