"""Explain (SPEC §1): for any figure, exactly which jobs were counted, and which were
excluded and why."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from engine_runs import EngineRun
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import (
    NIGHT,
    TECHNICIANS,
    make_dispute,
    make_job,
    night_data,
    utc,
)

from svcperf import (
    Dispute,
    InvalidArgumentError,
    IssueType,
    Job,
    JobStatus,
    Reason,
    Role,
    Viewer,
    explain,
)
from svcperf.views import METRIC_KEYS

LEAN = settings(max_examples=max(10, settings().max_examples // 5))


def _why(metric: str, *job_list: Job, disputes: tuple[Dispute, ...] = ()) -> dict[
        str, tuple[Role, Reason, int]]:
    result = explain(job_list, NIGHT, metric, disputes=disputes, tz="UTC")
    return {row.job_id: (row.role, row.reason, row.contribution) for row in result.rows}


class TestExplain:
    """SPEC §4: every service level is a ratio `numerator / denominator` of integers,
    computed over the jobs in the window; explain lists each job's part in it."""

    def test_jobs_outside_the_window_are_listed_as_left_out_with_the_reason(self) -> None:
        assert _why("reschedule_rate",
                    make_job(job_id="J1", closed_at=utc(2026, 7, 1)),
                    make_job(job_id="J2", closed_at=utc(2026, 9, 15, 1)),
                    make_job(job_id="J3", status=JobStatus.OPEN, closed_at=None)) == {
            "J1": (Role.LEFT_OUT, Reason.CLOSED_BEFORE_WINDOW, 0),
            "J2": (Role.LEFT_OUT, Reason.CLOSED_AT_OR_AFTER_AS_OF, 0),
            "J3": (Role.LEFT_OUT, Reason.OPEN, 0)}

    def test_the_rating_counts_stars_and_leaves_out_ratings_that_do_not_count(self) -> None:
        assert _why(
            "customer_feedback_rating",
            make_job(job_id="J1", rating=4, rated_at=utc(2026, 9, 14, 18)),
            make_job(job_id="J2"),
            make_job(job_id="J3", rating=5, rated_at=utc(2026, 9, 15, 2)),
            make_job(job_id="J4", status=JobStatus.CANCELLED, rating=1,
                     rated_at=utc(2026, 9, 14, 18)),
            make_job(job_id="J5", rating=1, rated_at=utc(2026, 9, 14, 18)),
            disputes=(make_dispute("J5", IssueType.NEGATIVE_FEEDBACK),)) == {
            "J1": (Role.NUMERATOR, Reason.RATED, 4),
            "J2": (Role.LEFT_OUT, Reason.UNRATED, 0),
            "J3": (Role.LEFT_OUT, Reason.RATING_NOT_YET_RECEIVED, 0),
            "J4": (Role.LEFT_OUT, Reason.RATING_ON_CANCELLED_JOB, 0),
            "J5": (Role.LEFT_OUT, Reason.RATING_REMOVED_BY_DISPUTE, 0)}

    def test_a_rating_of_three_or_more_is_in_the_negative_feedback_denominator_only(
            self) -> None:
        assert _why("negative_feedback_rate",
                    make_job(job_id="J1", rating=3, rated_at=utc(2026, 9, 14, 18)),
                    make_job(job_id="J2", rating=2, rated_at=utc(2026, 9, 14, 18))) == {
            "J1": (Role.DENOMINATOR, Reason.RATED_3_OR_MORE, 0),
            "J2": (Role.NUMERATOR, Reason.FLAGGED, 1)}

    def test_a_cancellation_not_attributed_is_in_the_denominator_only(self) -> None:
        assert _why("cancellation_rate",
                    make_job(job_id="J1", status=JobStatus.CANCELLED, cancel_attributed=False),
                    make_job(job_id="J2", status=JobStatus.CANCELLED, cancel_attributed=True)) == {
            "J1": (Role.DENOMINATOR, Reason.CANCELLATION_NOT_ATTRIBUTED, 0),
            "J2": (Role.NUMERATOR, Reason.FLAGGED, 1)}

    def test_an_issue_removed_by_a_dispute_granted_before_as_of_is_in_the_denominator_only(
            self) -> None:
        claimed = utc(2026, 9, 14, 18)
        assert _why("hg_claim_rate",
                    make_job(job_id="J1", hg_claim_at=claimed),
                    make_job(job_id="J2", hg_claim_at=claimed),
                    disputes=(make_dispute("J1", IssueType.HG_CLAIM),
                              make_dispute("J2", IssueType.HG_CLAIM,
                                           decided_at=utc(2026, 9, 15)))) == {
            "J1": (Role.DENOMINATOR, Reason.ISSUE_REMOVED_BY_DISPUTE, 0),
            "J2": (Role.NUMERATOR, Reason.FLAGGED, 1)}

    def test_a_job_without_arrival_window_or_start_mark_has_no_arrival_issue(self) -> None:
        start = utc(2026, 9, 14, 9)
        assert _why("outside_arrival_window_rate",
                    make_job(job_id="J1"),
                    make_job(job_id="J2", arrival_window_start=start,
                             arrival_window_end=start + timedelta(hours=2))) == {
            "J1": (Role.DENOMINATOR, Reason.NO_ARRIVAL_WINDOW, 0),
            "J2": (Role.DENOMINATOR, Reason.NO_START_MARK, 0)}

    def test_the_defect_free_rate_counts_jobs_with_no_issue(self, engine: EngineRun) -> None:
        result = engine.explain([make_job(job_id="J1"),
                          make_job(job_id="J2", reschedule_attributed=True),
                          make_job(job_id="J3", status=JobStatus.OPEN)],
                         NIGHT, "defect_free_rate", tz="UTC")
        assert [(row.job_id, row.role, row.reason, row.issues) for row in result.rows] == [
            ("J1", Role.NUMERATOR, Reason.NO_ISSUE, ()),
            ("J2", Role.DENOMINATOR, Reason.FLAGGED, (IssueType.RESCHEDULE,)),
            ("J3", Role.LEFT_OUT, Reason.OPEN, ())]
        assert (result.numerator, result.denominator) == (1, 2)

    def test_a_slice_is_chosen_with_where_and_none_is_the_no_value_slice(
            self, engine: EngineRun) -> None:
        job_list = [make_job(job_id="J1", technician_id="tech-a"),
                    make_job(job_id="J2", technician_id=None, reschedule_attributed=True)]
        result = engine.explain(job_list, NIGHT, "reschedule_rate", where={"technician_id": None},
                tz="UTC")
        assert [row.job_id for row in result.rows] == ["J2"]
        assert (result.numerator, result.denominator) == (1, 1)

    def test_with_several_accounts_the_account_must_be_named(self, engine: EngineRun) -> None:
        job_list = [make_job(job_id="J1", account_id="A"), make_job(job_id="J2", account_id="B")]
        with pytest.raises(InvalidArgumentError, match="account"):
            engine.explain(job_list, NIGHT, "hg_claim_rate", tz="UTC")
        assert engine.explain(job_list, NIGHT, "hg_claim_rate", account="B",
                tz="UTC").rows[0].job_id == "J2"

    def test_an_unknown_metric_is_rejected(self, engine: EngineRun) -> None:
        with pytest.raises(InvalidArgumentError, match="metric"):
            engine.explain([make_job()], NIGHT, "star_rating", tz="UTC")

    def test_a_where_value_that_is_not_text_is_rejected(self, engine: EngineRun) -> None:
        with pytest.raises(InvalidArgumentError, match="where"):
            engine.explain([make_job()], NIGHT, "hg_claim_rate",
                           where={"rating": 5}, tz="UTC")

    @LEAN
    @given(night_data(), st.sampled_from(METRIC_KEYS))
    def test_the_explanations_counts_equal_the_figure_exactly(
            self, engine: EngineRun, data: tuple[date, list[Job], list[Dispute],
                                                 str], metric: str) -> None:
        night, job_list, disputes, tz = data
        evaluation = engine.evaluate(job_list, night, disputes=disputes, tz=tz)
        for account_id, result in evaluation.accounts.items():
            shown = engine.explain(job_list, night, metric, disputes=disputes, tz=tz,
                                   account=account_id)
            figure = result.defect_free if metric == "defect_free_rate" else result[metric]
            assert shown.figure == figure
            assert sum(row.contribution for row in shown.rows) == figure.numerator
            assert sum(row.role is not Role.LEFT_OUT for row in shown.rows) == figure.denominator
            assert all(row.contribution == 0 for row in shown.rows
                       if row.role is not Role.NUMERATOR)
            assert sorted(row.job_id for row in shown.rows) == sorted(
                job.job_id for job in job_list if job.account_id == account_id)

    @LEAN
    @given(night_data(), st.sampled_from(METRIC_KEYS), st.sampled_from(TECHNICIANS))
    def test_a_slices_explanation_equals_the_slices_figure_in_the_breakdown(
            self, engine: EngineRun, data: tuple[date, list[Job], list[Dispute], str], metric: str,
            technician: str | None) -> None:
        night, job_list, disputes, tz = data
        slices = engine.breakdown(job_list, night, "technician_id", disputes=disputes, tz=tz)
        for account_id, parts in slices.accounts.items():
            shown = engine.explain(job_list, night, metric, disputes=disputes, tz=tz,
                                   account=account_id,
                            where={"technician_id": technician})
            part = parts.get(technician)
            if part is None:
                assert shown.denominator == 0
                continue
            figure = part.defect_free if metric == "defect_free_rate" else part[metric]
            assert shown.figure == figure
            assert sum(row.contribution for row in shown.rows) == figure.numerator


