"""The record schema: every field of a job and of a dispute (SPEC §2), in one table.

For each field: its name, what a value must be, and how it is read from a row of text
(a CSV cell, a JSON Lines value). Then the rules across fields: the arrival window both
or neither and ordered, `closed_at` unless open, `cancel_attributed` when cancelled,
`rated_at` with a rating (and a rating with `rated_at`), `decided_at` unless pending.

Everything that makes records goes through here: `Job(...)` and `Dispute(...)` run
`job_problems` / `dispute_problems`; `Job.from_row` and every file reader read a row with
`read_job_row` / `read_dispute_row`, which report **every** problem of the row, not the
first; the fast file reader (`io.rows`) builds records only after the same
`job_problems`. A columnar engine checks the same rules column-wise and hands the rows
that fail to these functions, so that the messages are the very same.

Text rules (all text fields): non-empty, no NUL character, no lone surrogate. Core text
fields also have no leading or trailing whitespace (``"J1 "`` is rejected rather than
read as a second job next to ``"J1"``), and the values breakdowns slice by
(coverage area, profession, technician, extra columns) may not be ``"(none)"``, the key
of the no-value slice.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, timezone
from enum import StrEnum
from operator import attrgetter
from typing import Any, TypeVar

from .errors import InvalidRecordError
from .parsing import parse_boolean, parse_date, parse_instant, parse_integer
from .zones import zone

__all__ = [
    "DISPUTE_FIELDS",
    "INSTANT_FIELDS",
    "DisputeOutcome",
    "IssueType",
    "JobStatus",
    "INSTANT_TEXT",
    "cross_field_problems",
    "JOB_FIELDS",
    "NONE_KEY",
    "WHITESPACE",
    "dispute_problems",
    "duplicate_job_problem",
    "unknown_job_problem",
    "dispute_rule_problems",
    "job_problems",
    "read_dispute_row",
    "read_job_row",
    "record_name",
    "text_problem",
]

#: The key of the slice of jobs with no value for an attribute (a reserved text).
NONE_KEY = "(none)"

#: The job fields of SPEC §2, in the order of the interchange files.
JOB_FIELDS = (
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
#: The fields of a dispute.
DISPUTE_FIELDS = ("job_id", "issue_type", "outcome", "decided_at")
#: The job fields that are instants (aware datetimes).
INSTANT_FIELDS = ("arrival_window_start", "arrival_window_end", "started_at", "closed_at",
                  "rated_at", "hg_claim_at")
#: What an instant in a file must look like (the message of a bad one).
INSTANT_TEXT = "an ISO 8601 datetime with a UTC offset, e.g. 2026-09-14T10:30:00-05:00"

_E = TypeVar("_E", bound=StrEnum)


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
#: The characters a core text may not begin or end with (`text_problem`; the columnar
#: engine's mask of suspect texts is made of them).
WHITESPACE = frozenset(" \t\n\r\x0b\x0c\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
                        "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
_SURROGATE = re.compile("[\ud800-\udfff]")
_MISSING = object()


def record_name(kind: str, job_id: object) -> str:
    """How messages name a record: ``job 'J1'``, or ``job`` without a usable id.

    >>> record_name("job", "J1"), record_name("dispute on job", 5)
    ("job 'J1'", 'dispute on job')
    """
    return f"{kind} {job_id!r}" if type(job_id) is str and job_id else kind


def text_problem(value: str, *, core: bool = True, sliced: bool = False) -> str | None:
    """What a non-empty text should have been, or ``None`` when it is fine.

    `core`: a core field (no leading or trailing whitespace); `sliced`: a value breakdowns
    slice by (not ``"(none)"``).

    >>> text_problem("J1 "), text_problem("North")
    ('text without leading or trailing whitespace', None)
    >>> text_problem("(none)", sliced=True)
    "a value other than '(none)', which stands for no value in breakdowns"
    """
    if "\x00" in value:
        return "text without NUL characters"
    if not value.isascii() and _SURROGATE.search(value):
        return "valid Unicode text (no lone surrogate)"
    if core and (value[0] in WHITESPACE or value[-1] in WHITESPACE):
        return "text without leading or trailing whitespace"
    if sliced and value == NONE_KEY:
        return f"a value other than {NONE_KEY!r}, which stands for no value in breakdowns"
    return None


class _Problems:
    """The problems of one record, collected in field order."""

    __slots__ = ("found", "record")

    def __init__(self, record: str) -> None:
        self.record = record
        self.found: list[InvalidRecordError] = []

    def add(self, field: str, expected: str, got: object, *, typed: bool = False) -> None:
        self.found.append(InvalidRecordError(self.record, field, expected, got, typed=typed))


def _text(problems: _Problems, field: str, value: object, *, optional: bool = False,
          sliced: bool = False, core: bool = True) -> bool:
    """Check a text field; `False` when it has a problem (recorded)."""
    if value is None and optional:
        return True
    if type(value) is not str:
        problems.add(field, "non-empty text or none" if optional else "non-empty text", value,
                     typed=not isinstance(value, str))
        return False
    if not value:
        problems.add(field, "non-empty text or none" if optional else "non-empty text", value)
        return False
    expected = text_problem(value, core=core, sliced=sliced)
    if expected is not None:
        problems.add(field, expected, value)
        return False
    return True


def _instant(problems: _Problems, field: str, value: object) -> bool:
    if value is None:
        return True
    if not isinstance(value, datetime):
        problems.add(field, "a timezone-aware datetime", value, typed=True)
        return False
    if value.tzinfo is None or value.utcoffset() is None:
        problems.add(field, "a timezone-aware datetime (with a UTC offset)", value)
        return False
    return True


def _choice(problems: _Problems, field: str, value: object, kind: type[StrEnum]) -> bool:
    if isinstance(value, kind):
        return True
    options = ", ".join(member.value for member in kind)
    problems.add(field, f"a {kind.__name__} ({options})", value, typed=True)
    return False


def _boolean(problems: _Problems, field: str, value: object, expected: str) -> bool:
    if type(value) is bool:
        return True
    problems.add(field, expected, value, typed=value is not None)
    return False


_JOB_VALUES = attrgetter(*JOB_FIELDS, "extras")


def job_problems(job: Any) -> list[InvalidRecordError]:
    """Every problem of a job (anything with the attributes of `Job`), in field order,
    then the rules across fields; empty when the job is valid.

    A rule across fields is checked only when the fields it reads are valid.
    """
    (job_id, account_id, coverage_area, profession, technician_id, timezone_name,
     appointment_date, window_start, window_end, started_at, status, closed_at, rating,
     rated_at, hg_claim_at, cancel_attributed, reschedule_attributed,
     extras) = _JOB_VALUES(job)
    problems = _Problems(record_name("job", job_id))
    _text(problems, "job_id", job_id)
    _text(problems, "account_id", account_id)
    _text(problems, "coverage_area", coverage_area, sliced=True)
    _text(problems, "profession", profession, sliced=True)
    _text(problems, "technician_id", technician_id, optional=True, sliced=True)
    if _text(problems, "timezone", timezone_name):
        try:
            zone(timezone_name)
        except ValueError:
            problems.add("timezone", "an IANA time zone name", timezone_name)
    if not isinstance(appointment_date, date) or isinstance(appointment_date, datetime):
        problems.add("appointment_date", "a date", appointment_date, typed=True)
    window_ok = _instant(problems, "arrival_window_start", window_start)
    window_ok = _instant(problems, "arrival_window_end", window_end) and window_ok
    _instant(problems, "started_at", started_at)
    status_ok = _choice(problems, "status", status, JobStatus)
    closed_ok = _instant(problems, "closed_at", closed_at)
    rating_ok = rating is None or (type(rating) is int and 1 <= rating <= 5)
    if not rating_ok:
        problems.add("rating", "an integer from 1 to 5", rating,
                     typed=not isinstance(rating, int) or isinstance(rating, bool))
    rated_ok = _instant(problems, "rated_at", rated_at)
    _instant(problems, "hg_claim_at", hg_claim_at)
    cancel_ok = cancel_attributed is None or _boolean(
        problems, "cancel_attributed", cancel_attributed, "true, false or none")
    _boolean(problems, "reschedule_attributed", reschedule_attributed, "true or false")
    _extras(problems, extras)
    # The rules across fields, on the fields that are valid (a stand-in turns a rule off).
    problems.found += cross_field_problems(
        problems.record,
        window_start if window_ok else None, window_end if window_ok else None,
        status if status_ok else JobStatus.OPEN, closed_at if closed_ok else _ANY_INSTANT,
        rating if rating_ok and rated_ok else None, rated_at if rating_ok and rated_ok else None,
        cancel_attributed if cancel_ok else False)
    return problems.found


_ANY_INSTANT = datetime(2000, 1, 1, tzinfo=timezone.utc)


def cross_field_problems(record: str, window_start: datetime | None,
                         window_end: datetime | None, status: JobStatus,
                         closed_at: datetime | None, rating: int | None,
                         rated_at: datetime | None,
                         cancel_attributed: bool | None) -> list[InvalidRecordError]:
    """The problems of a job's rules across fields (its fields each valid): the arrival
    window both or neither and ordered, `closed_at` unless open, `rated_at` with a rating
    and a rating with `rated_at`, `cancel_attributed` when cancelled. Every reader that
    builds jobs without `Job(...)` calls this.

    >>> cross_field_problems("job 'J1'", None, None, JobStatus.CANCELLED, None, None, None,
    ...                      None)[1].message
    "job 'J1': field 'cancel_attributed': expected true or false for a cancelled job, got None"
    """
    found: list[InvalidRecordError] = []
    if (window_start is None) != (window_end is None):
        missing = "arrival_window_end" if window_end is None else "arrival_window_start"
        found.append(InvalidRecordError(
            record, missing, "a value, since the other end of the window is given", None))
    elif window_start is not None and window_end is not None and window_end < window_start:
        found.append(InvalidRecordError(
            record, "arrival_window_end",
            f"an instant at or after arrival_window_start ({window_start.isoformat()})",
            window_end.isoformat()))
    if closed_at is None and status is not JobStatus.OPEN:
        found.append(InvalidRecordError(record, "closed_at", f"a value for a {status.value} job",
                                        None))
    if (rating is None) != (rated_at is None):
        if rated_at is None:
            found.append(InvalidRecordError(record, "rated_at",
                                            "a value, since the job has a rating", None))
        else:
            found.append(InvalidRecordError(record, "rating",
                                            "a value, since the job has rated_at", None))
    if cancel_attributed is None and status is JobStatus.CANCELLED:
        found.append(InvalidRecordError(record, "cancel_attributed",
                                        "true or false for a cancelled job", None))
    return found


def _extras(problems: _Problems, extras: object) -> None:
    if type(extras) is not tuple:
        problems.add("extras", "a tuple of (name, value) pairs", extras, typed=True)
        return
    if not extras:
        return
    names = []
    for pair in extras:
        if type(pair) is not tuple or len(pair) != 2:
            problems.add("extras", "(name, value) pairs", pair, typed=True)
            return
        names.append(pair[0])
    if names != sorted(set(names)):
        problems.add("extras", "pairs sorted by unique name", extras)
        return
    for name, value in extras:
        wrong = text_problem(name, core=False) if type(name) is str and name else None
        if type(name) is not str or name in JOB_FIELDS:
            problems.add("extras", "names that are not core fields", name)
        elif not name:
            problems.add("extras", "names that are not empty", name)
        elif wrong is not None:
            problems.add("extras", f"names in {wrong}", name)
        else:
            _text(problems, name, value, optional=True, sliced=True, core=False)


def dispute_problems(dispute: Any) -> list[InvalidRecordError]:
    """Every problem of a dispute (anything with the attributes of `Dispute`)."""
    job_id, issue_type, outcome, decided_at = (
        dispute.job_id, dispute.issue_type, dispute.outcome, dispute.decided_at)
    problems = _Problems(record_name("dispute on job", job_id))
    _text(problems, "job_id", job_id)
    _choice(problems, "issue_type", issue_type, IssueType)
    outcome_ok = _choice(problems, "outcome", outcome, DisputeOutcome)
    if _instant(problems, "decided_at", decided_at) and outcome_ok:
        problems.found += dispute_rule_problems(problems.record, outcome, decided_at)
    return problems.found


def dispute_rule_problems(record: str, outcome: DisputeOutcome,
                          decided_at: datetime | None) -> list[InvalidRecordError]:
    """The problem of a dispute's rule across fields: `decided_at` unless pending."""
    if decided_at is None and outcome is not DisputeOutcome.PENDING:
        return [InvalidRecordError(record, "decided_at", f"a value for a {outcome.value} dispute",
                                   None)]
    return []


