"""The Spark engine: per partition the columnar engine's validation and fold, as partial
tallies (`svcperf.engines.partials`; for a history, `history_partials`) emitted by
``mapInArrow``, then ``groupBy(KEYS).sum(COUNTERS)`` (SPEC §10).

Disputes are small: read once on the driver and broadcast; each partition says which of
their jobs it holds, so a dispute naming no job is found without bringing the job ids to
the driver. A job id in two partitions is found by a ``groupBy("job_id")`` over the ids
(the only data besides tallies to cross the network). Needs
``pip install 'svcperf[spark]'``; pyspark and pyarrow are imported inside the functions.
"""

from __future__ import annotations

import math
import os
import pickle
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from functools import partial
from typing import Any, Literal, TypeVar, overload

import attrs

from ..errors import InvalidArgumentError, InvalidInputError, InvalidRecordError, SvcperfError
from ..evaluation import Evaluation
from ..extras import require
from ..io.interchange import ERROR_CAP
from ..targets import SEED_TARGETS, TargetSet, target_set_in_force
from ..viewer import OWNER, Viewer, as_viewer
from ..views.dashboard import Dashboard
from ..views.history import History, check_nights
from ..window import DEFAULT_DAYS, Window, window_for
from . import columnar, folders, history_partials, partials
from .lenient import InputRejections, Lenient, Part, by_file, input_name, repeats_of

__all__ = ["SESSION_SETTINGS", "coverage_areas", "dashboard", "evaluate", "history",
           "session_builder", "start_failure_reason"]

#: What a session svcperf starts is configured with (and what a cluster's should have):
#: instants shown in UTC, integer overflow an error, no web UI.
SESSION_SETTINGS = {
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.ansi.enabled": "true",
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
}
_NEEDED_BY = "svcperf.engines.spark"
# What each partition emits, one kind of row each: tallies (the partial table's columns;
# for a history, the nightly table's),
# warnings (account_id, text; in `seq` order), the job ids it holds (Arrow IPC in
# `blob`), the disputes' job ids it holds (`text`), and a problem (pickled, in `blob`).
_TALLY, _WARNING, _IDS, _DISPUTED, _PROBLEM = "tally", "warning", "ids", "disputed", "problem"
_NIGHTLY = "nightly"  # a history's rows: (night, account_id) and the counters
_SCANNED = "scanned"  # a lenient partition's `lenient.Part` (pickled, in `blob`)
_AREA = "area"  # a coverage area of the partition's jobs (`text`)
_PROBE = "probe"  # the jobs the checks of `by` look at (`columnar.probe_jobs`, pickled)
_COLUMNS = (("kind", "string"), ("part", "int"), ("seq", "bigint"), ("night", "date"),
            ("account_id", "string"),
            ("attribute", "string"), ("slice", "string"), ("slice_is_none", "boolean"),
            *((name, "bigint") for name in partials.COUNTERS), ("text", "string"),
            ("blob", "binary"))
_OUT = ", ".join(f"{name} {kind}" for name, kind in _COLUMNS)
_IDS_OUT = "job_id string, part int, row bigint"
_INT64_MAX = 2**63 - 1
_Summed = TypeVar("_Summed")
#: The most rows a task reads from a Parquet file (unless a row group alone has more).
_RUN_ROWS = 1 << 20


# A Java exception as Java prints it ("Exception in thread ..." first when uncaught; after
# ": " in a Py4JJavaError's text).
_JAVA_EXCEPTION = re.compile(r'^(?:: )?(?:Exception in thread "[^"]*" )?'
                             r"[\w$.]+(?:Exception|Error): (.+)$", re.MULTILINE)


def start_failure_reason(error: Exception, words: str = "") -> str:
    """Why a Spark session could not start, in one line: the message of the Java exception
    in `error` (PySpark's) or in what the JVM wrote to its standard error (`words`), else
    PySpark's first line, with the JVM's first line after it."""
    for text in (str(error), words):
        found = _JAVA_EXCEPTION.search(text)
        if found:
            return found.group(1).strip()
    lines = [line.strip() for line in words.splitlines() if line.strip()]
    text = str(error).strip()
    reason = text.splitlines()[0] if text else type(error).__name__
    return f"{reason} ({lines[0]})" if lines else reason


def session_builder(master: str | None = "local[*]", app_name: str = "svcperf") -> Any:
    """A `SparkSession.Builder` with `SESSION_SETTINGS` and `master` (``None``: the one
    spark-submit gives). On a local master the Python workers run this interpreter, so
    they import the same svcperf and pyarrow: PySpark starts them with
    ``PYSPARK_PYTHON`` (else whatever ``python3`` is on ``PATH``; its
    ``spark.pyspark.python`` setting is not read by a session made from Python), so that
    variable is set to this interpreter unless it is set already. Elsewhere
    ``PYSPARK_PYTHON`` says which."""
    sql = require("pyspark.sql", _NEEDED_BY)
    builder = sql.SparkSession.builder.appName(app_name)
    if master is not None:
        builder = builder.master(master)
        if master.startswith("local"):
            os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    for key, value in SESSION_SETTINGS.items():
        builder = builder.config(key, value)
    return builder


