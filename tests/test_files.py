"""The interchange files (SPEC §7) and the result formats (SPEC §8)."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
import warnings
from collections.abc import Callable
from datetime import date, timedelta, timezone
from pathlib import Path
from typing import Any

import attrs
import pytest
from engine_runs import EngineRun
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import disputes_for, job_lists, make_dispute, make_job, utc

from svcperf import (
    DisputeOutcome,
    InvalidArgumentError,
    InvalidInputError,
    Job,
    JobStatus,
    breakdown,
    evaluate,
)
from svcperf.cli import main
from svcperf.io import (
    DISPUTE_FIELDS,
    ERROR_CAP,
    InputWarning,
    file_format,
    scan_disputes,
    scan_jobs,
    write_disputes,
    write_jobs,
)
from svcperf.io import read_disputes as reference_read_disputes
from svcperf.io import read_jobs as reference_read_jobs
from svcperf.io.writing import cell_text
from svcperf.output import FIGURE_COLUMNS, csv_text, evaluation_json, figure_rows
from svcperf.records import CORE_FIELDS
from svcperf.schema import text_problem

# Examples write files in `tmp_path` (overwritten by each example); they are costly, so few.
FILES = settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=40)
FUZZ = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
# Any valid text (svcperf.schema.text_problem): core fields without leading or trailing
# whitespace, extra values with it; no value may be "(none)".
EXTRA_TEXT = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), min_size=1,
                     max_size=6).filter(lambda text: text != "(none)")
TEXT = EXTRA_TEXT.filter(lambda text: text_problem(text, sliced=True) is None)
EXTRA_NAMES = st.sampled_from(("channel", "crew", "région", "source system"))

#: A reader of one engine: `read_jobs` or `read_disputes`, or the columnar engine's.
Reader = Callable[..., list[Any]]


@pytest.fixture(scope="session")
def read_jobs(engine: EngineRun) -> Reader:
    """`svcperf.read_jobs`, or the columnar engine's reader of a jobs file: the file tests
    run once per engine (the same records, the same problems)."""
    if engine.name == "python":
        return reference_read_jobs
    from svcperf.engines import columnar

    return lambda path, **options: columnar.records_of(columnar.load_jobs(path, **options))


@pytest.fixture(scope="session")
def read_disputes(engine: EngineRun) -> Reader:
    """`svcperf.read_disputes`, or the columnar engine's reader of a disputes file."""
    if engine.name == "python":
        return reference_read_disputes
    from svcperf.engines import columnar

    return lambda path, **options: columnar.dispute_records_of(
        columnar.load_disputes(path, **options))


VALID_ROW = {
    "job_id": "J1", "account_id": "acct-1", "coverage_area": "North", "profession": "Plumbing",
    "technician_id": "", "timezone": "America/Chicago", "appointment_date": "2026-09-14",
    "arrival_window_start": "", "arrival_window_end": "", "started_at": "",
    "status": "completed", "closed_at": "2026-09-14T15:00:00-05:00", "rating": "",
    "rated_at": "", "hg_claim_at": "", "cancel_attributed": "", "reschedule_attributed": "false",
}


