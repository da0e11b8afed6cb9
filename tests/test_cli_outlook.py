"""The command line's outlook (issue 12): `forecast`, `evaluate --outlook`, `--targets`
and `targets`."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from engine_runs import EngineRun
from strategies import make_job, utc

from svcperf import outlook, sample, write_jobs
from svcperf.cli import EXIT_BAD_INPUT, EXIT_OK, main
from svcperf.metrics import SERVICE_LEVELS
from svcperf.views import METRIC_KEYS

KEYS = {level.key for level in SERVICE_LEVELS}
#: The keys issue 12's JSON contract promises for each metric.
CONTRACT = {"numerator", "denominator", "meets_target", "headroom", "clean_jobs_needed",
            "issues_to_remove", "recovers_on", "burn_rate", "flagged"}

TARGETS = """\
[[marketplace]]
effective = 1970-01-01T00:00:00Z
[marketplace.targets]
customer_feedback_rating = ">= 4.7"
hg_claim_rate = "<= 1%"

[[goals]]
name = "tight"
[goals.targets]
reschedule_rate = "0%"

[[goals]]
name = "North"
coverage_area = "North"
[goals.targets]
hg_claim_rate = "<= 0.1%"
"""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def targets(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("targets") / "targets.toml"
    path.write_text(TARGETS, encoding="utf-8")
    return str(path)


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """A small sample as CSV files."""
    return sample.write(tmp_path_factory.mktemp("sample"), 300)


@pytest.fixture
def data(engine: EngineRun, files: tuple[str, str]) -> list[str]:
    """JOBS and --disputes, read by the engine under test."""
    return [files[0], "--disputes", files[1], "--engine", engine.name]


class TestForecast:
    def test_json_keeps_the_contract_and_matches_the_api(
            self, capsys: pytest.CaptureFixture[str]) -> None:
        code, out, _ = run(capsys, "forecast", "--sample", "--format", "json")
        assert code == EXIT_OK
        document = json.loads(out)
        assert {"as_of", "window_start", "accounts"} <= set(document)
        jobs, disputes = sample.generate()
        expected = outlook(jobs, sample.SAMPLE_NIGHT, disputes=disputes, tz=sample.SAMPLE_TZ)
        assert set(document["accounts"]) == set(expected.accounts)
        for account_id, shown in document["accounts"].items():
            result = expected[account_id]
            assert shown["status"] == result.status.value
            assert set(shown["good_standing_on"]) == {"nothing_else", "clean_work"}
            assert set(shown["metrics"]) == KEYS
            for key, metric in shown["metrics"].items():
                level = result[key]
                assert set(metric) >= CONTRACT
                assert metric["headroom"] == level.room.headroom
                assert metric["clean_jobs_needed"] == level.room.clean_jobs_needed
                assert set(metric["recovers_on"]) == {"nothing_else", "clean_work"}
                for name, beyond in metric["beyond_horizon"].items():
                    assert beyond == (level.recovers_on is not None
                                      and metric["recovers_on"][name] is None)
                assert set(metric["burn_rate"]) == {"7", "30"}
                assert metric["flagged"] is level.flagged
                if level.recovers_on is not None and level.recovers_on.nothing_else:
                    assert metric["recovers_on"]["nothing_else"] == \
                        level.recovers_on.nothing_else.isoformat()
        assert any(shown["status"] == "attention" and shown["good_standing_on"]["nothing_else"]
                   for shown in document["accounts"].values())

    def test_by_adds_each_slices_room_to_json(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, out, _ = run(capsys, "forecast", "--sample", "--format", "json", "--by",
                           "coverage_area")
        assert code == EXIT_OK
        jobs, disputes = sample.generate()
        expected = outlook(jobs, sample.SAMPLE_NIGHT, disputes=disputes, tz=sample.SAMPLE_TZ,
                           by=["coverage_area"])
        for account_id, shown in json.loads(out)["accounts"].items():
            slices = expected[account_id].slices["coverage_area"]
            assert set(shown["breakdowns"]["coverage_area"]) == set(slices)
            for value, part in slices.items():
                metrics = shown["breakdowns"]["coverage_area"][value]["metrics"]
                assert {key: metric["clean_jobs_needed"] for key, metric in metrics.items()} \
                    == {key: found.clean_jobs_needed for key, found in part.rooms.items()}

    def test_csv_has_a_row_per_account_and_level(
            self, capsys: pytest.CaptureFixture[str]) -> None:
        code, out, _ = run(capsys, "forecast", "--sample", "--format", "csv",
                           "--short-windows", "3,14")
        assert code == EXIT_OK
        rows = list(csv.DictReader(io.StringIO(out)))
        assert {row["metric"] for row in rows} == KEYS
        assert "burn_rate_3" in rows[0] and "burn_rate_14" in rows[0]

    def test_the_table_marks_flagged_levels(self, capsys: pytest.CaptureFixture[str],
                                            tmp_path: Path) -> None:
        # 1000 clean jobs on 26 July, 100 jobs on 12 September with 3 reschedules.
        made = [make_job(job_id=f"O{n}", closed_at=utc(2026, 7, 26, 15)) for n in range(1000)]
        made += [make_job(job_id=f"N{n}", closed_at=utc(2026, 9, 12, 15),
                          reschedule_attributed=n < 3) for n in range(100)]
        jobs = tmp_path / "jobs.csv"
        write_jobs(jobs, made)
        code, out, _ = run(capsys, "forecast", str(jobs), "--as-of", "2026-09-14")
        assert code == EXIT_OK
        assert "met!" in out and "burns above 1 over every short window" in out

    def test_bad_short_windows_are_one_line(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, out, err = run(capsys, "forecast", "--sample", "--short-windows", "7,x")
        assert code == EXIT_BAD_INPUT and out == ""
        assert err.startswith("svcperf: error: --short-windows:")

    def test_a_short_window_starting_before_year_1_names_short_windows(
            self, capsys: pytest.CaptureFixture[str], data: list[str]) -> None:
        # (it named --as-of, --window-days)
        code, out, err = run(capsys, "forecast", *data, "--as-of", "2026-11-15",
                             "--short-windows", "1000000,7")
        assert (code, out) == (EXIT_BAD_INPUT, "")
        assert err == ("svcperf: error: --as-of, --short-windows: the 1000000-day window "
                       "ending on the night of 2026-11-15 would start before 0001-01-01, the "
                       "first of Python's dates (0001-01-01 to 9999-12-31); give a later end "
                       "or fewer days\n")

    @pytest.mark.parametrize(("windows", "repeated"), [("7,7", 7), ("7,30,7", 7), ("30, 30", 30)])
    def test_a_short_window_given_twice_is_refused_naming_short_windows(
            self, capsys: pytest.CaptureFixture[str], data: list[str], windows: str,
            repeated: int) -> None:
        # (the JSON output's burn rates by window length collapsed into one)
        code, out, err = run(capsys, "forecast", *data, "--as-of", "2026-11-15",
                             "--short-windows", windows, "--format", "json")
        assert (code, out) == (EXIT_BAD_INPUT, "")
        assert err == (f"svcperf: error: --short-windows: expected each window length once "
                       f"(each has its own burn rates), got {repeated} more than once\n")


class TestEvaluateOutlook:
    def test_an_outlook_past_year_9999_names_as_of_and_outlook(
            self, capsys: pytest.CaptureFixture[str], data: list[str]) -> None:
        # (it named --horizon, which evaluate does not have)
        code, out, err = run(capsys, "evaluate", *data, "--as-of", "9999-12-30", "--outlook")
        assert (code, out) == (EXIT_BAD_INPUT, "")
        assert err == ("svcperf: error: --as-of, --outlook: the outlook's 120 nights (twice "
                       "the 60-day window: the default horizon) from 9999-12-31 end after "
                       "9999-12-31, the last of Python's dates\n")

    def test_outlook_adds_a_key_and_changes_none(
            self, capsys: pytest.CaptureFixture[str]) -> None:
        _, plain, _ = run(capsys, "evaluate", "--sample", "--format", "json", "--by",
                          "coverage_area")
        code, out, _ = run(capsys, "evaluate", "--sample", "--format", "json", "--by",
                           "coverage_area", "--outlook")
        assert code == EXIT_OK
        before, after = json.loads(plain), json.loads(out)
        for account_id, shown in after["accounts"].items():
            assert set(shown["outlook"]["metrics"]) == KEYS
            assert {k: v for k, v in shown.items() if k != "outlook"} == \
                before["accounts"][account_id]

    def test_goals_show_beside_the_figures_and_never_change_the_status(
            self, capsys: pytest.CaptureFixture[str], targets: str) -> None:
        _, plain, _ = run(capsys, "evaluate", "--sample", "--format", "json")
        code, out, _ = run(capsys, "evaluate", "--sample", "--format", "json", "--targets",
                           targets, "--by", "coverage_area")
        assert code == EXIT_OK
        before, after = json.loads(plain), json.loads(out)
        for account_id, shown in after["accounts"].items():
            assert shown["status"] == before["accounts"][account_id]["status"]
            assert set(shown["goals"]["account"]) == {"tight"}
            assert set(shown["goals"]["breakdowns"]["coverage_area"]) <= {"North"}
            # the file's marketplace set has only two targets
            assert shown["metrics"]["reschedule_rate"]["target"] is None


    def test_the_table_lists_goal_met_or_missed(
            self, capsys: pytest.CaptureFixture[str], targets: str) -> None:
        _, plain, _ = run(capsys, "evaluate", "--sample", "--targets", targets)
        code, out, _ = run(capsys, "evaluate", "--sample", "--targets", targets, "--by",
                           "coverage_area")
        assert code == EXIT_OK
        assert "acct-1001: goals" in out and "Goal 'tight': reschedule_rate " in out
        assert "they never change a status" in out
        assert plain.split("\n\n")[1] in out  # the dashboard itself is unchanged


class TestTargetsCommand:
    def test_a_good_file_is_printed(self, capsys: pytest.CaptureFixture[str],
                                    targets: str) -> None:
        code, out, _ = run(capsys, "targets", targets)
        assert code == EXIT_OK
        assert "1 target sets, 2 goals" in out
        assert "  hg_claim_rate <= 1%" in out and "goal 'North' (coverage_area = North):" in out

    def test_a_bad_file_gives_one_line_per_problem(
            self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        path = tmp_path / "bad.toml"
        path.write_text(TARGETS.replace('"<= 1%"', '"lots"').replace("reschedule_rate",
                                                                      "reschedules"))
        code, out, err = run(capsys, "targets", str(path))
        assert code == EXIT_BAD_INPUT and out == ""
        assert err.splitlines() == [
            f"{path}:5: target set #1: field 'marketplace.targets.hg_claim_rate': expected a "
            f"threshold such as '>= 4.7', '<= 1%', '1%' or 4.7, got 'lots'",
            f"{path}:10: goal 'tight': field 'goals.targets.reschedules': expected a metric "
            f"key ({', '.join(METRIC_KEYS)}), got 'reschedules'"]

    def test_a_comparison_other_than_the_levels_own_is_a_bad_threshold(
            self, capsys: pytest.CaptureFixture[str], tmp_path: Path, data: list[str]) -> None:
        # (">= 1%" for a rate was accepted: met by every rate above 1 %)
        path = tmp_path / "flipped.toml"
        path.write_text(TARGETS.replace('"<= 1%"', '">= 1%"').replace('">= 4.7"', '"<= 4.7"'))
        expected = [
            f"{path}:4: target set #1: field 'marketplace.targets.customer_feedback_rating': "
            f"expected a threshold with a '>=' comparison (customer_feedback_rating is met "
            f"when at least its threshold), got '<= 4.7'",
            f"{path}:5: target set #1: field 'marketplace.targets.hg_claim_rate': expected a "
            f"threshold with a '<=' comparison (hg_claim_rate is met when at most its "
            f"threshold), got '>= 1%'"]
        for argv in (["targets", str(path)],
                     ["evaluate", *data, "--as-of", "2026-11-15", "--targets", str(path)]):
            code, out, err = run(capsys, *argv)
            assert (code, out, err.splitlines()) == (EXIT_BAD_INPUT, "", expected)
