"""The column-wise history sweep gives the reference's nightly tallies (SPEC §10: "the
columnar, Dask and Spark engines must give identical tallies"; SPEC §6: "History: the
account-wide figures (and status) for every night of a date range")."""

from __future__ import annotations

import bisect
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import AREAS, history_inputs, make_dispute, make_job

import svcperf
from svcperf import Dispute, IssueType, Job, Tally, Viewer, as_of_night

pa = pytest.importorskip("pyarrow")

from svcperf.engines.columnar_history import _bisect_right, nightly_tallies  # noqa: E402
from svcperf.engines.columnar_input import (  # noqa: E402
    disputes_from_records,
    jobs_from_records,
)


def _reference(job_list: list[Job], disputes: list[Dispute], first: date, last: date, tz: str,
               days: int, viewer: Viewer = svcperf.OWNER) -> dict[str, tuple[Tally, ...]]:
    result = svcperf.history(job_list, first, last, disputes=disputes, tz=tz, days=days,
                             viewer=viewer, engine="python")
    return {account: tuple(night.tally for night in nightly)
            for account, nightly in result.accounts.items()}


def _columnar(job_list: list[Job], disputes: list[Dispute], first: date, last: date, tz: str,
              days: int, areas: frozenset[str] = frozenset()) -> dict[str, tuple[Tally, ...]]:
    nights = [first + timedelta(days=offset) for offset in range((last - first).days + 1)]
    return nightly_tallies(jobs_from_records(job_list), nights, tz, days,
                           disputes_from_records(disputes) if disputes else None, areas)


class TestNightlyTallies:
    """Every night's tally of every account is the reference's (around DST changes, with
    facts arriving late, disputes of every outcome, scoped viewers)."""

    @given(history_inputs(), st.sets(st.sampled_from(AREAS)))
    def test_every_night_of_every_account_is_the_reference_s(
            self, data: tuple[date, date, list[Job], list[Dispute], str, int, object],
            areas: set[str]) -> None:
        first, last, job_list, disputes, tz, days, _ = data
        assert _columnar(job_list, disputes, first, last, tz, days) == _reference(
            job_list, disputes, first, last, tz, days)
        assert _columnar(job_list, disputes, first, last, tz, days, frozenset(areas)) == (
            _reference(job_list, disputes, first, last, tz, days, Viewer(areas)))

    @pytest.mark.parametrize("late", [timedelta(0), timedelta(microseconds=-1)])
    def test_facts_stamped_on_a_cut_off_count_from_that_night_on(self, late: timedelta) -> None:
        """A fact stamped exactly at night N's cut-off is known from night N + 1 (known iff
        stamped before the cut-off); one a microsecond earlier from night N."""
        tz = "America/Chicago"
        cut = as_of_night(date(2026, 9, 12), tz) + late
        job_list = [
            make_job(job_id="J1", timezone=tz, closed_at=cut - timedelta(days=2), rating=1,
                     rated_at=cut),
            make_job(job_id="J2", timezone=tz, closed_at=cut - timedelta(days=1),
                     hg_claim_at=cut),
            make_job(job_id="J3", timezone=tz, closed_at=cut, reschedule_attributed=True),
            make_job(job_id="J4", timezone=tz, closed_at=as_of_night(date(2026, 8, 14), tz)),
        ]
        disputes = [make_dispute("J2", IssueType.HG_CLAIM, decided_at=cut + timedelta(days=1)),
                    make_dispute("J3", IssueType.RESCHEDULE, decided_at=cut)]
        first, last = date(2026, 9, 9), date(2026, 9, 15)
        expected = _reference(job_list, disputes, first, last, tz, 30)
        assert _columnar(job_list, disputes, first, last, tz, 30) == expected
        assert len({tally for nightly in expected.values() for tally in nightly}) > 3

    def test_no_night_no_job_and_open_jobs_only(self) -> None:
        night = date(2026, 9, 14)
        assert nightly_tallies(jobs_from_records([]), [], "UTC", 60) == {}
        open_job = make_job(status=svcperf.JobStatus.OPEN, closed_at=None)
        assert _columnar([open_job], [], night, night, "UTC", 60) == {"acct-1": (Tally(),)}


class TestBisection:
    @given(st.lists(st.integers(-50, 50), max_size=30),
           st.lists(st.none() | st.integers(-60, 60), max_size=30))
    def test_it_is_bisect_right_for_every_value(self, cutoffs: list[int],
                                                values: list[int | None]) -> None:
        ordered = sorted(cutoffs)
        instants = pa.array(values, pa.int64()).cast(pa.timestamp("us", "UTC"))
        found = _bisect_right(pa, pytest.importorskip("pyarrow.compute"),
                              pa.array(ordered, pa.int64()), instants).to_pylist()
        assert found == [None if value is None else bisect.bisect_right(ordered, value)
                         for value in values]
