"""Partial tallies as a table (``svcperf.partials/1``): what any engine sums, and what
svcperf turns back into its results (see ``docs/scale.md``).

A table has one row per (account, attribute, slice): ``attribute`` is empty for the
account-wide tally, ``slice`` is the slice's value (empty, with ``slice_is_none`` true,
for the slice of jobs with no value), and one int64 column per counter of `Tally`.
Every account seen gets an account-wide row, even with no job in the window. The data
warnings travel beside it, one (account, text) row each, in job order.

Summing the partial tables of any partition of the jobs gives the whole's tallies,
because tallies add up (`Tally.__add__`). pyarrow is imported inside the functions:
``pip install 'svcperf[columnar]'``.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from operator import itemgetter
from typing import Any, cast

import attrs

from ..errors import InvalidArgumentError, InvalidInputError, InvalidRecordError
from ..evaluation import Folded, evaluation_of
from ..extras import require
from ..tally import Tally
from ..targets import TargetSet
from ..views.breakdown import SliceValue, breakdown_of
from ..views.dashboard import Dashboard
from ..views.scope import Scoped
from ..window import Window
from .columnar import ColumnarFolded

__all__ = ["COUNTERS", "KEYS", "VERSION", "PartialSums", "Partials", "dashboard_of",
           "single_attributes",
           "from_partials", "sum_partials", "to_partials"]

#: The schema's name and version, in the table's metadata under ``svcperf.partials``.
VERSION = "svcperf.partials/1"
#: The key columns, in order.
KEYS = ("account_id", "attribute", "slice", "slice_is_none")
#: The counter columns: the fields of `Tally`, in order.
COUNTERS = tuple(field.name for field in attrs.fields(Tally))
_METADATA = b"svcperf.partials"


def _pa() -> Any:
    return require("pyarrow", "svcperf.engines.partials")


def _schema(pa: Any) -> Any:
    fields = [pa.field("account_id", pa.string(), nullable=False),
              pa.field("attribute", pa.string(), nullable=False),
              pa.field("slice", pa.string(), nullable=False),
              pa.field("slice_is_none", pa.bool_(), nullable=False),
              *(pa.field(name, pa.int64(), nullable=False) for name in COUNTERS)]
    return pa.schema(fields, metadata={_METADATA: VERSION.encode()})


def _warnings_schema(pa: Any) -> Any:
    return pa.schema([pa.field("account_id", pa.string(), nullable=False),
                      pa.field("warning", pa.string(), nullable=False)],
                     metadata={_METADATA: VERSION.encode()})


@attrs.frozen
class Partials:
    """Partial tallies: `tallies` and `warnings`, two pyarrow tables of ``VERSION``."""

    tallies: Any
    warnings: Any


@attrs.frozen
class PartialSums:
    """What `from_partials` gives back: a tally per account, per attribute a tally per
    (account, slice value), the warnings per account, and every account id (sorted)."""

    accounts: dict[str, Tally]
    breakdowns: dict[str, dict[tuple[str, SliceValue], Tally]]
    warnings: dict[str, list[str]]
    account_ids: tuple[str, ...]


def single_attributes(by: Sequence[str | Sequence[str]]) -> list[str]:
    """The entries of `by`, each one attribute name; else `InvalidArgumentError`."""
    for entry in by:
        if not isinstance(entry, str):
            raise InvalidArgumentError(
                f"by: {VERSION} holds breakdowns by one attribute each, got {entry!r}")
    return cast(list[str], list(by))


def to_partials(folded: ColumnarFolded | Folded, by: Sequence[str | Sequence[str]] = (),
                account_ids: Iterable[str] = ()) -> Partials:
    """The partial table of `folded`: the columnar engine's `fold` (with the `by` it was
    given), or the reference's `fold` keyed by ``slice_key(by, ...)`` (then
    `account_ids` lists the accounts with no job in the window too).

    Raises `InvalidArgumentError` for an entry of `by` with several attributes.
    """
    pa = _pa()
    names = single_attributes(by)
    if isinstance(folded, ColumnarFolded):
        accounts = cast(Mapping[Hashable, Tally], folded.accounts)
        breakdowns = cast(Sequence[Mapping[Hashable, Tally]], folded.breakdowns)
        warnings = cast(Mapping[Hashable, list[str]], folded.warnings)
        ids = set(folded.account_ids)
    else:
        accounts = folded.tallies(itemgetter(0))
        breakdowns = [folded.tallies(itemgetter(0, place)) for place in range(1, len(names) + 1)]
        warnings = folded.warnings_by(itemgetter(0))
        ids = set(account_ids)
    rows: list[tuple[str, str, SliceValue, Tally]] = [
        (account, "", None, accounts.get(account, Tally()))
        for account in sorted(ids | {str(key) for key in accounts})]
    for name, tallies in zip(names, breakdowns, strict=True):
        for key, tally in tallies.items():
            account, value = cast(tuple[str, SliceValue], key)
            rows.append((account, name, value, tally))
    return Partials(_tally_table(pa, rows), pa.table(
        {"account_id": [str(account) for account, texts in warnings.items() for _ in texts],
         "warning": [text for texts in warnings.values() for text in texts]},
        schema=_warnings_schema(pa)))


def _tally_table(pa: Any, rows: Sequence[tuple[str, str, SliceValue, Tally]]) -> Any:
    columns: dict[str, list[Any]] = {
        "account_id": [row[0] for row in rows],
        "attribute": [row[1] for row in rows],
        "slice": ["" if row[2] is None else row[2] for row in rows],
        "slice_is_none": [row[2] is None for row in rows],
    }
    for place, name in enumerate(COUNTERS):
        columns[name] = [attrs.astuple(row[3])[place] for row in rows]
    return _sorted(pa.table(columns, schema=_schema(pa)))


def _sorted(table: Any) -> Any:
    return table.sort_by([(name, "ascending") for name in KEYS])


def _checked(pa: Any, table: Any, schema: Any, what: str) -> Any:
    """`table` when it is a `VERSION` table of `schema`'s columns; else a clear error."""
    metadata = table.schema.metadata or {}
    found = metadata.get(_METADATA, b"").decode(errors="replace")
    if found != VERSION:
        raise InvalidInputError([InvalidRecordError(
            what, "schema", f"a {VERSION} table", found or "no version")])
    for field in schema:
        if field.name not in table.schema.names or table.schema.field(
                field.name).type != field.type:
            raise InvalidInputError([InvalidRecordError(
                what, field.name, f"a column of {field.type}",
                str(table.schema.field(field.name).type)
                if field.name in table.schema.names else "no such column")])
        if table.column(field.name).null_count:
            raise InvalidInputError([InvalidRecordError(
                what, field.name, "no null", "a null")])
    return table.select(schema.names).replace_schema_metadata(schema.metadata)


