"""What every service level shares: the exact ratio, the level's description, and the
reasons a job is or is not counted."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from enum import StrEnum
from fractions import Fraction

import attrs

from ..records import IssueType, Job, JobStatus
from ..tally import Tally

__all__ = ["Ratio", "Reason", "Role", "ServiceLevel"]


class Reason(StrEnum):
    """Why a job is counted, or not, by one service level (what `explain` shows)."""

    FLAGGED = "has the issue"
    RATED = "rating counted"
    # Not in the window at all.
    OPEN = "open job"
    CLOSED_BEFORE_WINDOW = "closed before the window"
    CLOSED_AT_OR_AFTER_AS_OF = "closed at or after as_of"
    # Feedback levels: not in R.
    NOT_COMPLETED = "not completed"
    CANCELLED = "cancelled job"
    UNRATED = "unrated"
    RATING_NOT_YET_RECEIVED = "rating received at or after as_of"
    RATING_ON_CANCELLED_JOB = "rating on a cancelled job (ignored)"
    RATING_REMOVED_BY_DISPUTE = "rating removed by a granted dispute"
    # In the denominator, not in the numerator.
    RATED_3_OR_MORE = "rated 3 stars or more"
    NO_HG_CLAIM = "no HG claim"
    HG_CLAIM_NOT_YET_KNOWN = "HG claim filed at or after as_of"
    NOT_CANCELLED = "not cancelled"
    CANCELLATION_NOT_ATTRIBUTED = "cancellation not attributed to the provider"
    NO_ATTRIBUTED_RESCHEDULE = "no reschedule attributed to the provider"
    NO_ARRIVAL_WINDOW = "no arrival window"
    NO_START_MARK = "no start mark"
    STARTED_IN_ARRIVAL_WINDOW = "started inside the arrival window"
    COMPLETED_ON_TIME = "completed on or before the appointment date"
    ISSUE_REMOVED_BY_DISPUTE = "issue removed by a granted dispute"
    # Defect-free rate: in its numerator.
    NO_ISSUE = "no issue"


# The members the levels compare with, bound once as module names: on Python 3.11
# `Reason.FLAGGED` is a lookup through the enum's metaclass, dearer than the comparison it
# feeds (binding them makes benchmark B1 about 35 % faster; docs/performance.md). This is
# the one place they are bound; the level modules import them. A status is `STATUS_...`;
# every other name is a `Reason`.
CANCELLATION_NOT_ATTRIBUTED = Reason.CANCELLATION_NOT_ATTRIBUTED
CANCELLED = Reason.CANCELLED
COMPLETED_ON_TIME = Reason.COMPLETED_ON_TIME
FLAGGED = Reason.FLAGGED
CLOSED_AT_OR_AFTER_AS_OF = Reason.CLOSED_AT_OR_AFTER_AS_OF
CLOSED_BEFORE_WINDOW = Reason.CLOSED_BEFORE_WINDOW
OPEN = Reason.OPEN
HG_CLAIM_NOT_YET_KNOWN = Reason.HG_CLAIM_NOT_YET_KNOWN
NOT_CANCELLED = Reason.NOT_CANCELLED
NOT_COMPLETED = Reason.NOT_COMPLETED
NO_ARRIVAL_WINDOW = Reason.NO_ARRIVAL_WINDOW
NO_ATTRIBUTED_RESCHEDULE = Reason.NO_ATTRIBUTED_RESCHEDULE
NO_HG_CLAIM = Reason.NO_HG_CLAIM
NO_START_MARK = Reason.NO_START_MARK
RATED = Reason.RATED
RATED_3_OR_MORE = Reason.RATED_3_OR_MORE
RATING_NOT_YET_RECEIVED = Reason.RATING_NOT_YET_RECEIVED
RATING_ON_CANCELLED_JOB = Reason.RATING_ON_CANCELLED_JOB
STARTED_IN_ARRIVAL_WINDOW = Reason.STARTED_IN_ARRIVAL_WINDOW
UNRATED = Reason.UNRATED
STATUS_CANCELLED = JobStatus.CANCELLED
STATUS_COMPLETED = JobStatus.COMPLETED
STATUS_OPEN = JobStatus.OPEN


_OUTSIDE_WINDOW = frozenset({Reason.OPEN, Reason.CLOSED_BEFORE_WINDOW,
                             Reason.CLOSED_AT_OR_AFTER_AS_OF})


class Role(StrEnum):
    """What a job is to one figure."""

    NUMERATOR = "numerator"
    DENOMINATOR = "denominator only"
    LEFT_OUT = "left out"


@attrs.frozen
class Ratio:
    """An exact ratio of integers; its value is ``None`` ("no data") when the denominator is 0.

    >>> Ratio(47, 10).value, Ratio(0, 0).value, Ratio(1, 8).display
    (Fraction(47, 10), None, 0.125)
    """

    numerator: int
    denominator: int

    @property
    def value(self) -> Fraction | None:
        """The exact value, or ``None`` with no data."""
        return Fraction(self.numerator, self.denominator) if self.denominator else None

    @property
    def display(self) -> float | None:
        """The value as a float, for display only."""
        value = self.value
        return None if value is None else float(value)


@attrs.frozen
class ServiceLevel:
    """One service level: its key and name, the issue it flags (``None`` for the rating),
    how a job is assessed, and which tally counters make its ratio. `rated_only` levels
    look only at the jobs in R (whose rating counts)."""

    key: str
    name: str
    issue: IssueType | None
    assess: Callable[[Job, datetime], Reason]
    numerator: Callable[[Tally], int]
    denominator: Callable[[Tally], int]
    unit: str = "rate"
    rated_only: bool = False

    def role(self, reason: Reason) -> Role:
        """The part a job assessed with `reason` plays in this level's ratio."""
        if reason is Reason.FLAGGED or reason is Reason.RATED:
            return Role.NUMERATOR
        if reason in _OUTSIDE_WINDOW or (self.rated_only and reason is not Reason.RATED_3_OR_MORE):
            return Role.LEFT_OUT
        return Role.DENOMINATOR

    def ratio(self, tally: Tally) -> Ratio:
        """The level's exact ratio over `tally`."""
        return Ratio(self.numerator(tally), self.denominator(tally))
