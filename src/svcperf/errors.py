"""The exceptions svcperf raises: one base class, a few specific ones.

Every message is one sentence that names the record (and, for files, the file and
line), the field, what was expected and what came.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

__all__ = [
    "InvalidArgumentError",
    "InvalidInputError",
    "InvalidRecordError",
    "MissingExtraError",
    "SvcperfError",
]


class SvcperfError(Exception):
    """Base class of every error svcperf raises on purpose."""


class InvalidRecordError(SvcperfError, ValueError):
    """One field of one record is invalid; `problems` lists every problem of the record
    (this one first) when it has several.

    `typed` says that the value came with the wrong type, which the message then names.

    >>> str(InvalidRecordError("job 'J1'", "rating", "an integer from 1 to 5", 7))
    "job 'J1': field 'rating': expected an integer from 1 to 5, got 7"
    >>> str(InvalidRecordError("job", "rating", "an integer", "x", source="jobs.csv", line=3))
    "jobs.csv:3: job: field 'rating': expected an integer, got 'x'"
    >>> str(InvalidRecordError("job 'J1'", "status", "a JobStatus", "open", typed=True))
    "job 'J1': field 'status': expected a JobStatus, got str 'open'"
    """

    def __init__(
        self,
        record: str,
        field: str,
        expected: str,
        got: object,
        *,
        source: str | None = None,
        line: int | None = None,
        typed: bool = False,
        others: Sequence[InvalidRecordError] = (),
    ) -> None:
        self.record = record
        self.field = field
        self.expected = expected
        self.got = got
        self.source = source
        self.line = line
        self.typed = typed
        self.others = tuple(others)
        super().__init__("\n".join(problem.message for problem in self.problems))

    @classmethod
    def collect(cls, problems: Sequence[InvalidRecordError]) -> InvalidRecordError:
        """One error for the problems of one record (at least one): the first, carrying
        the others."""
        first, *others = problems
        return first.located(first.source, first.line, others=others)

    @property
    def problems(self) -> tuple[InvalidRecordError, ...]:
        """Every problem of the record, each an error of one field (this one first)."""
        if not self.others:
            return (self,)
        return (self.located(self.source, self.line, others=()), *self.others)

    @property
    def message(self) -> str:
        """This problem's own line (without the others)."""
        where = ""
        if self.source is not None:
            where = f"{self.source}:{self.line}: " if self.line is not None else f"{self.source}: "
        elif self.line is not None:
            where = f"line {self.line}: "
        got = f"{type(self.got).__name__} {self.got!r}" if self.typed else repr(self.got)
        return f"{where}{self.record}: field {self.field!r}: expected {self.expected}, got {got}"

    def located(self, source: str | None, line: int | None, *,
                others: Sequence[InvalidRecordError] | None = None) -> InvalidRecordError:
        """Return the same error (and its others), placed at `source` and `line`."""
        return InvalidRecordError(
            self.record, self.field, self.expected, self.got, source=source, line=line,
            typed=self.typed,
            others=[other.located(source, line) for other in
                    (self.others if others is None else others)])

    def __reduce__(self) -> Any:  # keyword arguments survive pickling (to engine workers)
        return (_rebuild, (self.record, self.field, self.expected, self.got, self.source,
                           self.line, self.typed, self.others))


def _rebuild(record: str, field: str, expected: str, got: object, source: str | None,
             line: int | None, typed: bool,
             others: Sequence[InvalidRecordError]) -> InvalidRecordError:
    return InvalidRecordError(record, field, expected, got, source=source, line=line,
                              typed=typed, others=others)


class InvalidInputError(SvcperfError, ValueError):
    """Several records are invalid; `problems` holds each problem, one field of one
    record each (up to a cap).

    `total` counts every problem found, including those beyond the cap.

    >>> a = InvalidRecordError("job 'A'", "rating", "1 to 5", 9, source="j.csv", line=2)
    >>> b = InvalidRecordError("job 'B'", "status", "a status", "x", source="j.csv", line=3)
    >>> print(InvalidInputError([a, b], total=5))
    j.csv:2: job 'A': field 'rating': expected 1 to 5, got 9
    j.csv:3: job 'B': field 'status': expected a status, got 'x'
    ... and 3 more problems
    """

    def __init__(self, problems: Sequence[InvalidRecordError], *, total: int | None = None) -> None:
        self.problems = tuple(one for problem in problems for one in problem.problems)
        self.total = len(self.problems) if total is None else total
        lines = [problem.message for problem in self.problems]
        rest = self.total - len(self.problems)
        if rest > 0:
            lines.append(f"... and {rest} more problem{'s' if rest != 1 else ''}")
        super().__init__("\n".join(lines))


class InvalidArgumentError(SvcperfError, ValueError):
    """An argument to a public function is invalid (a naive `as_of`, an unknown key, ...)."""


class MissingExtraError(SvcperfError, ImportError):
    """An optional library is not installed; the message names the extra to install.

    >>> print(MissingExtraError("to_polars()", "polars", "polars"))
    to_polars() needs polars: pip install 'svcperf[polars]'
    """

    def __init__(self, needed_by: str, library: str, extra: str) -> None:
        self.library = library
        self.extra = extra
        super().__init__(f"{needed_by} needs {library}: pip install 'svcperf[{extra}]'")