@attrs.frozen
class _Task:
    """What one partition of a file source reads: a file (`path`), or for Parquet the
    row groups `groups` of it, whose first row is row `first_row` of the file."""

    path: str
    groups: tuple[int, ...] | None = None
    first_row: int = 0
    columns: tuple[tuple[str, str | None], ...] = ()  # its folders' partition columns


def _tasks(files: Sequence[folders.Partitioned], parallelism: int) -> list[_Task]:
    """One task per file; a Parquet file is cut into runs of whole row groups of at most
    `_RUN_ROWS` rows, and of at most a share of the file's rows that gives about twice as
    many tasks as cores (a run holds at least one row group)."""
    import pyarrow.parquet as pq

    found: list[_Task] = []
    for path, partition_columns in files:
        columns = tuple(partition_columns.items())
        if not path.lower().endswith(".parquet"):
            found.append(_Task(path, columns=columns))
            continue
        metadata = pq.ParquetFile(path).metadata
        limit = min(_RUN_ROWS, math.ceil(metadata.num_rows / (2 * parallelism)))
        sizes = [metadata.row_group(group).num_rows for group in range(metadata.num_row_groups)]
        if len(sizes) < 2:
            found.append(_Task(path, columns=columns))
            continue
        run: list[int] = []
        first = held = 0
        for group, size in enumerate(sizes):
            if run and held + size > limit:
                found.append(_Task(path, tuple(run), first, columns))
                first, run, held = first + held, [], 0
            run.append(group)
            held += size
        found.append(_Task(path, tuple(run), first, columns))
    return found


def _problem(error: Exception) -> bytes:
    """`error` pickled so that the driver raises the very same error."""
    if isinstance(error, InvalidInputError):
        return pickle.dumps((InvalidInputError, error.problems, error.total))
    return pickle.dumps((None, error, None))


def _raise(blob: bytes) -> None:
    kind, payload, total = pickle.loads(blob)
    if kind is InvalidInputError:
        raise InvalidInputError(payload, total=total)
    raise payload


def _rows(pa: Any, kind: str, part: int, count: int, **columns: Any) -> list[Any]:
    """Batches of `count` rows of `kind` of the output, the other columns null."""
    types = {"string": pa.string(), "int": pa.int32(), "bigint": pa.int64(),
             "boolean": pa.bool_(), "binary": pa.binary(), "date": pa.date32()}
    schema = pa.schema([(name, types[kind]) for name, kind in _COLUMNS])
    given = {"kind": pa.array([kind] * count, pa.string()),
             "part": pa.array([part] * count, pa.int32()), **columns}
    table = pa.Table.from_arrays(
        [given[field.name].cast(field.type) if field.name in given
         else pa.nulls(count, field.type) for field in schema], schema=schema)
    return list(table.combine_chunks().to_batches())


