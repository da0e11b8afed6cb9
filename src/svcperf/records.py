"""The records svcperf reads: jobs (orders) and disputes (SPEC §2).

Records are frozen, slotted attrs classes. Construction checks the true invariants
and raises `InvalidRecordError` naming the record and the field. Every instant is
kept with a fixed UTC offset: the instant and its local wall time are those given,
so comparisons never depend on a zone's DST fold.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from datetime import date, datetime, timezone
from enum import StrEnum
from typing import Any

import attrs

from . import parsing
from .errors import InvalidRecordError
from .zones import fixed_offset, zone

__all__ = ["CORE_FIELDS", "Dispute", "DisputeOutcome", "IssueType", "Job", "JobStatus"]


class JobStatus(StrEnum):
    """Where a job stands. `open` jobs never count anywhere."""

    COMPLETED = "completed"
    CANCELLED = "cancelled"
    OPEN = "open"


class IssueType(StrEnum):
    """The six issue types a job can be flagged with (SPEC §4)."""

    NEGATIVE_FEEDBACK = "negative_feedback"
    HG_CLAIM = "hg_claim"
    CANCELLATION = "cancellation"
    RESCHEDULE = "reschedule"
    OUTSIDE_ARRIVAL_WINDOW = "outside_arrival_window"
    LATE_COMPLETION = "late_completion"


class DisputeOutcome(StrEnum):
    """The state of a dispute. Only `granted` removes an issue."""

    GRANTED = "granted"
    DENIED = "denied"
    PENDING = "pending"


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
        found = _SHARED.get(current)
        if found is None:
            shared = fixed_offset(current.utcoffset(None))
            found = _SHARED.setdefault(current, (shared, shared.tzname(None)))
        shared, name = found
        if current is shared or current.tzname(None) != name:
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


# The shared unnamed fixed-offset zone of each offset (keys compare by offset), and its
# name: a zone named otherwise is kept.
_SHARED: dict[timezone, tuple[timezone, str]] = {}


#: The job fields of SPEC §2, in the order of the interchange files.
CORE_FIELDS = (
    "job_id",
    "account_id",
    "coverage_area",
    "profession",
    "technician_id",
    "timezone",
    "appointment_date",
    "arrival_window_start",
    "arrival_window_end",
    "started_at",
    "status",
    "closed_at",
    "rating",
    "rated_at",
    "hg_claim_at",
    "cancel_attributed",
    "reschedule_attributed",
)
_CORE_NAMES = frozenset(CORE_FIELDS)


@attrs.frozen(kw_only=True)
class Job:
    """One order of a provider account (SPEC §2).

    `extras` holds any further attributes as sorted ``(name, value)`` pairs (``None``
    for no value); they can be used for breakdowns like the core attributes.

    >>> from datetime import timezone
    >>> job = Job(job_id="J1", account_id="A", coverage_area="North", profession="Plumbing",
    ...           timezone="America/Chicago", appointment_date=date(2026, 9, 14),
    ...           status=JobStatus.COMPLETED,
    ...           closed_at=datetime(2026, 9, 14, 20, tzinfo=timezone.utc),
    ...           rating=5, rated_at=datetime(2026, 9, 15, tzinfo=timezone.utc))
    >>> job.attribute("profession"), job.attribute("technician_id")
    ('Plumbing', None)
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
        _check_job(self)

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
        columns beyond the core fields become `extras`.
        Raises `InvalidRecordError` naming the job and the field.

        >>> row = dict.fromkeys(CORE_FIELDS, "") | {"job_id": "J1", "account_id": "A",
        ...     "coverage_area": "North", "profession": "Plumbing", "timezone": "UTC",
        ...     "appointment_date": "2026-09-14", "status": "open",
        ...     "reschedule_attributed": "false", "crew": "blue"}
        >>> Job.from_row(row).extras
        (('crew', 'blue'),)
        >>> Job.from_row(row | {"rating": "4.5"})
        Traceback (most recent call last):
        svcperf.errors.InvalidRecordError: job 'J1': field 'rating': expected a whole number, ...
        """
        if type(row) is dict:
            reader = _job_reader(tuple(row))
            if reader is not None:
                job = reader.read(row, _Shared())
                if job is not None:
                    return job
        return _job_from_row(row)


def _record_error(job: Job, field: str, expected: str, got: object) -> InvalidRecordError:
    return InvalidRecordError(job.name if job.job_id else "job", field, expected, got)


def _check_text(job: Job, field: str, value: object, *, optional: bool = False) -> None:
    if value is None and optional:
        return
    if not isinstance(value, str) or not value:
        raise _record_error(job, field, "non-empty text", value)


def _check_instant(job: Job, field: str, value: object) -> None:
    if value is None:
        return
    if not isinstance(value, datetime):
        raise _record_error(job, field, "a timezone-aware datetime", value)
    if value.tzinfo is None or value.utcoffset() is None:
        raise _record_error(job, field, "a timezone-aware datetime (with an offset)", value)


def _check_job(job: Job) -> None:
    for field in ("job_id", "account_id", "coverage_area", "profession"):
        _check_text(job, field, getattr(job, field))
    _check_text(job, "technician_id", job.technician_id, optional=True)
    try:
        zone(job.timezone)
    except ValueError:
        raise _record_error(job, "timezone", "an IANA time zone name", job.timezone) from None
    if not isinstance(job.appointment_date, date) or isinstance(job.appointment_date, datetime):
        raise _record_error(job, "appointment_date", "a date", job.appointment_date)
    if not isinstance(job.status, JobStatus):
        raise _record_error(job, "status", "completed, cancelled or open", job.status)
    for field in ("arrival_window_start", "arrival_window_end", "started_at", "closed_at",
                  "rated_at", "hg_claim_at"):
        _check_instant(job, field, getattr(job, field))
    start, end = job.arrival_window_start, job.arrival_window_end
    if (start is None) != (end is None):
        missing = "arrival_window_end" if end is None else "arrival_window_start"
        raise _record_error(job, missing, "a value, since the other end of the window is given",
                            None)
    if start is not None and end is not None and end < start:
        raise _record_error(job, "arrival_window_end",
                            f"an instant at or after arrival_window_start ({start.isoformat()})",
                            end.isoformat())
    if job.status is not JobStatus.OPEN and job.closed_at is None:
        raise _record_error(job, "closed_at", f"a value for a {job.status} job", None)
    rating: Any = job.rating
    if rating is not None and (type(rating) is not int or not 1 <= rating <= 5):
        raise _record_error(job, "rating", "an integer from 1 to 5", rating)
    if rating is not None and job.rated_at is None:
        raise _record_error(job, "rated_at", "a value, since the job has a rating", None)
    if rating is None and job.rated_at is not None:
        raise _record_error(job, "rating", "a value, since the job has rated_at",
                            None)
    if job.status is JobStatus.CANCELLED and not isinstance(job.cancel_attributed, bool):
        raise _record_error(job, "cancel_attributed", "true or false for a cancelled job",
                            job.cancel_attributed)
    if job.cancel_attributed is not None and not isinstance(job.cancel_attributed, bool):
        raise _record_error(job, "cancel_attributed", "true, false or none",
                            job.cancel_attributed)
    if not isinstance(job.reschedule_attributed, bool):
        raise _record_error(job, "reschedule_attributed", "true or false",
                            job.reschedule_attributed)
    _check_extras(job)


def _check_extras(job: Job) -> None:
    names = [name for name, _ in job.extras]
    if names != sorted(set(names)):
        raise _record_error(job, "extras", "pairs sorted by unique name", job.extras)
    for name, value in job.extras:
        if not isinstance(name, str) or not name or name in CORE_FIELDS:
            raise _record_error(job, "extras", "names that are not core fields", name)
        if value is not None and (not isinstance(value, str) or not value):
            raise _record_error(job, name, "non-empty text or none", value)


@attrs.frozen(kw_only=True)
class Dispute:
    """A dispute of one issue on one job. A `granted` one decided before `as_of` removes it.

    >>> from datetime import timezone
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
        name = f"dispute on job {self.job_id!r}" if isinstance(self.job_id, str) else "dispute"
        if not isinstance(self.job_id, str) or not self.job_id:
            raise InvalidRecordError(name, "job_id", "non-empty text", self.job_id)
        if not isinstance(self.issue_type, IssueType):
            raise InvalidRecordError(name, "issue_type", "one of the six issue types",
                                     self.issue_type)
        if not isinstance(self.outcome, DisputeOutcome):
            raise InvalidRecordError(name, "outcome", "granted, denied or pending", self.outcome)
        decided = self.decided_at
        if decided is not None and (not isinstance(decided, datetime) or decided.tzinfo is None):
            raise InvalidRecordError(name, "decided_at", "a timezone-aware datetime", decided)
        if decided is None and self.outcome is not DisputeOutcome.PENDING:
            raise InvalidRecordError(name, "decided_at", f"a value for a {self.outcome} dispute",
                                     None)

    @classmethod
    def from_row(cls, row: Mapping[str, object]) -> Dispute:
        """Build a dispute from one row of text, strictly (see `Job.from_row`)."""
        if type(row) is dict:
            try:
                dispute = _read_dispute(_DISPUTE_VALUES(row))
            except KeyError:
                dispute = None
            if dispute is not None:
                return dispute
        return _dispute_from_row(row)