def _csv(path: Path, rows: list[dict[str, str]], header: list[str] | None = None) -> Path:
    columns = header or list(rows[0])
    lines = [",".join(columns)] + [",".join(row.get(c, "") for c in columns) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _rows(count: int, **changes: dict[str, str]) -> list[dict[str, str]]:
    """`count` valid rows J1.., row number N (1-based) changed by ``changes[f"r{N}"]``."""
    rows = []
    for index in range(1, count + 1):
        row = VALID_ROW | {"job_id": f"J{index}"}
        row.update(changes.get(f"r{index}", {}))
        rows.append(row)
    return rows


def _problems(error: pytest.ExceptionInfo[InvalidInputError]) -> list[tuple[int | None, str]]:
    return [(problem.line, problem.field) for problem in error.value.problems]


@st.composite
def jobs_with_extras(draw: st.DrawFn, names: list[str] | None = None) -> list[Job]:
    """Jobs whose texts are arbitrary and which carry extra attributes (the same names for all
    when `names` is given)."""
    found = draw(job_lists(max_size=8))
    result = []
    for job in found:
        own = names if names is not None else draw(st.lists(EXTRA_NAMES, unique=True))
        extras = tuple(sorted((name, draw(st.none() | EXTRA_TEXT)) for name in own))
        result.append(attrs.evolve(job, job_id=job.job_id + draw(TEXT),
                                   account_id=draw(TEXT), coverage_area=draw(TEXT),
                                   technician_id=draw(st.none() | TEXT), extras=extras))
    unique = {job.job_id: job for job in result}
    return list(unique.values())


class TestFileFormat:
    def test_the_extension_chooses_the_format(self) -> None:
        assert [file_format(p) for p in ("a.csv", "a.jsonl", "a.ndjson", "A.CSV")] == [
            "csv", "jsonl", "jsonl", "csv"]

    def test_an_explicit_format_overrides_the_extension(self) -> None:
        assert file_format("jobs.txt", "csv") == "csv"

    @pytest.mark.parametrize(("path", "given"), [("jobs.txt", None), ("jobs.csv", "xml")])
    def test_an_unknown_extension_or_format_is_an_argument_error(self, path: str,
                                                                  given: str | None) -> None:
        with pytest.raises(InvalidArgumentError):
            file_format(path, given)

    def test_an_unknown_extension_names_the_formats_read_parquet_among_them(self) -> None:
        with pytest.raises(InvalidArgumentError, match=re.escape(
                "jobs.pq: cannot tell the format from the extension '.pq'; use .csv, .jsonl "
                "or .ndjson (or .parquet, which the columnar engine reads), or give the "
                "format")):
            file_format("jobs.pq")

    @pytest.mark.parametrize("path", ["jobs.pq", "jobs.csv"])
    def test_the_parquet_format_names_the_columnar_engine_whatever_the_extension(
            self, path: str) -> None:
        # (was "format: expected one of csv, jsonl, got 'parquet'": a format the command
        # line's --input-format takes)
        with pytest.raises(InvalidArgumentError, match=re.escape(
                f"{path}: a Parquet file is read by the columnar engine")):
            file_format(path, "parquet")
        with pytest.raises(InvalidArgumentError, match=re.escape(
                "<stream>: Parquet is read from a file only (by the columnar engine), not "
                "from a stream")):
            file_format(io.BytesIO(), "parquet")


class TestWriteJobs:
    """SPEC §7: "Datetimes are ISO 8601 with an offset ... unknown columns are kept as extra
    attributes" — writing then reading gives back the same jobs."""

    @FILES
    @given(found=job_lists(max_size=12), kind=st.sampled_from(("csv", "jsonl")))
    def test_jobs_read_back_equal_to_those_written(
            self, read_jobs: Reader, tmp_path: Path, found: list[Job],
                                                   kind: str) -> None:
        path = tmp_path / f"jobs.{kind}"
        write_jobs(path, found)
        back = read_jobs(path)
        assert back == found
        assert repr(back) == repr(found)  # the same UTC offsets too

    @FILES
    @given(found=jobs_with_extras(), kind=st.sampled_from(("csv", "jsonl")))
    def test_a_written_file_rewritten_from_what_was_read_is_byte_identical(
            self, read_jobs: Reader, tmp_path: Path, found: list[Job], kind: str) -> None:
        first, second = tmp_path / f"a.{kind}", tmp_path / f"b.{kind}"
        write_jobs(first, found)
        back = read_jobs(first)
        write_jobs(second, back)
        assert first.read_bytes() == second.read_bytes()
        if kind == "jsonl":  # each line carries its job's own extras
            assert back == found

    @FILES
    @given(found=jobs_with_extras(names=["channel", "source system"]),
           kind=st.sampled_from(("csv", "jsonl")))
    def test_arbitrary_texts_and_extras_read_back_equal(
            self, read_jobs: Reader, tmp_path: Path, found: list[Job],
                                                        kind: str) -> None:
        path = tmp_path / f"jobs.{kind}"
        write_jobs(path, found)
        assert read_jobs(path) == found

    def test_an_instant_keeps_its_utc_offset(self, tmp_path: Path) -> None:
        closed = utc(2026, 9, 14, 20).astimezone(timezone(timedelta(hours=-5, minutes=-30)))
        path = tmp_path / "jobs.csv"
        write_jobs(path, [make_job(closed_at=closed)])
        assert "2026-09-14T14:30:00-05:30" in path.read_text()

    def test_a_csv_job_without_a_written_extra_reads_it_back_as_none(
            self, read_jobs: Reader, tmp_path: Path) -> None:
        path = tmp_path / "jobs.csv"
        write_jobs(path, [make_job(job_id="J1", extras=(("crew", "blue"),)), make_job(job_id="J2")])
        assert read_jobs(path)[1].extras == (("crew", None),)

    def test_a_job_with_an_extra_not_among_the_columns_is_an_argument_error(
            self, tmp_path: Path) -> None:
        with pytest.raises(InvalidArgumentError, match="crew"):
            write_jobs(tmp_path / "jobs.csv", [make_job(extras=(("crew", "x"),))], extras=[])


class TestWriteDisputes:
    """SPEC §7: "disputes file: job_id,issue_type,outcome,decided_at"."""

    @FILES
    @given(data=st.data(), kind=st.sampled_from(("csv", "jsonl")))
    def test_disputes_read_back_equal_to_those_written(
            self, read_disputes: Reader, tmp_path: Path, data: st.DataObject,
                                                       kind: str) -> None:
        found = data.draw(disputes_for(data.draw(job_lists(min_size=1, max_size=5))))
        path = tmp_path / f"disputes.{kind}"
        write_disputes(path, found)
        assert read_disputes(path) == found

    def test_the_csv_header_is_the_four_columns(self, tmp_path: Path) -> None:
        path = tmp_path / "d.csv"
        write_disputes(path, [make_dispute()])
        assert path.read_text().splitlines()[0] == "job_id,issue_type,outcome,decided_at"


class TestReadJobs:
    """SPEC §2: "each is rejected with an error that names the record (and, for files, the
    line) and the field. Nothing is silently dropped or coerced." """

    @pytest.mark.parametrize(("change", "field"), [
        ({"closed_at": "2026-09-14T15:00:00"}, "closed_at"),  # naive datetime
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"rating": "6", "rated_at": "2026-09-15T00:00:00Z"}, "rating"),
        ({"rating": "4.5", "rated_at": "2026-09-15T00:00:00Z"}, "rating"),
        ({"arrival_window_start": "2026-09-14T10:00:00Z",
          "arrival_window_end": "2026-09-14T09:00:00Z"}, "arrival_window_end"),
        ({"closed_at": ""}, "closed_at"),  # closed job without closed_at
        ({"status": "done"}, "status"),
        ({"reschedule_attributed": "yes"}, "reschedule_attributed"),
        ({"appointment_date": "14/09/2026"}, "appointment_date"),
    ])
    def test_each_bad_value_is_reported_with_its_line_and_field(
            self, read_jobs: Reader, tmp_path: Path, change: dict[str, str], field: str) -> None:
        path = _csv(tmp_path / "jobs.csv", _rows(3, r2=change))
        with pytest.raises(InvalidInputError) as error:
            read_jobs(path)
        assert _problems(error) == [(3, field)]
        assert str(error.value).startswith(f"{path}:3: job 'J2': field '{field}'")

    def test_a_duplicate_job_id_names_both_lines(self, read_jobs: Reader, tmp_path: Path) -> None:
        path = _csv(tmp_path / "jobs.csv", _rows(3, r3={"job_id": "J1"}))
        with pytest.raises(InvalidInputError) as error:
            read_jobs(path)
        assert _problems(error) == [(4, "job_id")]
        assert "line 2" in str(error.value)

    def test_every_bad_row_is_reported_not_only_the_first(
            self, read_jobs: Reader, tmp_path: Path) -> None:
        path = _csv(tmp_path / "jobs.csv", _rows(4, r1={"rating": "x"}, r3={"status": ""}))
        with pytest.raises(InvalidInputError) as error:
            read_jobs(path)
        assert _problems(error) == [(2, "rating"), (4, "status")]

    def test_beyond_the_cap_problems_are_counted_not_shown(
            self, read_jobs: Reader, tmp_path: Path) -> None:
        bad = {f"r{n}": {"status": "?"} for n in range(1, ERROR_CAP + 8)}
        path = _csv(tmp_path / "jobs.csv", _rows(ERROR_CAP + 7, **bad))
        with pytest.raises(InvalidInputError) as error:
            read_jobs(path)
        assert (len(error.value.problems), error.value.total) == (ERROR_CAP, ERROR_CAP + 7)
        assert str(error.value).endswith("... and 7 more problems")

    def test_a_missing_core_column_is_reported_from_the_header(
            self, read_jobs: Reader, tmp_path: Path) -> None:
        header = [c for c in CORE_FIELDS if c not in ("rating", "status")]
        path = _csv(tmp_path / "jobs.csv", _rows(2), header=header)
        with pytest.raises(InvalidInputError) as error:
            read_jobs(path)
        assert _problems(error) == [(1, "status"), (1, "rating")]

    def test_a_column_name_with_spaces_or_capitals_is_pointed_out(
            self, read_jobs: Reader, tmp_path: Path) -> None:
        header = [" Status" if c == "status" else c for c in CORE_FIELDS]
        path = _csv(tmp_path / "jobs.csv", _rows(1), header=header)
        with pytest.raises(InvalidInputError, match="only a column named ' Status'"):
            read_jobs(path)

    def test_a_column_named_twice_is_rejected(self, read_jobs: Reader, tmp_path: Path) -> None:
        path = tmp_path / "jobs.csv"
        path.write_text(",".join([*CORE_FIELDS, "rating"]) + "\n")
        with pytest.raises(InvalidInputError, match="2 columns named 'rating'"):
            read_jobs(path)

    @pytest.mark.parametrize("name", ["x\x00", "\x00"])
    def test_a_column_name_with_a_nul_is_one_header_problem_not_one_per_row(
            self, read_jobs: Reader, engine: EngineRun, tmp_path: Path, name: str,
            capsys: pytest.CaptureFixture[str]) -> None:
        path = _csv(tmp_path / "jobs.csv", [row | {name: "1"} for row in _rows(3)])
        with pytest.raises(InvalidInputError) as error:
            read_jobs(path)
        assert _problems(error) == [(1, name)]
        expected = (f"{path}:1: header: field {name!r}: expected a column name (text without "
                    f"NUL characters), got {name!r}")
        assert str(error.value) == expected
        # Read leniently, too, the file's header fails the file: no row read or rejected.
        code = main(["evaluate", str(path), "--as-of", "2026-09-30", "--engine", engine.name,
                     "--rejected", str(tmp_path / "rejected.csv")])
        assert (code, capsys.readouterr()) == (2, ("", expected + "\n"))

    @pytest.mark.parametrize("offset", ["-06:60", "+17:60", "+05:99"])
    def test_an_offset_s_minute_60_or_more_is_rejected_never_rolled_over(
            self, read_jobs: Reader, tmp_path: Path, offset: str) -> None:
        bad = {"r2": {"closed_at": "2026-09-14T15:00:00" + offset}}
        path = _csv(tmp_path / "jobs.csv", _rows(2, **bad))
        with pytest.raises(InvalidInputError) as error:
            read_jobs(path)
        assert _problems(error) == [(3, "closed_at")]

    def test_an_empty_file_has_no_header(self, read_jobs: Reader, tmp_path: Path) -> None:
        (tmp_path / "jobs.csv").write_text("")
        with pytest.raises(InvalidInputError, match="header row"):
            read_jobs(tmp_path / "jobs.csv")

    @pytest.mark.parametrize("cells", [16, 18])
    def test_a_row_with_too_many_or_too_few_cells_is_a_row_error(
            self, read_jobs: Reader, tmp_path: Path,
                                                                  cells: int) -> None:
        path = _csv(tmp_path / "jobs.csv", _rows(2))
        lines = path.read_text().splitlines()
        values = lines[2].split(",")
        lines[2] = ",".join([*values, "x"][:cells])
        path.write_text("\n".join(lines) + "\n")
        with pytest.raises(InvalidInputError) as error:
            read_jobs(path)
        assert _problems(error) == [(3, "(cells)")]

    def test_columns_may_come_in_any_order_and_extras_are_kept(
            self, read_jobs: Reader, tmp_path: Path) -> None:
        header = ["channel", *reversed(CORE_FIELDS)]
        path = _csv(tmp_path / "jobs.csv", _rows(1, r1={"channel": "web"}), header=header)
        assert read_jobs(path)[0].extras == (("channel", "web"),)

    def test_blank_lines_are_skipped_and_still_counted(
            self, read_jobs: Reader, tmp_path: Path) -> None:
        path = _csv(tmp_path / "jobs.csv", _rows(2, r2={"rating": "x"}))
        lines = path.read_text().splitlines()
        path.write_text("\n".join([lines[0], "", lines[1], "", lines[2]]) + "\n\n")
        with pytest.raises(InvalidInputError) as error:
            read_jobs(path)
        assert _problems(error) == [(5, "rating")]

    def test_a_quoted_cell_spanning_lines_is_one_row_named_by_its_first_line(
            self, read_jobs: Reader, tmp_path: Path) -> None:
        path = _csv(tmp_path / "jobs.csv", _rows(2, r1={"profession": '"Plumbing\nand more"'},
                                                 r2={"rating": "x"}))
        with pytest.raises(InvalidInputError) as error:
            read_jobs(path)
        assert _problems(error) == [(4, "rating")]

    def test_a_byte_order_mark_is_accepted(self, read_jobs: Reader, tmp_path: Path) -> None:
        path = _csv(tmp_path / "jobs.csv", _rows(1))
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
        assert len(read_jobs(path)) == 1

    def test_bytes_that_are_not_utf8_are_reported_with_their_line(
            self, read_jobs: Reader, tmp_path: Path) -> None:
        path = _csv(tmp_path / "jobs.csv", _rows(1))
        path.write_bytes(path.read_bytes() + b"\xff\xfe\n")
        with pytest.raises(InvalidInputError, match="UTF-8"):
            read_jobs(path)

    def test_jsonl_accepts_json_types_where_they_fit(
            self, read_jobs: Reader, tmp_path: Path) -> None:
        row: dict[str, object] = VALID_ROW | {"rating": 5, "rated_at": "2026-09-15T00:00:00Z",
                                              "reschedule_attributed": True,
                                              "technician_id": None}
        path = tmp_path / "jobs.jsonl"
        path.write_text(json.dumps(row) + "\n")
        job = read_jobs(path)[0]
        assert (job.rating, job.reschedule_attributed, job.technician_id) == (5, True, None)

    def test_jsonl_may_leave_out_a_field_that_may_be_empty(
            self, read_jobs: Reader, tmp_path: Path) -> None:
        row = {k: v for k, v in VALID_ROW.items() if k not in ("technician_id", "hg_claim_at")}
        path = tmp_path / "jobs.jsonl"
        path.write_text(json.dumps(row) + "\n")
        job = read_jobs(path)[0]
        assert (job.technician_id, job.hg_claim_at) == (None, None)

    def test_jsonl_lines_with_other_extra_keys_keep_their_own(
            self, read_jobs: Reader, tmp_path: Path) -> None:
        # (Found by a soak: a line carrying the labels of an earlier line took that line's
        # extras: ("crew", "web") for a "channel": "web", none for a "channel": null.)
        lines = [VALID_ROW, VALID_ROW | {"job_id": "J2", "channel": None},
                 VALID_ROW | {"job_id": "J3", "crew": "web"},
                 VALID_ROW | {"job_id": "J4", "channel": "web"}]
        path = tmp_path / "jobs.jsonl"
        path.write_text("".join(json.dumps(line) + "\n" for line in lines))
        assert [job.extras for job in read_jobs(path)] == [
            (), (("channel", None),), (("crew", "web"),), (("channel", "web"),)]

    @pytest.mark.parametrize(("line", "field"), [
        ("{not json", "(json)"),
        ("[1, 2]", "(json)"),
        ('{"job_id": "J1", "job_id": "J2"}', "job_id"),
        (json.dumps({k: v for k, v in VALID_ROW.items() if k != "status"}), "status"),
        (json.dumps(VALID_ROW | {"rating": 4.0, "rated_at": "2026-09-15T00:00:00Z"}), "rating"),
        (json.dumps(VALID_ROW | {"channel": 3}), "channel"),
    ])
    def test_a_bad_jsonl_line_is_reported_with_its_line_and_field(
            self, read_jobs: Reader, tmp_path: Path,
                                                                  line: str, field: str) -> None:
        path = tmp_path / "jobs.jsonl"
        path.write_text(json.dumps(VALID_ROW) + "\n\n" + line + "\n")
        with pytest.raises(InvalidInputError) as error:
            read_jobs(path)
        assert _problems(error) == [(3, field)]

    def test_an_explicit_format_reads_a_file_of_any_name(
            self, read_jobs: Reader, tmp_path: Path) -> None:
        path = tmp_path / "export.txt"
        path.write_text(json.dumps(VALID_ROW) + "\n")
        assert read_jobs(path, format="jsonl")[0].job_id == "J1"

    def test_a_missing_file_raises_os_error(self, read_jobs: Reader, tmp_path: Path) -> None:
        with pytest.raises(FileNotFoundError):
            read_jobs(tmp_path / "nope.csv")