@attrs.frozen
class _Fold:
    """The per-partition work, shipped to the executors: `work` gives a partition's rows
    of tallies (`_dashboard_rows`, `_history_rows`); `disputes` is a broadcast of the
    dispute table, or ``None``."""

    work: Callable[[Any, int, columnar.JobTable, columnar.DisputeTable | None], Iterator[Any]]
    disputes: Any
    tasks: tuple[_Task, ...] = ()
    #: Read leniently (`_run_leniently`): each partition's scan comes back as a `_SCANNED`
    #: row, and `drop` (a broadcast of the good rows to drop, by partition) is applied.
    lenient: bool = False
    drop: Any = None

    def __call__(self, batches: Iterator[Any]) -> Iterator[Any]:
        import pyarrow as pa
        from pyspark import TaskContext

        context = TaskContext.get()
        part = 0 if context is None else context.partitionId()
        task = None
        if self.tasks:  # the one row of the partition names its task
            found = [index for batch in batches for index in batch.column(0).to_pylist()]
            part = found[0]
            task = self.tasks[part]
        try:
            if self.lenient:
                data, scanned = self._scan(pa, batches, task)
                if data is None:
                    return
                yield from _rows(pa, _SCANNED, part, 1, blob=pa.array([pickle.dumps(scanned)],
                                                                      pa.binary()))
                dropped = set(() if self.drop is None else self.drop.value.get(part, ()))
                if dropped:
                    data = data.rows([row for row in range(data.num_rows) if row not in dropped])
                yield from self._fold(pa, part, data, 0)
                return
            data, first_row = self._load(pa, batches, task)
            if data is None:
                return
            yield from self._fold(pa, part, data, first_row)
        except OSError as error:  # a file that went away, or unreadable on this executor
            where = error.filename or (task.path if task is not None else "a partition")
            problem = InvalidArgumentError(f"source: cannot read {where}: "
                                           f"{error.strerror or error}")
            yield from _rows(pa, _PROBLEM, part, 1, blob=pa.array([_problem(problem)],
                                                                  pa.binary()))
        except SvcperfError as error:
            yield from _rows(pa, _PROBLEM, part, 1, blob=pa.array([_problem(error)], pa.binary()))

    def _load(self, pa: Any, batches: Iterator[Any],
              task: _Task | None) -> tuple[columnar.JobTable | None, int]:
        if task is None:  # a partition of a DataFrame (an empty one is skipped)
            found = list(batches)
            if not found or not sum(batch.num_rows for batch in found):
                return None, 0
            return columnar.load_jobs(pa.Table.from_batches(found)), 0
        if task.groups is None:
            data = columnar.load_jobs(task.path)
        else:
            import pyarrow.parquet as pq

            try:
                chunk = pq.ParquetFile(task.path).read_row_groups(list(task.groups))
                data = columnar.load_jobs(chunk)
            except InvalidInputError:
                columnar.load_jobs(task.path)  # the whole file's problems, rows numbered in it
                raise
        return (folders.with_partition_columns(data, task.path, dict(task.columns)),
                task.first_row)

    def _scan(self, pa: Any, batches: Iterator[Any], task: _Task | None
              ) -> tuple[columnar.JobTable | None, Part | None]:
        """A partition's good jobs and its `Part` (what its lenient scan read)."""
        if task is None:
            found = list(batches)
            if not found or not sum(batch.num_rows for batch in found):
                return None, None
            scan = columnar.scan_jobs(pa.Table.from_batches(found))
            return scan.table, Part.of(None, 0, scan.table.num_rows + len(scan.rejected),
                                       scan.rejected)
        if task.groups is None:
            scan = columnar.scan_jobs(task.path)
        else:
            import pyarrow.parquet as pq

            chunk = pq.ParquetFile(task.path).read_row_groups(list(task.groups))
            scan = columnar.scan_jobs(chunk, first_row=task.first_row, name=task.path)
        part = Part.of(task.path, task.first_row, scan.table.num_rows + len(scan.rejected),
                       scan.rejected)
        return folders.with_partition_columns(scan.table, task.path, dict(task.columns)), part

    def _fold(self, pa: Any, part: int, data: columnar.JobTable,
              first_row: int) -> Iterator[Any]:
        import pyarrow.compute as pc

        disputes = None if self.disputes is None else _from_ipc(pa, self.disputes.value)
        yield from self.work(pa, part, data, disputes)
        ids = data.table.column("job_id").cast(pa.string())
        rows = pa.array(range(first_row, first_row + len(ids)), pa.int64())
        yield from _rows(pa, _IDS, part, 1, blob=pa.array(
            [_to_ipc(pa, pa.table({"job_id": ids, "row": rows}))], pa.binary()))
        if disputes is not None and disputes.table.num_rows:
            held = pc.unique(disputes.table.column("job_id"))
            held = held.filter(pc.is_in(held, value_set=ids))
            yield from _rows(pa, _DISPUTED, part, len(held), text=held)


def _dashboard_rows(pa: Any, part: int, data: columnar.JobTable,
                    disputes: columnar.DisputeTable | None, *, window: Window,
                    by: tuple[str | tuple[str, ...], ...], areas: frozenset[str]) -> Iterator[Any]:
    """A partition's partial tallies (`partials.to_partials`) and warnings, as rows; and
    the jobs the checks of `by` look at, which the driver checks over every partition's
    (a partition failing them alone gives no tallies)."""
    probe = columnar.probe_jobs(data, by, areas)
    if probe:
        yield from _rows(pa, _PROBE, part, 1, blob=pa.array([pickle.dumps(probe)], pa.binary()))
    try:
        columnar.check_names(by, probe)
    except InvalidArgumentError:
        return
    found = partials.to_partials(columnar.fold(data, window, disputes, by, areas), by)
    tallies = found.tallies
    yield from _rows(pa, _TALLY, part, tallies.num_rows,
                     **{name: tallies.column(name) for name in tallies.schema.names})
    warnings = found.warnings
    if warnings.num_rows:
        yield from _rows(pa, _WARNING, part, warnings.num_rows,
                         seq=pa.array(range(warnings.num_rows), pa.int64()),
                         account_id=warnings.column("account_id"),
                         text=warnings.column("warning"))


