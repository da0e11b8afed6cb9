"""The records svcperf reads: jobs (orders) and disputes (SPEC §2).

Records are frozen, slotted attrs classes. Construction checks every rule of the record
schema (`svcperf.schema`) and raises `InvalidRecordError` naming the record, the field,
what was expected and what came — every problem of the record, not the first. Every
instant is kept with a fixed UTC offset: the instant and its local wall time are those
given, so comparisons never depend on a zone's DST fold.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from typing import Any

import attrs

from .errors import InvalidRecordError
from .schema import (
    JOB_FIELDS,
    DisputeOutcome,
    IssueType,
    JobStatus,
    dispute_problems,
    job_problems,
    read_dispute_row,
    read_job_row,
    text_problem,
)
from .zones import fixed_offset

__all__ = ["CORE_FIELDS", "Dispute", "DisputeOutcome", "IssueType", "Job", "JobStatus"]

#: The job fields of SPEC §2, in the order of the interchange files.
CORE_FIELDS = JOB_FIELDS
_CORE_NAMES = frozenset(CORE_FIELDS)


@lru_cache(maxsize=256)
def _offset_name(offset: timedelta) -> str:
    """The name of the unnamed fixed-offset zone of `offset` (``UTC+05:30``, ``UTC``)."""
    return fixed_offset(offset).tzname(None)


def _fixed(value: Any) -> Any:
    """Keep the instant and its wall time, with a shared fixed-offset tzinfo.

    Sharing matters for memory and speed: a parsed ISO 8601 datetime carries its own
    `timezone` object, and datetimes with the very same tzinfo compare fastest. A
    named fixed-offset zone is kept as given, name included.
    """
    if not isinstance(value, datetime):
        return value
    current = value.tzinfo
    if current is None:
        return value
    if type(current) is timezone:
        # (The shared zone is `fixed_offset`'s, the one cache every reader takes its
        # zones from, so that records made any way share one object per offset.)
        fixed = current.utcoffset(None)
        shared = fixed_offset(fixed)
        if current is shared or current.tzname(None) != _offset_name(fixed):
            return value
        # Same offset: astimezone keeps the wall time and is cheaper than replace (but
        # overflows within a day of datetime.min/max, e.g. 0001-01-01T00:00:00+23:59).
        if value.fold:
            return value.replace(tzinfo=shared)
        try:
            return value.astimezone(shared)
        except OverflowError:
            return value.replace(tzinfo=shared)
    offset = value.utcoffset()
    if offset is None:
        return value
    return value.replace(tzinfo=fixed_offset(offset), fold=0)


def _raise(problems: list[InvalidRecordError]) -> None:
    if problems:
        raise InvalidRecordError.collect(problems)


@attrs.frozen(kw_only=True)
class Job:
    """One order of a provider account (SPEC §2).

    `extras` holds any further attributes as sorted ``(name, value)`` pairs (``None``
    for no value); they can be used for breakdowns like the core attributes.

    >>> job = Job(job_id="J1", account_id="A", coverage_area="North", profession="Plumbing",
    ...           timezone="America/Chicago", appointment_date=date(2026, 9, 14),
    ...           status=JobStatus.COMPLETED,
    ...           closed_at=datetime(2026, 9, 14, 20, tzinfo=timezone.utc),
    ...           rating=5, rated_at=datetime(2026, 9, 15, tzinfo=timezone.utc))
    >>> job.attribute("profession"), job.attribute("technician_id")
    ('Plumbing', None)
    >>> try:
    ...     Job(job_id="J2", account_id="A", coverage_area="North", profession="Plumbing",
    ...         timezone="UTC", appointment_date=date(2026, 9, 14), status="completed",
    ...         rating=7)
    ... except InvalidRecordError as error:
    ...     for problem in error.problems:
    ...         print(problem.message)
    job 'J2': field 'status': expected a JobStatus (completed, cancelled, open), got str ...
    job 'J2': field 'rating': expected an integer from 1 to 5, got 7
    """

    job_id: str
    account_id: str
    coverage_area: str
    profession: str
    timezone: str
    appointment_date: date
    status: JobStatus
    technician_id: str | None = None
    arrival_window_start: datetime | None = attrs.field(default=None, converter=_fixed)
    arrival_window_end: datetime | None = attrs.field(default=None, converter=_fixed)
    started_at: datetime | None = attrs.field(default=None, converter=_fixed)
    closed_at: datetime | None = attrs.field(default=None, converter=_fixed)
    rating: int | None = None
    rated_at: datetime | None = attrs.field(default=None, converter=_fixed)
    hg_claim_at: datetime | None = attrs.field(default=None, converter=_fixed)
    cancel_attributed: bool | None = None
    reschedule_attributed: bool = False
    extras: tuple[tuple[str, str | None], ...] = ()

    def __attrs_post_init__(self) -> None:
        _raise(job_problems(self))

    @property
    def name(self) -> str:
        """How messages name this job: ``job 'J1'``."""
        return f"job {self.job_id!r}"

    def attribute(self, name: str) -> str | None:
        """Return the value of a core or extra attribute by name (``None`` for no value).

        Raises ``KeyError`` for a name the job does not carry.
        """
        if name in _CORE_NAMES:
            value = getattr(self, name)
            return None if value is None else str(value)
        for key, value in self.extras:
            if key == name:
                return value
        raise KeyError(name)

    @classmethod
    def from_row(cls, row: Mapping[str, object]) -> Job:
        """Build a job from one row of text (a CSV or JSON Lines record), strictly.

        Every core field must be present (empty text or ``None`` means no value);
        columns beyond the core fields become `extras`. Raises `InvalidRecordError`
        naming the job and every bad field.

        >>> row = dict.fromkeys(CORE_FIELDS, "") | {"job_id": "J1", "account_id": "A",
        ...     "coverage_area": "North", "profession": "Plumbing", "timezone": "UTC",
        ...     "appointment_date": "2026-09-14", "status": "open",
        ...     "reschedule_attributed": "false", "crew": "blue"}
        >>> Job.from_row(row).extras
        (('crew', 'blue'),)
        >>> try:
        ...     Job.from_row(row | {"rating": "4.5", "timezone": "Mars/Base"})
        ... except InvalidRecordError as error:
        ...     for problem in error.problems:
        ...         print(problem.message)
        job 'J1': field 'timezone': expected an IANA time zone name, got 'Mars/Base'
        job 'J1': field 'rating': expected an integer from 1 to 5, got '4.5'
        """
        return cls(**read_job_row(row))


#: Each field of `Job` and its slot's own setter (past the frozen class's `__setattr__`),
#: for the readers that build a job from values already checked.
JOB_SETTERS = tuple((field.name, Job.__dict__[field.name].__set__)
                    for field in attrs.fields(Job))


def with_job_id(job: Job, job_id: str) -> Job:
    """``attrs.evolve(job, job_id=job_id)``, checking only the new id: the rest of `job`
    was checked when it was made (for many jobs that differ only in their ids, such as
    the outlook's assumed jobs).

    >>> from datetime import timezone
    >>> job = Job(job_id="J1", account_id="A", coverage_area="North", profession="Plumbing",
    ...           timezone="UTC", appointment_date=date(2026, 9, 14), status=JobStatus.OPEN)
    >>> with_job_id(job, "J2") == attrs.evolve(job, job_id="J2")
    True
    """
    if type(job_id) is not str or not job_id or text_problem(job_id) is not None:
        return attrs.evolve(job, job_id=job_id)  # (raises the id's problem)
    made: Job = object.__new__(Job)
    for name, setter in JOB_SETTERS:
        setter(made, job_id if name == "job_id" else getattr(job, name))
    return made


@attrs.frozen(kw_only=True)
class Dispute:
    """A dispute of one issue on one job. A `granted` one decided before `as_of` removes it.

    >>> dispute = Dispute(job_id="J1", issue_type=IssueType.HG_CLAIM,
    ...                   outcome=DisputeOutcome.GRANTED,
    ...                   decided_at=datetime(2026, 9, 20, tzinfo=timezone.utc))
    >>> Dispute(job_id="J1", issue_type=IssueType.HG_CLAIM, outcome=DisputeOutcome.GRANTED)
    Traceback (most recent call last):
    svcperf.errors.InvalidRecordError: dispute on job 'J1': field 'decided_at': expected a value ...
    """

    job_id: str
    issue_type: IssueType
    outcome: DisputeOutcome
    decided_at: datetime | None = attrs.field(default=None, converter=_fixed)

    def __attrs_post_init__(self) -> None:
        _raise(dispute_problems(self))

    @classmethod
    def from_row(cls, row: Mapping[str, object]) -> Dispute:
        """Build a dispute from one row of text, strictly (see `Job.from_row`)."""
        return cls(**read_dispute_row(row))