class TestScanJobs:
    """Lenient reading: every input row is either a record or a rejected row."""

    def test_good_rows_are_kept_and_bad_rows_listed_with_their_line(self, tmp_path: Path) -> None:
        path = _csv(tmp_path / "jobs.csv", _rows(4, r2={"rating": "x"}, r4={"job_id": "J1"}))
        found = scan_jobs(path)
        assert [job.job_id for job in found.records] == ["J1", "J3"]
        assert [(r.line, r.error.field) for r in found.rejected] == [(3, "rating"), (5, "job_id")]

    def test_a_bad_header_still_raises(self, tmp_path: Path) -> None:
        path = _csv(tmp_path / "jobs.csv", _rows(1), header=["job_id"])
        with pytest.raises(InvalidInputError):
            scan_jobs(path)


class TestReadDisputes:
    """SPEC §2: "a dispute naming an unknown job or issue type: each is rejected"."""

    def _write(self, path: Path, *lines: str) -> Path:
        path.write_text("\n".join(["job_id,issue_type,outcome,decided_at", *lines]) + "\n")
        return path

    def test_a_dispute_naming_an_unknown_job_is_rejected_when_jobs_are_given(
            self, read_disputes: Reader, tmp_path: Path) -> None:
        path = self._write(tmp_path / "d.csv", "J1,hg_claim,pending,", "J9,hg_claim,pending,")
        with pytest.raises(InvalidInputError) as error:
            read_disputes(path, job_ids={"J1"})
        assert _problems(error) == [(3, "job_id")]
        assert len(read_disputes(path)) == 2

    @pytest.mark.parametrize(("line", "field"), [
        ("J1,hg,granted,2026-09-01T00:00:00Z", "issue_type"),
        ("J1,hg_claim,won,2026-09-01T00:00:00Z", "outcome"),
        ("J1,hg_claim,granted,", "decided_at"),
        ("J1,hg_claim,granted,2026-09-01T00:00:00", "decided_at"),
    ])
    def test_each_bad_value_is_reported_with_its_line_and_field(
            self, read_disputes: Reader, tmp_path: Path, line: str,
                                                                field: str) -> None:
        path = self._write(tmp_path / "d.csv", "J1,hg_claim,pending,", line)
        with pytest.raises(InvalidInputError) as error:
            read_disputes(path)
        assert _problems(error) == [(3, field)]

    def test_a_header_without_outcome_is_rejected(
            self, read_disputes: Reader, tmp_path: Path) -> None:
        (tmp_path / "d.csv").write_text("job_id,issue_type,decided_at\n")
        with pytest.raises(InvalidInputError) as error:
            read_disputes(tmp_path / "d.csv")
        assert _problems(error) == [(1, "outcome")]

    def test_lenient_reading_returns_the_good_disputes_and_the_rejected_rows(
            self, tmp_path: Path) -> None:
        path = self._write(tmp_path / "d.csv", "J1,hg_claim,pending,", "J9,hg_claim,pending,")
        found = scan_disputes(path, job_ids={"J1"})
        assert found.records == (make_dispute(outcome=DisputeOutcome.PENDING),)
        assert [r.line for r in found.rejected] == [3]