# Equal extras of many jobs (a "channel" column, say) share one tuple; a column with
# many distinct values stops the sharing once this many are held.
_EXTRAS: dict[tuple[tuple[str, str | None], ...], tuple[tuple[str, str | None], ...]] = {}
_EXTRAS_HELD = 4096


def _shared_extras(
        extras: tuple[tuple[str, str | None], ...]) -> tuple[tuple[str, str | None], ...]:
    shared = _EXTRAS.get(extras)
    if shared is not None:
        return shared
    if len(_EXTRAS) < _EXTRAS_HELD:
        _EXTRAS[extras] = extras
    return extras


def _job_from_row(row: Mapping[str, object]) -> Job:
    job_id = row.get("job_id") or ""
    name = f"job {job_id!r}" if job_id else "job"
    fields = parsing.FieldReader(row, name)
    extras = tuple(sorted((key, fields.optional_text(key)) for key in row
                          if key not in _CORE_NAMES))
    if extras:
        extras = _shared_extras(extras)
    return Job(
        job_id=fields.text("job_id"),
        account_id=fields.text("account_id"),
        coverage_area=fields.text("coverage_area"),
        profession=fields.text("profession"),
        technician_id=fields.optional_text("technician_id"),
        timezone=fields.text("timezone"),
        appointment_date=fields.date("appointment_date"),
        arrival_window_start=fields.instant("arrival_window_start"),
        arrival_window_end=fields.instant("arrival_window_end"),
        started_at=fields.instant("started_at"),
        status=fields.choice("status", JobStatus),
        closed_at=fields.instant("closed_at"),
        rating=fields.integer("rating"),
        rated_at=fields.instant("rated_at"),
        hg_claim_at=fields.instant("hg_claim_at"),
        cancel_attributed=fields.boolean("cancel_attributed"),
        reschedule_attributed=fields.required_boolean("reschedule_attributed"),
        extras=extras,
    )


