"""The examples of docs/views.md run, in order, and print what their comments say."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

DOC = Path(__file__).resolve().parent.parent / "docs" / "views.md"


def _blocks() -> list[tuple[str, list[str]]]:
    """Each python block, with the output its trailing ``# ...`` comment lines promise."""
    blocks = []
    for code in re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.DOTALL):
        promised = [line[2:] for line in code.splitlines() if line.startswith("# ")]
        blocks.append((code, promised))
    return blocks


class TestViewsDoc:
    def test_every_example_prints_what_its_comments_say(self) -> None:
        namespace: dict[str, object] = {}
        blocks = _blocks()
        assert len(blocks) >= 8
        for code, promised in blocks:
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                exec(compile(code, str(DOC), "exec"), namespace)
            assert out.getvalue().splitlines() == promised, code
