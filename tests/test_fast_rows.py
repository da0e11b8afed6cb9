"""The fast path for rows read from files agrees with `Job.from_row`'s reference reading.

`io.rows.JobRowReader.read` and `io.rows.read_dispute_values` either build exactly the
record the reference path (`Job.from_row`, `Dispute.from_row`: `schema.read_job_row`, then
construction's checks) builds from the same row, or decline (``None``) and leave the row to
it. Rows here are valid rows with a few fields changed to values near each rule's edge, so
that a fast path accepting one value too many, or a record built differently, fails a test;
valid rows must be accepted, so that a fast path declining everything fails too.
"""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import disputes_for, job_lists, jobs, make_job, utc

from svcperf import Dispute, DisputeOutcome, InvalidRecordError, IssueType, Job
from svcperf.io import scan_disputes, scan_jobs
from svcperf.io.interchange import DISPUTE_FIELDS
from svcperf.io.rows import BAD, DISPUTE_VALUES, RowReading, read_dispute_values
from svcperf.io.writing import cell_text, json_value
from svcperf.parsing import parse_instant
from svcperf.records import CORE_FIELDS


def _job_reader(keys: tuple[Any, ...], *, positions: bool = False) -> Any:
    return RowReading().job_reader(keys, positions=positions)


def _read_dispute(values: tuple[Any, ...]) -> Dispute | None:
    return read_dispute_values(values, RowReading())


_job_from_row = Job.from_row
_dispute_from_row = Dispute.from_row

FILES = settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=40)

TEXTS: list[object] = ["", None, " ", "x", "J 1", 5, True, 1.5, [], {}]
INSTANTS: list[object] = [
    "", None, "2026-09-14T10:30:00", "2026-09-14", "2026-09-14T10:30:00Z",
    "2026-09-14T10:30:00+00:00", "2026-09-14T10:30:00-00:00", "2026-09-14T10:30:00-05:00",
    "2026-09-14T09:30:00-06:00", "2026-09-14T10:29:59.999999-05:00", "2026-09-14 10:30:00+01:00",
    "2026-09-14T10:30+05:30", "2026-09-14T10:30:00+05:30:15", "20260914T103000+0200",
    "0001-01-01T00:00:00+01:00", "0001-01-01T00:00:00-01:00", "9999-12-31T23:59:59-01:00",
    "9999-12-31T23:59:59+01:00", "2026-09-14T10:30:00+24:00", "2026-02-30T10:30:00+01:00",
    "later", 5, True, 1.5, [],
]
DATES: list[object] = ["2026-09-14", "2026-02-30", "2026-9-14", "20260914", "2026-09-14T00:00",
                       "２０２６-09-14", "2026-W37-1", "", None, 5, []]
ZONES: list[object] = ["UTC", "America/Chicago", "Not/AZone", "utc", "EST5EDT", "/etc/localtime",
                       "America/../UTC", "", None, 5]
STATUSES: list[object] = ["completed", "cancelled", "open", "Completed", "closed", "", None, 1]
RATINGS: list[object] = ["1", "5", "0", "6", "05", "-1", "4.0", " 4", "٣", "", None,
                         0, 1, 3, 5, 6, -1, True, 4.0, "x"]
BOOLEANS: list[object] = ["true", "false", "True", "1", "yes", "", None, True, False, 1, 0]
EXTRA_VALUES: list[object] = ["", None, "web", " ", 5, [], False]
EXTRA_NAMES = ("channel", "crew", "région", " spaced", "")

CHOICES: dict[str, list[object]] = {
    "job_id": TEXTS, "account_id": TEXTS, "coverage_area": TEXTS, "profession": TEXTS,
    "technician_id": TEXTS, "timezone": ZONES, "appointment_date": DATES,
    "arrival_window_start": INSTANTS, "arrival_window_end": INSTANTS, "started_at": INSTANTS,
    "status": STATUSES, "closed_at": INSTANTS, "rating": RATINGS, "rated_at": INSTANTS,
    "hg_claim_at": INSTANTS, "cancel_attributed": BOOLEANS, "reschedule_attributed": BOOLEANS,
}


def _as_row(job: Job, value: Any) -> dict[str, object]:
    """The row of `job` as a file gives it, each field written by `value`."""
    row: dict[str, object] = {field: value(getattr(job, field)) for field in CORE_FIELDS}
    row.update((name, value(extra)) for name, extra in job.extras)
    return row


