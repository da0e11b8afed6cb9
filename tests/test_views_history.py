"""History (SPEC §6): the account-wide figures (and status) for every night of a date
range, computed in one sweep."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from engine_runs import EngineRun
from hypothesis import given, settings
from strategies import (
    history_inputs,
    make_dispute,
    make_job,
    utc,
)

from svcperf import (
    SEED_TARGETS,
    Dispute,
    InvalidArgumentError,
    IssueType,
    Job,
    Status,
    Target,
    TargetSet,
    as_of_night,
)

LEAN = settings(max_examples=max(10, settings().max_examples // 5))
SEPT = [date(2026, 9, day) for day in range(1, 31)]


class TestHistory:
    """SPEC §6: "History: the account-wide figures (and status) for every night of a date
    range." SPEC §3: "Re-running an old night reproduces what that night showed." """

    def test_a_rating_counts_from_the_night_it_was_received(self, engine: EngineRun) -> None:
        job = make_job(closed_at=utc(2026, 9, 10, 15), rating=5, rated_at=utc(2026, 9, 12, 18))
        result = engine.history([job], SEPT[9], SEPT[13], tz="UTC")
        assert [figure.denominator for figure in
                result.series("acct-1", "customer_feedback_rating")] == [0, 0, 1, 1, 1]

    def test_a_job_leaves_the_window_days_nights_after_it_entered(self, engine: EngineRun) -> None:
        job = make_job(closed_at=utc(2026, 9, 1, 15))
        result = engine.history([job], SEPT[0], SEPT[9], days=7, tz="UTC")
        assert [performance.tally.jobs for performance in result.accounts["acct-1"]] == [
            1, 1, 1, 1, 1, 1, 1, 0, 0, 0]

    def test_a_granted_dispute_removes_the_issue_from_the_night_it_was_decided(
            self, engine: EngineRun) -> None:
        job = make_job(closed_at=utc(2026, 9, 1, 15), hg_claim_at=utc(2026, 9, 1, 18))
        decided = make_dispute("J1", IssueType.HG_CLAIM, decided_at=utc(2026, 9, 3, 12))
        result = engine.history([job], SEPT[0], SEPT[3], disputes=[decided], tz="UTC")
        assert [figure.numerator for figure in result.series("acct-1", "hg_claim_rate")] == [
            1, 1, 0, 0]

    def test_status_changes_list_the_first_status_then_every_change(
            self, engine: EngineRun) -> None:
        job_list = [make_job(job_id="J1", closed_at=utc(2026, 9, 5, 15),
                             reschedule_attributed=True)]
        result = engine.history(job_list, SEPT[0], SEPT[29], days=7, tz="UTC")
        assert result.status_changes("acct-1") == (
            (SEPT[0], Status.GOOD_STANDING), (SEPT[4], Status.ATTENTION),
            (SEPT[11], Status.GOOD_STANDING))

    def test_the_defect_free_rate_has_a_series_too(self, engine: EngineRun) -> None:
        job_list = [make_job(job_id="J1", closed_at=utc(2026, 9, 1, 15)),
                    make_job(job_id="J2", closed_at=utc(2026, 9, 2, 15),
                             reschedule_attributed=True)]
        series = engine.history(job_list, SEPT[0], SEPT[1], tz="UTC").series("acct-1",
                                                                             "defect_free_rate")
        assert [(figure.numerator, figure.denominator) for figure in series] == [(1, 1), (1, 2)]

    def test_each_night_uses_the_target_set_in_force_then(self, engine: EngineRun) -> None:
        stricter = TargetSet(as_of_night(SEPT[2], "UTC"), {"reschedule_rate": Target.at_most("0%")})
        job_list = [make_job(job_id=f"J{n}", closed_at=utc(2026, 8, 1)) for n in range(99)]
        job_list.append(make_job(job_id="J99", closed_at=utc(2026, 8, 1),
                                 reschedule_attributed=True))
        result = engine.history(job_list, SEPT[0], SEPT[3], targets=[SEED_TARGETS, stricter],
                                tz="UTC")
        assert [p.status for p in result.accounts["acct-1"]] == [
            Status.GOOD_STANDING, Status.GOOD_STANDING, Status.ATTENTION, Status.ATTENTION]

    def test_targets_changing_on_the_second_night_judge_it_and_every_later_night(
            self, engine: EngineRun) -> None:
        job = make_job(closed_at=utc(2026, 8, 1), reschedule_attributed=True)
        stricter = TargetSet(as_of_night(SEPT[1], "UTC"),
                             {**SEED_TARGETS.targets, "reschedule_rate": Target.at_most("0%")})
        lenient = TargetSet(utc(2000, 1, 1), {**SEED_TARGETS.targets,
                                              "reschedule_rate": Target.at_most("100%")})
        result = engine.history([job], SEPT[0], SEPT[2], tz="UTC", targets=[lenient, stricter])
        assert [p.status for p in result.accounts["acct-1"]] == [
            Status.GOOD_STANDING, Status.ATTENTION, Status.ATTENTION]

    def test_a_range_of_one_night_is_that_nights_evaluation(self, engine: EngineRun) -> None:
        job = make_job(closed_at=utc(2026, 9, 1, 15), hg_claim_at=utc(2026, 9, 1, 18))
        result = engine.history([job], SEPT[0], SEPT[0], tz="UTC")
        assert (result.nights, result.zone, result.days) == ((SEPT[0],), "UTC", 60)
        in_chicago = engine.history([job], SEPT[0], SEPT[0], tz="America/Chicago", days=7)
        assert (in_chicago.zone, in_chicago.days) == ("America/Chicago", 7)
        assert result.accounts["acct-1"][0].tally == engine.evaluate([job], SEPT[0],
                tz="UTC")["acct-1"].tally

    def test_a_job_closed_at_the_first_nights_window_start_counts_that_night(
            self, engine: EngineRun) -> None:
        first = as_of_night(SEPT[0] - timedelta(days=60), "UTC")  # the first night's window start
        jobs = [make_job(closed_at=first), make_job(job_id="J2", closed_at=first,
                                                    hg_claim_at=utc(2026, 9, 1, 18))]
        result = engine.history(jobs, SEPT[0], SEPT[2], tz="UTC")
        assert [p.tally.jobs for p in result.accounts["acct-1"]] == [2, 0, 0]
        assert [p.tally.jobs for p in result.accounts["acct-1"]] == [
            engine.evaluate(jobs, night, tz="UTC")["acct-1"].tally.jobs for night in SEPT[:3]]

    def test_facts_arriving_after_the_last_night_change_no_night(self, engine: EngineRun) -> None:
        """SPEC §3: a fact stamped at or after `as_of` is treated as absent."""
        after = as_of_night(SEPT[2], "UTC") + timedelta(hours=1)
        jobs = [make_job(closed_at=utc(2026, 9, 3, 15), rating=1, rated_at=after),
                make_job(job_id="J2", closed_at=utc(2026, 9, 3, 16), hg_claim_at=after),
                make_job(job_id="J3", closed_at=utc(2026, 9, 3, 17),
                         hg_claim_at=utc(2026, 9, 3, 18))]
        disputes = [make_dispute("J3", IssueType.HG_CLAIM, decided_at=after)]
        result = engine.history(jobs, SEPT[0], SEPT[2], disputes=disputes, tz="UTC")
        assert [(p.tally.jobs, p.tally.rated, p.tally.hg_claim)
                for p in result.accounts["acct-1"]] == [(0, 0, 0), (0, 0, 0), (3, 0, 1)]

    def test_an_unknown_account_or_key_is_named_with_the_choices(self, engine: EngineRun) -> None:
        result = engine.history([make_job(), make_job(job_id="J2", account_id="acct-2")], SEPT[0],
                         SEPT[1], tz="UTC")
        with pytest.raises(InvalidArgumentError, match=r"\(acct-1, acct-2\), got 'acct-9'"):
            result.status_changes("acct-9")
        with pytest.raises(InvalidArgumentError,
                           match=r"customer_feedback_rating, hg_claim_rate, "):
            result.series("acct-1", "stars")

    @pytest.mark.parametrize("days", [0, -1, True])
    def test_a_window_length_that_is_not_a_whole_number_of_days_is_rejected(
            self, engine: EngineRun, days: int) -> None:
        with pytest.raises(InvalidArgumentError, match="days"):
            engine.history([make_job()], SEPT[0], SEPT[1], days=days, tz="UTC")

    def test_a_range_that_ends_before_it_starts_is_rejected(self, engine: EngineRun) -> None:
        with pytest.raises(InvalidArgumentError, match="last_night"):
            engine.history([], SEPT[5], SEPT[4], tz="UTC")

    def test_an_unknown_key_or_account_is_rejected(self, engine: EngineRun) -> None:
        result = engine.history([make_job()], SEPT[0], SEPT[1], tz="UTC")
        with pytest.raises(InvalidArgumentError, match="key"):
            result.series("acct-1", "stars")
        with pytest.raises(InvalidArgumentError, match="account"):
            result.status_changes("acct-9")

    @LEAN
    @given(history_inputs())
    def test_every_night_equals_the_evaluation_of_that_night(
            self, engine: EngineRun, data: tuple[date, date, list[Job], list[Dispute], str, int,
                                                 list[TargetSet]]
    ) -> None:
        first, last, job_list, disputes, tz, days, targets = data
        result = engine.history(job_list, first, last, disputes=disputes, tz=tz, days=days,
                         targets=targets)
        assert result.nights[0] == first and result.nights[-1] == last
        for position, night in enumerate(result.nights):
            expected = engine.evaluate(job_list, night, disputes=disputes, tz=tz, days=days,
                                targets=targets)
            assert list(result.accounts) == list(expected.accounts)
            for account_id, nightly in result.accounts.items():
                shown, wanted = nightly[position], expected[account_id]
                assert shown.tally == wanted.tally
                assert shown.figures == wanted.figures
                assert shown.defect_free == wanted.defect_free
                assert shown.status is wanted.status
