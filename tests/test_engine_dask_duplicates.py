"""The Dask engine finds a job id held by two partitions on the workers (fingerprints by
bucket, then the exact ids of the hits only) and checks the disputes' job ids there: the
messages are the reference's, lines for CSV and rows for Parquet, and a fingerprint shared
by two ids never makes a duplicate (on a real `LocalCluster` of two worker processes)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import make_job

import svcperf
from svcperf import Dispute, InvalidInputError
from svcperf.schema import duplicate_job_problem

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")
dd = pytest.importorskip("dask.dataframe")
pytest.importorskip("distributed")
pd = pytest.importorskip("pandas")
from svcperf.engines import columnar  # noqa: E402
from svcperf.engines import dask as svcperf_dask  # noqa: E402

pytestmark = pytest.mark.scale
NIGHT = date(2026, 9, 14)
CLUSTER = settings(max_examples=15, deadline=None, suppress_health_check=[
    HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def _csv(folder: Path, groups: list[list[str]]) -> list[Path]:
    paths = []
    for index, ids in enumerate(groups):
        paths.append(folder / f"jobs-{index}.csv")
        svcperf.write_jobs(paths[-1], [make_job(job_id=job_id) for job_id in ids])
    return paths


def _problem(job_id: str, first: str, here: Path, line: int) -> str:
    return str(duplicate_job_problem(job_id, first).located(str(here), line))


def test_a_job_id_in_two_csv_files_is_named_at_its_lines(client: Any, tmp_path: Path) -> None:
    paths = _csv(tmp_path, [["J0", "J1"], ["J2", "J1", "J3"]])
    with pytest.raises(InvalidInputError) as found:
        svcperf_dask.load(paths, client=client)
    # the header is line 1: J1 is on line 3 of both files
    assert str(found.value) == _problem("J1", f"{paths[0]}, line 3", paths[1], 3)


def test_a_job_id_in_two_parquet_files_is_named_at_its_rows(client: Any,
                                                             tmp_path: Path) -> None:
    paths = []
    for index, ids in enumerate([["J0", "J1"], ["J1"]]):
        svcperf.write_jobs(tmp_path / "jobs.csv", [make_job(job_id=job_id) for job_id in ids])
        paths.append(tmp_path / f"jobs-{index}.parquet")
        pq.write_table(columnar.load_jobs(tmp_path / "jobs.csv").table, paths[-1])
    with pytest.raises(InvalidInputError) as found:
        svcperf_dask.load(paths, client=client)
    assert str(found.value) == str(duplicate_job_problem("J1", f"{paths[0]}, row 2").located(
        f"{paths[1]}, row 1", None))


def test_every_repeat_is_a_problem_as_the_lenient_run_rejects_it(client: Any,
                                                                 tmp_path: Path) -> None:
    paths = _csv(tmp_path, [["J0", "J1", "J2"], ["J3", "J2", "J1"], ["J1", "J4", "J3"]])
    with pytest.raises(InvalidInputError) as found:
        svcperf_dask.load(paths, client=client)
    rejected = svcperf_dask.load(paths, client=client, lenient=True).rejected
    expected = [str(item.error) for one in rejected for item in one.rejected]
    assert [str(problem) for problem in found.value.problems] == expected
    assert found.value.total == len(expected) == 4


@pytest.mark.parametrize("bits", [1, 2])
def test_ids_sharing_a_fingerprint_are_told_apart(client: Any, tmp_path: Path, bits: int,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    groups = [[f"J{n}" for n in range(start, start + 5)] for start in (0, 5, 10)]
    paths = _csv(tmp_path, groups)
    (tmp_path / "more").mkdir()
    more = [*paths, *_csv(tmp_path / "more", [["J7"]])]
    with pytest.raises(InvalidInputError) as strong:
        svcperf_dask.load(more, client=client)
    monkeypatch.setattr(svcperf_dask, "_FINGERPRINT_BITS", bits)
    jobs = [make_job(job_id=job_id) for ids in groups for job_id in ids]
    assert svcperf_dask.dashboard(paths, NIGHT, tz="UTC", client=client) == svcperf.dashboard(
        jobs, NIGHT, tz="UTC")
    with pytest.raises(InvalidInputError) as weak:
        svcperf_dask.load(more, client=client)
    assert str(weak.value) == str(strong.value)
    assert "also on" in str(weak.value)


@CLUSTER
@given(st.lists(st.integers(0, 40), min_size=1, max_size=12, unique=True),
       st.lists(st.integers(0, 11), max_size=2), st.integers(1, 5), st.sampled_from([1, 3, 64]))
def test_a_dask_frame_gives_the_whole_frame_s_duplicates_however_partitioned(
        client: Any, tmp_path_factory: pytest.TempPathFactory, distinct: list[int],
        repeated: list[int], partitions: int, bits: int) -> None:
    numbers = [*distinct, *(distinct[index % len(distinct)] for index in repeated)]
    folder = tmp_path_factory.mktemp("frame")
    svcperf.write_jobs(folder / "jobs.csv", [make_job(job_id=f"J{n}") for n in range(len(numbers))])
    table = columnar.load_jobs(folder / "jobs.csv").table
    table = table.set_column(table.schema.get_field_index("job_id"), "job_id",
                             pa.array([f"J{n}" for n in numbers], pa.string()))
    frame = table.to_pandas(types_mapper=pd.ArrowDtype)
    source = dd.from_pandas(frame, npartitions=partitions, sort=False)
    was = svcperf_dask._FINGERPRINT_BITS
    svcperf_dask._FINGERPRINT_BITS = bits
    try:
        try:
            columnar.load_jobs(frame)
        except InvalidInputError as expected:
            with pytest.raises(InvalidInputError) as found:
                svcperf_dask.load(source, client=client)
            assert str(found.value) == str(expected)
        else:
            assert svcperf_dask.load(source, client=client).coverage_areas == tuple(
                columnar.coverage_areas(columnar.load_jobs(frame)))
    finally:
        svcperf_dask._FINGERPRINT_BITS = was


def _disputes(path: Path, ids: list[str]) -> Path:
    svcperf.write_disputes(path, [Dispute(job_id=job_id, issue_type=svcperf.IssueType.HG_CLAIM,
                                          outcome=svcperf.DisputeOutcome.PENDING)
                                  for job_id in ids])
    return path


@pytest.mark.parametrize("ids", [["J1", "J9"], ["J2", "J1", "J4"], ["J8"], []])
def test_disputes_naming_unknown_jobs_are_rejected_as_by_every_job_id(
        client: Any, tmp_path: Path, ids: list[str]) -> None:
    paths = _csv(tmp_path, [["J0", "J1"], ["J2", "J3"], ["J4"]])
    every = ["J0", "J1", "J2", "J3", "J4"]
    path = _disputes(tmp_path / "disputes.csv", ids)
    lines = path.read_text().splitlines(keepends=True)
    if len(lines) > 2:  # a bad row too: granted, with no decision instant
        lines[2] = lines[2].replace(",pending,", ",granted,")
        path.write_text("".join(lines))
    try:
        columnar.load_disputes(path, job_ids=every)
    except InvalidInputError as expected:
        with pytest.raises(InvalidInputError) as found:
            svcperf_dask.load(paths, disputes=path, client=client)
        assert str(found.value) == str(expected)
    else:
        assert svcperf_dask.load(paths, disputes=path, client=client).disputes is not None
    scanned = columnar.scan_disputes(path, job_ids=every)
    rejected = svcperf_dask.load(paths, disputes=path, client=client, lenient=True).rejected
    assert [(item.line, str(item.error)) for item in rejected[-1].rejected] == [
        (item.line, str(item.error)) for item in scanned.rejected]


class _ClientWithoutWorkers:
    """A client whose cluster lists no worker yet (they have not joined), running each
    task at once, and refusing `allow_other_workers` without `workers` as `distributed`'s
    ``Client.submit`` does."""

    def scheduler_info(self) -> dict[str, Any]:
        return {"workers": {}}

    def submit(self, function: Any, *args: Any, workers: Any = None,
               allow_other_workers: bool = False, pure: bool = True) -> Any:
        if allow_other_workers and workers is None:
            raise ValueError("Only use allow_other_workers= if using workers=")
        return function(*args)

    def gather(self, futures: list[Any]) -> list[Any]:
        return futures

    def scatter(self, value: Any, broadcast: bool = False) -> Any:
        return value


def test_repeats_are_found_when_the_cluster_lists_no_worker_yet(tmp_path: Path) -> None:
    # (it raised distributed's "Only use allow_other_workers= if using workers=")
    tables = [columnar.load_jobs(path) for path in _csv(tmp_path, [["J0", "J1"], ["J1"]])]
    found, _ = svcperf_dask._repeated(_ClientWithoutWorkers(), tables, [None, None])
    assert found == [[(1, "J1")], [(0, "J1")]]
