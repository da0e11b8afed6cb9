"""The Dask engine: per partition the columnar engine's validation and fold, as partial
tallies (`svcperf.engines.partials`, `svcperf.engines.history_partials`), then a tree
reduction summing them (SPEC §10).

Disputes are small: validated once against every job id, then broadcast to the workers.
Needs ``pip install 'svcperf[dask]'``; dask, distributed and pyarrow are imported inside
the functions.
"""

from __future__ import annotations

import operator
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from functools import partial
from typing import Any

import attrs

from ..errors import InvalidArgumentError, InvalidInputError
from ..evaluation import Evaluation
from ..extras import require
from ..io.interchange import ERROR_CAP
from ..schema import unknown_job_problem
from ..targets import SEED_TARGETS, TargetSet, target_set_in_force
from ..viewer import OWNER, Viewer, as_viewer
from ..views.dashboard import Dashboard
from ..views.history import History, check_nights
from ..window import DEFAULT_DAYS, Window, window_for
from . import columnar, fingerprints, folders, history_partials, lenient, partials

__all__ = ["Loaded", "dashboard", "evaluate", "history", "load"]


@attrs.frozen(eq=False)
class Loaded:
    """Validated jobs (and disputes) kept on a Dask cluster's workers, one `JobTable`
    per partition, for several runs over the same data (`load` makes one).

    `coverage_areas` holds every coverage area of the jobs (sorted), e.g. to name a
    viewer's areas from.
    """

    client: Any
    tables: tuple[Any, ...]
    labels: tuple[str, ...]
    disputes: Any
    coverage_areas: tuple[str, ...]
    #: Read leniently (``load(..., lenient=True)``): what each input rejected.
    rejected: tuple[lenient.InputRejections, ...] = ()


def _paths(source: str | os.PathLike[str] | Sequence[str | os.PathLike[str]]) -> list[str]:
    """The files a path, a glob, a folder or a list of them names, in order (see
    `folders.source_files`)."""
    return [path for path, _ in folders.source_files(source)]


def _load_file(path: str, columns: dict[str, str | None]) -> columnar.JobTable:
    """One file's validated jobs, with its folders' partition columns (run on a worker)."""
    return folders.with_partition_columns(columnar.load_jobs(path), path, columns)


def _fold(data: columnar.JobTable, disputes: columnar.DisputeTable | None, *,
          window: Window, by: Sequence[str | tuple[str, ...]],
          areas: frozenset[str]) -> partials.Partials:
    """One partition's partial tallies (run on a worker)."""
    return partials.to_partials(columnar.fold(data, window, disputes, by, areas), by)


def _check_names(data: Loaded, by: Sequence[str | tuple[str, ...]],
                 areas: frozenset[str]) -> None:
    """The reference's checks of the attribute names `by` over the jobs of every partition
    as one data set (an extra column some partitions lack is an attribute their jobs lack),
    before any partition folds."""
    if by:
        client = data.client
        probes = client.gather([client.submit(columnar.probe_jobs, table, by, areas,
                                              pure=False) for table in data.tables])
        columnar.check_names(by, [job for found in probes for job in found])


def _nightly(data: columnar.JobTable, disputes: columnar.DisputeTable | None, *,
             first_night: date, last_night: date, tz: str, days: int,
             viewer: Viewer) -> Any:
    """One partition's nightly partial tallies (run on a worker)."""
    return history_partials.history_partials(data, first_night, last_night, disputes,
                                             tz=tz, days=days, viewer=viewer)


def _areas(data: columnar.JobTable) -> list[str]:
    return columnar.coverage_areas(data)


def _sum(*parts: partials.Partials) -> partials.Partials:
    return partials.sum_partials(parts)


def _sum_nightly(*tables: Any) -> Any:
    return history_partials.sum_history_partials(tables)


#: Bits of the job ids' fingerprints (fewer only in tests: ids then share fingerprints).
_FINGERPRINT_BITS = 64


