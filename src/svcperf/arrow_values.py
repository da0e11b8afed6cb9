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

__all__ = ["boolean", "booleans", "day", "days", "instant", "instants", "integer", "integers",
           "null", "pylist", "pyrows", "text", "texts"]

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


_PER_MICROSECOND = {"s": 1_000_000, "ms": 1_000, "us": 1}


def pylist(values: Any) -> list[Any]:
    """``values.to_pylist()`` (an array or chunked array), with the instants of a timestamp
    column with a zone built here from its integers, as pyarrow builds them, and those of
    a nanosecond column (with a zone or without) too, whatever is installed: an instant
    with a part below the microsecond, which no datetime holds, as its ISO 8601 text with
    nine fractional digits (for the reference to reject, as it rejects that text).

    >>> pylist(integers([0, None]).view(_pa().timestamp("us", "UTC")))
    [datetime.datetime(1970, 1, 1, 0, 0, tzinfo=zoneinfo.ZoneInfo(key='UTC')), None]
    >>> pylist(integers([7]).view(_pa().timestamp("ns", "UTC")))
    ['1970-01-01T00:00:00.000000007+00:00']
    """
    pa = _pa()
    kind = values.type
    if not pa.types.is_timestamp(kind) or (kind.tz is None and kind.unit != "ns"):
        return list(values.to_pylist())
    zone = None if kind.tz is None else pa.lib.string_to_tzinfo(kind.tz)
    naive = _EPOCH.replace(tzinfo=None)
    if kind.unit != "ns":
        scale = _PER_MICROSECOND[kind.unit]
        return [None if value is None else (naive + value * scale * _MICROSECOND).replace(
            tzinfo=timezone.utc).astimezone(zone)
            for value in values.cast(pa.int64()).to_pylist()]
    found: list[Any] = []
    for value in values.cast(pa.int64()).to_pylist():
        if value is None:
            found.append(None)
            continue
        microseconds, below = divmod(value, 1000)
        instant = naive + microseconds * _MICROSECOND
        if zone is not None:
            instant = instant.replace(tzinfo=timezone.utc).astimezone(zone)
        if below:
            shown = instant.isoformat(timespec="microseconds")
            found.append(f"{shown[:26]}{below:03d}{shown[26:]}")
        else:
            found.append(instant)
    return found


def pyrows(table: Any) -> list[dict[str, Any]]:
    """``table.to_pylist()`` (a row per dict), its columns converted as `pylist` does."""
    names = table.schema.names
    columns = [pylist(table.column(index)) for index in range(len(names))]
    return [dict(zip(names, row, strict=True)) for row in zip(*columns, strict=True)]
