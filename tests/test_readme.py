"""The README's Python example runs and prints what it says."""

import contextlib
import io
import re
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


class TestReadmeExample:
    def test_the_python_example_prints_its_commented_result(self) -> None:
        text = README.read_text(encoding="utf-8")
        block = re.search(r"```python\n(.*?)```", text, re.DOTALL)
        assert block is not None
        code = block.group(1)
        expected = re.search(r"print\(.*\)\s+# (.+)", code)
        assert expected is not None
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(code, str(README), "exec"), {})
        assert out.getvalue().strip() == expected.group(1).strip()
