"""Rows of a file to records, fast: a reader compiled per header.

`Job.from_row` / `Dispute.from_row` (`schema.read_job_row`) are the reference: they read
every field, report every problem, and `Job(...)` checks every rule. Reading a file does
that work for each of millions of rows, so a row is first tried here: the fields are read
with the very parsers of `svcperf.parsing`, text with `schema.text_problem`, and the rules
across fields with `schema.cross_field_problems` — the same functions — and the record is
built without checking it again. Anything unusual (a bad value, an unusual type, a rule
broken) gives ``None``, and the caller runs the reference path, which builds the record
or reports its problems. `tests/test_fast_rows.py` checks that the two paths agree.

Work is done once per distinct value where values repeat: the texts that label a job
(account, area, profession, technician, zone, extras) once per combination, the
appointment date and arrival window once per combination, an instant's date, time and
offset parts once each. All of it (and one compiled reader per header) lives on the
`RowReading` of one read, never in the module.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from datetime import date, datetime, timezone
from typing import Any

import attrs

from ..parsing import parse_date, parse_instant
from ..records import JOB_SETTERS, Dispute, DisputeOutcome, IssueType, Job, JobStatus
from ..schema import JOB_FIELDS, cross_field_problems, dispute_rule_problems, text_problem
from ..zones import fixed_offset, zone

__all__ = ["BAD", "DISPUTE_VALUES", "STATUSES", "JobRowReader", "RowReading", "read_dispute_values"]

STATUSES: dict[str, JobStatus] = {member.value: member for member in JobStatus}
_ISSUE_TYPES: dict[str, IssueType] = {member.value: member for member in IssueType}
_OUTCOMES: dict[str, DisputeOutcome] = {member.value: member for member in DisputeOutcome}
_BOOLEANS: dict[str, bool | None] = {"": None, "true": True, "false": False}
_RATINGS: dict[str, int] = {str(stars): stars for stars in range(1, 6)}
BAD: Any = object()  # a value the fast path leaves to the reference path
_CORE_NAMES = frozenset(JOB_FIELDS)
_new = object.__new__

(_set_job_id, _set_account_id, _set_coverage_area, _set_profession, _set_timezone,
 _set_appointment_date, _set_status, _set_technician_id, _set_arrival_window_start,
 _set_arrival_window_end, _set_started_at, _set_closed_at, _set_rating, _set_rated_at,
 _set_hg_claim_at, _set_cancel_attributed, _set_reschedule_attributed, _set_extras) = (
    setter for _, setter in JOB_SETTERS)
(_set_dispute_job_id, _set_issue_type, _set_outcome, _set_decided_at) = (
    Dispute.__dict__[field.name].__set__ for field in attrs.fields(Dispute))


class RowReading:
    """What the records read from one file share: one object for equal texts (checked
    once each), dates, arrival window instants (each window starts and ends on a slot
    boundary), fixed offsets and extras; the parts of instants already read (see
    `instant`); and one compiled reader per row layout."""

    __slots__ = ("clocks", "dates", "days", "extra_texts", "extras", "interned", "readers",
                 "schedules", "sliced", "suffixes", "texts", "windows", "zones")

    #: At most this many dates, window instants, instant parts and extras are held.
    HELD = 65536

    def __init__(self) -> None:
        self.texts: dict[str, str] = {}  # core texts that passed `text_problem`
        self.sliced: set[str] = set()  # ... that also may be slice values
        self.extra_texts: dict[str, str] = {}  # extra values that passed `text_problem`
        self.interned: dict[str, str] = {}  # any texts of rows left to the reference path
        self.dates: dict[str, date] = {}
        self.windows: dict[str, datetime] = {}
        # The parts of instants `parse_instant` accepted (see `instant`).
        self.days: dict[str, tuple[int, int, int]] = {}
        self.clocks: dict[str, tuple[int, int, int]] = {}
        self.suffixes: dict[str, timezone] = {}
        self.extras: dict[tuple[tuple[str, str | None], ...],
                          tuple[tuple[str, str | None], ...]] = {}
        self.zones: set[str] = set()  # names `zone` accepted
        self.schedules: dict[tuple[Any, Any, Any], tuple[Any, Any, Any]] = {}  # see `schedule`
        self.readers: dict[tuple[Any, ...], JobRowReader | None] = {}

    def text(self, value: object, sliced: bool = False) -> Any:
        """`value` (shared) when it is valid non-empty core text, else `BAD`."""
        if type(value) is not str or not value:
            return BAD
        found = self.texts.get(value)
        if found is None:
            if text_problem(value) is not None:
                return BAD
            found = self.texts[value] = value
        if sliced and found not in self.sliced:
            if text_problem(found, sliced=True) is not None:
                return BAD
            self.sliced.add(found)
        return found

    def extra(self, value: object) -> Any:
        """An extra column's value (shared; empty is none), else `BAD`."""
        if value is None or value == "":
            return None
        if type(value) is not str:
            return BAD
        found = self.extra_texts.get(value)
        if found is None:
            if text_problem(value, core=False, sliced=True) is not None:
                return BAD
            found = self.extra_texts[value] = self.texts.get(value, value)
        return found

    def date(self, value: object) -> Any:
        """The date `parse_date` makes of `value`, or `BAD`."""
        if type(value) is not str:
            return BAD
        found = self.dates.get(value)
        if found is None:
            try:
                found = parse_date(value)
            except ValueError:
                return BAD
            if len(self.dates) < self.HELD:
                self.dates[value] = found
        return found

    def instant(self, value: object) -> Any:
        """The instant `parse_instant` and the `Job` converter make of `value` (``None``
        for no value), or `BAD`.

        An instant without a fraction is text of three parts: the date (``value[:10]``),
        the separator and time (``value[10:19]``) and the offset (``value[19:]``). The
        grammar and the reading of each part do not depend on the others, so once each
        part has been seen in an instant `parse_instant` accepted, any instant made of
        such parts is valid, and is built from them (`test_fast_rows` holds the two equal).
        """
        if type(value) is not str:
            return None if value is None else BAD
        day = self.days.get(value[:10])
        if day is not None:
            clock = self.clocks.get(value[10:19])
            if clock is not None:
                offset = self.suffixes.get(value[19:])
                if offset is not None:
                    return datetime(*day, *clock, 0, offset)
        if not value:
            return None
        try:
            instant = parse_instant(value)
        except ValueError:
            return BAD
        shared = fixed_offset(instant.utcoffset())
        # The same wall time, as the converter keeps it (`parse_instant` never sets fold).
        instant = instant.replace(tzinfo=shared)
        if value[19] != "." and len(self.clocks) < self.HELD:  # no fraction: learn the parts
            self.days.setdefault(value[:10], (instant.year, instant.month, instant.day))
            self.clocks.setdefault(value[10:19], (instant.hour, instant.minute, instant.second))
            self.suffixes.setdefault(value[19:], shared)
        return instant

    def window(self, value: object) -> Any:
        """`instant(value)`, shared."""
        if type(value) is str:
            found = self.windows.get(value)
            if found is not None:
                return found
        found = self.instant(value)
        if found is not None and found is not BAD and len(self.windows) < self.HELD:
            self.windows[value] = found  # type: ignore[index]  # a text, as it is an instant
        return found

    def schedule(self, values: tuple[Any, Any, Any]) -> tuple[Any, Any, Any] | None:
        """The appointment date and arrival window read from their `values` (`date`,
        `window`), held in `schedules` for the next rows with the same values; ``None``
        when one is bad."""
        appointment_date, window_start, window_end = values
        found = (self.date(appointment_date), self.window(window_start),
                 self.window(window_end))
        if BAD in found:
            return None
        if len(self.schedules) < self.HELD:
            self.schedules[values] = found
        return found

    def zone_name(self, value: Any) -> Any:
        """`value` when it names an IANA zone (and is valid text), else `BAD`."""
        if type(value) is not str:
            return BAD
        if value in self.zones:
            return value
        value = self.text(value)
        if value is BAD:
            return BAD
        try:
            zone(value)
        except ValueError:
            return BAD
        self.zones.add(value)
        return value

    def shared_extras(self, extras: tuple[tuple[str, str | None], ...]
                      ) -> tuple[tuple[str, str | None], ...]:
        """One tuple for equal extras of many jobs (a "channel" column, say), while fewer
        than `HELD` distinct ones are held."""
        shared = self.extras.get(extras)
        if shared is not None:
            return shared
        if len(self.extras) < self.HELD:
            self.extras[extras] = extras
        return extras

    def job_reader(self, keys: tuple[Any, ...], *, positions: bool = False
                   ) -> JobRowReader | None:
        """A fast reader of rows keyed by `keys` (with `positions`: CSV cells under the
        header `keys`), or ``None`` when every such row is left to `Job.from_row`: a core
        field missing, a key named twice, an extra column name that is not valid text."""
        if keys in self.readers:
            return self.readers[keys]
        found: JobRowReader | None
        if (not _CORE_NAMES.issubset(keys) or len(set(keys)) != len(keys)
                or any(type(key) is not str or not key or text_problem(key, core=False) is not None
                       for key in keys)):
            found = None
        else:
            found = JobRowReader(keys, positions)
        if len(self.readers) < 256:
            self.readers[keys] = found
        return found


