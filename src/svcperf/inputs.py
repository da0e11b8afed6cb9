"""What `evaluate` and the views accept as jobs and disputes, and how each engine reads it.

Jobs are records, a `Dataset`, a path (CSV, JSON Lines, Parquet) or a frame (pandas,
polars, pyarrow); disputes are records beside records, or a path or a frame beside a
path or a frame (a `Dataset` carries its own). `engine_choice.choose` picks the engine;
`dataset_of` gives the reference engine's input (a `Dataset`), `columns_of` the columnar
engine's (`Columns`). A file is read by the chosen engine's reader (a Parquet file or a frame
always by the columnar reader, the only one of those forms); either reader accepts the
same data and reports the same problems.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, TypeAlias, cast

from .dataset import Dataset, as_dataset
from .engine_choice import Columns, Engine, FilePath, Frame, choose, input_kind
from .errors import InvalidArgumentError, InvalidInputError, InvalidRecordError
from .records import Dispute, Job
from .targets import TargetSet, target_set_in_force
from .viewer import Viewer, as_viewer
from .window import Window, window_for

if TYPE_CHECKING:
    from .views.dashboard import Dashboard

__all__ = ["Columns", "DisputesInput", "JobsInput", "columnar_dashboard", "columns_of",
           "dataset_of", "read_columns"]

#: What ``jobs`` may be.
JobsInput: TypeAlias = Dataset | Iterable[Job] | FilePath | Frame | Columns
#: What ``disputes`` may be.
DisputesInput: TypeAlias = Iterable[Dispute] | FilePath | Frame
_READABLE = ("csv", "jsonl")  # the forms the reference readers read


def read_columns(jobs: FilePath | Frame, disputes: FilePath | Frame | None = None, *,
                 format: str | None = None) -> Columns:
    """Read and validate a jobs file or frame and, optionally, a disputes file or frame
    with the columnar engine; the problems of both are reported together."""
    from .engines import columnar

    problems: list[InvalidRecordError] = []
    total = 0
    table = dispute_table = None
    try:
        table = columnar.load_jobs(jobs, format=format)
    except InvalidInputError as error:
        problems += error.problems
        total += error.total
    if disputes is not None:
        try:
            dispute_table = columnar.load_disputes(
                disputes, format=format,
                job_ids=None if table is None else table.table.column("job_id"))
        except InvalidInputError as error:
            problems += error.problems
            total += error.total
    if problems or table is None:
        raise InvalidInputError(problems, total=total)
    return Columns(table, dispute_table)


def _no_disputes(disputes: object) -> bool:
    return disputes is None or (isinstance(disputes, tuple | list) and not disputes)


def _checked_kinds(jobs: object, disputes: object,
                   format: str | None) -> tuple[str, str | None]:
    """The kinds of `jobs` and `disputes` (``None``: no disputes), which must go together."""
    kind = input_kind(jobs, format)
    if kind == "columns" and not _no_disputes(disputes):
        raise InvalidArgumentError("disputes: columns carry their disputes; read them "
                                   "together (svcperf.inputs.read_columns)")
    if kind in ("records", "columns") or _no_disputes(disputes):
        return kind, None
    dispute_kind = input_kind(disputes, format)
    if dispute_kind == "records":
        raise InvalidArgumentError("disputes: with jobs from a file or a frame, give the "
                                   "disputes as a file or a frame too (or build a Dataset)")
    return kind, dispute_kind


def _as_dataset(jobs: JobsInput, disputes: DisputesInput) -> Dataset:
    """Records (or a `Dataset`) as a data set (`input_kind` said they are records)."""
    return as_dataset(cast(Dataset | Iterable[Job], jobs), cast(Iterable[Dispute], disputes))


def columns_of(jobs: JobsInput, disputes: DisputesInput = (), *,
               format: str | None = None) -> Columns:
    """`jobs` and `disputes` as the columnar engine's input: a file or a frame read by its
    reader, records (or a `Dataset`) checked and turned into columns."""
    kind, dispute_kind = _checked_kinds(jobs, disputes, format)
    if isinstance(jobs, Columns):
        return jobs
    if kind == "records":
        from .engines.columnar_input import disputes_from_records, jobs_from_records

        data = _as_dataset(jobs, disputes)
        return Columns(jobs_from_records(data.jobs),
                       disputes_from_records(data.disputes) if data.disputes else None)
    return read_columns(cast(FilePath | Frame, jobs),
                        None if dispute_kind is None else cast(FilePath | Frame, disputes),
                        format=format)


def dataset_of(jobs: JobsInput, disputes: DisputesInput = (), engine: Engine = "auto", *,
               format: str | None = None) -> Dataset:
    """`jobs` and `disputes` as a `Dataset`, a file read by the reader of the engine
    `engine` picks (records are only checked: no engine reads them)."""
    chosen = choose(engine, jobs, format)
    kind, dispute_kind = _checked_kinds(jobs, disputes, format)
    if isinstance(jobs, Columns):
        return jobs.dataset()
    if kind == "records":
        return _as_dataset(jobs, disputes)
    if chosen == "python" and kind in _READABLE and dispute_kind in (None, *_READABLE):
        return Dataset.read(cast(FilePath, jobs),
                            None if dispute_kind is None else cast(FilePath, disputes),
                            format=format, engine="python")
    return columns_of(jobs, disputes, format=format).dataset()


def columnar_dashboard(jobs: JobsInput, as_of: Window | datetime | date,
                       by: Sequence[str | Sequence[str]], *, disputes: DisputesInput,
                       tz: str | None, days: int, targets: TargetSet | Iterable[TargetSet],
                       viewer: Viewer, engine: Engine) -> Dashboard | None:
    """`svcperf.dashboard` by the columnar engine when `engine` picks it for `jobs` (the
    arguments are checked before any file is read); ``None`` when it picks the reference
    engine."""
    if choose(engine, jobs) != "columnar":
        return None
    target_set_in_force(targets, window_for(as_of, tz, days).end)
    as_viewer(viewer)
    loaded = columns_of(jobs, disputes)
    from .engines.columnar import dashboard_from

    return dashboard_from(loaded.jobs, as_of, by, disputes=loaded.disputes, tz=tz, days=days,
                          targets=targets, viewer=viewer)