def _fingerprint_buckets(data: columnar.JobTable, count: int, bits: int) -> tuple[Any, ...]:
    """One partition's job ids' fingerprints, cut into `count` buckets (run on a worker)."""
    return fingerprints.buckets(fingerprints.of(data.table.column("job_id"), bits), count)


def _seen_twice(*pieces: Any) -> Any:
    """The fingerprints of one bucket that two partitions' `pieces` (or one twice) hold
    (run on a worker): the only candidates for a job id in two partitions."""
    import numpy as np

    every = np.concatenate(pieces) if pieces else np.zeros(0, np.uint64)
    values, counts = np.unique(every, return_counts=True)
    return values[counts > 1]


def _holding(data: columnar.JobTable, part: lenient.Part | str | None, hits: Any,
             bits: int) -> tuple[list[tuple[int, str]], list[int]]:
    """The (row index, job id) of the partition's jobs whose fingerprint is among `hits`,
    in row order, and the line (CSV, JSON Lines) or row number of each, as `part` (the
    partition's `Part`; for a strict read, its file or ``None`` for a frame) names its
    rows (run on a worker, where its file is)."""
    import numpy as np
    import pyarrow as pa

    ids = data.table.column("job_id")
    rows = np.flatnonzero(np.isin(fingerprints.of(ids, bits), hits))
    if not len(rows):
        return [], []
    if not isinstance(part, lenient.Part):
        part = lenient.Part.of(part, 0, data.num_rows, ())
    lines = part.good_lines()
    found = ids.take(pa.array(rows, pa.int64())).cast(pa.string()).to_pylist()
    return ([(int(row), job_id) for row, job_id in zip(rows, found, strict=True)],
            [lines[row] for row in rows])


def _repeated(client: Any, tables: Sequence[Any], parts: Sequence[lenient.Part | str | None]
              ) -> tuple[list[list[tuple[int, str]]], list[list[int]]]:
    """Per partition, the (row index, job id) of its jobs whose id another partition may
    hold too, and their lines (see `_holding`), found on the workers: each partition's
    fingerprints go by bucket to one bucket task each (8 bytes a job, worker to worker),
    which returns only the fingerprints two partitions hold; then only the jobs with
    those fingerprints come to the client, to be compared by their ids."""
    import numpy as np

    bits = _FINGERPRINT_BITS
    workers = sorted(client.scheduler_info()["workers"])
    count = max(1, min(len(tables), 2 * len(workers)))
    buckets = [client.submit(_fingerprint_buckets, table, count, bits, pure=False)
               for table in tables]
    # Each bucket on a worker of its own, where there are workers to name (a cluster whose
    # workers have not joined yet lists none; `allow_other_workers` needs `workers`).
    placed = [{"workers": [workers[index % len(workers)]], "allow_other_workers": True}
              if workers else {} for index in range(count)]
    seen = [client.submit(_seen_twice, *[client.submit(operator.getitem, found, index,
                                                        pure=False) for found in buckets],
                          pure=False, **placed[index])
            for index in range(count)]
    hits = np.concatenate(client.gather(seen)) if seen else np.zeros(0, np.uint64)
    if not len(hits):
        return [[] for _ in tables], [[] for _ in tables]
    shared = client.scatter(hits, broadcast=True)
    found = client.gather([client.submit(_holding, table, part, shared, bits, pure=False)
                           for table, part in zip(tables, parts, strict=True)])
    return [pair[0] for pair in found], [pair[1] for pair in found]