def duplicate_job_problem(job_id: str, also: str) -> InvalidRecordError:
    """The problem of a job id that another job has too (`also` says which: ``"line 3"``,
    ``"2 other jobs"``); the same message wherever the jobs come from."""
    return InvalidRecordError(record_name("job", job_id), "job_id",
                              f"a job id no other job has (also on {also})", job_id)


def unknown_job_problem(job_id: str, record: str = "dispute on job") -> InvalidRecordError:
    """The problem of a dispute naming a job that is not in the data."""
    return InvalidRecordError(record_name(record, job_id), "job_id",
                              "the id of a job in the data", job_id)


# --- reading rows of text ----------------------------------------------------------------

class _Row:
    """Reads the fields of one row (a mapping of field name to text or JSON value),
    recording every problem instead of raising at the first."""

    __slots__ = ("problems", "row")

    def __init__(self, row: Mapping[str, object], problems: _Problems) -> None:
        self.row = row
        self.problems = problems

    def raw(self, field: str) -> object:
        """The value of `field`, ``None`` for empty text; `_MISSING` when absent (recorded)."""
        value = self.row.get(field, _MISSING)
        if value is _MISSING:
            self.problems.add(field, "a value or an empty cell", "a missing column")
        return None if value == "" else value

    def text(self, field: str, *, optional: bool = False) -> Any:
        value = self.raw(field)
        if value is _MISSING:
            return _MISSING
        if value is None and not optional:
            self.problems.add(field, "non-empty text", "")
            return _MISSING
        if value is not None and type(value) is not str:
            self.problems.add(field, "text or empty" if optional else "non-empty text", value,
                              typed=True)
            return _MISSING
        return value

    def parsed(self, field: str, parse: Callable[[str], Any], expected: str, *,
               optional: bool = True, native: Callable[[object], bool] | None = None) -> Any:
        """A value read by `parse` from text (or taken as it is when `native` accepts it,
        e.g. a JSON number for a rating); ``None`` for none when `optional`."""
        value = self.raw(field)
        if value is _MISSING:
            return _MISSING
        if value is None:
            if optional:
                return None
            self.problems.add(field, expected, "")
            return _MISSING
        if native is not None and native(value):
            return value
        if type(value) is str:
            try:
                return parse(value)
            except ValueError:
                pass
        self.problems.add(field, expected, value, typed=type(value) is not str)
        return _MISSING

    def choice(self, field: str, kind: type[_E]) -> Any:
        options = ", ".join(member.value for member in kind)
        return self.parsed(field, kind, f"one of {options}", optional=False)


