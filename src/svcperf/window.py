"""The evaluation instant `as_of` and the window `[start, as_of)` (SPEC §3).

No clock is ever read: the caller says when. A window is counted in local calendar
days of the evaluation's zone, so a DST change inside it does not move it by an hour.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import attrs

from .errors import InvalidArgumentError
from .zones import first_instant, resolve_wall_time, zone

__all__ = ["DEFAULT_DAYS", "Window", "as_of_night", "window_for"]

#: The window that sets the performance status.
DEFAULT_DAYS = 60
_RANGE = f"Python's dates ({date.min} to {date.max})"


def _check_zone(name: str) -> None:
    try:
        zone(name)
    except ValueError as error:
        raise InvalidArgumentError(f"tz: {error}") from None


def _check_days(days: int) -> None:
    if type(days) is not int or days < 1:
        raise InvalidArgumentError(f"days: expected a whole number of days >= 1, got {days!r}")


def _check_aware(name: str, value: object) -> datetime:
    if not isinstance(value, datetime) or value.tzinfo is None or value.utcoffset() is None:
        raise InvalidArgumentError(f"{name}: expected a timezone-aware datetime, got {value!r}")
    try:
        return value.astimezone(timezone.utc)
    except OverflowError:
        raise InvalidArgumentError(f"{name}: {value.isoformat()} is outside {_RANGE} in "
                                   f"UTC") from None


def _too_long(names: str, days: int, end: object) -> InvalidArgumentError:
    """The error for a window that would start before the first date Python represents
    (the night or instant and the length are both to blame: `names` names both)."""
    return InvalidArgumentError(f"{names}: the {days}-day window ending {end} would start "
                                f"before {date.min}, the first of {_RANGE}; give a later "
                                f"end or fewer days")


def _night_zone(tz: str | None) -> str:
    """The zone of a night: a night is a local day, so there is no default zone."""
    if tz is None:
        raise InvalidArgumentError("tz: a night (a date) is a local day of a zone; pass the "
                                   "evaluation's zone, e.g. tz='America/Chicago' or tz='UTC'")
    return tz


def as_of_night(night: date, tz: str | None) -> datetime:
    """Return the cut-off of the nightly run for `night` in zone `tz`: the first instant
    of the next local day, in UTC.

    >>> as_of_night(date(2026, 9, 14), "America/Chicago")
    datetime.datetime(2026, 9, 15, 5, 0, tzinfo=datetime.timezone.utc)
    """
    zone_name = _night_zone(tz)
    _check_zone(zone_name)
    try:
        return first_instant(night + timedelta(days=1), zone_name)
    except OverflowError:
        raise InvalidArgumentError(f"night: the night of {night} in {zone_name} ends outside "
                                   f"{_RANGE}") from None


@attrs.frozen
class Window:
    """The half-open interval of instants `[start, end)` an evaluation looks at.

    `end` is also the evaluation instant `as_of`: facts stamped at or after it are not
    yet known. `zone` is the evaluation's zone; `days` and `night` say how the window
    was made (``None`` for an explicit `[start, end)`). Both ends are kept in UTC.

    >>> w = Window.for_night(date(2026, 9, 14), "America/Chicago")
    >>> print(w.start, "to", w.as_of)
    2026-07-17 05:00:00+00:00 to 2026-09-15 05:00:00+00:00
    """

    start: datetime
    end: datetime
    zone: str = "UTC"
    days: int | None = None
    night: date | None = None

    @property
    def as_of(self) -> datetime:
        """The evaluation instant (the window's exclusive end)."""
        return self.end

    def contains(self, instant: datetime) -> bool:
        """Whether `start <= instant < end`."""
        return self.start <= instant < self.end

    @classmethod
    def for_night(cls, night: date, tz: str | None, days: int = DEFAULT_DAYS) -> Window:
        """The window of the nightly run for `night`: exactly the local days
        `night - days + 1` ... `night` of zone `tz`."""
        if not isinstance(night, date) or isinstance(night, datetime):
            raise InvalidArgumentError(f"night: expected a date, got {night!r}")
        _check_days(days)
        zone_name = _night_zone(tz)
        end = as_of_night(night, zone_name)
        try:
            start = first_instant(night - timedelta(days=days - 1), zone_name)
        except OverflowError:
            raise _too_long("night, days", days, f"on the night of {night}") from None
        return cls(start, end, zone_name, days, night)

    @classmethod
    def ending(cls, as_of: datetime, tz: str = "UTC", days: int = DEFAULT_DAYS) -> Window:
        """The window ending at the instant `as_of`: it starts at the same wall-clock time
        `days` local days earlier in zone `tz`."""
        end = _check_aware("as_of", as_of)
        _check_days(days)
        _check_zone(tz)
        try:
            local = end.astimezone(zone(tz)).replace(tzinfo=None)
        except OverflowError:
            raise InvalidArgumentError(f"as_of: {as_of.isoformat()} is outside {_RANGE} in "
                                       f"{tz}") from None
        try:
            start = resolve_wall_time(local - timedelta(days=days), tz)
        except OverflowError:
            raise _too_long("as_of, days", days, f"at {as_of.isoformat()}") from None
        return cls(start, end, tz, days, None)

    @classmethod
    def between(cls, start: datetime, end: datetime, tz: str = "UTC") -> Window:
        """The explicit window `[start, end)`; `end` is the evaluation instant."""
        utc_start, utc_end = _check_aware("start", start), _check_aware("end", end)
        if not utc_start < utc_end:
            raise InvalidArgumentError(f"window: start {start} is not before end {end}")
        _check_zone(tz)
        return cls(utc_start, utc_end, tz, None, None)


def window_for(as_of: Window | datetime | date, tz: str | None = None,
               days: int = DEFAULT_DAYS) -> Window:
    """Turn what a caller passes as `as_of` into a window.

    A `Window` is taken as it is; a `date` is a night (`Window.for_night`), which needs
    the zone `tz` (there is no hidden default zone); an aware `datetime` is an instant
    (`Window.ending`), whose local days are counted in `tz` (UTC when not given).

    >>> window_for(date(2026, 9, 14))
    Traceback (most recent call last):
    svcperf.errors.InvalidArgumentError: tz: a night (a date) is a local day of a zone; ...
    """
    if isinstance(as_of, Window):
        return as_of
    if isinstance(as_of, datetime):
        return Window.ending(as_of, "UTC" if tz is None else tz, days)
    if isinstance(as_of, date):
        return Window.for_night(as_of, tz, days)
    raise InvalidArgumentError(f"as_of: expected a date, an aware datetime or a Window, "
                               f"got {as_of!r}")
