"""Breakdowns (SPEC §6): every service level per value of one or more job attributes."""

from __future__ import annotations

from datetime import date, timedelta
from functools import reduce
from operator import add

import pytest
from engine_runs import EngineRun
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import (
    NIGHT,
    make_dispute,
    make_job,
    night_data,
    utc,
)

from svcperf import (
    NONE_KEY,
    Dispute,
    InvalidArgumentError,
    IssueType,
    Job,
    JobStatus,
    Status,
    Tally,
    as_of_night,
)
from svcperf.views import slice_label

LEAN = settings(max_examples=max(10, settings().max_examples // 5))
BY = st.sampled_from(("coverage_area", "technician_id", ("coverage_area", "profession"),
                      ("technician_id",)))


class TestBreakdown:
    """SPEC §5: "breakdowns (coverage area, profession, technician) show per-slice figures
    and per-slice target checks for investigation only — they never change the account
    status." """

    def test_jobs_without_a_technician_form_their_own_slice(self, engine: EngineRun) -> None:
        job_list = [make_job(job_id="J1", technician_id="tech-a"),
                    make_job(job_id="J2", technician_id=None),
                    make_job(job_id="J3", technician_id=None)]
        result = engine.breakdown(job_list, NIGHT, "technician_id", tz="UTC")
        assert list(result["acct-1"]) == ["tech-a", None]
        assert result["acct-1"][None].tally.jobs == 2
        assert slice_label(None) == NONE_KEY == "(none)"

    def test_each_slice_has_its_own_status_which_leaves_the_account_status_alone(
            self, engine: EngineRun) -> None:
        job_list = [make_job(job_id=f"J{n}", coverage_area="North") for n in range(99)]
        job_list.append(make_job(job_id="J99", coverage_area="South", reschedule_attributed=True))
        result = engine.breakdown(job_list, NIGHT, "coverage_area", tz="UTC")
        assert result["acct-1"]["South"].status is Status.ATTENTION
        assert result["acct-1"]["South"]["reschedule_rate"].meets_target is False
        assert result["acct-1"]["North"].status is Status.GOOD_STANDING
        assert engine.evaluate(job_list, NIGHT, tz="UTC")["acct-1"].status is Status.GOOD_STANDING

    def test_several_attributes_at_once_slice_by_the_tuple_of_their_values(
            self, engine: EngineRun) -> None:
        job_list = [make_job(job_id="J1", coverage_area="North", profession="HVAC"),
                    make_job(job_id="J2", coverage_area="North", profession="Plumbing"),
                    make_job(job_id="J3", coverage_area="South", profession="HVAC")]
        result = engine.breakdown(job_list, NIGHT, ("coverage_area", "profession"), tz="UTC")
        assert list(result["acct-1"]) == [("North", "HVAC"), ("North", "Plumbing"),
                                          ("South", "HVAC")]
        assert result.by == ("coverage_area", "profession")

    def test_an_extra_attribute_of_the_data_can_be_sliced_by(self, engine: EngineRun) -> None:
        job_list = [make_job(job_id="J1", extras=(("crew", "blue"),)),
                    make_job(job_id="J2", extras=(("crew", None),))]
        assert list(engine.breakdown(job_list, NIGHT, "crew", tz="UTC")["acct-1"]) == ["blue", None]

    def test_an_attribute_no_job_carries_is_rejected(self, engine: EngineRun) -> None:
        with pytest.raises(InvalidArgumentError, match="'crew'"):
            engine.breakdown([make_job()], NIGHT, "crew", tz="UTC")

    def test_an_attribute_only_some_jobs_carry_is_rejected_naming_a_job(
            self, engine: EngineRun) -> None:
        job_list = [make_job(job_id="J1", extras=(("crew", "blue"),)), make_job(job_id="J2")]
        with pytest.raises(InvalidArgumentError, match="J2"):
            engine.breakdown(job_list, NIGHT, "crew", tz="UTC")

    def test_an_empty_sequence_of_attributes_is_rejected(self, engine: EngineRun) -> None:
        with pytest.raises(InvalidArgumentError, match="by"):
            engine.breakdown([make_job()], NIGHT, (), tz="UTC")

    def test_only_slices_with_a_job_in_the_window_appear(self, engine: EngineRun) -> None:
        job_list = [make_job(job_id="J1", coverage_area="North"),
                    make_job(job_id="J2", coverage_area="South", status=JobStatus.OPEN),
                    make_job(job_id="J3", coverage_area="East", closed_at=utc(2026, 1, 1))]
        assert list(engine.breakdown(job_list, NIGHT, "coverage_area",
                                     tz="UTC")["acct-1"]) == ["North"]

    def test_an_account_with_no_job_in_the_window_is_listed_without_slices(
            self, engine: EngineRun) -> None:
        result = engine.breakdown([make_job(status=JobStatus.OPEN)], NIGHT, "coverage_area",
                                  tz="UTC")
        assert dict(result.accounts) == {"acct-1": {}}

    def test_a_granted_dispute_removes_the_issue_from_its_slice(self, engine: EngineRun) -> None:
        job_list = [make_job(job_id="J1", hg_claim_at=utc(2026, 9, 14, 18))]
        result = engine.breakdown(job_list, NIGHT, "profession",
                           disputes=[make_dispute("J1", IssueType.HG_CLAIM)], tz="UTC")
        assert result["acct-1"]["Plumbing"]["hg_claim_rate"].numerator == 0

    def test_another_time_frame_is_a_matter_of_days(self, engine: EngineRun) -> None:
        job_list = [make_job(job_id="J1", closed_at=utc(2026, 9, 1)),
                    make_job(job_id="J2", closed_at=utc(2026, 9, 10))]
        last_week = engine.breakdown(job_list, NIGHT, "profession", days=7, tz="UTC")
        assert last_week["acct-1"]["Plumbing"].tally.jobs == 1
        assert last_week.window.start == as_of_night(NIGHT, "UTC") - timedelta(days=7)

    @LEAN
    @given(night_data(), BY)
    def test_the_slices_tallies_add_up_to_the_accounts_tally(
            self, engine: EngineRun, data: tuple[date, list[Job], list[Dispute],
                                                 str], by: str | tuple[str, ...]
    ) -> None:
        night, job_list, disputes, tz = data
        result = engine.breakdown(job_list, night, by, disputes=disputes, tz=tz)
        whole = engine.evaluate(job_list, night, disputes=disputes, tz=tz)
        assert list(result.accounts) == list(whole.accounts)
        for account_id, slices in result.accounts.items():
            total = reduce(add, (part.tally for part in slices.values()), Tally())
            assert total == whole[account_id].tally

    @LEAN
    @given(night_data(), BY)
    def test_each_slice_is_evaluated_as_the_jobs_of_that_slice_alone(
            self, engine: EngineRun, data: tuple[date, list[Job], list[Dispute],
                                                 str], by: str | tuple[str, ...]
    ) -> None:
        night, job_list, disputes, tz = data
        names = (by,) if isinstance(by, str) else by
        result = engine.breakdown(job_list, night, by, disputes=disputes, tz=tz)
        for account_id, slices in result.accounts.items():
            for value, part in slices.items():
                wanted = (value,) if isinstance(by, str) else value
                assert isinstance(wanted, tuple)
                members = [job for job in job_list if job.account_id == account_id
                           and tuple(job.attribute(name) for name in names) == wanted]
                alone = engine.evaluate(members, night, disputes=[
                    d for d in disputes if d.job_id in {job.job_id for job in members}], tz=tz)
                assert part.figures == alone[account_id].figures
                assert part.status is alone[account_id].status
