"""Writing the jobs and disputes files: CSV or JSON Lines (SPEC §7), or Parquet (with
pyarrow: `svcperf.engines.parquet_writing`), files that read back to equal records.
`cell_text` and `json_value` say how one value is written."""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from enum import Enum
from typing import Any

from ..errors import InvalidArgumentError
from ..records import CORE_FIELDS, Dispute, Job
from .interchange import DISPUTE_FIELDS, Path, file_format

__all__ = ["cell_text", "json_value", "write_disputes", "write_jobs"]


def _written_format(path: Path, format: str | None) -> str:
    """The format to write `path` in: `file_format`'s, or ``parquet`` (`format`, else a
    ``.parquet`` extension)."""
    if format == "parquet" or (format is None and isinstance(path, str | os.PathLike) and
                               os.fspath(path).lower().endswith(".parquet")):
        return "parquet"
    return file_format(path, format)


def _among(jobs: Iterable[Job], columns: Sequence[str]) -> Iterator[Job]:
    """`jobs`, each checked to carry no extra attribute but `columns`."""
    allowed = set(columns)
    for job in jobs:
        unknown = sorted(name for name, _ in job.extras if name not in allowed)
        if unknown:
            raise InvalidArgumentError(f"{job.name}: extra attribute {unknown[0]!r} is not "
                                       f"among the columns written")
        yield job


def cell_text(value: object) -> str:
    """A field's text in a CSV cell: empty for none, ``true``/``false``, ISO 8601.

    >>> from datetime import datetime, timedelta, timezone
    >>> cell_text(None), cell_text(True), cell_text(5)
    ('', 'true', '5')
    >>> cell_text(datetime(2026, 9, 14, 10, 30, tzinfo=timezone(timedelta(hours=-5))))
    '2026-09-14T10:30:00-05:00'
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return str(value.value)
    return str(value)


def json_value(value: object) -> object:
    """A field's value in JSON: null, a boolean, an integer, or text (ISO 8601 for time)."""
    if value is None or isinstance(value, bool | int):
        return value
    return cell_text(value)


def _job_values(job: Job) -> list[object]:
    return [getattr(job, field) for field in CORE_FIELDS]


def _open_for_writing(path: Path) -> Any:
    return open(path, "w", encoding="utf-8", newline="")


def write_jobs(path: Path, jobs: Iterable[Job], *, format: str | None = None,
               extras: Sequence[str] | None = None) -> int:
    """Write `jobs` to a jobs file; return how many were written.

    In CSV and Parquet the columns are the core fields, then `extras` (by default every
    extra attribute any job carries, sorted); a job without one of them gets an empty cell
    (in Parquet, null), which reads back as that attribute with no value. In JSON Lines
    each line carries the job's own extras. Parquet (a ``.parquet`` path or
    ``format="parquet"``; needs ``pip install 'svcperf[columnar]'``) keeps no UTC
    offsets: its instants read back as the same instants, in UTC.

    Raises `InvalidArgumentError` for a job carrying an extra attribute not in `extras`.
    """
    kind = _written_format(path, format)
    if kind != "jsonl" and extras is None:
        jobs = list(jobs)
        extras = sorted({name for job in jobs for name, _ in job.extras})
    if kind == "parquet":
        from ..engines import parquet_writing

        assert extras is not None
        return parquet_writing.write_job_file(path, _among(jobs, extras), list(extras))
    count = 0
    with _open_for_writing(path) as handle:
        if kind == "csv":
            assert extras is not None
            columns = list(extras)
            writer = csv.writer(handle)
            writer.writerow([*CORE_FIELDS, *columns])
            for job in _among(jobs, columns):
                own = dict(job.extras)
                # Text is its own cell text (`cell_text`), the commonest case, taken as is.
                writer.writerow([value if type(value) is str else cell_text(value)
                                 for value in (*_job_values(job),
                                               *(own.get(column) for column in columns))])
                count += 1
        else:
            for job in jobs:
                row = {field: json_value(value)
                       for field, value in zip(CORE_FIELDS, _job_values(job), strict=True)}
                row.update(job.extras)
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
                count += 1
    return count


def write_disputes(path: Path, disputes: Iterable[Dispute], *,
                   format: str | None = None) -> int:
    """Write `disputes` to a disputes file; return how many were written."""
    kind = _written_format(path, format)
    if kind == "parquet":
        from ..engines import parquet_writing

        return parquet_writing.write_dispute_file(path, disputes)
    count = 0
    with _open_for_writing(path) as handle:
        writer = csv.writer(handle)
        if kind == "csv":
            writer.writerow(DISPUTE_FIELDS)
        for dispute in disputes:
            values = [getattr(dispute, field) for field in DISPUTE_FIELDS]
            if kind == "csv":
                writer.writerow([cell_text(value) for value in values])
            else:
                row = {field: json_value(value)
                       for field, value in zip(DISPUTE_FIELDS, values, strict=True)}
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    return count

