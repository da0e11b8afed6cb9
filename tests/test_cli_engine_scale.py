"""``--engine dask`` and ``--engine spark``: the command line's very output and errors on a
cluster (SPEC §10), for ``evaluate`` and ``history``; clear errors for the rest."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_cli import run

import svcperf
from svcperf import sample
from svcperf.cli import EXIT_BAD_INPUT

pytest.importorskip("pyarrow")
distributed = pytest.importorskip("distributed")

pytestmark = [pytest.mark.scale, pytest.mark.filterwarnings(
    "ignore:PySpark does not yet fully support pandas:FutureWarning")]
NIGHT = ["--as-of", "2026-11-15", "--tz", "America/Chicago"]
RANGE = ["--from", "2026-11-01", "--to", "2026-11-15", "--tz", "America/Chicago"]
BY = ["--by", "coverage_area", "--by", "profession", "--by", "technician_id"]


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as cluster:
        yield str(cluster.scheduler_address)


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str, str]:
    """The whole sample file, the same jobs in three files (a glob), and the disputes."""
    folder = tmp_path_factory.mktemp("sample")
    jobs, disputes = sample.write(folder, 2000, seed=3)
    every = svcperf.read_jobs(jobs)
    third = -(-len(every) // 3)
    for part in range(3):
        svcperf.write_jobs(folder / f"part-{part}.csv", every[part * third:(part + 1) * third])
    return jobs, str(folder / "part-*.csv"), disputes


@pytest.mark.parametrize("form", [
    ["evaluate", *NIGHT, "--format", "json", *BY],
    ["evaluate", *NIGHT, "--format", "csv", *BY],
    ["evaluate", *NIGHT, *BY],
    ["evaluate", *NIGHT, "--format", "json", "--viewer-areas", "Brooklyn,Queens"],
    ["evaluate", *NIGHT, "--viewer-areas", "Brooklin", "--by", "coverage_area"],
    ["evaluate", *NIGHT, "--format", "account-health", "--account", "acct-2002"],
    ["evaluate", *NIGHT, "--format", "json", "--by", "coverage_area,profession",
     "--by", "technician_id"],
    ["history", *RANGE, "--format", "json"],
    ["history", *RANGE, "--format", "csv", "--viewer-areas", "Brooklyn"],
])
def test_dask_gives_the_reference_output_byte_for_byte(
        capsys: pytest.CaptureFixture[str], files: tuple[str, str, str], scheduler: str,
        form: list[str]) -> None:
    whole, parts, disputes = files
    command, *rest = form
    reference = run(capsys, command, whole, "--disputes", disputes, *rest,
                    "--engine", "python")
    ours = run(capsys, command, parts, "--disputes", disputes, *rest, "--engine", "dask",
               "--dask-scheduler", scheduler)
    assert ours == reference
    assert reference[0] == 0 and reference[1]


def test_a_bad_name_in_a_combined_by_is_the_reference_error_on_dask(
        capsys: pytest.CaptureFixture[str], files: tuple[str, str, str], scheduler: str) -> None:
    whole, parts, disputes = files
    argv = ["--disputes", disputes, *NIGHT, "--by", "coverage_area,colour"]
    reference = run(capsys, "evaluate", whole, *argv, "--engine", "python")
    assert run(capsys, "evaluate", parts, *argv, "--engine", "dask",
               "--dask-scheduler", scheduler) == reference
    assert reference[:2] == (EXIT_BAD_INPUT, "") and "--by: " in reference[2]


def test_without_a_scheduler_dask_runs_on_a_local_cluster(
        capsys: pytest.CaptureFixture[str], files: tuple[str, str, str]) -> None:
    whole, parts, disputes = files
    argv = ["evaluate", "--disputes", disputes, *NIGHT, "--format", "json"]
    assert run(capsys, argv[0], parts, *argv[1:], "--engine", "dask") == run(
        capsys, argv[0], whole, *argv[1:], "--engine", "python")


def test_a_bad_file_gives_the_reference_lines_and_no_output(
        capsys: pytest.CaptureFixture[str], files: tuple[str, str, str], scheduler: str,
        tmp_path: Path) -> None:
    whole, _, _ = files
    lines = Path(whole).read_text(encoding="utf-8").splitlines(keepends=True)
    lines[3] = lines[3].replace(",completed,", ",finished,", 1)
    bad = tmp_path / "jobs.csv"
    bad.write_text("".join(lines), encoding="utf-8")
    (tmp_path / "disputes.csv").write_text("job_id,issue_type,outcome,decided_at\n"
                                           "J1,hg_claim,won,\n", encoding="utf-8")
    argv = ["evaluate", str(bad), "--disputes", str(tmp_path / "disputes.csv"), *NIGHT]
    reference = run(capsys, *argv, "--engine", "python")
    assert run(capsys, *argv, "--engine", "dask", "--dask-scheduler", scheduler) == reference
    assert reference[:2] == (EXIT_BAD_INPUT, "") and len(reference[2].splitlines()) == 2


def _bad_file_runs(whole: str, tmp_path: Path,
                   engine: str) -> tuple[Path, list[subprocess.CompletedProcess[str]]]:
    """A copy of `whole` whose third line has a bad status, and ``svcperf evaluate`` of it
    in a fresh process (so that what an engine's other processes write to the standard
    error is seen too) with the reference engine, then with `engine`."""
    lines = Path(whole).read_text(encoding="utf-8").splitlines(keepends=True)
    lines[2] = lines[2].replace(",completed,", ",finished,", 1)
    bad = tmp_path / "jobs.csv"
    bad.write_text("".join(lines), encoding="utf-8")
    return bad, [subprocess.run([sys.executable, "-m", "svcperf", "evaluate", str(bad), *NIGHT,
                                 "--engine", chosen], capture_output=True, text=True,
                                timeout=600)
                 for chosen in ("python", engine)]


def test_a_bad_file_on_dask_s_own_cluster_prints_only_the_reference_lines(
        files: tuple[str, str, str], tmp_path: Path) -> None:
    # (the workers logged each failed task with its traceback)
    bad, shown = _bad_file_runs(files[0], tmp_path, "dask")
    assert [(found.returncode, found.stdout, found.stderr) for found in shown] == [
        (EXIT_BAD_INPUT, "", shown[0].stderr)] * 2
    assert shown[0].stderr.startswith(f"{bad}:3: ")


def test_a_bad_file_on_spark_s_own_session_prints_only_the_reference_lines(
        files: tuple[str, str, str], tmp_path: Path) -> None:
    # (Java's own notice of the incubator module Spark 4 loads, which the JVM prints
    # before any configuration is read, was the first line)
    pytest.importorskip("pyspark")
    bad, shown = _bad_file_runs(files[0], tmp_path, "spark")
    assert [(found.returncode, found.stdout, found.stderr)
            for found in shown] == [(EXIT_BAD_INPUT, "", shown[0].stderr)] * 2
    assert shown[0].stderr.startswith(f"{bad}:3: ")


@pytest.mark.parametrize(("master", "reason"), [
    ("local[x]", "Could not parse Master URL: 'local[x]'"),
    ("bogus://x", "Master must either be yarn or start with spark, k8s, or local"),
])
def test_a_spark_master_spark_cannot_start_on_is_one_line_saying_why(
        files: tuple[str, str, str], master: str, reason: str) -> None:
    # (an internal error, exit 3, after Java's stack trace)
    pytest.importorskip("pyspark")
    found = subprocess.run([sys.executable, "-m", "svcperf", "evaluate", files[0], *NIGHT,
                            "--engine", "spark", "--spark-master", master],
                           capture_output=True, text=True, timeout=600)
    assert (found.returncode, found.stdout, found.stderr) == (
        2, "", f"svcperf: error: --engine spark: cannot start a Spark session on master "
               f"{master!r}: {reason}\n")


@pytest.mark.parametrize(("argv", "message"), [
    (["issues", "JOBS", "--engine", "dask"], "--engine dask: runs evaluate and history only; "
                                             "issues reads every job"),
    (["explain", "JOBS", "--metric", "hg_claim_rate", "--engine", "spark"],
     "--engine spark: runs evaluate and history only; explain"),
    (["evaluate", "--sample", "--engine", "dask"], "--engine dask: reads JOBS"),
    (["history", "-", "--from", "2026-11-01", "--to", "2026-11-02", "--engine", "spark"],
     "--engine spark: reads JOBS"),
    (["evaluate", "JOBS", "--engine", "dask", "--input-format", "csv"],
     "--input-format: not with --engine dask"),
    (["evaluate", "JOBS", "--dask-scheduler", "tcp://x:1"],
     "--dask-scheduler: only with --engine dask, got --engine auto"),
    (["evaluate", "JOBS", "--engine", "dask", "--spark-master", "local[2]"],
     "--spark-master: only with --engine spark, got --engine dask"),
    (["evaluate", "JOBS", "--engine", "dask", "--outlook"], "--outlook: not with --engine dask"),
])
def test_what_the_scale_out_engines_cannot_do_is_a_clear_error(
        capsys: pytest.CaptureFixture[str], files: tuple[str, str, str], argv: list[str],
        message: str) -> None:
    argv = [files[0] if word == "JOBS" else word for word in argv]
    code, out, err = run(capsys, *argv)
    assert (code, out) == (EXIT_BAD_INPUT, "")
    assert err.startswith(f"svcperf: error: {message}")


def test_a_missing_file_or_glob_is_named(capsys: pytest.CaptureFixture[str],
                                         scheduler: str, tmp_path: Path) -> None:
    code, out, err = run(capsys, "evaluate", str(tmp_path / "none-*.csv"), *NIGHT,
                         "--engine", "dask", "--dask-scheduler", scheduler)
    assert (code, out) == (EXIT_BAD_INPUT, "")
    assert err == f"svcperf: error: JOBS: no file matches {str(tmp_path / 'none-*.csv')!r}\n"


def test_an_unreachable_scheduler_is_named(capsys: pytest.CaptureFixture[str],
                                           files: tuple[str, str, str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(svcperf.cli_engines, "CONNECT_TIMEOUT", 1)
    code, out, err = run(capsys, "evaluate", files[0], *NIGHT, "--engine", "dask",
                         "--dask-scheduler", "tcp://127.0.0.1:9")
    assert (code, out) == (EXIT_BAD_INPUT, "")
    assert err.startswith("svcperf: error: --dask-scheduler: cannot connect to "
                          "'tcp://127.0.0.1:9': ")


@pytest.fixture(scope="module")
def spark_session() -> Iterator[Any]:
    pytest.importorskip("pyspark")
    if shutil.which("java") is None:
        pytest.skip("the Spark engine needs Java")
    from svcperf.engines import spark
    found = (spark.session_builder("local[2]", "svcperf-cli-tests")
             .config("spark.sql.shuffle.partitions", "2").getOrCreate())
    found.sparkContext.setLogLevel("ERROR")
    yield found
    found.stop()





@pytest.mark.parametrize("form", [
    ["evaluate", *NIGHT, "--format", "json", *BY],
    ["evaluate", *NIGHT, "--format", "csv", *BY],
    ["evaluate", *NIGHT, "--format", "csv", "--viewer-areas", "Brooklyn"],
    ["evaluate", *NIGHT, "--viewer-areas", "Brooklin", "--by", "coverage_area"],
    ["history", *RANGE, "--format", "json"],
    ["evaluate", *NIGHT, "--format", "csv", "--by", "coverage_area,technician_id"],
    ["evaluate", *NIGHT, "--format", "json", "--viewer-areas", "Brooklyn,Queens"],
    ["history", *RANGE, "--format", "csv", "--viewer-areas", "Brooklin",
     "--viewer-areas", "Queens"],
])
def test_spark_gives_the_reference_output_byte_for_byte(
        capsys: pytest.CaptureFixture[str], files: tuple[str, str, str], spark_session: Any,
        form: list[str]) -> None:
    whole, parts, disputes = files
    command, *rest = form
    reference = run(capsys, command, whole, "--disputes", disputes, *rest,
                    "--engine", "python")
    ours = run(capsys, command, parts, "--disputes", disputes, *rest, "--engine", "spark")
    assert ours == reference


def test_a_bad_name_in_a_combined_by_is_the_reference_error_on_spark(
        capsys: pytest.CaptureFixture[str], files: tuple[str, str, str],
        spark_session: Any) -> None:
    whole, parts, disputes = files
    argv = ["--disputes", disputes, *NIGHT, "--by", "coverage_area,colour"]
    reference = run(capsys, "evaluate", whole, *argv, "--engine", "python")
    assert run(capsys, "evaluate", parts, *argv, "--engine", "spark") == reference
    assert reference[:2] == (EXIT_BAD_INPUT, "") and "--by: " in reference[2]


@pytest.mark.parametrize(("areas", "passes"), [
    ([], 1), (["--viewer-areas", "Brooklyn", "--viewer-areas", "Brooklin"], 1),
    (["--viewer-areas", "Brooklyn,Queens"], 2)])
def test_spark_reads_the_data_once_unless_a_viewer_area_holds_a_comma(
        capsys: pytest.CaptureFixture[str], files: tuple[str, str, str], spark_session: Any,
        monkeypatch: pytest.MonkeyPatch, areas: list[str], passes: int) -> None:
    """docs/scale.md: the areas a viewer is checked against come from the run's own pass
    over the data; only a value with a comma (one area, or a list: the data's areas say)
    needs them before the run."""
    from svcperf.engines import spark

    whole, parts, disputes = files
    runs: list[object] = []
    real = spark._run

    def counted(*args: Any, **kwargs: Any) -> Any:
        runs.append(args[1])
        return real(*args, **kwargs)

    monkeypatch.setattr(spark, "_run", counted)
    argv = ["--disputes", disputes, *NIGHT, *areas, "--format", "json"]
    ours = run(capsys, "evaluate", parts, *argv, "--engine", "spark")
    assert len(runs) == passes
    assert ours == run(capsys, "evaluate", whole, *argv, "--engine", "python")
