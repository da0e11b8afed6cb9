"""Per-job facts: window membership, granted disputes and knowledge time (SPEC §3–§4)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import (
    AS_OF,
    NIGHT,
    WINDOW_START,
    instants,
    job_lists,
    make_dispute,
    make_job,
    nights,
    utc,
    zones,
)

from svcperf import SERVICE_LEVELS, Dispute, DisputeOutcome, IssueType, JobStatus, Reason, Window
from svcperf.facts import DisputeIndex, JobFacts, WindowCheck, job_facts, outside_window
from svcperf.tally import ISSUE_BITS

WINDOW = Window.for_night(NIGHT, "UTC")
NEGATIVE = IssueType.NEGATIVE_FEEDBACK
FEEDBACK = ("customer_feedback_rating", "negative_feedback_rate")


def _reasons(facts: JobFacts) -> dict[str, Reason]:
    return {lv.key: r for lv, r in zip(SERVICE_LEVELS, facts.reasons, strict=True)}


class TestDisputeIndex:
    def test_a_granted_dispute_decided_before_as_of_removes_its_issue(self) -> None:
        index = DisputeIndex([make_dispute(decided_at=AS_OF - timedelta(microseconds=1))])
        assert index.granted("J1", AS_OF) == {IssueType.HG_CLAIM}

    def test_a_granted_dispute_decided_at_or_after_as_of_is_not_yet_known(self) -> None:
        index = DisputeIndex([make_dispute(decided_at=AS_OF),
                              make_dispute(decided_at=AS_OF + timedelta(days=1))])
        assert index.granted("J1", AS_OF) == frozenset()

    @pytest.mark.parametrize("outcome", [DisputeOutcome.DENIED, DisputeOutcome.PENDING])
    def test_denied_and_pending_disputes_remove_nothing(self, outcome: DisputeOutcome) -> None:
        disputes = [make_dispute(outcome=outcome)]
        index = DisputeIndex(disputes)
        assert index.granted("J1", AS_OF) == frozenset()
        assert index.decision_times("J1") == []

    def test_a_pending_dispute_with_a_decision_instant_is_ignored(self) -> None:
        index = DisputeIndex([Dispute(job_id="J1", issue_type=IssueType.HG_CLAIM,
                                      outcome=DisputeOutcome.PENDING,
                                      decided_at=utc(2026, 9, 1))])
        assert index.granted("J1", AS_OF) == frozenset()

    def test_several_granted_disputes_on_one_job_remove_each_issue(self) -> None:
        index = DisputeIndex([make_dispute(), make_dispute(issue_type=IssueType.RESCHEDULE),
                              make_dispute(job_id="J2")])
        assert index.granted("J1", AS_OF) == {IssueType.HG_CLAIM, IssueType.RESCHEDULE}
        assert index.decision_times("J1") == [utc(2026, 9, 1), utc(2026, 9, 1)]

    def test_a_job_without_disputes_has_nothing_removed(self) -> None:
        assert DisputeIndex().granted("J9", AS_OF) == frozenset()


class TestOutsideWindow:
    def test_a_job_closed_exactly_at_the_window_start_is_in_the_window(self) -> None:
        assert outside_window(make_job(closed_at=WINDOW_START), WINDOW) is None

    def test_a_job_closed_just_before_the_window_start_is_out(self) -> None:
        job = make_job(closed_at=WINDOW_START - timedelta(microseconds=1))
        assert outside_window(job, WINDOW) is Reason.CLOSED_BEFORE_WINDOW

    def test_a_job_closed_exactly_at_as_of_is_out(self) -> None:
        assert outside_window(make_job(closed_at=AS_OF), WINDOW) is Reason.CLOSED_AT_OR_AFTER_AS_OF

    def test_a_job_closed_just_before_as_of_is_in_the_window(self) -> None:
        assert outside_window(make_job(closed_at=AS_OF - timedelta(microseconds=1)), WINDOW) is None

    def test_a_cancelled_job_in_the_window_is_in_the_window(self) -> None:
        assert outside_window(make_job(status=JobStatus.CANCELLED), WINDOW) is None

    @pytest.mark.parametrize("closed_at", [None, utc(2026, 9, 1)])
    def test_an_open_job_is_never_in_the_window(self, closed_at: object) -> None:
        job = make_job(status=JobStatus.OPEN, closed_at=closed_at)
        assert outside_window(job, WINDOW) is Reason.OPEN


class TestWindowCheck:
    """SPEC §3: "A job is in the window when its status is completed or cancelled and
    window_start <= closed_at < as_of" — `WindowCheck.inside` (the fast path) says exactly
    what `outside_window` says."""

    @given(data=st.data(), night=nights(), tz=zones, days=st.sampled_from((1, 7, 60)))
    def test_it_places_every_job_as_outside_window_does(
            self, data: st.DataObject, night: object, tz: str, days: int) -> None:
        window = Window.for_night(night, tz, days)  # type: ignore[arg-type]
        job_list = data.draw(job_lists(around=window.start + (window.end - window.start) / 2))
        # Jobs closed exactly at the window's ends, shown in other offsets.
        edge = data.draw(instants())
        job_list += [make_job(job_id="edge-start", closed_at=window.start.astimezone(
                         edge.tzinfo)),
                     make_job(job_id="edge-end", closed_at=window.end.astimezone(edge.tzinfo))]
        in_window = WindowCheck(window)
        # `inside` gives `as_of` (in the job's offset) exactly for the jobs in the window.
        ends = [in_window.inside(job) for job in job_list]
        assert [end is not None for end in ends] == [outside_window(job, window) is None
                                                     for job in job_list]
        assert all(end == window.end for end in ends if end is not None)


class TestJobFacts:
    def test_a_job_with_no_issue_has_an_empty_mask(self) -> None:
        job = make_job(rating=5, rated_at=utc(2026, 9, 14, 18))
        facts = job_facts(job, AS_OF, frozenset())
        assert (facts.stars, facts.issue_mask, facts.issues) == (5, 0, ())
        assert facts.job is job

    def test_every_issue_is_flagged_in_the_mask(self) -> None:
        job = make_job(status=JobStatus.CANCELLED, cancel_attributed=True,
                       reschedule_attributed=True, hg_claim_at=utc(2026, 9, 10),
                       arrival_window_start=utc(2026, 9, 14, 8),
                       arrival_window_end=utc(2026, 9, 14, 10), started_at=utc(2026, 9, 14, 11))
        facts = job_facts(job, AS_OF, frozenset())
        assert facts.issues == (IssueType.HG_CLAIM, IssueType.CANCELLATION,
                                IssueType.RESCHEDULE, IssueType.OUTSIDE_ARRIVAL_WINDOW)

    def test_a_granted_dispute_removes_its_issue_but_keeps_the_job(self) -> None:
        job = make_job(hg_claim_at=utc(2026, 9, 10), reschedule_attributed=True)
        facts = job_facts(job, AS_OF, frozenset({IssueType.HG_CLAIM}))
        assert facts.issues == (IssueType.RESCHEDULE,)
        assert _reasons(facts)["hg_claim_rate"] is Reason.ISSUE_REMOVED_BY_DISPUTE

    def test_a_granted_dispute_for_an_issue_the_job_lacks_changes_nothing(self) -> None:
        job = make_job(reschedule_attributed=True)
        assert job_facts(job, AS_OF, frozenset({IssueType.LATE_COMPLETION})) == job_facts(
            job, AS_OF, frozenset())

    def test_a_granted_negative_feedback_dispute_removes_a_low_rating_from_r(self) -> None:
        facts = job_facts(make_job(rating=1, rated_at=utc(2026, 9, 14, 18)), AS_OF,
                          frozenset({NEGATIVE}))
        assert (facts.stars, facts.issue_mask) == (None, 0)
        assert {_reasons(facts)[key] for key in FEEDBACK} == {Reason.RATING_REMOVED_BY_DISPUTE}

    @pytest.mark.parametrize("stars", [3, 5])
    def test_a_granted_negative_feedback_dispute_removes_the_rating_whatever_its_stars(
            self, stars: int) -> None:
        facts = job_facts(make_job(rating=stars, rated_at=utc(2026, 9, 14, 18)), AS_OF,
                          frozenset({NEGATIVE}))
        assert facts.stars is None
        assert {_reasons(facts)[key] for key in FEEDBACK} == {Reason.RATING_REMOVED_BY_DISPUTE}

    def test_a_rating_received_at_as_of_is_not_counted(self) -> None:
        facts = job_facts(make_job(rating=1, rated_at=AS_OF), AS_OF, frozenset())
        assert (facts.stars, facts.issue_mask) == (None, 0)

    def test_an_hg_claim_filed_at_as_of_is_not_counted(self) -> None:
        assert job_facts(make_job(hg_claim_at=AS_OF), AS_OF, frozenset()).issue_mask == 0

    def test_the_mask_uses_the_issue_bits(self) -> None:
        facts = job_facts(make_job(appointment_date=NIGHT - timedelta(days=1)), AS_OF,
                          frozenset())
        assert facts.issue_mask == ISSUE_BITS[IssueType.LATE_COMPLETION]