def _native_rating(value: object) -> bool:
    return type(value) is int


def _native_boolean(value: object) -> bool:
    return type(value) is bool


def read_job_row(row: Mapping[str, object]) -> dict[str, Any]:
    """The keyword arguments of the `Job` a row describes: every core field must be
    present (empty text or ``None`` means no value); other keys become `extras`.

    Raises `InvalidRecordError` listing every problem of the row (`.problems`).
    """
    job_id = row.get("job_id")
    problems = _Problems(record_name("job", job_id))
    fields = _Row(row, problems)
    values: dict[str, Any] = {
        "job_id": fields.text("job_id"),
        "account_id": fields.text("account_id"),
        "coverage_area": fields.text("coverage_area"),
        "profession": fields.text("profession"),
        "technician_id": fields.text("technician_id", optional=True),
        "timezone": fields.text("timezone"),
        "appointment_date": fields.parsed("appointment_date", parse_date, "a date YYYY-MM-DD",
                                          optional=False),
    }
    for name in ("arrival_window_start", "arrival_window_end", "started_at"):
        values[name] = fields.parsed(name, parse_instant, INSTANT_TEXT)
    values["status"] = fields.choice("status", JobStatus)
    values["closed_at"] = fields.parsed("closed_at", parse_instant, INSTANT_TEXT)
    values["rating"] = fields.parsed("rating", parse_integer, "an integer from 1 to 5",
                                     native=_native_rating)
    values["rated_at"] = fields.parsed("rated_at", parse_instant, INSTANT_TEXT)
    values["hg_claim_at"] = fields.parsed("hg_claim_at", parse_instant, INSTANT_TEXT)
    values["cancel_attributed"] = fields.parsed("cancel_attributed", parse_boolean,
                                                "true or false", native=_native_boolean)
    values["reschedule_attributed"] = fields.parsed(
        "reschedule_attributed", parse_boolean, "true or false", optional=False,
        native=_native_boolean)
    extras = []
    for key in row:
        if key in values:
            continue
        value = fields.text(key, optional=True) if type(key) is str else None
        extras.append((key, None if value is _MISSING else value))
    values["extras"] = tuple(sorted(extras, key=lambda pair: str(pair[0])))
    return _checked(values, problems, job_problems, JOB_FIELDS)


