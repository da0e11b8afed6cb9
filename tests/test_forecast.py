"""The data a recovery forecast evaluates (SPEC §9): as known at `as_of`, and the
assumed clean jobs."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st
from strategies import night_data, zones

from svcperf import Dataset, Dispute, Job, Tally, as_of_night, evaluate
from svcperf.forecast import (
    assumed_batches,
    assumed_count,
    assumed_jobs,
    assumed_tallies,
    known_at,
)
from svcperf.views.history import nightly_tallies


class TestKnownAt:
    """SPEC §9: "the data exactly as known at `as_of`: no job closed at or after it, no
    fact stamped at or after it"."""

    @given(night_data())
    def test_nothing_known_later_is_left_and_as_of_shows_the_same(
            self, data: tuple[date, list[Job], list[Dispute], str]) -> None:
        night, jobs, disputes, tz = data
        as_of = as_of_night(night, tz)
        kept, decided = known_at(jobs, disputes, as_of)
        for job in kept:
            stamps = (job.closed_at if job.status.value != "open" else None, job.rated_at,
                      job.hg_claim_at)
            assert all(stamp is None or stamp < as_of for stamp in stamps)
        assert all(d.decided_at is not None and d.decided_at < as_of for d in decided)
        before = evaluate(jobs, night, disputes=disputes, tz=tz)
        after = evaluate(kept, night, disputes=decided, tz=tz)
        for account_id, result in before.accounts.items():
            if account_id in after.accounts:
                assert after[account_id] == result
            else:  # every job of the account closed at or after as_of
                assert result.tally.jobs == 0


class TestAssumedJobs:
    """SPEC §9: "issue-free completed jobs each night at the window's average daily
    volume, rated at the window's share of rated jobs with 5 stars"."""

    @given(st.integers(0, 300), st.data(), zones, st.sampled_from((7, 30, 60)))
    def test_after_k_nights_floor_k_w_over_days_jobs_closed_rated_at_the_share(
            self, jobs: int, data: st.DataObject, tz: str, days: int) -> None:
        completed = data.draw(st.integers(0, jobs))
        rated = data.draw(st.integers(0, completed))
        tally = Tally(jobs=jobs, completed=completed, cancelled=jobs - completed, rated=rated)
        first = date(2026, 10, 30)
        k = data.draw(st.integers(1, 2 * days))
        made = assumed_jobs("A", first, k, tally, tz, days)
        assert len(made) == assumed_count(k, jobs, days) == k * jobs // days
        last = first + timedelta(days=k - 1)
        result = evaluate(made, last, tz=tz, days=k)
        if not made:
            assert result.accounts == {}
            return
        figures = result["A"]
        assert figures.tally.jobs == figures.tally.completed == len(made)
        assert figures.tally.jobs_with_issues == 0
        assert figures.tally.rated == (len(made) * rated // completed if completed else 0)
        assert figures.tally.stars == 5 * figures.tally.rated
        on_first = evaluate(made, first, tz=tz, days=1)
        assert sum(r.tally.jobs for r in on_first.accounts.values()) == jobs // days

    @given(st.lists(st.tuples(st.integers(0, 400), st.data()), min_size=1, max_size=3),
           zones, st.sampled_from((1, 7, 30, 60)), st.integers(1, 90), st.integers(0, 40))
    def test_the_batches_tally_as_every_assumed_job_does(
            self, volumes: list[tuple[int, st.DataObject]], tz: str, days: int, nights: int,
            later: int) -> None:
        # (The outlook tallies the batches; a batch counted once, or its size off by one,
        # is caught here: the outlook's own tests have too few jobs a night to see it.)
        first = date(2026, 10, 30)
        last = first + timedelta(days=nights - 1 + later)
        batches: list[tuple[Job, tuple[int, ...]]] = []
        every: list[Job] = []
        for number, (jobs, data) in enumerate(volumes):
            completed = data.draw(st.integers(0, jobs))
            tally = Tally(jobs=jobs, completed=completed, cancelled=jobs - completed,
                          rated=data.draw(st.integers(0, completed)))
            account_id = f"A{number}"
            batches += assumed_batches(account_id, first, nights, tally, tz, days)
            every += assumed_jobs(account_id, first, nights, tally, tz, days)
        assert assumed_tallies(batches, first, last, tz, days) == nightly_tallies(
            Dataset(every), first, last, tz=tz, days=days)

    @given(st.integers(0, 300), st.integers(0, 300), zones, st.sampled_from((7, 60)))
    def test_the_jobs_come_in_the_order_of_their_numbers(
            self, jobs: int, rated: int, tz: str, days: int) -> None:
        tally = Tally(jobs=jobs, completed=jobs, rated=min(rated, jobs))
        made = assumed_jobs("A", date(2026, 10, 30), 2 * days, tally, tz, days)
        assert [job.job_id for job in made] == [f"(assumed) A #{number}"
                                                for number in range(1, len(made) + 1)]
