"""Public names imported on first use (PEP 562), for the packages' ``__init__`` modules:
a process imports only the modules whose names it uses, and ``dir()`` and ``__all__`` list
every name before any is used.
"""

from __future__ import annotations

import sys
import types
from collections.abc import Callable, Mapping
from importlib import import_module
from typing import Any

__all__ = ["exports"]

#: Per package using `exports`, its public names that are not submodules.
_NOT_MODULES: dict[str, frozenset[str]] = {}


class _Package(types.ModuleType):
    """A package of `exports`: importing its submodule ``svcperf.views.breakdown`` (which
    the import system binds as an attribute of the package) keeps ``svcperf.views.breakdown``
    the public function of that name."""

    def __setattr__(self, name: str, value: Any) -> None:
        """Bind `value` unless it is a submodule named as a public name it holds."""
        if not (isinstance(value, types.ModuleType)
                and name in _NOT_MODULES.get(self.__name__, ())):
            super().__setattr__(name, value)


def exports(package: str, homes: Mapping[str, tuple[str, ...]], namespace: dict[str, Any],
            public: list[str]) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The ``__getattr__`` and ``__dir__`` of `package` (its `namespace`, its `public`
    names): each name of `homes` (module, relative to `package` -> names) is imported from
    its module on first use and kept; the names under ``"."`` are submodules."""
    home_of = {name: module for module, names in homes.items() for name in names}
    _NOT_MODULES[package] = frozenset(name for name, home in home_of.items() if home != ".")
    sys.modules[package].__class__ = _Package

    def get(name: str) -> Any:
        if name not in home_of:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        if home_of[name] == ".":
            value = import_module(f".{name}", package)
        else:
            value = getattr(import_module(home_of[name], package), name)
        namespace[name] = value
        return value

    def listed() -> list[str]:
        return sorted({*namespace, *public})

    return get, listed