def _first_duplicates(client: Any, tables: Sequence[Any], names: Sequence[str],
                      source: Any) -> None:
    """Raise the reference's problems for job ids found in two partitions: each later
    row, at its line (CSV, JSON Lines) or row, naming the first (of a Dask DataFrame: the
    whole frame's messages, rows numbered in it)."""
    frame = _is_frame(source)
    occurrences, lines = _repeated(client, tables, [None if frame else name for name in names])
    if not any(occurrences):
        return
    places = [lenient.Part.of(None if frame else name, 0, 0, ()) for name in names]
    dropped = lenient.repeats_of(places, occurrences, lines).dropped
    if not dropped:
        return  # fingerprints shared by different ids
    if frame:
        columnar.load_jobs(source.compute())
    problems = [item.error for part in sorted(dropped)
                for _, item in sorted(dropped[part].items())]
    raise InvalidInputError(problems[:ERROR_CAP], total=len(problems))


def _held(data: columnar.JobTable, wanted: Any) -> Any:
    """Which of the job ids `wanted` the partition holds (run on a worker)."""
    import pyarrow.compute as pc

    return wanted.filter(pc.is_in(wanted, value_set=data.table.column("job_id")))


def _known_ids(pa: Any, client: Any, tables: Sequence[Any], disputes: Any) -> Any:
    """The job ids the disputes name that some partition holds: the disputes' few ids
    broadcast to the workers, each partition saying which it holds. What the disputes'
    check against every job id gives, with no job id list on the client."""
    import pyarrow.compute as pc

    scanned = columnar.scan_disputes(disputes)
    wanted = [scanned.table.table.column("job_id")]
    if scanned.rejected:  # the ids of the bad rows too: those a check of no id names
        expected = unknown_job_problem("").expected
        for item in columnar.scan_disputes(disputes, job_ids=()).rejected:
            wanted.append(pa.array([problem.got for problem in item.error.problems
                                    if problem.field == "job_id"
                                    and problem.expected == expected
                                    and isinstance(problem.got, str)], pa.string()))
    distinct = pc.unique(pa.chunked_array([column.cast(pa.string()) for column in wanted],
                                          pa.string()))
    if not len(distinct) or not tables:
        return pa.array([], pa.string())
    shared = client.scatter(distinct.combine_chunks() if hasattr(distinct, "combine_chunks")
                            else distinct, broadcast=True)
    held = client.gather([client.submit(_held, table, shared, pure=False) for table in tables])
    return pc.unique(pa.chunked_array(held, pa.string()))


def load(source: Any, *, disputes: Any = None, client: Any, lenient: bool = False) -> Loaded:
    """Read and validate `source` (a Dask DataFrame, or a path, glob, folder or list of
    CSV / JSON Lines / Parquet files, a partition each; see `folders`) and `disputes`
    (a path or a frame) on the Dask `client`'s workers, where the tables stay.

    Bad input raises the columnar engine's `InvalidInputError`: per file for files (its
    lines or rows); for a Dask DataFrame, rows of the whole frame. With `lenient`, bad
    rows are rejected instead (`Loaded.rejected`; see `lenient`): per partition the
    columnar engine's scan, a job id in two partitions kept in the first (in partition
    order), and disputes checked against the good jobs. A bad header still raises.
    """
    require("dask.dataframe", "svcperf.engines.dask")
    pa = require("pyarrow", "svcperf.engines.dask")
    if lenient:
        return _load_leniently(pa, source, disputes, client)
    try:
        tables, labels = _load(client, source)
        _first_duplicates(client, tables, labels, source)
    except InvalidInputError as error:  # the disputes' problems too, as the readers give
        if disputes is None:
            raise
        problems, total = list(error.problems), error.total
        try:
            columnar.load_disputes(disputes)
        except InvalidInputError as more:
            problems += more.problems
            total += more.total
        raise InvalidInputError(problems, total=total) from None
    dispute_table = None
    if disputes is not None:
        known = _known_ids(pa, client, tables, disputes)
        dispute_table = client.scatter(columnar.load_disputes(disputes, job_ids=known),
                                       broadcast=True)
    areas = client.gather([client.submit(_areas, table, pure=False) for table in tables])
    return Loaded(client, tuple(tables), tuple(labels), dispute_table,
                  tuple(sorted({area for found in areas for area in found})))


