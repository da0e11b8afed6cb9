"""`svcperf.arrow_values`, as the engine modules use it: ``from . import values as av``.

(They cannot import it as ``from .. import arrow_values``: the engines are in the import
cycle of `svcperf`'s lazy names, and mypy then misreads the package's own imports.)
"""

from __future__ import annotations

from ..arrow_values import (
    EARLIEST_DAY,
    EARLIEST_MICROSECOND,
    LATEST_DAY,
    LATEST_MICROSECOND,
    PER_MICROSECOND,
    boolean,
    booleans,
    days,
    instant,
    instants,
    integer,
    integers,
    null,
    pylist,
    pyrows,
    text,
    texts,
)

__all__ = ["EARLIEST_DAY", "EARLIEST_MICROSECOND", "LATEST_DAY", "LATEST_MICROSECOND",
           "PER_MICROSECOND", "boolean", "booleans", "days", "instant", "instants", "integer",
           "integers", "null", "pylist", "pyrows", "text", "texts"]
