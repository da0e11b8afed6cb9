"""Acero plans for the columnar engine, built with pyarrow's own `pyarrow._acero` module.

`pyarrow.acero` (which `Table.group_by` uses too) imports `pyarrow.dataset`, whose import
converts a Python value and so imports pandas whenever it is installed (see
`svcperf.arrow_values`); the plans here are the same, without that import.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

__all__ = ["acero", "group_by", "right_semi_join"]


def acero() -> Any:
    """pyarrow's Acero module (``Declaration`` and the node options)."""
    from pyarrow import _acero

    return _acero


def group_by(table: Any, keys: Sequence[str], aggregates: Sequence[tuple[str, str]] = (),
             *, use_threads: bool = True) -> Any:
    """``table.group_by(keys, use_threads=use_threads).aggregate(aggregates)``: the same
    table (aggregates given as ``(column, function)``, named ``column_function``).

    >>> from svcperf import arrow_values as av
    >>> import pyarrow as pa
    >>> table = pa.table({"k": av.texts(["a", "b", "a"]), "v": av.integers([1, 2, 3])})
    >>> group_by(table, ["k"], [("v", "sum")], use_threads=False).to_pylist()
    [{'k': 'a', 'v_sum': 4}, {'k': 'b', 'v_sum': 2}]
    """
    plans = acero()
    named = [([column], f"hash_{function}", None, f"{column}_{function}")
             for column, function in aggregates]
    return plans.Declaration.from_sequence([
        plans.Declaration("table_source", plans.TableSourceNodeOptions(table)),
        plans.Declaration("aggregate", plans.AggregateNodeOptions(named, keys=list(keys))),
    ]).to_table(use_threads=use_threads)


def right_semi_join(many: Any, few: Any, key: str, *, use_threads: bool = True) -> Any:
    """``many.join(few, key, join_type="right semi")``: the rows of `few` whose `key` is
    in `many`.

    >>> from svcperf import arrow_values as av
    >>> import pyarrow as pa
    >>> many = pa.table({"id": av.texts(["a", "b", "a"])})
    >>> few = pa.table({"id": av.texts(["b", "c"])})
    >>> right_semi_join(many, few, "id", use_threads=False).column("id").to_pylist()
    ['b']
    """
    plans = acero()
    return plans.Declaration("hashjoin", options=plans.HashJoinNodeOptions(
        "right semi", [key], [key], [], few.schema.names), inputs=[
        plans.Declaration("table_source", plans.TableSourceNodeOptions(many)),
        plans.Declaration("table_source", plans.TableSourceNodeOptions(few)),
    ]).to_table(use_threads=use_threads)
