"""A validated data set: jobs and the disputes on them, checked once (SPEC §2, §6).

Every record is valid by construction (`svcperf.schema`); a data set adds the rules
across records, each checked once with one message: job ids are unique, and every
dispute names a job of the data. `evaluate` and every view accept a `Dataset` (and then
check nothing again) or plain iterables of records (which they turn into one), so a
service that loads once and evaluates many nights validates once.

>>> from datetime import date, datetime, timezone
>>> job = Job(job_id="J1", account_id="A", coverage_area="North", profession="Plumbing",
...           timezone="UTC", appointment_date=date(2026, 9, 14), status=JobStatus.OPEN)
>>> data = Dataset([job])
>>> data.account_ids, len(data.restrict(Viewer({"South"})).jobs)
(('A',), 0)
>>> Dataset([job, job])
Traceback (most recent call last):
svcperf.errors.InvalidInputError: job 'J1': field 'job_id': expected a job id no other job has ...
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable
from operator import attrgetter

from .engine_choice import Engine, FilePath, Frame, choose, input_kind
from .errors import InvalidArgumentError, InvalidInputError, InvalidRecordError
from .facts import DisputeIndex
from .records import Dispute, Job, JobStatus
from .schema import duplicate_job_problem, unknown_job_problem
from .viewer import OWNER, Viewer, as_viewer

__all__ = ["Dataset", "as_dataset"]


class Dataset:
    """Jobs (of one or several accounts) and disputes, with the references checked.

    Args:
        jobs: the jobs, open ones included.
        disputes: disputes of issues on these jobs.

    Raises:
        InvalidArgumentError: when an item is not a `Job` (or a `Dispute`).
        InvalidInputError: listing every job id used twice and every dispute that names
            no job of the data.
    """

    __slots__ = ("_columns", "_index", "account_ids", "disputes", "jobs")

    def __init__(self, jobs: Iterable[Job] = (), disputes: Iterable[Dispute] = ()) -> None:
        _check_not_a_source("jobs", jobs)
        _check_not_a_source("disputes", disputes)
        job_tuple, dispute_tuple = tuple(jobs), tuple(disputes)
        _check_items("jobs", job_tuple, Job)
        _check_items("disputes", dispute_tuple, Dispute)
        _check_references(job_tuple, dispute_tuple)
        self._set(job_tuple, dispute_tuple, None)

    def _set(self, jobs: tuple[Job, ...], disputes: tuple[Dispute, ...],
             columns: frozenset[str] | None) -> None:
        self.jobs = jobs
        self.disputes = disputes
        #: Every account with a job in the data (open ones included), sorted.
        self.account_ids: tuple[str, ...] = tuple(sorted(set(map(attrgetter("account_id"),
                                                                   jobs))))
        self._columns = columns
        self._index: DisputeIndex | None = None

    @classmethod
    def _checked(cls, jobs: tuple[Job, ...], disputes: tuple[Dispute, ...],
                 columns: frozenset[str] | None = None) -> Dataset:
        """A data set of records already checked together (a part of a data set, or what
        the strict readers checked line by line)."""
        made = cls.__new__(cls)
        made._set(jobs, disputes, columns)
        return made

    @classmethod
    def read(cls, jobs: str | os.PathLike[str], disputes: str | os.PathLike[str] | None = None,
             *, format: str | None = None, engine: Engine = "auto") -> Dataset:
        """Read a jobs file and, optionally, a disputes file strictly (see `read_jobs`).

        The problems of both files are reported together. `engine` picks the reader
        (`svcperf.engine_choice`): ``"auto"`` reads a CSV or Parquet file column-wise when
        pyarrow is installed; a Parquet file is always read that way (``svcperf[columnar]``).
        Either reader accepts the same files and reports the same problems.
        """
        if (choose(engine, jobs, format) == "columnar"
                or input_kind(jobs, format) == "parquet"
                or (disputes is not None and input_kind(disputes, format) == "parquet")):
            from .inputs import read_columns

            return read_columns(jobs, disputes, format=format).dataset()
        from .io.interchange import read_disputes, read_jobs

        problems: list[InvalidRecordError] = []
        total = 0
        job_list: list[Job] = []
        try:
            job_list = read_jobs(jobs, format=format)
            ids: set[str] | None = {job.job_id for job in job_list}
        except InvalidInputError as error:
            problems += error.problems
            total += error.total
            ids = None
        dispute_list: list[Dispute] = []
        if disputes is not None:
            try:
                dispute_list = read_disputes(disputes, format=format, job_ids=ids)
            except InvalidInputError as error:
                problems += error.problems
                total += error.total
        if problems:
            raise InvalidInputError(problems, total=total)
        return cls._checked(tuple(job_list), tuple(dispute_list))

    @classmethod
    def from_frame(cls, jobs: FilePath | Frame,
                   disputes: FilePath | Frame | None = None) -> Dataset:
        """A data set from data frames (pandas, polars or pyarrow) with the interchange
        columns (docs/files.md), or Parquet file paths: the same rules and the same
        messages as the files, each problem placed at its row (``row 3: job 'J3': ...``).

        Needs the columnar engine: ``pip install 'svcperf[columnar]'`` (and the frame's
        own library).
        """
        from .inputs import read_columns

        return read_columns(jobs, disputes).dataset()

    @property
    def columns(self) -> frozenset[str]:
        """The names of the extra attributes the data carries (kept by `restrict` and
        `account`, so that a breakdown by a column of the file works in any scope)."""
        if self._columns is None:
            self._columns = frozenset(name for job in self.jobs for name, _ in job.extras)
        return self._columns

    @property
    def dispute_index(self) -> DisputeIndex:
        """The granted disputes by job (made once)."""
        if self._index is None:
            self._index = DisputeIndex(self.disputes)
        return self._index

    def restrict(self, viewer: Viewer) -> Dataset:
        """The jobs `viewer` sees (SPEC §6: those of its coverage areas) and the disputes
        on them; the whole data set for a viewer assigned to no area."""
        checked = as_viewer(viewer)
        if not checked.areas:
            return self
        jobs, disputes = checked.restrict(self.jobs, self.disputes)
        return Dataset._checked(tuple(jobs), tuple(disputes), self.columns)

    def account(self, account_id: str) -> Dataset:
        """The jobs of one account and the disputes on them.

        Raises `InvalidArgumentError` for an account with no job in the data.
        """
        if account_id not in self.account_ids:
            shown = ", ".join(self.account_ids) or "none"
            raise InvalidArgumentError(f"account: expected an account of the data ({shown}), "
                                       f"got {account_id!r}")
        jobs = tuple(job for job in self.jobs if job.account_id == account_id)
        ids = {job.job_id for job in jobs}
        return Dataset._checked(jobs, tuple(d for d in self.disputes if d.job_id in ids),
                                self.columns)

    def __len__(self) -> int:
        return len(self.jobs)

    def __repr__(self) -> str:
        closed = sum(job.status is not JobStatus.OPEN for job in self.jobs)
        return (f"<Dataset: {len(self.jobs)} jobs ({closed} closed) of "
                f"{len(self.account_ids)} accounts, {len(self.disputes)} disputes>")


def _check_not_a_source(name: str, given: object) -> None:
    """Raise `InvalidArgumentError` for a path or a frame given where records belong
    (iterated, it would name its first character or column as a record that is not one)."""
    if isinstance(given, str | bytes | os.PathLike):
        shown, how = f"the path {os.fspath(given)!r}", "Dataset.read"
    elif input_kind(given) == "frame":  # (a path is never looked at: no I/O here)
        shown, how = f"a {type(given).__module__.partition('.')[0]} frame", "Dataset.from_frame"
    else:
        return
    raise InvalidArgumentError(f"{name}: expected records, got {shown}; read it with "
                               f"svcperf.{how}")


def _check_items(name: str, items: tuple[object, ...], kind: type) -> None:
    """Raise `InvalidArgumentError` naming the first item that is not a `kind`."""
    if set(map(type, items)) <= {kind}:  # (one pass in C for the usual case)
        return
    for position, item in enumerate(items):
        if not isinstance(item, kind):
            raise InvalidArgumentError(f"{name}[{position}]: expected a {kind.__name__}, got "
                                       f"{type(item).__name__} {item!r}")


def _check_references(jobs: tuple[Job, ...], disputes: tuple[Dispute, ...]) -> None:
    """Reject duplicate job ids and disputes that name no job, listing every problem."""
    problems = []
    ids = set(map(attrgetter("job_id"), jobs))
    if len(ids) < len(jobs):
        for job_id, count in Counter(map(attrgetter("job_id"), jobs)).items():
            if count > 1:
                problems.append(duplicate_job_problem(job_id, f"{count - 1} other job"
                                                      f"{'s' if count > 2 else ''}"))
    for number, dispute in enumerate(disputes, start=1):
        if dispute.job_id not in ids:
            problems.append(unknown_job_problem(dispute.job_id, f"dispute #{number} on job"))
    if problems:
        raise InvalidInputError(problems)


def as_dataset(jobs: Dataset | Iterable[Job], disputes: Iterable[Dispute] = (),
               viewer: Viewer = OWNER) -> Dataset:
    """`jobs` as a data set (checked once), restricted to what `viewer` sees.

    A `Dataset` carries its disputes: passing `disputes` beside one is an error.
    """
    if isinstance(jobs, Dataset):
        if not isinstance(disputes, tuple | list) or disputes:
            raise InvalidArgumentError("disputes: a Dataset carries its disputes; build the "
                                       "Dataset with them instead of passing them here")
        return jobs.restrict(viewer)
    return Dataset(jobs, disputes).restrict(viewer)