@st.composite
def job_rows(draw: st.DrawFn, text_only: bool = False) -> dict[str, object]:
    """A valid job's row (as CSV text or JSON values) with up to four fields changed to values
    near a rule's edge, perhaps with extra columns, perhaps with a core field left out."""
    job = draw(jobs())
    row = _as_row(job, cell_text if text_only or draw(st.booleans()) else json_value)
    for name in draw(st.lists(st.sampled_from(EXTRA_NAMES), max_size=2, unique=True)):
        row[name] = draw(st.sampled_from(EXTRA_VALUES))
    for field in draw(st.lists(st.sampled_from(CORE_FIELDS), max_size=4, unique=True)):
        row[field] = draw(st.sampled_from(CHOICES[field]))
    if not text_only and draw(st.integers(0, 9)) == 0:
        del row[draw(st.sampled_from(CORE_FIELDS))]
    if text_only:
        row = {key: value if isinstance(value, str) else "" for key, value in row.items()}
    keys = draw(st.permutations(list(row)))
    return {key: row[key] for key in keys}


def _outcome(build: Any, row: Any) -> tuple[object, ...]:
    """What reading `row` gives: the record, or the error (its message, record and field)."""
    try:
        return ("record", build(row))
    except InvalidRecordError as error:
        return ("error", str(error), error.record, error.field)
    except Exception as error:  # the reference path's own behaviour, whatever it is
        return ("raised", type(error).__name__, str(error))


def _assert_same(fast: Job | Dispute, reference: Job | Dispute) -> None:
    """The very same record: equal, each value of the same type, instants with the same
    (shared) fixed-offset zone and fold."""
    assert fast == reference
    assert repr(fast) == repr(reference)
    for field in attrs.fields(type(fast)):
        mine, theirs = getattr(fast, field.name), getattr(reference, field.name)
        assert type(mine) is type(theirs), field.name
        if isinstance(mine, datetime):
            assert mine.tzinfo is theirs.tzinfo, field.name
            assert mine.fold == theirs.fold, field.name


def _check_job_row(row: dict[str, object], fast: Job | None) -> None:
    reference = _outcome(_job_from_row, row)
    if fast is not None:
        assert reference[0] == "record", reference
        _assert_same(fast, reference[1])  # type: ignore[arg-type]
        # Construction from the same values (the direct path) accepts it as it is.
        _assert_same(Job(**attrs.asdict(fast, recurse=False)), fast)
    public = _outcome(Job.from_row, row)
    assert public[0] == reference[0]
    if reference[0] == "record":
        _assert_same(public[1], reference[1])  # type: ignore[arg-type]
    else:
        assert public == reference


WINDOW: list[object] = ["", "2026-09-14T10:30:00-05:00", "2026-09-14T09:30:00-06:00",
                        "2026-09-14T10:29:59.999999-05:00", "2026-09-14T15:30:00Z",
                        "2026-09-14T10:30:00", None]
RELATED = (("arrival_window_start", "arrival_window_end", WINDOW, WINDOW),
           ("rating", "rated_at", RATINGS, ["", None, "2026-09-14T10:30:00Z"]),
           ("status", "closed_at", STATUSES, ["", None, "2026-09-14T10:30:00Z"]),
           ("status", "cancel_attributed", STATUSES, BOOLEANS))


def _variants(row: dict[str, object]) -> list[dict[str, object]]:
    """`row` with each field in turn changed to each edge value, each pair of related fields
    changed together, each core field left out, each extra column added."""
    found = [row | {field: value} for field in CORE_FIELDS for value in CHOICES[field]]
    found += [row | {one: first, other: second} for one, other, ones, others in RELATED
              for first in ones for second in others]
    found += [{key: value for key, value in row.items() if key != field} for field in CORE_FIELDS]
    found += [row | {name: value} for name in EXTRA_NAMES for value in EXTRA_VALUES]
    return found


