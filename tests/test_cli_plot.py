"""``svcperf history ... --plot FILE.png|.svg`` writes the Chart View beside the table."""

from __future__ import annotations

from pathlib import Path

import pytest

from svcperf.cli import main

pytest.importorskip("matplotlib")

HISTORY = ["history", "--sample", "--from", "2026-11-10", "--to", "2026-11-15"]


@pytest.mark.parametrize(("name", "start"), [("chart.png", b"\x89PNG"), ("chart.SVG", b"<?xml")])
def test_it_writes_the_chart_and_still_prints_the_table(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, start: bytes) -> None:
    path = tmp_path / name
    assert main([*HISTORY, "--plot", str(path)]) == 0
    assert path.read_bytes().startswith(start)
    printed = capsys.readouterr().out
    assert main(HISTORY) == 0
    assert printed == capsys.readouterr().out  # the same table as without --plot


def test_one_account_is_drawn_alone(tmp_path: Path) -> None:
    assert main([*HISTORY, "--account", "acct-2002", "--plot", str(tmp_path / "one.svg")]) == 0
    drawn = (tmp_path / "one.svg").read_text()
    assert "acct-2002" in drawn and "acct-1001" not in drawn


def test_another_kind_of_file_is_a_usage_error(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*HISTORY, "--plot", str(tmp_path / "chart.jpg")]) == 2
    assert "--plot: expected a file name ending in .png or .svg" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


def test_a_file_that_cannot_be_written_is_a_usage_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*HISTORY, "--plot", str(tmp_path / "no" / "chart.png")]) == 2
    assert "--plot: cannot write" in capsys.readouterr().err