def _checked(values: dict[str, Any], problems: _Problems,
             check: Callable[[Any], list[InvalidRecordError]],
             fields: Sequence[str]) -> dict[str, Any]:
    """`values` read from a row, once `check` (the record's rules) found no problem in
    them; else the error listing the row's problems in field order. A field that could
    not be read is not checked again, nor is a rule across fields that reads it."""
    read_failed = {name for name, value in values.items() if value is _MISSING}
    candidate = {name: (_STAND_INS[name] if name in read_failed else value)
                 for name, value in values.items()}
    for problem in check(_Values(candidate)):
        if problem.field not in read_failed and not _depends_on(problem, read_failed):
            problems.found.append(problem)
    if problems.found:
        raise InvalidRecordError.collect(_in_field_order(problems.found, fields))
    return values


def _in_field_order(found: list[InvalidRecordError],
                    fields: Sequence[str]) -> list[InvalidRecordError]:
    order = {field: index for index, field in enumerate(fields)}
    return sorted(found, key=lambda problem: order.get(problem.field, len(order)))


def read_dispute_row(row: Mapping[str, object]) -> dict[str, Any]:
    """The keyword arguments of the `Dispute` a row describes (extra keys ignored).

    Raises `InvalidRecordError` listing every problem of the row (`.problems`).
    """
    problems = _Problems(record_name("dispute on job", row.get("job_id")))
    fields = _Row(row, problems)
    values: dict[str, Any] = {
        "job_id": fields.text("job_id"),
        "issue_type": fields.choice("issue_type", IssueType),
        "outcome": fields.choice("outcome", DisputeOutcome),
        "decided_at": fields.parsed("decided_at", parse_instant, INSTANT_TEXT),
    }
    return _checked(values, problems, dispute_problems, DISPUTE_FIELDS)


