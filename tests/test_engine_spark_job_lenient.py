"""The nightly Spark job's ``--lenient``: ``rejected.csv`` beside ``evaluation.json`` and
``dashboard.parquet``, byte for byte what ``svcperf evaluate --rejected`` writes, and its
JSON the command line's on the same lenient reading (issue 13, item 4)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from test_cli_rejected import NIGHT, broken, run

pytest.importorskip("pyarrow.parquet")
pytest.importorskip("pyspark")
if shutil.which("java") is None:
    pytest.skip("the Spark job needs Java", allow_module_level=True)
from svcperf.engines import spark_job

pytestmark = [pytest.mark.scale, pytest.mark.filterwarnings(
    "ignore:PySpark does not yet fully support pandas:FutureWarning")]
__all__ = ["broken"]  # (the fixture, shared)
BY = ["--by", "coverage_area"]


def test_the_job_writes_the_rejected_rows_the_command_line_writes(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], broken: tuple[Path, Path]) -> None:
    """(Run in this process, with its own local session.)"""
    jobs, disputes = map(str, broken)
    path = tmp_path / "rejected.csv"
    expected = run(capsys, "evaluate", jobs, "--disputes", disputes, *NIGHT, *BY, "--format",
                   "json", "--rejected", str(path), "--engine", "python")
    assert expected[0] == 0
    out = tmp_path / "out"
    code = spark_job.main([jobs, "--disputes", disputes, *NIGHT, *BY, "--out", str(out),
                           "--master", "local[2]", "--lenient"])
    err = capsys.readouterr().err
    assert code == 0
    assert sorted(os.listdir(out)) == [spark_job.PARQUET_NAME, spark_job.JSON_NAME,
                                       spark_job.REJECTED_NAME]
    assert (out / spark_job.JSON_NAME).read_text(encoding="utf-8") == expected[1]
    assert (out / spark_job.REJECTED_NAME).read_bytes() == path.read_bytes()
    assert err.replace(str(out / spark_job.REJECTED_NAME), "PATH") == expected[2].replace(
        str(path), "PATH")


def test_without_lenient_the_same_input_fails_and_writes_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], broken: tuple[Path, Path]) -> None:
    out = tmp_path / "out"
    code = spark_job.main([str(broken[0]), *NIGHT, "--out", str(out), "--master", "local[2]"])
    assert code == 2
    assert capsys.readouterr().err
    assert not out.exists()
