"""Per-job facts: where a job stands in a window, and what each service level makes of it
once granted disputes known by `as_of` are applied (SPEC §3–§4).

This is the one place where the levels' assessments and the dispute rules meet; the
tallies, the views and `explain` all read these facts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, tzinfo
from typing import Any

import attrs

from .metrics import (
    SERVICE_LEVELS,
    Reason,
    cancellation_rate,
    customer_feedback_rating,
    hg_claim_rate,
    late_completion_rate,
    negative_feedback_rate,
    outside_arrival_window_rate,
    reschedule_rate,
)
from .metrics import columns as _columns
from .metrics.level import (
    CLOSED_AT_OR_AFTER_AS_OF,
    CLOSED_BEFORE_WINDOW,
    FLAGGED,
    OPEN,
    RATED,
    STATUS_OPEN,
)
from .records import Dispute, DisputeOutcome, IssueType, Job, JobStatus
from .tally import ISSUE_BITS
from .window import Window
from .zones import in_fixed_offset

__all__ = ["GRANTED_BITS", "NO_ISSUES", "RATING", "DisputeIndex", "JobFacts", "WindowCheck",
           "assessment", "assessment_columns", "job_facts", "outside_window"]

_RATING_COUNTED = frozenset({Reason.RATED, Reason.FLAGGED, Reason.RATED_3_OR_MORE})
# Per level, in `SERVICE_LEVELS` order: its assessment, whether it looks at R only, the
# issue a granted dispute removes, and that issue's bit in the mask (0 for none).
_LEVELS = tuple((level.assess, level.rated_only, level.issue,
                 0 if level.issue is None else ISSUE_BITS[level.issue])
                for level in SERVICE_LEVELS)
# The seven assessments, bound one by one so that `assessment` calls them in one list
# display (no loop, no append: the hot path of every tally).
(_ASSESS_1, _ASSESS_2, _ASSESS_3, _ASSESS_4, _ASSESS_5, _ASSESS_6,
 _ASSESS_7) = (assess for assess, _, _, _ in _LEVELS)
_BITS = tuple(bit for _, _, _, bit in _LEVELS)
#: The rating level's position in `SERVICE_LEVELS` (the reason that decides R).
RATING = SERVICE_LEVELS.index(customer_feedback_rating.LEVEL)
#: No issue type: what `DisputeIndex.granted` gives a job without granted disputes.
NO_ISSUES: frozenset[IssueType] = frozenset()


class DisputeIndex:
    """The granted disputes of a data set, by job, with their decision instants.

    Denied and pending disputes change nothing, so only granted ones are kept.
    """

    __slots__ = ("_granted", "job_ids")

    def __init__(self, disputes: Iterable[Dispute] = ()) -> None:
        granted: defaultdict[str, list[tuple[datetime, IssueType]]] = defaultdict(list)
        for dispute in disputes:
            if dispute.outcome is DisputeOutcome.GRANTED and dispute.decided_at is not None:
                granted[dispute.job_id].append((dispute.decided_at, dispute.issue_type))
        self._granted = dict(granted)
        #: The ids of the jobs with a granted dispute (decided at any time).
        self.job_ids = frozenset(self._granted)

    def granted(self, job_id: str, as_of: datetime) -> frozenset[IssueType]:
        """The issue types removed from `job_id` by disputes granted before `as_of`."""
        decisions = self._granted.get(job_id)
        if not decisions:
            return NO_ISSUES
        return frozenset(issue for decided_at, issue in decisions if decided_at < as_of)

    def decision_times(self, job_id: str) -> list[datetime]:
        """The instants at which granted disputes on `job_id` were decided."""
        return [decided_at for decided_at, _ in self._granted.get(job_id, ())]


class WindowCheck:
    """`outside_window` for one window, made for many jobs: the window's ends are converted
    once into each fixed UTC offset the jobs' `closed_at` use, so that each job is
    compared with them in its own offset (the cheapest exact datetime comparison).

    >>> from datetime import date
    >>> WindowCheck(Window.for_night(date(2026, 9, 14), "UTC")).window.days
    60
    """

    __slots__ = ("_ends", "window")

    def __init__(self, window: Window) -> None:
        self.window = window
        self._ends: dict[tzinfo | None, tuple[datetime, datetime]] = {}

    def _ends_in(self, zone: tzinfo | None) -> tuple[datetime, datetime]:
        ends = (in_fixed_offset(self.window.start, zone), in_fixed_offset(self.window.end, zone))
        self._ends[zone] = ends
        return ends

    def inside(self, job: Job) -> datetime | None:
        """The window's end (`as_of`) in the UTC offset of `job`'s `closed_at` when `job` is
        in the window, else ``None``: the job's other instants compare with it fastest."""
        closed = job.closed_at
        if closed is None or job.status is STATUS_OPEN:
            return None
        ends = self._ends.get(closed.tzinfo)
        start, end = ends if ends is not None else self._ends_in(closed.tzinfo)
        return end if start <= closed < end else None  # `_outside_reason`'s rule, inlined