class TestJobRows:
    @settings(max_examples=15)
    @given(job=jobs())
    def test_every_row_one_edge_value_away_from_a_valid_one_agrees(self, job: Job) -> None:
        for write in (cell_text, json_value):
            for row in _variants(_as_row(job, write)):
                reader = _job_reader(tuple(row))
                _check_job_row(row, reader.read(row, RowReading()) if reader is not None else None)
                if all(type(value) is str for value in row.values()) and "" not in row:
                    header = tuple(row)
                    cells = _job_reader(header, positions=True)
                    if cells is not None:
                        _check_job_row(row, cells.read(list(row.values()), RowReading()))

    @given(row=job_rows())
    def test_a_dict_row_gives_the_reference_job_or_is_left_to_the_reference_path(
            self, row: dict[str, object]) -> None:
        reader = _job_reader(tuple(row))
        _check_job_row(row, reader.read(row, RowReading()) if reader is not None else None)

    @given(row=job_rows(text_only=True))
    def test_csv_cells_give_the_reference_job_or_are_left_to_the_reference_path(
            self, row: dict[str, object]) -> None:
        header = tuple(row)
        reader = _job_reader(header, positions=True)
        fast = reader.read(list(row.values()), RowReading()) if reader is not None else None
        _check_job_row(row, fast)

    @given(job=jobs(), text=st.booleans(), extras=st.lists(
        st.tuples(st.sampled_from(EXTRA_NAMES[:4]), st.sampled_from(["web", None])),
        unique_by=lambda pair: pair[0]))
    def test_every_valid_row_takes_the_fast_path(
            self, job: Job, text: bool, extras: list[tuple[str, str | None]]) -> None:
        job = attrs.evolve(job, extras=tuple(sorted(extras)))
        row = _as_row(job, cell_text if text else json_value)
        reader = _job_reader(tuple(row))
        assert reader is not None
        fast = reader.read(row, RowReading())
        assert fast is not None
        _assert_same(fast, _job_from_row(row))
        assert fast == job

    @settings(max_examples=40)
    @given(rows=st.lists(job_rows(), min_size=2, max_size=8), repeat=st.data())
    def test_rows_read_with_one_reading_agree_whatever_was_read_before(
            self, rows: list[dict[str, object]], repeat: st.DataObject) -> None:
        """One `RowReading` for many rows, as a file is read: what it holds from earlier
        rows (texts, labels, schedules, instant parts) never changes how a row is read."""
        rows += repeat.draw(st.lists(st.sampled_from(rows), max_size=4))  # rows seen again
        shared = RowReading()
        for row in rows:
            reader = shared.job_reader(tuple(row))
            _check_job_row(row, reader.read(row, shared) if reader is not None else None)

    @pytest.mark.parametrize("extras", [
        [{}, {"channel": None}],  # the case the soak found: no extra, then one of no value
        [{"channel": None}, {}],
        [{"crew": "web"}, {"channel": "web"}],  # the same value under another name
        [{"crew": "web", "channel": "web"}, {"channel": "web"}, {"crew": "web"}],
    ])
    def test_rows_of_other_extra_keys_keep_their_own_extras(
            self, extras: list[dict[str, object]]) -> None:
        """JSON Lines rows may carry different extra keys: equal labels of an earlier
        row with other extras never give a row those extras."""
        shared = RowReading()
        for index, more in enumerate(extras):
            row = _as_row(make_job(job_id=f"J{index}"), json_value) | more
            reader = shared.job_reader(tuple(row))
            assert reader is not None
            fast = reader.read(row, shared)
            assert fast is not None
            _assert_same(fast, _job_from_row(row))

    def test_repeated_texts_and_dates_are_shared(self) -> None:
        shared = RowReading()
        first, second = (_as_row(make_job(job_id=job_id, technician_id="T-1"), cell_text)
                         for job_id in ("J1", "J2"))
        for row in (first, second):
            row["crew"] = "blue"
            for key in ("account_id", "technician_id", "crew"):
                row[key] = "".join(list(str(row[key])))  # a distinct but equal object
        reader = _job_reader(tuple(first))
        assert reader is not None
        one, two = reader.read(first, shared), reader.read(second, shared)
        assert one is not None and two is not None
        assert one.account_id is two.account_id and one.technician_id is two.technician_id
        assert one.extras is two.extras
        assert one.appointment_date is two.appointment_date

    def test_equal_arrival_windows_are_shared(self) -> None:
        shared = RowReading()
        rows = [_as_row(make_job(job_id=job_id, arrival_window_start=utc(2026, 9, 14, 8),
                                 arrival_window_end=utc(2026, 9, 14, 10)), cell_text)
                for job_id in ("J1", "J2")]
        for row in rows:  # distinct but equal texts
            row["arrival_window_start"] = "".join(list(str(row["arrival_window_start"])))
        reader = _job_reader(tuple(rows[0]))
        assert reader is not None
        one, two = (reader.read(row, shared) for row in rows)
        assert one is not None and two is not None
        assert one.arrival_window_start is two.arrival_window_start
        assert one.arrival_window_end is two.arrival_window_end


