"""How one text value is read (a CSV cell, a JSON Lines string, a command-line option).

Each parser takes a non-empty text and returns the value, or raises ``ValueError``.
Nothing is coerced: ``"4.0"`` is not a rating, ``"yes"`` is not a boolean, a datetime
without an offset is not an instant. The grammar of instants is RFC 3339's:
``YYYY-MM-DDTHH:MM:SS`` (a space may stand for the ``T``), up to six fractional digits,
then ``Z`` or an offset ``±HH:MM`` (minutes 00 to 59) of at most 18 hours; ``-00:00``
("offset unknown") is not an offset. The columnar engine checks the very same grammar
(`INSTANT_PATTERN`).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

__all__ = [
    "DATE_PATTERN",
    "INSTANT_PATTERN",
    "MAX_OFFSET",
    "parse_boolean",
    "parse_date",
    "parse_instant",
    "parse_integer",
]

#: A date: ``YYYY-MM-DD``.
DATE_PATTERN = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
#: An instant (see the module docstring); the groups are the date and time, the
#: fraction, and the offset.
INSTANT_PATTERN = (r"([0-9]{4}-[0-9]{2}-[0-9]{2})[T ]([0-9]{2}:[0-9]{2}:[0-9]{2})"
                   r"(\.[0-9]{1,6})?(Z|[+-][0-9]{2}:[0-5][0-9])")
#: The largest UTC offset accepted (as Java's and Spark's ZoneOffset).
MAX_OFFSET = timedelta(hours=18)
_MAX_OFFSET_TEXT = f"{MAX_OFFSET // timedelta(hours=1):02d}:00"  # "18:00"

_DATE = re.compile(DATE_PATTERN)
_INSTANT = re.compile(INSTANT_PATTERN)
_INTEGER = re.compile(r"-?[0-9]+")
_BOOLEANS = {"true": True, "false": False}


def parse_date(text: str) -> date:
    """Parse a ``YYYY-MM-DD`` date.

    >>> parse_date("2026-09-14")
    datetime.date(2026, 9, 14)
    """
    if not _DATE.fullmatch(text):
        raise ValueError("not YYYY-MM-DD")
    return date.fromisoformat(text)


def parse_instant(text: str) -> datetime:
    """Parse an RFC 3339 instant (see the module docstring).

    >>> parse_instant("2026-09-14T10:30:00-05:00").isoformat()
    '2026-09-14T10:30:00-05:00'
    >>> parse_instant("2026-09-14T10:30:00.1234567Z")
    Traceback (most recent call last):
    ValueError: not an RFC 3339 instant
    """
    if not _INSTANT.fullmatch(text):
        raise ValueError("not an RFC 3339 instant")
    if text[-1] != "Z":
        # The offset as written, ±HH:MM (compared as text: its digits sort as numbers).
        offset = text[-5:]
        if offset > _MAX_OFFSET_TEXT or (offset == "00:00" and text[-6] == "-"):
            raise ValueError("offset unknown (-00:00) or beyond 18 hours")
    return datetime.fromisoformat(text)


def parse_integer(text: str) -> int:
    """Parse a whole number written with digits (an optional minus sign).

    >>> parse_integer("5"), parse_integer("-2")
    (5, -2)
    """
    if not _INTEGER.fullmatch(text):
        raise ValueError("not a whole number")
    return int(text)


def parse_boolean(text: str) -> bool:
    """Parse ``true`` or ``false``.

    >>> parse_boolean("true")
    True
    """
    try:
        return _BOOLEANS[text]
    except KeyError:
        raise ValueError("not true or false") from None
