"""The columnar engine's lenient reading (issue 13, item 4; docs/files.md, "Lenient reading").

"every rejected row ... good + rejected = every input row": `columnar.scan_jobs` /
`scan_disputes` reject exactly the rows the reference's `scan_jobs` / `scan_disputes`
reject (the same lines, messages and order for CSV and JSON Lines; the same rows and
problems, placed at rows, for Parquet and frames), and the good rows read to the
reference's good records, which fold to the same dashboard.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import attrs
import broken_rows
import pytest
from broken_rows import SampleRows, text_table, write_csv
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_hardening import MUTATIONS, _lines, _mutate

import svcperf
from svcperf import sample
from svcperf.engines import columnar
from svcperf.engines.columnar_input import jobs_from_records
from svcperf.io import ERROR_CAP, Rejected, scan_disputes, scan_jobs

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")
pcsv = pytest.importorskip("pyarrow.csv")

FILES = settings(suppress_health_check=[HealthCheck.function_scoped_fixture,
                                        HealthCheck.too_slow], max_examples=30)
ROWS = 200
#: Values that break a row of the sample (each rejected by the reference), by field.
BREAKS = st.sampled_from([
    ("status", "done"), ("rating", "9"), ("timezone", "Mars/Base"), ("account_id", ""),
    ("closed_at", "2026-09-14T10:30:00"), ("appointment_date", "2026-02-30"),
    ("reschedule_attributed", "yes"), ("technician_id", "(none)"), ("job_id", " J1"),
])
# A change to one row: a bad value, or the job id of another row (a duplicate).
CHANGES = st.lists(st.tuples(st.integers(0, ROWS - 1), st.one_of(
    BREAKS, st.tuples(st.just("duplicate"), st.integers(0, ROWS - 1)))), max_size=12)


@pytest.fixture(scope="module")
def sample_rows(tmp_path_factory: pytest.TempPathFactory) -> SampleRows:
    """The header and rows of a small sample's jobs CSV."""
    return broken_rows.sample_rows(tmp_path_factory.mktemp("sample"), ROWS)


def _exact(record: Any) -> tuple[object, ...]:
    return tuple(value.isoformat() if isinstance(value, datetime) else value
                 for value in attrs.astuple(record, recurse=False))


def _shown(rejected: tuple[Rejected, ...]) -> list[tuple[int, str]]:
    return [(item.line, str(item.error)) for item in rejected]


def _at_rows(rejected: tuple[Rejected, ...]) -> list[tuple[int, list[tuple[object, ...]]]]:
    """Rejected rows by row number (a file's line less its header) and their problems,
    without the place (a line in a file, a row in a table)."""
    return [(item.line, [(p.record, p.field, p.got) for p in item.error.problems])
            for item in rejected]


def _same_good_jobs(scan: columnar.TableScan[columnar.JobTable],
                    reference: svcperf.io.Scan[svcperf.Job]) -> None:
    assert [_exact(job) for job in columnar.records_of(scan.table)] == [
        _exact(job) for job in reference.records]
    night, tz = sample.SAMPLE_NIGHT, sample.SAMPLE_TZ
    assert columnar.dashboard_from(scan.table, night, ["coverage_area"], tz=tz) == (
        svcperf.dashboard(list(reference.records), night, ["coverage_area"], tz=tz))


