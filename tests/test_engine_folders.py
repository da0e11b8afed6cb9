"""Hive-partitioned folders as sources of the scale-out engines: every data file under
the folder, and the ``key=value`` folder names as extra attributes of its jobs."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import make_job

import svcperf
from svcperf import InvalidArgumentError, InvalidInputError, Job

pytest.importorskip("pyarrow")
distributed = pytest.importorskip("distributed")
import pyarrow.parquet as pq  # noqa: E402

from svcperf.engines import columnar, columnar_input, folders  # noqa: E402
from svcperf.engines import dask as svcperf_dask  # noqa: E402

NIGHT = date(2026, 9, 14)


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    with distributed.Client(processes=False, dashboard_address=":0") as found:
        yield found


def _with(job: Job, **extras: str | None) -> Job:
    return attrs.evolve(job, extras=tuple(sorted({**dict(job.extras), **extras}.items())))


def _write(path: Path, jobs: list[Job]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".parquet":
        svcperf.write_jobs(path.with_suffix(".csv"), jobs)
        pq.write_table(columnar.load_jobs(path.with_suffix(".csv")).table, path)
        path.with_suffix(".csv").unlink()
    else:
        svcperf.write_jobs(path, jobs)


def test_a_hive_folder_gives_the_reference_dashboard_by_its_partition_columns(
        client: Any, tmp_path: Path) -> None:
    jobs = [make_job(job_id=f"J{n}", technician_id=[None, "t"][n % 2]) for n in range(6)]
    north, south, unknown = jobs[:2], jobs[2:4], jobs[4:]
    _write(tmp_path / "region=north" / "year=2026" / "part-0.csv", north)
    _write(tmp_path / "region=south" / "year=2026" / "part-0.parquet", south)
    _write(tmp_path / f"region={folders.HIVE_NULL}" / "year=2026" / "part-0.csv", unknown)
    (tmp_path / "region=north" / "_SUCCESS").write_text("")
    (tmp_path / "region=north" / ".part-0.csv.crc").write_text("")
    expected = ([_with(job, region="north", year="2026") for job in north]
                + [_with(job, region=None, year="2026") for job in unknown]
                + [_with(job, region="south", year="2026") for job in south])
    by = ["region", "year", "technician_id"]
    ours = svcperf_dask.dashboard(tmp_path, NIGHT, by, tz="UTC", client=client)
    assert ours == svcperf.dashboard(expected, NIGHT, by, tz="UTC")
    assert [path for path, _ in folders.source_files(tmp_path)] == [
        str(tmp_path / f"region={folders.HIVE_NULL}" / "year=2026" / "part-0.csv"),
        str(tmp_path / "region=north" / "year=2026" / "part-0.csv"),
        str(tmp_path / "region=south" / "year=2026" / "part-0.parquet")]


def test_a_percent_encoded_folder_value_is_decoded(tmp_path: Path) -> None:
    _write(tmp_path / "area=St.%20Louis%2C%20MO" / "part-0.csv", [make_job()])
    assert folders.source_files(tmp_path) == [
        (str(tmp_path / "area=St.%20Louis%2C%20MO" / "part-0.csv"),
         {"area": "St. Louis, MO"})]


@pytest.mark.parametrize("column", ["channel", "coverage_area"])
def test_a_partition_column_the_file_has_too_is_a_problem(client: Any, tmp_path: Path,
                                                          column: str) -> None:
    path = tmp_path / f"{column}=web" / "part-0.csv"
    _write(path, [_with(make_job(), channel="phone")])
    with pytest.raises(InvalidInputError) as found:
        svcperf_dask.dashboard(tmp_path, NIGHT, tz="UTC", client=client)
    assert str(found.value) == (
        f"{path}: folder '{column}=web': field '{column}': expected a partition column the "
        f"file does not have too (nor a core field), got 'a column of the file'")


def test_a_folder_without_data_files_or_with_a_repeated_key_is_named(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(InvalidArgumentError, match="no data file"):
        folders.source_files(tmp_path / "empty")
    _write(tmp_path / "twice" / "a=1" / "a=2" / "part-0.csv", [make_job()])
    with pytest.raises(InvalidArgumentError, match="names the partition column 'a' twice"):
        folders.source_files(tmp_path / "twice")


def _folder_of_parquet(path: Path, files: list[list[Job]], bogus: tuple[int, int] | None = None
                       ) -> None:
    """A folder of Parquet files, one per list of `files` (``part-0.parquet``, ...); the
    status of the row `bogus` (file, row from 0) made a value no job has."""
    import pyarrow as pa

    path.mkdir(parents=True, exist_ok=True)
    for number, jobs in enumerate(files):  # (records: a repeated id is no problem here)
        pq.write_table(columnar_input.jobs_from_records(jobs).table,
                       path / f"part-{number}.parquet")
        if bogus is not None and bogus[0] == number:
            table = pq.read_table(path / f"part-{number}.parquet")
            status = table.column("status").cast(pa.string()).to_pylist()
            status[bogus[1]] = "bogus"
            pq.write_table(table.set_column(table.schema.get_field_index("status"), "status",
                                            pa.array(status)), path / f"part-{number}.parquet")


def _ids(prefix: str, count: int, *repeated: tuple[int, str]) -> list[Job]:
    ids = [f"{prefix}{n}" for n in range(count)]
    for index, job_id in repeated:
        ids[index] = job_id
    return [make_job(job_id=job_id) for job_id in ids]


# Folders whose problems only a reading file by file names as Dask does: a bad row in a
# later file, a repeat in one file, repeats across files, and a row its file's scan
# rejected as the repeat of a row a later check rejects (named after the first file's).
_FOLDERS = {
    "a bad row in the second file": ([_ids("A", 3), _ids("B", 4)], (1, 2)),
    "a repeat in one file and across files": (
        [_ids("A", 6), _ids("B", 6, (2, "A4"), (5, "B1"))], (1, 3)),
    "only repeats across files": ([_ids("A", 6), _ids("B", 6, (2, "A4")), _ids("C", 2,
                                                                            (1, "A0"))], None),
    "a repeat of a repeat across files": ([_ids("A", 3), _ids("B", 5, (1, "A2"),
                                                              (3, "A2"))], None),
}


@pytest.mark.parametrize("case", list(_FOLDERS))
def test_a_parquet_folder_in_one_process_is_read_as_dask_reads_it(
        client: Any, tmp_path: Path, case: str) -> None:
    # (one process numbered the folder's rows across its files, `jobs, row 13: ... (also on
    # row 5)`, and listed every file's problems at once; Dask names each file's rows and
    # reports the first bad file, then the repeats across files)
    files, bogus = _FOLDERS[case]
    folder = tmp_path / "jobs"
    _folder_of_parquet(folder, files, bogus)
    with pytest.raises(InvalidInputError) as theirs:
        svcperf_dask.load(folder, client=client)
    with pytest.raises(InvalidInputError) as ours:
        columnar.load_jobs(folder)
    assert str(ours.value) == str(theirs.value)
    assert str(folder / "part-") in str(theirs.value)  # (rows named in their own files)
    scan = columnar.scan_jobs(folder)
    lenient = svcperf_dask.load(folder, client=client, lenient=True)
    assert [(name, rows, [(item.line, str(item.error)) for item in rejected])
            for name, rows, rejected in scan.files] == [
        (found.source, found.rows, [(item.line, str(item.error)) for item in found.rejected])
        for found in lenient.rejected]
    assert scan.rejected == tuple(item for _, _, rejected in scan.files for item in rejected)
    kept = [job for jobs in files for job in jobs]
    assert sorted(job.job_id for job in columnar.records_of(scan.table)) == sorted(
        {job.job_id for job in kept} - {job.job_id for job in _bogus(files, bogus)})


def _bogus(files: list[list[Job]], bogus: tuple[int, int] | None) -> list[Job]:
    """The job the bogus status was given to, unless its id is kept from another row."""
    if bogus is None:
        return []
    job = files[bogus[0]][bogus[1]]
    others = [other for number, jobs in enumerate(files) for index, other in enumerate(jobs)
              if other.job_id == job.job_id and (number, index) != bogus]
    return [] if others else [job]


def test_the_command_line_reads_a_parquet_folder_on_every_engine_alike(
        client: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # (JOBS a folder: `--engine columnar|python|auto` said "cannot tell the format from the
    # extension ''")
    from svcperf.cli import main

    files, bogus = _FOLDERS["a repeat in one file and across files"]
    folder = tmp_path / "jobs"
    _folder_of_parquet(folder, files, bogus)
    shown = {}
    for engine in ("columnar", "python", "auto"):
        rejected = tmp_path / f"rejected-{engine}.csv"
        code = main(["evaluate", str(folder), "--engine", engine, "--as-of", str(NIGHT),
                     "--tz", "UTC", "--format", "json", "--rejected", str(rejected)])
        out, err = capsys.readouterr()
        shown[engine] = (code, out, err.replace(f"rejected-{engine}", "rejected"),
                         rejected.read_text())
        assert main(["evaluate", str(folder), "--engine", engine, "--as-of", str(NIGHT)]) == 2
        assert capsys.readouterr().err.startswith(f"{folder / 'part-1.parquet'}, row 4: ")
    assert shown["python"] == shown["columnar"] == shown["auto"]
    lenient = svcperf_dask.load(folder, client=client, lenient=True)
    assert shown["columnar"][3].count("\n") == 1 + sum(len(found.rejected)
                                                       for found in lenient.rejected)
    assert f"{folder / 'part-1.parquet'},3," in shown["columnar"][3]


def test_a_folder_of_dispute_files_names_each_file_s_rows(tmp_path: Path) -> None:
    import pyarrow as pa

    folder = tmp_path / "disputes"
    folder.mkdir()
    rows = {"job_id": ["J1", "J2"], "issue_type": ["hg_claim", "hg_claim"],
            "outcome": ["pending", "pending"], "decided_at": pa.nulls(2, pa.string())}
    pq.write_table(pa.table(rows), folder / "a.parquet")
    pq.write_table(pa.table({**rows, "outcome": ["pending", "won"]}), folder / "b.parquet")
    with pytest.raises(InvalidInputError) as error:
        columnar.load_disputes(folder, job_ids=["J1", "J2"])
    assert str(error.value) == (f"{folder / 'b.parquet'}, row 2: dispute on job 'J2': field "
                                f"'outcome': expected one of granted, denied, pending, got 'won'")
    scan = columnar.scan_disputes(folder, job_ids=["J1"])
    assert [(name, count, [(item.line, item.error.field) for item in rejected])
            for name, count, rejected in scan.files] == [
        (str(folder / "a.parquet"), 2, [(2, "job_id")]),
        (str(folder / "b.parquet"), 2, [(2, "outcome")])]
    assert [dispute.job_id for dispute in columnar.dispute_records_of(scan.table)] == [
        "J1", "J1"]


def test_a_folder_of_csv_files_in_one_process_names_the_engines_that_read_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from svcperf.cli import main

    _write(tmp_path / "jobs" / "part-0.csv", [make_job()])
    assert main(["evaluate", str(tmp_path / "jobs"), "--as-of", str(NIGHT)]) == 2
    assert capsys.readouterr().err == (
        f"svcperf: error: {tmp_path / 'jobs'}: a folder read in one process holds Parquet "
        f"files only, got {tmp_path / 'jobs' / 'part-0.csv'} (the Dask and Spark engines read "
        f"folders of CSV and JSON Lines files)\n")


def test_files_with_other_extra_columns_are_read_as_dask_reads_them(
        client: Any, tmp_path: Path) -> None:
    # (one process refused a file with an extra column the first file lacks, or lacking
    # one it has: "expected the columns of the folder's first file"; Dask reads each file
    # with its own columns)
    folder = tmp_path / "jobs"
    first = [make_job(job_id="A0"), make_job(job_id="A1", technician_id=None)]
    crew = [_with(make_job(job_id="B0"), crew="blue")]
    _folder_of_parquet(folder, [first, crew])
    _write(folder / "region=north" / "part-2.parquet", [make_job(job_id="C0")])
    scan = columnar.scan_jobs(folder)
    lenient = svcperf_dask.load(folder, client=client, lenient=True)
    assert [(name, rows, list(rejected)) for name, rows, rejected in scan.files] == [
        (found.source, found.rows, list(found.rejected)) for found in lenient.rejected]
    read = columnar.load_jobs(folder)
    assert columnar.records_of(read) == [*first, *crew, _with(make_job(job_id="C0"),
                                                             region="north")]
    by = ["coverage_area", "technician_id"]
    assert (columnar.dashboard_from(read, NIGHT, by, tz="UTC")
            == svcperf_dask.dashboard(folder, NIGHT, by, tz="UTC", client=client)
            == svcperf.dashboard(columnar.records_of(read), NIGHT, by, tz="UTC"))


def _crew_files(folder: Path, layout: list[tuple[str, int]]) -> tuple[list[Path], list[Job]]:
    """Files of jobs, one per (how its jobs carry the extra ``crew``, how many jobs) of
    `layout`: "all" (a Parquet file with the column), "none" (a Parquet file without it)
    or "some" (a JSON Lines file whose odd rows carry it); their paths and jobs in order.
    Coverage areas alternate North and South."""
    paths, every = [], []
    for index, (carrying, count) in enumerate(layout):
        jobs = [make_job(job_id=f"F{index}R{row}",
                         coverage_area=["North", "South"][(index + row) % 2])
                for row in range(count)]
        jobs = [_with(job, crew=f"c{row % 2}") if carrying == "all"
                or (carrying == "some" and row % 2) else job for row, job in enumerate(jobs)]
        path = folder / f"part-{index}.{'jsonl' if carrying == 'some' else 'parquet'}"
        _write(path, jobs)
        paths.append(path)
        every += jobs
    return paths, every


def _outcome(run: Any) -> Any:
    """What `run()` gives, or the text of the `InvalidArgumentError` it raises."""
    try:
        return run()
    except InvalidArgumentError as error:
        return str(error)


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(["all", "none", "some"]), st.integers(1, 3)),
                min_size=1, max_size=4),
       st.sampled_from([(), ("North",), ("South",)]),
       st.sampled_from([["crew"], [("coverage_area", "crew")], ["technician_id", "crew"]]))
def test_an_extra_column_some_files_lack_is_checked_over_every_job_as_the_reference_does(
        client: Any, tmp_path_factory: pytest.TempPathFactory, layout: list[tuple[str, int]],
        areas: tuple[str, ...], by: list[Any]) -> None:
    # (each Dask partition checked the names over its own jobs alone: a file without the
    # column said "expected a job field ... got 'crew'", where the reference names the
    # first job lacking it: "job 'F0R0' has no attribute 'crew' that other jobs have")
    folder = tmp_path_factory.mktemp("crew")
    paths, jobs = _crew_files(folder, layout)
    viewer = svcperf.Viewer(areas=areas)
    expected = _outcome(lambda: svcperf.dashboard(jobs, NIGHT, by, tz="UTC", viewer=viewer))
    assert _outcome(lambda: svcperf_dask.dashboard(
        [str(path) for path in paths], NIGHT, by, tz="UTC", viewer=viewer,
        client=client)) == expected
    if all(path.suffix == ".parquet" for path in paths):  # a folder one process reads
        assert _outcome(lambda: columnar.dashboard_from(
            columnar.load_jobs(folder), NIGHT, by, tz="UTC", viewer=viewer)) == expected
