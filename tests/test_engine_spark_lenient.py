"""The Spark engine's lenient runs (issue 13, item 4), on a real local Spark session of two
cores: "in lenient mode, writes the rejected rows beside the result and counts them: good
+ rejected = every input row".

The oracle is the columnar scan of the whole file (a Parquet file read in runs of row
groups, a partition each) or the reference's scan of the whole data as one file: the same
rows rejected, the first row of a job id kept wherever the second is, and the reference's
figures on the good records.
"""

from __future__ import annotations

import shutil
from datetime import date
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
pq = pytest.importorskip("pyarrow.parquet")
pytest.importorskip("pyspark")
if shutil.which("java") is None:
    pytest.skip("the Spark engine needs Java", allow_module_level=True)
from svcperf.engines import columnar  # noqa: E402
from svcperf.engines import spark as svcperf_spark  # noqa: E402

pytestmark = [pytest.mark.scale, pytest.mark.filterwarnings(
    "ignore:PySpark does not yet fully support pandas:FutureWarning")]
NIGHT, TZ = sample.SAMPLE_NIGHT, sample.SAMPLE_TZ
BY = ["coverage_area"]
SESSION = settings(max_examples=4, deadline=None, suppress_health_check=[
    HealthCheck.function_scoped_fixture, HealthCheck.too_slow])



@pytest.fixture(scope="module")
def sample_rows(tmp_path_factory: pytest.TempPathFactory) -> SampleRows:
    return broken_rows.sample_rows(tmp_path_factory.mktemp("sample"), ROWS)


@SESSION
@given(changes=CHANGES, group=st.integers(5, 40))
def test_a_parquet_file_in_runs_rejects_what_its_whole_scan_rejects(
        session: Any, tmp_path_factory: pytest.TempPathFactory,
        sample_rows: tuple[list[str], list[list[str]]], changes: list[Any], group: int) -> None:
    header, rows = sample_rows
    folder = tmp_path_factory.mktemp("parquet")
    path = write_csv(folder / "jobs.csv", header, broken(header, rows, changes))
    table = text_table(path)
    pq.write_table(table, folder / "jobs.parquet", row_group_size=group)
    whole = columnar.scan_jobs(folder / "jobs.parquet")
    found = svcperf_spark.dashboard(folder / "jobs.parquet", NIGHT, BY, tz=TZ, session=session,
                                    lenient=True)
    assert [(item.source, item.rows) for item in found.inputs] == [
        (str(folder / "jobs.parquet"), ROWS)]
    assert [(item.line, str(item.error)) for item in found.inputs[0].rejected] == [
        (item.line, str(item.error)) for item in whole.rejected]
    assert found.result == svcperf.dashboard(list(scan_jobs(path).records), NIGHT, BY, tz=TZ)


@SESSION
@given(changes=CHANGES, cut=st.integers(1, ROWS - 1))
def test_files_reject_the_rows_the_reference_rejects_in_the_whole(
        session: Any, tmp_path_factory: pytest.TempPathFactory,
        sample_rows: tuple[list[str], list[list[str]]], changes: list[Any], cut: int) -> None:
    header, rows = sample_rows
    rows = broken(header, rows, changes)
    folder = tmp_path_factory.mktemp("files")
    whole = scan_jobs(write_csv(folder / "whole.csv", header, rows))
    paths = [write_csv(folder / "jobs-0.csv", header, rows[:cut]),
             write_csv(folder / "jobs-1.csv", header, rows[cut:])]
    found = svcperf_spark.history(paths, date(2026, 11, 14), NIGHT, tz=TZ, session=session,
                                  lenient=True)
    assert [(item.source, line.line, problems(line)) for item in found.inputs
            for line in item.rejected] == [
        (str(paths[item.line - 2 >= cut]), item.line - (cut if item.line - 2 >= cut else 0),
         problems(item)) for item in whole.rejected]
    assert found.result == svcperf.history(list(whole.records), date(2026, 11, 14), NIGHT,
                                           tz=TZ)


def test_disputes_are_checked_against_the_good_jobs(
        session: Any, tmp_path: Path, sample_rows: tuple[list[str], list[list[str]]]) -> None:
    header, rows = sample_rows
    changed = broken(header, rows, [(0, ("status", "done"))])
    jobs = write_csv(tmp_path / "jobs.csv", header, changed)
    cells = ["J-none", "hg_claim", "granted", "2026-11-01T10:00:00Z"]
    disputes = write_csv(tmp_path / "disputes.csv", list(svcperf.io.DISPUTE_FIELDS), [
        [changed[0][0], *cells[1:]], [changed[1][0], *cells[1:]], cells])
    found = svcperf_spark.evaluate(jobs, NIGHT, disputes=disputes, tz=TZ, session=session,
                                   lenient=True)
    good = scan_jobs(jobs).records
    reference = scan_disputes(disputes, job_ids={job.job_id for job in good})
    assert [(item.line, str(item.error)) for item in found.inputs[-1].rejected] == [
        (item.line, str(item.error)) for item in reference.rejected] != []
    assert found.result == svcperf.evaluate(list(good), NIGHT, disputes=list(reference.records),
                                            tz=TZ)


def test_a_dataframe_rejects_the_rows_the_reference_rejects(
        session: Any, tmp_path: Path, sample_rows: tuple[list[str], list[list[str]]]) -> None:
    """(Rows are numbered in their partition: the problems are compared, not the places;
    no job id is repeated, since which copy comes first depends on the partitioning.)"""
    header, rows = sample_rows
    changes = [(5, ("status", "done")), (70, ("timezone", "Mars/Base")), (110, ("rating", "9"))]
    path = write_csv(tmp_path / "jobs.csv", header, broken(header, rows, changes))
    table = text_table(path)
    frame = session.createDataFrame(table.to_pandas()).repartition(3)
    reference = scan_jobs(path)
    found = svcperf_spark.evaluate(frame, NIGHT, tz=TZ, session=session, lenient=True)
    assert sum(item.rows for item in found.inputs) == ROWS
    assert sorted(problem for item in found.inputs for line in item.rejected
                  for problem in problems(line)) == sorted(
        problem for line in reference.rejected for problem in problems(line))
    assert found.result == svcperf.evaluate(list(reference.records), NIGHT, tz=TZ)
