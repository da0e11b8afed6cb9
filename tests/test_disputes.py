"""Granted disputes, one issue type at a time (SPEC §4, "Disputes").

For each of the six issue types: a job with exactly that issue among clean jobs, and one
dispute on it. Granted and decided before `as_of`, the dispute takes exactly one job out of
that level's numerator and leaves the denominator alone (for `negative_feedback`, the
rating leaves R: both feedback levels lose the job). Decided at or after `as_of`, denied or
pending, it changes no figure. Code that ignores the dispute fails these tests.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from strategies import AS_OF, NIGHT, make_dispute, make_job, utc

from svcperf import SERVICE_LEVELS, Dispute, DisputeOutcome, IssueType, Job, JobStatus, evaluate
from svcperf.evaluation import Performance

RATED_AT = utc(2026, 9, 14, 18)
ARRIVAL = {"arrival_window_start": utc(2026, 9, 14, 8), "arrival_window_end": utc(2026, 9, 14, 10)}

#: What makes a job carry exactly one issue of each type.
WITH_ISSUE: dict[IssueType, dict[str, object]] = {
    IssueType.NEGATIVE_FEEDBACK: {"rating": 2, "rated_at": RATED_AT},
    IssueType.HG_CLAIM: {"hg_claim_at": RATED_AT},
    IssueType.CANCELLATION: {"status": JobStatus.CANCELLED, "cancel_attributed": True},
    IssueType.RESCHEDULE: {"reschedule_attributed": True},
    IssueType.OUTSIDE_ARRIVAL_WINDOW: {"started_at": utc(2026, 9, 14, 10, 1), **ARRIVAL},
    IssueType.LATE_COMPLETION: {"appointment_date": NIGHT - timedelta(days=1)},
}

#: The level of each issue type (SPEC §4 table).
LEVEL_OF = {level.issue: level.key for level in SERVICE_LEVELS if level.issue is not None}
FEEDBACK = ("customer_feedback_rating", "negative_feedback_rate")


def _jobs(issue: IssueType) -> list[Job]:
    """The disputed job 'J1' with `issue` only, and three clean jobs (two rated 5 stars, one
    of them with an on-time start, one cancelled without attribution)."""
    return [make_job(job_id="J1", **WITH_ISSUE[issue]),
            make_job(job_id="clean-rated", rating=5, rated_at=RATED_AT),
            make_job(job_id="clean-on-time", rating=5, rated_at=RATED_AT,
                     started_at=utc(2026, 9, 14, 9), **ARRIVAL),
            make_job(job_id="clean-cancelled", status=JobStatus.CANCELLED)]


def _figures(jobs: list[Job], disputes: list[Dispute]) -> dict[str, tuple[int, int]]:
    result: Performance = evaluate(jobs, NIGHT, disputes=disputes, tz="UTC")["acct-1"]
    return {key: (figure.numerator, figure.denominator) for key, figure in result.figures.items()}


ISSUES = pytest.mark.parametrize("issue", list(IssueType), ids=lambda issue: issue.value)


class TestTheDisputedJob:
    @ISSUES
    def test_it_has_exactly_its_one_issue_without_a_dispute(self, issue: IssueType) -> None:
        """The fixture: 'J1' raises its own level's numerator and no other."""
        tally = evaluate(_jobs(issue), NIGHT, tz="UTC")["acct-1"].tally
        assert tally.count(issue) == 1
        assert (tally.jobs, tally.jobs_with_issues, tally.issues) == (4, 1, 1)


class TestAGrantedDisputeDecidedBeforeAsOf:
    """SPEC §4: "a `granted` dispute decided before `as_of` removes that issue from the job:
    the job stays in the denominator, leaves the numerator. For `negative_feedback` it
    removes the rating itself, so the job leaves R for both feedback levels"."""

    @ISSUES
    @pytest.mark.parametrize("decided_at", [utc(2026, 9, 1), AS_OF - timedelta(microseconds=1),
                                            datetime(2026, 9, 14, 18, 59, 59, 999999,
                                                     tzinfo=timezone(timedelta(hours=-5)))],
                             ids=["weeks-before", "a-microsecond-before", "just-before-in-cdt"])
    def test_it_takes_the_job_out_of_that_numerator_only(self, issue: IssueType,
                                                         decided_at: datetime) -> None:
        jobs = _jobs(issue)
        before = _figures(jobs, [])
        after = _figures(jobs, [make_dispute("J1", issue, DisputeOutcome.GRANTED, decided_at)])
        expected = dict(before)
        if issue is IssueType.NEGATIVE_FEEDBACK:
            for key in FEEDBACK:  # the rating itself leaves R (and its 2 stars the sum)
                numerator, denominator = before[key]
                stars = WITH_ISSUE[IssueType.NEGATIVE_FEEDBACK]["rating"]
                drop = stars if key == "customer_feedback_rating" else 1
                expected[key] = (numerator - drop, denominator - 1)  # type: ignore[operator]
        else:
            numerator, denominator = before[LEVEL_OF[issue]]
            expected[LEVEL_OF[issue]] = (numerator - 1, denominator)
        assert after == expected
        assert before[LEVEL_OF[issue]][0] == 1

    @ISSUES
    def test_the_job_stays_in_the_window_and_loses_its_only_issue(self,
                                                                 issue: IssueType) -> None:
        result = evaluate(_jobs(issue), NIGHT, disputes=[make_dispute("J1", issue)],
                tz="UTC")["acct-1"]
        assert (result.tally.jobs, result.tally.jobs_with_issues, result.tally.issues) == (
            4, 0, 0)
        assert result.tally.count(issue) == 0


class TestADisputeThatChangesNothing:
    """SPEC §4: "`denied` and `pending` disputes change nothing"; SPEC §3: "a dispute decided
    at or after `as_of` [is] treated as absent"."""

    @ISSUES
    @pytest.mark.parametrize(("outcome", "decided_at"), [
        (DisputeOutcome.GRANTED, AS_OF),
        (DisputeOutcome.GRANTED, datetime(2026, 9, 14, 19, tzinfo=timezone(timedelta(hours=-5)))),
        (DisputeOutcome.GRANTED, AS_OF + timedelta(days=1)),
        (DisputeOutcome.DENIED, utc(2026, 9, 1)),
        (DisputeOutcome.PENDING, None),
        (DisputeOutcome.PENDING, utc(2026, 9, 1)),
    ], ids=["granted-at-as-of", "granted-at-as-of-in-cdt", "granted-after-as-of", "denied",
            "pending", "pending-with-a-decision-instant"])
    def test_it_leaves_every_figure_as_it_was(self, issue: IssueType,
                                              outcome: DisputeOutcome,
                                              decided_at: datetime | None) -> None:
        jobs = _jobs(issue)
        dispute = Dispute(job_id="J1", issue_type=issue, outcome=outcome, decided_at=decided_at)
        assert _figures(jobs, [dispute]) == _figures(jobs, [])

    @ISSUES
    def test_a_granted_dispute_on_another_issue_type_leaves_every_figure(
            self, issue: IssueType) -> None:
        """SPEC §4: a granted dispute "removes that issue from the job", no other."""
        jobs = _jobs(issue)
        others = [make_dispute("J1", other) for other in IssueType if other is not issue]
        assert _figures(jobs, others) == _figures(jobs, [])