def _history_rows(pa: Any, part: int, data: columnar.JobTable,
                  disputes: columnar.DisputeTable | None, *, first_night: date,
                  last_night: date, tz: str, days: int, viewer: Viewer) -> Iterator[Any]:
    """A partition's nightly partial tallies (`history_partials.history_partials`)."""
    table = history_partials.history_partials(data, first_night, last_night, disputes,
                                              tz=tz, days=days, viewer=viewer)
    yield from _rows(pa, _NIGHTLY, part, table.num_rows,
                     **{name: table.column(name) for name in table.schema.names})


def _to_ipc(pa: Any, table: Any) -> bytes:
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return bytes(sink.getvalue().to_pybytes())


def _from_ipc(pa: Any, blob: bytes) -> Any:
    table = pa.ipc.open_stream(blob).read_all()
    if b"svcperf.offsets" in (table.schema.metadata or {}):
        return columnar.DisputeTable(table.drop_columns(["\0offset"]),
                                     pa.table({"decided_at": table.column("\0offset")}))
    return table


def _disputes_ipc(pa: Any, disputes: columnar.DisputeTable) -> bytes:
    table = disputes.table.append_column("\0offset", disputes.offsets.column("decided_at"))
    return _to_ipc(pa, table.replace_schema_metadata({b"svcperf.offsets": b"decided_at"}))


def _explode(batches: Iterator[Any]) -> Iterator[Any]:
    """The job ids of the `_IDS` rows, one row each (with their partition and row)."""
    import pyarrow as pa

    for batch in batches:
        for part, blob in zip(batch.column("part").to_pylist(), batch.column("blob").to_pylist(),
                              strict=True):
            table = _from_ipc(pa, blob)
            for chunk in table.to_batches():
                yield pa.RecordBatch.from_arrays(
                    [chunk.column(0), pa.array([part] * chunk.num_rows, pa.int32()),
                     chunk.column(1)], names=["job_id", "part", "row"])


def _is_frame(source: Any) -> bool:
    return hasattr(source, "mapInArrow") and hasattr(source, "sparkSession")


@overload
def dashboard(
    source: Any,
    as_of: Window | datetime | date,
    by: Sequence[str | Sequence[str]] = (),
    *,
    disputes: Any = None,
    tz: str | None = None,
    days: int = DEFAULT_DAYS,
    targets: TargetSet | Iterable[TargetSet] = SEED_TARGETS,
    viewer: Viewer = OWNER,
    session: Any = None,
    areas_to: Callable[[list[str]], object] | None = None,
    lenient: Literal[False] = False,
) -> Dashboard: ...


@overload
def dashboard(
    source: Any,
    as_of: Window | datetime | date,
    by: Sequence[str | Sequence[str]] = (),
    *,
    disputes: Any = None,
    tz: str | None = None,
    days: int = DEFAULT_DAYS,
    targets: TargetSet | Iterable[TargetSet] = SEED_TARGETS,
    viewer: Viewer = OWNER,
    session: Any = None,
    areas_to: Callable[[list[str]], object] | None = None,
    lenient: Literal[True],
) -> Lenient[Dashboard]: ...


def dashboard(
    source: Any,
    as_of: Window | datetime | date,
    by: Sequence[str | Sequence[str]] = (),
    *,
    disputes: Any = None,
    tz: str | None = None,
    days: int = DEFAULT_DAYS,
    targets: TargetSet | Iterable[TargetSet] = SEED_TARGETS,
    viewer: Viewer = OWNER,
    session: Any = None,
    areas_to: Callable[[list[str]], object] | None = None,
    lenient: bool = False,
) -> Dashboard | Lenient[Dashboard]:
    """`svcperf.dashboard` over a Spark DataFrame, or a path, glob or list of CSV / JSON
    Lines / Parquet files (a partition each; a Parquet file of several row groups, a
    partition per run of them), on the `session` (the active one, or a ``local[*]``
    one started with `SESSION_SETTINGS` for the run and stopped after it).

    `disputes` is a path or a frame, read by the columnar engine on the driver. Bad input
    fails the run with the columnar engine's messages: per file for files (its lines or
    rows); for a DataFrame, rows of the whole frame in the order ``toArrow()`` gives.
    `areas_to`, when given, is called with every coverage area of the jobs (sorted, what
    `coverage_areas` gives, whatever the viewer) from the same pass over the data, once
    the input is checked.
    With `lenient`, bad rows are rejected instead: the result is a `Lenient` of the
    dashboard of the good rows and what each input rejected (see docs/scale.md, "Lenient
    runs"); a bad header still fails the run.
    """
    window = window_for(as_of, tz, days)
    areas = frozenset(as_viewer(viewer).areas)
    target_set = target_set_in_force(targets, window.end)
    names = tuple(partials.entries(by))
    work, finish = _reporting_areas(partial(_dashboard_rows, window=window, by=names,
                                            areas=areas), partial(_summed, by=names),
                                 areas_to)
    inputs: tuple[InputRejections, ...] = ()
    with _session(session) as found:
        if lenient:
            summed, inputs = _run_leniently(found, source, work, disputes, finish)
        else:
            summed = _run(found, source, work, disputes, finish)
    board = partials.dashboard_of(partials.from_partials(summed), window, target_set, names)
    return Lenient(board, inputs) if lenient else board


