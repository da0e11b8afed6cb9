"""A file that is not Parquet, a damaged one, one that is not there, or a Parquet file
given to the reference reader: each a clear error naming the file (exit 2 on the command
line), never a traceback, on every engine that reads files; the Python engine of the
command line reads a Parquet file with the columnar reader, as the API does."""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import pytest

from svcperf import InvalidArgumentError, InvalidInputError, read_jobs
from svcperf.cli import main

pytest.importorskip("pyarrow")
import pyarrow as pa
import pyarrow.parquet as pq

from svcperf import sample
from svcperf.engines import columnar, folders


@pytest.fixture(scope="module")
def parquet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("parquet")
    sample.write(folder, 40, 3)
    import pyarrow.csv as pcsv

    path = folder / "jobs.parquet"
    pq.write_table(pcsv.read_csv(folder / "jobs.csv"), path)
    return path


def _damaged(parquet: Path, tmp_path: Path) -> dict[str, Path]:
    data = parquet.read_bytes()
    middle = len(data) // 2
    found = {"cut": data[:middle], "garbled": data[:middle] + b"x" * 100 + data[middle:],
             "text": b"hello"}
    paths = {}
    for name, content in found.items():
        paths[name] = tmp_path / f"{name}.parquet"
        paths[name].write_bytes(content)
    return paths


@pytest.mark.parametrize("kind", ["cut", "garbled", "text"])
def test_a_damaged_parquet_file_is_named(parquet: Path, tmp_path: Path, kind: str) -> None:
    path = _damaged(parquet, tmp_path)[kind]
    expected = "^" + re.escape(f"{path}: cannot read it as Parquet: ")
    with pytest.raises(InvalidArgumentError, match=expected):
        columnar.load_jobs(path)


