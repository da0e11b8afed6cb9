"""Jobs and disputes written as Parquet files (SPEC §7: instants as ``timestamp[us, UTC]``,
dates as dates, booleans as booleans, the rating as a small integer, text as text): what
`svcperf.write_jobs` and `svcperf.write_disputes` write for a ``.parquet`` path or
``format="parquet"``. The columns are those the columnar reader's checks leave
(`columnar_input.jobs_from_records`), so a file written here reads back to equal records
(the same instants; Parquet keeps no UTC offset, so they come back in UTC).

pyarrow is imported inside the functions: ``pip install 'svcperf[columnar]'``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import Any, TypeVar

from ..errors import MissingExtraError
from ..io.interchange import DISPUTE_FIELDS, Path
from ..records import Dispute, Job
from .columnar_input import disputes_from_records, jobs_from_records

__all__ = ["pyarrow_parquet", "write_dispute_file", "write_job_file"]

#: How many records are turned into columns at a time (a row group each): the memory a
#: write holds stays that of one batch, whatever the number of jobs.
BATCH_ROWS = 1 << 17
T = TypeVar("T")


def _batches(records: Iterable[T]) -> Iterator[list[T]]:
    found = iter(records)
    while batch := list(islice(found, BATCH_ROWS)):
        yield batch


def pyarrow_parquet() -> tuple[Any, Any]:
    """``pyarrow`` and ``pyarrow.parquet``; raises `MissingExtraError` without them."""
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise MissingExtraError("writing Parquet", "pyarrow", "columnar") from None
    return pyarrow, pyarrow.parquet


def write_job_file(path: Path, jobs: Iterable[Job], extras: Sequence[str]) -> int:
    """Write `jobs` (each carrying only extra attributes among `extras`) to the Parquet
    file `path`: the core fields, then `extras`, as the columnar reader's checks leave them
    (`jobs_from_records`: the low-variety text dictionary-encoded, which that reader then
    takes as it is); return how many were written."""
    _, pq = pyarrow_parquet()
    schema = jobs_from_records([], extras).table.schema
    count = 0
    with pq.ParquetWriter(os.fspath(path), schema) as writer:
        for batch in _batches(jobs):
            writer.write_table(jobs_from_records(batch, extras).table)
            count += len(batch)
    return count


def write_dispute_file(path: Path, disputes: Iterable[Dispute]) -> int:
    """Write `disputes` to the Parquet file `path` (`DISPUTE_FIELDS`, the issue type and
    the outcome dictionary-encoded); return how many were written."""
    _, pq = pyarrow_parquet()
    schema = disputes_from_records([]).table.select(list(DISPUTE_FIELDS)).schema
    count = 0
    with pq.ParquetWriter(os.fspath(path), schema) as writer:
        for batch in _batches(disputes):
            writer.write_table(disputes_from_records(batch).table.select(list(DISPUTE_FIELDS)))
            count += len(batch)
    return count