def _dispute_from_row(row: Mapping[str, object]) -> Dispute:
    job_id = row.get("job_id") or ""
    fields = parsing.FieldReader(row, f"dispute on job {job_id!r}" if job_id else "dispute")
    return Dispute(
        job_id=fields.text("job_id"),
        issue_type=fields.choice("issue_type", IssueType),
        outcome=fields.choice("outcome", DisputeOutcome),
        decided_at=fields.instant("decided_at"),
    )


# --- the fast path for rows read from files ----------------------------------------------
#
# `Job.from_row` / `Dispute.from_row` above (`_job_from_row`, `_dispute_from_row`) are the
# reference: they read each field with `parsing.FieldReader`, then construction checks
# every invariant and reports the first problem. Reading a file does the same work for
# each of millions of rows, so rows are first tried on a fast path that accepts only
# rows the reference path accepts, builds the very same record, and returns ``None`` for
# anything else (a bad value, an unusual type, an edge case it does not handle): the
# caller then runs the reference path, which builds the record or raises its error.
# `tests/test_fast_rows.py` checks that the two paths agree.

_STATUSES: dict[str, JobStatus] = {member.value: member for member in JobStatus}
_ISSUE_TYPES: dict[str, IssueType] = {member.value: member for member in IssueType}
_OUTCOMES: dict[str, DisputeOutcome] = {member.value: member for member in DisputeOutcome}
_BOOLEANS: dict[str, bool | None] = {"": None, "true": True, "false": False}
_RATINGS: dict[str, int] = {str(stars): stars for stars in range(1, 6)}
_BAD: Any = object()  # a value the fast path leaves to the reference path
_UTC = timezone.utc
_new = object.__new__

