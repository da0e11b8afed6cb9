"""Issue 14: every bad input and every fault ends cleanly (the probes, kept as tests).

Reading: each problem is reported at its own line and field, and a lenient scan accounts
for every row of the file (docs/files.md, "Errors" and "Lenient reading").
"""

from __future__ import annotations

import csv
import importlib.abc
import importlib.metadata
import io
import sys
import warnings
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import _svcperf_cli
from svcperf import (
    InvalidArgumentError,
    Viewer,
    Window,
    breakdown,
    dashboard,
    history,
    sample,
)
from svcperf.errors import InvalidInputError
from svcperf.io import (
    CSV_CELL_LIMIT,
    InputWarning,
    read_disputes,
    read_jobs,
    scan_disputes,
    scan_jobs,
)
from svcperf.targets import SEED_TARGETS
from svcperf.window import DEFAULT_DAYS

FILES = settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=30)


class _Files(dict[str, bytes]):
    def __repr__(self) -> str:  # short, for hypothesis' reports
        return f"<the sample's files {sorted(self)}>"


@pytest.fixture(scope="module")
def sample_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The bytes of a small sample's files, CSV and JSON Lines, by name."""
    out = tmp_path_factory.mktemp("sample")
    found = _Files()
    for format in ("csv", "jsonl"):
        jobs, disputes = sample.write(out, 300, format=format)
        found[f"jobs.{format}"] = Path(jobs).read_bytes()
        found[f"disputes.{format}"] = Path(disputes).read_bytes()
    return found


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True)


def _only_error(path: Path) -> tuple[int | None, str, str]:
    with pytest.raises(InvalidInputError) as error:
        read_jobs(path)
    assert len(error.value.problems) == 1, str(error.value)
    problem = error.value.problems[0]
    return problem.line, problem.field, str(problem.got)


class TestEncodingErrorsAreOnTheirLine:
    """docs/files.md: bytes that are not UTF-8 are reported at their own line (the decoder
    no longer reads ahead of the line count), in the column that holds them."""

    @pytest.mark.parametrize("bad", [b"\xff", b"\xed\xa0\x80", b"\xc0\xaf", b"\xe9t"],
                             ids=["ff", "surrogate", "overlong", "latin-1"])
    @pytest.mark.parametrize("format", ["csv", "jsonl"])
    @pytest.mark.parametrize("line", [2, 3, 250, 300])
    @pytest.mark.parametrize("where", ["cell", "line start"])
    def test_a_bad_byte_is_reported_on_its_line_and_in_its_field(
            self, tmp_path: Path, sample_files: dict[str, bytes], bad: bytes, format: str,
            line: int, where: str) -> None:
        lines = _lines(sample_files[f"jobs.{format}"])
        if where == "cell":  # inside the account id, which every row has
            lines[line - 1] = lines[line - 1].replace(b"acct-", b"acct-" + bad, 1)
            expected = "account_id"
        else:  # before the row: no cell or JSON object to name
            lines[line - 1] = bad + lines[line - 1]
            expected = "job_id" if format == "csv" else "(encoding)"
        path = tmp_path / f"jobs.{format}"
        path.write_bytes(b"".join(lines))
        assert _only_error(path) == (line, expected, f"the byte 0x{bad[0]:02x}")

    def test_a_bad_byte_in_a_quoted_cell_spanning_lines_names_the_line_it_is_on(
            self, tmp_path: Path, sample_files: dict[str, bytes]) -> None:
        lines = _lines(sample_files["jobs.csv"])
        cells = lines[3].split(b",")
        cells[3] = b'"' + cells[3] + b'\r\nand\xffmore"'
        lines[3] = b",".join(cells)
        path = tmp_path / "jobs.csv"
        path.write_bytes(b"".join(lines))
        assert _only_error(path) == (5, "profession", "the byte 0xff")

    def test_a_bad_byte_in_the_header_names_the_column(self, tmp_path: Path) -> None:
        path = tmp_path / "jobs.csv"
        path.write_bytes(b"job_id,acc\xffount_id\r\n")
        with pytest.raises(InvalidInputError) as error:
            read_jobs(path)
        first = error.value.problems[0]
        assert (first.line, first.got) == (1, "the byte 0xff")


