"""The exceptions svcperf raises: one base class, a few specific ones.

Every message is one sentence that names the record (and, for files, the file and
line), the field, what was expected and what came.
"""

from __future__ import annotations

from collections.abc import Sequence

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
    """One field of one record is invalid.

    >>> str(InvalidRecordError("job 'J1'", "rating", "an integer from 1 to 5", 7))
    "job 'J1': field 'rating': expected an integer from 1 to 5, got 7"
    >>> str(InvalidRecordError("job", "rating", "an integer", "x", source="jobs.csv", line=3))
    "jobs.csv:3: job: field 'rating': expected an integer, got 'x'"
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
    ) -> None:
        self.record = record
        self.field = field
        self.expected = expected
        self.got = got
        self.source = source
        self.line = line
        super().__init__(self._message())

    def _message(self) -> str:
        where = ""
        if self.source is not None:
            where = f"{self.source}:{self.line}: " if self.line is not None else f"{self.source}: "
        elif self.line is not None:
            where = f"line {self.line}: "
        return (f"{where}{self.record}: field {self.field!r}: "
                f"expected {self.expected}, got {self.got!r}")

    def located(self, source: str | None, line: int | None) -> InvalidRecordError:
        """Return the same error, placed at `source` and `line`."""
        return InvalidRecordError(
            self.record, self.field, self.expected, self.got, source=source, line=line
        )


class InvalidInputError(SvcperfError, ValueError):
    """Several records are invalid; `problems` holds each one (up to a cap).

    `total` counts every problem found, including those beyond the cap.

    >>> a = InvalidRecordError("job 'A'", "rating", "1 to 5", 9, source="j.csv", line=2)
    >>> b = InvalidRecordError("job 'B'", "status", "a status", "x", source="j.csv", line=3)
    >>> print(InvalidInputError([a, b], total=5))
    j.csv:2: job 'A': field 'rating': expected 1 to 5, got 9
    j.csv:3: job 'B': field 'status': expected a status, got 'x'
    ... and 3 more problems
    """

    def __init__(self, problems: Sequence[InvalidRecordError], *, total: int | None = None) -> None:
        self.problems = tuple(problems)
        self.total = len(self.problems) if total is None else total
        lines = [str(p) for p in self.problems]
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
