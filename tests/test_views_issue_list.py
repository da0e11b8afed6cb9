"""The issue list (SPEC §6): every job in the window with its issue types, filterable by
coverage area(s) and issue type(s)."""

from __future__ import annotations

from datetime import date

import pytest
from engine_runs import EngineRun
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import (
    AREAS,
    NIGHT,
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
    Viewer,
)
from svcperf.facts import outside_window
from svcperf.window import window_for

LEAN = settings(max_examples=max(10, settings().max_examples // 5))


class TestIssueList:
    """SPEC §6: "Issue list: every job in the window with its issue types; filter by
    coverage area(s) and issue type(s)." """

    def test_every_job_of_the_window_is_listed_with_its_issue_types(
            self, engine: EngineRun) -> None:
        job_list = [make_job(job_id="J1", reschedule_attributed=True, rating=1,
                             rated_at=utc(2026, 9, 14, 18)),
                    make_job(job_id="J2"),
                    make_job(job_id="J3", status=JobStatus.OPEN),
                    make_job(job_id="J4", closed_at=utc(2026, 7, 1))]
        rows = engine.issue_list(job_list, NIGHT, tz="UTC")
        assert [(row.job_id, row.issues) for row in rows] == [
            ("J1", (IssueType.NEGATIVE_FEEDBACK, IssueType.RESCHEDULE)), ("J2", ())]

    def test_rows_are_ordered_by_account_then_closing_instant_then_job_id(
            self, engine: EngineRun) -> None:
        job_list = [make_job(job_id="J3", account_id="B", closed_at=utc(2026, 9, 1)),
                    make_job(job_id="J2", account_id="A", closed_at=utc(2026, 9, 2)),
                    make_job(job_id="J1", account_id="A", closed_at=utc(2026, 9, 2)),
                    make_job(job_id="J0", account_id="A", closed_at=utc(2026, 9, 3))]
        assert [row.job_id for row in engine.issue_list(job_list, NIGHT, tz="UTC")] == ["J1", "J2",
                "J0", "J3"]

    def test_an_issue_removed_by_a_granted_dispute_is_not_listed(self, engine: EngineRun) -> None:
        job = make_job(hg_claim_at=utc(2026, 9, 14, 18), reschedule_attributed=True)
        rows = engine.issue_list([job], NIGHT, disputes=[make_dispute("J1", IssueType.HG_CLAIM)],
                                 tz="UTC")
        assert rows[0].issues == (IssueType.RESCHEDULE,)

    def test_the_area_filter_keeps_jobs_in_the_given_areas(self, engine: EngineRun) -> None:
        job_list = [make_job(job_id="J1", coverage_area="North"),
                    make_job(job_id="J2", coverage_area="South"),
                    make_job(job_id="J3", coverage_area="East")]
        rows = engine.issue_list(job_list, NIGHT, areas={"North", "East"}, tz="UTC")
        assert [row.job_id for row in rows] == ["J1", "J3"]

    def test_the_issue_type_filter_keeps_jobs_with_any_of_the_given_types(
            self, engine: EngineRun) -> None:
        job_list = [make_job(job_id="J1", reschedule_attributed=True),
                    make_job(job_id="J2", hg_claim_at=utc(2026, 9, 14, 18)),
                    make_job(job_id="J3")]
        rows = engine.issue_list(job_list, NIGHT, issue_types=["reschedule", IssueType.HG_CLAIM],
                                 tz="UTC")
        assert [row.job_id for row in rows] == ["J1", "J2"]

    def test_the_account_filter_keeps_one_account(self, engine: EngineRun) -> None:
        job_list = [make_job(job_id="J1", account_id="A"), make_job(job_id="J2", account_id="B")]
        assert [row.job_id for row in engine.issue_list(job_list, NIGHT, account="B",
                                                        tz="UTC")] == ["J2"]

    def test_an_empty_filter_filters_nothing(self, engine: EngineRun) -> None:
        job_list = [make_job(job_id="J1"), make_job(job_id="J2", coverage_area="South")]
        assert engine.issue_list(job_list, NIGHT, areas=(), issue_types=(),
                tz="UTC") == engine.issue_list(job_list,
                                                                                  NIGHT, tz="UTC")

    def test_an_area_filter_cannot_widen_the_viewers_scope(self, engine: EngineRun) -> None:
        job_list = [make_job(job_id="J1", coverage_area="North"),
                    make_job(job_id="J2", coverage_area="South")]
        assert engine.issue_list(job_list, NIGHT, areas={"South"}, viewer=Viewer({"North"}),
                tz="UTC").rows == ()

    def test_an_unknown_issue_type_is_rejected(self, engine: EngineRun) -> None:
        with pytest.raises(InvalidArgumentError, match="issue_types"):
            engine.issue_list([make_job()], NIGHT, issue_types=["late"], tz="UTC")

    def test_areas_given_as_one_text_are_rejected(self, engine: EngineRun) -> None:
        with pytest.raises(InvalidArgumentError, match="areas"):
            engine.issue_list([make_job()], NIGHT, areas="North", tz="UTC")

    @LEAN
    @given(night_data())
    def test_unfiltered_it_lists_exactly_the_jobs_of_the_window_and_their_issues(
            self, engine: EngineRun, data: tuple[date, list[Job], list[Dispute], str]) -> None:
        night, job_list, disputes, tz = data
        rows = engine.issue_list(job_list, night, disputes=disputes, tz=tz)
        window = window_for(night, tz)
        assert sorted(row.job_id for row in rows) == sorted(
            job.job_id for job in job_list if outside_window(job, window) is None)
        keys = [(row.account_id, row.closed_at, row.job_id) for row in rows]
        assert keys == sorted(keys)
        evaluation = engine.evaluate(job_list, night, disputes=disputes, tz=tz)
        for account_id, result in evaluation.accounts.items():
            mine = [row for row in rows if row.account_id == account_id]
            assert sum(len(row.issues) for row in mine) == result.tally.issues
            for issue in IssueType:
                assert sum(issue in row.issues for row in mine) == result.tally.count(issue)

    @LEAN
    @given(night_data(), st.sets(st.sampled_from(AREAS)), st.sets(st.sampled_from(IssueType)))
    def test_filters_never_invent_or_lose_a_job(
            self, engine: EngineRun, data: tuple[date, list[Job], list[Dispute],
                                                 str], areas: set[str],
            issue_types: set[IssueType]) -> None:
        night, job_list, disputes, tz = data
        everything = engine.issue_list(job_list, night, disputes=disputes, tz=tz)
        filtered = engine.issue_list(job_list, night, disputes=disputes, tz=tz, areas=areas,
                              issue_types=issue_types)
        assert filtered.rows == tuple(
            row for row in everything
            if (not areas or row.coverage_area in areas)
            and (not issue_types or issue_types & set(row.issues)))


class TestTheResult:
    """Issue 9: the issue list carries its window and is still a sequence of rows."""

    def test_it_carries_the_window_of_its_rows(self, engine: EngineRun) -> None:
        job_list = [make_job(job_id="J1"), make_job(job_id="J2", coverage_area="South")]
        result = engine.issue_list(job_list, NIGHT, tz="America/Chicago", days=30)
        assert result.window == window_for(NIGHT, "America/Chicago", 30)
        assert all(result.window.contains(row.closed_at) for row in result)

    def test_it_is_a_sequence_of_its_rows(self, engine: EngineRun) -> None:
        job_list = [make_job(job_id=f"J{index}") for index in range(3)]
        result = engine.issue_list(job_list, NIGHT, tz="UTC")
        assert len(result) == 3 and list(result) == list(result.rows)
        assert result[0] is result.rows[0] and result[1:] == result.rows[1:]
        assert result.rows[-1] in result and result.index(result.rows[1]) == 1

    def test_lists_of_other_windows_differ(self, engine: EngineRun) -> None:
        assert engine.issue_list([], NIGHT, tz="UTC") != engine.issue_list([], NIGHT, tz="UTC",
                                                                           days=7)
        assert engine.issue_list([], NIGHT, tz="UTC") == engine.issue_list([], NIGHT, tz="UTC")