@pytest.mark.parametrize("kind", ["cut", "garbled", "text"])
def test_the_command_line_says_so_with_exit_2(parquet: Path, tmp_path: Path, kind: str,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    path = _damaged(parquet, tmp_path)[kind]
    code = main(["evaluate", str(path), "--as-of", "2026-11-15", "--engine", "columnar"])
    out, err = capsys.readouterr()
    assert (code, out) == (2, "")
    assert err.startswith(f"svcperf: error: {path}: cannot read it as Parquet: ")


def test_a_missing_file_is_not_called_damaged(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        columnar.load_jobs(tmp_path / "missing.parquet")
    with pytest.raises(InvalidArgumentError, match=r"cannot read .*missing\.parquet: no such file"):
        folders.source_files(tmp_path / "missing.parquet")


def test_the_python_engine_names_the_columnar_engine_for_parquet(parquet: Path) -> None:
    with pytest.raises(InvalidArgumentError, match="a Parquet file is read by the columnar "
                                                   "engine"):
        read_jobs(parquet)
    # (a folder, which the columnar engine reads as Parquet files, was "cannot tell the
    # format from the extension ''")
    with pytest.raises(InvalidArgumentError, match="a folder of Parquet files is read by the "
                                                   "columnar engine"):
        read_jobs(parquet.parent)


@pytest.mark.parametrize("command", [
    ["evaluate", "--as-of", "2026-11-15", "--by", "profession", "--format", "json"],
    ["history", "--from", "2026-11-01", "--to", "2026-11-15"],
    ["issues", "--as-of", "2026-11-15"]])
def test_the_command_line_reads_parquet_for_the_python_engine_as_the_api_does(
        parquet: Path, command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    # (the columnar reader reads it, the reference engine evaluates its records:
    # `inputs.dataset_of`)
    shown = []
    for engine in ("python", "columnar"):
        code = main([command[0], str(parquet), *command[1:], "--engine", engine])
        shown.append((code, *capsys.readouterr()))
    assert shown[0] == shown[1]
    assert shown[0][1]


def test_the_command_line_names_the_extra_without_pyarrow(
        parquet: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("svcperf.cli.columnar_installed", lambda: False)
    code = main(["evaluate", str(parquet), "--as-of", "2026-11-15", "--engine", "python"])
    out, err = capsys.readouterr()
    assert (code, out) == (2, "")
    assert "a Parquet file is read by the columnar engine" in err
    assert "pip install 'svcperf[columnar]'" in err


@pytest.fixture(scope="module")
def disputed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A sample whose disputes change its figures, as CSV and as Parquet files."""
    folder = tmp_path_factory.mktemp("disputed")
    sample.write(folder, 3000, 5)
    sample.write(folder, 3000, 5, format="parquet")
    return folder


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    raw = io.BytesIO(data)
    raw.name = "<stdin>"  # (as the interpreter's own standard input is named)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(raw)))


_NIGHT = ["--as-of", "2026-11-15", "--tz", "America/Chicago"]


@pytest.mark.parametrize("engine", ["auto", "python"])
@pytest.mark.parametrize("piped", ["jobs", "disputes"])
@pytest.mark.parametrize("command", [
    ["evaluate", *_NIGHT, "--by", "profession", "--format", "json"],
    ["history", "--tz", "America/Chicago", "--from", "2026-11-01", "--to", "2026-11-15"]])
def test_a_parquet_file_beside_standard_input_is_read_by_the_columnar_reader(
        disputed: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        engine: str, piped: str, command: list[str]) -> None:
    # (was: the reference reader's "a Parquet file is read by the columnar engine (engine
    # 'columnar' or 'auto' ...)", on engine auto too)
    name, *rest = command
    main([name, str(disputed / "jobs.csv"), "--disputes", str(disputed / "disputes.csv"),
          *rest])
    from_files = capsys.readouterr().out
    main([name, str(disputed / "jobs.csv"), *rest])
    assert capsys.readouterr().out != from_files  # (the disputes count)
    _stdin(monkeypatch, (disputed / f"{piped}.csv").read_bytes())
    given = {"jobs": str(disputed / "jobs.parquet"), "disputes": str(disputed / "disputes.parquet"),
             piped: "-"}
    code = main([name, given["jobs"], "--disputes", given["disputes"], *rest,
                 "--engine", engine])
    assert (code, *capsys.readouterr()) == (0, from_files, "")


def test_the_problems_of_a_parquet_file_and_of_standard_input_are_reported_together(
        disputed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    table = pq.read_table(disputed / "jobs.parquet")
    index = table.schema.get_field_index("rating")
    pq.write_table(table.set_column(index, "rating", pa.array(
        [7, *table.column("rating").to_pylist()[1:]], pa.int8())), tmp_path / "jobs.parquet")
    lines = (disputed / "disputes.csv").read_bytes().splitlines(keepends=True)
    _stdin(monkeypatch, b"".join([*lines, b"J0000001,bogus,granted,2026-10-01T00:00:00Z\n"]))
    code = main(["evaluate", str(tmp_path / "jobs.parquet"), "--disputes", "-", *_NIGHT])
    out, err = capsys.readouterr()
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        f"{tmp_path / 'jobs.parquet'}, row 1: job 'J0000000': field 'rating': expected an "
        f"integer from 1 to 5, got 7",
        f"<stdin>:{len(lines) + 1}: dispute on job 'J0000001': field 'issue_type': expected "
        f"one of negative_feedback, hg_claim, cancellation, reschedule, "
        f"outside_arrival_window, late_completion, got 'bogus'"]


def test_a_parquet_file_beside_standard_input_is_read_leniently_with_rejected(
        disputed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    lines = (disputed / "disputes.csv").read_bytes().splitlines(keepends=True)
    _stdin(monkeypatch, b"".join([*lines, b"NOPE,late_completion,granted,"
                                          b"2026-10-01T00:00:00Z\n"]))
    main(["evaluate", str(disputed / "jobs.csv"), "--disputes", str(disputed / "disputes.csv"),
          *_NIGHT, "--format", "json"])
    from_files = capsys.readouterr().out
    rejected = tmp_path / "rejected.csv"
    code = main(["evaluate", str(disputed / "jobs.parquet"), "--disputes", "-", *_NIGHT,
                 "--format", "json", "--rejected", str(rejected)])
    out, err = capsys.readouterr()
    assert (code, out) == (0, from_files)
    assert rejected.read_text().splitlines()[1:] == [
        f"<stdin>,{len(lines) + 1},\"<stdin>:{len(lines) + 1}: dispute on job 'NOPE': field "
        f"'job_id': expected the id of a job in the data, got 'NOPE'\""]
    assert err.splitlines() == [
        f"svcperf: {disputed / 'jobs.parquet'}: 3,000 rows, 3,000 read, 0 rejected (written "
        f"to {rejected})",
        f"svcperf: <stdin>: {len(lines)} rows, {len(lines) - 1} read, 1 rejected (written to "
        f"{rejected})"]


def test_without_pyarrow_a_parquet_file_beside_standard_input_is_the_reference_s_error(
        parquet: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("svcperf.cli.columnar_installed", lambda: False)
    disputes = tmp_path / "disputes.parquet"
    pq.write_table(pq.read_table(parquet).select(["job_id"]).slice(0, 0), disputes)
    _stdin(monkeypatch, (parquet.parent / "jobs.csv").read_bytes())
    code = main(["evaluate", "-", "--disputes", str(disputes), "--as-of", "2026-11-15",
                 "--engine", "python"])
    out, err = capsys.readouterr()
    assert (code, out) == (2, "")
    assert err == (f"svcperf: error: {disputes}: a Parquet file is read by the columnar engine "
                   f"(engine 'columnar' or 'auto', which needs pyarrow: pip install "
                   f"'svcperf[columnar]'), not by the Python one\n")


@pytest.mark.parametrize("missing", ["decided_at", "outcome"])
def test_a_parquet_disputes_file_without_a_column_is_a_header_problem(
        parquet: Path, tmp_path: Path, missing: str,
        capsys: pytest.CaptureFixture[str]) -> None:
    # (as the same file in CSV: the header's line 1, never a KeyError and exit 3)
    columns = {"job_id": ["J1"], "issue_type": ["late_completion"], "outcome": ["granted"],
               "decided_at": ["2026-11-01T00:00:00Z"]}
    del columns[missing]
    disputes = tmp_path / "disputes.parquet"
    pq.write_table(pa.table(columns), disputes)
    expected = (f"{disputes}:1: header: field {missing!r}: expected a column of that name, "
                f"got 'no such column'")
    with pytest.raises(InvalidInputError) as error:
        columnar.load_disputes(disputes)
    assert str(error.value) == expected
    for engine in ("python", "columnar"):
        code = main(["evaluate", str(parquet), "--disputes", str(disputes), "--as-of",
                     "2026-11-15", "--engine", engine])
        assert (code, capsys.readouterr()) == (2, ("", expected + "\n"))


def _as_views(table: pa.Table) -> pa.Table:
    for index, field in enumerate(table.schema):
        if pa.types.is_string(field.type) or pa.types.is_large_string(field.type):
            table = table.set_column(index, field.name,
                                     table.column(index).cast(pa.string_view()))
    return table


def test_string_view_columns_read_as_their_text(tmp_path: Path) -> None:
    # (a Parquet file a recent pyarrow or polars wrote with string_view columns: the same
    # records, and for bad rows the same messages, as from plain string columns)
    import pyarrow.csv as pcsv

    sample.write(tmp_path, 200, 5)
    table = pcsv.read_csv(tmp_path / "jobs.csv")
    views = tmp_path / "views.parquet"
    pq.write_table(_as_views(table), views)
    assert pq.read_schema(views).field("job_id").type == pa.string_view()
    pq.write_table(table, plain := tmp_path / "plain.parquet")
    assert columnar.records_of(columnar.load_jobs(views)) == columnar.records_of(
        columnar.load_jobs(plain))
    status = table.column("status").to_pylist()
    status[3] = status[len(status) - 2] = "bogus"
    bad = table.set_column(table.schema.get_field_index("status"), "status", pa.array(status))
    pq.write_table(bad, plain)
    pq.write_table(_as_views(bad), views)
    found = []
    for path in (plain, views):
        with pytest.raises(InvalidInputError) as error:
            columnar.load_jobs(path)
        found.append(str(error.value).replace(str(path), "FILE"))
    assert found[0] == found[1]
    assert found[0].count("got 'bogus'") == 2


def _not_utf8(values: list[str | None], row: int, raw: bytes) -> pa.Array:
    """A text column whose value at `row` is the bytes `raw` (a Parquet file a writer
    other than Arrow made: pyarrow reads its text unchecked)."""
    found = [None if value is None else value.encode() for value in values]
    found[row] = raw
    return pa.array(found, pa.binary()).view(pa.string())


def test_text_that_is_not_utf8_is_rejected_at_its_row(tmp_path: Path) -> None:
    # (it ended in an internal error, exit 3, UnicodeDecodeError; now the CSV reader's
    # message for such a byte, placed at the row, and every other row as before)
    import pyarrow.csv as pcsv

    sample.write(tmp_path, 30, 5)
    names = (tmp_path / "jobs.csv").read_text().splitlines()[0].split(",")
    table = pcsv.read_csv(tmp_path / "jobs.csv", convert_options=pcsv.ConvertOptions(
        column_types=dict.fromkeys(names, pa.string()), strings_can_be_null=True))
    status = table.column("status").to_pylist()
    status[4] = "bogus"
    bad = table.set_column(table.schema.get_field_index("status"), "status", pa.array(status))
    for column, row, raw in [("timezone", 1, b"America/Chicago\xff"),
                             ("channel", 7, b"\xe9t\xe9")]:
        bad = bad.set_column(bad.schema.get_field_index(column), column,
                             _not_utf8(bad.column(column).to_pylist(), row, raw))
    path = tmp_path / "bad.parquet"
    pq.write_table(bad, path)
    ids = table.column("job_id").to_pylist()
    expected = [f"{path}, row 2: row: field 'timezone': expected UTF-8 text, got 'the byte "
                f"0xff'",
                f"{path}, row 5: job {ids[4]!r}: field 'status': expected one of completed, "
                f"cancelled, open, got 'bogus'",
                f"{path}, row 8: row: field 'channel': expected UTF-8 text, got 'the byte 0xe9'"]
    with pytest.raises(InvalidInputError) as error:
        columnar.load_jobs(path)
    assert str(error.value).splitlines() == expected
    scan = columnar.scan_jobs(path)
    assert [(rejected.line, rejected.error.field) for rejected in scan.rejected] == [
        (2, "timezone"), (5, "status"), (8, "channel")]
    kept = [job.job_id for job in columnar.records_of(scan.table)]
    assert kept == [job_id for index, job_id in enumerate(ids) if index not in (1, 4, 7)]
    disputes = tmp_path / "disputes.parquet"
    pq.write_table(pa.table({"job_id": _not_utf8(ids[:2], 1, b"J\xff"),
                             "issue_type": ["hg_claim"] * 2, "outcome": ["pending"] * 2,
                             "decided_at": pa.nulls(2, pa.string())}), disputes)
    with pytest.raises(InvalidInputError) as error:
        columnar.load_disputes(disputes)
    assert str(error.value) == (f"{disputes}, row 2: row: field 'job_id': expected UTF-8 "
                                f"text, got 'the byte 0xff'")


def test_dictionary_text_that_is_not_utf8_is_rejected_at_its_rows(tmp_path: Path) -> None:
    # A dictionary-encoded column's text is checked on its dictionary: an entry that is not
    # UTF-8 rejects the rows that hold it, and only those (an entry no row holds, none).
    sample.write(tmp_path, 12, 5)
    table = columnar.load_jobs(tmp_path / "jobs.csv").table
    zones = table.column("timezone").cast(pa.string()).to_pylist()
    entries = sorted(set(zones))
    raw = [entry.encode() for entry in entries] + [b"Nowhere\xff"]
    bad_entry = len(raw) - 1
    codes = [entries.index(zone) for zone in zones]
    codes[3] = codes[9] = bad_entry
    column = pa.DictionaryArray.from_arrays(
        pa.array(codes, pa.int32()), pa.array(raw, pa.binary()).view(pa.string()))
    unused = pa.DictionaryArray.from_arrays(  # the same dictionary, no row on the bad entry
        pa.array([entries.index(zone) for zone in zones], pa.int32()), column.dictionary)
    position = table.schema.get_field_index("timezone")
    path, fine = tmp_path / "bad.parquet", tmp_path / "fine.parquet"
    pq.write_table(table.set_column(position, "timezone", column), path)
    pq.write_table(table.set_column(position, "timezone", unused), fine)
    assert pa.types.is_dictionary(pq.read_table(path).schema.field("timezone").type)
    with pytest.raises(InvalidInputError) as error:
        columnar.load_jobs(path)
    assert str(error.value).splitlines() == [
        f"{path}, row {row}: row: field 'timezone': expected UTF-8 text, got 'the byte 0xff'"
        for row in (4, 10)]
    assert ([job.timezone for job in columnar.records_of(columnar.load_jobs(fine))]
            == zones)


def test_a_date_or_instant_in_a_core_text_field_is_rejected_not_made_text(
        tmp_path: Path) -> None:
    # (a timestamp column given as `account_id` or `job_id` was read as its ISO text:
    # a coercion; now rejected as an integer there is, while an extra column keeps its
    # ISO text)
    sample.write(tmp_path, 3, 5)
    table = columnar.load_jobs(tmp_path / "jobs.csv").table
    ids = table.column("job_id").to_pylist()
    moment = pa.array([0, 86_400_000_000, 0], pa.timestamp("us", "UTC"))
    bad = (table.set_column(table.schema.get_field_index("account_id"), "account_id", moment)
           .append_column("visited", moment))
    path = tmp_path / "bad.parquet"
    pq.write_table(bad, path)
    with pytest.raises(InvalidInputError) as error:
        columnar.load_jobs(path)
    shown = [f"{path}, row {row}: job {job_id!r}: field 'account_id': expected non-empty text, "
             f"got datetime " for row, job_id in enumerate(ids, 1)]
    lines = str(error.value).splitlines()
    assert [line[:len(start)] for line, start in zip(lines, shown, strict=True)] == shown
    assert all("1970, 1, 1" in line or "1970, 1, 2" in line for line in lines)
    days = pa.array([0, 1, 2], pa.date32())
    dated = table.set_column(table.schema.get_field_index("job_id"), "job_id", days)
    with pytest.raises(InvalidInputError) as error:
        columnar.load_jobs(dated)
    assert str(error.value).splitlines()[0] == (
        "row 1: job: field 'job_id': expected non-empty text, got date datetime.date(1970, 1, 1)")
    with pytest.raises(InvalidInputError) as error:
        columnar.load_disputes(pa.table({"job_id": ids[:1], "issue_type": ["hg_claim"],
                                         "outcome": pa.array([0], pa.timestamp("us", "UTC")),
                                         "decided_at": pa.nulls(1, pa.string())}))
    assert str(error.value).startswith(f"row 1: dispute on job {ids[0]!r}: field 'outcome': "
                                       "expected ")
    assert "got datetime datetime.datetime(1970, 1, 1, 0, 0" in str(error.value)
    extra = table.append_column("visited", moment)
    assert ([job.attribute("visited") for job in columnar.records_of(columnar.load_jobs(extra))]
            == ["1970-01-01T00:00:00+00:00", "1970-01-02T00:00:00+00:00",
                "1970-01-01T00:00:00+00:00"])


@pytest.fixture(scope="module")
def renamed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A sample (400 jobs: its disputes change the figures) as CSV files, and as Parquet
    files named both ``.parquet`` and ``.pq``."""
    import pyarrow.csv as pcsv

    folder = tmp_path_factory.mktemp("renamed")
    sample.write(folder, 400, 7)
    for name in ("jobs", "disputes"):
        table = pcsv.read_csv(folder / f"{name}.csv")
        pq.write_table(table, folder / f"{name}.parquet")
        pq.write_table(table, folder / f"{name}.pq")
    return folder


_EVALUATE = ["--as-of", "2026-11-15", "--tz", "America/Chicago", "--by", "profession",
             "--format", "json"]


@pytest.mark.parametrize("engine", ["auto", "columnar", "python"])
def test_input_format_parquet_reads_parquet_files_of_any_name(
        renamed: Path, engine: str, capsys: pytest.CaptureFixture[str]) -> None:
    def shown(*given: str) -> tuple[int, str, str]:
        code = main(["evaluate", *given, *_EVALUATE, "--engine", engine])
        return (code, *capsys.readouterr())

    csv_files = shown(str(renamed / "jobs.csv"), "--disputes", str(renamed / "disputes.csv"))
    assert csv_files[0] == 0 and csv_files[1]
    assert shown(str(renamed / "jobs.pq"), "--disputes", str(renamed / "disputes.pq"),
                 "--input-format", "parquet") == csv_files
    assert shown(str(renamed / "jobs.parquet"), "--disputes",
                 str(renamed / "disputes.parquet")) == csv_files
    # (the disputes are read: without them the figures differ)
    assert shown(str(renamed / "jobs.pq"), "--input-format", "parquet")[1] != csv_files[1]


def _parts(renamed: Path, folder: Path, suffix: str) -> Path:
    """`folder` holding the jobs of `renamed` in two Parquet files named ``part-N<suffix>``,
    beside what Spark writes with them (``_SUCCESS``, ``.part-0.crc``)."""
    table = pq.read_table(renamed / "jobs.parquet")
    folder.mkdir()
    half = table.num_rows // 2
    pq.write_table(table.slice(0, half), folder / f"part-0{suffix}")
    pq.write_table(table.slice(half), folder / f"part-1{suffix}")
    (folder / "_SUCCESS").write_bytes(b"")
    (folder / ".part-0.crc").write_bytes(b"not Parquet")
    return folder


@pytest.mark.parametrize("engine", ["auto", "columnar", "python"])
def test_input_format_parquet_reads_a_folder_of_parquet_files_of_any_name(
        renamed: Path, tmp_path: Path, engine: str,
        capsys: pytest.CaptureFixture[str]) -> None:
    def shown(*given: str) -> tuple[int, str, str]:
        code = main(["evaluate", *given, "--disputes", str(renamed / "disputes.parquet"),
                     *_EVALUATE, "--engine", engine])
        return (code, *capsys.readouterr())

    from_file = shown(str(renamed / "jobs.parquet"))
    assert from_file[0] == 0 and from_file[1]
    named = _parts(renamed, tmp_path / "named", ".parquet")
    assert shown(str(named)) == from_file
    parts = _parts(renamed, tmp_path / "parts", ".pq")
    assert shown(str(parts), "--input-format", "parquet") == from_file
    # (without the format, only the data files' extensions count: as before)
    assert shown(str(parts)) == (2, "", f"svcperf: error: source: no data file (.csv, "
                                        f".parquet, .jsonl, .ndjson) in the folder "
                                        f"{str(parts)!r}\n")


def test_a_folder_read_as_parquet_names_each_file_s_rows(
        renamed: Path, tmp_path: Path) -> None:
    parts = _parts(renamed, tmp_path / "parts", ".pq")
    table = pq.read_table(parts / "part-1.pq")
    index = table.schema.get_field_index("rating")
    pq.write_table(table.set_column(index, "rating", pa.array(
        [9, *table.column("rating").to_pylist()[1:]], pa.int64())), parts / "part-1.pq")
    with pytest.raises(InvalidInputError) as error:
        columnar.load_jobs(parts, format="parquet")
    assert str(error.value).startswith(f"{parts / 'part-1.pq'}, row 1: job ")
    scan = columnar.scan_jobs(parts, format="parquet")
    assert [(Path(name).name, rows, len(rejected)) for name, rows, rejected in scan.files] == [
        ("part-0.pq", 200, 0), ("part-1.pq", 200, 1)]
    with pytest.raises(InvalidArgumentError, match=r"^source: no file in the folder "):
        columnar.load_jobs(_empty(tmp_path), format="parquet")


def _empty(tmp_path: Path) -> Path:
    folder = tmp_path / "empty"
    folder.mkdir()
    (folder / "_SUCCESS").write_bytes(b"")
    return folder


def test_without_input_format_a_parquet_file_of_another_name_names_the_formats(
        renamed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["evaluate", str(renamed / "jobs.pq"), *_EVALUATE])
    out, err = capsys.readouterr()
    assert (code, out) == (2, "")
    assert err == (f"svcperf: error: {renamed / 'jobs.pq'}: cannot tell the format from the "
                   f"extension '.pq'; use .csv, .jsonl or .ndjson (or .parquet, which the "
                   f"columnar engine reads), or give the format\n")


@pytest.mark.parametrize(("option", "given"), [
    ("JOBS", []), ("JOBS", ["--input-format", "parquet"]),
    ("--disputes", [])])  # (--input-format is both files': CSV jobs would be read as Parquet)
def test_parquet_on_standard_input_is_one_line_asking_for_a_file(
        renamed: Path, given: list[str], option: str, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    # (was each header "field" of the file's bytes, read as CSV: "<stdin>:1: header:
    # field 'PAR1\x15...': expected UTF-8 text, ...")
    raw = io.BytesIO((renamed / "jobs.parquet").read_bytes())
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(raw)))
    files = ["-"] if option == "JOBS" else [str(renamed / "jobs.csv"), "--disputes", "-"]
    code = main(["evaluate", *files, *given, *_EVALUATE])
    out, err = capsys.readouterr()
    assert (code, out) == (2, "")
    assert err == (f"svcperf: error: {option}: Parquet is read from a file only, not from "
                   f"standard input: give its path\n")


def test_input_format_parquet_without_pyarrow_names_the_extra(
        renamed: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("svcperf.cli.columnar_installed", lambda: False)
    monkeypatch.setattr("svcperf.engine_choice.columnar_installed", lambda: False)
    code = main(["evaluate", str(renamed / "jobs.pq"), "--input-format", "parquet",
                 *_EVALUATE])
    out, err = capsys.readouterr()
    assert (code, out) == (2, "")
    assert err == (f"svcperf: error: {renamed / 'jobs.pq'}: a Parquet file is read by the "
                   f"columnar engine (engine 'columnar' or 'auto', which needs pyarrow: pip "
                   f"install 'svcperf[columnar]'), not by the Python one\n")


def test_a_csv_file_whose_header_starts_as_parquet_s_magic_is_read_as_csv(
        renamed: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    # (an extra column named PAR1 first: only Parquet's page header after the magic says
    # Parquet)
    lines = (renamed / "jobs.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    shifted = [f"PAR1,{lines[0]}", *(f"x,{line}" for line in lines[1:])]
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(
        io.BytesIO("".join(shifted).encode()))))
    code = main(["evaluate", "-", *_EVALUATE])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    assert '"acct-1001"' in out
