"""`svcperf.arrow_values`, as the engine modules use it: ``from . import values as av``.

(They cannot import it as ``from .. import arrow_values``: the engines are in the import
cycle of `svcperf`'s lazy names, and mypy then misreads the package's own imports.)
"""

from __future__ import annotations

from ..arrow_values import (
    boolean,
    booleans,
    days,
    instant,
    instants,
    integer,
    integers,
    null,
    pyrows,
    text,
    texts,
)

__all__ = ["boolean", "booleans", "days", "instant", "instants", "integer", "integers", "null",
           "pyrows", "text", "texts"]