class TestScanJobsFiles:
    """For CSV and JSON Lines, the reference's scan: the same rejected rows (line, message,
    order) and the same good records, whatever is broken."""

    @FILES
    @given(changes=CHANGES, format=st.sampled_from(["csv", "jsonl"]), quoted=st.booleans())
    def test_bad_values_and_duplicates_are_rejected_as_the_reference_rejects_them(
            self, tmp_path: Path, sample_rows: tuple[list[str], list[list[str]]],
            changes: list[tuple[int, tuple[str, Any]]], format: str, quoted: bool) -> None:
        """(`quoted`: a cell holding a comma is quoted, so a row's line is not its row
        number plus one; every line is then the reference's to tell.)"""
        header, rows = sample_rows
        changed = broken_rows.broken(header, rows, changes)
        if quoted:
            changed[ROWS // 2][header.index("coverage_area")] = "St. Louis, MO"
        path = write_csv(tmp_path / "jobs.csv", header, changed)
        if format == "jsonl":
            path = tmp_path / "jobs.jsonl"
            svcperf.write_jobs(path, svcperf.io.scan_jobs(tmp_path / "jobs.csv").records)
        reference = scan_jobs(path)
        ours = columnar.scan_jobs(path)
        assert _shown(ours.rejected) == _shown(reference.rejected)
        assert ours.table.num_rows + len(ours.rejected) == (
            ROWS if format == "csv" else len(reference.records))
        _same_good_jobs(ours, reference)

    @FILES
    @given(changes=st.lists(st.tuples(st.integers(1, ROWS - 1), MUTATIONS, st.floats(0, 1)),
                            min_size=1, max_size=10))
    def test_broken_bytes_are_rejected_as_the_reference_rejects_them(
            self, tmp_path: Path, sample_rows: tuple[list[str], list[list[str]]],
            changes: list[tuple[int, str, float]]) -> None:
        header, rows = sample_rows
        lines = _lines(write_csv(tmp_path / "clean.csv", header, rows).read_bytes())
        for where, how, at in changes:
            _mutate(lines, where, how, at)
        path = tmp_path / "jobs.csv"
        path.write_bytes(b"".join(lines))
        reference = scan_jobs(path)
        ours = columnar.scan_jobs(path)
        assert _shown(ours.rejected) == _shown(reference.rejected)
        _same_good_jobs(ours, reference)

    def test_a_clean_file_has_no_rejected_row_and_reads_as_load_jobs(
            self, tmp_path: Path, sample_rows: tuple[list[str], list[list[str]]]) -> None:
        header, rows = sample_rows
        path = write_csv(tmp_path / "jobs.csv", header, rows)
        scan = columnar.scan_jobs(path)
        assert scan.rejected == ()
        assert columnar.records_of(scan.table) == columnar.records_of(columnar.load_jobs(path))

    def test_rejected_rows_are_not_capped(
            self, tmp_path: Path, sample_rows: tuple[list[str], list[list[str]]]) -> None:
        header, rows = sample_rows
        changes = [(row, ("status", "done")) for row in range(0, ROWS, 2)]
        path = write_csv(tmp_path / "jobs.csv", header, broken_rows.broken(header, rows, changes))
        scan = columnar.scan_jobs(path)
        assert len(scan.rejected) == ROWS // 2 > ERROR_CAP
        assert [item.line for item in scan.rejected] == list(range(2, ROWS + 2, 2))

    def test_a_bad_header_still_raises(self, tmp_path: Path) -> None:
        path = tmp_path / "jobs.csv"
        path.write_text("job_id,account_id\r\nJ1,a\r\n", encoding="utf-8")
        with pytest.raises(svcperf.InvalidInputError):
            columnar.scan_jobs(path)


class TestScanJobsTables:
    """For Parquet files and frames: the rows the reference rejects in the CSV form of the
    same data, with the same problems (placed at rows), and the same good records."""

    @FILES
    @given(changes=CHANGES, kind=st.sampled_from(["frame", "parquet"]))
    def test_the_rows_the_reference_rejects_are_rejected(
            self, tmp_path: Path, sample_rows: tuple[list[str], list[list[str]]],
            changes: list[tuple[int, tuple[str, Any]]], kind: str) -> None:
        header, rows = sample_rows
        path = write_csv(tmp_path / "jobs.csv", header, broken_rows.broken(header, rows, changes))
        reference = scan_jobs(path)
        source: Any = text_table(path)
        if kind == "parquet":
            pq.write_table(source, tmp_path / "jobs.parquet")
            source = tmp_path / "jobs.parquet"
        ours = columnar.scan_jobs(source)
        expected = [(line - 1, problems) for line, problems in _at_rows(reference.rejected)]
        assert _at_rows(ours.rejected) == expected
        place = f"{source}, row" if kind == "parquet" else "row"
        assert all(str(item.error).startswith(f"{place} {item.line}: ")
                   for item in ours.rejected)
        _same_good_jobs(ours, reference)

    @pytest.mark.parametrize("encoded", [False, True])
    def test_a_duplicate_id_keeps_the_first_row_and_names_it(self, encoded: bool) -> None:
        # (dictionary-encoded ids, as a Parquet file may hold them, ended in pyarrow's
        # ArrowTypeError: string vs dictionary)
        found = [sample.generate(3)[0][index] for index in range(3)]
        table = jobs_from_records(found).table
        ids = [found[0].job_id, found[1].job_id, found[0].job_id]
        column = pa.array(ids)
        table = table.set_column(0, "job_id", column.dictionary_encode() if encoded else column)
        scan = columnar.scan_jobs(table)
        assert columnar.records_of(scan.table) == found[:2]
        assert _shown(scan.rejected) == [(3, (
            f"row 3: job {ids[0]!r}: field 'job_id': expected a job id no other job has "
            f"(also on row 1), got {ids[0]!r}"))]


class TestScanDisputes:
    """A dispute naming a rejected (or unknown) job is rejected, as the reference rejects
    it; for files, the reference's lines and messages."""

    @FILES
    @given(changes=CHANGES, broken=st.lists(st.tuples(st.integers(0, 50), st.sampled_from(
        ["outcome", "issue_type", "decided_at", "job_id"])), max_size=5),
        kind=st.sampled_from(["csv", "frame"]))
    def test_disputes_of_the_good_jobs_are_read_as_the_reference_reads_them(
            self, tmp_path: Path, sample_rows: tuple[list[str], list[list[str]]],
            changes: list[tuple[int, tuple[str, Any]]], broken: list[tuple[int, str]],
            kind: str) -> None:
        header, rows = sample_rows
        jobs = write_csv(tmp_path / "jobs.csv", header, broken_rows.broken(header, rows, changes))
        disputes = svcperf.io.read_disputes(_disputes_file(tmp_path))
        cells = [[svcperf.io.writing.cell_text(getattr(d, f)) for f in svcperf.io.DISPUTE_FIELDS]
                 for d in disputes]
        bad = {"outcome": "won", "issue_type": "rudeness", "decided_at": "yesterday",
               "job_id": "J9999999"}
        for where, field in broken:
            if where < len(cells):
                cells[where][svcperf.io.DISPUTE_FIELDS.index(field)] = bad[field]
        path = write_csv(tmp_path / "disputes.csv", list(svcperf.io.DISPUTE_FIELDS), cells)
        good = scan_jobs(jobs)
        ids = {job.job_id for job in good.records}
        reference = scan_disputes(path, job_ids=ids)
        table = columnar.scan_jobs(jobs).table
        source = path if kind == "csv" else text_table(path)
        ours = columnar.scan_disputes(source, job_ids=table.table.column("job_id"))
        if kind == "csv":
            assert _shown(ours.rejected) == _shown(reference.rejected)
        else:
            assert _at_rows(ours.rejected) == [(line - 1, problems) for line, problems
                                               in _at_rows(reference.rejected)]
        assert [_exact(d) for d in columnar.dispute_records_of(ours.table)] == [
            _exact(d) for d in reference.records]


def _disputes_file(tmp_path: Path) -> Path:
    _, disputes = sample.write(tmp_path / "sample", ROWS)
    return Path(disputes)


#: Values that break a row of a TYPED table (Parquet written from Arrow, a frame): each
#: in the column's own type (dictionary text, int8, timestamps, booleans), by field.
TYPED_BREAKS = st.sampled_from([
    ("rating", 0), ("rating", 6), ("rating", -1), ("status", "done"), ("account_id", None),
    ("timezone", "Mars/Base"), ("technician_id", "(none)"), ("job_id", " J1"),
    ("job_id", "J\x001"), ("coverage_area", "North "), ("channel", "(none)"),
    ("closed_at", None), ("reschedule_attributed", None), ("arrival_window_end", None),
])
TYPED_CHANGES = st.lists(st.tuples(st.integers(0, ROWS - 1), st.one_of(
    TYPED_BREAKS, st.tuples(st.just("duplicate"), st.integers(0, ROWS - 1)))), max_size=6)


def _typed_broken(table: Any, changes: list[tuple[int, tuple[str, Any]]]) -> Any:
    """`table` with each change made in the column's own type (a dictionary column stays
    one, an int8 column int8, ...)."""
    import pyarrow.compute as pc

    columns = {name: table.column(name).to_pylist() for name in table.schema.names}
    for where, (field, value) in changes:
        if field == "duplicate":
            field, value = "job_id", columns["job_id"][value]
        columns[field][where] = value
    built = {}
    for name in table.schema.names:
        kind = table.schema.field(name).type
        if pa.types.is_dictionary(kind):
            built[name] = pc.dictionary_encode(pa.array(columns[name], kind.value_type))
        else:
            built[name] = pa.array(columns[name], kind)
    return pa.table(built)


def _csv_cell(value: object) -> str:
    """A typed value as the reference reads it from a CSV file."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value.isoformat() if hasattr(value, "isoformat") else value)


class TestScanTypedTables:
    """For tables with typed columns (the columnar engine checks those on the types'
    own terms: dictionaries, integer ranges, null counts): the rows the reference rejects
    in the CSV form of the same values, with the same problems, and the same good jobs."""

    @FILES
    @given(changes=TYPED_CHANGES, kind=st.sampled_from(["frame", "parquet"]))
    def test_the_rows_the_reference_rejects_are_rejected(
            self, tmp_path: Path, sample_rows: tuple[list[str], list[list[str]]],
            changes: list[tuple[int, tuple[str, Any]]], kind: str) -> None:
        header, rows = sample_rows
        clean = scan_jobs(write_csv(tmp_path / "clean.csv", header, rows)).records
        table = _typed_broken(jobs_from_records(clean).table, changes)
        path = write_csv(tmp_path / "jobs.csv", table.schema.names,
                      [[_csv_cell(value) for value in row.values()]
                       for row in table.to_pylist()])
        reference = scan_jobs(path)
        source: Any = table
        if kind == "parquet":
            pq.write_table(table, tmp_path / "jobs.parquet")
            source = tmp_path / "jobs.parquet"
        ours = columnar.scan_jobs(source)
        expected = [(line - 1, problems) for line, problems in _at_rows(reference.rejected)]
        assert _at_rows(ours.rejected) == expected
        _same_good_jobs(ours, reference)
