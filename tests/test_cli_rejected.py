"""``--rejected PATH``: the command line's lenient reading (issue 13, item 4; docs/cli.md,
"Lenient reading").

"in lenient mode, writes the rejected rows beside the result and counts them: good +
rejected = every input row": the result is the strict run's on the good rows alone, the
file holds exactly the reference scan's rejected rows, and every engine writes the same
bytes.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from engine_runs import EngineRun

import svcperf
from svcperf import sample
from svcperf.cli import EXIT_BAD_INPUT, EXIT_OK, main
from svcperf.cli_rejected import COLUMNS
from svcperf.io import scan_disputes, scan_jobs

NIGHT = ["--as-of", str(sample.SAMPLE_NIGHT), "--tz", sample.SAMPLE_TZ]
COMMANDS = [["evaluate", "--by", "coverage_area", "--format", "json", *NIGHT],
            ["issues", "--format", "csv", *NIGHT],
            ["explain", "--metric", "hg_claim_rate", "--account", "acct-1001", "--format", "json",
             *NIGHT],
            ["history", "--from", "2026-11-01", "--to", "2026-11-15", "--tz", sample.SAMPLE_TZ,
             "--format", "csv"]]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The sample's files with bad rows: a bad status, a duplicate job id, a bad rating,
    and a dispute naming a job whose row is rejected plus one with a bad outcome."""
    out = tmp_path_factory.mktemp("broken")
    jobs, disputes = (Path(path) for path in sample.write(out, 400))
    lines = jobs.read_bytes().splitlines(keepends=True)
    lines[5] = lines[5].replace(b",completed,", b",done,", 1)
    lines[9] = lines[3]
    header = next(csv.reader([lines[0].decode()]))
    cells = next(csv.reader([lines[30].decode()]))
    cells[header.index("reschedule_attributed")] = "maybe"
    text = io.StringIO()
    csv.writer(text).writerow(cells)
    lines[30] = text.getvalue().encode()
    jobs.write_bytes(b"".join(lines))
    rejected_id = next(csv.reader([lines[5].decode()]))[0]
    found = disputes.read_bytes().splitlines(keepends=True)
    cells = next(csv.reader([found[1].decode()]))
    found.append(",".join([rejected_id, *cells[1:]]).encode() + b"\r\n")
    found.append(found[1].replace(cells[2].encode(), b"won", 1))
    disputes.write_bytes(b"".join(found))
    return jobs, disputes


@pytest.fixture(scope="module")
def cleaned(broken: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory
            ) -> tuple[Path, Path]:
    """The good rows of `broken` alone (as the reference's scans find them), as files."""
    out = tmp_path_factory.mktemp("cleaned")
    jobs = scan_jobs(broken[0]).records
    svcperf.write_jobs(out / "jobs.csv", jobs)
    svcperf.write_disputes(out / "disputes.csv", scan_disputes(
        broken[1], job_ids={job.job_id for job in jobs}).records)
    return out / "jobs.csv", out / "disputes.csv"


