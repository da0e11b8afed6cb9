"""`--engine`: the columnar engine gives the command line's very output, and its very
errors (SPEC §10: "identical tallies, identical results and identical error messages")."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_cli import run

from svcperf import sample
from svcperf.cli import EXIT_BAD_INPUT

pytest.importorskip("pyarrow")

NIGHT = ["--as-of", "2026-11-15", "--tz", "America/Chicago"]
BY = ["--by", "coverage_area", "--by", "profession", "--by", "technician_id"]


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    return sample.write(tmp_path_factory.mktemp("sample"), 2000, seed=3)


@pytest.mark.parametrize("form", [
    ["--format", "json", *BY], ["--format", "csv", *BY], [*BY],
    ["--format", "json", "--viewer-areas", "Brooklyn", "--viewer-areas", "Queens"],
    ["--format", "csv", "--window-days", "7", "--by", "channel"],
    ["--format", "csv", "--by", "coverage_area,technician_id", "--by", "channel"],
    ["--by", "coverage_area,profession"],
    ["--format", "account-health"],
])
def test_evaluate_gives_the_reference_output_byte_for_byte(
        capsys: pytest.CaptureFixture[str], files: tuple[str, str], form: list[str]) -> None:
    jobs, disputes = files
    reference = run(capsys, "evaluate", jobs, "--disputes", disputes, *NIGHT, *form,
                    "--engine", "python")
    columnar = run(capsys, "evaluate", jobs, "--disputes", disputes, *NIGHT, *form,
                   "--engine", "columnar")
    assert columnar == reference
    assert reference[0] == 0 and reference[1]


@pytest.mark.parametrize("command", [["issues"], ["summary"],
                                     ["explain", "--metric", "hg_claim_rate",
                                      "--account", "acct-2002"]])
def test_the_other_commands_read_through_it_alike(
        capsys: pytest.CaptureFixture[str], files: tuple[str, str], command: list[str]) -> None:
    jobs, disputes = files
    argv = [command[0], jobs, "--disputes", disputes, *NIGHT, *command[1:], "--format", "csv"]
    assert run(capsys, *argv, "--engine", "columnar") == run(capsys, *argv, "--engine", "python")


def test_a_bad_file_gives_the_reference_lines_exit_code_and_no_output(
        capsys: pytest.CaptureFixture[str], files: tuple[str, str], tmp_path: Path) -> None:
    jobs, disputes = files
    lines = Path(jobs).read_text(encoding="utf-8").splitlines(keepends=True)
    lines[3] = lines[3].replace(",completed,", ",finished,", 1)
    lines[7] = lines[7].replace("America/", "Americas/", 1)
    bad = tmp_path / "jobs.csv"
    bad.write_text("".join(lines), encoding="utf-8")
    reference = run(capsys, "evaluate", str(bad), "--disputes", disputes, *NIGHT,
                    "--engine", "python")
    columnar = run(capsys, "evaluate", str(bad), "--disputes", disputes, *NIGHT,
                   "--engine", "columnar")
    assert columnar == reference
    assert reference[:2] == (EXIT_BAD_INPUT, "") and len(reference[2].splitlines()) >= 2


def test_columnar_refuses_what_it_cannot_read(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "evaluate", "--sample", "--engine", "columnar")
    assert (code, out) == (EXIT_BAD_INPUT, "")
    assert err.startswith("svcperf: error: --engine columnar: ")
