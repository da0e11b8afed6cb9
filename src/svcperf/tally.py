"""Tallies: integer counters per job set that add up (the mergeable core).

Every figure svcperf reports is a ratio of two of these counters. Tallying parts of
a job list and adding the parts gives exactly the tally of the whole.
"""

from __future__ import annotations

import attrs

from .records import IssueType

__all__ = ["ISSUE_BITS", "Tally", "TallyCounter"]

#: Each issue type's bit in a job's issue mask, in `IssueType` order.
ISSUE_BITS = {issue: 1 << index for index, issue in enumerate(IssueType)}


@attrs.frozen
class Tally:
    """Counts over the jobs of one window (and one slice).

    `jobs` is \\|W\\|, `rated` is \\|R\\|, `stars` the sum of counted stars; each issue
    field counts the jobs flagged with that issue; `issues` counts issues in total.

    >>> total = Tally(jobs=2, completed=2) + Tally(jobs=1, cancelled=1, cancellation=1)
    >>> total.jobs, total.completed, total.cancelled, total.cancellation
    (3, 2, 1, 1)
    """

    jobs: int = 0
    completed: int = 0
    cancelled: int = 0
    rated: int = 0
    stars: int = 0
    negative_feedback: int = 0
    hg_claim: int = 0
    cancellation: int = 0
    reschedule: int = 0
    outside_arrival_window: int = 0
    late_completion: int = 0
    jobs_with_issues: int = 0
    issues: int = 0

    def __add__(self, other: Tally) -> Tally:
        if not isinstance(other, Tally):
            return NotImplemented
        return Tally(*(a + b for a, b in zip(attrs.astuple(self), attrs.astuple(other),
                                             strict=True)))

    def count(self, issue: IssueType) -> int:
        """The number of jobs flagged with `issue`."""
        count: int = getattr(self, issue.value)
        return count


_FIELDS = [field.name for field in attrs.fields(Tally)]
_JOBS, _COMPLETED, _CANCELLED, _RATED, _STARS = range(5)
_ISSUE_INDEX = [(_FIELDS.index(issue.value), bit) for issue, bit in ISSUE_BITS.items()]
_WITH_ISSUES, _ISSUES = _FIELDS.index("jobs_with_issues"), _FIELDS.index("issues")


class TallyCounter:
    """A mutable counter that one job at a time is added to; `tally()` freezes it."""

    __slots__ = ("counts",)

    def __init__(self) -> None:
        self.counts = [0] * len(_FIELDS)

    def add(self, completed: bool, stars: int | None, issue_mask: int, times: int = 1) -> None:
        """Add one job of the window (`times` = -1 takes one away)."""
        counts = self.counts
        counts[_JOBS] += times
        counts[_COMPLETED if completed else _CANCELLED] += times
        if stars is not None:
            counts[_RATED] += times
            counts[_STARS] += stars * times
        if issue_mask:
            counts[_WITH_ISSUES] += times
            for index, bit in _ISSUE_INDEX:
                if issue_mask & bit:
                    counts[index] += times
                    counts[_ISSUES] += times

    def merge(self, other: TallyCounter) -> None:
        """Add the counts of `other`."""
        self.counts = [mine + theirs for mine, theirs in zip(self.counts, other.counts,
                                                             strict=True)]

    def tally(self) -> Tally:
        """The counts so far, frozen."""
        return Tally(*self.counts)
