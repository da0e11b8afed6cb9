"""The Dask engine gives `svcperf.dashboard`'s results and the columnar engine's errors, on
a real `LocalCluster` of two worker processes (SPEC §10)."""

from __future__ import annotations

from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import history_inputs, make_job, night_data

import svcperf
from svcperf import Dispute, InvalidInputError, Job

pytest.importorskip("pyarrow")
dd = pytest.importorskip("dask.dataframe")
pytest.importorskip("distributed")
pd = pytest.importorskip("pandas")
from svcperf.engines import columnar  # noqa: E402
from svcperf.engines import dask as svcperf_dask  # noqa: E402

pytestmark = pytest.mark.scale
BY: list[str | tuple[str, ...]] = ["coverage_area", "technician_id", "profession",
                                   ("coverage_area", "technician_id")]
CLUSTER = settings(max_examples=12, deadline=None, suppress_health_check=[
    HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


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


def test_a_bad_row_of_a_dask_frame_is_numbered_in_the_whole_frame(client: Any,
                                                                    tmp_path: Path) -> None:
    svcperf.write_jobs(tmp_path / "jobs.csv", [make_job(job_id=f"J{n}") for n in range(4)])
    frame = columnar.load_jobs(tmp_path / "jobs.csv").table.to_pandas(types_mapper=pd.ArrowDtype)
    frame["rating"] = pd.array([None, None, None, 9], dtype="int64[pyarrow]")
    with pytest.raises(InvalidInputError) as expected:
        columnar.load_jobs(frame)
    with pytest.raises(InvalidInputError) as found:
        svcperf_dask.dashboard(dd.from_pandas(frame, npartitions=2, sort=False),
                               date(2026, 9, 14), tz="UTC", client=client)
    assert str(found.value) == str(expected.value)
    assert "row 4" in str(found.value)


def test_a_glob_names_the_files_in_order(client: Any, tmp_path: Path) -> None:
    jobs = [make_job(job_id=f"J{n}", technician_id=[None, "t"][n % 2]) for n in range(5)]
    _files(tmp_path, jobs, [2, 3])
    ours = svcperf_dask.dashboard(str(tmp_path / "jobs-*.csv"), date(2026, 9, 14), BY,
                                  tz="UTC", client=client)
    assert ours == svcperf.dashboard(jobs, date(2026, 9, 14), BY, tz="UTC")


def test_a_dispute_naming_no_job_gives_the_columnar_engine_s_problem(
        client: Any, tmp_path: Path) -> None:
    paths = _files(tmp_path, [make_job(job_id="J1"), make_job(job_id="J2")], [1])
    svcperf.write_disputes(tmp_path / "disputes.csv", [Dispute(
        job_id="J9", issue_type=svcperf.IssueType.HG_CLAIM,
        outcome=svcperf.DisputeOutcome.PENDING)])
    with pytest.raises(InvalidInputError) as expected:
        columnar.load_disputes(tmp_path / "disputes.csv", job_ids=["J1", "J2"])
    with pytest.raises(InvalidInputError) as found:
        svcperf_dask.dashboard(paths, date(2026, 9, 14), disputes=tmp_path / "disputes.csv",
                               tz="UTC", client=client)
    assert str(found.value) == str(expected.value)



@CLUSTER
@given(history_inputs(), st.lists(st.integers(0, 25), max_size=3))
def test_files_give_the_reference_history(
        client: Any, tmp_path_factory: pytest.TempPathFactory,
        data: tuple[date, date, list[Job], list[Dispute], str, int, list[svcperf.TargetSet]],
        cuts: list[int]) -> None:
    first, last, jobs, disputes, tz, days, targets = data
    folder = tmp_path_factory.mktemp("history")
    paths = _files(folder, jobs, cuts)
    svcperf.write_disputes(folder / "disputes.csv", disputes)
    ours = svcperf_dask.history(paths, first, last, disputes=folder / "disputes.csv", tz=tz,
                                days=days, targets=targets, client=client)
    assert ours == svcperf.history(jobs, first, last, disputes=disputes, tz=tz, days=days,
                                   targets=targets)


@CLUSTER
@given(night_data(), st.integers(1, 4),
       st.sets(st.sampled_from(["North", "South", "East"])))
def test_a_dask_frame_gives_the_reference_evaluation_for_any_viewer(
        client: Any, tmp_path_factory: pytest.TempPathFactory,
        data: tuple[date, list[Job], list[Dispute], str], partitions: int,
        areas: set[str]) -> None:
    night, jobs, disputes, tz = data
    folder = tmp_path_factory.mktemp("evaluate")
    svcperf.write_jobs(folder / "jobs.csv", jobs)
    frame = columnar.load_jobs(folder / "jobs.csv").table.to_pandas(types_mapper=pd.ArrowDtype)
    svcperf.write_disputes(folder / "disputes.csv", disputes)
    viewer = svcperf.Viewer(areas)
    ours = svcperf_dask.evaluate(dd.from_pandas(frame, npartitions=partitions, sort=False),
                                 night, disputes=folder / "disputes.csv", tz=tz,
                                 viewer=viewer, client=client)
    assert ours == svcperf.evaluate(jobs, night, disputes=disputes, tz=tz, viewer=viewer)


def test_loaded_data_serves_several_runs_and_names_its_areas(client: Any,
                                                              tmp_path: Path) -> None:
    jobs = [make_job(job_id=f"J{n}", coverage_area=["North", "South"][n % 2])
            for n in range(5)]
    paths = _files(tmp_path, jobs, [2])
    data = svcperf_dask.load(paths, client=client)
    assert data.coverage_areas == ("North", "South")
    night = date(2026, 9, 14)
    assert svcperf_dask.dashboard(data, night, BY, tz="UTC") == svcperf.dashboard(
        jobs, night, BY, tz="UTC")
    assert svcperf_dask.history(data, night, night, tz="UTC") == svcperf.history(
        jobs, night, night, tz="UTC")
    with pytest.raises(svcperf.InvalidArgumentError, match="carries its disputes"):
        svcperf_dask.evaluate(data, night, tz="UTC", client=client)


def test_a_bad_range_is_refused_before_any_data_is_read(client: Any) -> None:
    with pytest.raises(svcperf.InvalidArgumentError, match="last_night"):
        svcperf_dask.history("no-such-file.csv", date(2026, 9, 2), date(2026, 9, 1),
                             tz="UTC", client=client)
