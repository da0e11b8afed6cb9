"""Issue 14: the command line ends cleanly on every bad option and every fault (docs/cli.md,
"Exit codes", "Errors", "Output"). Real faults (a full disk, a closed standard error, an
interrupt, an ASCII locale) are tried on the real process."""

from __future__ import annotations

import errno
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from svcperf import sample
from svcperf.cli import EXIT_BAD_INPUT, EXIT_OK, main

# The console script of the environment running the tests (beside its interpreter), else
# the one on PATH.
SVCPERF = (shutil.which("svcperf", path=os.path.dirname(sys.executable))
           or shutil.which("svcperf"))
NIGHT = ["--as-of", "2026-11-15", "--tz", "America/Chicago"]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sample's files (CSV and JSON Lines), and a copy whose area Denver Metro is
    called "Viña, CO" (a comma and a character outside ASCII)."""
    out = tmp_path_factory.mktemp("sample")
    jobs, disputes = sample.write(out)
    jsonl, _ = sample.write(out, format="jsonl")
    vina = out / "vina.csv"
    vina.write_text(Path(jobs).read_text(encoding="utf-8").replace(",Denver Metro,",
                                                                    ',"Viña, CO",'),
                    encoding="utf-8")
    return {"jobs": Path(jobs), "disputes": Path(disputes), "jsonl": Path(jsonl),
            "vina": vina}


def _process(*argv: str, **options: object) -> subprocess.CompletedProcess[bytes]:
    assert SVCPERF is not None
    done: subprocess.CompletedProcess[bytes] = subprocess.run(  # type: ignore[call-overload]
        [SVCPERF, *argv], capture_output="stdout" not in options, timeout=120, check=False,
        **options)
    return done


class TestBadOptionsNameTheOption:
    """docs/cli.md: a bad option value is exit 2 with one line naming the option (the
    library's argument names are given as the options that set them)."""

    @pytest.mark.parametrize(("argv", "start"), [
        (["--as-of", "9999-12-31"], "--as-of: "),
        (["--as-of", "0001-01-01"], "--as-of, --window-days: "),
        (["--as-of", "0001-01-01T00:00:00+14:00"], "--as-of: "),
        (["--window-days", "1000000"], "--as-of, --window-days: "),
        (["--window-days", "99999999999999999999"], "--as-of, --window-days: "),
        (["--window-days", "0"], "--window-days: "),
        (["--tz", ""], "--tz: "),
        (["--tz", "localtime"], "--tz: "),
        (["--tz", "posixrules"], "--tz: "),
        (["--tz", "Factory"], "--tz: "),
        (["--tz", "right/America/Santiago"], "--tz: "),
        (["--tz", "posix/America/Chicago"], "--tz: "),
        (["--by", "chanel"], "--by: "),
    ])
    def test_evaluate(self, capsys: pytest.CaptureFixture[str], files: dict[str, Path],
                      argv: list[str], start: str) -> None:
        code, out, err = run(capsys, "evaluate", str(files["jobs"]), *argv)
        assert (code, out) == (EXIT_BAD_INPUT, "")
        assert err.startswith(f"svcperf: error: {start}") and err.count("\n") == 1, err

    @pytest.mark.parametrize(("argv", "start"), [
        (["forecast", "--as-of", "9999-12-30"], "--as-of, --horizon: "),
        (["forecast", "--horizon", "99999999999"], "--as-of, --horizon: "),
        (["forecast", "--window-days", "1000000"], "--as-of, --window-days: "),
        (["evaluate", "--targets", "no-such-targets.toml"], "--targets: cannot read "),
        (["evaluate", "--as-of", "0001-03-01"], "--as-of: no target set is in force"),
    ])
    def test_forecast_and_targets(self, capsys: pytest.CaptureFixture[str], argv: list[str],
                                  start: str) -> None:
        code, out, err = run(capsys, *argv, "--sample")
        assert (code, out) == (EXIT_BAD_INPUT, "")
        assert err.startswith(f"svcperf: error: {start}") and err.count("\n") == 1, err

    @pytest.mark.parametrize(("first", "last", "start"), [
        ("2026-11-10", "2026-11-01", "--to: expected a night on or after --from (2026-11-10)"),
        ("9999-12-01", "9999-12-31", "--from/--to: the night of 9999-12-31"),
        ("2026-11-01", "2026-13-01", "--to: "),
    ])
    def test_history(self, capsys: pytest.CaptureFixture[str], files: dict[str, Path],
                     first: str, last: str, start: str) -> None:
        code, out, err = run(capsys, "history", str(files["jobs"]), "--from", first,
                             "--to", last)
        assert (code, out) == (EXIT_BAD_INPUT, "")
        assert err.startswith(f"svcperf: error: {start}"), err
        assert "first_night" not in err and "last_night" not in err


class TestReadingProblems:
    def test_a_missing_disputes_file_does_not_hide_the_jobs_files_problems(
            self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        jobs = tmp_path / "jobs.csv"
        jobs.write_text("job_id,account_id\nJ1,a\n")
        code, out, err = run(capsys, "evaluate", str(jobs), "--disputes",
                             str(tmp_path / "nope.csv"))
        assert (code, out) == (EXIT_BAD_INPUT, "")
        lines = err.splitlines()
        assert lines[0].startswith(f"{jobs}:1: header: field 'coverage_area'")
        assert lines[-1] == (f"svcperf: error: --disputes: cannot read {tmp_path / 'nope.csv'}"
                             f": No such file or directory")

    @pytest.mark.parametrize("format", ["table", "json", "csv"])
    def test_a_lone_surrogate_is_a_problem_of_its_line_and_field_in_any_format(
            self, capsys: pytest.CaptureFixture[str], files: dict[str, Path], tmp_path: Path,
            format: str) -> None:
        lines = files["jsonl"].read_text(encoding="utf-8").splitlines(keepends=True)
        lines[2] = lines[2].replace('"channel": "', '"channel": "X\\ud800', 1)
        path = tmp_path / "jobs.jsonl"
        path.write_text("".join(lines), encoding="utf-8")
        code, out, err = run(capsys, "evaluate", str(path), *NIGHT, "--format", format)
        assert (code, out) == (EXIT_BAD_INPUT, "")
        assert err.startswith(f"{path}:3: job 'J0000002': field 'channel': ")

    def test_a_cut_last_row_is_a_warning_naming_file_and_line(
            self, capsys: pytest.CaptureFixture[str], files: dict[str, Path],
            tmp_path: Path) -> None:
        path = tmp_path / "jobs.csv"
        path.write_bytes(files["jobs"].read_bytes()[:-2])  # no CRLF after the last row
        code, out, err = run(capsys, "evaluate", str(path), *NIGHT, "--format", "json")
        assert code == EXIT_OK and json.loads(out)
        last = sample.SAMPLE_JOBS + 1
        assert err == (f"svcperf: warning: {path}:{last}: the last line has no line ending: "
                       f"the file may have been cut short\n")


class TestStandardInput:
    """docs/cli.md: ``-`` reads JOBS (or --disputes) from standard input; the format is
    --input-format, or JSON Lines when the first character that is not blank is ``{``."""

    @pytest.mark.parametrize(("name", "format"), [("jobs", None), ("jsonl", None),
                                                  ("jobs", "csv"), ("jsonl", "jsonl")])
    def test_standard_input_reads_as_the_file(
            self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
            files: dict[str, Path], name: str, format: str | None) -> None:
        expected = run(capsys, "evaluate", str(files[name]), *NIGHT, "--format", "json")
        stdin = io.TextIOWrapper(io.BufferedReader(io.BytesIO(files[name].read_bytes())))
        monkeypatch.setattr(sys, "stdin", stdin)
        given = ["--input-format", format] if format else []
        assert run(capsys, "evaluate", "-", *given, *NIGHT, "--format", "json") == expected

    def test_problems_on_standard_input_are_named_stdin(
            self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
        raw = io.BytesIO(b"job_id\r\n")
        raw.name = "<stdin>"
        stdin = io.TextIOWrapper(io.BufferedReader(raw))
        monkeypatch.setattr(sys, "stdin", stdin)
        code, out, err = run(capsys, "evaluate", "-")
        assert (code, out) == (EXIT_BAD_INPUT, "")
        assert err.startswith("<stdin>:1: header: ")

    def test_standard_input_cannot_be_both_files(self, capsys: pytest.CaptureFixture[str]
                                                 ) -> None:
        code, _, err = run(capsys, "evaluate", "-", "--disputes", "-")
        assert code == EXIT_BAD_INPUT and err.startswith("svcperf: error: --disputes: ")


class TestAreas:
    """docs/cli.md: --viewer-areas and --area name one area each (repeatable); a value that
    is not an area of the data is read as a comma-separated list when one of its parts is;
    an area no job has is named in a warning (exit 0)."""

    def _denominators(self, capsys: pytest.CaptureFixture[str], path: Path,
                      *argv: str) -> tuple[dict[str, int], str]:
        code, out, err = run(capsys, "evaluate", str(path), *NIGHT, "--format", "json", *argv)
        assert code == EXIT_OK
        accounts = json.loads(out)["accounts"]
        return {account: shown["metrics"]["hg_claim_rate"]["denominator"]
                for account, shown in accounts.items()}, err

    def test_an_area_with_a_comma_is_one_area(self, capsys: pytest.CaptureFixture[str],
                                              files: dict[str, Path]) -> None:
        seen, err = self._denominators(capsys, files["vina"], "--viewer-areas", "Viña, CO")
        before = self._denominators(capsys, files["jobs"], "--viewer-areas", "Denver Metro")
        assert (seen, err) == before and seen

    def test_every_area_named_sees_everything(self, capsys: pytest.CaptureFixture[str],
                                              files: dict[str, Path]) -> None:
        """SPEC §6: a viewer assigned to all areas sees everything."""
        areas = {line.split(",")[2] for line in files["jobs"].read_text().splitlines()[1:]}
        whole, _ = self._denominators(capsys, files["vina"])
        named = [option for area in sorted((areas - {"Denver Metro"}) | {"Viña, CO"})
                 for option in ("--viewer-areas", area)]
        assert self._denominators(capsys, files["vina"], *named) == (whole, "")

    def test_a_comma_list_of_areas_still_works(self, capsys: pytest.CaptureFixture[str],
                                               files: dict[str, Path]) -> None:
        listed = self._denominators(capsys, files["jobs"], "--viewer-areas", "Brooklyn,Queens")
        repeated = self._denominators(capsys, files["jobs"], "--viewer-areas", "Brooklyn",
                                      "--viewer-areas", "Queens")
        one = self._denominators(capsys, files["jobs"], "--viewer-areas", "Brooklyn")[0]
        other = self._denominators(capsys, files["jobs"], "--viewer-areas", "Queens")[0]
        assert listed == repeated == ({"acct-2002": one["acct-2002"] + other["acct-2002"]}, "")

    @pytest.mark.parametrize("value", ["Brookln", "Brooklyn, Brookln"])
    def test_an_unknown_area_is_named_in_a_warning(self, capsys: pytest.CaptureFixture[str],
                                                   files: dict[str, Path], value: str) -> None:
        _, err = self._denominators(capsys, files["jobs"], "--viewer-areas", value)
        assert err.startswith("svcperf: warning: --viewer-areas: no job of the data is in the "
                              "coverage area 'Brookln' (did you mean 'Brooklyn'?")
        assert err.count("\n") == 1

    def test_the_issue_lists_area_filter_reads_areas_the_same_way(
            self, capsys: pytest.CaptureFixture[str], files: dict[str, Path]) -> None:
        code, out, err = run(capsys, "issues", str(files["vina"]), *NIGHT, "--format", "json",
                             "--area", "Viña, CO", "--area", "Nowhere")
        assert code == EXIT_OK
        assert {job["coverage_area"] for job in json.loads(out)["jobs"]} == {"Viña, CO"}
        assert err.startswith("svcperf: warning: --area: no job of the data is in the "
                              "coverage area 'Nowhere'")


class TestSampleOut:
    """docs/cli.md: `sample --out` writes under temporary names, then renames: a failure
    (a full disk) leaves the files that were there, and no partial one."""

    def test_a_failed_write_leaves_the_old_files_and_no_temporary_one(
            self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
            tmp_path: Path) -> None:
        (tmp_path / "jobs.csv").write_text("old jobs\n")

        def full(*args: object, **kwargs: object) -> int:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        monkeypatch.setattr("svcperf.sample.write_disputes", full)
        code, out, err = run(capsys, "sample", "--out", str(tmp_path))
        assert (code, out) == (EXIT_BAD_INPUT, "")
        assert err == (f"svcperf: error: --out: cannot write to {str(tmp_path)!r}: "
                       f"No space left on device\n")
        assert sorted(path.name for path in tmp_path.iterdir()) == ["jobs.csv"]
        assert (tmp_path / "jobs.csv").read_text() == "old jobs\n"


@pytest.mark.skipif(SVCPERF is None, reason="the console script is not installed")
class TestRealProcessFaults:
    """docs/cli.md, "Output": the faults a real process meets, tried on one."""

    @pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
    @pytest.mark.parametrize("format", ["table", "json", "csv"])
    def test_a_full_disk_on_standard_output_is_exit_2_with_one_line(
            self, files: dict[str, Path], format: str) -> None:
        with open("/dev/full", "wb") as full:
            done = _process("evaluate", str(files["jobs"]), *NIGHT, "--format", format,
                            stdout=full, stderr=subprocess.PIPE)
        assert done.returncode == EXIT_BAD_INPUT
        assert done.stderr == b"svcperf: error: cannot write standard output: No space left " \
                              b"on device\n"

    def test_a_closed_standard_output_is_exit_2_with_one_line(self) -> None:
        done = _process("evaluate", "--sample", preexec_fn=lambda: os.close(1))
        assert done.returncode == EXIT_BAD_INPUT
        assert done.stderr == b"svcperf: error: cannot write standard output: it is closed\n"

    @pytest.mark.parametrize("format", ["json", "csv"])
    def test_data_is_utf8_whatever_the_locale(self, files: dict[str, Path],
                                              format: str) -> None:
        done = _process("evaluate", str(files["vina"]), *NIGHT, "--by", "coverage_area",
                        "--format", format, env=os.environ | {"PYTHONIOENCODING": "ascii"})
        assert (done.returncode, done.stderr) == (EXIT_OK, b"")
        assert "Viña, CO".encode() in done.stdout

    def test_a_table_uses_the_streams_encoding_with_escapes(self, files: dict[str, Path]
                                                             ) -> None:
        done = _process("evaluate", str(files["vina"]), *NIGHT, "--by", "coverage_area",
                        env=os.environ | {"PYTHONIOENCODING": "ascii"})
        assert (done.returncode, done.stderr) == (EXIT_OK, b"")
        assert b"Vi\\xf1a, CO" in done.stdout and done.stdout.isascii()

    @pytest.mark.parametrize(("argv", "code"), [(["evaluate", "nope.csv"], EXIT_BAD_INPUT),
                                                (["evaluate", "--sample"], EXIT_OK)])
    def test_a_closed_standard_error_changes_nothing(self, argv: list[str], code: int) -> None:
        closed = _process(*argv, preexec_fn=lambda: os.close(2))
        reader, writer = os.pipe()
        os.close(reader)  # a standard error nobody reads: writing to it fails (EPIPE)
        try:
            broken = _process(*argv, stdout=subprocess.PIPE, stderr=writer)
        finally:
            os.close(writer)
        for done in (closed, broken):
            assert done.returncode == code
            assert (done.stdout == b"") == (code != EXIT_OK)

    def test_data_warnings_on_a_broken_standard_error_change_nothing(
            self, files: dict[str, Path], tmp_path: Path) -> None:
        lines = files["jobs"].read_text(encoding="utf-8").splitlines(keepends=True)
        header = lines[0].rstrip("\r\n").split(",")
        row = next(i for i, line in enumerate(lines) if ",cancelled," in line)
        cells = lines[row].rstrip("\r\n").split(",")
        cells[header.index("rating")] = "5"  # a rating on a cancelled job: a data warning
        cells[header.index("rated_at")] = cells[header.index("closed_at")]
        lines[row] = ",".join(cells) + "\r\n"
        path = tmp_path / "jobs.csv"
        path.write_text("".join(lines), encoding="utf-8")
        argv = ["evaluate", str(path), *NIGHT, "--format", "json"]
        assert b"svcperf: warning: " in _process(*argv).stderr
        reader, writer = os.pipe()
        os.close(reader)
        try:
            broken = _process(*argv, stdout=subprocess.PIPE, stderr=writer)
        finally:
            os.close(writer)
        closed = _process(*argv, stdout=subprocess.PIPE, preexec_fn=lambda: os.close(2))
        for done in (broken, closed):
            assert done.returncode == EXIT_OK and json.loads(done.stdout)

    def test_an_interrupt_while_reading_is_exit_130_and_one_line(self) -> None:
        process = subprocess.Popen([SVCPERF, "evaluate", "-", "--input-format", "csv"],  # type: ignore[list-item]
                                   stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE)
        try:
            _wait_until_reading_standard_input(process.pid)
            process.send_signal(signal.SIGINT)
            # Standard input stays open until the process has ended: closing it first
            # would race the interrupt with an end of file.
            process.wait(timeout=60)
            assert process.stdout is not None and process.stderr is not None
            out, err = process.stdout.read(), process.stderr.read()
        finally:
            process.kill()
            for stream in (process.stdin, process.stdout, process.stderr):
                if stream is not None:
                    stream.close()
        assert (process.returncode, out, err) == (130, b"", b"svcperf: interrupted\n")


def _wait_until_reading_standard_input(pid: int) -> None:
    """Wait until the process blocks in ``read(0, ...)`` (Linux: /proc/PID/syscall)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            call = Path(f"/proc/{pid}/syscall").read_text().split()
        except OSError:
            pytest.skip("no /proc/PID/syscall to see the process wait")
        if call[:2] == ["0", "0x0"]:
            return
        time.sleep(0.01)
    pytest.fail("the process never waited for standard input")