@overload
def evaluate(
    source: Any,
    as_of: Window | datetime | date,
    *,
    disputes: Any = None,
    tz: str | None = None,
    days: int = DEFAULT_DAYS,
    targets: TargetSet | Iterable[TargetSet] = SEED_TARGETS,
    viewer: Viewer = OWNER,
    session: Any = None,
    lenient: Literal[False] = False,
) -> Evaluation: ...


@overload
def evaluate(
    source: Any,
    as_of: Window | datetime | date,
    *,
    disputes: Any = None,
    tz: str | None = None,
    days: int = DEFAULT_DAYS,
    targets: TargetSet | Iterable[TargetSet] = SEED_TARGETS,
    viewer: Viewer = OWNER,
    session: Any = None,
    lenient: Literal[True],
) -> Lenient[Evaluation]: ...


def evaluate(
    source: Any,
    as_of: Window | datetime | date,
    *,
    disputes: Any = None,
    tz: str | None = None,
    days: int = DEFAULT_DAYS,
    targets: TargetSet | Iterable[TargetSet] = SEED_TARGETS,
    viewer: Viewer = OWNER,
    session: Any = None,
    lenient: bool = False,
) -> Evaluation | Lenient[Evaluation]:
    """`svcperf.evaluate` on Spark (the sources, the session and `lenient` as `dashboard`
    takes them)."""
    if lenient:
        found = dashboard(source, as_of, (), disputes=disputes, tz=tz, days=days,
                          targets=targets, viewer=viewer, session=session, lenient=True)
        return Lenient(found.result.evaluation, found.inputs)
    return dashboard(source, as_of, (), disputes=disputes, tz=tz, days=days, targets=targets,
                     viewer=viewer, session=session).evaluation


@overload
def history(
    source: Any,
    first_night: date,
    last_night: date,
    *,
    disputes: Any = None,
    tz: str | None = None,
    days: int = DEFAULT_DAYS,
    targets: TargetSet | Iterable[TargetSet] = SEED_TARGETS,
    viewer: Viewer = OWNER,
    session: Any = None,
    areas_to: Callable[[list[str]], object] | None = None,
    lenient: Literal[False] = False,
) -> History: ...


@overload
def history(
    source: Any,
    first_night: date,
    last_night: date,
    *,
    disputes: Any = None,
    tz: str | None = None,
    days: int = DEFAULT_DAYS,
    targets: TargetSet | Iterable[TargetSet] = SEED_TARGETS,
    viewer: Viewer = OWNER,
    session: Any = None,
    areas_to: Callable[[list[str]], object] | None = None,
    lenient: Literal[True],
) -> Lenient[History]: ...


def history(
    source: Any,
    first_night: date,
    last_night: date,
    *,
    disputes: Any = None,
    tz: str | None = None,
    days: int = DEFAULT_DAYS,
    targets: TargetSet | Iterable[TargetSet] = SEED_TARGETS,
    viewer: Viewer = OWNER,
    session: Any = None,
    areas_to: Callable[[list[str]], object] | None = None,
    lenient: bool = False,
) -> History | Lenient[History]:
    """`svcperf.history` on Spark: per partition the nightly tallies of its jobs
    (`history_partials`), summed by ``groupBy(night, account_id)`` (the sources, the
    session, bad input, `areas_to` and `lenient` as `dashboard` takes them)."""
    zone = check_nights(first_night, last_night, tz, days)
    as_viewer(viewer)
    work, finish = _reporting_areas(partial(
        _history_rows, first_night=first_night, last_night=last_night, tz=zone, days=days,
        viewer=viewer), _summed_nightly, areas_to)
    inputs: tuple[InputRejections, ...] = ()
    with _session(session) as found:
        if lenient:
            summed, inputs = _run_leniently(found, source, work, disputes, finish)
        else:
            summed = _run(found, source, work, disputes, finish)
    result = history_partials.history_from_partials(summed, first_night, last_night, tz=zone,
                                                    days=days, targets=targets)
    return Lenient(result, inputs) if lenient else result



