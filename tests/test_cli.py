"""The command line (SPEC §8): commands, formats, exit codes and error reporting."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import attrs
import pytest
from engine_runs import EngineRun

from svcperf import Viewer, cli, sample, summary
from svcperf.cli import EXIT_ATTENTION, EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_OK, main
from svcperf.metrics import SERVICE_LEVELS
from svcperf.output import Cell, Mark, TextStyle
from svcperf.records import CORE_FIELDS

KEYS = {level.key for level in SERVICE_LEVELS}
METRIC_SHAPE = {"numerator", "denominator", "value", "target", "meets_target"}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """The bundled sample written as CSV files."""
    jobs, disputes = sample.write(tmp_path_factory.mktemp("sample"))
    return jobs, disputes


@pytest.fixture
def the_sample_nights(engine: EngineRun, files: tuple[str, str]) -> list[str]:
    """``--sample`` as each engine reads it: the bundled sample for the reference engine;
    for the columnar one (which reads files only), the sample's files in its zone (a
    test's own ``--tz``, given later, wins)."""
    if engine.name == "python":
        return ["--sample"]
    return [files[0], "--disputes", files[1], "--tz", sample.SAMPLE_TZ, "--engine", engine.name]


@pytest.fixture
def the_sample(engine: EngineRun, the_sample_nights: list[str]) -> list[str]:
    """`the_sample_nights` as of the sample's night, for the commands that take ``--as-of``
    (a test's own, given later, wins)."""
    if engine.name == "python":
        return the_sample_nights
    return [*the_sample_nights, "--as-of", str(sample.SAMPLE_NIGHT)]


def _bad_jobs(path: Path, bad_rows: int) -> Path:
    good = dict.fromkeys(CORE_FIELDS, "") | {
        "account_id": "A", "coverage_area": "North", "profession": "Plumbing",
        "timezone": "UTC", "appointment_date": "2026-09-14", "status": "open",
        "reschedule_attributed": "false"}
    lines = [",".join(CORE_FIELDS)]
    for index in range(bad_rows + 1):
        row = good | {"job_id": f"J{index}"}
        if index:
            row["rating"] = "9"
            row["rated_at"] = "2026-09-14T10:00:00Z"
        lines.append(",".join(row[column] for column in CORE_FIELDS))
    path.write_text("\n".join(lines) + "\n")
    return path