def _scan_file(path: str, columns: dict[str, str | None]) -> tuple[Any, lenient.Part]:
    """One file's good jobs (with its folders' partition columns) and what its scan
    read (run on a worker)."""
    scan = columnar.scan_jobs(path)
    part = lenient.Part.of(path, 0, scan.table.num_rows + len(scan.rejected), scan.rejected)
    return folders.with_partition_columns(scan.table, path, columns), part


def _scan_frame(frame: Any, first_row: int) -> tuple[Any, lenient.Part]:
    """One partition's good jobs, its rows numbered from `first_row` + 1 (run on a worker)."""
    scan = columnar.scan_jobs(frame, first_row=first_row)
    return scan.table, lenient.Part.of(None, first_row, scan.table.num_rows
                                       + len(scan.rejected), scan.rejected)


def _without(data: columnar.JobTable, indices: list[int]) -> columnar.JobTable:
    """`data` without the rows at `indices` (run on a worker)."""
    drop = set(indices)
    return data.rows([index for index in range(data.num_rows) if index not in drop])


def _load_leniently(pa: Any, source: Any, disputes: Any, client: Any) -> Loaded:
    """`load` with `lenient`: every partition scanned, then the later of two rows with one
    job id (in two partitions) rejected and dropped from its table."""
    if _is_frame(source):
        frames = client.compute(source.to_delayed())
        sizes = client.gather([client.submit(len, frame, pure=False) for frame in frames])
        starts = [sum(sizes[:index]) for index in range(len(sizes))]
        scans = [client.submit(_scan_frame, frame, start, pure=False)
                 for frame, start in zip(frames, starts, strict=True)]
        labels = [f"partition {index}" for index in range(len(scans))]
    else:
        files = folders.source_files(source)
        scans = [client.submit(_scan_file, path, columns, pure=False)
                 for path, columns in files]
        labels = [path for path, _ in files]
    for scan in scans:  # the first bad header's (or folder's) messages, in order
        exception = scan.exception()
        if exception is not None:
            raise exception
    tables = [client.submit(operator.itemgetter(0), scan, pure=False) for scan in scans]
    parts = client.gather([client.submit(operator.itemgetter(1), scan, pure=False)
                           for scan in scans])
    repeats = lenient.repeats_of(parts, *_repeated(client, tables, parts))
    inputs = []
    for index, part in enumerate(parts):
        dropped = repeats.dropped.get(index, {})
        if dropped:
            tables[index] = client.submit(_without, tables[index], sorted(dropped), pure=False)
        inputs.append(lenient.InputRejections(labels[index], part.rows,
                                              repeats.rejected(index, part)))
    areas = client.gather([client.submit(_areas, table, pure=False) for table in tables])
    dispute_table = None
    if disputes is not None:
        known = _known_ids(pa, client, tables, disputes)
        scanned = columnar.scan_disputes(disputes, job_ids=known)
        dispute_table = client.scatter(scanned.table, broadcast=True)
        inputs.append(lenient.InputRejections(
            lenient.input_name(disputes), scanned.table.table.num_rows + len(scanned.rejected),
            scanned.rejected))
    return Loaded(client, tuple(tables), tuple(labels), dispute_table,
                  tuple(sorted({area for found in areas for area in found})), tuple(inputs))


@contextmanager
def _loaded(source: Any, disputes: Any, client: Any) -> Iterator[Loaded]:
    """`source` loaded on `client` (the current one, or an in-process cluster for the
    run when there is none); a `Loaded` as it is."""
    if isinstance(source, Loaded):
        if disputes is not None or client is not None:
            raise InvalidArgumentError("disputes, client: a Loaded data set carries its "
                                       "disputes and its client; give them to load")
        yield source
        return
    distributed = require("distributed", "svcperf.engines.dask")
    own = None
    if client is None:
        try:
            client = distributed.get_client()
        except ValueError:
            own = client = distributed.Client(processes=False, dashboard_address=":0")
    try:
        yield load(source, disputes=disputes, client=client)
    finally:
        if own is not None:
            own.close()


