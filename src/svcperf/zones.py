"""IANA time zones, resolved once each with python-dateutil.

An unknown name is an error, never UTC and never the machine's own zone.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone, tzinfo
from functools import cache, lru_cache
from importlib import resources

from dateutil import tz

__all__ = ["after_local_date", "first_instant", "fixed_offset", "in_fixed_offset", "local_date",
           "next_day_start", "resolve_wall_time", "zone", "zone_names"]

# Names in the tz database's list that are not places: "Factory" is its placeholder for
# "the local zone is not configured" (offset "-00"). Files the zone directory holds beside
# the zones (``localtime``, ``posixrules``, the ``posix/`` and ``right/`` copies) are not in
# the list at all.
_NOT_PLACES = frozenset({"Factory"})


@cache
def zone_names() -> frozenset[str]:
    """The IANA zone names svcperf accepts: the tz database's own list of zones (the `zones`
    file of the ``tzdata`` package that python-dateutil brings; without it, the standard
    library's ``zoneinfo.available_timezones()``), without ``Factory`` and without the
    files a zone directory holds beside the zones (``localtime``, ``posixrules``,
    ``posix/...``, ``right/...``).

    >>> {"America/Chicago", "UTC", "US/Central"} <= zone_names()
    True
    >>> {"localtime", "posixrules", "Factory", "right/America/Santiago"} & zone_names()
    set()
    """
    try:
        listed = resources.files("tzdata").joinpath("zones").read_text(encoding="utf-8").split()
    except (ImportError, OSError):
        import zoneinfo
        listed = sorted(zoneinfo.available_timezones())
    return frozenset(name for name in listed if name not in _NOT_PLACES
                     and name not in ("localtime", "posixrules")
                     and not name.startswith(("posix/", "right/")))


@cache
def _folded() -> dict[str, str]:
    """The accepted names by their lower case (for a hint)."""
    return {name.lower(): name for name in sorted(zone_names())}


@cache
def zone(name: str) -> tzinfo:
    """Return the time zone called `name` (an IANA name such as ``"America/Chicago"``).

    Raises ``ValueError`` for a name that is not an IANA zone (see `zone_names`): an empty
    name, a path, a POSIX TZ string, ``localtime``, a ``right/`` (leap-second) copy, or a
    name the zone database does not list.

    >>> zone("Europe/Paris").utcoffset(datetime(2026, 7, 1))
    datetime.timedelta(seconds=7200)
    >>> zone("localtime")
    Traceback (most recent call last):
    ...
    ValueError: not an IANA time zone name: 'localtime'
    """
    if not isinstance(name, str) or name not in zone_names():
        near = _folded().get(name.strip().lower()) if isinstance(name, str) else None
        hint = f" (did you mean {near!r}?)" if near else ""
        raise ValueError(f"not an IANA time zone name: {name!r}{hint}")
    found = tz.gettz(name)
    if found is None or not isinstance(found, tz.tzfile | tz.tzutc):
        raise ValueError(f"unknown time zone: {name!r}")
    return found


@lru_cache(maxsize=256)
def fixed_offset(offset: timedelta) -> timezone:
    """Return the shared fixed-offset zone for `offset` (UTC is ``timezone.utc``)."""
    return timezone.utc if not offset else timezone(offset)


def in_fixed_offset(instant: datetime, offset: tzinfo | None) -> datetime:
    """`instant` shown in `offset` when that is a fixed `timezone`, else `instant` as it is
    (also where showing it there would overflow, near datetime.min/max).

    The same instant either way; datetimes sharing one tzinfo object compare fastest.

    >>> in_fixed_offset(datetime(2026, 9, 15, 5, tzinfo=timezone.utc),
    ...                 fixed_offset(timedelta(hours=-5))).isoformat()
    '2026-09-15T00:00:00-05:00'
    """
    if type(offset) is timezone:
        try:
            return instant.astimezone(offset)
        except OverflowError:
            pass
    return instant


def local_date(instant: datetime, zone_name: str) -> date:
    """Return the calendar date of `instant` in the zone called `zone_name`.

    >>> local_date(datetime(2026, 3, 1, 3, 0, tzinfo=timezone.utc), "America/Chicago")
    datetime.date(2026, 2, 28)
    """
    return instant.astimezone(zone(zone_name)).date()


def after_local_date(instant: datetime, zone_name: str, day: date) -> bool:
    """Whether `instant` falls on a local date after `day` in the zone called `zone_name`:
    ``local_date(instant, zone_name) > day``, found by one comparison with the first
    instant of the next local day (kept per zone, day and UTC offset of `instant`).

    >>> after_local_date(datetime(2026, 3, 1, 3, 0, tzinfo=timezone.utc), "America/Chicago",
    ...                  date(2026, 2, 28))
    False
    """
    offset = instant.tzinfo
    cut_off = next_day_start(zone_name, day, offset if type(offset) is timezone else None)
    if cut_off is None:
        return local_date(instant, zone_name) > day
    return instant >= cut_off


@lru_cache(maxsize=1 << 16)
def next_day_start(zone_name: str, day: date, offset: timezone | None) -> datetime | None:
    """The first instant of the local day after `day` in the zone called `zone_name`, in
    the fixed `offset` if one is given (an exact comparison with a datetime in the same
    offset is the cheapest; ``None``: in UTC); ``None`` when no single cut-off exists:
    `day` is the last date, or the next day's midnight is repeated because the clocks go
    back across it (the local date then goes backwards). `after_local_date` and the
    columnar engine's late-completion cut-offs use it.

    >>> next_day_start("America/Chicago", date(2026, 2, 28), None)
    datetime.datetime(2026, 3, 1, 6, 0, tzinfo=datetime.timezone.utc)
    >>> next_day_start("America/Havana", date(2026, 10, 31), None) is None  # 0:00 twice
    True
    """
    if day == date.max:
        return None
    next_day = day + timedelta(days=1)
    if tz.datetime_ambiguous(datetime.combine(next_day, time()), zone(zone_name)):
        return None
    try:
        return in_fixed_offset(first_instant(next_day, zone_name), offset)
    except OverflowError:  # near datetime.max
        return None


def resolve_wall_time(wall: datetime, zone_name: str) -> datetime:
    """Return the instant at which clocks in `zone_name` show the naive time `wall`, in UTC.

    A wall time inside a DST gap is shifted forward by the gap's length; one that occurs
    twice means the earlier instant.

    >>> resolve_wall_time(datetime(2026, 3, 8, 2, 30), "America/New_York")  # in the gap
    datetime.datetime(2026, 3, 8, 7, 30, tzinfo=datetime.timezone.utc)
    >>> resolve_wall_time(datetime(2026, 11, 1, 1, 30), "America/New_York")  # twice
    datetime.datetime(2026, 11, 1, 5, 30, tzinfo=datetime.timezone.utc)
    """
    local = wall.replace(tzinfo=zone(zone_name), fold=0)
    if not tz.datetime_exists(local):
        local = tz.resolve_imaginary(local)
    return local.astimezone(timezone.utc)


def first_instant(day: date, zone_name: str) -> datetime:
    """Return the first instant of the local `day` in `zone_name`, in UTC.

    Where midnight falls in a DST gap, that is the end of the gap.

    >>> first_instant(date(2026, 9, 15), "America/Chicago")
    datetime.datetime(2026, 9, 15, 5, 0, tzinfo=datetime.timezone.utc)
    """
    midnight = datetime(day.year, day.month, day.day)
    local = midnight.replace(tzinfo=zone(zone_name))
    if tz.datetime_exists(local):
        return local.astimezone(timezone.utc)
    # Midnight is skipped: find the transition instant that ends the gap, i.e. the
    # first instant whose wall time is at or after midnight. The gap lies between
    # `midnight` read with the later offset and with the earlier one.
    low = local.astimezone(timezone.utc) - timedelta(days=1)
    high = tz.resolve_imaginary(local).astimezone(timezone.utc)
    while high - low > timedelta(seconds=1):
        middle = low + (high - low) // 2
        if middle.astimezone(zone(zone_name)).replace(tzinfo=None) >= midnight:
            high = middle
        else:
            low = middle
    return high