JSON_VALUES = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | TEXT,
                           lambda inner: st.lists(inner, max_size=2)
                           | st.dictionaries(TEXT, inner, max_size=2), max_leaves=4)
MALFORMED_TEXT = st.one_of(
    TEXT,
    st.sampled_from(["", "true", "false", "0", "-1", "6", "2026-02-30", "2026-09-14",
                     "2026-09-14T10:00:00", "2026-09-14T10:00:00+25:00",
                     "0001-01-01T00:00:00+23:59", "9999-12-31T23:59:59-23:59",
                     "9999-12-31", "0001-01-01", "completed", "cancelled", "open", "UTC",
                     "Etc/GMT+5", "../etc/passwd", "\ufeffx", '"', "a,b"]),
    st.datetimes().map(lambda d: d.isoformat()),
)


class TestReadingNeverFailsOtherwise:
    """SPEC §2: bad input gives "an error that names the record ... and the field", never
    another exception: reading malformed rows either succeeds or raises InvalidInputError."""

    @FUZZ
    @given(changes=st.dictionaries(st.sampled_from([*CORE_FIELDS, "extra"]), MALFORMED_TEXT,
                                   max_size=5),
           drop=st.lists(st.sampled_from(CORE_FIELDS), max_size=2))
    def test_malformed_csv_rows(self, read_jobs: Reader, tmp_path: Path, changes: dict[str, str],
                                drop: list[str]) -> None:
        row = VALID_ROW | changes
        header = [column for column in row if column not in drop]
        path = tmp_path / "jobs.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerow([row[column] for column in header])
        try:
            jobs = read_jobs(path)
        except InvalidInputError:
            return
        evaluate(jobs, date(2026, 9, 14), tz="UTC")

    @FUZZ
    @given(lines=st.lists(st.text(st.sampled_from('a1,"\r\n\x00é-:T'), max_size=40),
                          max_size=4),
           header=st.sampled_from([",".join(CORE_FIELDS), ",".join(DISPUTE_FIELDS)]))
    def test_raw_text_after_a_header(self, read_disputes: Reader, read_jobs: Reader,
                                     tmp_path: Path, lines: list[str], header: str) -> None:
        path = tmp_path / "raw.csv"
        path.write_bytes(("\n".join([header, *lines])).encode("utf-8", "surrogatepass"))
        for reader in (read_jobs, read_disputes):
            with contextlib.suppress(InvalidInputError), warnings.catch_warnings():
                warnings.simplefilter("ignore", InputWarning)  # no line ending at the end
                reader(path)

    @FUZZ
    @given(changes=st.dictionaries(st.sampled_from([*CORE_FIELDS, "extra"]),
                                   JSON_VALUES | MALFORMED_TEXT, max_size=5),
           raw=st.lists(TEXT, max_size=2))
    def test_malformed_jsonl_lines(
            self, read_jobs: Reader, tmp_path: Path, changes: dict[str, object],
                                   raw: list[str]) -> None:
        path = tmp_path / "jobs.jsonl"
        path.write_text("\n".join([json.dumps(VALID_ROW | changes), *raw]) + "\n",
                        encoding="utf-8")
        try:
            jobs = read_jobs(path)
        except InvalidInputError:
            return
        evaluate(jobs, date(2026, 9, 14), tz="UTC")