_ZONE_NAMES: set[str] = set()  # the names `zone` accepted
# The shared fixed-offset zone of each unnamed offset `datetime.fromisoformat` gives
# (keys compare by offset: only ever look up unnamed `timezone` objects).
_UNNAMED: dict[Any, timezone] = {}

(_set_job_id, _set_account_id, _set_coverage_area, _set_profession, _set_timezone,
 _set_appointment_date, _set_status, _set_technician_id, _set_arrival_window_start,
 _set_arrival_window_end, _set_started_at, _set_closed_at, _set_rating, _set_rated_at,
 _set_hg_claim_at, _set_cancel_attributed, _set_reschedule_attributed, _set_extras) = (
    Job.__dict__[field.name].__set__ for field in attrs.fields(Job))
(_set_dispute_job_id, _set_issue_type, _set_outcome, _set_decided_at) = (
    Dispute.__dict__[field.name].__set__ for field in attrs.fields(Dispute))


def _instant(value: object) -> Any:
    """The instant `FieldReader.instant` and the `_fixed` converter make of `value`
    (``None`` for no value), or `_BAD`."""
    if type(value) is not str:
        return None if value is None else _BAD
    if not value:
        return None
    try:
        instant = datetime.fromisoformat(value)
    except ValueError:
        return _BAD
    offset = instant.tzinfo
    if offset is _UTC:
        return instant
    shared = _UNNAMED.get(offset)
    if shared is None:
        if offset is None:  # naive
            return _BAD
        # `fromisoformat` gives an unnamed `timezone`: `_fixed` replaces it.
        shared = _UNNAMED.setdefault(offset, fixed_offset(offset.utcoffset(None)))
    try:
        # The same wall time, as in `_fixed` (`fromisoformat` never sets `fold`).
        return instant.astimezone(shared)
    except OverflowError:
        return _BAD


