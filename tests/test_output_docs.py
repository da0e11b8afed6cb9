"""docs/cli.md's output examples: the Python example runs, the summary example is the
command's output."""

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


def test_the_summary_example_is_the_commands_output(capsys: pytest.CaptureFixture[str]) -> None:
    shown = re.search(r"```\n\$ svcperf summary --sample\n(.*?)```", CLI_MD, re.S)
    assert shown is not None
    assert main(["summary", "--sample"]) == 0
    assert capsys.readouterr().out == shown.group(1)
