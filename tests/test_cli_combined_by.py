"""``--by A,B``: a comma joins attributes into one combined breakdown, the API's
``by=[("A", "B")]``, shown as the API's combined breakdowns render (``A × B``), the same
for every engine; a bad name in a combination is refused as a bad single name is."""

from __future__ import annotations

import json

import pytest
from engine_runs import EngineRun
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_cli import run

import svcperf
from svcperf import output, sample
from svcperf.cli import EXIT_BAD_INPUT

NIGHT = ["--as-of", "2026-11-15", "--tz", "America/Chicago"]
ATTRIBUTES = ["coverage_area", "profession", "technician_id", "channel"]


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    return sample.write(tmp_path_factory.mktemp("sample"), 2000, seed=3)


@pytest.fixture
def data(engine: EngineRun, files: tuple[str, str]) -> list[str]:
    """JOBS and --disputes for `evaluate` and the night, read by the engine under test."""
    return [files[0], "--disputes", files[1], *NIGHT, "--engine", engine.name]


def test_a_comma_gives_the_api_s_combined_breakdown(
        capsys: pytest.CaptureFixture[str], files: tuple[str, str], data: list[str]) -> None:
    code, out, _ = run(capsys, "evaluate", *data, "--format", "json",
                         "--by", "coverage_area, profession", "--by", "technician_id")
    board = svcperf.dashboard(files[0], sample.SAMPLE_NIGHT,
                              [("coverage_area", "profession"), "technician_id"],
                              disputes=files[1], tz="America/Chicago", engine="python")
    expected = output.evaluation_json(board.evaluation, board.breakdowns)
    assert (code, json.loads(out)) == (0, json.loads(output.json_text(expected)))
    shown = json.loads(out)["accounts"]["acct-2002"]["breakdowns"]
    assert list(shown) == ["coverage_area × profession", "technician_id"]
    assert "Brooklyn × HVAC" in shown["coverage_area × profession"]


def test_a_combined_breakdown_in_a_table_and_in_csv(
        capsys: pytest.CaptureFixture[str], data: list[str]) -> None:
    table = run(capsys, "evaluate", *data, "--by", "coverage_area,profession")[1]
    assert "By coverage_area × profession" in table and "Brooklyn × HVAC" in table
    rows = run(capsys, "evaluate", *data, "--format", "csv",
               "--by", "coverage_area,profession")[1].splitlines()
    assert any(row.startswith("acct-2002,coverage_area × profession,Brooklyn × HVAC,")
               for row in rows)


@pytest.mark.parametrize("by", ["coverage_area,colour", "colour,profession",
                                "coverage_area,profession,colour"])
def test_a_bad_name_in_a_combination_gets_the_error_of_a_bad_single_name(
        capsys: pytest.CaptureFixture[str], data: list[str], by: str) -> None:
    alone = run(capsys, "evaluate", *data, "--by", "colour")
    assert run(capsys, "evaluate", *data, "--by", by) == alone
    assert alone[:2] == (EXIT_BAD_INPUT, "") and "--by: " in alone[2] and "'colour'" in alone[2]


@pytest.mark.parametrize(("by", "error"), [
    ([""], "expected an attribute name, or names joined by commas (an empty name is no "
           "attribute), got ''"),
    (["coverage_area, "], "expected an attribute name, or names joined by commas (an empty "
                          "name is no attribute), got 'coverage_area, '"),
    (["coverage_area,coverage_area"], "expected each attribute once in a combined breakdown, "
                                      "got 'coverage_area,coverage_area'"),
    (["coverage_area", " coverage_area"], "expected each breakdown once (it would be shown "
                                          "twice), got ' coverage_area' again"),
    (["profession,channel", "profession, channel"], "expected each breakdown once (it would "
                                                    "be shown twice), got 'profession, "
                                                    "channel' again"),
])
def test_an_empty_or_repeated_name_is_refused_naming_by(
        capsys: pytest.CaptureFixture[str], data: list[str], by: list[str],
        error: str) -> None:
    # (an empty name was ignored; a repeated breakdown shown once, or twice under one key)
    argv = [argument for name in by for argument in ("--by", name)]
    assert run(capsys, "evaluate", *data, *argv) == (EXIT_BAD_INPUT, "",
                                                     f"svcperf: error: --by: {error}\n")
    assert run(capsys, "forecast", *data, *argv)[2] == f"svcperf: error: --by: {error}\n"


def test_the_forecast_takes_one_attribute_per_by(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "forecast", "--sample", "--by", "coverage_area,profession")
    assert (code, out) == (EXIT_BAD_INPUT, "")
    assert err == ("svcperf: error: --by: expected one attribute per --by (the forecast "
                   "breaks down by one attribute at a time), got 'coverage_area,profession'\n")


@settings(max_examples=10, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(st.sampled_from(ATTRIBUTES), min_size=1, max_size=3, unique=True),
                min_size=1, max_size=3, unique_by=tuple), st.sampled_from(["table", "csv", "json"]))
def test_any_combinations_give_the_same_bytes_on_the_columnar_engine(
        capsys: pytest.CaptureFixture[str], files: tuple[str, str], by: list[list[str]],
        form: str) -> None:
    pytest.importorskip("pyarrow")
    argv = [files[0], "--disputes", files[1], *NIGHT, "--format", form]
    for names in by:
        argv += ["--by", ",".join(names)]
    reference = run(capsys, "evaluate", *argv, "--engine", "python")
    assert run(capsys, "evaluate", *argv, "--engine", "columnar") == reference
    assert reference[0] == 0