class TestLoneSurrogatesAreRejected:
    """docs/files.md: a JSON escape of half a surrogate pair (``"X\\ud800"``) is not text: it
    cannot be written as UTF-8, so it is rejected where it is read, with its line and field."""

    @pytest.mark.parametrize("escape", ["\\ud800", "\\udfff", "\\uDC80"])
    def test_a_lone_surrogate_is_a_problem_of_its_field(self, tmp_path: Path,
                                                        sample_files: dict[str, bytes],
                                                        escape: str) -> None:
        lines = _lines(sample_files["jobs.jsonl"])
        lines[4] = lines[4].replace(b'"channel": "', f'"channel": "X{escape}'.encode(), 1)
        path = tmp_path / "jobs.jsonl"
        path.write_bytes(b"".join(lines))
        line, field, _ = _only_error(path)
        assert (line, field) == (5, "channel")

    def test_a_surrogate_pair_is_one_character_and_is_accepted(self, tmp_path: Path,
                                                               sample_files: dict[str, bytes]
                                                               ) -> None:
        lines = _lines(sample_files["jobs.jsonl"])
        lines[4] = lines[4].replace(b'"channel": "', b'"channel": "\\ud83d\\ude00', 1)
        path = tmp_path / "jobs.jsonl"
        path.write_bytes(b"".join(lines))
        assert str(read_jobs(path)[4].attribute("channel")).startswith("\U0001f600")


# Mutations of a file's bytes that break one line each: a bad byte, an unbalanced quote
# (before a character that cannot close a quoted cell), a huge cell, a whitespace line.
MUTATIONS = st.sampled_from(["byte", "quote", "huge", "blank", "cells"])


def _mutate(lines: list[bytes], where: int, how: str, at: float) -> None:
    line = lines[where]
    body = line.rstrip(b"\r\n")
    ending = line[len(body):]
    if how == "blank":
        lines.insert(where, b" \t" + ending)
        return
    if how == "cells":
        lines[where] = body + b",extra" + ending
        return
    positions = [i for i in range(len(body) + 1)
                 if how != "quote" or (i < len(body) and body[i:i + 1] not in b',"')]
    if not positions:
        return
    position = positions[int(at * (len(positions) - 1))]
    insert = {"byte": b"\xff", "quote": b'"', "huge": b"x" * 200_000}[how]
    lines[where] = body[:position] + insert + body[position:] + ending


class TestScansAccountForEveryRow:
    """docs/files.md, "Lenient reading": good + rejected = the rows of the file, whatever is
    wrong with them (an unbalanced quote, a bad byte, a huge cell): a scan never stops
    early without saying where."""

    @FILES
    @given(changes=st.lists(st.tuples(st.integers(1, 299), MUTATIONS, st.floats(0, 1)),
                            min_size=1, max_size=30),
           kind=st.sampled_from(["jobs", "disputes"]), format=st.sampled_from(["csv", "jsonl"]))
    def test_every_line_is_a_record_or_a_rejected_row(
            self, tmp_path: Path, sample_files: dict[str, bytes],
            changes: list[tuple[int, str, float]], kind: str, format: str) -> None:
        lines = _lines(sample_files[f"{kind}.{format}"])
        for where, how, at in changes:
            if where < len(lines):
                _mutate(lines, where, how, at)
        path = tmp_path / f"{kind}.{format}"
        path.write_bytes(b"".join(lines))
        rows = sum(1 for line in lines[1 if format == "csv" else 0:] if line.strip())
        scan = scan_jobs(path) if kind == "jobs" else scan_disputes(path)
        assert len(scan.records) + len(scan.rejected) == rows
        assert len({item.line for item in scan.rejected}) == len(scan.rejected)

    def test_thirty_unbalanced_quotes_cost_thirty_rows_at_most(
            self, tmp_path: Path, sample_files: dict[str, bytes]) -> None:
        lines = _lines(sample_files["jobs.csv"])
        for where in range(5, 300, 10):
            lines[where] = b'"' + lines[where]
        path = tmp_path / "jobs.csv"
        path.write_bytes(b"".join(lines))
        scan = scan_jobs(path)
        assert [item.line for item in scan.rejected] == list(range(6, 301, 10))
        assert len(scan.records) == 300 - 30