class JobRowReader:
    """Reads jobs fast from rows with one layout: dicts with the keys `keys`, or lists of
    CSV cells under the header `keys`. See `RowReading.job_reader`."""

    __slots__ = ("core", "extra_names", "extra_values", "known")

    def __init__(self, keys: tuple[Any, ...], positions: bool) -> None:
        extra_names = sorted(key for key in keys if key not in _CORE_NAMES)
        core_keys: list[Any] = list(JOB_FIELDS)
        extra_keys: list[Any] = extra_names
        if positions:
            core_keys = [keys.index(field) for field in JOB_FIELDS]
            extra_keys = [keys.index(name) for name in extra_names]
        self.core: Callable[[Any], Any] = operator.itemgetter(*core_keys)
        self.extra_names = tuple(extra_names)
        self.extra_values: Callable[[Any], Any] | None = (
            operator.itemgetter(*extra_keys) if extra_keys else None)
        # The values of a row's repeating texts, as read (see `labels`): held per reader,
        # since the extras they give are named by this layout's extra columns (rows of
        # JSON Lines with other extra keys have other readers).
        self.known: dict[tuple[Any, ...], tuple[Any, ...]] = {}

    def labels(self, values: tuple[Any, ...], shared: RowReading) -> tuple[Any, ...] | None:
        """The account, area, profession, technician, zone and extras read from their
        `values` (the extra columns' values last), each checked; held in `known` for the
        next rows with the same values. ``None`` when one is bad."""
        account_id, coverage_area, profession, technician_id, timezone_name, extra = values
        text = shared.text
        read = (text(account_id), text(coverage_area, True), text(profession, True),
                None if technician_id is None or technician_id == "" else text(
                    technician_id, True),
                shared.zone_name(timezone_name))
        if BAD in read:
            return None
        extras: tuple[tuple[str, str | None], ...] = ()
        if self.extra_values is not None:
            if len(self.extra_names) == 1:  # one extra column (itemgetter gives the value)
                extra = (extra,)
            cells = [shared.extra(value) for value in extra]
            if BAD in cells:
                return None
            extras = shared.shared_extras(tuple(zip(self.extra_names, cells, strict=True)))
        found = (*read, extras)
        if len(self.known) < shared.HELD:
            self.known[values] = found
        return found

    def read(self, row: Any, shared: RowReading) -> Job | None:
        """The job `Job.from_row` builds from `row`, with repeated values `shared`; or
        ``None`` when it is left to `Job.from_row`."""
        (job_id, account_id, coverage_area, profession, technician_id, timezone_name,
         appointment_date, window_start, window_end, started_at, status, closed_at,
         rating, rated_at, hg_claim_at, cancel_attributed,
         reschedule_attributed) = self.core(row)
        if type(job_id) is not str or not job_id or text_problem(job_id) is not None:
            return None
        # The texts that repeat (account, area, profession, technician, zone, extras):
        # read once per distinct combination (`labels`), then one lookup per row. (Only
        # combinations read as valid are held, and their values are text or none, which
        # equal no value of another type: a row of the decoders' plain values that finds
        # one has those very values.)
        found = (account_id, coverage_area, profession, technician_id, timezone_name,
                 None if self.extra_values is None else self.extra_values(row))
        # So are the appointment date and arrival window (`schedule`).
        planned = (appointment_date, window_start, window_end)
        try:
            labels = self.known.get(found)
            schedule = shared.schedules.get(planned)
        except TypeError:  # an unhashable value (a JSON list, say): left to the reference
            return None
        if labels is None:
            labels = self.labels(found, shared)
            if labels is None:
                return None
        if schedule is None:
            schedule = shared.schedule(planned)
            if schedule is None:
                return None
        account_id, coverage_area, profession, technician_id, timezone_name, extras = labels
        appointment_date, window_start, window_end = schedule
        instant = shared.instant
        # (No value, the usual case for some of these, is told without a call.)
        started_at = None if started_at is None or started_at == "" else instant(started_at)
        closed_at = None if closed_at is None or closed_at == "" else instant(closed_at)
        rated_at = None if rated_at is None or rated_at == "" else instant(rated_at)
        hg_claim_at = None if hg_claim_at is None or hg_claim_at == "" else instant(hg_claim_at)
        if started_at is BAD or closed_at is BAD or rated_at is BAD or hg_claim_at is BAD:
            return None
        status = STATUSES.get(status) if type(status) is str else None
        if status is None:
            return None
        if type(rating) is str:
            rating = _RATINGS.get(rating, BAD) if rating else None
        elif rating is not None and not (type(rating) is int and 1 <= rating <= 5):
            return None
        if type(cancel_attributed) is str:
            cancel_attributed = _BOOLEANS.get(cancel_attributed, BAD)
        elif not (cancel_attributed is None or type(cancel_attributed) is bool):
            return None
        if type(reschedule_attributed) is str:
            reschedule_attributed = _BOOLEANS.get(reschedule_attributed)
        if (type(reschedule_attributed) is not bool or rating is BAD
                or cancel_attributed is BAD):
            return None
        if cross_field_problems("", window_start, window_end, status, closed_at, rating,
                                rated_at, cancel_attributed):
            return None
        job: Job = _new(Job)
        _set_job_id(job, job_id)
        _set_account_id(job, account_id)
        _set_coverage_area(job, coverage_area)
        _set_profession(job, profession)
        _set_timezone(job, timezone_name)
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


#: The values of a dispute row's four fields, in `schema.DISPUTE_FIELDS` order.
DISPUTE_VALUES = operator.itemgetter("job_id", "issue_type", "outcome", "decided_at")


def read_dispute_values(values: tuple[Any, ...], shared: RowReading) -> Dispute | None:
    """The dispute `Dispute.from_row` builds from the values of its four fields, or
    ``None`` when it is left to `Dispute.from_row`."""
    job_id, issue_type, outcome, decided_at = values
    if type(job_id) is not str or not job_id or text_problem(job_id) is not None:
        return None
    issue_type = _ISSUE_TYPES.get(issue_type) if type(issue_type) is str else None
    outcome = _OUTCOMES.get(outcome) if type(outcome) is str else None
    decided_at = shared.instant(decided_at)
    if (issue_type is None or outcome is None or decided_at is BAD
            or dispute_rule_problems("", outcome, decided_at)):
        return None
    dispute: Dispute = _new(Dispute)
    _set_dispute_job_id(dispute, job_id)
    _set_issue_type(dispute, issue_type)
    _set_outcome(dispute, outcome)
    _set_decided_at(dispute, decided_at)
    return dispute
