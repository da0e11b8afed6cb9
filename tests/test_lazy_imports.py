"""`svcperf/__init__.py`, `svcperf/output/__init__.py` and `svcperf/views/__init__.py` import
each public name on first use
(PEP 562, `svcperf.lazy`): the names, `__all__` and `dir()` are those of the eager packages,
and a process imports only what it uses."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
import types
from pathlib import Path

import pytest

import svcperf
import svcperf.output
import svcperf.views

PACKAGES = [svcperf, svcperf.output, svcperf.views]
#: The names `svcperf` imports eagerly (its errors, cheap and caught everywhere).
EAGER = {"svcperf": {"SvcperfError", "InvalidArgumentError", "InvalidInputError",
                     "InvalidRecordError", "MissingExtraError", "__version__"},
         "svcperf.output": set(), "svcperf.views": set()}


def _fresh(code: str) -> str:
    """What `code` prints in a new interpreter."""
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True).stdout.strip()


def _type_checking_imports(package: types.ModuleType) -> dict[str, tuple[str, ...]]:
    """The imports under ``if TYPE_CHECKING:`` of `package`'s source, by module."""
    assert package.__file__ is not None
    tree = ast.parse(Path(package.__file__).read_text(encoding="utf-8"))
    block = next(node for node in tree.body if isinstance(node, ast.If)
                 and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING")
    found: dict[str, tuple[str, ...]] = {}
    for node in block.body:
        if isinstance(node, ast.ImportFrom):
            found["." * node.level + (node.module or "")] = tuple(
                alias.name for alias in node.names)
    return found


@pytest.mark.parametrize("package", PACKAGES, ids=lambda package: package.__name__)
def test_the_lazy_table_is_the_type_checking_imports(package: types.ModuleType) -> None:
    assert _type_checking_imports(package) == package._LAZY


@pytest.mark.parametrize("package", PACKAGES, ids=lambda package: package.__name__)
def test_every_public_name_is_its_home_modules_object(package: types.ModuleType) -> None:
    name_of = package.__name__
    homes = {name: module for module, names in package._LAZY.items() for name in names}
    assert set(package.__all__) == {*homes, *EAGER[name_of]}
    for name, module in homes.items():
        expected = (importlib.import_module(f".{name}", name_of) if module == "."
                    else getattr(importlib.import_module(module, name_of), name))
        assert getattr(package, name) is expected, name


@pytest.mark.parametrize("package", PACKAGES, ids=lambda package: package.__name__)
def test_dir_lists_every_public_name_before_any_is_used(package: types.ModuleType) -> None:
    listed = _fresh(f"import {package.__name__} as p; print(sorted(dir(p)))")
    assert set(package.__all__) <= set(ast.literal_eval(listed))


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="module 'svcperf' has no attribute 'nothing'"):
        svcperf.nothing  # noqa: B018


def test_import_svcperf_imports_nothing_but_its_errors_and_this_machinery() -> None:
    found = _fresh("import sys, svcperf, svcperf.output; print(sorted(name for name in "
                   "sys.modules if name.startswith('svcperf') or name == 'importlib.metadata'))")
    assert found == "['svcperf', 'svcperf.errors', 'svcperf.lazy', 'svcperf.output']"


def test_the_json_of_a_dashboard_needs_no_text_html_or_outlook_module() -> None:
    found = _fresh("import sys; from svcperf.output import evaluation_json, json_text; "
                   "print(sorted(name for name in ('svcperf.output.html', 'svcperf.output.text', "
                   "'svcperf.output.outlook', 'svcperf.outlook') if name in sys.modules))")
    assert found == "[]"


def test_the_json_of_a_columnar_dashboard_imports_no_other_view() -> None:
    found = _fresh("import sys; from svcperf.engines import columnar; "
                   "from svcperf.output import evaluation_json, json_text; "
                   "print(sorted(name for name in ('svcperf.views.explain', "
                   "'svcperf.views.history', 'svcperf.views.issue_list') if name in sys.modules))")
    assert found == "[]"


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


#: What a columnar ``svcperf evaluate --format json`` never runs, so never imports.
NOT_RUN_BY_EVALUATE = ("svcperf.sample", "svcperf.outlook", "svcperf.forecast",
                       "svcperf.headroom", "svcperf.io.targets_file", "svcperf.views.goals",
                       "svcperf.cli_rejected", "svcperf.output.text", "svcperf.output.html",
                       "svcperf.output.outlook", "svcperf.output.account_health",
                       "svcperf.output.charts", "svcperf.engines.dask",
                       "svcperf.engines.spark", "matplotlib", "dask", "distributed",
                       "pyspark", "tomllib", "difflib")
#: ... nor these, unless pyarrow's own import brings them (with cloudpickle installed, as
#: Dask and PySpark install it, `pyarrow.lib` imports it, and it imports `logging`).
NOT_RUN_UNLESS_PYARROW_DOES = ("logging", "importlib.metadata", "pandas")


def test_the_command_lines_columnar_evaluate_imports_only_what_it_runs(
        tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    from svcperf import sample

    jobs, disputes = sample.write(tmp_path, 300)
    argv = ["evaluate", jobs, "--disputes", disputes, "--engine", "columnar", "--as-of",
            str(sample.SAMPLE_NIGHT), "--tz", sample.SAMPLE_TZ, "--by", "coverage_area",
            "--format", "json"]
    found = _fresh(f"import contextlib, io, sys\n"
                   f"import pyarrow, pyarrow.compute, pyarrow.csv\n"
                   f"pyarrows = set(sys.modules)\n"
                   f"from svcperf.cli import main\n"
                   f"with contextlib.redirect_stdout(io.StringIO()) as out:\n"
                   f"    code = main({argv!r})\n"
                   f"print(code, out.getvalue().startswith('{{'), sorted(name for name in "
                   f"{NOT_RUN_BY_EVALUATE!r} if name in sys.modules), sorted(name for name in "
                   f"{NOT_RUN_UNLESS_PYARROW_DOES!r} "
                   f"if name in sys.modules and name not in pyarrows))")
    assert found == "0 True [] []"
