"""Writing Parquet (`write_jobs`, `write_disputes`, `sample --format parquet`): files the
columnar reader reads back to equal records (the same instants, in UTC), in batches of
row groups, with CSV's columns and errors; without pyarrow, the extra to install."""

from __future__ import annotations

import sys
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import disputes_for, job_lists

from svcperf import InvalidArgumentError, Job, MissingExtraError, sample, write_disputes, write_jobs
from svcperf.cli import main

pytest.importorskip("pyarrow")
import pyarrow.parquet as pq

from svcperf.engines import columnar, parquet_writing

FILES = settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=40)
# Extra values as files hold them: any text but "(none)" (read as no value), or none.
EXTRA_VALUE = st.none() | st.text(st.characters(codec="utf-8", exclude_characters="\x00"),
                                  min_size=1, max_size=6).filter(lambda text: text != "(none)")


@st.composite
def jobs_with_extras(draw: st.DrawFn) -> list[Job]:
    """Jobs carrying the extra attributes ``channel`` and ``crew`` (or none at all)."""
    names = draw(st.sampled_from([(), ("channel", "crew")]))
    return [attrs.evolve(job, extras=tuple((name, draw(EXTRA_VALUE)) for name in names))
            for job in draw(job_lists(max_size=12))]


def _read_jobs(path: Path) -> list[Job]:
    return columnar.records_of(columnar.load_jobs(path))


@FILES
@given(found=jobs_with_extras())
def test_jobs_read_back_equal_to_those_written_their_instants_in_utc(
        tmp_path: Path, found: list[Job]) -> None:
    path = tmp_path / "jobs.parquet"
    assert write_jobs(path, found) == len(found)
    back = _read_jobs(path)
    assert back == found
    instants = [value for job in back for value in (
        job.arrival_window_start, job.arrival_window_end, job.started_at, job.closed_at,
        job.rated_at, job.hg_claim_at) if value is not None]
    assert all(value.utcoffset() is not None and not value.utcoffset() for value in instants)


@FILES
@given(data=st.data())
def test_disputes_read_back_equal_to_those_written(tmp_path: Path, data: st.DataObject) -> None:
    found_jobs = data.draw(job_lists(min_size=1, max_size=6))
    found = data.draw(disputes_for(found_jobs))
    jobs_path, path = tmp_path / "jobs.parquet", tmp_path / "disputes.parquet"
    write_jobs(jobs_path, found_jobs)
    assert write_disputes(path, found) == len(found)
    table = columnar.load_jobs(jobs_path)
    back = columnar.dispute_records_of(columnar.load_disputes(
        path, job_ids=table.table.column("job_id")))
    assert back == found


def test_many_jobs_are_written_a_row_group_per_batch(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parquet_writing, "BATCH_ROWS", 3)
    jobs, disputes = sample.generate(10, 3)
    path = tmp_path / "jobs.parquet"
    assert write_jobs(path, iter(jobs)) == 10
    assert pq.ParquetFile(path).metadata.num_row_groups == 4
    assert _read_jobs(path) == jobs
    assert write_disputes(tmp_path / "disputes.parquet", iter(disputes)) == len(disputes)
    assert pq.ParquetFile(tmp_path / "disputes.parquet").metadata.num_row_groups == -(
        -len(disputes) // 3)


@pytest.mark.parametrize("suffix", ["parquet", "csv"])
def test_a_job_with_an_extra_not_among_the_columns_is_refused_as_in_csv(
        tmp_path: Path, suffix: str) -> None:
    job = attrs.evolve(sample.generate(1, 3)[0][0], extras=(("channel", "web"),))
    with pytest.raises(InvalidArgumentError, match=f"^{job.name}: extra attribute 'channel' "
                                                   f"is not among the columns written$"):
        write_jobs(tmp_path / f"jobs.{suffix}", [job], extras=["crew"])


def test_the_format_argument_writes_parquet_whatever_the_name(tmp_path: Path) -> None:
    jobs, _ = sample.generate(5, 3)
    write_jobs(tmp_path / "export.bin", jobs, format="parquet")
    assert columnar.records_of(columnar.load_jobs(tmp_path / "export.bin",
                                                  format="parquet")) == jobs
    write_jobs(tmp_path / "none.parquet", [])
    assert columnar.load_jobs(tmp_path / "none.parquet").table.num_rows == 0


def test_the_sample_in_parquet_reads_back_to_the_generated_records(tmp_path: Path) -> None:
    jobs_path, disputes_path = sample.write(tmp_path, 300, 7, format="parquet")
    assert (jobs_path, disputes_path) == (str(tmp_path / "jobs.parquet"),
                                          str(tmp_path / "disputes.parquet"))
    jobs, disputes = sample.generate(300, 7)
    data = columnar.load_jobs(jobs_path)
    assert columnar.records_of(data) == jobs
    assert columnar.dispute_records_of(columnar.load_disputes(
        disputes_path, job_ids=data.table.column("job_id"))) == disputes
    assert sorted(path.name for path in tmp_path.iterdir()) == ["disputes.parquet",
                                                                "jobs.parquet"]


def test_the_command_lines_parquet_sample_gives_the_csv_samples_figures(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shown = []
    for format in ("csv", "parquet"):
        folder = tmp_path / format
        assert main(["sample", "--jobs", "400", "--seed", "7", "--out", str(folder),
                     "--format", format]) == 0
        capsys.readouterr()
        code = main(["evaluate", str(folder / f"jobs.{format}"), "--disputes",
                     str(folder / f"disputes.{format}"), "--as-of", "2026-11-15", "--tz",
                     "America/Chicago", "--by", "channel", "--format", "json"])
        shown.append((code, *capsys.readouterr()))
    assert shown[0] == shown[1]
    assert shown[0][0] == 0 and '"channel"' in shown[0][1]


def test_without_pyarrow_writing_parquet_names_the_extra(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for module in ("pyarrow", "pyarrow.parquet"):
        monkeypatch.setitem(sys.modules, module, None)  # (an import of it fails)
    expected = "^writing Parquet needs pyarrow: pip install 'svcperf\\[columnar\\]'$"
    with pytest.raises(MissingExtraError, match=expected):
        write_jobs(tmp_path / "jobs.parquet", [])
    with pytest.raises(MissingExtraError, match=expected):
        write_disputes(tmp_path / "disputes.csv", [], format="parquet")
    with pytest.raises(MissingExtraError, match=expected):
        sample.write(tmp_path / "out", 10, format="parquet")
    assert not list(tmp_path.iterdir())  # (no file, and no folder for the sample)
