"""The Dask engine's lenient loading (issue 13, item 4), on a real `LocalCluster` of two
worker processes: "in lenient mode, writes the rejected rows beside the result and counts
them: good + rejected = every input row".

The oracle is the reference's scan of the whole data as one file (or the columnar scan of
the whole frame): the same rows rejected (per partition, placed in its file), the first
row of a job id kept wherever the second is, and the reference's figures on its good
records.
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path
from typing import Any

import broken_rows
import pytest
from broken_rows import CHANGES, ROWS, SampleRows, broken, problems, text_table, write_csv
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import svcperf
from svcperf import sample
from svcperf.io import scan_disputes, scan_jobs

pytest.importorskip("pyarrow")
pytest.importorskip("pyarrow.csv")
dd = pytest.importorskip("dask.dataframe")
pytest.importorskip("distributed")
pd = pytest.importorskip("pandas")
from svcperf.engines import columnar  # noqa: E402
from svcperf.engines import dask as svcperf_dask  # noqa: E402

pytestmark = pytest.mark.scale
NIGHT, TZ = sample.SAMPLE_NIGHT, sample.SAMPLE_TZ
BY = ["coverage_area"]
CLUSTER = settings(max_examples=10, deadline=None, suppress_health_check=[
    HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@pytest.fixture(scope="module")
def sample_rows(tmp_path_factory: pytest.TempPathFactory) -> SampleRows:
    return broken_rows.sample_rows(tmp_path_factory.mktemp("sample"), ROWS)


@CLUSTER
@given(changes=CHANGES, cuts=st.lists(st.integers(1, ROWS - 1), min_size=1, max_size=3,
                                      unique=True))
def test_files_reject_the_rows_the_reference_rejects_in_the_whole(
        client: Any, tmp_path_factory: pytest.TempPathFactory,
        sample_rows: tuple[list[str], list[list[str]]], changes: list[Any],
        cuts: list[int]) -> None:
    header, rows = sample_rows
    rows = broken(header, rows, changes)
    folder = tmp_path_factory.mktemp("files")
    whole = write_csv(folder / "whole.csv", header, rows)
    bounds = [0, *sorted(cuts), ROWS]
    paths = [write_csv(folder / f"jobs-{index}.csv", header, rows[lo:hi])
             for index, (lo, hi) in enumerate(pairwise(bounds))]
    reference = scan_jobs(whole)
    data = svcperf_dask.load(paths, client=client, lenient=True)
    expected = []
    for item in reference.rejected:  # line L of the whole is in the file holding row L - 2
        index = sum(1 for start in bounds[1:-1] if start <= item.line - 2)
        expected.append((str(paths[index]), item.line - bounds[index], problems(item)))
    assert [(found.source, item.line, problems(item)) for found in data.rejected
            for item in found.rejected] == expected
    assert [found.rows for found in data.rejected] == [
        hi - lo for lo, hi in pairwise(bounds)]
    assert svcperf_dask.dashboard(data, NIGHT, BY, tz=TZ) == svcperf.dashboard(
        list(reference.records), NIGHT, BY, tz=TZ)


@CLUSTER
@given(changes=CHANGES, partitions=st.integers(1, 6))
def test_a_frame_rejects_what_its_whole_scan_rejects_however_partitioned(
        client: Any, tmp_path_factory: pytest.TempPathFactory,
        sample_rows: tuple[list[str], list[list[str]]], changes: list[Any],
        partitions: int) -> None:
    header, rows = sample_rows
    path = write_csv(tmp_path_factory.mktemp("frame") / "jobs.csv", header,
                broken(header, rows, changes))
    table = text_table(path)
    whole = columnar.scan_jobs(table)
    source = dd.from_pandas(table.to_pandas(types_mapper=pd.ArrowDtype),
                            npartitions=partitions, sort=False)
    data = svcperf_dask.load(source, client=client, lenient=True)
    assert [(item.line, str(item.error)) for found in data.rejected
            for item in found.rejected] == [(item.line, str(item.error))
                                            for item in whole.rejected]
    assert sum(found.rows for found in data.rejected) == ROWS
    assert svcperf_dask.dashboard(data, NIGHT, BY, tz=TZ) == svcperf.dashboard(
        list(scan_jobs(path).records), NIGHT, BY, tz=TZ)


def test_a_job_id_in_two_files_keeps_the_first_and_names_it(
        client: Any, tmp_path: Path, sample_rows: tuple[list[str], list[list[str]]]) -> None:
    header, rows = sample_rows
    first = write_csv(tmp_path / "a.csv", header, rows[:10])
    second = write_csv(tmp_path / "b.csv", header, [rows[20], rows[3], rows[21]])
    data = svcperf_dask.load([first, second], client=client, lenient=True)
    job_id = rows[3][header.index("job_id")]
    assert [(found.source, found.rows, [(item.line, str(item.error)) for item in found.rejected])
            for found in data.rejected] == [
        (str(first), 10, []),
        (str(second), 3, [(3, f"{second}:3: job {job_id!r}: field 'job_id': expected a job id "
                              f"no other job has (also on {first}, line 5), got {job_id!r}")])]


def test_disputes_naming_a_rejected_job_are_rejected(
        client: Any, tmp_path: Path, sample_rows: tuple[list[str], list[list[str]]]) -> None:
    header, rows = sample_rows
    changed = broken(header, rows, [(0, ("status", "done"))])
    jobs = write_csv(tmp_path / "jobs.csv", header, changed)
    cells = ["J-none", "hg_claim", "granted", "2026-11-01T10:00:00Z"]
    disputes = write_csv(tmp_path / "disputes.csv", list(svcperf.io.DISPUTE_FIELDS), [
        [changed[0][0], *cells[1:]], [changed[1][0], *cells[1:]], cells])
    data = svcperf_dask.load(jobs, disputes=disputes, client=client, lenient=True)
    good = {job.job_id for job in scan_jobs(jobs).records}
    reference = scan_disputes(disputes, job_ids=good)
    found = data.rejected[-1]
    assert (found.source, found.rows) == (str(disputes), 3)
    assert [(item.line, str(item.error)) for item in found.rejected] == [
        (item.line, str(item.error)) for item in reference.rejected]
    assert [item.line for item in reference.rejected] == [2, 4]
    assert svcperf_dask.evaluate(data, NIGHT, tz=TZ) == svcperf.evaluate(
        list(scan_jobs(jobs).records), NIGHT, disputes=list(reference.records), tz=TZ)