class TestEvaluationJson:
    """SPEC §8: the exact shape of ``--format json``."""

    def test_the_object_has_the_shape_of_the_spec(self) -> None:
        jobs = [make_job(job_id="J1", technician_id="tech-a"),
                make_job(job_id="J2", status=JobStatus.CANCELLED, cancel_attributed=True)]
        evaluation = evaluate(jobs, date(2026, 9, 14), tz="America/Chicago")
        parts = [breakdown(jobs, evaluation.window, "technician_id", tz="America/Chicago")]
        shown = json.loads(json.dumps(evaluation_json(evaluation, parts)))
        assert shown["as_of"] == "2026-09-15T00:00:00-05:00"
        assert shown["window_start"] == "2026-07-17T00:00:00-05:00"
        account = shown["accounts"]["acct-1"]
        assert set(account) == {"status", "metrics", "defect_free_rate", "breakdowns",
                                "summary"}
        assert account["status"] == "attention"
        assert account["metrics"]["cancellation_rate"] == {
            "numerator": 1, "denominator": 2, "value": 0.5, "target": "<= 1%",
            "meets_target": False}
        assert account["metrics"]["customer_feedback_rating"] == {
            "numerator": 0, "denominator": 0, "value": None, "target": ">= 4.7",
            "meets_target": None}
        slices = account["breakdowns"]["technician_id"]
        assert list(slices) == ["tech-a", "(none)"]
        assert set(slices["(none)"]) == {"status", "metrics"}
        assert slices["tech-a"]["status"] == "good_standing"


class TestFigureRows:
    def test_one_row_per_account_slice_and_figure_with_exact_counts(self) -> None:
        jobs = [make_job(job_id="J1", technician_id="tech-a")]
        evaluation = evaluate(jobs, date(2026, 9, 14), tz="UTC")
        parts = [breakdown(jobs, evaluation.window, "technician_id", tz="UTC")]
        rows = figure_rows(evaluation, parts)
        assert len(rows) == 2 * 8
        text = csv_text(rows, FIGURE_COLUMNS).splitlines()
        assert text[0] == ",".join(FIGURE_COLUMNS)
        assert text[2] == "acct-1,,,good_standing,hg_claim_rate,0,1,0.0,<= 1%,true"
        assert text[10].startswith("acct-1,technician_id,tech-a,good_standing,")


class TestCellText:
    def test_values_are_written_as_the_reader_reads_them(self) -> None:
        assert [cell_text(v) for v in (None, False, 3, date(2026, 9, 14), JobStatus.OPEN)] == [
            "", "false", "3", "2026-09-14", "open"]
