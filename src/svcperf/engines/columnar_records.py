"""The records of a validated `JobTable`, fast: what the views that list jobs (issue list,
explain), the outlook and the reference engine read from a Parquet file, a frame or a file
the columnar reader read.

`reference_records` builds each record with `Job(...)`, which checks every rule again:
the reference. `records_of` first checks the table with the readers' own checks (each
distinct text by `io.rows.RowReading`, as a file's rows are: `schema.text_problem`, the
zone names; the job ids and the rules across fields by `columnar_input`'s column forms),
then makes each column's Python values, once per distinct value where values repeat (the
texts, the dates) and column-wise for the instants, and sets them on the records without
running `Job`'s checks again, as `io.rows` does for a file's rows. Anything unusual (a
column of another type, a value a check rejects, an instant Python's `datetime` cannot
hold) gives the reference path, which builds the records or raises the record's error.
`tests/test_columnar_records.py` holds the two paths equal, offsets and shared zone
objects included.
"""

from __future__ import annotations

import gc
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from typing import Any

from ..io.rows import BAD, STATUSES, RowReading
from ..records import CORE_FIELDS, JOB_SETTERS, Job, JobStatus
from ..zones import fixed_offset
from . import values as av
from .columnar_input import (
    _REQUIRED_TEXT,
    INSTANTS,
    JobTable,
    _instant_of,
    _invariants_broken,
    _is_text,
    _pa,
    _text_column,
    dictionary_indices,
)
from .memory_pool import using_engine_pool

__all__ = ["records_of", "reference_records"]

_new = object.__new__
_LACKING: Any = object()  # an extra attribute a job lacks, while its extras are made
#: The fields every job has a value of (the reference path names a job lacking one).
_REQUIRED = (*_REQUIRED_TEXT, "appointment_date", "status", "reschedule_attributed")


@using_engine_pool
def records_of(data: JobTable) -> list[Job]:
    """The records of a `JobTable` (see the module): `reference_records`' records."""
    pa = _pa()
    import pyarrow.compute as pc

    with _no_cyclic_collection():
        found = _checked_records(pa, pc, data)
        return reference_records(data) if found is None else found


@contextmanager
def _no_cyclic_collection() -> Iterator[None]:
    """Python's cyclic garbage collector paused while a million records are made (they
    hold no cycles; each collection would walk every record made so far: a third of the
    time), and resumed after, when it was running."""
    running = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if running:
            gc.enable()


@using_engine_pool
def reference_records(data: JobTable) -> list[Job]:
    """The records of a `JobTable`, each built by `Job(...)` (which checks it)."""
    pa = _pa()
    table = data.table
    names = table.schema.names
    offsets = data.offsets.to_pydict()
    microseconds = {name: table.column(name).cast(pa.int64()).to_pylist() for name in INSTANTS}
    lacking = {} if data.lacking is None else data.lacking.to_pydict()
    result = []
    for index, row in enumerate(table.drop_columns(list(INSTANTS)).to_pylist()):
        values: dict[str, Any] = {name: row.get(name) for name in CORE_FIELDS}
        for name in INSTANTS:
            values[name] = _instant_of(microseconds[name][index], offsets[name][index])
        values["status"] = JobStatus(values["status"])
        extras = tuple(sorted((name, row[name]) for name in names if name not in CORE_FIELDS
                              and not (name in lacking and lacking[name][index])))
        result.append(Job(**values, extras=extras))
    return result


def _checked_records(pa: Any, pc: Any, data: JobTable) -> list[Job] | None:
    """The records of `data`, or ``None`` where the reference path is to build them."""
    table = data.table
    count = table.num_rows
    if not _typed_as_read(pa, table) or any(table.column(name).null_count
                                            for name in _REQUIRED):
        return None
    if pc.any(_invariants_broken(pa, pc, {name: table.column(name)
                                          for name in CORE_FIELDS})).as_py():
        return None
    ids, flagged = _text_column(pa, pc, table.column("job_id"), required=True)
    if pc.any(flagged).as_py():
        return None
    shared = RowReading()
    columns: dict[str, Any] = {"job_id": ids.to_pylist()}
    checks: dict[str, Callable[[Any], Any]] = {
        "account_id": shared.text,
        "coverage_area": lambda text: shared.text(text, True),
        "profession": lambda text: shared.text(text, True),
        "technician_id": lambda text: shared.text(text, True),
        "timezone": shared.zone_name,
        "status": lambda text: STATUSES.get(text, BAD),
        "appointment_date": lambda day: day if type(day) is date else BAD,
    }
    for name, check in checks.items():
        columns[name] = _spread(pa, pc, table.column(name), check)
    for name in INSTANTS:
        columns[name] = _instants(pa, pc, table.column(name), data.offsets.column(name))
    if any(values is None for values in columns.values()):
        return None
    rating = pc.min_max(table.column("rating")).as_py()
    if rating["min"] is not None and not 1 <= rating["min"] <= rating["max"] <= 5:
        return None
    for name in ("rating", "cancel_attributed", "reschedule_attributed"):
        columns[name] = table.column(name).to_pylist()
    columns["extras"] = _extras(pa, pc, data, shared)
    if columns["extras"] is None:
        return None
    jobs = [_new(Job) for _ in range(count)]
    for name, setter in JOB_SETTERS:
        deque(map(setter, jobs, columns[name]), maxlen=0)
    return jobs