def _outside_reason(status: JobStatus, closed: datetime | None, start: datetime,
                    end: datetime) -> Reason | None:
    if status is STATUS_OPEN or closed is None:
        return OPEN
    if closed < start:
        return CLOSED_BEFORE_WINDOW
    if closed >= end:
        return CLOSED_AT_OR_AFTER_AS_OF
    return None


def outside_window(job: Job, window: Window) -> Reason | None:
    """Why the job is not in the window (open, closed before it, closed at or after
    `as_of`), or ``None`` when it is in it.

    A job is in the window when it is completed or cancelled and
    ``window.start <= closed_at < window.end``. (`WindowCheck` does the same for many
    jobs faster.)
    """
    return _outside_reason(job.status, job.closed_at, window.start, window.end)


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


def assessment(job: Job, as_of: datetime,
               granted: frozenset[IssueType]) -> tuple[list[Reason], int | None, int]:
    """The parts of `job_facts`: the reasons (one per level), the counted stars and the
    issue mask, without building a `JobFacts` (the tallies' hot path)."""
    reasons = [_ASSESS_1(job, as_of), _ASSESS_2(job, as_of), _ASSESS_3(job, as_of),
               _ASSESS_4(job, as_of), _ASSESS_5(job, as_of), _ASSESS_6(job, as_of),
               _ASSESS_7(job, as_of)]
    if granted:
        rating_removed = IssueType.NEGATIVE_FEEDBACK in granted
        for index, (_, rated_only, issue, _) in enumerate(_LEVELS):
            reason = reasons[index]
            if rated_only and rating_removed and reason in _RATING_COUNTED:
                reasons[index] = Reason.RATING_REMOVED_BY_DISPUTE
            elif reason is Reason.FLAGGED and issue in granted:
                reasons[index] = Reason.ISSUE_REMOVED_BY_DISPUTE
    stars = job.rating if reasons[RATING] is RATED else None
    if FLAGGED not in reasons:  # most jobs: no issue
        return reasons, stars, 0
    return reasons, stars, sum(bit for bit, reason in zip(_BITS, reasons, strict=True)
                               if reason is FLAGGED)


#: The column `assessment_columns` reads besides the jobs' fields: per job, the sum of the
#: `ISSUE_BITS` of the issue types granted disputes remove (`granted`; 0 for none).
GRANTED_BITS = "granted_issue_bits"
# Each issue's level's column form of its flag (the levels' `columns`, in `IssueType` order).
_FLAG_COLUMNS = ((IssueType.NEGATIVE_FEEDBACK, negative_feedback_rate.columns),
                 (IssueType.HG_CLAIM, hg_claim_rate.columns),
                 (IssueType.CANCELLATION, cancellation_rate.columns),
                 (IssueType.RESCHEDULE, reschedule_rate.columns),
                 (IssueType.OUTSIDE_ARRIVAL_WINDOW, outside_arrival_window_rate.columns),
                 (IssueType.LATE_COMPLETION, late_completion_rate.columns))


def assessment_columns(as_of: _columns.AsOf) -> dict[str, Any]:
    """`assessment` over columns: pyarrow expressions over a table of jobs of the window
    (the levels' `columns` inputs, and `GRANTED_BITS`), as of an instant or of each row's
    own as-of (an expression; see `metrics.columns.AsOf`). ``rated``: the job is in R (its
    rating counts and no granted dispute removed it); ``stars``: its counted stars (0 when
    not in R); ``issue_mask``: the issue mask `assessment` gives (granted issues removed).
    """
    import pyarrow.compute as pc

    granted = pc.field(GRANTED_BITS)

    def kept(issue: IssueType) -> Any:
        return pc.equal(pc.bit_wise_and(granted, _columns.integer(ISSUE_BITS[issue])),
                        _columns.integer(0))

    # A granted negative_feedback dispute removes the rating, so the job leaves R.
    rated = customer_feedback_rating.columns(as_of)["rated"] & kept(IssueType.NEGATIVE_FEEDBACK)
    mask: Any = None
    for issue, columns in _FLAG_COLUMNS:
        bit = pc.if_else(columns(as_of)["flagged"] & kept(issue),
                         _columns.integer(ISSUE_BITS[issue]), _columns.integer(0))
        mask = bit if mask is None else pc.add(mask, bit)
    return {"rated": rated, "stars": pc.if_else(rated, pc.field("rating"), _columns.integer(0)),
            "issue_mask": mask}


def job_facts(job: Job, as_of: datetime, granted: frozenset[IssueType]) -> JobFacts:
    """Assess a job of the window with every level, then apply the granted disputes.

    A granted dispute removes its issue (the job stays in the denominators); a granted
    `negative_feedback` dispute removes the rating itself, so the job leaves R.
    """
    reasons, stars, mask = assessment(job, as_of, granted)
    return JobFacts(job, tuple(reasons), stars, mask)
