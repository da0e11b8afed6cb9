"""Nightly partial tallies as a table (``svcperf.history-partials/1``): what any engine
sums for a history, and what svcperf turns back into a `History` (see ``docs/scale.md``).

A table has a row per (night, account): the account-wide tally of that night's window
over the partition's jobs, one int64 column per counter of `Tally`. A row whose tally
is zero is left out, except on the first night: every account seen has a first-night
row, so "every account gets a result" survives the sum. Summing the tables of any
partition of the jobs gives the whole's nightly tallies (the tallies of disjoint job
sets add up night by night). pyarrow is imported inside the functions:
``pip install 'svcperf[columnar]'``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from ..errors import InvalidInputError, InvalidRecordError
from ..extras import require
from ..tally import Tally
from ..targets import SEED_TARGETS, TargetSet
from ..viewer import Viewer
from ..views.history import History, check_nights, history_of
from ..window import DEFAULT_DAYS
from .columnar_history import nightly_tallies
from .columnar_input import DisputeTable, JobTable
from .partials import COUNTERS

__all__ = ["KEYS", "VERSION", "from_nightly", "history_from_partials", "history_partials",
           "sum_history_partials", "to_history_partials"]

#: The schema's name and version, in the table's metadata under ``svcperf.partials``.
VERSION = "svcperf.history-partials/1"
#: The key columns, in order.
KEYS = ("night", "account_id")
_METADATA = b"svcperf.partials"
_ZERO = Tally()


def _pa() -> Any:
    return require("pyarrow", "svcperf.engines.history_partials")


def _schema(pa: Any) -> Any:
    return pa.schema([pa.field("night", pa.date32(), nullable=False),
                      pa.field("account_id", pa.string(), nullable=False),
                      *(pa.field(name, pa.int64(), nullable=False) for name in COUNTERS)],
                     metadata={_METADATA: VERSION.encode()})


def to_history_partials(tallies: Mapping[str, Sequence[Tally]], first_night: date) -> Any:
    """The table of nightly tallies (`nightly_tallies`' shape) whose first night is
    `first_night`, sorted by night, then account."""
    pa = _pa()
    rows = [(first_night + timedelta(days=place), account, tally)
            for account, series in tallies.items()
            for place, tally in enumerate(series) if place == 0 or tally != _ZERO]
    columns: dict[str, list[Any]] = {"night": [row[0] for row in rows],
                                     "account_id": [row[1] for row in rows]}
    for name in COUNTERS:
        columns[name] = [getattr(row[2], name) for row in rows]
    return _sorted(pa.table(columns, schema=_schema(pa)))


def _sorted(table: Any) -> Any:
    return table.sort_by([(name, "ascending") for name in KEYS])


def history_partials(data: JobTable, first_night: date, last_night: date,
                     disputes: DisputeTable | None = None, *, tz: str | None = None,
                     days: int = DEFAULT_DAYS, viewer: Viewer | None = None) -> Any:
    """One partition's table: the nightly tallies of the jobs of `data` that `viewer`
    sees, with the disputes (of any jobs: those on other partitions' jobs are ignored),
    swept column-wise (`columnar_history.nightly_tallies`, held equal to the reference's).

    `data` and `disputes` are validated (`columnar.load_jobs`, `columnar.load_disputes`);
    job ids unique across partitions is the caller's check.
    """
    pa = _pa()
    import pyarrow.compute as pc

    zone = check_nights(first_night, last_night, tz, days)
    nights = [first_night + timedelta(days=place)
              for place in range((last_night - first_night).days + 1)]
    on_these = None
    if disputes is not None:
        mine = pc.is_in(disputes.table.column("job_id"),
                        value_set=data.table.column("job_id").combine_chunks().cast(pa.string()))
        on_these = DisputeTable(disputes.table.filter(mine), disputes.offsets.filter(mine))
    areas = viewer.areas if viewer is not None else frozenset()
    return to_history_partials(nightly_tallies(data, nights, zone, days, on_these, areas),
                               first_night)


def _checked(table: Any) -> Any:
    """`table` when it is a `VERSION` table; else `InvalidInputError` naming the column."""
    pa = _pa()
    schema = _schema(pa)
    found = (table.schema.metadata or {}).get(_METADATA, b"").decode(errors="replace")
    if found != VERSION:
        raise InvalidInputError([InvalidRecordError(
            "history partials", "schema", f"a {VERSION} table", found or "no version")])
    for field in schema:
        if field.name not in table.schema.names or table.schema.field(
                field.name).type != field.type:
            raise InvalidInputError([InvalidRecordError(
                "history partials", field.name, f"a column of {field.type}",
                str(table.schema.field(field.name).type)
                if field.name in table.schema.names else "no such column")])
        if table.column(field.name).null_count:
            raise InvalidInputError([InvalidRecordError(
                "history partials", field.name, "no null", "a null")])
    return table.select(schema.names).replace_schema_metadata(schema.metadata)


def sum_history_partials(tables: Iterable[Any]) -> Any:
    """The table of the union of the jobs of `tables` (disjoint job sets): the counters
    summed per (night, account)."""
    pa = _pa()
    schema = _schema(pa)
    found = [_checked(table) for table in tables]
    every = pa.concat_tables(found) if found else schema.empty_table()
    summed = every.group_by(list(KEYS), use_threads=False).aggregate(
        [(name, "sum") for name in COUNTERS])
    summed = summed.rename_columns([name.removesuffix("_sum") for name in summed.schema.names])
    return _sorted(summed.select(schema.names).cast(schema))


def from_nightly(table: Any, first_night: date,
                 last_night: date) -> dict[str, tuple[Tally, ...]]:
    """The nightly tallies of a (summed) table, in `nightly_tallies`' shape: per account
    (sorted), a tally per night from `first_night` to `last_night`, zero where the table
    has no row. A key found twice is summed; a night outside the range is refused."""
    checked = _checked(table)
    count = (last_night - first_night).days + 1
    series: dict[str, list[Tally]] = {}
    for row in checked.to_pylist():
        place = (row["night"] - first_night).days
        if not 0 <= place < count:
            raise InvalidInputError([InvalidRecordError(
                "history partials", "night", f"a night from {first_night} to {last_night}",
                str(row["night"]))])
        nightly = series.setdefault(row["account_id"], [_ZERO] * count)
        nightly[place] = nightly[place] + Tally(*(row[name] for name in COUNTERS))
    return {account: tuple(series[account]) for account in sorted(series)}


def history_from_partials(table: Any, first_night: date, last_night: date, *,
                          tz: str | None = None, days: int = DEFAULT_DAYS,
                          targets: TargetSet | Iterable[TargetSet] = SEED_TARGETS) -> History:
    """The `History` of a summed table (`svcperf.history`'s, for the same jobs)."""
    return history_of(from_nightly(table, first_night, last_night), first_night, last_night,
                      tz=tz, days=days, targets=targets)
