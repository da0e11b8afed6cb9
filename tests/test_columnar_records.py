"""The records of a `JobTable`: the fast path (`records_of`) gives exactly the records the
reference path (`reference_records`, a `Job(...)` per row) gives, to the UTC offset and the
shared zone object, and leaves to the reference path every table it could not vouch for.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import jobs, make_job, utc

from svcperf import InvalidRecordError, Job
from svcperf.engines.columnar_input import INSTANTS, JobTable, jobs_from_records
from svcperf.zones import fixed_offset

pa = pytest.importorskip("pyarrow")
pc = pytest.importorskip("pyarrow.compute")

from svcperf.engines import columnar_records  # noqa: E402  (needs pyarrow)
from svcperf.engines.columnar_records import records_of, reference_records  # noqa: E402

#: UTC offsets as ISO 8601 and Python allow them: whole minutes mostly, seconds too.
OFFSETS = (st.integers(-(23 * 60 + 59), 23 * 60 + 59).map(lambda m: timedelta(minutes=m))
           | st.integers(-86399, 86399).map(lambda s: timedelta(seconds=s)))
#: Instants of the years the readers accept (1000 to 9998), to the microsecond, before
#: and after 1970, each shown in its own offset.
ANY_INSTANT = st.builds(
    lambda wall, offset: wall.replace(tzinfo=timezone(offset)),
    st.datetimes(min_value=datetime(1000, 1, 2), max_value=datetime(9998, 12, 30)), OFFSETS)
EXTRAS = st.lists(st.tuples(st.sampled_from(("channel", "crew", "zone_b")),
                            st.sampled_from(("web", "phone", "blue", None, "é 1"))),
                  max_size=3, unique_by=lambda pair: pair[0]).map(
                      lambda pairs: tuple(sorted(pairs)))


@st.composite
def any_jobs(draw: st.DrawFn) -> list[Job]:
    """Valid jobs with unique ids, their instants anywhere in the readers' years, some
    jobs lacking extra attributes others carry; sometimes each job several times (under
    new ids), so that most instants repeat."""
    found = []
    for index in range(draw(st.integers(0, 8))):
        job = draw(jobs(job_id=f"J{index}"))
        changed: dict[str, Any] = {"extras": draw(EXTRAS)}
        for name in ("started_at", "closed_at", "rated_at", "hg_claim_at"):
            if getattr(job, name) is not None and draw(st.booleans()):
                changed[name] = draw(ANY_INSTANT)
        if job.arrival_window_start is not None and draw(st.booleans()):
            start = draw(ANY_INSTANT)
            end = start + timedelta(minutes=draw(st.integers(0, 600)))
            changed |= {"arrival_window_start": start,
                        "arrival_window_end": end.astimezone(draw(OFFSETS.map(timezone)))}
        found.append(attrs.evolve(job, **changed))
    copies = draw(st.sampled_from((1, 1, 3)))
    return [attrs.evolve(job, job_id=f"{job.job_id}-{copy}") for copy in range(copies)
            for job in found]


def _exact(job: Job) -> tuple[object, ...]:
    """A record's values, each instant with its wall time and offset (equality of
    datetimes alone ignores the offset)."""
    return tuple(value.isoformat() if isinstance(value, datetime) else value
                 for value in attrs.astuple(job, recurse=False))


class TestTheTwoPaths:
    @given(any_jobs())
    def test_the_fast_path_gives_the_reference_records(self, found: list[Job]) -> None:
        table = jobs_from_records(found)
        assert columnar_records._checked_records(pa, pc, table) is not None  # (taken)
        fast, reference = records_of(table), reference_records(table)
        assert [_exact(job) for job in fast] == [_exact(job) for job in reference] == [
            _exact(job) for job in found]
        for ours, theirs in zip(fast, reference, strict=True):
            for name in INSTANTS:
                value = getattr(ours, name)
                if value is not None:  # the zone object `Job` shares for that offset
                    assert value.tzinfo is getattr(theirs, name).tzinfo

    def test_every_way_of_making_records_shares_one_zone_per_offset(self) -> None:
        # (A soak found them unequal: records kept their zones in a cache of their own,
        # which still held an offset `zones.fixed_offset`'s cache had let go of.)
        offset = timedelta(hours=5, minutes=17)
        job = make_job(closed_at=datetime(2026, 9, 14, 15, tzinfo=timezone(offset)))
        for minutes in range(300):  # more offsets than the caches hold
            fixed_offset(timedelta(minutes=minutes - 600))
        again = make_job(closed_at=datetime(2026, 9, 14, 16, tzinfo=timezone(offset)))
        table = jobs_from_records([job])
        [fast], [reference] = records_of(table), reference_records(table)
        zones = {id(found.closed_at.tzinfo) for found in (again, fast, reference)
                 if found.closed_at is not None}
        assert zones == {id(fixed_offset(offset))}

    @given(any_jobs())
    def test_equal_extras_are_one_tuple(self, found: list[Job]) -> None:
        made = records_of(jobs_from_records(found))
        by_value: dict[tuple[tuple[str, str | None], ...], int] = {}
        for job in made:
            assert by_value.setdefault(job.extras, id(job.extras)) == id(job.extras)

    def test_a_table_of_rows_taken_in_any_order_reads_as_those_rows(self) -> None:
        found = [make_job(job_id=f"J{n}", closed_at=utc(2026, 9, 14, n % 24),
                          extras=(("crew", "blue"),) if n % 2 else ()) for n in range(40)]
        table = jobs_from_records(found)
        rows = [39, 0, 7, 7 - 7, 21]
        assert records_of(table.rows(rows)) == [found[row] for row in rows]


class TestWhatTheFastPathLeaves:
    """A table the readers would never make (built by hand) goes to the reference path,
    which raises the record's error; never a record that breaks a rule."""

    def _table(self) -> JobTable:
        return jobs_from_records([make_job(), make_job(job_id="J2", rating=4,
                                                       rated_at=utc(2026, 9, 14, 18))])

    def _with(self, data: JobTable, name: str, values: Any) -> JobTable:
        table = data.table.set_column(data.table.schema.get_field_index(name), name, values)
        return attrs.evolve(data, table=table)

    @pytest.mark.parametrize(("name", "values", "message"), [
        ("account_id", ["acct-1", ""], "field 'account_id'"),
        ("coverage_area", ["North", "(none)"], "field 'coverage_area'"),
        ("profession", ["Plumbing", "Plumbing "], "field 'profession'"),
        ("timezone", ["UTC", "Mars/Base"], "field 'timezone'"),
        ("status", ["completed", "finished"], "'finished' is not a valid JobStatus"),
        ("job_id", ["J1", " J2"], "field 'job_id'"),
    ])
    def test_a_bad_text_is_the_references_error(self, name: str, values: list[str],
                                                message: str) -> None:
        data = self._with(self._table(), name, pa.array(values))
        assert columnar_records._checked_records(pa, pc, data) is None
        with pytest.raises((InvalidRecordError, ValueError), match=message):
            records_of(data)

    def test_a_broken_rule_is_the_references_error(self) -> None:
        data = self._with(self._table(), "rated_at", pa.array(
            [None, None], pa.timestamp("us", "UTC")))
        assert columnar_records._checked_records(pa, pc, data) is None
        with pytest.raises(InvalidRecordError, match="field 'rated_at': expected a value, "
                                                     "since the job has a rating"):
            records_of(data)

    def test_a_rating_out_of_range_is_the_references_error(self) -> None:
        data = self._with(self._table(), "rating", pa.array([None, 7], pa.int8()))
        assert columnar_records._checked_records(pa, pc, data) is None
        with pytest.raises(InvalidRecordError, match="field 'rating': expected an integer "
                                                     "from 1 to 5, got 7"):
            records_of(data)

    def test_a_column_of_another_type_goes_to_the_reference_path(self) -> None:
        data = self._with(self._table(), "technician_id", pa.array([7, None], pa.int64()))
        assert columnar_records._checked_records(pa, pc, data) is None
        with pytest.raises(InvalidRecordError, match="field 'technician_id'"):
            records_of(data)

    def test_a_bad_extra_value_is_the_references_error(self) -> None:
        data = jobs_from_records([make_job(extras=(("crew", "blue"),)),
                                  make_job(job_id="J2", extras=(("crew", "red"),))])
        data = self._with(data, "crew", pa.array(["blue", "(none)"]))
        assert columnar_records._checked_records(pa, pc, data) is None
        with pytest.raises(InvalidRecordError, match="field 'crew': expected a value other "):
            records_of(data)

    def test_an_instant_without_its_offset_is_the_references_error(self) -> None:
        data = self._table()
        offsets = data.offsets.set_column(data.offsets.schema.get_field_index("closed_at"),
                                          "closed_at", pa.array([0, None], pa.int64()))
        data = attrs.evolve(data, offsets=offsets)
        assert columnar_records._checked_records(pa, pc, data) is None
        with pytest.raises(InvalidRecordError, match="field 'closed_at': expected a value"):
            records_of(data)

    def test_a_wall_time_past_the_years_datetime_holds_is_left_to_the_reference(
            self) -> None:
        data = self._table()
        late = (datetime(9999, 12, 31, 23, 0) - datetime(1970, 1, 1)) // timedelta(
            microseconds=1)
        data = self._with(data, "closed_at", pa.array([late, late], pa.int64()).cast(
            pa.timestamp("us", "UTC")))
        offsets = data.offsets.set_column(data.offsets.schema.get_field_index("closed_at"),
                                          "closed_at", pa.array([0, 7_200_000_000], pa.int64()))
        assert columnar_records._checked_records(
            pa, pc, attrs.evolve(data, offsets=offsets)) is None
