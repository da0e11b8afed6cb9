"""Partial tallies as a table (``svcperf.partials/2``): what any engine sums, and what
svcperf turns back into its results (see ``docs/scale.md``).

A table has one row per (account, attribute, slice): ``attribute`` is empty for the
account-wide tally, ``slice`` is the slice's value (empty, with ``slice_is_none`` true,
for the slice of jobs with no value), and one int64 column per counter of `Tally`. A
combined breakdown (by several attributes at once) is a row whose ``attribute`` is NUL
followed by the names joined by NUL, and whose ``slice`` joins, by NUL, each element:
empty for no value, else ``=`` and the value.
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
           "SEPARATOR", "entries",
           "from_partials", "sum_partials", "to_partials"]

#: The schema's name and version, in the table's metadata under ``svcperf.partials``.
VERSION = "svcperf.partials/2"
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
    breakdowns: dict[str | tuple[str, ...], dict[tuple[str, SliceValue], Tally]]
    warnings: dict[str, list[str]]
    account_ids: tuple[str, ...]


Entry = str | tuple[str, ...]
#: What joins the names of a combined breakdown and the elements of its slice: no text
#: of the data holds it (`schema.text_problem`), nor may an attribute name.
SEPARATOR = "\x00"


def entries(by: Sequence[str | Sequence[str]]) -> list[Entry]:
    """The entries of `by`: an attribute name, or a tuple of names (a combined
    breakdown). Raises `InvalidArgumentError` for a name with a NUL character, which
    the table cannot encode."""
    found: list[Entry] = []
    for entry in by:
        names = [entry] if isinstance(entry, str) else list(entry)
        for name in names:
            if not isinstance(name, str) or not name or SEPARATOR in name:
                raise InvalidArgumentError(f"by: expected attribute names (non-empty, without "
                                           f"NUL characters), got {entry!r}")
        found.append(entry if isinstance(entry, str) else tuple(names))
    return found


def _encoded(entry: Entry, value: SliceValue) -> tuple[str, str, bool]:
    """The `attribute`, `slice` and `slice_is_none` columns of a breakdown row."""
    if isinstance(entry, str):
        return entry, "" if value is None else cast(str, value), value is None
    elements = cast(tuple[str | None, ...], value)
    return (SEPARATOR + SEPARATOR.join(entry),
            SEPARATOR.join("" if element is None else "=" + element for element in elements),
            False)


def _decoded(attribute: str, text: str, is_none: bool) -> tuple[Entry, SliceValue]:
    """The entry and slice value of a breakdown row (`_encoded`'s inverse)."""
    if not attribute.startswith(SEPARATOR):
        return attribute, None if is_none else text
    names = tuple(attribute[1:].split(SEPARATOR))
    elements = text.split(SEPARATOR)
    if len(elements) != len(names) or any(element[:1] not in ("", "=") for element in elements):
        raise InvalidInputError([InvalidRecordError(
            "partial tallies", "slice", f"{len(names)} elements, each empty or '=' and a "
            f"value, joined by NUL", text)])
    return names, tuple(element[1:] if element else None for element in elements)


def to_partials(folded: ColumnarFolded | Folded, by: Sequence[str | Sequence[str]] = (),
                account_ids: Iterable[str] = ()) -> Partials:
    """The partial table of `folded`: the columnar engine's `fold` (with the `by` it was
    given), or the reference's `fold` keyed by ``slice_key(by, ...)`` (then
    `account_ids` lists the accounts with no job in the window too).

    Raises `InvalidArgumentError` for an attribute name the table cannot encode.
    """
    pa = _pa()
    names = entries(by)
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
    rows: list[tuple[str, str, str, bool, Tally]] = [
        (account, "", "", True, accounts.get(account, Tally()))
        for account in sorted(ids | {str(key) for key in accounts})]
    for name, tallies in zip(names, breakdowns, strict=True):
        for key, tally in tallies.items():
            account, value = cast(tuple[str, SliceValue], key)
            rows.append((account, *_encoded(name, value), tally))
    return Partials(_tally_table(pa, rows), pa.table(
        {"account_id": [str(account) for account, texts in warnings.items() for _ in texts],
         "warning": [text for texts in warnings.values() for text in texts]},
        schema=_warnings_schema(pa)))


def _tally_table(pa: Any, rows: Sequence[tuple[str, str, str, bool, Tally]]) -> Any:
    columns: dict[str, list[Any]] = {
        key: [row[place] for row in rows] for place, key in enumerate(KEYS)}
    for place, name in enumerate(COUNTERS):
        columns[name] = [attrs.astuple(row[4])[place] for row in rows]
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
    breakdowns: dict[Entry, dict[tuple[str, SliceValue], Tally]] = {}
    for row in table.to_pylist():
        tally = Tally(*(row[name] for name in COUNTERS))
        if row["attribute"]:
            entry, value = _decoded(row["attribute"], row["slice"], row["slice_is_none"])
            slices = breakdowns.setdefault(entry, {})
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
    names = entries(by)
    shown = cast(Scoped, _Shown(window, targets, sums.account_ids))
    return Dashboard(
        evaluation=evaluation_of(window, targets, cast(Mapping[Hashable, Tally], sums.accounts),
                                 cast(Mapping[Hashable, list[str]], sums.warnings),
                                 sums.account_ids),
        breakdowns=tuple(breakdown_of(shown, name, cast(
            Mapping[Hashable, Tally], sums.breakdowns.get(name, {}))) for name in names))