class _Shared:
    """What the records read from one file share: one object for equal texts (of the
    low-variety fields), for equal dates and for equal arrival window instants (each
    window starts and ends on a slot boundary)."""

    __slots__ = ("dates", "texts", "windows")

    #: At most this many dates and window instants are held.
    HELD = 65536

    def __init__(self) -> None:
        self.texts: dict[str, str] = {}
        self.dates: dict[str, date] = {}
        self.windows: dict[str, datetime] = {}

    def date(self, value: object) -> Any:
        """The date `FieldReader.date` makes of `value`, or `_BAD`."""
        if type(value) is not str:
            return _BAD
        found = self.dates.get(value)
        if found is None:
            try:
                found = parsing.parse_date(value)
            except ValueError:
                return _BAD
            if len(self.dates) < self.HELD:
                self.dates[value] = found
        return found

    def window(self, value: object) -> Any:
        """`_instant(value)`, shared."""
        if type(value) is str:
            found = self.windows.get(value)
            if found is not None:
                return found
        found = _instant(value)
        if found is not None and found is not _BAD and len(self.windows) < self.HELD:
            self.windows[value] = found  # type: ignore[index]  # a text, as it is an instant
        return found


class _JobReader:
    """Reads jobs fast from rows with one layout: dicts with the keys `keys`, or lists of
    CSV cells under the header `keys`. See `_job_reader`."""

    __slots__ = ("core", "extra_names", "extra_values")

    def __init__(self, keys: tuple[Any, ...], positions: bool) -> None:
        extra_names = sorted(key for key in keys if key not in _CORE_NAMES)
        core_keys: list[Any] = list(CORE_FIELDS)
        extra_keys: list[Any] = extra_names
        if positions:
            core_keys = [keys.index(field) for field in CORE_FIELDS]
            extra_keys = [keys.index(name) for name in extra_names]
        self.core: Callable[[Any], Any] = operator.itemgetter(*core_keys)
        self.extra_names = tuple(extra_names)
        self.extra_values: Callable[[Any], Any] | None = (
            operator.itemgetter(*extra_keys) if extra_keys else None)

    def read(self, row: Any, shared: _Shared) -> Job | None:
        """The job `Job.from_row` builds from `row`, with repeated values `shared`; or
        ``None`` when it is left to `Job.from_row`."""
        strings = shared.texts
        (job_id, account_id, coverage_area, profession, technician_id, timezone_name,
         appointment_date, window_start, window_end, started_at, status, closed_at,
         rating, rated_at, hg_claim_at, cancel_attributed,
         reschedule_attributed) = self.core(row)
        # Text: required, or (technician_id) empty for none.
        if (type(job_id) is not str or not job_id
                or type(account_id) is not str or not account_id
                or type(coverage_area) is not str or not coverage_area
                or type(profession) is not str or not profession
                or type(timezone_name) is not str or not timezone_name):
            return None
        if type(technician_id) is str:
            technician_id = strings.setdefault(technician_id, technician_id) or None
        elif technician_id is not None:
            return None
        appointment_date = shared.date(appointment_date)
        window_start = shared.window(window_start)
        window_end = shared.window(window_end)
        started_at = _instant(started_at)
        closed_at = _instant(closed_at)
        rated_at = _instant(rated_at)
        hg_claim_at = _instant(hg_claim_at)
        if (appointment_date is _BAD or window_start is _BAD or window_end is _BAD
                or started_at is _BAD or closed_at is _BAD or rated_at is _BAD
                or hg_claim_at is _BAD):
            return None
        status = _STATUSES.get(status) if type(status) is str else None
        if status is None:
            return None
        if type(rating) is str:
            rating = _RATINGS.get(rating, _BAD) if rating else None
        elif rating is not None and not (type(rating) is int and 1 <= rating <= 5):
            return None
        if type(cancel_attributed) is str:
            cancel_attributed = _BOOLEANS.get(cancel_attributed, _BAD)
        elif not (cancel_attributed is None or type(cancel_attributed) is bool):
            return None
        if type(reschedule_attributed) is str:
            reschedule_attributed = _BOOLEANS.get(reschedule_attributed)
        if type(reschedule_attributed) is not bool:
            return None
        # The invariants `_check_job` checks beyond each field's own form.
        if (rating is _BAD or cancel_attributed is _BAD
                or (window_start is None) != (window_end is None)
                or (window_start is not None and window_end < window_start)
                or (closed_at is None and status is not JobStatus.OPEN)
                or (rating is None) != (rated_at is None)
                or (cancel_attributed is None and status is JobStatus.CANCELLED)):
            return None
        if timezone_name not in _ZONE_NAMES:
            try:
                zone(timezone_name)
            except ValueError:
                return None
            _ZONE_NAMES.add(timezone_name)
        extras: tuple[tuple[str, str | None], ...] = ()
        if self.extra_values is not None:
            values = self.extra_values(row)
            if len(self.extra_names) == 1:  # one extra column, the common case
                if type(values) is str:
                    values = strings.setdefault(values, values) or None
                elif values is not None:
                    return None
                extras = _shared_extras(((self.extra_names[0], values),))
            else:
                if not all(value is None or type(value) is str for value in values):
                    return None
                extras = _shared_extras(tuple(zip(
                    self.extra_names,
                    [strings.setdefault(value, value) or None if value else None
                     for value in values], strict=True)))
        job: Job = _new(Job)
        _set_job_id(job, job_id)
        _set_account_id(job, strings.setdefault(account_id, account_id))
        _set_coverage_area(job, strings.setdefault(coverage_area, coverage_area))
        _set_profession(job, strings.setdefault(profession, profession))
        _set_timezone(job, strings.setdefault(timezone_name, timezone_name))
        _set_appointment_date(job, appointment_date)
        _set_status(job, status)
        _set_technician_id(job, technician_id)
        _set_arrival_window_start(job, window_start)
        _set_arrival_window_end(job, window_end)
        _set_started_at(job, started_at)
        _set_closed_at(job, closed_at)
        _set_rating(job, rating)
        _set_rated_at(job, rated_at)
        _set_hg_claim_at(job, hg_claim_at)
        _set_cancel_attributed(job, cancel_attributed)
        _set_reschedule_attributed(job, reschedule_attributed)
        _set_extras(job, extras)
        return job


