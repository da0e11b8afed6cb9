"""docs/cli.md's output examples: the Python example runs, the table examples are the
commands' output."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from svcperf.cli import main

CLI_MD = (Path(__file__).parent.parent / "docs" / "cli.md").read_text(encoding="utf-8")


def test_the_python_examples_run(capsys: pytest.CaptureFixture[str]) -> None:
    blocks = re.findall(r"```python\n(.*?)```", CLI_MD, re.S)
    assert blocks
    for block in blocks:
        exec(compile(block, "docs/cli.md", "exec"), {})
    assert "acct-2002: Attention" in capsys.readouterr().out


@pytest.mark.parametrize("command", [
    "summary --sample", "evaluate --sample --account acct-2002 --by coverage_area",
    "evaluate --sample --account acct-2002 --by coverage_area,profession"])
def test_a_table_example_is_the_commands_output(capsys: pytest.CaptureFixture[str],
                                                command: str) -> None:
    shown = re.search(r"```\n\$ svcperf " + re.escape(command) + r"\n(.*?)```", CLI_MD, re.S)
    assert shown is not None
    main(command.split())
    assert capsys.readouterr().out == shown.group(1)