class TestCsvReadingAsDocumented:
    """docs/files.md: blank lines (empty or only whitespace) are skipped; a cell of any
    length is read, as in JSON Lines; a file cut inside its last row gives a warning."""

    def test_a_whitespace_only_line_is_skipped_like_a_blank_line(
            self, tmp_path: Path, sample_files: dict[str, bytes]) -> None:
        lines = _lines(sample_files["jobs.csv"])
        path = tmp_path / "jobs.csv"
        path.write_bytes(b"".join([*lines[:3], b"   \t\r\n", *lines[3:]]))
        expected = tmp_path / "plain.csv"
        expected.write_bytes(sample_files["jobs.csv"])
        assert read_jobs(path) == read_jobs(expected)

    @pytest.mark.parametrize("format", ["csv", "jsonl"])
    def test_a_one_megabyte_cell_is_read_whole(self, tmp_path: Path,
                                               sample_files: dict[str, bytes],
                                               format: str) -> None:
        long = "é" * 1_000_000
        lines = _lines(sample_files[f"jobs.{format}"])
        old = b"Plumbing"
        where = next(i for i, line in enumerate(lines) if i and old in line)
        lines[where] = lines[where].replace(old, long.encode(), 1)
        path = tmp_path / f"jobs.{format}"
        path.write_bytes(b"".join(lines))
        limit = csv.field_size_limit()
        jobs = read_jobs(path)
        assert jobs[where - (format == "csv")].profession == long
        assert csv.field_size_limit() == limit  # the csv module's setting is restored
        assert CSV_CELL_LIMIT >= 2**31 - 1

    @pytest.mark.parametrize("cut", [2, 3, 10, 40, 100])
    def test_a_file_cut_inside_its_last_row_gives_a_warning_naming_file_and_line(
            self, tmp_path: Path, sample_files: dict[str, bytes], cut: int) -> None:
        data = sample_files["jobs.csv"]
        path = tmp_path / "jobs.csv"
        path.write_bytes(data[:-cut])
        last = len(_lines(data))
        with pytest.warns(InputWarning, match=f"^{path}:{last}: the last line has no line "
                                              f"ending"):
            scan = scan_jobs(path)
        assert len(scan.records) + len(scan.rejected) == last - 1

    def test_a_complete_file_has_no_warning(self, tmp_path: Path,
                                            sample_files: dict[str, bytes]) -> None:
        path = tmp_path / "jobs.csv"
        path.write_bytes(sample_files["jobs.csv"] + b"\r\n\r\n")
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            assert len(read_jobs(path)) == 300

    def test_json_lines_without_a_final_line_ending_are_complete(
            self, tmp_path: Path, sample_files: dict[str, bytes]) -> None:
        path = tmp_path / "jobs.jsonl"
        path.write_bytes(sample_files["jobs.jsonl"].rstrip(b"\n"))
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            assert len(read_jobs(path)) == 300

    def test_a_disputes_file_cut_short_warns_too(self, tmp_path: Path,
                                                 sample_files: dict[str, bytes]) -> None:
        path = tmp_path / "disputes.csv"
        path.write_bytes(sample_files["disputes.csv"].rstrip(b"\r\n"))
        with pytest.warns(InputWarning, match="disputes.csv"):
            read_disputes(path)



class TestBreakdownOfAnEmptyScope:
    """Issue 14: ``--by channel`` where the viewer sees no job: an empty breakdown, not an
    "unknown attribute" error (no job in scope says the column is missing)."""

    def test_an_extra_column_with_no_job_in_scope_gives_an_empty_breakdown(
            self, tmp_path: Path, sample_files: dict[str, bytes]) -> None:
        path = tmp_path / "jobs.csv"
        path.write_bytes(sample_files["jobs.csv"])
        jobs = read_jobs(path)
        nobody = Viewer(frozenset({"Nowhere"}))
        board = dashboard(jobs, sample.SAMPLE_NIGHT, by=["channel"], viewer=nobody,
                          tz=sample.SAMPLE_TZ)
        assert dict(board.breakdowns[0].accounts) == {}
        alone = breakdown(jobs, sample.SAMPLE_NIGHT, "channel", viewer=nobody,
                          tz=sample.SAMPLE_TZ)
        assert dict(alone.accounts) == {}

    def test_a_column_no_job_in_scope_has_is_still_rejected(
            self, tmp_path: Path, sample_files: dict[str, bytes]) -> None:
        path = tmp_path / "jobs.csv"
        path.write_bytes(sample_files["jobs.csv"])
        with pytest.raises(InvalidArgumentError, match="'chanel'"):
            dashboard(read_jobs(path), sample.SAMPLE_NIGHT, by=["chanel"], tz=sample.SAMPLE_TZ)


