"""Optional libraries, imported only by the function that needs them (never by
``import svcperf``), each with the extra that installs it."""

from __future__ import annotations

import importlib
from types import ModuleType

from .errors import MissingExtraError

__all__ = ["EXTRAS", "require"]

#: The extra that installs each optional library.
EXTRAS = {"pyarrow": "arrow", "pandas": "pandas", "polars": "polars", "matplotlib": "plot",
          "dask": "dask", "distributed": "dask", "pyspark": "spark"}


def require(module: str, needed_by: str) -> ModuleType:
    """Import `module` (e.g. ``"pyarrow"``, ``"matplotlib.figure"``) for `needed_by`.

    Raises `MissingExtraError` naming the extra when the library is not installed.

    >>> require("nosuch.sub", "plot()")
    Traceback (most recent call last):
    ...
    svcperf.errors.MissingExtraError: plot() needs nosuch: pip install 'svcperf[nosuch]'
    """
    library = module.partition(".")[0]
    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingExtraError(needed_by, library, EXTRAS.get(library, library)) from None
