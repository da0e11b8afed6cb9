"""The examples of docs/outlook.md run, in order, and print what their comments say."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

DOC = Path(__file__).resolve().parent.parent / "docs" / "outlook.md"


def _blocks() -> list[tuple[str, list[str]]]:
    """Each python block, with the output its ``# ...`` comment lines (those that start a
    line) promise."""
    blocks = []
    for code in re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.DOTALL):
        promised = [line[2:] for line in code.splitlines() if line.startswith("# ")]
        blocks.append((code, promised))
    return blocks


class TestOutlookDoc:
    def test_every_example_prints_what_its_comments_say(self) -> None:
        namespace: dict[str, object] = {}
        blocks = _blocks()
        assert len(blocks) >= 6
        for code, promised in blocks:
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                exec(compile(code, str(DOC), "exec"), namespace)
            assert out.getvalue().splitlines() == promised, code
