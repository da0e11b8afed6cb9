"""Every test that the docs name as pinning a rule exists (issue 9): a renamed or deleted
test cannot leave the auditor's rule-to-test table pointing at nothing."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parent.parent / "docs"
REFERENCE = re.compile(r"\b(test_[a-z0-9_]+)\.py::([A-Za-z0-9_]+)(?:::([a-z0-9_]+))?")


def _references() -> list[tuple[str, str, str | None]]:
    found = []
    for page in sorted(DOCS.glob("*.md")):
        found += REFERENCE.findall(page.read_text(encoding="utf-8"))
    return [(module, name, test or None) for module, name, test in found]


def test_the_docs_name_tests_at_all() -> None:
    assert len(_references()) > 50


def _sort_key(reference: tuple[str, str, str | None]) -> tuple[str, str, str]:
    return reference[0], reference[1], reference[2] or ""


_NAMED = sorted(set(_references()), key=_sort_key)


@pytest.mark.parametrize(("module", "name", "test"), _NAMED)
def test_each_named_test_exists(module: str, name: str, test: str | None) -> None:
    found = getattr(importlib.import_module(module), name, None)
    assert found is not None, f"{module}.py has no {name}"
    if test is not None:
        assert callable(getattr(found, test, None)), f"{module}.py::{name} has no {test}"