# The parts of instant texts (date, separator and time, offset), valid ones and ones near
# each part's edge, for `TestInstantParts`.
DAY_PARTS = ["2026-09-14", "2024-02-29", "2026-02-29", "0001-01-01", "9999-12-31",
             "2026-13-01", "2026-9-14", "２０２６-09-14", "20260914", "2026-W37-1"]
CLOCK_PARTS = ["T10:30:00", " 10:30:00", "t10:30:00", "T24:00:00", "T23:59:60", "T00:00:00",
               "T23:59:59", "T10:30", "x10:30:00", "T10:3０:00"]
OFFSET_PARTS = ["Z", "z", "+00:00", "-00:00", "-05:00", "+05:30", "+18:00", "+18:01", "-18:00",
                "+24:00", ".5Z", ".123456-05:00", ".1234567Z", "+0500", "+05:30:15", "", " Z"]


def _reference_instant(text: str) -> object:
    """What the reference path makes of an instant's text: `parse_instant`, then the `Job`
    converter (`BAD` for text it rejects)."""
    try:
        parsed = parse_instant(text)
    except ValueError:
        return BAD
    return make_job(started_at=parsed).started_at


class TestInstantParts:
    """`RowReading.instant` builds an instant from parts it has seen in valid instants;
    whatever parts it has seen, it reads every text as the reference path does."""

    @given(seen=st.lists(st.tuples(st.sampled_from(DAY_PARTS), st.sampled_from(CLOCK_PARTS),
                                   st.sampled_from(OFFSET_PARTS)), max_size=30))
    def test_every_text_of_seen_and_unseen_parts_is_read_as_the_reference_reads_it(
            self, seen: list[tuple[str, str, str]]) -> None:
        shared = RowReading()
        for parts in seen:
            shared.instant("".join(parts))
        for day in DAY_PARTS:
            for clock in CLOCK_PARTS:
                for offset in OFFSET_PARTS:
                    text = day + clock + offset
                    fast, reference = shared.instant(text), _reference_instant(text)
                    if reference is BAD:
                        assert fast is BAD, text
                    else:
                        assert isinstance(fast, datetime) and isinstance(reference, datetime)
                        assert fast == reference and fast.isoformat() == reference.isoformat()
                        assert fast.tzinfo is reference.tzinfo and fast.fold == reference.fold

    def test_a_text_of_seen_parts_is_built_from_them(self) -> None:
        shared = RowReading()
        shared.instant("2026-09-14T10:30:00-05:00")
        shared.instant("2026-09-15T08:00:00Z")
        assert shared.days and shared.clocks and shared.suffixes
        assert shared.instant("2026-09-15T10:30:00Z") == _reference_instant(
            "2026-09-15T10:30:00Z")
        assert shared.instant("2026-09-14T08:00:00-05:00") == _reference_instant(
            "2026-09-14T08:00:00-05:00")


DISPUTE_CHOICES: dict[str, list[object]] = {
    "job_id": TEXTS, "decided_at": INSTANTS,
    "issue_type": ["hg_claim", "HG_CLAIM", "late_completion", "", None, 1],
    "outcome": ["granted", "denied", "pending", "Granted", "", None, True],
}


def _check_dispute_row(row: dict[str, object]) -> None:
    reference = _outcome(_dispute_from_row, row)
    if all(field in row for field in DISPUTE_FIELDS):
        fast = _read_dispute(DISPUTE_VALUES(row))
        if fast is not None:
            assert reference[0] == "record", reference
            _assert_same(fast, reference[1])  # type: ignore[arg-type]
            _assert_same(Dispute(**attrs.asdict(fast, recurse=False)), fast)
    public = _outcome(Dispute.from_row, row)
    assert public[0] == reference[0]
    if reference[0] == "record":
        _assert_same(public[1], reference[1])  # type: ignore[arg-type]
    else:
        assert public == reference


