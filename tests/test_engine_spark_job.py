"""The nightly Spark job, run end to end with ``spark-submit --master local[2]``: its JSON is
byte for byte ``svcperf evaluate --format json``'s, its Parquet the dashboard's frame, and
bad input exits as the command line does, writing nothing."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from strategies import make_job

import svcperf
from svcperf import sample

pq = pytest.importorskip("pyarrow.parquet")
pytest.importorskip("pyspark")
SUBMIT = shutil.which("spark-submit", path=os.path.dirname(sys.executable)) or shutil.which(
    "spark-submit")
if shutil.which("java") is None or SUBMIT is None:
    pytest.skip("the Spark job needs Java and spark-submit", allow_module_level=True)
from svcperf.engines import spark_job  # noqa: E402

pytestmark = pytest.mark.scale
OPTIONS = ["--as-of", "2026-11-15", "--tz", "America/Chicago", "--by", "coverage_area",
           "--by", "coverage_area,technician_id"]


def _submit(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYSPARK_PYTHON": sys.executable,
           "PYSPARK_DRIVER_PYTHON": sys.executable}
    assert SUBMIT is not None
    return subprocess.run([SUBMIT, "--master", "local[2]", spark_job.__file__, *args],
                          capture_output=True, text=True, env=env, timeout=600, check=False)


def _evaluate(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "svcperf", "evaluate", *args, "--format",
                           "json"], capture_output=True, text=True, check=False)


def _sample_files(folder: Path) -> tuple[list[Path], Path]:
    jobs, disputes = sample.generate(600)
    paths = [folder / "jobs-0.csv", folder / "jobs-1.csv"]
    svcperf.write_jobs(paths[0], jobs[:250])
    svcperf.write_jobs(paths[1], jobs[250:])
    svcperf.write_jobs(folder / "jobs.csv", jobs)
    svcperf.write_disputes(folder / "disputes.csv", disputes)
    return paths, folder / "disputes.csv"


def test_the_job_writes_the_command_line_s_json_and_the_dashboard_s_frame(
        tmp_path: Path) -> None:
    _, disputes = _sample_files(tmp_path)
    ran = _submit(str(tmp_path / "jobs-*.csv"), "--disputes", str(disputes), *OPTIONS,
                  "--out", str(tmp_path / "out"))
    assert ran.returncode == 0, ran.stderr
    expected = _evaluate(str(tmp_path / "jobs.csv"), "--disputes", str(disputes), *OPTIONS)
    assert expected.returncode == 0, expected.stderr
    assert (tmp_path / "out" / "evaluation.json").read_bytes() == expected.stdout.encode()
    jobs, found = sample.generate(600)
    board = svcperf.dashboard(jobs, sample.SAMPLE_NIGHT,
                              ["coverage_area", ("coverage_area", "technician_id")],
                              disputes=found, tz="America/Chicago")
    assert pq.read_table(tmp_path / "out" / "dashboard.parquet").equals(board.to_arrow())
    assert sorted(os.listdir(tmp_path / "out")) == ["dashboard.parquet", "evaluation.json"]


def test_bad_input_exits_as_the_command_line_does_and_writes_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """(Run in this process, with its own local session.)"""
    paths, _ = _sample_files(tmp_path)
    paths[1].write_text(paths[1].read_text().replace(",completed,", ",done,", 3))
    expected = _evaluate(str(paths[1]), *OPTIONS)
    assert expected.returncode == 2
    assert len(expected.stderr.splitlines()) == 3
    found = spark_job.main([*map(str, paths), *OPTIONS, "--out", str(tmp_path / "out"),
                            "--master", "local[2]"])
    assert found == 2
    assert capsys.readouterr().err == expected.stderr
    assert not (tmp_path / "out").exists()


def test_the_results_are_written_whole_or_not_at_all(tmp_path: Path) -> None:
    jobs, disputes = sample.generate(300)
    board = svcperf.dashboard(jobs, sample.SAMPLE_NIGHT, ["profession"], disputes=disputes,
                              tz="America/Chicago")
    spark_job.write(board, str(tmp_path / "out"))
    assert pq.read_table(tmp_path / "out" / spark_job.PARQUET_NAME).equals(board.to_arrow())
    (tmp_path / "out" / spark_job.JSON_NAME).unlink()
    (tmp_path / "out" / spark_job.PARQUET_NAME).unlink()
    (tmp_path / "out" / spark_job.PARQUET_NAME).mkdir()  # cannot be replaced by a file
    with pytest.raises(OSError):
        spark_job.write(board, str(tmp_path / "out"))
    assert sorted(os.listdir(tmp_path / "out")) == [spark_job.PARQUET_NAME]


def test_the_warnings_are_said_as_the_command_line_says_them(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """(Ratings on cancelled jobs: seven of one account, so five lines and a count.)"""
    jobs = [make_job(job_id=f"J{n}", status=svcperf.JobStatus.CANCELLED, rating=4,
                     rated_at=make_job().closed_at, account_id=f"acct-{n // 7}")
            for n in range(8)]
    svcperf.write_jobs(tmp_path / "jobs.csv", jobs)
    expected = _evaluate(str(tmp_path / "jobs.csv"), "--as-of", "2026-09-14")
    evaluation = svcperf.evaluate(jobs, date(2026, 9, 14), tz="UTC")
    svcperf.cli.say_warnings(evaluation, evaluation.accounts)  # what spark_job calls
    assert capsys.readouterr().err == expected.stderr
    assert len(expected.stderr.splitlines()) == 7


@pytest.mark.parametrize(("options", "message"), [
    (["--tz", "Mars/Olympus"], "svcperf: error: --tz:"),
    (["--window-days", "0"], "svcperf: error: --window-days:"),
    (["--out", __file__], "svcperf: error: --out:"),
    (["--bogus"], "unrecognized arguments: --bogus"),
])
def test_a_bad_option_is_a_usage_error(capsys: pytest.CaptureFixture[str], options: list[str],
                                       message: str) -> None:
    assert spark_job.main(["jobs.csv", "--out", "out", *options]) == 2
    assert message in capsys.readouterr().err