def coverage_areas(source: Any, *, session: Any = None, lenient: bool = False) -> list[str]:
    """The coverage areas of the jobs of `source` (as `dashboard` takes it), sorted: what
    a viewer's areas are checked against. The jobs are read and validated as for a
    dashboard, so bad input raises the same problems first (with `lenient`, the areas of
    the good rows)."""
    with _session(session) as found:
        if lenient:
            return _run_leniently(found, source, _area_rows, None, _areas)[0]
        return _run(found, source, _area_rows, None, _areas)


def _area_rows(pa: Any, part: int, data: columnar.JobTable,
               disputes: columnar.DisputeTable | None) -> Iterator[Any]:
    """A partition's distinct coverage areas, as rows."""
    found = columnar.coverage_areas(data)
    yield from _rows(pa, _AREA, part, len(found), text=pa.array(found, pa.string()))


def _areas(pa: Any, pc: Any, out: Any, small: Any) -> list[str]:
    areas = small.filter(pc.equal(small.column("kind"), _AREA)).column("text")
    return sorted(pc.unique(areas).to_pylist())


def _and_area_rows(pa: Any, part: int, data: columnar.JobTable,
                   disputes: columnar.DisputeTable | None, *, work: Any) -> Iterator[Any]:
    """`work`'s rows of a partition, then its coverage areas' (`_area_rows`)."""
    yield from work(pa, part, data, disputes)
    yield from _area_rows(pa, part, data, disputes)


def _and_areas(pa: Any, pc: Any, out: Any, small: Any, *,
               finish: Callable[[Any, Any, Any, Any], _Summed],
               areas_to: Callable[[list[str]], object]) -> _Summed:
    """What `finish` makes of the rows, once `areas_to` has the data's areas."""
    areas_to(_areas(pa, pc, out, small))
    return finish(pa, pc, out, small)


def _reporting_areas(work: Any, finish: Callable[[Any, Any, Any, Any], _Summed],
                     areas_to: Callable[[list[str]], object] | None
                     ) -> tuple[Any, Callable[[Any, Any, Any, Any], _Summed]]:
    """`work` and `finish` as they are, or (with `areas_to`) also emitting each
    partition's coverage areas and giving them all to `areas_to`: one pass over the data
    for a run and the areas (the command line's ``--viewer-areas``)."""
    if areas_to is None:
        return work, finish
    return (partial(_and_area_rows, work=work),
            partial(_and_areas, finish=finish, areas_to=areas_to))


@contextmanager
def _session(session: Any) -> Iterator[Any]:
    """`session`, or the active one, or a ``local[*]`` one for the run (then stopped)."""
    sql = require("pyspark.sql", _NEEDED_BY)
    require("pyarrow", _NEEDED_BY)
    if session is not None:
        yield session
        return
    active = sql.SparkSession.getActiveSession()
    if active is not None:
        yield active
        return
    try:
        own = session_builder().getOrCreate()
    except Exception as error:  # (Java's, PySpark's: no Java, a bad SPARK_HOME)
        raise InvalidArgumentError(f"svcperf.engines.spark: cannot start a local Spark "
                                   f"session (local[*]): {start_failure_reason(error)} (or "
                                   f"pass session=, a session of your own)") from error
    try:
        yield own
    finally:
        own.stop()


def _run(session: Any, source: Any, work: Any, disputes: Any,
         finish: Callable[[Any, Any, Any, Any], _Summed]) -> _Summed:
    """What `finish` makes of the partitions' rows (`work`'s, persisted) and of the
    small ones collected, once every input problem is raised."""
    pa = require("pyarrow", _NEEDED_BY)
    pc = require("pyarrow.compute", _NEEDED_BY)
    from pyspark import StorageLevel

    frame = _is_frame(source)
    if frame:
        columnar.load_jobs(source.limit(0).toArrow())  # the header's problems, once
    dispute_error: InvalidInputError | None = None
    dispute_table = None
    if disputes is not None:
        try:
            dispute_table = columnar.load_disputes(disputes)
        except InvalidInputError as error:  # reported after the jobs' problems
            dispute_error = error
    context = session.sparkContext
    shared = None if dispute_table is None else context.broadcast(
        _disputes_ipc(pa, dispute_table))
    if frame:
        tasks: tuple[_Task, ...] = ()
        parts = source
    else:
        files = folders.source_files(source)
        tasks = tuple(_tasks(files, context.defaultParallelism))
        parts = session.createDataFrame(
            context.parallelize([(index,) for index in range(len(tasks))], max(1, len(tasks))),
            "task int")
    out = parts.mapInArrow(_Fold(work, shared, tasks), _OUT).persist(
        StorageLevel.MEMORY_AND_DISK)
    try:
        small = out.filter(out.kind.isin(_WARNING, _DISPUTED, _PROBLEM, _AREA, _PROBE)).select(
            "kind", "part", "seq", "account_id", "text", "blob").toArrow()
        _raise_problems(small, source if frame else None)
        _check_duplicates(session, out, tasks, source if frame else None)
        if dispute_error is not None:
            raise dispute_error
        if dispute_table is not None:
            held = small.filter(pc.equal(small.column("kind"), _DISPUTED))
            columnar.load_disputes(disputes, job_ids=held.column("text"))
        return finish(pa, pc, out, small)
    finally:
        out.unpersist()
        if shared is not None:
            shared.destroy()


