"""The outlook (SPEC §9): headroom per account, the recovery forecast and the early
warning, each pinned to `evaluate`."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import DST_ZONES, disputes_for, job_lists, make_job, nights, utc, zones

from svcperf import (
    Dataset,
    Dispute,
    DisputeOutcome,
    InvalidArgumentError,
    InvalidInputError,
    IssueType,
    Job,
    Role,
    Status,
    as_of_night,
    breakdown,
    evaluate,
    explain,
    room,
    write_disputes,
    write_jobs,
)
from svcperf.forecast import assumed_jobs, known_at
from svcperf.outlook import burn_rate, outlook

LEAN = settings(max_examples=max(10, settings().max_examples // 3))


@st.composite
def inputs(draw: st.DrawFn) -> tuple[date, list[Job], list[Dispute], str, int]:
    """A night, jobs and disputes around it, a zone (often with DST) and a window length."""
    night = draw(nights())
    tz = draw(st.sampled_from(DST_ZONES) | zones)
    days = draw(st.sampled_from((5, 14, 60)))
    job_list = draw(job_lists(around=as_of_night(night, tz), max_size=20))
    return night, job_list, draw(disputes_for(job_list)), tz, days


@st.composite
def as_of_inputs(draw: st.DrawFn) -> tuple[date | datetime, list[Job], list[Dispute], str,
                                           int]:
    """`inputs`, as of the night or as of an instant during the day after it."""
    night, job_list, disputes, tz, days = draw(inputs())
    if draw(st.booleans()):
        return night, job_list, disputes, tz, days
    instant = as_of_night(night, tz) + timedelta(seconds=draw(st.integers(0, 86399)))
    return instant, job_list, disputes, tz, days


class TestRecoveryForecast:
    """SPEC §9: "the first night on which a missed level no longer misses (meets its
    target, or has no data), and the first night on which the account is in Good
    Standing, under two assumptions"."""

    @LEAN
    @given(as_of_inputs())
    def test_on_night_n_it_no_longer_misses_and_on_n_minus_1_it_does(
            self, data: tuple[date | datetime, list[Job], list[Dispute], str, int]) -> None:
        as_of, jobs, disputes, tz, days = data
        result = outlook(jobs, as_of, disputes=disputes, tz=tz, days=days)
        assert as_of_night(result.first_night - timedelta(days=1), tz) <= result.window.end
        assert result.window.end < as_of_night(result.first_night, tz)
        known, decided = known_at(jobs, disputes, result.window.end)
        for account_id, account in result.accounts.items():
            tally = result.evaluation[account_id].tally
            assumed = assumed_jobs(account_id, result.first_night, 2 * days, tally, tz, days)
            scenarios = {"nothing_else": known, "clean_work": [*known, *assumed]}
            for name, data_set in scenarios.items():
                def on(day: date, data_set: list[Job] = data_set,
                       account_id: str = account_id) -> object:
                    return evaluate(data_set, day, disputes=decided, tz=tz, days=days)[account_id]
                for key, level in account.levels.items():
                    if level.recovers_on is None:
                        assert level.figure.meets_target is not False
                        continue
                    recovered = getattr(level.recovers_on, name)
                    if recovered is None:
                        assert name == "clean_work"
                        assert on(result.last_night)[key].meets_target is False  # type: ignore[index]
                        continue
                    assert on(recovered)[key].meets_target is not False  # type: ignore[index]
                    if recovered > result.first_night:
                        before = on(recovered - timedelta(days=1))
                        assert before[key].meets_target is False  # type: ignore[index]
                if account.good_standing_on is None:
                    assert account.status is Status.GOOD_STANDING
                    continue
                standing = getattr(account.good_standing_on, name)
                if standing is None:
                    assert name == "clean_work"
                    continue
                assert on(standing).status is Status.GOOD_STANDING  # type: ignore[attr-defined]
                if standing > result.first_night:
                    before = on(standing - timedelta(days=1))
                    assert before.status is Status.ATTENTION  # type: ignore[attr-defined]

    @LEAN
    @given(inputs())
    def test_nothing_else_recovers_within_the_window_length(
            self, data: tuple[date, list[Job], list[Dispute], str, int]) -> None:
        night, jobs, disputes, tz, days = data
        result = outlook(jobs, night, disputes=disputes, tz=tz, days=days)
        for account in result.accounts.values():
            for level in account.levels.values():
                if level.recovers_on is not None:
                    recovered = level.recovers_on.nothing_else
                    assert recovered is not None
                    assert recovered <= result.first_night + timedelta(days=days)
                    last_out = max(out for out, _ in level.ages_out)
                    assert recovered <= last_out

    @LEAN
    @given(inputs())
    def test_each_nights_aging_out_is_what_the_numerator_loses_that_night(
            self, data: tuple[date, list[Job], list[Dispute], str, int]) -> None:
        night, jobs, disputes, tz, days = data
        result = outlook(jobs, night, disputes=disputes, tz=tz, days=days)
        known, decided = known_at(jobs, disputes, as_of_night(night, tz))
        for account_id, account in result.accounts.items():
            for key, level in account.levels.items():
                if not level.ages_out or key == "customer_feedback_rating":
                    continue
                leaving = dict(level.ages_out)
                previous = level.figure.numerator
                day = result.first_night
                while previous:
                    now = evaluate(known, day, disputes=decided, tz=tz, days=days)
                    numerator = now[account_id][key].numerator
                    assert previous - numerator == leaving.get(day, 0)
                    previous, day = numerator, day + timedelta(days=1)
                assert sum(leaving.values()) == level.figure.numerator

    @LEAN
    @given(inputs())
    def test_clean_work_never_recovers_later_than_nothing_else(
            self, data: tuple[date, list[Job], list[Dispute], str, int]) -> None:
        """Clean jobs only dilute issues, and 5-star ratings only lift the rating, for any
        target from 0 % and up to 5 stars."""
        night, jobs, disputes, tz, days = data
        result = outlook(jobs, night, disputes=disputes, tz=tz, days=days)
        for account in result.accounts.values():
            recoveries = [level.recovers_on for level in account.levels.values()]
            for recovery in [*recoveries, account.good_standing_on]:
                if recovery is not None:
                    assert recovery.nothing_else is not None
                    assert recovery.clean_work is not None
                    assert recovery.clean_work <= recovery.nothing_else

    def test_issues_age_out_days_nights_after_their_local_date(self) -> None:
        jobs = [make_job(job_id=f"J{n}", closed_at=utc(2026, 9, 1 + n, 15),
                         hg_claim_at=utc(2026, 9, 1 + n, 16)) for n in range(2)]
        jobs += [make_job(job_id=f"C{n}", closed_at=utc(2026, 9, 5, 15)) for n in range(150)]
        level = outlook(jobs, date(2026, 9, 14), tz="UTC")["acct-1"]["hg_claim_rate"]
        assert level.ages_out == ((date(2026, 10, 31), 1), (date(2026, 11, 1), 1))
        # 2 claims in 152 jobs miss 1 %; one claim in 151 meets it.
        assert level.recovers_on is not None
        assert level.recovers_on.nothing_else == date(2026, 10, 31)
        assert level.room.clean_jobs_needed == 48

    def test_a_date_without_a_zone_is_refused(self) -> None:
        with pytest.raises(InvalidArgumentError, match="pass the evaluation's zone"):
            outlook([], date(2026, 9, 14))


