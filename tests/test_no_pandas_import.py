"""With pandas installed, the columnar engine never makes pyarrow import it (issue 11).

pyarrow imports pandas on its first conversion of a Python value (about 0.4 s of CPU and
50 MiB), so the engine builds its values with `svcperf.arrow_values`. Each case runs in a
fresh interpreter whose import system reports the stack of any import of pandas; the
process must end without pandas in `sys.modules`.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytest.importorskip("pandas")  # without pandas nothing can import it
pa = pytest.importorskip("pyarrow")
pytest.importorskip("polars")

from svcperf import sample  # noqa: E402

#: Run before each case: the stack of the first import of pandas goes to standard error
#: (an import, not a look-up: polars asks `importlib.util.find_spec` whether it is there).
_WATCH = """\
import sys, traceback

class _Watch:
    def find_spec(self, name, path=None, target=None):
        if name == "pandas" and sys._getframe(2).f_code.co_name == "_find_and_load_unlocked":
            print("pandas imported here:", file=sys.stderr)
            traceback.print_stack(file=sys.stderr)
        return None

sys.meta_path.insert(0, _Watch())
"""
_CHECK = """
assert "pandas" not in sys.modules, "pandas was imported"
print("no pandas")
"""
_NIGHT = str(sample.SAMPLE_NIGHT)
_BY = ["coverage_area", "profession", "technician_id", "channel"]


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small sample as CSV, JSON Lines and Parquet (typed columns, as the benchmarks write
    it), and a jobs CSV with a bad row."""
    import pyarrow.parquet as pq

    from svcperf.engines import columnar

    folder = tmp_path_factory.mktemp("nopandas")
    sample.write(folder, 400, 11)
    sample.write(folder, 400, 11, format="jsonl")
    pq.write_table(columnar.load_jobs(folder / "jobs.csv").table, folder / "jobs.parquet")
    pq.write_table(columnar.load_disputes(folder / "disputes.csv").table,
                   folder / "disputes.parquet")
    _write_bad_parquet(folder)
    lines = (folder / "jobs.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    fields = lines[3].split(",")
    fields[6] = "2026-02-30"  # appointment_date: no such day
    lines[3] = ",".join(fields)
    (folder / "bad_jobs.csv").write_text("".join(lines), encoding="utf-8")
    return folder


def _write_bad_parquet(folder: Path) -> None:
    """Typed Parquet files with bad rows: a rating of 9 and a job id used twice; a dispute
    with no such outcome."""
    import pyarrow.parquet as pq

    jobs = pq.read_table(folder / "jobs.parquet")
    ratings = jobs.column("rating").to_pylist()
    ratings[3] = 9
    ids = jobs.column("job_id").to_pylist()
    ids[5] = ids[4]
    jobs = jobs.set_column(jobs.schema.get_field_index("rating"), "rating",
                           pa.array(ratings, pa.int8()))
    jobs = jobs.set_column(0, "job_id", pa.array(ids, pa.string()))
    pq.write_table(jobs, folder / "bad_jobs.parquet")
    disputes = pq.read_table(folder / "disputes.parquet")
    outcomes = disputes.column("outcome").cast(pa.string()).to_pylist()
    outcomes[1] = "maybe"
    disputes = disputes.set_column(disputes.schema.get_field_index("outcome"), "outcome",
                                   pa.array(outcomes, pa.string()))
    pq.write_table(disputes, folder / "bad_disputes.parquet")


def _run(folder: Path, code: str) -> subprocess.CompletedProcess[str]:
    script = _WATCH + textwrap.dedent(code) + _CHECK
    return subprocess.run([sys.executable, "-c", script], cwd=folder, capture_output=True,
                          text=True, check=False)


def _assert_no_pandas(found: subprocess.CompletedProcess[str]) -> None:
    assert "pandas imported here" not in found.stderr, found.stderr
    assert found.returncode == 0, found.stderr
    assert found.stdout.endswith("no pandas\n")


_API = """
from datetime import date
import svcperf
from svcperf.engines import columnar, columnar_history
from svcperf.viewer import Viewer

jobs = columnar.load_jobs("jobs.{ext}")
disputes = columnar.load_disputes("disputes.{ext}", job_ids=jobs.table.column("job_id"))
night = date.fromisoformat("{night}")
board = columnar.dashboard_from(jobs, night, {by}, disputes=disputes, tz="America/Chicago")
areas = columnar.coverage_areas(jobs)
columnar.dashboard_from(jobs, night, {by}, disputes=disputes, tz="America/Chicago",
                        viewer=Viewer(areas[:1]))
columnar.scan_jobs("jobs.{ext}")
columnar.scan_disputes("disputes.{ext}", job_ids=jobs.table.column("job_id"))
"""


@pytest.mark.parametrize("ext", ["csv", "jsonl", "parquet"])
def test_the_engine_api_imports_no_pandas(data: Path, ext: str) -> None:
    _assert_no_pandas(_run(data, _API.format(ext=ext, night=_NIGHT, by=_BY)))


_BAD_ROWS = """
import pyarrow.parquet
from svcperf import InvalidInputError
from svcperf.engines import columnar

for read in (lambda: columnar.load_jobs("bad_jobs.parquet"),
             lambda: columnar.load_jobs(pyarrow.parquet.ParquetFile("bad_jobs.parquet").read()),
             lambda: columnar.load_disputes("bad_disputes.parquet")):
    try:
        read()
    except InvalidInputError as error:
        assert "row" in str(error)
    else:
        raise AssertionError("bad rows were accepted")
assert len(columnar.scan_jobs("bad_jobs.parquet").rejected) == 2
assert len(columnar.scan_disputes("bad_disputes.parquet").rejected) == 1
"""


def test_the_errors_of_bad_typed_rows_import_no_pandas(data: Path) -> None:
    _assert_no_pandas(_run(data, _BAD_ROWS))


_VIEWS = """
from datetime import date
import svcperf
from svcperf.inputs import read_columns

night = date.fromisoformat("{night}")
given = dict(disputes="disputes.{ext}", tz="America/Chicago", engine="columnar")
svcperf.evaluate("jobs.{ext}", night, **given)
svcperf.dashboard("jobs.{ext}", night, {by}, **given)
svcperf.breakdown("jobs.{ext}", night, "technician_id", **given)
svcperf.summary("jobs.{ext}", night, **given)
svcperf.issue_list("jobs.{ext}", night, **given)
svcperf.explain("jobs.{ext}", night, "late_completion_rate", account="acct-1001", **given)
svcperf.history("jobs.{ext}", date(2026, 11, 1), night, **given)
svcperf.outlook("jobs.{ext}", night, by=["coverage_area"], **given)
columns = read_columns("jobs.{ext}", "disputes.{ext}")
svcperf.dashboard(columns, night, {by}, tz="America/Chicago", engine="columnar")
"""


@pytest.mark.parametrize("ext", ["csv", "parquet"])
def test_the_views_on_the_columnar_engine_import_no_pandas(data: Path, ext: str) -> None:
    _assert_no_pandas(_run(data, _VIEWS.format(ext=ext, night=_NIGHT, by=_BY)))


_FRAMES = """
from datetime import date
import pyarrow.csv, polars
from svcperf.engines import columnar

night = date.fromisoformat("{night}")
options = pyarrow.csv.ConvertOptions(strings_can_be_null=True)
for jobs, disputes in [
        (pyarrow.csv.read_csv("jobs.csv", convert_options=options),
         pyarrow.csv.read_csv("disputes.csv", convert_options=options)),
        (polars.read_parquet("jobs.parquet"), polars.read_parquet("disputes.parquet"))]:
    table = columnar.load_jobs(jobs)
    columnar.dashboard_from(table, night, {by}, disputes=columnar.load_disputes(disputes),
                            tz="America/Chicago")
"""


def test_pyarrow_and_polars_frames_import_no_pandas(data: Path) -> None:
    _assert_no_pandas(_run(data, _FRAMES.format(night=_NIGHT, by=_BY)))


_COMMANDS = [
    ["evaluate", "jobs.csv", "--by", "coverage_area", "--by", "technician_id",
     "--format", "json"],
    ["evaluate", "jobs.parquet", "--disputes", "disputes.parquet", "--by", "profession",
     "--format", "json"],
    ["evaluate", "jobs.jsonl", "--disputes", "disputes.jsonl"],
    ["issues", "jobs.csv", "--format", "csv"],
    ["explain", "jobs.csv", "--metric", "hg_claim_rate", "--account", "acct-1001"],
    ["history", "jobs.csv", "--from", "2026-11-01", "--to", _NIGHT, "--format", "json"],
    ["forecast", "jobs.parquet", "--disputes", "disputes.parquet", "--by", "coverage_area",
     "--format", "json"],
    ["evaluate", "jobs.csv", "--outlook", "--format", "json"],
    ["evaluate", "bad_jobs.csv", "--rejected", "rejected.csv", "--format", "json"],
    ["evaluate", "bad_jobs.csv"],
    ["evaluate", "bad_jobs.parquet", "--disputes", "bad_disputes.parquet",
     "--rejected", "rejected.csv"],
    ["evaluate", "bad_jobs.parquet"],
]


@pytest.mark.parametrize("command", _COMMANDS, ids=lambda command: " ".join(command[:2]))
def test_the_cli_on_the_columnar_engine_imports_no_pandas(data: Path,
                                                          command: list[str]) -> None:
    disputes = [] if "--disputes" in command else ["--disputes", "disputes.csv"]
    argv = [*command, *disputes, "--engine", "columnar", "--tz", "America/Chicago"]
    if command[0] != "history":
        argv += ["--as-of", _NIGHT]
    found = _run(data, f"""
        from svcperf.cli import main
        code = main({argv!r})
        print("exit", code)
        """)
    _assert_no_pandas(found)
    expected = 2 if command[1].startswith("bad_") and "--rejected" not in command else 0
    assert f"exit {expected}\n" in found.stdout