_JOB_READERS: dict[tuple[Any, ...], _JobReader | None] = {}
_JOB_READERS_HELD = 256


def _job_reader(keys: tuple[Any, ...], *, positions: bool = False) -> _JobReader | None:
    """A fast reader of rows keyed by `keys` (with `positions`: CSV cells under the header
    `keys`, whose names the caller checked to be unique), or ``None`` when every such row
    is left to `Job.from_row`: a core field missing, an extra column name that is not
    non-empty text."""
    if not positions and keys in _JOB_READERS:
        return _JOB_READERS[keys]
    found: _JobReader | None
    if (not _CORE_NAMES.issubset(keys) or len(set(keys)) != len(keys)
            or any(type(key) is not str or not key for key in keys)):
        found = None
    else:
        found = _JobReader(keys, positions)
    if not positions and len(_JOB_READERS) < _JOB_READERS_HELD:
        _JOB_READERS[keys] = found
    return found


_DISPUTE_VALUES = operator.itemgetter("job_id", "issue_type", "outcome", "decided_at")


def _read_dispute(values: tuple[Any, ...]) -> Dispute | None:
    """The dispute `Dispute.from_row` builds from the values of its four fields, or
    ``None`` when it is left to `Dispute.from_row`."""
    job_id, issue_type, outcome, decided_at = values
    if type(job_id) is not str or not job_id:
        return None
    issue_type = _ISSUE_TYPES.get(issue_type) if type(issue_type) is str else None
    outcome = _OUTCOMES.get(outcome) if type(outcome) is str else None
    decided_at = _instant(decided_at)
    if (issue_type is None or outcome is None or decided_at is _BAD
            or (decided_at is None and outcome is not DisputeOutcome.PENDING)):
        return None
    dispute: Dispute = _new(Dispute)
    _set_dispute_job_id(dispute, job_id)
    _set_issue_type(dispute, issue_type)
    _set_outcome(dispute, outcome)
    _set_decided_at(dispute, decided_at)
    return dispute