@st.composite
def dispute_rows(draw: st.DrawFn) -> dict[str, object]:
    """A valid dispute's row with fields changed to values near a rule's edge."""
    job = draw(jobs())
    found = draw(disputes_for([job], max_size=1)) or [
        Dispute(job_id="J", issue_type=IssueType.HG_CLAIM, outcome=DisputeOutcome.PENDING)]
    write = cell_text if draw(st.booleans()) else json_value
    row: dict[str, object] = {field: write(getattr(found[0], field)) for field in DISPUTE_FIELDS}
    for field in draw(st.lists(st.sampled_from(DISPUTE_FIELDS), max_size=3, unique=True)):
        row[field] = draw(st.sampled_from(DISPUTE_CHOICES[field]))
    if draw(st.integers(0, 9)) == 0:
        del row[draw(st.sampled_from(DISPUTE_FIELDS))]
    return row


class TestDisputeRows:
    @settings(max_examples=15)
    @given(row=dispute_rows())
    def test_every_row_one_edge_value_away_agrees(self, row: dict[str, object]) -> None:
        rows = [row | {field: value}
                for field in DISPUTE_FIELDS for value in DISPUTE_CHOICES[field]]
        rows += [row | {"outcome": outcome, "decided_at": decided}
                 for outcome in DISPUTE_CHOICES["outcome"] for decided in INSTANTS]
        for variant in rows:
            _check_dispute_row(variant)

    @given(row=dispute_rows())
    def test_a_row_gives_the_reference_dispute_or_is_left_to_the_reference_path(
            self, row: dict[str, object]) -> None:
        _check_dispute_row(row)

    @given(data=st.data())
    def test_every_valid_row_takes_the_fast_path(self, data: st.DataObject) -> None:
        found = data.draw(disputes_for(data.draw(job_lists(min_size=1, max_size=3))))
        for dispute in found:
            write = cell_text if data.draw(st.booleans()) else json_value
            row = {field: write(getattr(dispute, field)) for field in DISPUTE_FIELDS}
            fast = _read_dispute(DISPUTE_VALUES(row))
            assert fast is not None
            _assert_same(fast, _dispute_from_row(row))


def _write_csv(path: Path, rows: list[dict[str, object]]) -> None:
    header = list(rows[0])
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows([[str(row.get(column, "")) for column in header] for row in rows])


class TestFiles:
    """Reading a file gives, row by row, what the reference path gives for the row."""

    @FILES
    @given(rows=st.lists(job_rows(text_only=True), min_size=1, max_size=12))
    def test_each_csv_row_is_read_as_the_reference_path_reads_it(
            self, tmp_path: Path, rows: list[dict[str, object]]) -> None:
        header = tuple(column for column in rows[0] if column)  # a header names each column
        rows = [{column: row.get(column, "") for column in header} for row in rows]
        for number, row in enumerate(rows):
            if isinstance(row["job_id"], str) and row["job_id"]:
                row["job_id"] = f"{row['job_id']}-{number}"
        path = tmp_path / "jobs.csv"
        _write_csv(path, rows)
        scan = scan_jobs(path)
        got: dict[int, object] = {rejected.line: str(rejected.error)
                                  for rejected in scan.rejected}
        records = iter(scan.records)
        for line, row in enumerate(rows, start=2):
            reference = _outcome(_job_from_row, row)
            if reference[0] == "record":
                _assert_same(next(records), reference[1])  # type: ignore[arg-type]
            else:
                assert got[line] == "\n".join(f"{path}:{line}: {problem}"
                                          for problem in str(reference[1]).splitlines())
        assert next(records, None) is None

    @FILES
    @given(rows=st.lists(dispute_rows(), min_size=1, max_size=12))
    def test_each_disputes_csv_row_is_read_as_the_reference_path_reads_it(
            self, tmp_path: Path, rows: list[dict[str, object]]) -> None:
        rows = [{field: cell_text(row.get(field)) if not isinstance(row.get(field), str)
                 else row[field] for field in (*DISPUTE_FIELDS, "note")} for row in rows]
        path = tmp_path / "disputes.csv"
        _write_csv(path, rows)
        scan = scan_disputes(path)
        got = {rejected.line: str(rejected.error) for rejected in scan.rejected}
        records = iter(scan.records)
        for line, row in enumerate(rows, start=2):
            reference = _outcome(_dispute_from_row, row)
            if reference[0] == "record":
                _assert_same(next(records), reference[1])  # type: ignore[arg-type]
            else:
                assert got[line] == "\n".join(f"{path}:{line}: {problem}"
                                          for problem in str(reference[1]).splitlines())
        assert next(records, None) is None