def _partitions(session: Any, source: Any) -> tuple[Any, tuple[_Task, ...]]:
    """What ``mapInArrow`` runs over: a DataFrame as it is, or one row per `_Task` of the
    files (`folders.source_files` checks they exist); and the tasks."""
    context = session.sparkContext
    if _is_frame(source):
        return source, ()
    files = folders.source_files(source)
    tasks = tuple(_tasks(files, context.defaultParallelism))
    return session.createDataFrame(
        context.parallelize([(index,) for index in range(len(tasks))], max(1, len(tasks))),
        "task int"), tasks


def _run_leniently(session: Any, source: Any, work: Any, disputes: Any,
                   finish: Callable[[Any, Any, Any, Any], _Summed]
                   ) -> tuple[_Summed, tuple[InputRejections, ...]]:
    """`_run`, reading leniently: what `finish` makes of the good rows, and what each
    input rejected. Only the rejected rows (each partition's `_SCANNED` row), the ids of
    job ids in two partitions and the tallies come to the driver. When a job id is in two
    partitions, the later rows are rejected and the partitions are folded again without
    them (a second pass, only then)."""
    pa = require("pyarrow", _NEEDED_BY)
    pc = require("pyarrow.compute", _NEEDED_BY)
    from pyspark import StorageLevel

    if _is_frame(source):
        columnar.load_jobs(source.limit(0).toArrow())  # the header's problems, once
    dispute_scan = None if disputes is None else columnar.scan_disputes(disputes)
    context = session.sparkContext
    shared = None if dispute_scan is None else context.broadcast(
        _disputes_ipc(pa, dispute_scan.table))
    parts, tasks = _partitions(session, source)
    drop = None
    scanned: dict[int, Part] = {}
    found: list[tuple[str, Part, Sequence[Any]]] = []
    try:
        while True:
            out = parts.mapInArrow(_Fold(work, shared, tasks, True, drop), _OUT).persist(
                StorageLevel.MEMORY_AND_DISK)
            try:
                small = out.filter(out.kind.isin(
                    _WARNING, _DISPUTED, _PROBLEM, _SCANNED, _AREA, _PROBE)).select(
                    "kind", "part", "seq", "account_id", "text", "blob").toArrow()
                _raise_problems(small, None)
                if drop is None:
                    rows = small.filter(pc.equal(small.column("kind"), _SCANNED))
                    scanned = {part: pickle.loads(blob) for part, blob in zip(
                        rows.column("part").to_pylist(), rows.column("blob").to_pylist(),
                        strict=True)}
                    order = sorted(scanned)
                    repeats = repeats_of([scanned[part] for part in order],
                                         _repeated_ids(out, order))
                    found = [(tasks[part].path if tasks else f"partition {part}",
                              scanned[part], repeats.rejected(index, scanned[part]))
                             for index, part in enumerate(order)]
                    if repeats.dropped:
                        drop = context.broadcast({order[index]: sorted(rows_of) for index,
                                                  rows_of in repeats.dropped.items()})
                        continue
                inputs = by_file(found)
                if dispute_scan is not None:
                    held = small.filter(pc.equal(small.column("kind"), _DISPUTED))
                    final = columnar.scan_disputes(disputes, job_ids=held.column("text"))
                    inputs += (InputRejections(input_name(disputes), final.table.table.num_rows
                                               + len(final.rejected), final.rejected),)
                return finish(pa, pc, out, small), inputs
            finally:
                out.unpersist()
    finally:
        for broadcast in (shared, drop):
            if broadcast is not None:
                broadcast.destroy()


def _repeated_ids(out: Any, order: Sequence[int]) -> list[list[tuple[int, str]]]:
    """Per partition (in `order`), the (row, job id) of its job ids another partition
    holds too, in row order: found by Spark, only those rows collected."""
    ids = out.filter(out.kind == _IDS).select("part", "blob").mapInArrow(_explode, _IDS_OUT)
    repeated = ids.groupBy("job_id").count().filter("count > 1").select("job_id")
    rows = ids.join(repeated, "job_id").orderBy("part", "row").toArrow().to_pylist()
    found: dict[int, list[tuple[int, str]]] = {part: [] for part in order}
    for row in rows:
        found[row["part"]].append((row["row"], row["job_id"]))
    return [found[part] for part in order]


