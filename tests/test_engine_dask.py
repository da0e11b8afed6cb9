"""The Dask engine gives `svcperf.dashboard`'s results and the columnar engine's errors, on
a real `LocalCluster` of two worker processes (SPEC §10)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import make_job, night_data

import svcperf
from svcperf import Dispute, InvalidInputError, Job

pytest.importorskip("pyarrow")
dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")
pd = pytest.importorskip("pandas")
from svcperf.engines import columnar  # noqa: E402
from svcperf.engines import dask as svcperf_dask  # noqa: E402

pytestmark = pytest.mark.scale
BY = ["coverage_area", "technician_id", "profession"]
CLUSTER = settings(max_examples=12, deadline=None, suppress_health_check=[
    HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as found:
        yield found


def _files(folder: Path, jobs: list[Job], cuts: list[int]) -> list[Path]:
    """`jobs` written as contiguous runs, one CSV file each."""
    bounds = [0, *sorted(min(cut, len(jobs)) for cut in cuts), len(jobs)]
    paths = []
    for index, (lo, hi) in enumerate(pairwise(bounds)):
        path = folder / f"jobs-{index}.csv"
        svcperf.write_jobs(path, jobs[lo:hi])
        paths.append(path)
    return paths


@CLUSTER
@given(night_data(), st.lists(st.integers(0, 25), max_size=3))
def test_files_give_the_reference_dashboard(
        client: Any, tmp_path_factory: pytest.TempPathFactory,
        data: tuple[date, list[Job], list[Dispute], str], cuts: list[int]) -> None:
    night, jobs, disputes, tz = data
    folder = tmp_path_factory.mktemp("files")
    paths = _files(folder, jobs, cuts)
    svcperf.write_disputes(folder / "disputes.csv", disputes)
    ours = svcperf_dask.dashboard(paths, night, BY, disputes=folder / "disputes.csv", tz=tz,
                                  client=client)
    assert ours == svcperf.dashboard(jobs, night, BY, disputes=disputes, tz=tz)


@CLUSTER
@given(night_data(), st.integers(1, 5))
def test_a_dask_frame_gives_the_reference_dashboard_however_partitioned(
        client: Any, tmp_path_factory: pytest.TempPathFactory,
        data: tuple[date, list[Job], list[Dispute], str], partitions: int) -> None:
    night, jobs, disputes, tz = data
    folder = tmp_path_factory.mktemp("frame")
    svcperf.write_jobs(folder / "jobs.csv", jobs)
    frame = columnar.load_jobs(folder / "jobs.csv").table.to_pandas(types_mapper=pd.ArrowDtype)
    source = dd.from_pandas(frame, npartitions=partitions, sort=False)
    svcperf.write_disputes(folder / "disputes.csv", disputes)
    ours = svcperf_dask.dashboard(source, night, BY, disputes=folder / "disputes.csv", tz=tz,
                                  client=client)
    assert ours == svcperf.dashboard(jobs, night, BY, disputes=disputes, tz=tz)


def test_a_bad_file_gives_the_columnar_engine_s_problems(client: Any, tmp_path: Path) -> None:
    good = [make_job(job_id="J1")]
    paths = _files(tmp_path, [*good, make_job(job_id="J2")], [1])
    text = paths[1].read_text().replace(",completed,", ",done,")
    paths[1].write_text(text)
    with pytest.raises(InvalidInputError) as expected:
        columnar.load_jobs(paths[1])
    with pytest.raises(InvalidInputError) as found:
        svcperf_dask.dashboard(paths, date(2026, 9, 14), tz="UTC", client=client)
    assert str(found.value) == str(expected.value)
    assert str(paths[1]) in str(found.value)


def test_a_job_id_in_two_files_is_a_problem(client: Any, tmp_path: Path) -> None:
    paths = _files(tmp_path, [make_job(job_id="J1"), make_job(job_id="J1")], [1])
    with pytest.raises(InvalidInputError, match="also on"):
        svcperf_dask.dashboard(paths, date(2026, 9, 14), tz="UTC", client=client)
