"""``--rejected PATH`` on ``--engine dask`` and ``--engine spark``: the very bytes
``--engine python`` writes (the result, the standard error lines, the rejected rows), on
a real Dask `LocalCluster` and a local Spark session (issue 13, item 4)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from test_cli_rejected import COMMANDS, broken, run

pytest.importorskip("pyarrow")
distributed = pytest.importorskip("distributed")

pytestmark = [pytest.mark.scale, pytest.mark.filterwarnings(
    "ignore:PySpark does not yet fully support pandas:FutureWarning")]
__all__ = ["broken"]  # (the fixture, shared)
SCALE_COMMANDS = [argv for argv in COMMANDS if argv[0] in ("evaluate", "history")]


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as cluster:
        yield str(cluster.scheduler_address)


def _lenient_run(capsys: pytest.CaptureFixture[str], tmp_path: Path, files: tuple[Path, Path],
                 command: list[str], *engine: str) -> tuple[int, str, str, bytes]:
    name, *options = command
    path = tmp_path / f"{engine[1]}.csv"
    code, out, err = run(capsys, name, str(files[0]), "--disputes", str(files[1]), *options,
                         *engine, "--rejected", str(path))
    return code, out, err.replace(str(path), "PATH"), path.read_bytes()


@pytest.mark.parametrize("command", SCALE_COMMANDS, ids=[argv[0] for argv in SCALE_COMMANDS])
def test_dask_writes_the_reference_bytes(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                         broken: tuple[Path, Path], scheduler: str,
                                         command: list[str]) -> None:
    reference = _lenient_run(capsys, tmp_path, broken, command, "--engine", "python")
    ours = _lenient_run(capsys, tmp_path, broken, command, "--engine", "dask",
                        "--dask-scheduler", scheduler)
    assert ours == reference
    assert reference[0] == 0 and reference[3].count(b"\n") > 3


@pytest.fixture(scope="module")
def spark_session() -> Iterator[None]:
    """A local Spark session of two cores, active for the command line to take."""
    import shutil

    pytest.importorskip("pyspark")
    if shutil.which("java") is None:
        pytest.skip("the Spark engine needs Java")
    from svcperf.engines import spark

    found = (spark.session_builder("local[2]", "svcperf-tests")
             .config("spark.sql.shuffle.partitions", "2").getOrCreate())
    found.sparkContext.setLogLevel("ERROR")
    yield None
    found.stop()


@pytest.mark.parametrize("command", SCALE_COMMANDS, ids=[argv[0] for argv in SCALE_COMMANDS])
def test_spark_writes_the_reference_bytes(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                          broken: tuple[Path, Path], spark_session: None,
                                          command: list[str]) -> None:
    reference = _lenient_run(capsys, tmp_path, broken, command, "--engine", "python")
    ours = _lenient_run(capsys, tmp_path, broken, command, "--engine", "spark")
    assert ours == reference


@pytest.mark.parametrize("area", ["Brooklyn", "Atlantis"])  # Atlantis: no job, a warning
@pytest.mark.parametrize("engine", ["dask", "spark"])
def test_a_scoped_viewer_is_named_from_the_good_rows(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, broken: tuple[Path, Path],
        scheduler: str, spark_session: None, engine: str, area: str) -> None:
    command = ["evaluate", "--as-of", "2026-11-15", "--tz", "America/Chicago", "--format",
               "json", "--viewer-areas", area]
    reference = _lenient_run(capsys, tmp_path, broken, command, "--engine", "python")
    options = ["--dask-scheduler", scheduler] if engine == "dask" else []
    assert _lenient_run(capsys, tmp_path, broken, command, "--engine", engine,
                        *options) == reference