class _Values:
    """A mapping's values as attributes (what `job_problems` reads)."""

    def __init__(self, values: Mapping[str, Any]) -> None:
        self.__dict__.update(values)


# What stands in for a field that could not be read while the others are checked: a
# valid value of the field, so that only the fields read are judged (`_depends_on` drops
# the problems of rules that read a stand-in).
_STAND_INS: Mapping[str, Any] = {
    "job_id": "?", "account_id": "?", "coverage_area": "?", "profession": "?",
    "technician_id": None, "timezone": "UTC", "appointment_date": date(2000, 1, 1),
    "arrival_window_start": None, "arrival_window_end": None, "started_at": None,
    "status": JobStatus.OPEN, "closed_at": None, "rating": None, "rated_at": None,
    "hg_claim_at": None, "cancel_attributed": None, "reschedule_attributed": False,
    "extras": (), "issue_type": IssueType.HG_CLAIM, "outcome": DisputeOutcome.PENDING,
    "decided_at": None,
}

#: The fields each rule across fields reads, by the field its problem names.
_RULE_INPUTS: Mapping[str, Sequence[str]] = {
    "arrival_window_start": ("arrival_window_start", "arrival_window_end"),
    "arrival_window_end": ("arrival_window_start", "arrival_window_end"),
    "closed_at": ("status", "closed_at"),
    "rated_at": ("rating", "rated_at"),
    "rating": ("rating", "rated_at"),
    "cancel_attributed": ("status", "cancel_attributed"),
    "decided_at": ("outcome", "decided_at"),
}


def _depends_on(problem: InvalidRecordError, failed: set[str]) -> bool:
    return any(field in failed for field in _RULE_INPUTS.get(problem.field, ()))
