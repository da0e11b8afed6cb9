"""Arrow values built from their bytes, not by pyarrow's conversion of Python objects.

pyarrow converts a Python value (`pyarrow.scalar`, `pyarrow.array` of a list, a plain value
given to a compute function or compared with an expression) by first asking whether it is a
pandas object, and so imports pandas (about 0.4 s of CPU and 50 MiB) whenever pandas is
installed, even in a process that never uses it. The column forms of the levels and the
columnar engine build their values here instead; `tests/test_arrow_values.py` holds each
equal to pyarrow's own conversion. pyarrow is imported only when a value is asked for.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from datetime import date, datetime, timedelta, timezone
from typing import Any

__all__ = ["EARLIEST_DAY", "EARLIEST_MICROSECOND", "LATEST_DAY", "LATEST_MICROSECOND",
           "PER_MICROSECOND", "boolean", "booleans", "day", "days", "instant", "instants",
           "integer", "integers", "null", "pylist", "pyrows", "text", "texts"]

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_MICROSECOND = timedelta(microseconds=1)
_INTEGER_FORMATS = {"int8": "b", "int16": "h", "int32": "i", "int64": "q",
                    "uint8": "B", "uint16": "H", "uint32": "I", "uint64": "Q"}


def _pa() -> Any:
    import pyarrow

    return pyarrow


def _validity(values: Sequence[object]) -> Any:
    """The validity bitmap of `values` (``None`` when every value is given)."""
    if all(value is not None for value in values):
        return None
    return _bitmap([value is not None for value in values])


def _bitmap(bits: Sequence[bool]) -> Any:
    """The bits packed as Arrow packs them (one byte per bit, cast to booleans in C)."""
    pa = _pa()
    one_per_byte = pa.Array.from_buffers(pa.uint8(), len(bits),
                                         [None, pa.py_buffer(bytes(bool(bit) for bit in bits))])
    return one_per_byte.cast(pa.bool_()).buffers()[1]


def integers(values: Sequence[int | None], type: Any = None) -> Any:
    """An integer array of `values` (``None`` for null), of `type` (default int64).

    >>> integers([1, None, 3]).to_pylist()
    [1, None, 3]
    """
    pa = _pa()
    kind = pa.int64() if type is None else type
    packed = struct.pack(f"<{len(values)}{_INTEGER_FORMATS[str(kind)]}",
                         *(0 if value is None else value for value in values))
    return pa.Array.from_buffers(kind, len(values), [_validity(values), pa.py_buffer(packed)])


def integer(value: int, type: Any = None) -> Any:
    """An integer scalar (default int64)."""
    return integers([value], type)[0]


def booleans(values: Sequence[bool | None]) -> Any:
    """A boolean array of `values` (``None`` for null).

    >>> booleans([True, None, False]).to_pylist()
    [True, None, False]
    """
    pa = _pa()
    return pa.Array.from_buffers(pa.bool_(), len(values),
                                 [_validity(values), _bitmap([value is True for value in values])])


def boolean(value: bool) -> Any:
    """A boolean scalar."""
    return booleans([value])[0]


def texts(values: Sequence[str | None]) -> Any:
    """A string array of `values` (``None`` for null).

    >>> texts(["open", None, "é"]).to_pylist()
    ['open', None, 'é']
    """
    pa = _pa()
    encoded = [b"" if value is None else value.encode("utf-8") for value in values]
    offsets = [0]
    for blob in encoded:
        offsets.append(offsets[-1] + len(blob))
    return pa.Array.from_buffers(pa.string(), len(values), [
        _validity(values), pa.py_buffer(struct.pack(f"<{len(offsets)}i", *offsets)),
        pa.py_buffer(b"".join(encoded))])


def text(value: str) -> Any:
    """A string scalar."""
    return texts([value])[0]


def instants(values: Sequence[datetime | None]) -> Any:
    """Aware datetimes (``None`` for null) as a ``timestamp[us, tz=UTC]`` array (exact to
    the microsecond)."""
    for value in values:
        if value is not None and value.utcoffset() is None:
            raise ValueError(f"expected an aware datetime, got {value!r}")
    micros = [None if value is None else (value - _EPOCH) // _MICROSECOND for value in values]
    return integers(micros).view(_pa().timestamp("us", "UTC"))


def instant(value: datetime) -> Any:
    """An aware datetime as a ``timestamp[us, tz=UTC]`` scalar (exact to the microsecond).

    >>> instant(datetime(2026, 11, 15, 6, tzinfo=timezone.utc)).value
    1794722400000000
    """
    return instants([value])[0]


def days(values: Sequence[date | None]) -> Any:
    """A ``date32`` array of `values` (``None`` for null).

    >>> days([date(2026, 9, 14), None]).to_pylist()
    [datetime.date(2026, 9, 14), None]
    """
    pa = _pa()
    epoch = _EPOCH.toordinal()
    return integers([None if value is None else value.toordinal() - epoch for value in values],
                    pa.int32()).view(pa.date32())


def day(value: date) -> Any:
    """A date as a ``date32`` scalar."""
    return days([value])[0]


def null(type: Any) -> Any:
    """The null scalar of `type`."""
    return _pa().nulls(1, type)[0]


#: Microseconds per value of each timestamp unit coarser than the nanosecond.
PER_MICROSECOND = {"s": 1_000_000, "ms": 1_000, "us": 1}
_DAY = timedelta(days=1)
_MS_PER_DAY = 86_400_000
#: The instants a datetime holds, in microseconds since the epoch (UTC).
EARLIEST_MICROSECOND = (datetime.min.replace(tzinfo=timezone.utc) - _EPOCH) // _MICROSECOND
LATEST_MICROSECOND = (datetime.max.replace(tzinfo=timezone.utc) - _EPOCH) // _MICROSECOND
#: The days a date holds, in days since the epoch.
EARLIEST_DAY = (date.min - _EPOCH.date()).days
LATEST_DAY = (date.max - _EPOCH.date()).days


def _civil(days: int) -> str:
    """The proleptic Gregorian date `days` after the epoch as ``YYYY-MM-DD`` (any year: a
    date outside 0001 to 9999, which no `date` holds, too; a year below 1 with a sign).

    >>> _civil(0), _civil(2_932_897), _civil(-719_163)
    ('1970-01-01', '10000-01-01', '0000-12-31')
    """
    shifted = days + 719_468  # days since 0000-03-01
    era, day_of_era = divmod(shifted, 146_097)
    year_of_era = (day_of_era - day_of_era // 1460 + day_of_era // 36_524
                   - day_of_era // 146_096) // 365
    day_of_year = day_of_era - (365 * year_of_era + year_of_era // 4 - year_of_era // 100)
    shifted_month = (5 * day_of_year + 2) // 153
    day = day_of_year - (153 * shifted_month + 2) // 5 + 1
    month = shifted_month + 3 if shifted_month < 10 else shifted_month - 9
    year = year_of_era + era * 400 + (month <= 2)
    shown = f"{year:04d}" if year >= 0 else f"-{-year:04d}"
    return f"{shown}-{month:02d}-{day:02d}"


def _instant_text(microseconds: int, zoned: bool) -> str:
    """An instant no datetime holds as ISO 8601 text (UTC, or naive), as `isoformat`
    would show it."""
    days, rest = divmod(microseconds, 86_400_000_000)
    seconds, fraction = divmod(rest, 1_000_000)
    clock = f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
    return (f"{_civil(days)}T{clock}{f'.{fraction:06d}' if fraction else ''}"
            f"{'+00:00' if zoned else ''}")


def _instant(microseconds: int, zone: Any) -> datetime | str:
    """The instant as a datetime in `zone` (naive when ``None``), or as its text when no
    datetime holds it (in UTC when only the zone's wall time is outside)."""
    if not EARLIEST_MICROSECOND <= microseconds <= LATEST_MICROSECOND:
        return _instant_text(microseconds, zone is not None)
    found = _EPOCH.replace(tzinfo=None) + microseconds * _MICROSECOND
    if zone is None:
        return found
    found = found.replace(tzinfo=timezone.utc)
    try:
        return found.astimezone(zone)
    except OverflowError:
        return found


def _days(values: Any, unit: str) -> list[Any]:
    """The dates of a ``date32`` or ``date64`` column (its unit: ``"day"`` or ``"ms"``):
    a date where a `date` holds it, else its text (``10000-01-01``; a ``date64`` value
    that is not a whole day as its naive instant, ``2026-09-14T01:00:00``), never
    truncated as pyarrow truncates it."""
    pa = _pa()
    found: list[Any] = []
    for value in values.cast(pa.int64() if unit == "ms" else pa.int32()).to_pylist():
        if value is None:
            found.append(None)
            continue
        days, part = divmod(value, _MS_PER_DAY) if unit == "ms" else (value, 0)
        if part:
            found.append(_instant_text(value * 1000, False))
        elif EARLIEST_DAY <= days <= LATEST_DAY:
            found.append(_EPOCH.date() + days * _DAY)
        else:
            found.append(_civil(days))
    return found


def pylist(values: Any) -> list[Any]:
    """``values.to_pylist()`` (an array or chunked array), with the instants of a timestamp
    column with a zone built here from its integers, as pyarrow builds them, and those of
    a nanosecond column (with a zone or without) too, whatever is installed: an instant
    with a part below the microsecond, which no datetime holds, as its ISO 8601 text with
    nine fractional digits (for the reference to reject, as it rejects that text). An
    instant or date outside the years 0001 to 9999, or a ``date64`` value that is not a
    whole day, is given as its text too (pyarrow's conversion fails on the first and
    truncates the second).

    >>> pylist(integers([0, None]).view(_pa().timestamp("us", "UTC")))
    [datetime.datetime(1970, 1, 1, 0, 0, tzinfo=zoneinfo.ZoneInfo(key='UTC')), None]
    >>> pylist(integers([7]).view(_pa().timestamp("ns", "UTC")))
    ['1970-01-01T00:00:00.000000007+00:00']
    >>> pylist(integers([253_402_300_800]).view(_pa().timestamp("s", "UTC")))
    ['10000-01-01T00:00:00+00:00']
    """
    pa = _pa()
    kind = values.type
    if pa.types.is_date(kind):
        return _days(values, "ms" if pa.types.is_date64(kind) else "day")
    if not pa.types.is_timestamp(kind):
        return list(values.to_pylist())
    zone = None if kind.tz is None else pa.lib.string_to_tzinfo(kind.tz)
    scale = PER_MICROSECOND.get(kind.unit)  # (None: nanoseconds)
    found: list[Any] = []
    for value in values.cast(pa.int64()).to_pylist():
        if value is None:
            found.append(None)
            continue
        microseconds, below = (value * scale, 0) if scale else divmod(value, 1000)
        instant = _instant(microseconds, zone)
        if below:
            assert isinstance(instant, datetime)  # (nanoseconds span the years 1677 to 2262)
            shown = instant.isoformat(timespec="microseconds")
            instant = f"{shown[:26]}{below:03d}{shown[26:]}"
        found.append(instant)
    return found


def pyrows(table: Any) -> list[dict[str, Any]]:
    """``table.to_pylist()`` (a row per dict), its columns converted as `pylist` does."""
    names = table.schema.names
    columns = [pylist(table.column(index)) for index in range(len(names))]
    return [dict(zip(names, row, strict=True)) for row in zip(*columns, strict=True)]