class TestReadingAStream:
    """docs/files.md: a reader also reads an open binary stream (standard input), with the
    format given; it is read from where it is and left open."""

    @pytest.mark.parametrize("format", ["csv", "jsonl"])
    def test_a_stream_reads_as_the_file_does(self, tmp_path: Path,
                                             sample_files: dict[str, bytes],
                                             format: str) -> None:
        path = tmp_path / f"jobs.{format}"
        path.write_bytes(sample_files[f"jobs.{format}"])
        stream = io.BytesIO(sample_files[f"jobs.{format}"])
        assert read_jobs(stream, format=format) == read_jobs(path)
        assert not stream.closed

    def test_a_stream_is_named_by_its_name_in_messages(self) -> None:
        stream = io.BytesIO(b"job_id,issue_type,outcome,decided_at\r\nJ1,x,granted,\r\n")
        stream.name = "<stdin>"
        with pytest.raises(InvalidInputError, match=r"^<stdin>:2: "):
            read_disputes(stream, format="csv")

    def test_a_stream_without_a_format_is_an_argument_error(self) -> None:
        with pytest.raises(InvalidArgumentError, match="give the format"):
            read_jobs(io.BytesIO(b""))


class _Interrupting(importlib.abc.MetaPathFinder):
    """An interrupt (Ctrl-C) arriving while `svcperf.cli` is being imported."""

    def find_spec(self, name: str, path: object, target: object = None) -> None:
        if name == "svcperf.cli":
            raise KeyboardInterrupt
        return None


class TestInterruptedWhileLoading:
    """docs/cli.md: an interrupt while svcperf is still being imported (the first 0.1-0.3 s)
    ends with exit 130 and one line, not a traceback: the console script's module
    (`_svcperf_cli`) is outside the package, so it runs before the package loads."""

    def test_the_console_script_is_the_module_outside_the_package(self) -> None:
        scripts = importlib.metadata.entry_points(group="console_scripts", name="svcperf")
        assert [script.value for script in scripts] == ["_svcperf_cli:main"]

    def test_an_interrupt_while_importing_ends_with_130_and_one_line(
            self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
        monkeypatch.delitem(sys.modules, "svcperf.cli", raising=False)
        monkeypatch.setattr(sys, "meta_path", [_Interrupting(), *sys.meta_path])
        assert _svcperf_cli.main() == 130
        assert capsys.readouterr() == ("", "svcperf: interrupted\n")


class TestOnlyIanaZoneNamesEverywhere:
    """docs/definitions.md, interpretation 10: the zone check is `zones.zone`'s, so a job's
    `timezone`, a window's zone and ``--tz`` all refuse what is not an IANA zone name."""

    @pytest.mark.parametrize("name", ["localtime", "posixrules", "Factory",
                                      "right/America/Santiago", "posix/America/Chicago"])
    def test_a_jobs_file_with_such_a_zone_is_rejected_at_its_line(
            self, tmp_path: Path, sample_files: dict[str, bytes], name: str) -> None:
        lines = _lines(sample_files["jobs.csv"])
        cells = lines[6].split(b",")
        assert lines[0].split(b",")[5] == b"timezone"
        cells[5] = name.encode()
        lines[6] = b",".join(cells)
        path = tmp_path / "jobs.csv"
        path.write_bytes(b"".join(lines))
        line, field, got = _only_error(path)
        assert (line, field, got) == (7, "timezone", name)

    @pytest.mark.parametrize("name", ["localtime", "Factory", "right/UTC", ""])
    def test_a_window_in_such_a_zone_is_an_invalid_argument(self, name: str) -> None:
        with pytest.raises(InvalidArgumentError, match=r"^tz: not an IANA time zone name"):
            Window.for_night(sample.SAMPLE_NIGHT, name)


class TestHistoryAtTheFirstDates:
    """Issue 14: history over the first representable nights (a first window starting on
    0001-01-01) gives its nights, as each night's evaluation does, not an OverflowError."""

    def test_the_first_window_may_start_on_the_first_date(self) -> None:
        first = date.min + timedelta(days=DEFAULT_DAYS - 1)  # its window starts on date.min
        early = attrs.evolve(SEED_TARGETS, effective_from=datetime.min.replace(tzinfo=timezone.utc))
        result = history([], first, first + timedelta(days=4), tz="UTC", targets=early)
        assert result.nights == tuple(first + timedelta(days=n) for n in range(5))
        assert Window.for_night(first, "UTC").start == datetime.min.replace(tzinfo=timezone.utc)