def _rejected_rows(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


class TestRejected:
    @pytest.mark.parametrize("command", COMMANDS, ids=[argv[0] for argv in COMMANDS])
    def test_the_result_is_the_strict_run_s_on_the_good_rows(
            self, engine: EngineRun, capsys: pytest.CaptureFixture[str], tmp_path: Path,
            broken: tuple[Path, Path], cleaned: tuple[Path, Path], command: list[str]) -> None:
        name, *options = command
        path = tmp_path / "rejected.csv"
        code, out, _ = run(capsys, name, str(broken[0]), "--disputes", str(broken[1]),
                           *options, "--engine", engine.name, "--rejected", str(path))
        assert code == EXIT_OK
        strict = run(capsys, name, str(cleaned[0]), "--disputes", str(cleaned[1]), *options,
                     "--engine", engine.name)
        assert (code, out) == strict[:2]

    def test_the_file_holds_the_reference_scan_s_rejected_rows(
            self, engine: EngineRun, capsys: pytest.CaptureFixture[str], tmp_path: Path,
            broken: tuple[Path, Path]) -> None:
        path = tmp_path / "rejected.csv"
        code, _, err = run(capsys, "evaluate", str(broken[0]), "--disputes", str(broken[1]),
                           *NIGHT, "--engine", engine.name, "--rejected", str(path))
        assert code == EXIT_OK
        jobs = scan_jobs(broken[0])
        disputes = scan_disputes(broken[1], job_ids={job.job_id for job in jobs.records})
        expected = [[str(broken[0]), str(item.line), str(item.error)] for item in jobs.rejected]
        expected += [[str(broken[1]), str(item.line), str(item.error)]
                     for item in disputes.rejected]
        assert _rejected_rows(path) == [list(COLUMNS), *expected]
        assert len(jobs.rejected) == 3 and len(disputes.rejected) == 2
        said = re.findall(r"^svcperf: (.+): ([\d,]+) rows, ([\d,]+) read, ([\d,]+) rejected "
                          r"\(written to (.+)\)$", err, re.MULTILINE)
        assert said == [(str(source), f"{len(scan.records) + len(scan.rejected):,}",
                         f"{len(scan.records):,}", f"{len(scan.rejected):,}", str(path))
                        for source, scan in ((broken[0], jobs), (broken[1], disputes))]

    @pytest.mark.parametrize("command", COMMANDS, ids=[argv[0] for argv in COMMANDS])
    def test_both_engines_write_the_same_bytes(
            self, capsys: pytest.CaptureFixture[str], tmp_path: Path,
            broken: tuple[Path, Path], command: list[str]) -> None:
        pytest.importorskip("pyarrow")
        name, *options = command
        found = []
        for engine in ("python", "columnar"):
            path = tmp_path / f"{engine}.csv"
            code, out, err = run(capsys, name, str(broken[0]), "--disputes", str(broken[1]),
                                 *options, "--engine", engine, "--rejected", str(path))
            found.append((code, out, err.replace(str(path), "PATH"), path.read_bytes()))
        assert found[0] == found[1]

    def test_a_clean_file_gives_a_header_only(
            self, engine: EngineRun, capsys: pytest.CaptureFixture[str], tmp_path: Path,
            cleaned: tuple[Path, Path]) -> None:
        path = tmp_path / "rejected.csv"
        path.write_text("stale\r\n", encoding="utf-8")
        code, _, err = run(capsys, "evaluate", str(cleaned[0]), *NIGHT, "--engine",
                           engine.name, "--rejected", str(path))
        assert code == EXIT_OK
        assert _rejected_rows(path) == [list(COLUMNS)]
        assert " 0 rejected " in err

    def test_without_the_option_the_run_is_strict_and_writes_nothing(
            self, engine: EngineRun, capsys: pytest.CaptureFixture[str], tmp_path: Path,
            broken: tuple[Path, Path]) -> None:
        code, out, err = run(capsys, "evaluate", str(broken[0]), *NIGHT, "--engine",
                             engine.name)
        assert (code, out) == (EXIT_BAD_INPUT, "")
        assert err.splitlines() == [str(item.error) for item in scan_jobs(broken[0]).rejected]
        assert list(tmp_path.iterdir()) == []

    def test_a_bad_header_still_fails_the_run(
            self, engine: EngineRun, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        jobs = tmp_path / "jobs.csv"
        jobs.write_text("job_id,account_id\r\nJ1,A\r\n", encoding="utf-8")
        code, out, _ = run(capsys, "evaluate", str(jobs), *NIGHT, "--engine", engine.name,
                           "--rejected", str(tmp_path / "rejected.csv"))
        assert (code, out) == (EXIT_BAD_INPUT, "")
        assert not (tmp_path / "rejected.csv").exists()

    def test_a_path_that_cannot_be_written_is_named(
            self, capsys: pytest.CaptureFixture[str], tmp_path: Path,
            broken: tuple[Path, Path]) -> None:
        path = tmp_path / "no such folder" / "rejected.csv"
        code, out, err = run(capsys, "evaluate", str(broken[0]), *NIGHT, "--rejected",
                             str(path))
        assert (code, out) == (EXIT_BAD_INPUT, "")
        assert err.startswith(f"svcperf: error: --rejected: cannot write {str(path)!r}: ")

    def test_the_sample_has_no_rows_to_reject(self, capsys: pytest.CaptureFixture[str],
                                              tmp_path: Path) -> None:
        code, _, err = run(capsys, "evaluate", "--sample", "--rejected",
                           str(tmp_path / "rejected.csv"))
        assert code == EXIT_BAD_INPUT
        assert err.startswith("svcperf: error: --rejected: ")

    def test_a_parquet_file_s_rejected_rows_are_named_by_row(
            self, capsys: pytest.CaptureFixture[str], tmp_path: Path,
            broken: tuple[Path, Path]) -> None:
        pa = pytest.importorskip("pyarrow")
        import pyarrow.csv as pcsv
        import pyarrow.parquet as pq

        header = broken[0].read_text(encoding="utf-8").splitlines()[0].split(",")
        table = pcsv.read_csv(broken[0], convert_options=pcsv.ConvertOptions(
            column_types=dict.fromkeys(header, pa.string())))
        jobs = tmp_path / "jobs.parquet"
        pq.write_table(table, jobs)
        path = tmp_path / "rejected.csv"
        code, _, _ = run(capsys, "evaluate", str(jobs), *NIGHT, "--engine", "columnar",
                         "--rejected", str(path))
        assert code == EXIT_OK
        rows = _rejected_rows(path)[1:]
        assert [int(line) for _, line, _ in rows] == [
            item.line - 1 for item in scan_jobs(broken[0]).rejected]
        assert all(error.startswith(f"{jobs}, row {line}: ") for _, line, error in rows)
