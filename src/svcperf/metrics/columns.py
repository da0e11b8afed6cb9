"""What the column forms of the service levels share (used by each level's `columns`).

Each level's module keeps its rule twice, side by side: `assess(job, as_of)` for one job
and `columns(as_of)` as pyarrow compute expressions over a jobs table (the columnar
engine's; instants as UTC timestamps). `tests/test_engine_columnar.py` holds the two
forms equal. pyarrow is imported only when a column form is asked for.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

__all__ = ["field", "known", "present", "with_default"]


def field(name: str) -> Any:
    """The expression reading column `name`."""
    import pyarrow.compute as pc

    return pc.field(name)


def present(name: str) -> Any:
    """Whether column `name` has a value (never null)."""
    return field(name).is_valid()


def known(name: str, as_of: datetime) -> Any:
    """Whether the instant in column `name` is given and before `as_of` (knowledge time;
    never null)."""
    import pyarrow as pa

    instant = pa.scalar(as_of.astimezone(timezone.utc), type=pa.timestamp("us", "UTC"))
    return present(name) & (field(name) < instant)


def with_default(name: str, default: object) -> Any:
    """Column `name`, with `default` where it has no value."""
    import pyarrow.compute as pc

    return pc.coalesce(field(name), default)
