"""`svcperf/__init__.py` imports each public name on first use (PEP 562): the names, `__all__`
and `dir()` are those of the eager package, and a process imports only what it uses."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

import svcperf

_INIT = Path(svcperf.__file__)


def _fresh(code: str) -> str:
    """What `code` prints in a new interpreter."""
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True).stdout.strip()


def _type_checking_imports() -> dict[str, tuple[str, ...]]:
    """The imports under ``if TYPE_CHECKING:`` of the package's source, by module."""
    tree = ast.parse(_INIT.read_text(encoding="utf-8"))
    block = next(node for node in tree.body if isinstance(node, ast.If)
                 and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING")
    found: dict[str, tuple[str, ...]] = {}
    for node in block.body:
        if isinstance(node, ast.ImportFrom):
            names = tuple(alias.name for alias in node.names)
            module = "." * node.level + (node.module or "")
            if module == ".":  # ``from . import sample``: the submodule itself
                found.update({f".{name}": (name,) for name in names})
            else:
                found[module] = names
    return found


def test_the_lazy_table_is_the_type_checking_imports() -> None:
    assert _type_checking_imports() == svcperf._LAZY


def test_every_public_name_is_its_home_modules_object() -> None:
    homes = {name: module for module, names in svcperf._LAZY.items() for name in names}
    errors = {"SvcperfError", "InvalidArgumentError", "InvalidInputError",
              "InvalidRecordError", "MissingExtraError"}
    assert set(svcperf.__all__) == {*homes, *errors, "__version__"}
    for name, module in homes.items():
        home = importlib.import_module(module, "svcperf")
        expected = home if name == "sample" else getattr(home, name)
        assert getattr(svcperf, name) is expected, name


def test_dir_lists_every_public_name_before_any_is_used() -> None:
    listed = _fresh("import svcperf; print(sorted(dir(svcperf)))")
    assert set(svcperf.__all__) <= set(ast.literal_eval(listed))


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="module 'svcperf' has no attribute 'nothing'"):
        svcperf.nothing  # type: ignore[attr-defined]  # noqa: B018


def test_import_svcperf_imports_nothing_but_its_errors() -> None:
    found = _fresh("import sys, svcperf; print(sorted(name for name in sys.modules "
                   "if name.startswith('svcperf') or name == 'importlib.metadata'))")
    assert found == "['svcperf', 'svcperf.errors']"


def test_every_public_name_loads_no_optional_library() -> None:
    found = _fresh("import sys; from svcperf import *; "
                   "print(sorted(name for name in ('pandas', 'polars', 'pyarrow', 'matplotlib', "
                   "'numpy', 'dask', 'pyspark') if name in sys.modules))")
    assert found == "[]"


def test_outlook_stays_the_function_when_its_module_is_imported_first() -> None:
    found = _fresh("import svcperf.outlook, svcperf; from svcperf import outlook; "
                   "print(callable(svcperf.outlook), svcperf.outlook is outlook, "
                   "type(svcperf.outlook).__name__)")
    assert found == "True True function"


def test_the_version_is_the_installed_distributions() -> None:
    from importlib.metadata import version

    assert svcperf.__version__ == version("svcperf")