class TestEvaluate:
    def test_the_sample_dashboard_shows_each_account_and_its_status(
            self, the_sample: list[str], capsys: pytest.CaptureFixture[str]) -> None:
        code, out, _ = run(capsys, "evaluate", *the_sample)
        assert code == EXIT_OK
        assert "the night of 2026-11-15 in America/Chicago" in out
        assert "acct-1001: Good Standing" in out and "acct-2002: Attention" in out
        assert "Customer Feedback Rating" in out and "\x1b[" not in out

    def test_fail_on_attention_exits_1_only_when_a_shown_account_is_in_attention(
            self, the_sample: list[str], capsys: pytest.CaptureFixture[str]) -> None:
        assert run(capsys, "evaluate", *the_sample, "--fail-on-attention")[0] == EXIT_ATTENTION
        assert run(capsys, "evaluate", *the_sample, "--fail-on-attention",
                   "--account", "acct-1001")[0] == EXIT_OK

    def test_files_give_the_same_figures_as_the_bundled_sample(
            self, the_sample: list[str], capsys: pytest.CaptureFixture[str],
            files: tuple[str, str]) -> None:
        from_files = run(capsys, "evaluate", files[0], "--disputes", files[1], "--as-of",
                         "2026-11-15", "--tz", "America/Chicago", "--format", "json")
        bundled = run(capsys, "evaluate", *the_sample, "--format", "json")
        assert from_files == bundled

    def test_an_instant_as_of_ends_the_window_there(
            self, the_sample: list[str], capsys: pytest.CaptureFixture[str]) -> None:
        code, out, _ = run(capsys, "evaluate", *the_sample, "--as-of", "2026-11-10T12:00:00-06:00",
                           "--format", "json", "--window-days", "30")
        shown = json.loads(out)
        assert (code, shown["as_of"], shown["window_start"]) == (
            EXIT_OK, "2026-11-10T12:00:00-06:00", "2026-10-11T12:00:00-05:00")

    def test_the_table_of_an_instant_as_of_says_its_window_length(
            self, the_sample: list[str], capsys: pytest.CaptureFixture[str]) -> None:
        for days in ("60", "30"):
            code, out, _ = run(capsys, "evaluate", *the_sample, "--as-of",
                               "2026-11-10T12:00:00-06:00", "--window-days", days)
            assert code in (EXIT_OK, EXIT_ATTENTION)
            assert f"Window: {days} days, from " in out and "custom" not in out

    def test_without_as_of_it_is_the_start_of_today_in_tz(
            self, capsys: pytest.CaptureFixture[str], files: tuple[str, str]) -> None:
        before = datetime.now(timezone(timedelta(hours=9))).date()
        shown = json.loads(run(capsys, "evaluate", files[0], "--tz", "Asia/Tokyo",
                               "--format", "json")[1])
        after = datetime.now(timezone(timedelta(hours=9))).date()
        assert shown["as_of"] in (f"{before}T00:00:00+09:00", f"{after}T00:00:00+09:00")

    @pytest.mark.parametrize("offset", ["-06:60", "+17:60", "+00:00:60", "+00:30:00",
                                        "-00:00", "+19:00", "+18:01"])
    def test_an_offset_a_data_file_may_not_hold_is_a_usage_error(
            self, the_sample: list[str], offset: str,
            capsys: pytest.CaptureFixture[str]) -> None:
        # (datetime.fromisoformat took -06:60 as -07:00 and +00:00:60 as a minute: the
        # instant moved silently)
        text = f"2026-11-10T12:00:00{offset}"
        code, out, err = run(capsys, "evaluate", *the_sample, "--as-of", text)
        assert (code, out) == (EXIT_BAD_INPUT, "")
        assert err == (f"svcperf: error: --as-of: expected a UTC offset Z or ±HH:MM (minutes "
                       f"00-59, at most 18 hours; -00:00 says no offset), as in the data "
                       f"files, got {text!r}\n")

    @pytest.mark.parametrize(("text", "shown"), [
        ("2026-11-10T12:00:00+18:00", "2026-11-09T12:00:00-06:00"),
        ("2026-11-10T12:00Z", "2026-11-10T06:00:00-06:00"),
        ("2026-11-10T12:00:00+0530", "2026-11-10T00:30:00-06:00"),
        ("20261110T120000Z", "2026-11-10T06:00:00-06:00")])
    def test_an_instant_with_a_plain_offset_is_read_as_written(
            self, the_sample: list[str], text: str, shown: str,
            capsys: pytest.CaptureFixture[str]) -> None:
        code, out, _ = run(capsys, "evaluate", *the_sample, "--as-of", text, "--format", "json")
        assert code in (EXIT_OK, EXIT_ATTENTION)
        assert json.loads(out)["as_of"] == shown

    @pytest.mark.parametrize(("text", "message"), [
        ("2026-02-30", "expected a date YYYY-MM-DD, got '2026-02-30' (no such day)"),
        ("20261115", "expected a date YYYY-MM-DD or an ISO 8601 instant with a UTC offset, "
                     "got '20261115'")])
    def test_a_date_that_is_no_day_says_so(self, the_sample: list[str], text: str,
                                           message: str,
                                           capsys: pytest.CaptureFixture[str]) -> None:
        # (2026-02-30 said only "expected a date YYYY-MM-DD"; 20261115 was called an instant
        # without an offset, and the suggested 20261115Z was then rejected)
        code, out, err = run(capsys, "evaluate", *the_sample, "--as-of", text)
        assert (code, out, err) == (EXIT_BAD_INPUT, "", f"svcperf: error: --as-of: {message}\n")

    def test_a_naive_instant_is_a_usage_error(
            self, the_sample: list[str], capsys: pytest.CaptureFixture[str]) -> None:
        code, out, err = run(capsys, "evaluate", *the_sample, "--as-of", "2026-11-10T12:00")
        assert (code, out) == (EXIT_BAD_INPUT, "")
        assert "--as-of" in err and "offset" in err

    def test_a_night_before_the_built_in_targets_names_as_of(
            self, the_sample: list[str], capsys: pytest.CaptureFixture[str]) -> None:
        # (it named --targets, which was not given)
        code, out, err = run(capsys, "evaluate", *the_sample, "--as-of", "0001-03-01")
        assert (code, out) == (EXIT_BAD_INPUT, "")
        assert err == ("svcperf: error: --as-of: no target set is in force at "
                       "0001-03-02T05:50:36+00:00; the built-in (seed) targets take effect at "
                       "1970-01-01T00:00:00+00:00\n")

    def test_a_night_before_a_targets_files_sets_names_targets(
            self, the_sample: list[str], capsys: pytest.CaptureFixture[str],
            tmp_path: Path) -> None:
        targets = tmp_path / "targets.toml"
        targets.write_text("[[marketplace]]\neffective = 2026-01-01T00:00:00Z\n"
                           "[marketplace.targets]\nhg_claim_rate = \"1%\"\n", encoding="utf-8")
        code, out, err = run(capsys, "evaluate", *the_sample, "--as-of", "2025-06-01",
                             "--targets", str(targets))
        assert (code, out) == (EXIT_BAD_INPUT, "")
        assert err == ("svcperf: error: --targets: no target set is in force at "
                       "2025-06-02T05:00:00+00:00; the first takes effect at "
                       "2026-01-01T00:00:00+00:00\n")

    def test_csv_gives_exact_counts_per_account_slice_and_figure(
            self, the_sample: list[str], capsys: pytest.CaptureFixture[str]) -> None:
        _, out, _ = run(capsys, "evaluate", *the_sample, "--format", "csv",
                           "--by", "coverage_area", "--account", "acct-3003")
        lines = out.splitlines()
        assert lines[0] == ("account_id,attribute,slice,status,metric,numerator,denominator,"
                            "value,target,meets_target")
        assert len(lines) == 1 + 8 * (1 + 3)

    def test_a_table_breakdown_lists_every_slice(
            self, the_sample: list[str], capsys: pytest.CaptureFixture[str]) -> None:
        out = run(capsys, "evaluate", *the_sample, "--by", "technician_id", "--by", "channel")[1]
        assert "By technician_id" in out and "(none)" in out and "By channel" in out

    def test_a_scoped_viewer_sees_only_its_areas(
            self, the_sample: list[str], capsys: pytest.CaptureFixture[str]) -> None:
        shown = json.loads(run(capsys, "evaluate", *the_sample, "--format", "json",
                               "--viewer-areas", "Boulder,Phoenix", "--by", "coverage_area")[1])
        assert list(shown["accounts"]) == ["acct-1001"]
        assert list(shown["accounts"]["acct-1001"]["breakdowns"]["coverage_area"]) == [
            "Boulder", "Phoenix"]

    @pytest.mark.parametrize("argv", [
        ["evaluate"],
        ["evaluate", "--sample", "jobs.csv"],
        ["evaluate", "--sample", "--account", "nobody"],
        ["evaluate", "--sample", "--by", "colour"],
        ["evaluate", "--sample", "--tz", "Mars/Olympus"],
        ["evaluate", "--sample", "--window-days", "0"],
        ["evaluate", "jobs.txt"],
        ["evaluate", "missing.csv"],
    ])
    def test_a_usage_error_exits_2_with_one_line_and_no_output(
            self, capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
        code, out, err = run(capsys, *argv)
        assert (code, out, len(err.splitlines())) == (EXIT_BAD_INPUT, "", 1)
        assert err.startswith("svcperf: error: ")

    def test_bad_rows_are_listed_one_line_each_up_to_the_cap(
            self, engine: EngineRun, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        path = _bad_jobs(tmp_path / "jobs.csv", 60)
        code, out, err = run(capsys, "evaluate", str(path), "--engine", engine.name)
        lines = err.splitlines()
        assert (code, out, len(lines)) == (EXIT_BAD_INPUT, "", 51)
        assert lines[0] == (f"{path}:3: job 'J1': field 'rating': expected an integer from 1 "
                            f"to 5, got 9")
        assert lines[-1] == "... and 10 more problems"

    def test_problems_in_both_files_are_reported_together(
            self, engine: EngineRun, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        jobs = _bad_jobs(tmp_path / "jobs.csv", 1)
        disputes = tmp_path / "disputes.csv"
        disputes.write_text("job_id,issue_type,outcome,decided_at\nJ0,hg,pending,\n")
        err = run(capsys, "evaluate", str(jobs), "--disputes", str(disputes), "--engine",
                  engine.name)[2]
        assert [line.split(":")[1] for line in err.splitlines()] == ["3", "2"]

    def test_an_unexpected_error_is_one_line_and_exit_3(
            self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
        def broken(*args: object, **kwargs: object) -> None:
            raise RuntimeError("boom")
        monkeypatch.setattr(cli, "dashboard", broken)
        code, out, err = run(capsys, "evaluate", "--sample")
        assert (code, out) == (EXIT_INTERNAL, "")
        assert "RuntimeError: boom" in err and "--debug" in err and "Traceback" not in err

    def test_debug_lets_the_traceback_through(self, capsys: pytest.CaptureFixture[str]) -> None:
        with pytest.raises(ValueError, match="Mars"):
            main(["evaluate", "--sample", "--tz", "Mars/Olympus", "--debug"])


class TestStyle:
    class _Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    def test_colour_is_used_on_a_terminal_unless_no_color_is_set(
            self, monkeypatch: pytest.MonkeyPatch) -> None:
        missed = Cell("x", Mark.MISSED)
        monkeypatch.delenv("NO_COLOR", raising=False)
        assert TextStyle.for_stream(self._Terminal()).paint(missed) == "\x1b[31mx\x1b[0m"
        monkeypatch.setenv("NO_COLOR", "1")
        assert TextStyle.for_stream(self._Terminal()).paint(missed) == "x"
        monkeypatch.delenv("NO_COLOR")
        assert TextStyle.for_stream(io.StringIO()).paint(missed) == "x"

    def test_a_terminal_gets_colour_from_the_command(
            self, monkeypatch: pytest.MonkeyPatch) -> None:
        terminal = self._Terminal()
        monkeypatch.delenv("NO_COLOR", raising=False)
        monkeypatch.setattr(sys, "stdout", terminal)
        assert main(["evaluate", "--sample"]) in (EXIT_OK, EXIT_ATTENTION)
        assert "\x1b[31mAttention\x1b[0m" in terminal.getvalue()


class TestIssues:
    def test_filters_narrow_the_list_to_jobs_with_those_issues(
            self, the_sample: list[str], capsys: pytest.CaptureFixture[str]) -> None:
        shown = json.loads(run(capsys, "issues", *the_sample, "--area", "Brooklyn",
                               "--issue-type", "cancellation", "--format", "json")[1])
        assert shown["jobs"]
        assert all(job["coverage_area"] == "Brooklyn" and "cancellation" in job["issues"]
                   for job in shown["jobs"])

    def test_an_unknown_issue_type_is_a_usage_error(
            self, the_sample: list[str], capsys: pytest.CaptureFixture[str]) -> None:
        assert run(capsys, "issues", *the_sample, "--issue-type", "rudeness")[0] == EXIT_BAD_INPUT

    def test_the_table_counts_the_jobs_listed(
            self, the_sample: list[str], capsys: pytest.CaptureFixture[str]) -> None:
        out = run(capsys, "issues", *the_sample, "--account", "acct-3003",
                  "--issue-type", "hg_claim")[1]
        listed = sum(line.startswith("  acct-3003 ") for line in out.splitlines())
        assert listed and out.rstrip().endswith(f"{listed} jobs listed, {listed} with issues")


class TestExplain:
    def test_the_rows_add_up_to_the_figure(
            self, the_sample: list[str], capsys: pytest.CaptureFixture[str]) -> None:
        shown = json.loads(run(capsys, "explain", *the_sample, "--account", "acct-2002",
                               "--metric", "cancellation_rate", "--slice",
                               "coverage_area=Brooklyn", "--format", "json")[1])
        counted = [job for job in shown["jobs"] if job["role"] != "left out"]
        assert sum(job["contribution"] for job in shown["jobs"]) == shown["numerator"]
        assert len(counted) == shown["denominator"]

    def test_the_no_value_slice_is_named_none(
            self, the_sample: list[str], capsys: pytest.CaptureFixture[str]) -> None:
        code, out, _ = run(capsys, "explain", *the_sample, "--account", "acct-1001", "--metric",
                           "hg_claim_rate", "--slice", "technician_id=(none)")
        assert code == EXIT_OK and "technician_id = (none)" in out

    @pytest.mark.parametrize("argv", [["--metric", "speed"], ["--metric", "hg_claim_rate"],
                                      ["--metric", "hg_claim_rate", "--slice", "area"]])
    def test_a_bad_metric_slice_or_missing_account_is_a_usage_error(
            self, the_sample: list[str], capsys: pytest.CaptureFixture[str],
            argv: list[str]) -> None:
        assert run(capsys, "explain", *the_sample, *argv)[0] == EXIT_BAD_INPUT

    def test_a_slice_by_an_attribute_no_job_has_names_slice(
            self, the_sample: list[str], capsys: pytest.CaptureFixture[str]) -> None:
        # (it named --by, which explain does not have)
        code, out, err = run(capsys, "explain", *the_sample, "--account", "acct-1001",
                             "--metric", "hg_claim_rate", "--slice", "bogus=x")
        assert (code, out) == (EXIT_BAD_INPUT, "")
        assert err == ("svcperf: error: --slice: expected a job field (coverage_area, "
                       "profession, technician_id, ...) or an extra column of the data, got "
                       "'bogus'\n")

    def test_an_attribute_sliced_twice_is_a_usage_error_naming_slice(
            self, the_sample: list[str], capsys: pytest.CaptureFixture[str]) -> None:
        # (the last value was kept silently)
        code, out, err = run(capsys, "explain", *the_sample, "--account", "acct-1001",
                             "--metric", "hg_claim_rate", "--slice", "technician_id=A",
                             "--slice", "technician_id = B")
        assert (code, out) == (EXIT_BAD_INPUT, "")
        assert err == ("svcperf: error: --slice: expected each attribute once (a job has one "
                       "value of it), got 'technician_id' again in 'technician_id = B'\n")
        code, out, _ = run(capsys, "explain", *the_sample, "--account", "acct-2002",
                           "--metric", "hg_claim_rate", "--slice", "coverage_area=Brooklyn",
                           "--slice", "technician_id=(none)", "--format", "json")
        assert code == EXIT_OK
        assert json.loads(out)["where"] == {"coverage_area": "Brooklyn", "technician_id": None}


class TestHistory:
    def test_each_night_has_the_figures_of_that_nights_evaluation(
            self, the_sample: list[str], the_sample_nights: list[str],
            capsys: pytest.CaptureFixture[str]) -> None:
        shown = json.loads(run(capsys, "history", *the_sample_nights, "--from", "2026-11-14",
                               "--to", "2026-11-15", "--format", "json")[1])
        last = shown["accounts"]["acct-2002"][-1]
        night = json.loads(run(capsys, "evaluate", *the_sample, "--format", "json")[1])
        assert last["metrics"] == night["accounts"]["acct-2002"]["metrics"]
        assert (last["as_of"], last["window_start"]) == (night["as_of"], night["window_start"])

    def test_the_table_shows_a_trend_per_figure(
            self, the_sample_nights: list[str], capsys: pytest.CaptureFixture[str]) -> None:
        out = run(capsys, "history", *the_sample_nights, "--from", "2026-11-01", "--to",
                  "2026-11-15",
                  "--account", "acct-2002")[1]
        assert "acct-2002: Attention from 2026-11-01" in out and "of 15" in out

    def test_a_first_night_before_the_built_in_targets_names_from(
            self, the_sample_nights: list[str], capsys: pytest.CaptureFixture[str]) -> None:
        # (it named --targets, which was not given)
        code, out, err = run(capsys, "history", *the_sample_nights, "--from", "1969-12-30",
                             "--to", "1970-01-05", "--tz", "UTC")
        assert (code, out) == (EXIT_BAD_INPUT, "")
        assert err == ("svcperf: error: --from: no target set is in force at "
                       "1969-12-31T00:00:00+00:00; the built-in (seed) targets take effect at "
                       "1970-01-01T00:00:00+00:00\n")


class TestSummary:
    def test_the_counts_are_the_evaluations(
            self, the_sample: list[str], capsys: pytest.CaptureFixture[str]) -> None:
        shown = json.loads(run(capsys, "summary", *the_sample, "--format", "json")[1])
        night = json.loads(run(capsys, "evaluate", *the_sample, "--format", "json")[1])
        assert (shown["as_of"], shown["window_start"]) == (night["as_of"], night["window_start"])
        assert shown["accounts"] == {account_id: account["summary"]
                                     for account_id, account in night["accounts"].items()}

    def test_every_format_shows_one_account_when_asked(
            self, the_sample: list[str], capsys: pytest.CaptureFixture[str]) -> None:
        table = run(capsys, "summary", *the_sample, "--account", "acct-2002")[1]
        assert "acct-2002" in table and "acct-1001" not in table
        csv_text = run(capsys, "summary", *the_sample, "--account", "acct-2002",
                       "--format", "csv")[1]
        assert csv_text.splitlines() == [
            "account_id,jobs_completed,jobs_cancelled,jobs_with_issues,issues_total",
            "acct-2002," + ",".join(str(value) for value in json.loads(run(
                capsys, "summary", "--sample", "--format", "json")[1])["accounts"][
                    "acct-2002"].values())]

    def test_a_scoped_viewer_counts_only_its_areas(
            self, the_sample: list[str], capsys: pytest.CaptureFixture[str]) -> None:
        shown = json.loads(run(capsys, "summary", *the_sample, "--viewer-areas", "Brooklyn",
                               "--format", "json")[1])
        jobs, disputes = sample.generate()
        counts = summary(jobs, sample.SAMPLE_NIGHT, disputes=disputes, tz=sample.SAMPLE_TZ,
                         viewer=Viewer(frozenset({"Brooklyn"})))
        assert shown["accounts"] == {account_id: attrs.asdict(part)
                                     for account_id, part in counts.items()}
        everything = summary(jobs, sample.SAMPLE_NIGHT, disputes=disputes, tz=sample.SAMPLE_TZ)
        assert counts["acct-2002"].jobs_completed < everything["acct-2002"].jobs_completed

    def test_an_unknown_account_is_a_usage_error(
            self, the_sample: list[str], capsys: pytest.CaptureFixture[str]) -> None:
        code, out, err = run(capsys, "summary", *the_sample, "--account", "nope")
        assert (code, out) == (EXIT_BAD_INPUT, "") and "--account" in err


class TestSample:
    def test_it_writes_files_the_evaluate_command_reads(
            self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        code, out, _ = run(capsys, "sample", "--jobs", "200", "--seed", "3", "--out",
                           str(tmp_path), "--format", "jsonl")
        assert code == EXIT_OK and "jobs.jsonl" in out
        assert run(capsys, "evaluate", str(tmp_path / "jobs.jsonl"), "--disputes",
                   str(tmp_path / "disputes.jsonl"), "--as-of", "2026-11-15")[0] == EXIT_OK

    def test_days_spreads_the_jobs_over_that_span_like_the_library(
            self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        assert run(capsys, "sample", "--jobs", "300", "--seed", "3", "--days", "200",
                   "--out", str(tmp_path / "long"))[0] == EXIT_OK
        sample.write(tmp_path / "lib", 300, 3, days=200)
        for name in ("jobs.csv", "disputes.csv"):
            assert (tmp_path / "long" / name).read_bytes() == (
                tmp_path / "lib" / name).read_bytes()

    def test_the_default_span_is_the_bundled_one(
            self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        assert run(capsys, "sample", "--jobs", "200", "--out", str(tmp_path / "cli"))[0] == EXIT_OK
        sample.write(tmp_path / "lib", 200, sample.SAMPLE_SEED)
        assert (tmp_path / "cli" / "jobs.csv").read_bytes() == (
            tmp_path / "lib" / "jobs.csv").read_bytes()

    @pytest.mark.parametrize("days", ["0", "-5"])
    def test_a_span_under_one_day_is_bad_input_and_writes_nothing(
            self, capsys: pytest.CaptureFixture[str], tmp_path: Path, days: str) -> None:
        code, _, err = run(capsys, "sample", "--days", days, "--out", str(tmp_path / "x"))
        assert code == EXIT_BAD_INPUT and "--days" in err
        assert not (tmp_path / "x").exists()


class TestSubprocess:
    """End to end, as installed: few of these, each costs a process."""

    def test_json_output_has_the_exact_shape_of_spec_section_8(self) -> None:
        done = subprocess.run([sys.executable, "-m", "svcperf", "evaluate", "--sample",
                               "--format", "json", "--by", "technician_id"],
                              capture_output=True, text=True, check=False)
        assert (done.returncode, done.stderr) == (0, "")
        shown = json.loads(done.stdout)
        assert set(shown) == {"as_of", "window_start", "accounts"}
        for account in shown["accounts"].values():
            assert set(account) == {"status", "metrics", "defect_free_rate", "breakdowns",
                                    "summary"}
            assert account["status"] in ("good_standing", "attention")
            assert set(account["metrics"]) == KEYS
            assert all(set(m) == METRIC_SHAPE for m in account["metrics"].values())
            assert all(isinstance(m["numerator"], int) and isinstance(m["denominator"], int)
                       for m in account["metrics"].values())
            slices = account["breakdowns"]["technician_id"]
            assert "(none)" in slices
            assert all(set(part) == {"status", "metrics"} for part in slices.values())

    def test_bad_input_exits_2_with_errors_on_stderr_only(self, tmp_path: Path) -> None:
        path = _bad_jobs(tmp_path / "jobs.csv", 2)
        done = subprocess.run([sys.executable, "-m", "svcperf", "evaluate", str(path)],
                              capture_output=True, text=True, check=False)
        assert (done.returncode, done.stdout) == (EXIT_BAD_INPUT, "")
        assert [line.split(": ")[0] for line in done.stderr.splitlines()] == [
            f"{path}:3", f"{path}:4"]
