"""Strict reading of one text field of one row (CSV cell or JSON Lines value).

Empty text (or JSON ``null``) means no value. Nothing is coerced: ``"4.0"`` is not a
rating, ``"yes"`` is not a boolean, a datetime without an offset is not an instant.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from enum import StrEnum
from typing import TypeVar

from .errors import InvalidRecordError

__all__ = ["FieldReader", "parse_date", "parse_instant"]

_E = TypeVar("_E", bound=StrEnum)
_INTEGER = re.compile(r"-?[0-9]+")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_MISSING = object()


def parse_instant(text: str) -> datetime:
    """Parse an ISO 8601 datetime that carries an offset; raise ``ValueError`` otherwise.

    >>> parse_instant("2026-09-14T10:30:00-05:00").isoformat()
    '2026-09-14T10:30:00-05:00'
    """
    value = datetime.fromisoformat(text)
    if value.tzinfo is None:
        raise ValueError("no UTC offset")
    return value


def parse_date(text: str) -> date:
    """Parse a ``YYYY-MM-DD`` date; raise ``ValueError`` otherwise.

    >>> parse_date("2026-09-14")
    datetime.date(2026, 9, 14)
    """
    if not _DATE.fullmatch(text):
        raise ValueError("not YYYY-MM-DD")
    return date.fromisoformat(text)


class FieldReader:
    """Reads the fields of one row, raising `InvalidRecordError` naming `record`."""

    __slots__ = ("record", "row")

    def __init__(self, row: Mapping[str, object], record: str) -> None:
        self.row = row
        self.record = record

    def _error(self, field: str, expected: str, got: object) -> InvalidRecordError:
        return InvalidRecordError(self.record, field, expected, got)

    def _raw(self, field: str) -> object:
        if field not in self.row:
            raise self._error(field, "a value or an empty cell", "a missing column")
        value = self.row[field]
        return None if value == "" else value

    def _string(self, field: str, expected: str) -> str | None:
        value = self._raw(field)
        if value is not None and not isinstance(value, str):
            raise self._error(field, expected, value)
        return value

    def text(self, field: str) -> str:
        """A required, non-empty text."""
        value = self._string(field, "non-empty text")
        if value is None:
            raise self._error(field, "non-empty text", "")
        return value

    def optional_text(self, field: str) -> str | None:
        """A text, or none when empty."""
        return self._string(field, "text or empty")

    def date(self, field: str) -> date:
        """A required ``YYYY-MM-DD`` date."""
        value = self._string(field, "a date YYYY-MM-DD")
        try:
            if value is None:
                raise ValueError
            return parse_date(value)
        except ValueError:
            raise self._error(field, "a date YYYY-MM-DD", value or "") from None

    def instant(self, field: str) -> datetime | None:
        """An ISO 8601 datetime with an offset, or none when empty."""
        expected = "an ISO 8601 datetime with a UTC offset, e.g. 2026-09-14T10:30:00-05:00"
        value = self._string(field, expected)
        if value is None:
            return None
        try:
            return parse_instant(value)
        except ValueError:
            raise self._error(field, expected, value) from None

    def integer(self, field: str) -> int | None:
        """A whole number written with digits, or none when empty."""
        value = self._raw(field)
        if value is None:
            return None
        if type(value) is int:
            return value
        if isinstance(value, str) and _INTEGER.fullmatch(value):
            return int(value)
        raise self._error(field, "a whole number", value)

    def boolean(self, field: str) -> bool | None:
        """``true`` or ``false``, or none when empty."""
        value = self._raw(field)
        if value is None or isinstance(value, bool):
            return value
        if value == "true":
            return True
        if value == "false":
            return False
        raise self._error(field, "true or false", value)

    def required_boolean(self, field: str) -> bool:
        """``true`` or ``false``."""
        value = self.boolean(field)
        if value is None:
            raise self._error(field, "true or false", "")
        return value

    def choice(self, field: str, kind: type[_E]) -> _E:
        """One of the values of the enum `kind`."""
        value = self.row.get(field, _MISSING)
        if type(value) is str and value:
            try:
                return kind(value)
            except ValueError:
                pass
        options = ", ".join(member.value for member in kind)
        value = self._string(field, f"one of {options}")
        try:
            return kind(value or "")
        except ValueError:
            raise self._error(field, f"one of {options}", value or "") from None