def _raise_problems(small: Any, frame: Any) -> None:
    """Raise the first partition's problem (for a DataFrame, the whole frame's)."""
    import pyarrow.compute as pc

    found = small.filter(pc.equal(small.column("kind"), _PROBLEM)).sort_by("part")
    if not found.num_rows:
        return
    blob = found.column("blob")[0].as_py()
    if frame is not None and pickle.loads(blob)[0] is InvalidInputError:
        columnar.load_jobs(frame.toArrow())  # the whole frame's messages, rows numbered in it
    _raise(blob)


def _check_duplicates(session: Any, out: Any, tasks: Sequence[_Task], frame: Any) -> None:
    """Raise the reference's problems for job ids in two partitions: each later place in
    file order, at its line (CSV, JSON Lines) or row (Parquet), naming the first (two
    row groups of one file: that file's own messages; a DataFrame: the whole frame's)."""
    ids = out.filter(out.kind == _IDS).select("part", "blob").mapInArrow(_explode, _IDS_OUT)
    repeated = ids.groupBy("job_id").count().filter("count > 1").select("job_id")
    if repeated.isEmpty():  # (the ids shuffled once; the join below only on this path)
        return
    rows = ids.join(repeated, "job_id").orderBy("part", "row").toArrow().to_pylist()
    if frame is not None:
        columnar.load_jobs(frame.toArrow())  # the whole frame's messages
    paths = list(dict.fromkeys(task.path for task in tasks))  # files, in order
    occurrences: list[list[tuple[int, str]]] = [[] for _ in paths]
    for row in rows:  # (row in the file, job id), by file in row order
        occurrences[paths.index(tasks[row["part"]].path)].append((row["row"], row["job_id"]))
    for found in occurrences:
        found.sort()
    files = [Part.of(path, 0, 1 + max((row for row, _ in found), default=0), ())
             for path, found in zip(paths, occurrences, strict=True)]
    lines = []
    for part, found in zip(files, occurrences, strict=True):
        every = part.good_lines() if found else []  # (CSV: the file read again, here only)
        lines.append([every[row] for row, _ in found])
    dropped = repeats_of(files, occurrences, lines).dropped
    problems = [item.error for part in sorted(dropped) for _, item in sorted(dropped[part].items())]
    raise InvalidInputError(problems[:ERROR_CAP], total=len(problems))


def _spark_sums(out: Any, kind: str, keys: Sequence[str]) -> Any:
    """The counters of the `kind` rows summed per `keys` by Spark, as decimals (so no sum
    can wrap, whatever the session's ANSI mode), collected."""
    from pyspark.sql import functions as F

    return out.filter(out.kind == kind).groupBy(*keys).agg(
        *(F.sum(F.col(name).cast("decimal(38,0)")).alias(name) for name in partials.COUNTERS)
    ).toArrow()


def _as_int64(pc: Any, table: Any, schema: Any) -> Any:
    """The summed `table` cast to `schema` (int64 counters); a sum beyond int64 (which
    real jobs cannot reach: at most 5 per job) is refused."""
    for name in partials.COUNTERS:
        if table.num_rows and pc.max(table.column(name)).as_py() > _INT64_MAX:
            raise InvalidInputError([InvalidRecordError(
                "partial tallies", name, "a sum of at most 2**63 - 1",
                pc.max(table.column(name)).as_py())])
    return table.select(schema.names).cast(schema) if table.num_rows else schema.empty_table()


def _summed(pa: Any, pc: Any, out: Any, small: Any, *,
            by: Sequence[str | tuple[str, ...]]) -> partials.Partials:
    """The partitions' partial tallies summed, and their warnings in partition order, once
    the attribute names `by` are checked over the jobs of every partition."""
    probes = small.filter(pc.equal(small.column("kind"), _PROBE)).sort_by("part")
    columnar.check_names(by, [job for blob in probes.column("blob").to_pylist()
                              for job in pickle.loads(blob)])
    empty = partials.sum_partials([])
    tallies = _as_int64(pc, _spark_sums(out, _TALLY, partials.KEYS), empty.tallies.schema)
    warnings = small.filter(pc.equal(small.column("kind"), _WARNING)).sort_by(
        [("part", "ascending"), ("seq", "ascending")])
    warnings = pa.table({"account_id": warnings.column("account_id"),
                         "warning": warnings.column("text")}).cast(empty.warnings.schema)
    return partials.sum_partials([partials.Partials(tallies, warnings)])


def _summed_nightly(pa: Any, pc: Any, out: Any, small: Any) -> Any:
    """The partitions' nightly partial tallies summed (a ``history-partials`` table)."""
    schema = history_partials.sum_history_partials([]).schema
    table = _as_int64(pc, _spark_sums(out, _NIGHTLY, history_partials.KEYS), schema)
    return history_partials.sum_history_partials([table])
