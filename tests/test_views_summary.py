"""The summary (SPEC §6): jobs completed, jobs cancelled, jobs with one or more issues,
and issues in total, in the window."""

from __future__ import annotations

from datetime import date

from engine_runs import EngineRun
from hypothesis import given, settings
from strategies import (
    NIGHT,
    make_dispute,
    make_job,
    night_data,
    utc,
)

from svcperf import Dispute, IssueType, Job, JobStatus, Summary, Window

LEAN = settings(max_examples=max(10, settings().max_examples // 5))


class TestSummary:
    """SPEC §6: "Summary: jobs completed, jobs cancelled, jobs with one or more issues, and
    issues in total, in the window." """

    def test_it_counts_the_jobs_and_issues_of_the_window(self, engine: EngineRun) -> None:
        job_list = [make_job(job_id="J1", reschedule_attributed=True,
                             hg_claim_at=utc(2026, 9, 14, 18)),
                    make_job(job_id="J2", status=JobStatus.CANCELLED, cancel_attributed=True),
                    make_job(job_id="J3"),
                    make_job(job_id="J4", status=JobStatus.OPEN, reschedule_attributed=True),
                    make_job(job_id="J5", closed_at=utc(2026, 7, 1), reschedule_attributed=True)]
        assert engine.summary(job_list, NIGHT, tz="UTC")["acct-1"] == Summary(
            jobs_completed=2, jobs_cancelled=1, jobs_with_issues=2, issues_total=3)

    def test_a_granted_dispute_removes_its_issue_from_the_counts(self, engine: EngineRun) -> None:
        job = make_job(hg_claim_at=utc(2026, 9, 14, 18))
        result = engine.summary([job], NIGHT, disputes=[make_dispute("J1", IssueType.HG_CLAIM)],
                                tz="UTC")
        assert result["acct-1"].issues_total == 0

    def test_every_account_gets_a_summary_even_without_a_job_in_the_window(
            self, engine: EngineRun) -> None:
        assert engine.summary([make_job(status=JobStatus.OPEN)], NIGHT,
                              tz="UTC")["acct-1"] == Summary(
            jobs_completed=0, jobs_cancelled=0, jobs_with_issues=0, issues_total=0)

    @LEAN
    @given(night_data())
    def test_the_counts_agree_with_the_issue_list(
            self, engine: EngineRun, data: tuple[date, list[Job], list[Dispute], str]) -> None:
        night, job_list, disputes, tz = data
        rows = engine.issue_list(job_list, night, disputes=disputes, tz=tz)
        for account_id, counts in engine.summary(job_list, night, disputes=disputes, tz=tz).items():
            mine = [row for row in rows if row.account_id == account_id]
            assert counts.jobs_completed == sum(row.status is JobStatus.COMPLETED for row in mine)
            assert counts.jobs_cancelled == sum(row.status is JobStatus.CANCELLED for row in mine)
            assert counts.jobs_with_issues == sum(bool(row.issues) for row in mine)
            assert counts.issues_total == sum(len(row.issues) for row in mine)


class TestTheResult:
    """Issue 9: the summary carries its window and is still a mapping of accounts."""

    def test_it_carries_the_window_and_maps_accounts_to_counts(self, engine: EngineRun) -> None:
        job_list = [make_job(job_id="J1"), make_job(job_id="J2", account_id="acct-2")]
        result = engine.summary(job_list, NIGHT, tz="America/Chicago", days=30)
        assert result.window == Window.for_night(NIGHT, "America/Chicago", 30)
        assert list(result) == ["acct-1", "acct-2"] == list(result.accounts)
        assert len(result) == 2 and result["acct-2"] is result.accounts["acct-2"]
        assert dict(result.items()) == dict(result.accounts)

    def test_results_of_other_windows_differ(self, engine: EngineRun) -> None:
        job_list = [make_job(job_id="J1")]
        assert engine.summary(job_list, NIGHT, tz="UTC") == engine.summary(job_list, NIGHT,
                                                                           tz="UTC")
        assert engine.summary(job_list, NIGHT, tz="UTC") != engine.summary(job_list, NIGHT,
                                                                           tz="UTC", days=7)