def _typed_as_read(pa: Any, table: Any) -> bool:
    """Whether `table`'s core columns have the types the readers give (`JobTable`)."""
    types = pa.types
    kinds = {name: table.schema.field(name).type for name in CORE_FIELDS}
    return (all(_is_text(pa, kinds[name]) for name in
                ("job_id", "account_id", "coverage_area", "profession", "technician_id",
                 "timezone", "status"))
            and types.is_date32(kinds["appointment_date"])
            and all(kinds[name] == pa.timestamp("us", "UTC") for name in INSTANTS)
            and types.is_integer(kinds["rating"])
            and types.is_boolean(kinds["cancel_attributed"])
            and types.is_boolean(kinds["reschedule_attributed"]))


def _spread(pa: Any, pc: Any, column: Any, check: Callable[[Any], Any]) -> list[Any] | None:
    """Per row of `column`, what `check` gives for its value (``None`` for no value),
    `check` run once per distinct value; ``None`` when it gives `BAD` for one."""
    indices, labels = dictionary_indices(pa, pc, column)
    checked = [check(label) for label in labels]
    if any(value is BAD for value in checked):
        return None
    checked.append(None)  # (no value: the position after the last label)
    positions = pc.fill_null(indices.cast(pa.int64()), av.integer(len(labels)))
    return list(map(checked.__getitem__, positions.to_pylist()))


def _instants(pa: Any, pc: Any, column: Any, offsets: Any) -> list[Any] | None:
    """Per row, the instant `columnar_input._instant_of` gives (``None`` for no value),
    made column-wise (`_made`), once per distinct instant and offset when most repeat
    (arrival windows start and end on a few slots, times are often whole minutes);
    ``None`` when an instant has no offset or Python's `datetime` cannot hold its wall
    time."""
    if pa.types.is_dictionary(offsets.type):
        offsets = offsets.cast(offsets.type.value_type)
    utc = column.cast(pa.int64())
    if pc.any(pc.and_(pc.is_valid(utc), pc.is_null(offsets))).as_py():
        return None
    given = pc.indices_nonzero(pc.is_valid(utc)) if utc.null_count else None
    if given is not None:
        utc, offsets = utc.take(given), offsets.take(given)
    shifts, shift_values = dictionary_indices(pa, pc, offsets)
    shifts = shifts.cast(pa.int64())
    try:
        keys = pc.add_checked(pc.multiply_checked(utc, av.integer(len(shift_values))), shifts)
        positions, distinct = dictionary_indices(pa, pc, keys)
        if len(distinct) * 2 <= len(keys):
            pairs = [divmod(key, len(shift_values)) for key in distinct]
            once = _made(pa, pc, av.integers([at for at, _ in pairs]),
                         av.integers([code for _, code in pairs]), shift_values)
            made = list(map(once.__getitem__, positions.to_pylist()))
        else:
            made = _made(pa, pc, utc, shifts, shift_values)
    except (ValueError, OverflowError, pa.ArrowInvalid):
        return None
    if given is None:
        return made
    result: list[Any] = [None] * len(column)
    for row, instant in zip(given.to_pylist(), made, strict=True):
        result[row] = instant
    return result


def _made(pa: Any, pc: Any, utc: Any, shifts: Any, shift_values: list[int]) -> list[datetime]:
    """The instants of `utc` (microseconds since the epoch, no null), each shown in the
    offset (microseconds east) of `shift_values` its `shifts` gives: each wall time's
    parts by Arrow, the datetimes by `datetime` itself, with the zone object `Job` keeps
    for each offset (`zones.fixed_offset`). Raises `ValueError` or `OverflowError` where
    `datetime` cannot hold a wall time."""
    zones = [fixed_offset(timedelta(microseconds=offset)) for offset in shift_values]
    wall = pc.add_checked(utc, pc.take(av.integers(shift_values), shifts)).cast(
        pa.timestamp("us"))
    micro = pc.add(pc.multiply(pc.millisecond(wall), av.integer(1000)), pc.microsecond(wall))
    parts = [part(wall).to_pylist() for part in (pc.year, pc.month, pc.day, pc.hour,
                                                 pc.minute, pc.second)]
    return list(map(datetime, *parts, micro.to_pylist(),
                    map(zones.__getitem__, shifts.to_pylist())))


def _extras(pa: Any, pc: Any, data: JobTable, shared: RowReading) -> list[Any] | None:
    """Per row, the job's extras (sorted pairs; one tuple for equal extras), each value
    checked by `shared`; ``None`` when one is bad."""
    count = data.table.num_rows
    names = sorted(data.extras)
    if not names:
        return [()] * count
    columns = []
    for name in names:
        values = _spread(pa, pc, data.table.column(name), shared.extra)
        if values is None:
            return None
        if data.lacking is not None and name in data.lacking.schema.names:
            values = [_LACKING if lacks else value for value, lacks
                      in zip(values, data.lacking.column(name).to_pylist(), strict=True)]
        columns.append(values)
    made: dict[tuple[Any, ...], tuple[tuple[str, str | None], ...]] = {}
    result = []
    for key in zip(*columns, strict=True):
        found = made.get(key)
        if found is None:
            found = made[key] = tuple((name, value) for name, value in zip(names, key, strict=True)
                                      if value is not _LACKING)
        result.append(found)
    return result
