"""The seven service levels, one job at a time (SPEC §4), and their shared ratio."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from fractions import Fraction
from typing import ClassVar

import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import AS_OF, instants, local, make_job, utc, zones

from svcperf import (
    SERVICE_LEVELS,
    IssueType,
    JobStatus,
    Ratio,
    Reason,
    Role,
    ServiceLevel,
    Tally,
)
from svcperf.metrics import (
    cancellation_rate,
    customer_feedback_rating,
    defect_free_rate,
    hg_claim_rate,
    late_completion_rate,
    level,
    negative_feedback_rate,
    outside_arrival_window_rate,
    reschedule_rate,
)
from svcperf.zones import local_date

CANCELLED = JobStatus.CANCELLED
RATED = {"rating": 5, "rated_at": utc(2026, 9, 14, 18)}


class TestServiceLevels:
    def test_the_seven_levels_have_the_keys_and_order_of_the_spec(self) -> None:
        assert [service_level.key for service_level in SERVICE_LEVELS] == [
            "customer_feedback_rating", "hg_claim_rate", "negative_feedback_rate",
            "cancellation_rate", "reschedule_rate", "outside_arrival_window_rate",
            "late_completion_rate"]

    def test_every_issue_type_but_none_belongs_to_exactly_one_level(self) -> None:
        issues = [service_level.issue for service_level in SERVICE_LEVELS]
        assert sorted(i for i in issues if i is not None) == sorted(IssueType)
        assert issues.count(None) == 1

    def test_only_the_two_feedback_levels_are_rated_only(self) -> None:
        assert {lv.key for lv in SERVICE_LEVELS if lv.rated_only} == {
            "customer_feedback_rating", "negative_feedback_rate"}

    def test_a_level_is_found_by_key_and_an_unknown_key_raises_key_error(self) -> None:
        assert level("hg_claim_rate") is hg_claim_rate.LEVEL
        with pytest.raises(KeyError):
            level("nps")


class TestRatio:
    def test_the_value_is_an_exact_fraction(self) -> None:
        assert Ratio(47, 10).value == Fraction(47, 10)
        assert Ratio(1, 3).display == pytest.approx(1 / 3)

    def test_a_zero_denominator_is_no_data_never_zero_nor_an_error(self) -> None:
        assert (Ratio(0, 0).value, Ratio(0, 0).display) == (None, None)


class TestRole:
    @pytest.mark.parametrize("service_level", SERVICE_LEVELS, ids=lambda lv: lv.key)
    def test_a_flagged_or_rated_job_is_in_the_numerator(self,
                                                        service_level: ServiceLevel) -> None:
        assert service_level.role(Reason.FLAGGED) is Role.NUMERATOR
        assert service_level.role(Reason.RATED) is Role.NUMERATOR

    @pytest.mark.parametrize("reason", [Reason.OPEN, Reason.CLOSED_BEFORE_WINDOW,
                                        Reason.CLOSED_AT_OR_AFTER_AS_OF])
    def test_a_job_outside_the_window_is_left_out_of_every_level(self, reason: Reason) -> None:
        assert {lv.role(reason) for lv in SERVICE_LEVELS} == {Role.LEFT_OUT}

    def test_a_rated_only_level_leaves_out_a_job_not_in_r(self) -> None:
        for reason in (Reason.UNRATED, Reason.NOT_COMPLETED, Reason.RATING_NOT_YET_RECEIVED,
                       Reason.RATING_ON_CANCELLED_JOB, Reason.RATING_REMOVED_BY_DISPUTE):
            assert negative_feedback_rate.LEVEL.role(reason) is Role.LEFT_OUT
            assert customer_feedback_rating.LEVEL.role(reason) is Role.LEFT_OUT

    def test_a_job_in_r_rated_3_or_more_is_in_the_negative_feedback_denominator_only(
            self) -> None:
        assert negative_feedback_rate.LEVEL.role(Reason.RATED_3_OR_MORE) is Role.DENOMINATOR

    def test_a_job_of_w_without_the_issue_is_in_the_denominator_only(self) -> None:
        assert hg_claim_rate.LEVEL.role(Reason.NO_HG_CLAIM) is Role.DENOMINATOR
        assert late_completion_rate.LEVEL.role(Reason.CANCELLED) is Role.DENOMINATOR
        assert hg_claim_rate.LEVEL.role(Reason.ISSUE_REMOVED_BY_DISPUTE) is Role.DENOMINATOR


class TestLevelRatio:
    def test_each_level_reads_its_numerator_and_denominator_from_the_tally(self) -> None:
        tally = Tally(jobs=100, completed=90, cancelled=10, rated=20, stars=94,
                      negative_feedback=1, hg_claim=2, cancellation=3, reschedule=4,
                      outside_arrival_window=5, late_completion=6)
        assert {lv.key: (lv.ratio(tally).numerator, lv.ratio(tally).denominator)
                for lv in SERVICE_LEVELS} == {
            "customer_feedback_rating": (94, 20), "hg_claim_rate": (2, 100),
            "negative_feedback_rate": (1, 20), "cancellation_rate": (3, 100),
            "reschedule_rate": (4, 100), "outside_arrival_window_rate": (5, 100),
            "late_completion_rate": (6, 100)}


class TestCustomerFeedbackRating:
    def test_a_rating_received_before_as_of_is_counted(self) -> None:
        assert customer_feedback_rating.assess(make_job(**RATED), AS_OF) is Reason.RATED

    def test_an_unrated_completed_job_is_not_in_r(self) -> None:
        assert customer_feedback_rating.assess(make_job(), AS_OF) is Reason.UNRATED

    def test_a_rating_received_at_as_of_is_not_yet_known(self) -> None:
        job = make_job(rating=5, rated_at=AS_OF)
        assert customer_feedback_rating.assess(job, AS_OF) is Reason.RATING_NOT_YET_RECEIVED
        job = make_job(rating=5, rated_at=AS_OF - timedelta(microseconds=1))
        assert customer_feedback_rating.assess(job, AS_OF) is Reason.RATED

    def test_a_rating_on_a_cancelled_job_never_counts(self) -> None:
        job = make_job(status=CANCELLED, **RATED)
        assert customer_feedback_rating.assess(job, AS_OF) is Reason.RATING_ON_CANCELLED_JOB

    def test_a_rating_on_a_cancelled_job_received_at_as_of_is_not_yet_a_warning(self) -> None:
        job = make_job(status=CANCELLED, rating=5, rated_at=AS_OF)
        assert customer_feedback_rating.assess(job, AS_OF) is Reason.NOT_COMPLETED

    def test_an_unrated_cancelled_job_is_not_completed(self) -> None:
        job = make_job(status=CANCELLED)
        assert customer_feedback_rating.assess(job, AS_OF) is Reason.NOT_COMPLETED


class TestNegativeFeedbackRate:
    @pytest.mark.parametrize(("stars", "reason"), [(1, Reason.FLAGGED), (2, Reason.FLAGGED),
                                                   (3, Reason.RATED_3_OR_MORE),
                                                   (4, Reason.RATED_3_OR_MORE),
                                                   (5, Reason.RATED_3_OR_MORE)])
    def test_a_counted_rating_of_1_or_2_stars_is_negative(self, stars: int,
                                                          reason: Reason) -> None:
        job = make_job(rating=stars, rated_at=utc(2026, 9, 14, 18))
        assert negative_feedback_rate.assess(job, AS_OF) is reason

    def test_a_rating_not_yet_received_is_not_negative_feedback(self) -> None:
        job = make_job(rating=1, rated_at=AS_OF)
        assert negative_feedback_rate.assess(job, AS_OF) is Reason.RATING_NOT_YET_RECEIVED

    def test_a_low_rating_on_a_cancelled_job_is_not_negative_feedback(self) -> None:
        job = make_job(status=CANCELLED, rating=1, rated_at=utc(2026, 9, 14, 18))
        assert negative_feedback_rate.assess(job, AS_OF) is Reason.RATING_ON_CANCELLED_JOB


class TestHgClaimRate:
    def test_a_claim_filed_before_as_of_is_an_issue(self) -> None:
        job = make_job(hg_claim_at=AS_OF - timedelta(seconds=1))
        assert hg_claim_rate.assess(job, AS_OF) is Reason.FLAGGED

    def test_a_claim_filed_at_as_of_is_not_yet_known(self) -> None:
        assert hg_claim_rate.assess(make_job(hg_claim_at=AS_OF),
                                    AS_OF) is Reason.HG_CLAIM_NOT_YET_KNOWN

    def test_a_claim_on_a_cancelled_job_counts_as_on_a_completed_one(self) -> None:
        job = make_job(status=CANCELLED, hg_claim_at=utc(2026, 9, 1))
        assert hg_claim_rate.assess(job, AS_OF) is Reason.FLAGGED

    def test_a_job_without_a_claim_has_no_issue(self) -> None:
        assert hg_claim_rate.assess(make_job(), AS_OF) is Reason.NO_HG_CLAIM


class TestCancellationRate:
    def test_a_cancellation_attributed_to_the_provider_is_an_issue(self) -> None:
        job = make_job(status=CANCELLED, cancel_attributed=True)
        assert cancellation_rate.assess(job, AS_OF) is Reason.FLAGGED

    def test_a_cancellation_not_attributed_to_the_provider_is_no_issue(self) -> None:
        job = make_job(status=CANCELLED, cancel_attributed=False)
        assert cancellation_rate.assess(job, AS_OF) is Reason.CANCELLATION_NOT_ATTRIBUTED

    def test_cancel_attributed_on_a_completed_job_is_ignored(self) -> None:
        job = make_job(cancel_attributed=True)
        assert cancellation_rate.assess(job, AS_OF) is Reason.NOT_CANCELLED


class TestRescheduleRate:
    @pytest.mark.parametrize("status", [JobStatus.COMPLETED, CANCELLED])
    def test_an_attributed_reschedule_is_an_issue_on_any_closed_job(self,
                                                                    status: JobStatus) -> None:
        job = make_job(status=status, reschedule_attributed=True)
        assert reschedule_rate.assess(job, AS_OF) is Reason.FLAGGED

    def test_no_attributed_reschedule_is_no_issue(self) -> None:
        assert reschedule_rate.assess(make_job(), AS_OF) is Reason.NO_ATTRIBUTED_RESCHEDULE


class TestOutsideArrivalWindowRate:
    WINDOW: ClassVar[dict[str, datetime]] = {"arrival_window_start": utc(2026, 9, 14, 12),
                                             "arrival_window_end": utc(2026, 9, 14, 14)}

    @pytest.mark.parametrize("started", [utc(2026, 9, 14, 12), utc(2026, 9, 14, 13),
                                         utc(2026, 9, 14, 14),
                                         local("America/Chicago", 2026, 9, 14, 9)])
    def test_a_start_inside_the_window_or_at_either_end_is_no_issue(self,
                                                                    started: datetime) -> None:
        job = make_job(started_at=started, **self.WINDOW)
        assert outside_arrival_window_rate.assess(job, AS_OF) is Reason.STARTED_IN_ARRIVAL_WINDOW

    @pytest.mark.parametrize("started", [utc(2026, 9, 14, 11, 59, 59),
                                         utc(2026, 9, 14, 14, 0, 0, 1)])
    def test_a_start_before_or_after_the_window_is_an_issue(self, started: datetime) -> None:
        job = make_job(started_at=started, **self.WINDOW)
        assert outside_arrival_window_rate.assess(job, AS_OF) is Reason.FLAGGED

    def test_a_late_start_on_a_cancelled_job_is_an_issue(self) -> None:
        job = make_job(status=CANCELLED, started_at=utc(2026, 9, 14, 15), **self.WINDOW)
        assert outside_arrival_window_rate.assess(job, AS_OF) is Reason.FLAGGED

    def test_a_job_without_a_start_mark_has_no_issue(self) -> None:
        job = make_job(**self.WINDOW)
        assert outside_arrival_window_rate.assess(job, AS_OF) is Reason.NO_START_MARK

    def test_a_job_without_an_arrival_window_has_no_issue(self) -> None:
        job = make_job(started_at=utc(2026, 9, 14, 3))
        assert outside_arrival_window_rate.assess(job, AS_OF) is Reason.NO_ARRIVAL_WINDOW


class TestLateCompletionRate:
    def test_a_job_closed_after_its_appointment_date_is_late(self) -> None:
        job = make_job(appointment_date=date(2026, 9, 13))
        assert late_completion_rate.assess(job, AS_OF) is Reason.FLAGGED

    def test_a_job_closed_on_or_before_its_appointment_date_is_on_time(self) -> None:
        for day in (date(2026, 9, 14), date(2026, 9, 15)):
            job = make_job(appointment_date=day)
            assert late_completion_rate.assess(job, AS_OF) is Reason.COMPLETED_ON_TIME

    def test_a_job_late_in_its_own_zone_but_not_in_utc_is_late(self) -> None:
        # 2026-09-14 23:30 UTC is already 2026-09-15 in Auckland.
        job = make_job(timezone="Pacific/Auckland", appointment_date=date(2026, 9, 14),
                       closed_at=utc(2026, 9, 14, 23, 30))
        assert late_completion_rate.assess(job, AS_OF) is Reason.FLAGGED

    def test_a_job_late_in_utc_but_not_in_its_own_zone_is_on_time(self) -> None:
        # 2026-09-15 03:00 UTC is still 2026-09-14 in Chicago.
        job = make_job(timezone="America/Chicago", appointment_date=date(2026, 9, 14),
                       closed_at=utc(2026, 9, 15, 3))
        assert late_completion_rate.assess(job, AS_OF) is Reason.COMPLETED_ON_TIME

    def test_the_offset_the_closing_instant_was_written_with_does_not_matter(self) -> None:
        job = make_job(timezone="America/Chicago", appointment_date=date(2026, 9, 14),
                       closed_at=local("Asia/Tokyo", 2026, 9, 15, 10))
        assert late_completion_rate.assess(job, AS_OF) is Reason.COMPLETED_ON_TIME

    def test_a_cancelled_job_is_never_late(self) -> None:
        job = make_job(status=CANCELLED, appointment_date=date(2026, 9, 1))
        assert late_completion_rate.assess(job, AS_OF) is Reason.CANCELLED

    @given(instants(), zones, st.integers(-2, 2))
    def test_lateness_is_judged_on_the_local_date_in_the_jobs_own_zone(
            self, closed_at: datetime, name: str, shift: int) -> None:
        """SPEC §4: "completed jobs in W whose `closed_at`, in the job's own `timezone`,
        falls on a local date after `appointment_date`"."""
        local_day = local_date(closed_at, name)
        job = make_job(timezone=name, closed_at=closed_at,
                       appointment_date=local_day + timedelta(days=shift))
        expected = Reason.FLAGGED if shift < 0 else Reason.COMPLETED_ON_TIME
        assert late_completion_rate.assess(job, AS_OF) is expected


class TestDefectFreeRate:
    def test_it_is_the_share_of_jobs_without_any_issue(self) -> None:
        ratio = defect_free_rate.ratio(Tally(jobs=10, jobs_with_issues=3, issues=5))
        assert (ratio.numerator, ratio.denominator) == (7, 10)

    def test_with_no_job_it_has_no_data(self) -> None:
        assert defect_free_rate.ratio(Tally()).value is None
