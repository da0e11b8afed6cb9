"""What the column forms of the service levels share (used by each level's `columns`).

Each level's module keeps its rule twice, side by side: `assess(job, as_of)` for one job
and `columns(as_of)` as pyarrow compute expressions over a jobs table (the columnar
engine's; instants as UTC timestamps). `tests/test_engine_columnar.py` holds the two
forms equal. The as-of of a column form is an instant, or an expression giving each row
its own as-of (`AsOf`: the history folds every night's jobs in one pass). pyarrow is
imported only when a column form is asked for. Their literals are Arrow scalars
(`integer`, `is_`; `svcperf.arrow_values`): a plain Python value would make pyarrow
import pandas when it is installed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..arrow_values import boolean, instant, integer, text

__all__ = ["AsOf", "field", "integer", "is_", "known", "present", "with_default"]

#: What a column form is evaluated as of: an instant, or a pyarrow expression of a
#: ``timestamp[us, UTC]`` column holding each row's own as-of.
AsOf = datetime | Any


def field(name: str) -> Any:
    """The expression reading column `name`."""
    import pyarrow.compute as pc

    return pc.field(name)


def is_(name: str, value: str) -> Any:
    """Whether the text in column `name` is `value` (null where it has none)."""
    return field(name) == text(value)


def present(name: str) -> Any:
    """Whether column `name` has a value (never null)."""
    return field(name).is_valid()


def known(name: str, as_of: AsOf) -> Any:
    """Whether the instant in column `name` is given and before `as_of` (knowledge time;
    never null where `as_of` has a value)."""
    bound = instant(as_of) if isinstance(as_of, datetime) else as_of
    return present(name) & (field(name) < bound)


def with_default(name: str, default: bool) -> Any:
    """The boolean column `name`, with `default` where it has no value."""
    import pyarrow.compute as pc

    return pc.coalesce(field(name), boolean(default))