def sum_partials(parts: Iterable[Partials]) -> Partials:
    """The partial table of the union of the jobs of `parts` (disjoint job sets): the
    counters summed per key; the warnings one after the other, in the order given."""
    pa = _pa()
    found = list(parts)
    tallies = pa.concat_tables([_checked(pa, part.tallies, _schema(pa), "partial tallies")
                                for part in found]) if found else _schema(pa).empty_table()
    summed = tallies.group_by(list(KEYS), use_threads=False).aggregate(
        [(name, "sum") for name in COUNTERS])
    summed = summed.rename_columns([name.removesuffix("_sum") for name in summed.schema.names])
    warnings = pa.concat_tables([_checked(pa, part.warnings, _warnings_schema(pa),
                                          "partial warnings") for part in found]
                                ) if found else _warnings_schema(pa).empty_table()
    return Partials(_sorted(summed.select(_schema(pa).names).cast(_schema(pa))), warnings)


def from_partials(partials: Partials) -> PartialSums:
    """The tallies of a partial table, keyed as `evaluation_of` and `breakdown_of` take
    them. Raises `InvalidInputError` for a table that is not a ``VERSION`` table."""
    pa = _pa()
    table = _checked(pa, partials.tallies, _schema(pa), "partial tallies")
    accounts: dict[str, Tally] = {}
    breakdowns: dict[str, dict[tuple[str, SliceValue], Tally]] = {}
    for row in table.to_pylist():
        tally = Tally(*(row[name] for name in COUNTERS))
        if row["attribute"]:
            value = None if row["slice_is_none"] else row["slice"]
            slices = breakdowns.setdefault(row["attribute"], {})
            key = (row["account_id"], value)
            slices[key] = slices[key] + tally if key in slices else tally
        else:
            account = row["account_id"]
            accounts[account] = accounts[account] + tally if account in accounts else tally
    warnings: dict[str, list[str]] = {}
    for row in _checked(pa, partials.warnings, _warnings_schema(pa),
                        "partial warnings").to_pylist():
        warnings.setdefault(row["account_id"], []).append(row["warning"])
    return PartialSums(accounts, breakdowns, warnings, tuple(sorted(accounts)))


@attrs.frozen
class _Shown:
    """What `breakdown_of` reads from a `Scoped`: the window, targets and account ids."""

    window: Window
    targets: TargetSet
    account_ids: tuple[str, ...]


def dashboard_of(sums: PartialSums, window: Window, targets: TargetSet,
                 by: Sequence[str | Sequence[str]] = ()) -> Dashboard:
    """The `Dashboard` of summed partials (`svcperf.dashboard`'s, for the same jobs)."""
    names = single_attributes(by)
    shown = cast(Scoped, _Shown(window, targets, sums.account_ids))
    return Dashboard(
        evaluation=evaluation_of(window, targets, cast(Mapping[Hashable, Tally], sums.accounts),
                                 cast(Mapping[Hashable, list[str]], sums.warnings),
                                 sums.account_ids),
        breakdowns=tuple(breakdown_of(shown, name, cast(
            Mapping[Hashable, Tally], sums.breakdowns.get(name, {}))) for name in names))