def _reduce(data: Loaded, task: Callable[..., Any], add: Callable[..., Any]) -> Any:
    """`task` run on every partition (with the disputes), summed by `add` two by two: a
    tree reduction, so only partial tables cross the network."""
    client = data.client
    parts = [client.submit(task, table, data.disputes, pure=False) for table in data.tables]
    while len(parts) > 1:  # pairs, then pairs of pairs
        parts = [client.submit(add, *parts[start:start + 2], pure=False)
                 for start in range(0, len(parts), 2)]
    return parts[0].result() if parts else add()


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
    client: Any = None,
) -> Dashboard:
    """`svcperf.dashboard` over a Dask DataFrame, a path, glob, (hive-partitioned) folder
    or list of CSV / JSON Lines / Parquet files (a partition each), or a `Loaded` data
    set, on the Dask `client` (the current one, or an in-process cluster when there is
    none).

    `disputes` is a path or a frame, read by the columnar engine. Bad input fails the
    run with the columnar engine's messages (see `load`).
    """
    window = window_for(as_of, tz, days)
    areas = frozenset(as_viewer(viewer).areas)
    target_set = target_set_in_force(targets, window.end)
    names = partials.entries(list(by))
    with _loaded(source, disputes, client) as data:
        _check_names(data, names, areas)
        summed = _reduce(data, partial(_fold, window=window, by=names, areas=areas), _sum)
    return partials.dashboard_of(partials.from_partials(summed), window, target_set, names)


def evaluate(
    source: Any,
    as_of: Window | datetime | date,
    *,
    disputes: Any = None,
    tz: str | None = None,
    days: int = DEFAULT_DAYS,
    targets: TargetSet | Iterable[TargetSet] = SEED_TARGETS,
    viewer: Viewer = OWNER,
    client: Any = None,
) -> Evaluation:
    """`svcperf.evaluate` on Dask (the sources and the client as `dashboard` takes them)."""
    return dashboard(source, as_of, (), disputes=disputes, tz=tz, days=days, targets=targets,
                     viewer=viewer, client=client).evaluation


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
    client: Any = None,
) -> History:
    """`svcperf.history` on Dask: per partition the nightly tallies of its jobs, summed
    (the sources and the client as `dashboard` takes them)."""
    zone = check_nights(first_night, last_night, tz, days)
    as_viewer(viewer)
    with _loaded(source, disputes, client) as data:
        summed = _reduce(data, partial(_nightly, first_night=first_night,
                                       last_night=last_night, tz=zone, days=days,
                                       viewer=viewer), _sum_nightly)
    return history_partials.history_from_partials(summed, first_night, last_night, tz=zone,
                                                  days=days, targets=targets)


def _is_frame(source: Any) -> bool:
    return hasattr(source, "to_delayed") and hasattr(source, "npartitions")


def _load(client: Any, source: Any) -> tuple[list[Any], list[str]]:
    """Futures of the validated `JobTable` of each partition, and each one's name."""
    if _is_frame(source):
        frames = client.compute(source.to_delayed())
        tables = [client.submit(columnar.load_jobs, frame, pure=False) for frame in frames]
        try:
            client.gather(tables)
        except InvalidInputError:  # the whole frame's messages, rows numbered in it
            columnar.load_jobs(source.compute())
            raise
        return tables, [f"partition {index}" for index in range(len(tables))]
    files = folders.source_files(source)
    tables = [client.submit(_load_file, path, columns, pure=False) for path, columns in files]
    for table in tables:  # the first bad file's messages, in file order
        exception = table.exception()
        if exception is not None:
            raise exception
    return tables, [path for path, _ in files]