class TestOneAccountOnTheColumnarEngine:
    """Issue 11: on the columnar engine, `explain` of a named account makes only that
    account's records (`views.scope.scoped_account`); its explanation, and its error for
    an account the viewer does not see, are the reference's."""

    @LEAN
    @given(night_data(), st.sampled_from(METRIC_KEYS),
           st.sampled_from(("acct-1", "acct-2", "acct-9")),
           st.sampled_from((frozenset(), frozenset({"North"}), frozenset({"South", "East"}))))
    def test_one_accounts_explanation_is_the_references(
            self, data: tuple[date, list[Job], list[Dispute], str], metric: str,
            account: str, areas: frozenset[str]) -> None:
        pytest.importorskip("pyarrow")
        from svcperf.inputs import columns_of

        night, job_list, disputes, tz = data
        viewer = Viewer(areas)
        try:
            expected = explain(job_list, night, metric, disputes=disputes, tz=tz,
                               account=account, viewer=viewer)
        except InvalidArgumentError as error:
            with pytest.raises(InvalidArgumentError) as caught:
                explain(columns_of(job_list, disputes), night, metric, tz=tz, account=account,
                        viewer=viewer, engine="columnar")
            assert str(caught.value) == str(error)
            return
        found = explain(columns_of(job_list, disputes), night, metric, tz=tz, account=account,
                        viewer=viewer, engine="columnar")
        assert found == expected
        assert [row.job for row in found.rows] == [row.job for row in expected.rows]

    def test_the_accounts_disputes_come_with_its_jobs(self) -> None:
        pytest.importorskip("pyarrow")
        from svcperf.inputs import columns_of

        claimed = utc(2026, 9, 14, 18)
        jobs = [make_job(job_id="J1", hg_claim_at=claimed),
                make_job(job_id="J2", account_id="acct-2", hg_claim_at=claimed)]
        disputes = [make_dispute("J1", IssueType.HG_CLAIM), make_dispute("J2", IssueType.HG_CLAIM)]
        found = explain(columns_of(jobs, disputes), NIGHT, "hg_claim_rate", tz="UTC",
                        account="acct-1", engine="columnar")
        assert [(row.job_id, row.reason) for row in found.rows] == [
            ("J1", Reason.ISSUE_REMOVED_BY_DISPUTE)]