class TestEarlyWarning:
    """SPEC §9: "A level that meets its 60-day target but burns above 1 over both short
    windows is flagged. No data gives no burn rate and no flag." """

    @LEAN
    @given(inputs())
    def test_short_figures_and_flags_agree_with_evaluate(
            self, data: tuple[date, list[Job], list[Dispute], str, int]) -> None:
        night, jobs, disputes, tz, days = data
        result = outlook(jobs, night, disputes=disputes, tz=tz, days=days, short_windows=(3, 7))
        shorts = {length: evaluate(jobs, night, disputes=disputes, tz=tz, days=length)
                  for length in (3, 7)}
        for account_id, account in result.accounts.items():
            for key, level in account.levels.items():
                for length, evaluation in shorts.items():
                    figure = evaluation[account_id][key]
                    assert level.short[length] == figure
                    rate = level.burn_rates[length]
                    # Above 1 exactly when the short window misses the target.
                    assert (rate is None) == (figure.meets_target is None)
                    assert rate is None or (rate > 1) == (figure.meets_target is False)
                assert level.flagged == (level.figure.meets_target is True and all(
                    evaluation[account_id][key].meets_target is False
                    for evaluation in shorts.values()))

    @pytest.mark.parametrize(("rescheduled_on", "flagged"), [(12, True), (25, False)])
    def test_a_met_level_is_flagged_only_when_both_short_windows_burn_too_fast(
            self, rescheduled_on: int, flagged: bool) -> None:
        # 1000 clean jobs on 26 July, 100 jobs on 25 August and 100 on 12 September; three
        # reschedules on 12 September (both short windows burn) or 25 August (only 30 days).
        old = [make_job(job_id=f"O{n}", closed_at=utc(2026, 7, 26, 15)) for n in range(1000)]
        mid = [make_job(job_id=f"M{n}", closed_at=utc(2026, 8, 25, 15),
                        reschedule_attributed=rescheduled_on == 25 and n < 3) for n in range(100)]
        new = [make_job(job_id=f"N{n}", closed_at=utc(2026, 9, 12, 15),
                        reschedule_attributed=rescheduled_on == 12 and n < 3) for n in range(100)]
        level = outlook([*old, *mid, *new], date(2026, 9, 14), tz="UTC")["acct-1"][
            "reschedule_rate"]
        assert level.figure.meets_target is True
        assert (level.burn_rates[30] or 0) > 1
        assert ((level.burn_rates[7] or 0) > 1) is flagged
        assert level.flagged is flagged

    def test_burn_rate_of_a_rate_and_of_the_rating(self) -> None:
        jobs = [make_job(job_id=f"J{n}", closed_at=utc(2026, 9, 14 - n // 20, 15),
                         rating=5 if n % 10 else 4, rated_at=utc(2026, 9, 14, 16))
                for n in range(200)]
        level = outlook(jobs, date(2026, 9, 14), tz="UTC")["acct-1"]["customer_feedback_rating"]
        # 49/10 stars in every window: (5 - 4.9) / (5 - 4.7) = 1/3.
        assert {length: str(rate) for length, rate in level.burn_rates.items()} == {
            7: "1/3", 30: "1/3"}
        assert burn_rate(level.figure) == level.burn_rates[7]
        assert not level.flagged


class TestPace:
    """The first night the 60-day figure would miss if the last 30 days' jobs and issues
    kept coming at their pace."""

    def test_a_met_level_misses_on_the_night_the_paced_figure_does(self) -> None:
        # 100 clean jobs 50 days ago, and 1 reschedule in 10 jobs over the last 30 days.
        old = [make_job(job_id=f"O{n}", closed_at=utc(2026, 7, 26, 15)) for n in range(100)]
        new = [make_job(job_id=f"N{n}", closed_at=utc(2026, 9, 10, 15),
                        reschedule_attributed=n == 0) for n in range(10)]
        result = outlook([*old, *new], date(2026, 9, 14), tz="UTC")
        level = result["acct-1"]["reschedule_rate"]
        assert level.figure.meets_target is True
        missed = level.pace_misses_on
        assert missed is not None and missed > result.first_night

        def paced(night: date) -> bool | None:
            """The figure `evaluate` gives on `night`, plus floor(k·1/30) reschedules in
            floor(k·10/30) jobs after k nights at the last 30 days' pace."""
            k = (night - result.first_night).days + 1
            base = evaluate([*old, *new], night, tz="UTC")["acct-1"]["reschedule_rate"]
            return attrs.evolve(base, numerator=base.numerator + k * 1 // 30,
                                denominator=base.denominator + k * 10 // 30).meets_target

        assert paced(missed) is False
        assert paced(missed - timedelta(days=1)) is True


class TestSlices:
    """SPEC §9: headroom "over the account-wide (or slice) window of an evaluation"."""

    @LEAN
    @given(inputs(), st.sampled_from(("coverage_area", "technician_id")))
    def test_each_slice_is_the_breakdowns_with_its_room(
            self, data: tuple[date, list[Job], list[Dispute], str, int], attribute: str) -> None:
        night, jobs, disputes, tz, days = data
        result = outlook(jobs, night, disputes=disputes, tz=tz, days=days, by=[attribute],
                         horizon=1)
        split = breakdown(jobs, night, attribute, disputes=disputes, tz=tz, days=days)
        for account_id, account in result.accounts.items():
            slices = account.slices[attribute]
            assert list(slices) == list(split[account_id])
            for value, part in slices.items():
                assert part.performance == split[account_id][value]
                rows = explain(jobs, night, "customer_feedback_rating", disputes=disputes,
                               tz=tz, days=days, account=account_id,
                               where={attribute: value}).rows  # type: ignore[dict-item]
                stars = Counter(row.contribution for row in rows if row.role is Role.NUMERATOR)
                for key, found in part.rooms.items():
                    figure = part.performance[key]
                    assert found == room(figure, stars if figure.unit == "stars" else None)

    def test_a_slices_rating_removes_its_lowest_ratings_counted_one_by_one(self) -> None:
        jobs = [make_job(job_id=f"J{n}", coverage_area="North", rating=4 if n < 10 else 5,
                         rated_at=utc(2026, 9, 14, 16)) for n in range(20)]
        jobs.append(make_job(job_id="S", coverage_area="South"))
        result = outlook(jobs, date(2026, 9, 14), tz="UTC", by=["coverage_area"], horizon=1)
        north = result["acct-1"].slices["coverage_area"]["North"]
        # 90 stars over 20 ratings; without six 4-star ratings: 66/14 >= 4.7, 70/15 is not.
        assert north.rooms["customer_feedback_rating"].issues_to_remove == 6
        assert north.rooms["customer_feedback_rating"].clean_jobs_needed == 14


class TestInputs:
    """Issue 11: the outlook takes what `evaluate` takes (records, a `Dataset`, a path or a
    frame) and `engine=`; whatever the input and the engine, the outlook of the same data
    is the same."""

    @LEAN
    @given(inputs(), st.sampled_from(("python", "columnar", "auto")),
           st.sampled_from(("csv", "jsonl", "parquet", "frame")))
    def test_a_file_or_a_frame_gives_the_records_outlook_on_every_engine(
            self, tmp_path_factory: pytest.TempPathFactory,
            data: tuple[date, list[Job], list[Dispute], str, int], engine: str,
            form: str) -> None:
        pytest.importorskip("pyarrow")
        night, jobs, disputes, tz, days = data
        folder = tmp_path_factory.mktemp("outlook")
        suffix = "csv" if form == "frame" else form
        jobs_path, disputes_path = folder / f"jobs.{suffix}", folder / f"disputes.{suffix}"
        write_jobs(jobs_path, jobs)
        write_disputes(disputes_path, disputes)
        given_jobs: object = jobs_path
        given_disputes: object = disputes_path
        if form == "frame":
            import pyarrow.csv as pacsv

            given_jobs, given_disputes = (pacsv.read_csv(jobs_path),
                                          pacsv.read_csv(disputes_path))
        expected = outlook(Dataset.read(jobs_path, disputes_path, engine="python"), night,
                           tz=tz, days=days, by=["technician_id"], horizon=3)
        found = outlook(given_jobs, night, disputes=given_disputes,  # type: ignore[arg-type]
                        tz=tz, days=days, by=["technician_id"], horizon=3,
                        engine=engine)  # type: ignore[arg-type]
        assert found == expected
        assert found == outlook(jobs, night, disputes=disputes, tz=tz, days=days,
                                by=["technician_id"], horizon=3)

    @pytest.mark.parametrize("engine", ["python", "columnar"])
    @pytest.mark.parametrize("form", ["csv", "parquet"])
    def test_the_disputes_file_is_read_with_the_jobs(self, tmp_path: Path, engine: str,
                                                    form: str) -> None:
        pytest.importorskip("pyarrow")
        claimed = make_job(hg_claim_at=utc(2026, 9, 14, 16))
        jobs, disputes = tmp_path / f"jobs.{form}", tmp_path / f"disputes.{form}"
        write_jobs(jobs, [claimed, make_job(job_id="J2")])
        write_disputes(disputes, [Dispute(job_id="J1", issue_type=IssueType.HG_CLAIM,
                                          outcome=DisputeOutcome.GRANTED,
                                          decided_at=utc(2026, 9, 14, 18))])
        found = outlook(jobs, date(2026, 9, 14), disputes=disputes, tz="UTC", horizon=1,
                        engine=engine)  # type: ignore[arg-type]
        claims = found["acct-1"]["hg_claim_rate"].figure
        assert (claims.numerator, claims.denominator) == (0, 2)
        unseen = outlook(jobs, date(2026, 9, 14), tz="UTC", horizon=1,
                         engine=engine)  # type: ignore[arg-type]
        assert unseen["acct-1"]["hg_claim_rate"].figure.numerator == 1

    def test_a_bad_file_gives_the_readers_error(self, tmp_path: Path) -> None:
        pytest.importorskip("pyarrow")
        path = tmp_path / "jobs.csv"
        write_jobs(path, [make_job(), make_job(job_id="J2")])
        path.write_text(path.read_text().replace("completed", "finished", 1))
        for engine in ("python", "columnar"):
            with pytest.raises(InvalidInputError) as caught:
                outlook(path, date(2026, 9, 14), tz="UTC", engine=engine)
            assert str(caught.value).startswith(f"{path}:2: job 'J1': field 'status': ")

    @pytest.mark.parametrize(("argument", "named"), [
        ({"horizon": 0}, "horizon"), ({"short_windows": (7, 7)}, "short_windows"),
        ({"targets": []}, "targets"), ({"engine": "spark"}, "engine")])
    def test_the_arguments_are_checked_before_the_file_is_read(
            self, tmp_path: Path, argument: dict[str, object], named: str) -> None:
        with pytest.raises(InvalidArgumentError, match=f"^{named}: "):
            outlook(tmp_path / "no-such-file.csv", date(2026, 9, 14), tz="UTC",
                    **argument)  # type: ignore[arg-type]
