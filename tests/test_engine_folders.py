"""Hive-partitioned folders as sources of the scale-out engines: every data file under
the folder, and the ``key=value`` folder names as extra attributes of its jobs."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import attrs
import pytest
from strategies import make_job

import svcperf
from svcperf import InvalidArgumentError, InvalidInputError, Job

pytest.importorskip("pyarrow")
distributed = pytest.importorskip("distributed")
import pyarrow.parquet as pq  # noqa: E402

from svcperf.engines import columnar, folders  # noqa: E402
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
